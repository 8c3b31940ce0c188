use futures::TryStreamExt;
use portsip_api::ListOperation;
use portsip_api::types::CallDirection;
use serde_json::{Value, json};

const DAYS: [&str; 3] = ["2024-03-13", "2024-03-14", "2024-03-15"];
/// More than two pages of the stream's default size (100).
const RECORDS: usize = 250;

/// Record `n` happened on `DAYS[n % 3]`; the first and last of each day sit at midnight's
/// edges, where a sloppy date comparison would let a neighbour's call in.
fn record(n: usize) -> Value {
    let day = DAYS[n % 3];
    let time = match n / 3 {
        0 => "00:00:00".to_owned(),
        k if k == (RECORDS - 1 - n % 3) / 3 => "23:59:59".to_owned(),
        k => format!("{:02}:{:02}:00", k % 24, k % 60),
    };
    json!({
        "call_id": format!("call-{n}"),
        "caller": format!("{}", 1000 + n % 7),
        "callee": "8000",
        "direction": if n.is_multiple_of(2) { "INBOUND_CALL" } else { "OUTBOUND_CALL" },
        "started_at": format!("{day}T{time}Z"),
        "duration": n as i64,
    })
}

e2e_test!(one_days_call_records_come_out_of_the_full_stream, covers ["listCdrs", "retrieveCDR"], |case| {
    let ids = case.mock.seed("/cdrs", (0..RECORDS).map(record)).expect("call records fit the spec");
    let client = case.client().await;
    let day = DAYS[1];

    let before = case.mock.calls("listCdrs");
    // What `examples/yesterdays_calls.rs` does: the PBX documents no filter syntax, so the
    // whole stream is read and the day picked out by the timestamp's date.
    let calls: Vec<_> = client
        .list_cdrs()
        .stream()
        .try_filter(|call| {
            let on_the_day = call.started_at.as_deref().is_some_and(|started| started.starts_with(day));
            std::future::ready(on_the_day)
        })
        .try_collect()
        .await
        .unwrap();
    assert_eq!(case.mock.calls("listCdrs") - before, 3, "pages of 100, 100 and 50");

    let expected: Vec<usize> = (0..RECORDS).filter(|n| n % 3 == 1).collect();
    let got: Vec<_> = calls.iter().map(|call| call.id.clone().unwrap_or_default()).collect();
    let wanted: Vec<_> = expected.iter().map(|&n| ids[n].clone()).collect();
    assert_eq!(got, wanted);
    let call_ids: Vec<_> = calls.iter().map(|call| call.call_id.clone().unwrap_or_default()).collect();
    assert_eq!(call_ids, expected.iter().map(|n| format!("call-{n}")).collect::<Vec<_>>());
    let talk_time: i64 = calls.iter().map(|call| call.duration.unwrap_or_default()).sum();
    assert_eq!(talk_time, expected.iter().map(|&n| n as i64).sum::<i64>());
    assert_eq!(calls[0].started_at.as_deref(), Some("2024-03-14T00:00:00Z"));
    assert_eq!(calls.last().and_then(|call| call.started_at.as_deref()), Some("2024-03-14T23:59:59Z"));

    let n = expected[5];
    let retrieved = client.retrieve_cdr().id(&ids[n]).send().await.unwrap().into_inner();
    let items = retrieved.items.expect("the record, as the one item");
    assert_eq!(items.len(), 1);
    assert_eq!(items[0].call_id, Some(format!("call-{n}")));
    assert_eq!(items[0].started_at, record(n)["started_at"].as_str().map(str::to_owned));
    let direction = if n.is_multiple_of(2) { CallDirection::InboundCall } else { CallDirection::OutboundCall };
    assert_eq!(items[0].direction, Some(direction));
});
