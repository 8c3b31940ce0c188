//! Lists yesterday's call detail records (UTC), one line per call, and a total.
//!
//! **Read-only:** it changes nothing on the PBX.
//!
//! `cargo run -p portsip-api --example yesterdays_calls` (connection settings: see
//! `common/mod.rs`).

mod common;

use futures::TryStreamExt;
use portsip_api::ListOperation;

#[tokio::main]
async fn main() -> Result<(), common::Failure> {
    let yesterday = time::OffsetDateTime::now_utc()
        .date()
        .previous_day()
        .ok_or("there is no day before the first day")?
        .to_string();
    let client = common::sign_in().await?;

    // The PBX writes RFC 3339 timestamps, which begin with the date.
    let calls: Vec<_> = client
        .list_cdrs()
        .stream()
        .try_filter(|call| {
            let on_the_day = call
                .started_at
                .as_deref()
                .is_some_and(|started| started.starts_with(&yesterday));
            std::future::ready(on_the_day)
        })
        .try_collect()
        .await?;

    println!("Calls on {yesterday}:");
    let mut talk_time: i64 = 0;
    for call in &calls {
        let duration = call.duration.unwrap_or_default();
        talk_time += duration;
        println!(
            "  {}  {} -> {}  {}  {duration} s",
            call.started_at.as_deref().unwrap_or_default(),
            call.caller.as_deref().unwrap_or("unknown"),
            call.callee.as_deref().unwrap_or("unknown"),
            call.direction
                .as_ref()
                .map_or_else(|| "direction unknown".to_owned(), ToString::to_string),
        );
    }
    println!("{} calls, {talk_time} s of talk time.", calls.len());

    client.end_session().await?;
    Ok(())
}
