//! Building a client: where the PBX is, how long to wait, which certificates to trust, how to
//! retry, and how to authenticate.

use std::time::Duration;

use progenitor_client::ClientInfo as _;

use crate::auth::{self, Credentials, SignIn};
use crate::retry::RetryPolicy;
use crate::session::{Grant, Session};
use crate::types::SecretString;
use crate::{Client, Error, Result};

/// The PBX's default HTTPS port for the REST API.
pub const DEFAULT_PORT: u16 = 8887;

/// Configures and builds a [`Client`].
///
/// ```no_run
/// # async fn run() -> portsip_api::Result<()> {
/// use portsip_api::{ClientBuilder, Credentials, SignIn};
///
/// let client = ClientBuilder::new("pbx.example.com")
///     .root_certificate_pem(std::fs::read("pbx-ca.pem").unwrap())
///     .sign_in(Credentials::new("admin", "secret").tenant_domain("tenant.example.com"))
///     .await?;
/// # Ok(()) }
/// ```
#[derive(Clone, Debug)]
pub struct ClientBuilder {
    target: Target,
    connect_timeout: Duration,
    timeout: Duration,
    root_certificates: Vec<Vec<u8>>,
    accept_invalid_certificates: bool,
    retry: RetryPolicy,
}

#[derive(Clone, Debug)]
enum Target {
    Host { host: String, port: u16 },
    BaseUrl(String),
}

impl ClientBuilder {
    /// A PBX by host name or address: `https://{host}:8887/api`.
    pub fn new(host: impl Into<String>) -> Self {
        Self::with_target(Target::Host {
            host: host.into(),
            port: DEFAULT_PORT,
        })
    }

    /// A PBX by full base URL, e.g. `https://pbx.example.com:8887/api` or a proxy's URL.
    pub fn with_base_url(url: impl Into<String>) -> Self {
        Self::with_target(Target::BaseUrl(url.into()))
    }

    fn with_target(target: Target) -> Self {
        Self {
            target,
            connect_timeout: Duration::from_secs(10),
            timeout: Duration::from_secs(30),
            root_certificates: Vec::new(),
            accept_invalid_certificates: false,
            retry: RetryPolicy::default(),
        }
    }

    /// The HTTPS port (default 8887); ignored with a full base URL.
    pub fn port(mut self, port: u16) -> Self {
        if let Target::Host { port: p, .. } = &mut self.target {
            *p = port;
        }
        self
    }

    /// How long to wait for a connection (default 10 s).
    pub fn connect_timeout(self, timeout: Duration) -> Self {
        Self {
            connect_timeout: timeout,
            ..self
        }
    }

    /// How long a whole request may take (default 30 s).
    pub fn timeout(self, timeout: Duration) -> Self {
        Self { timeout, ..self }
    }

    /// Also trusts the certificates in `pem` (one or more): the CA that signed a PBX's
    /// self-issued certificate, or a self-signed certificate itself.
    pub fn root_certificate_pem(mut self, pem: impl Into<Vec<u8>>) -> Self {
        self.root_certificates.push(pem.into());
        self
    }

    /// **Insecure.** Accepts any certificate, so anyone on the network path can read and change
    /// the traffic, credentials included. For a lab PBX only; prefer
    /// [`root_certificate_pem`](Self::root_certificate_pem).
    pub fn danger_accept_invalid_certificates(self, accept: bool) -> Self {
        Self {
            accept_invalid_certificates: accept,
            ..self
        }
    }

    /// How idempotent requests are retried (default: [`RetryPolicy::default`]).
    pub fn retry(self, retry: RetryPolicy) -> Self {
        Self { retry, ..self }
    }

    /// The base URL requests go to.
    pub fn base_url(&self) -> Result<String> {
        let url = match &self.target {
            Target::Host { host, port } => format!("https://{host}:{port}/api"),
            Target::BaseUrl(url) => url.trim_end_matches('/').to_owned(),
        };
        let parsed = reqwest::Url::parse(&url)
            .map_err(|e| Error::Config(format!("base URL {url:?}: {e}")))?;
        if parsed.cannot_be_a_base() || !matches!(parsed.scheme(), "http" | "https") {
            return Err(Error::Config(format!(
                "base URL {url:?} is not an http(s) URL"
            )));
        }
        Ok(url)
    }

    /// A client without credentials, for the public operations (metadata, sign-in).
    pub fn build(self) -> Result<Client> {
        let base_url = self.base_url()?;
        let mut http = reqwest::Client::builder()
            .user_agent(concat!("portsip-api/", env!("CARGO_PKG_VERSION")))
            // A redirect is an answer to hand to the caller, never to follow: following turns a
            // POST into a GET to a place the spec does not describe, and may carry the request
            // (and its credentials) elsewhere. Redirect-only operations return it as success.
            .redirect(reqwest::redirect::Policy::none())
            .connect_timeout(self.connect_timeout)
            .timeout(self.timeout)
            .tls_danger_accept_invalid_certs(self.accept_invalid_certificates);
        for pem in &self.root_certificates {
            let certificates = reqwest::Certificate::from_pem_bundle(pem)
                .map_err(|e| Error::Config(format!("root certificate: {e}")))?;
            if certificates.is_empty() {
                return Err(Error::Config(
                    "root certificate: no PEM certificate found".into(),
                ));
            }
            http = http.tls_certs_merge(certificates);
        }
        let http = http
            .build()
            .map_err(|e| Error::Config(format!("HTTP client: {e}")))?;
        Ok(Client::new_with_client(
            &base_url,
            http,
            Session::new(self.retry),
        ))
    }

    /// A client that sends `access_token` as is; it cannot be refreshed.
    pub fn build_with_token(self, access_token: impl Into<SecretString>) -> Result<Client> {
        let client = self.build()?;
        client.inner().install(Grant {
            access: access_token.into(),
            refresh: None,
            expires_in: None,
        });
        Ok(client)
    }

    /// Signs in with `credentials`. Either the client is signed in, or the account needs its
    /// one-time code first (see [`SignIn`]).
    pub async fn sign_in(self, credentials: Credentials) -> Result<SignIn> {
        auth::sign_in(self.build()?, credentials).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_host_gets_https_on_the_default_port_under_api() {
        assert_eq!(
            ClientBuilder::new("pbx.example.com").base_url().unwrap(),
            "https://pbx.example.com:8887/api"
        );
        assert_eq!(
            ClientBuilder::new("10.0.0.5").port(443).base_url().unwrap(),
            "https://10.0.0.5:443/api"
        );
    }

    #[test]
    fn a_base_url_is_used_as_given() {
        let builder = ClientBuilder::with_base_url("http://127.0.0.1:9000/api/").port(1);
        assert_eq!(builder.base_url().unwrap(), "http://127.0.0.1:9000/api");
    }

    #[test]
    fn a_bad_base_url_is_a_configuration_error() {
        assert!(matches!(
            ClientBuilder::with_base_url("pbx.example.com").build(),
            Err(Error::Config(_))
        ));
        assert!(matches!(
            ClientBuilder::with_base_url("ftp://pbx/api").build(),
            Err(Error::Config(_))
        ));
    }

    #[test]
    fn a_pem_without_certificates_is_a_configuration_error() {
        let error = ClientBuilder::new("pbx")
            .root_certificate_pem("not a certificate")
            .build()
            .unwrap_err();
        assert!(error.to_string().contains("root certificate"), "{error}");
    }
}
