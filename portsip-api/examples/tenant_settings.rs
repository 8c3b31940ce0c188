//! Shows the tenant's settings, status and password policy, then writes the settings back
//! unchanged except for the night-mode switch, which it restores afterwards.
//!
//! `cargo run -p portsip-api --example tenant_settings` (connection settings: see `common/mod.rs`).

mod common;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let client = common::sign_in().await?;

    let tenant = client
        .show_current_configurations()
        .send()
        .await?
        .into_inner();
    println!("tenant {:?} ({:?})", tenant.name, tenant.domain);
    println!("  max extensions: {:?}", tenant.max_extensions);
    println!(
        "  two-factor authentication: {:?}",
        tenant.enable_two_factor_authentication
    );
    if let Some(office_hours) = &tenant.office_hours {
        println!("  office hours on Monday: {:?}", office_hours.monday);
    }

    let status = client
        .retrieve_current_tenant_status()
        .send()
        .await?
        .into_inner();
    println!(
        "status: {:?} users online, {:?} current calls",
        status.online_users, status.current_calls
    );

    let policy = client
        .retrieve_tenant_password_policy()
        .send()
        .await?
        .into_inner();
    println!(
        "password policy: length {:?}..{:?}",
        policy.min_length, policy.max_length
    );

    let night_mode = tenant.enable_night_mode.unwrap_or(false);
    client
        .update_settings()
        .body_map(|settings| settings.enable_night_mode(Some(!night_mode)))
        .send()
        .await?;
    let changed = client
        .show_current_configurations()
        .send()
        .await?
        .into_inner();
    println!(
        "night mode: {night_mode} -> {:?}",
        changed.enable_night_mode
    );
    client
        .update_settings()
        .body_map(|settings| settings.enable_night_mode(Some(night_mode)))
        .send()
        .await?;

    client.end_session().await?;
    Ok(())
}
