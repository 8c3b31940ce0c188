//! Shows the tenant's settings, status and password policy, then writes the settings back
//! unchanged except for the night-mode switch, which it restores afterwards.
//!
//! `cargo run -p portsip-api --example tenant_settings` (connection settings: see `common/mod.rs`).

mod common;

#[tokio::main]
async fn main() -> Result<(), common::Failure> {
    let client = common::sign_in().await?;

    let tenant = client
        .show_current_configurations()
        .send()
        .await?
        .into_inner();
    println!(
        "tenant {} ({})",
        or_unknown(tenant.name.as_ref()),
        or_unknown(tenant.domain.as_ref())
    );
    println!("  max extensions: {}", or_unknown(tenant.max_extensions));
    println!(
        "  two-factor authentication: {}",
        on_off(tenant.enable_two_factor_authentication)
    );
    let monday = tenant
        .office_hours
        .as_ref()
        .and_then(|hours| hours.monday.as_ref());
    if let Some(monday) = monday {
        let ranges: Vec<String> = monday
            .ranges
            .iter()
            .flatten()
            .map(|range| {
                format!(
                    "{}-{}",
                    or_unknown(range.from.as_ref()),
                    or_unknown(range.to.as_ref())
                )
            })
            .collect();
        match monday.enabled {
            Some(false) => println!("  office hours on Monday: none"),
            _ if ranges.is_empty() => println!("  office hours on Monday: all day"),
            _ => println!("  office hours on Monday: {}", ranges.join(", ")),
        }
    }

    let status = client
        .retrieve_current_tenant_status()
        .send()
        .await?
        .into_inner();
    println!(
        "status: {} users online, {} current calls",
        or_unknown(status.online_users),
        or_unknown(status.current_calls)
    );

    let policy = client
        .retrieve_tenant_password_policy()
        .send()
        .await?
        .into_inner();
    println!(
        "password policy: {} to {} characters",
        or_unknown(policy.min_length),
        or_unknown(policy.max_length)
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
        "night mode: {} -> {}",
        on_off(Some(night_mode)),
        on_off(changed.enable_night_mode)
    );
    client
        .update_settings()
        .body_map(|settings| settings.enable_night_mode(Some(night_mode)))
        .send()
        .await?;

    client.end_session().await?;
    Ok(())
}

/// The PBX leaves blank fields `null`.
fn or_unknown(value: Option<impl std::fmt::Display>) -> String {
    value.map_or_else(|| "unknown".to_owned(), |value| value.to_string())
}

fn on_off(switch: Option<bool>) -> &'static str {
    match switch {
        Some(true) => "on",
        Some(false) => "off",
        None => "unknown",
    }
}
