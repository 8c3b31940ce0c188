//! Lists the tenant's holidays, adds one, shows it, and removes it again.
//!
//! `cargo run -p portsip-api --example holidays` (connection settings: see `common/mod.rs`).

mod common;

use futures::TryStreamExt;
use portsip_api::ListOperation;

#[tokio::main]
async fn main() -> Result<(), common::Failure> {
    let client = common::sign_in().await?;

    let holidays: Vec<_> = client.list_holidays().stream().try_collect().await?;
    println!("{} holidays", holidays.len());
    for holiday in &holidays {
        println!(
            "- {} ({}-{:02}-{:02}, every year: {})",
            holiday.name.as_deref().unwrap_or("(unnamed)"),
            holiday.year_start.unwrap_or_default(),
            holiday.month_start.unwrap_or_default(),
            holiday.day_start.unwrap_or_default(),
            holiday.every_year.unwrap_or_default(),
        );
    }

    let created = client
        .create_holiday()
        .body_map(|holiday| {
            holiday
                .name("portsip-api example".to_string())
                .region("USA".to_string())
                .consecutive(false)
                .every_year(true)
                .month_start(Some(12))
                .day_start(Some(31))
                .month_end(Some(12))
                .day_end(Some(31))
        })
        .send()
        .await?
        .into_inner();
    let id = created
        .id
        .ok_or("the PBX returned no id for the new holiday")?;
    let shown = client.show_holiday().id(&id).send().await?.into_inner();
    println!(
        "created {id}: {}",
        shown.name.as_deref().unwrap_or("(unnamed)")
    );
    client.delete_holiday().id(&id).send().await?;
    println!("deleted {id}");

    client.end_session().await?;
    Ok(())
}
