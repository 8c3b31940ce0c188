//! A generated list operation streamed page by page from a local server.

mod support;

use futures::{StreamExt, TryStreamExt};
use portsip_api::ListOperation;
use serde_json::json;
use support::{json, start};

fn query(hit: &support::Hit, name: &str) -> Option<i64> {
    hit.query
        .split('&')
        .find_map(|pair| pair.strip_prefix(&format!("{name}="))?.parse().ok())
}

#[tokio::test]
async fn list_holidays_streams_every_page_with_its_filter() {
    let server = start(|hit| {
        let (skip, top) = (
            query(hit, "skip").unwrap_or(0),
            query(hit, "top").unwrap_or(100),
        );
        let items: Vec<_> = (skip..(skip + top).min(5))
            .map(|n| json!({"id": n.to_string(), "name": null}))
            .collect();
        json(200, json!({"count": 5, "items": items}))
    })
    .await;
    let client = server.client();
    let holidays: Vec<_> = within_seconds(
        client
            .list_holidays()
            .filter("every_year eq true")
            .stream_with_page_size(2)
            .try_collect(),
    )
    .await
    .unwrap();
    let ids: Vec<_> = holidays.iter().map(|h| h.id.clone().unwrap()).collect();
    assert_eq!(ids, ["0", "1", "2", "3", "4"]);
    let hits = server.hits();
    assert_eq!(hits.len(), 3);
    assert!(
        hits.iter()
            .all(|h| h.query.contains("filter=every_year+eq+true")),
        "{hits:?}"
    );
    let pages: Vec<_> = hits
        .iter()
        .map(|h| (query(h, "skip"), query(h, "top")))
        .collect();
    assert_eq!(
        pages,
        [(Some(0), Some(2)), (Some(2), Some(2)), (Some(4), Some(2))]
    );
}

async fn within_seconds<F: std::future::Future>(future: F) -> F::Output {
    tokio::time::timeout(std::time::Duration::from_secs(5), future)
        .await
        .expect("the stream ends within 5 s: a stop condition is broken")
}

fn holidays(range: std::ops::Range<i64>) -> Vec<serde_json::Value> {
    range
        .map(|n| json!({"id": n.to_string(), "name": null}))
        .collect()
}

/// Streams `list_holidays` in pages of 2 from a server answering `page(skip)`, for at most 50
/// items and 5 seconds, so a stream that never ends (with items or without) fails the test
/// instead of hanging it.
async fn stream_from(
    page: impl Fn(i64) -> serde_json::Value + Send + Sync + 'static,
) -> (Vec<Result<Option<String>, portsip_api::Error>>, usize) {
    let server = start(move |hit| json(200, page(query(hit, "skip").unwrap_or(0)))).await;
    let client = server.client();
    let stream = client
        .list_holidays()
        .stream_with_page_size(2)
        .map_ok(|holiday| holiday.id)
        .take(50);
    let outcomes: Vec<_> = within_seconds(stream.collect()).await;
    (outcomes, server.hits().len())
}

fn paging_error(outcomes: &[Result<Option<String>, portsip_api::Error>]) -> String {
    match outcomes.last() {
        Some(Err(error @ portsip_api::Error::Paging(_))) => error.to_string(),
        other => panic!("ends with {other:?} after {} outcomes", outcomes.len()),
    }
}

#[tokio::test]
async fn a_server_that_ignores_skip_and_never_counts_is_stopped_at_the_repeated_page() {
    let (outcomes, requests) = stream_from(|_| json!({"items": holidays(0..2)})).await;
    assert!(paging_error(&outcomes).contains("repeats"));
    assert_eq!((outcomes.len(), requests), (3, 2));
}

#[tokio::test]
async fn a_server_that_ignores_skip_under_a_huge_count_is_stopped_too() {
    let (outcomes, requests) =
        stream_from(|_| json!({"count": i64::MAX, "items": holidays(0..2)})).await;
    assert!(paging_error(&outcomes).contains("repeats"));
    assert_eq!(requests, 2);
}

#[tokio::test]
async fn a_short_page_ends_a_list_whose_server_never_sends_an_empty_page() {
    // Five items without a count; past the end, the last page comes back again.
    let (outcomes, requests) =
        stream_from(|skip| json!({"items": holidays(skip.min(4)..(skip + 2).min(5))})).await;
    let ids: Vec<_> = outcomes.into_iter().map(|o| o.unwrap().unwrap()).collect();
    assert_eq!(ids, ["0", "1", "2", "3", "4"]);
    assert_eq!(requests, 3);
}

#[tokio::test]
async fn a_page_reaching_past_the_reported_count_ends_with_an_error() {
    let (outcomes, _) =
        stream_from(|skip| json!({"count": 3, "items": holidays(skip..skip + 2)})).await;
    assert!(paging_error(&outcomes).contains("past the 3 reported"));
    let ids: Vec<_> = outcomes.iter().filter_map(|o| o.as_ref().ok()).collect();
    assert_eq!(ids.len(), 2);
}
