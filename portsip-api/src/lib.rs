//! A typed async client for the PortSIP PBX REST API v22.
//!
//! ```no_run
//! use futures::TryStreamExt;
//! use portsip_api::{ClientBuilder, Credentials, ListOperation, SignIn};
//!
//! # async fn run() -> portsip_api::Result<()> {
//! let signed_in = ClientBuilder::new("pbx.example.com")
//!     .sign_in(Credentials::new("admin", "secret").tenant_domain("tenant.example.com"))
//!     .await?;
//! let client = match signed_in {
//!     SignIn::Complete(client) => client,
//!     SignIn::TwoFactorRequired(pending) => {
//!         pending.send_code().await?;
//!         pending.verify("123456").await?
//!     }
//! };
//! let holidays: Vec<_> = client.list_holidays().stream().try_collect().await?;
//! for holiday in &holidays {
//!     println!("{}", holiday.name.as_deref().unwrap_or("(unnamed)"));
//! }
//! # Ok(()) }
//! ```
//!
//! Every operation of the spec is a method of [`Client`] returning a request builder; its
//! `send()` gives the decoded response or an error that converts into [`Error`] with `?`.
//! Request and response types are in [`types`].
//!
//! Each API resource (a tag of the spec: `call-queue`, `trunk`, `user`, `tenant` …) is a cargo
//! feature; the default, `full`, enables them all. With `default-features = false` and only the
//! resources you name, the crate compiles their operations and the types those use; sign-in,
//! errors, pagination, retries and the client builder are always there. The docs show which
//! feature enables each method and type.
//!
//! The operations, types and their docs are generated at build time from the canonical spec
//! (`spec/openapi.json`, or the file `PORTSIP_API_SPEC` names) by `portsip-api-build`. Around
//! them, by hand, and small:
//!
//! - [`ClientBuilder`] (`config`): host or base URL, timeouts, root certificates, retries.
//! - `auth`: sign-in with [`Credentials`], two-factor completion, [`Client::end_session`].
//! - `transport` and `session`: for every request, the bearer token (refreshed before it
//!   expires, and once on a `401`, one refresh for many concurrent requests) and [`RetryPolicy`].
//! - [`Error`] (`error`): a typed [`ApiError`] for the PBX's refusals; timeouts, connection,
//!   certificate and decode failures apart.
//! - [`ListOperation`] (`pagination`): a `Stream` of items for every list operation.
//!
//! Redirects are never followed. An operation whose documented success is a redirect
//! ([`Client::login_with_microsoft`]) returns it as `ResponseValue<()>`: its `status()` and
//! its `headers()`' `Location` say where to send the browser. A redirect anywhere else is
//! [`Error::UnexpectedStatus`]. Optional lists in request bodies are `Option<Vec<_>>`: `None`
//! leaves the field out, `Some(vec![])` sends `[]` and so clears the list on the PBX.
//!
//! Passwords, tokens, keys and one-time codes (`format: password` in the spec) are
//! [`types::SecretString`] wherever they appear, generated and hand-written types alike: the
//! plain string on the wire, `<redacted>` in `Debug` output.
//!
//! Decoding is tolerant: `null` anywhere, out-of-range values and enum values this version does
//! not know still decode. Request constraints are not checked here: the PBX checks them and
//! answers `VALIDATE_FAILED`, which arrives as an [`ApiError`].

#![cfg_attr(docsrs, feature(doc_cfg))]

// Generated code is never edited, so its lints are not ours to fix; its docs are the vendor's
// text, which carries bare URLs.
#[allow(clippy::all, rustdoc::bare_urls)]
mod generated {
    include!(concat!(env!("OUT_DIR"), "/portsip_api.rs"));
}
pub use generated::*;

mod auth;
mod config;
mod error;
pub mod pagination;
mod retry;
mod session;
mod transport;

#[cfg(test)]
mod tolerant_decoding;

pub use auth::{Credentials, PendingTwoFactor, SignIn};
pub use config::{ClientBuilder, DEFAULT_PORT};
pub use error::{ApiError, Error, Result};
pub use pagination::{ItemStream, ListOperation, Page};
pub use retry::RetryPolicy;

/// Clients are built with [`ClientBuilder`] only: the generated constructor takes the crate's
/// session, so it and the `session` module are private. These fail to compile while they are.
///
/// ```compile_fail,E0624
/// // Would compile if the constructor were public: any client hands out its session.
/// use portsip_api::{Client, ClientBuilder, ClientInfo};
/// let client = ClientBuilder::new("pbx.example.com").build().unwrap();
/// let session = client.inner().clone();
/// let _ = Client::new_with_client(client.baseurl(), client.client().clone(), session);
/// ```
///
/// ```compile_fail
/// // progenitor's other constructor, which the generator drops.
/// use portsip_api::{Client, ClientBuilder, ClientInfo};
/// let session = ClientBuilder::new("pbx.example.com").build().unwrap().inner().clone();
/// let _ = Client::new("https://pbx.example.com:8887/api", session);
/// ```
///
/// ```compile_fail,E0603
/// use portsip_api::session::Session;
/// ```
#[cfg(doctest)]
pub struct ConstructorsArePrivate;
