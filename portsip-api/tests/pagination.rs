//! A generated list operation streamed page by page from a local server.

mod support;

use futures::TryStreamExt;
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
    let holidays: Vec<_> = client
        .list_holidays()
        .filter("every_year eq true")
        .stream_with_page_size(2)
        .try_collect()
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
