//! A running mock: the handle tests hold, and the state its request handlers share.

use std::collections::HashMap;
use std::fmt;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use axum::Router;
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use crate::auth::AuthBook;
use crate::compiled::{CompiledSpec, LoadError};
use crate::config::{BASE_PATH, MockConfig};
use crate::example::Fill;
use crate::faults::{FaultBook, FaultRule};
use crate::pipeline::dispatch;
use crate::sample::{SampleRequest, sample_request};
use crate::seed::{SeedError, seed};
use crate::store::Store;

#[derive(Debug, thiserror::Error)]
pub enum MockError {
    #[error(transparent)]
    Load(#[from] LoadError),
    #[error("cannot listen on 127.0.0.1:{port}: {source}")]
    Bind { port: u16, source: std::io::Error },
}

/// State shared by the handle and the request handlers.
pub struct Shared {
    pub compiled: Arc<CompiledSpec>,
    auth: Mutex<AuthBook>,
    store: Mutex<Store>,
    faults: Mutex<FaultBook>,
    calls: Mutex<HashMap<String, usize>>,
    off_spec: Mutex<Vec<String>>,
    exchanges: Mutex<HashMap<String, Exchange>>,
    verbose: bool,
}

/// The last request an operation accepted and the last answer it gave.
#[derive(Debug, Clone, Default)]
pub struct Exchange {
    pub request: Option<Received>,
    pub answer: Option<Answer>,
}

/// A request as the mock understood it after validation.
#[derive(Debug, Clone, PartialEq)]
pub struct Received {
    /// Path, query and header parameters by name, converted to the JSON types their schemas
    /// ask for, with schema defaults filled in.
    pub params: serde_json::Map<String, serde_json::Value>,
    /// A JSON or form body as JSON; any other body as the text it holds.
    pub body: Option<serde_json::Value>,
}

/// An answer as the mock meant it, before any injected fault.
#[derive(Debug, Clone, PartialEq)]
pub struct Answer {
    pub status: u16,
    pub json: Option<serde_json::Value>,
    /// A body that is not JSON.
    pub bytes: Option<Vec<u8>>,
}

impl Shared {
    pub fn auth(&self) -> MutexGuard<'_, AuthBook> {
        self.auth.lock().expect("auth lock")
    }

    pub fn store(&self) -> MutexGuard<'_, Store> {
        self.store.lock().expect("store lock")
    }

    pub(crate) fn faults(&self) -> MutexGuard<'_, FaultBook> {
        self.faults.lock().expect("fault lock")
    }

    pub(crate) fn calls(&self) -> MutexGuard<'_, HashMap<String, usize>> {
        self.calls.lock().expect("call count lock")
    }

    pub(crate) fn off_spec(&self) -> MutexGuard<'_, Vec<String>> {
        self.off_spec.lock().expect("off-spec lock")
    }

    pub(crate) fn exchange(&self, operation_id: &str, record: impl FnOnce(&mut Exchange)) {
        let mut exchanges = self.exchanges.lock().expect("exchange lock");
        record(exchanges.entry(operation_id.to_owned()).or_default());
    }

    /// Tells a person running the mock by hand what happened.
    pub fn note(&self, message: fmt::Arguments<'_>) {
        if self.verbose {
            eprintln!("portsip-mock: {message}");
        }
    }
}

/// A running mock PBX on 127.0.0.1; stops when dropped.
pub struct MockServer {
    addr: SocketAddr,
    shared: Arc<Shared>,
    shutdown: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<std::io::Result<()>>>,
}

