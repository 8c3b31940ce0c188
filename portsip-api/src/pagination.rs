//! Lazily paged streams over list operations. The build stage finds every list operation in
//! the spec (query `skip` + `top`, body `count` + `items`) and implements [`ListOperation`] for
//! its request builder; this module turns that into a `Stream` of items.

use std::future::Future;
use std::pin::Pin;

use futures::stream::{self, Stream, TryStreamExt};

use crate::Error;

/// The largest page the PBX serves.
pub const MAX_PAGE_SIZE: u8 = 100;

/// One page of a collection.
#[derive(Clone, Debug, PartialEq)]
pub struct Page<T> {
    /// The size of the whole collection, when the PBX says.
    pub count: Option<i64>,
    pub items: Vec<T>,
}

impl<T> Page<T> {
    /// Accepts the page fields whether or not the generated types made them optional.
    pub fn new(count: impl Into<Option<i64>>, items: impl Into<Option<Vec<T>>>) -> Self {
        Self {
            count: count.into(),
            items: items.into().unwrap_or_default(),
        }
    }
}

/// The future of one page.
pub type PageFuture<'a, T> = Pin<Box<dyn Future<Output = Result<Page<T>, Error>> + Send + 'a>>;

/// The items of a collection, fetched a page at a time.
pub type ItemStream<'a, T> = Pin<Box<dyn Stream<Item = Result<T, Error>> + Send + 'a>>;

/// A request builder of a list operation, with its filters set (`filter`, `search`,
/// `orderby`...). Implemented by the generated code.
pub trait ListOperation<'a>: Clone + Send + Sized + 'a {
    type Item: Clone + PartialEq + Send + 'a;

    /// Fetches `top` items starting at `skip`.
    fn fetch_page(self, skip: i64, top: i64) -> PageFuture<'a, Self::Item>;

    /// Every item, in pages of [`MAX_PAGE_SIZE`].
    fn stream(self) -> ItemStream<'a, Self::Item> {
        self.stream_with_page_size(MAX_PAGE_SIZE)
    }

    /// Every item, in pages of `page_size` (clamped to 1..=100). The stream asks for the next
    /// page only when the previous one is used up; it ends after `count` items, at an empty page
    /// or at a page shorter than asked for, and ends after yielding an error.
    ///
    /// A server that pages without end ends it with [`Error::Paging`] instead: when a page
    /// repeats the one before (the server ignores `skip`), or reaches past the `count` it
    /// reports.
    fn stream_with_page_size(self, page_size: u8) -> ItemStream<'a, Self::Item> {
        let top = i64::from(page_size.clamp(1, MAX_PAGE_SIZE));
        let start = Cursor {
            operation: self,
            skip: 0,
            previous: Vec::new(),
        };
        let pages = stream::try_unfold(Some(start), move |state| async move {
            let Some(Cursor {
                operation,
                skip,
                previous,
            }) = state
            else {
                return Ok::<_, Error>(None);
            };
            let page = operation.clone().fetch_page(skip, top).await?;
            let next_skip = skip + page.items.len() as i64;
            if !page.items.is_empty() && page.items == previous {
                return Err(Error::Paging(format!(
                    "the page at skip {skip} repeats the one before it (is `skip` ignored?)"
                )));
            }
            if let Some(count) = page.count
                && !page.items.is_empty()
                && next_skip > count
            {
                return Err(Error::Paging(format!(
                    "the page at skip {skip} reaches item {next_skip}, past the {count} reported"
                )));
            }
            let finished = (page.items.len() as i64) < top
                || page.count.is_some_and(|count| next_skip >= count);
            let next = (!finished).then(|| Cursor {
                operation,
                skip: next_skip,
                previous: page.items.clone(),
            });
            Ok(Some((stream::iter(page.items.into_iter().map(Ok)), next)))
        });
        Box::pin(pages.try_flatten())
    }
}

/// Where a stream is: the next `skip`, and the page before it, to catch a server that repeats
/// itself.
struct Cursor<O, T> {
    operation: O,
    skip: i64,
    previous: Vec<T>,
}

#[cfg(test)]
mod tests {
    use std::sync::{Arc, Mutex};

    use futures::StreamExt;

    use super::*;

