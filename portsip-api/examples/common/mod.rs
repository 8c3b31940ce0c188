//! Connection settings for the examples, from the environment:
//!
//! - `PORTSIP_URL` (full base URL, e.g. `http://127.0.0.1:8887/api` for the mock server) or
//!   `PORTSIP_HOST` (`https://{host}:8887/api`)
//! - `PORTSIP_USERNAME`, `PORTSIP_PASSWORD`, and `PORTSIP_DOMAIN` (the tenant's SIP domain)
//! - `PORTSIP_ACCEPT_INVALID_CERTS=1` for a lab PBX with a self-signed certificate
//! - `PORTSIP_OTP`: the one-time code, for accounts with two-factor authentication (otherwise
//!   it is read from standard input)
//!
//! A failed example prints why as sentences ([`Failure`]), the way a program of yours might.

use std::error::Error as StdError;
use std::fmt;

use portsip_api::{Client, ClientBuilder, Credentials, SignIn};

/// Why an example stopped. `main` returning `Err` prints the error's `Debug`, which for most
/// error types is a dump of their fields; this one's `Debug` is the `Display` of the error and
/// of each cause it does not already mention. A generated call's error goes through
/// [`portsip_api::Error`] first, whose messages are written for people.
pub struct Failure(Box<dyn StdError + Send + Sync>);

impl fmt::Debug for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut shown = self.0.to_string();
        let mut cause = self.0.source();
        while let Some(error) = cause {
            let message = error.to_string();
            if !shown.contains(&message) {
                shown = format!("{shown}: {message}");
            }
            cause = error.source();
        }
        f.write_str(&shown)
    }
}

impl From<portsip_api::Error> for Failure {
    fn from(error: portsip_api::Error) -> Self {
        Self(Box::new(error))
    }
}

impl From<progenitor_client::Error> for Failure {
    fn from(error: progenitor_client::Error) -> Self {
        portsip_api::Error::from(error).into()
    }
}

impl From<std::io::Error> for Failure {
    fn from(error: std::io::Error) -> Self {
        Self(Box::new(error))
    }
}

impl From<String> for Failure {
    fn from(message: String) -> Self {
        Self(message.into())
    }
}

impl From<&str> for Failure {
    fn from(message: &str) -> Self {
        Self(message.into())
    }
}

fn var(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.is_empty())
}

pub fn required(name: &str) -> Result<String, Failure> {
    var(name).ok_or_else(|| format!("set {name}").into())
}

pub async fn sign_in() -> Result<Client, Failure> {
    let builder = match (var("PORTSIP_URL"), var("PORTSIP_HOST")) {
        (Some(url), _) => ClientBuilder::with_base_url(url),
        (None, Some(host)) => ClientBuilder::new(host),
        (None, None) => return Err("set PORTSIP_URL or PORTSIP_HOST".into()),
    };
    let insecure = var("PORTSIP_ACCEPT_INVALID_CERTS").is_some_and(|v| v == "1" || v == "true");
    let mut credentials =
        Credentials::new(required("PORTSIP_USERNAME")?, required("PORTSIP_PASSWORD")?);
    if let Some(domain) = var("PORTSIP_DOMAIN") {
        credentials = credentials.tenant_domain(domain);
    }
    match builder
        .danger_accept_invalid_certificates(insecure)
        .sign_in(credentials)
        .await?
    {
        SignIn::Complete(client) => Ok(client),
        SignIn::TwoFactorRequired(pending) => {
            pending.send_code().await?;
            let code = match var("PORTSIP_OTP") {
                Some(code) => code,
                None => {
                    eprintln!("one-time code (sent by e-mail):");
                    let mut line = String::new();
                    std::io::stdin().read_line(&mut line)?;
                    line.trim().to_owned()
                }
            };
            Ok(pending.verify(code).await?)
        }
    }
}