impl MockServer {
    pub async fn start(config: MockConfig) -> Result<Self, MockError> {
        let compiled = CompiledSpec::load_shared(&config.spec_path)?;
        let listener = TcpListener::bind(("127.0.0.1", config.port))
            .await
            .map_err(|source| MockError::Bind {
                port: config.port,
                source,
            })?;
        let addr = listener.local_addr().map_err(|source| MockError::Bind {
            port: config.port,
            source,
        })?;
        let shared = Arc::new(Shared {
            compiled,
            auth: Mutex::new(AuthBook::new(config.users, config.token_lifetime)),
            store: Mutex::default(),
            faults: Mutex::default(),
            calls: Mutex::default(),
            off_spec: Mutex::default(),
            exchanges: Mutex::default(),
            verbose: config.verbose,
        });
        let router = Router::new().fallback(dispatch).with_state(shared.clone());
        let (shutdown, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            axum::serve(listener, router)
                .with_graceful_shutdown(async {
                    let _ = stopped.await;
                })
                .await
        });
        Ok(Self {
            addr,
            shared,
            shutdown: Some(shutdown),
            task: Some(task),
        })
    }

    /// `http://127.0.0.1:PORT/api`, the value a client's base URL takes.
    pub fn base_url(&self) -> String {
        format!("http://{}{BASE_PATH}", self.addr)
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// How many requests reached operation `operation_id` (valid or not).
    pub fn calls(&self, operation_id: &str) -> usize {
        self.shared.calls().get(operation_id).copied().unwrap_or(0)
    }

    /// Operations called at least once.
    pub fn called_operations(&self) -> Vec<String> {
        let mut called: Vec<String> = self.shared.calls().keys().cloned().collect();
        called.sort();
        called
    }

    /// Answers the mock sent (without an injected fault) that its own spec does not allow,
    /// as "operationId: problem". Tests end by asserting this is empty.
    pub fn off_spec_answers(&self) -> Vec<String> {
        self.shared.off_spec().clone()
    }

    /// The last request operation `operation_id` accepted (passed validation), as the mock
    /// read it: what the client put on the wire.
    pub fn last_request(&self, operation_id: &str) -> Option<Received> {
        let exchanges = self.shared.exchanges.lock().expect("exchange lock");
        exchanges.get(operation_id)?.request.clone()
    }

    /// The last normal answer operation `operation_id` gave, before any injected fault.
    pub fn last_answer(&self, operation_id: &str) -> Option<Answer> {
        let exchanges = self.shared.exchanges.lock().expect("exchange lock");
        exchanges.get(operation_id)?.answer.clone()
    }

    /// A request operation `operation_id` accepts, generated from the spec: its required
    /// parameters and body only, or every one of them. The mock's state is made to fit (the
    /// item a show or delete names exists; the tokens a sign-in flow checks are live).
    pub fn sample_request(&self, operation_id: &str, fill: Fill) -> Option<SampleRequest> {
        let index = self.shared.compiled.index_of(operation_id)?;
        Some(sample_request(&self.shared, index, fill))
    }

    /// Adds `items` to the collection that `GET {collection}` lists, for records the API cannot
    /// create (`/cdrs`). Each gets a new id, as a creation would; the ids come back in order.
    pub fn seed(
        &self,
        collection: &str,
        items: impl IntoIterator<Item = serde_json::Value>,
    ) -> Result<Vec<String>, SeedError> {
        seed(&self.shared, collection, items.into_iter().collect())
    }

    pub fn inject(&self, rule: FaultRule) {
        self.shared.faults().add(rule);
    }

    pub fn clear_faults(&self) {
        self.shared.faults().clear();
    }

    /// The last one-time code "mailed" to `username` by `/auth/send_otp`.
    pub fn one_time_code(&self, username: &str) -> Option<String> {
        self.shared.auth().last_code(username)
    }

    /// The reset token "mailed" to `username` by `/auth/forget_password`.
    pub fn password_reset_token(&self, username: &str) -> Option<String> {
        self.shared.auth().reset_token(username)
    }

    /// Makes every access token issued so far expired, as if their lifetime had passed.
    pub fn expire_access_tokens(&self) {
        self.shared.auth().expire_access_tokens();
    }

    /// Lets `by` pass for the mock PBX only: tokens expire as if that much time had gone by.
    pub fn advance_clock(&self, by: Duration) {
        self.shared.auth().advance_clock(by);
    }

    /// Makes the mock PBX's clock run `by` behind the real one, so tokens outlive the lifetime
    /// they were issued with by that much; a client that refreshes on its own clock is not
    /// saved by a refusal.
    pub fn set_clock_behind(&self, by: Duration) {
        self.shared.auth().set_clock_behind(by);
    }

    /// Ends every session: access and refresh tokens issued so far are all refused.
    pub fn revoke_sessions(&self) {
        self.shared.auth().revoke_all();
    }

    /// Every operationId the mock serves, in spec order.
    pub fn operation_ids(&self) -> Vec<String> {
        let spec = &self.shared.compiled.spec;
        spec.operations.iter().map(|op| op.id.clone()).collect()
    }

    /// Stops listening and waits for open requests to finish; later connections are refused.
    pub async fn stop(mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
        if let Some(task) = self.task.take() {
            let _ = tokio::time::timeout(Duration::from_secs(5), task).await;
        }
    }
}

impl Drop for MockServer {
    fn drop(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
    }
}

/// A base URL on which nothing listens, for connection-refused tests.
pub fn refused_base_url() -> String {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .map(|addr| addr.port())
        .expect("the OS hands out a free loopback port");
    format!("http://127.0.0.1:{port}{BASE_PATH}")
}