    /// A collection of `total` numbers served in pages, recording each request; `fail_at` makes
    /// the request at that `skip` fail.
    #[derive(Clone)]
    struct Numbers {
        total: i64,
        report_count: bool,
        fail_at: Option<i64>,
        requests: Arc<Mutex<Vec<(i64, i64)>>>,
    }

    impl<'a> ListOperation<'a> for Numbers {
        type Item = i64;
        fn fetch_page(self, skip: i64, top: i64) -> PageFuture<'a, i64> {
            Box::pin(async move {
                // A real request waits for the network; yielding like one lets the tests'
                // timeout fire when a broken stop condition pages forever.
                tokio::task::yield_now().await;
                self.requests.lock().unwrap().push((skip, top));
                if self.fail_at == Some(skip) {
                    return Err(Error::InvalidRequest("page failed".into()));
                }
                let items: Vec<i64> = (skip..(skip + top).min(self.total)).collect();
                Ok(Page::new(self.report_count.then_some(self.total), items))
            })
        }
    }

    /// `stream` to its end, which must come within seconds: a broken stop condition fails here
    /// with a message instead of hanging the test run.
    async fn to_the_end<S: futures::Stream>(stream: S) -> Vec<S::Item> {
        tokio::time::timeout(std::time::Duration::from_secs(5), stream.collect())
            .await
            .expect("the stream ends: a stop condition is broken")
    }

    async fn in_pages_of_two(list: &Numbers) -> Vec<i64> {
        let outcomes = to_the_end(list.clone().stream_with_page_size(2)).await;
        outcomes.into_iter().map(Result::unwrap).collect()
    }

    fn numbers(total: i64, report_count: bool, fail_at: Option<i64>) -> Numbers {
        Numbers {
            total,
            report_count,
            fail_at,
            requests: Arc::default(),
        }
    }

    #[tokio::test]
    async fn pages_until_count_without_an_extra_request() {
        let list = numbers(5, true, None);
        let items = in_pages_of_two(&list).await;
        assert_eq!(items, [0, 1, 2, 3, 4]);
        assert_eq!(*list.requests.lock().unwrap(), [(0, 2), (2, 2), (4, 2)]);
    }

    #[tokio::test]
    async fn without_a_count_stops_at_a_short_page() {
        let list = numbers(3, false, None);
        let items = in_pages_of_two(&list).await;
        assert_eq!(items, [0, 1, 2]);
        assert_eq!(*list.requests.lock().unwrap(), [(0, 2), (2, 2)]);
    }

    #[tokio::test]
    async fn without_a_count_stops_at_the_first_empty_page() {
        let list = numbers(4, false, None);
        let items = in_pages_of_two(&list).await;
        assert_eq!(items, [0, 1, 2, 3]);
        assert_eq!(*list.requests.lock().unwrap(), [(0, 2), (2, 2), (4, 2)]);
    }

    #[tokio::test]
    async fn pages_are_fetched_lazily() {
        let list = numbers(500, true, None);
        let first: Vec<_> = list
            .clone()
            .stream_with_page_size(10)
            .take(3)
            .collect()
            .await;
        assert_eq!(first.len(), 3);
        assert_eq!(*list.requests.lock().unwrap(), [(0, 10)]);
    }

    #[tokio::test]
    async fn page_size_is_clamped_to_the_servers_maximum() {
        let list = numbers(1, true, None);
        to_the_end(list.clone().stream_with_page_size(250)).await;
        to_the_end(list.clone().stream_with_page_size(0)).await;
        assert_eq!(*list.requests.lock().unwrap(), [(0, 100), (0, 1)]);
    }

    #[tokio::test]
    async fn an_error_is_passed_through_and_ends_the_stream() {
        let list = numbers(10, true, Some(4));
        let outcomes: Vec<Result<i64, Error>> = to_the_end(list.stream_with_page_size(4)).await;
        let oks: Vec<i64> = outcomes
            .iter()
            .filter_map(|o| o.as_ref().ok().copied())
            .collect();
        assert_eq!(oks, [0, 1, 2, 3]);
        assert_eq!(outcomes.len(), 5);
        assert!(matches!(outcomes[4], Err(Error::InvalidRequest(_))));
    }
}
