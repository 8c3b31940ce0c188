//! Provisions a new user with an extension, then reads it back.
//!
//! **Changes a real PBX:** it creates a user (a `StandardUser`) with the extension number, name
//! and e-mail address given on the command line; remove it in the web portal or with
//! `delete_user` when you no longer need it.
//!
//! ```sh
//! NEW_USER_PASSWORD=... NEW_VOICEMAIL_PIN=482916 \
//!   cargo run -p portsip-api --example provision_extension -- 1099 alice alice@example.com
//! ```
//!
//! The password is both the web portal's and the extension's SIP password; the voicemail PIN is
//! 6-10 digits without repeats or runs. Connection settings: see `common/mod.rs`.

mod common;

use portsip_api::types::SecretString;

#[tokio::main]
async fn main() -> Result<(), common::Failure> {
    let mut args = std::env::args().skip(1);
    let usage = "usage: provision_extension <extension number> <user name> <e-mail>";
    let (Some(extension), Some(name), Some(email)) = (args.next(), args.next(), args.next()) else {
        return Err(usage.into());
    };
    let password = common::required("NEW_USER_PASSWORD")?;
    let voicemail_pin = common::required("NEW_VOICEMAIL_PIN")?;

    let client = common::sign_in().await?;
    let created = client
        .create_user()
        .body_map(|user| {
            user.name(name.clone())
                .display_name(name.clone())
                .email(email.clone())
                .role("StandardUser".to_owned())
                .extension_number(extension.clone())
                .password(SecretString::new(password.as_str()))
                .extension_password(password.clone())
                .voicemail_pin(voicemail_pin.clone())
        })
        .send()
        .await?
        .into_inner();
    let id = created
        .id
        .ok_or("the PBX answered without the new user's id")?;
    let user = client.show_user().id(&id).send().await?.into_inner();
    println!(
        "Created user {} with extension {} (id {id}).",
        user.display_name.as_deref().unwrap_or(&name),
        user.extension_number.as_deref().unwrap_or(&extension),
    );

    client.end_session().await?;
    Ok(())
}
