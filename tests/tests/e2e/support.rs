//! What every end-to-end test starts from, and the registry of the operations each covers.

use std::time::Duration;

use portsip_api::{Client, ClientBuilder, Credentials, RetryPolicy, SignIn};
use portsip_api_tests::{DEFAULT_PASSWORD, DEFAULT_USERNAME, MockConfig, MockServer};

/// The operations an end-to-end test exercises through the client; the coverage test reads
/// these, and each test fails unless the mock saw every one of them.
pub struct Covered {
    pub test: &'static str,
    pub operations: &'static [&'static str],
}

inventory::collect!(Covered);

/// An end-to-end test of the operations it names:
///
/// ```ignore
/// e2e_test!(name, covers ["listHolidays"], |case| { ... });
/// e2e_test!(name, covers ["verifyOTP"], config = MockConfig::default(), |case| { ... });
/// ```
///
/// The body gets `case`, a started mock. After it, the test checks that the mock received each
/// named operation and never answered outside the spec.
macro_rules! e2e_test {
    ($name:ident, covers [$($op:literal),+ $(,)?], |$case:ident| $body:block) => {
        e2e_test!($name, covers [$($op),+], config = portsip_api_tests::MockConfig::default(), |$case| $body);
    };
    ($name:ident, covers [$($op:literal),+ $(,)?], config = $config:expr, |$case:ident| $body:block) => {
        inventory::submit! {
            $crate::support::Covered {
                test: concat!(module_path!(), "::", stringify!($name)),
                operations: &[$($op),+],
            }
        }

        #[tokio::test]
        async fn $name() {
            let $case = $crate::support::Case::start($config).await;
            $body
            $case.assert_exercised(&[$($op),+]);
        }
    };
}

pub struct Case {
    pub mock: MockServer,
}

impl Case {
    pub async fn start(config: MockConfig) -> Self {
        Self {
            mock: MockServer::start(config).await.expect("the mock starts"),
        }
    }

    /// A client builder for the mock, with retries quick enough for tests.
    pub fn builder(&self) -> ClientBuilder {
        ClientBuilder::with_base_url(self.mock.base_url()).retry(fast_retries())
    }

    /// A client that has not signed in.
    pub fn anonymous(&self) -> Client {
        self.builder().build().expect("a valid base URL")
    }

    /// A client signed in as the mock's default administrator.
    pub async fn client(&self) -> Client {
        self.sign_in(self.builder()).await
    }

    pub async fn sign_in(&self, builder: ClientBuilder) -> Client {
        match builder
            .sign_in(Credentials::new(DEFAULT_USERNAME, DEFAULT_PASSWORD))
            .await
            .expect("the default account signs in")
        {
            SignIn::Complete(client) => client,
            SignIn::TwoFactorRequired(_) => panic!("the default account has no second factor"),
        }
    }

    pub fn assert_exercised(&self, operations: &[&str]) {
        for operation in operations {
            assert!(
                self.mock.calls(operation) > 0,
                "the test claims {operation} but never called it"
            );
        }
        let off_spec = self.mock.off_spec_answers();
        assert!(
            off_spec.is_empty(),
            "the mock answered off-spec: {off_spec:#?}"
        );
    }
}

pub fn fast_retries() -> RetryPolicy {
    RetryPolicy::default().backoff(Duration::from_millis(10), Duration::from_millis(40))
}
