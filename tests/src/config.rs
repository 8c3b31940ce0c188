//! How a mock server is set up: its spec, accounts, token lifetime and port.

use std::path::PathBuf;
use std::time::Duration;

use crate::auth::MockUser;
use crate::spec::default_spec_path;

/// Every path the spec describes is served under this prefix, as on the PBX.
pub const BASE_PATH: &str = "/api";
pub const DEFAULT_USERNAME: &str = "admin";
pub const DEFAULT_PASSWORD: &str = "portsip-mock";

#[derive(Debug, Clone)]
pub struct MockConfig {
    pub spec_path: PathBuf,
    pub users: Vec<MockUser>,
    /// Lifetime of access tokens, sent to clients as `expires_in` (whole seconds).
    pub token_lifetime: Duration,
    /// 0 picks a free port.
    pub port: u16,
    /// Print each request and each one-time code to stderr.
    pub verbose: bool,
}

impl Default for MockConfig {
    fn default() -> Self {
        Self {
            spec_path: default_spec_path(),
            users: vec![MockUser::new(DEFAULT_USERNAME, DEFAULT_PASSWORD)],
            token_lifetime: Duration::from_secs(3600),
            port: 0,
            verbose: false,
        }
    }
}

impl MockConfig {
    #[must_use]
    pub fn with_user(mut self, user: MockUser) -> Self {
        self.users.push(user);
        self
    }

    #[must_use]
    pub fn with_token_lifetime(mut self, lifetime: Duration) -> Self {
        self.token_lifetime = lifetime;
        self
    }

    #[must_use]
    pub fn with_port(mut self, port: u16) -> Self {
        self.port = port;
        self
    }

    #[must_use]
    pub fn with_spec(mut self, path: impl Into<PathBuf>) -> Self {
        self.spec_path = path.into();
        self
    }

    #[must_use]
    pub fn verbose(mut self, verbose: bool) -> Self {
        self.verbose = verbose;
        self
    }
}
