//! A mock PortSIP PBX built from `spec/openapi.json`, for testing `portsip-api` end to end.
//!
//! Every operation in the spec is served under `/api`, every request is validated against the
//! spec, sign-in and tokens behave like the PBX's, collections and settings keep state, and
//! faults (gateway errors, slowness, broken bodies, nulls, unknown enum values, expired tokens)
//! can be injected per test.
//!
//! ```no_run
//! # async fn demo() -> Result<(), portsip_api_tests::MockError> {
//! use portsip_api_tests::{Fault, FaultRule, MockConfig, MockServer};
//!
//! let mock = MockServer::start(MockConfig::default()).await?;
//! mock.inject(FaultRule::on("listHolidays", Fault::Status(503)).times(2));
//! let base_url = mock.base_url(); // http://127.0.0.1:PORT/api
//! # let _ = base_url; Ok(()) }
//! ```

mod auth;
mod behaviour;
mod compiled;
mod config;
mod errors;
mod example;
mod faults;
mod member_list;
mod pipeline;
mod render;
mod respond;
mod routing;
mod sample;
mod schema;
mod seed;
mod server;
mod spec;
mod store;
mod validation;

pub use auth::MockUser;
pub use config::{BASE_PATH, DEFAULT_PASSWORD, DEFAULT_USERNAME, MockConfig};
pub use example::Fill;
pub use faults::{Fault, FaultRule, UNKNOWN_ENUM_VALUE};
pub use respond::{REDIRECT_TARGET, SESSION_COOKIE};
pub use sample::{SampleBody, SampleRequest};
pub use seed::SeedError;
pub use server::{Answer, MockError, MockServer, Received, refused_base_url};
pub use spec::default_spec_path;
