//! The HTTP server: configuration, the running handle tests hold, and the request pipeline
//! (route -> count -> authenticate -> validate -> faults -> behaviour -> response).

use std::collections::HashMap;
use std::fmt;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use axum::Router;
use axum::body::{Body, to_bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use crate::auth::{AuthBook, MockUser};
use crate::compiled::{CompiledSpec, LoadError};
use crate::errors::{ApiError, Failure, code};
use crate::faults::{Fault, FaultBook, FaultRule, nulled, with_unknown_enums};
use crate::respond::{Call, REDIRECT_TARGET, Reply, bearer_token, respond};
use crate::routing::RouteMiss;
use crate::spec::default_spec_path;
use crate::store::Store;
use crate::validation::Incoming;

/// Every path the spec describes is served under this prefix, as on the PBX.
pub const BASE_PATH: &str = "/api";
pub const DEFAULT_USERNAME: &str = "admin";
pub const DEFAULT_PASSWORD: &str = "portsip-mock";
const MAX_BODY: usize = 16 * 1024 * 1024;

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
    verbose: bool,
}

impl Shared {
    pub fn auth(&self) -> MutexGuard<'_, AuthBook> {
        self.auth.lock().expect("auth lock")
    }

    pub fn store(&self) -> MutexGuard<'_, Store> {
        self.store.lock().expect("store lock")
    }

    fn faults(&self) -> MutexGuard<'_, FaultBook> {
        self.faults.lock().expect("fault lock")
    }

    fn calls(&self) -> MutexGuard<'_, HashMap<String, usize>> {
        self.calls.lock().expect("call count lock")
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
            verbose: config.verbose,
        });
        let router = Router::new()
            .fallback(dispatch)
            .with_state(shared.clone());
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

async fn dispatch(State(shared): State<Arc<Shared>>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let path = parts.uri.path().to_owned();
    if path == REDIRECT_TARGET {
        return (StatusCode::OK, axum::Json(serde_json::json!({}))).into_response();
    }
    let Some(api_path) = path.strip_prefix(BASE_PATH) else {
        return failure_response(&Failure::not_found(format!("{path} is outside {BASE_PATH}")));
    };
    let compiled = &shared.compiled;
    let matched = match compiled
        .routes
        .find(&compiled.spec.operations, &parts.method, api_path)
    {
        Ok(matched) => matched,
        Err(RouteMiss::NotFound) => {
            return failure_response(&Failure::not_found(format!("no operation at {path}")));
        }
        Err(RouteMiss::MethodNotAllowed) => {
            let error = ApiError::new(
                code::METHOD_NOT_ALLOWED,
                format!("{} is not an operation on {path}", parts.method),
            );
            return failure_response(&Failure::new(StatusCode::METHOD_NOT_ALLOWED, error));
        }
    };
    let index = matched.operation;
    let op = compiled.operation(index);
    *shared.calls().entry(op.id.clone()).or_default() += 1;

    let response = handle(&shared, index, &parts, body, &matched.path_params).await;
    shared.note(format_args!(
        "{} {} -> {} {}",
        parts.method,
        parts.uri,
        op.id,
        response.status()
    ));
    response
}

async fn handle(
    shared: &Shared,
    index: usize,
    parts: &axum::http::request::Parts,
    body: Body,
    path_params: &[(String, String)],
) -> Response {
    let compiled = &shared.compiled;
    let op = compiled.operation(index);
    let caller = if op.requires_auth {
        match shared
            .auth()
            .authenticate(bearer_token(&parts.headers).as_deref())
        {
            Ok(caller) => Some(caller),
            Err(failure) => return failure_response(&failure),
        }
    } else {
        None
    };
    let body = match to_bytes(body, MAX_BODY).await {
        Ok(body) => body,
        Err(error) => {
            return failure_response(&Failure::invalid(
                format!("cannot read the body: {error}"),
                "/body",
            ));
        }
    };
    let query: Vec<(String, String)> = parts
        .uri
        .query()
        .map(|query| form_urlencoded::parse(query.as_bytes()).into_owned().collect())
        .unwrap_or_default();
    let incoming = Incoming {
        path_params,
        query: &query,
        headers: &parts.headers,
        body: &body,
    };
    let request = match compiled.validators[index].validate(&incoming) {
        Ok(request) => request,
        Err(failure) => return failure_response(&failure),
    };

    let faults = shared.faults().take(&op.id);
    for fault in &faults {
        if let Fault::Delay(delay) = fault {
            tokio::time::sleep(*delay).await;
        }
    }
    for fault in &faults {
        match fault {
            Fault::Status(status) => return gateway_error(*status),
            Fault::ExpiredToken => {
                return failure_response(&Failure::unauthorized(
                    code::TOKEN_EXPIRED,
                    "the access token has expired",
                ));
            }
            _ => {}
        }
    }

    let call = Call {
        index,
        request,
        headers: &parts.headers,
        caller,
    };
    match respond(shared, call) {
        Ok(reply) => {
            let body_faults: Vec<&Fault> = faults.iter().filter(|f| f.transforms_body()).collect();
            if body_faults.is_empty() {
                if let Some(body) = &reply.body {
                    let problems = compiled.response_problems(index, body);
                    if !problems.is_empty() {
                        shared.note(format_args!(
                            "{} answered outside its schema: {problems:?}",
                            op.id
                        ));
                    }
                }
            }
            render(shared, index, reply, &body_faults)
        }
        Err(failure) => failure_response(&failure),
    }
}

pub fn failure_response(failure: &Failure) -> Response {
    (failure.status, axum::Json(failure.body())).into_response()
}

/// What a reverse proxy in front of the PBX sends when the PBX is down or slow.
fn gateway_error(status: u16) -> Response {
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::BAD_GATEWAY);
    let page = format!(
        "<html><head><title>{status}</title></head><body><h1>{status}</h1></body></html>"
    );
    (status, [(header::CONTENT_TYPE, "text/html")], page).into_response()
}

fn render(shared: &Shared, index: usize, reply: Reply, faults: &[&Fault]) -> Response {
    let compiled = &shared.compiled;
    let schema = compiled
        .operation(index)
        .success
        .json_schema
        .as_deref()
        .and_then(|pointer| compiled.spec.at(pointer));
    let mut body = reply.body;
    let mut status = reply.status;
    for fault in faults {
        body = match (fault, body) {
            (Fault::AllNull, Some(value)) => Some(nulled(&compiled.spec, schema, &value)),
            (Fault::UnknownEnumValues, Some(value)) => Some(match schema {
                Some(schema) => with_unknown_enums(&compiled.spec, schema, &value),
                None => value,
            }),
            (_, body) => body,
        };
    }
    let mut bytes: Vec<u8> = body
        .as_ref()
        .map(|value| serde_json::to_vec(value).expect("JSON values serialize"))
        .unwrap_or_default();
    let mut declared_length = None;
    for fault in faults {
        match fault {
            Fault::MalformedJson => bytes = b"{\"mock\": \"malformed\" oops".to_vec(),
            Fault::CutJson => bytes = first_half(&bytes),
            Fault::TruncatedBody => {
                declared_length = Some(bytes.len().max(2) + 64);
                bytes = first_half(&bytes);
            }
            _ => {}
        }
    }
    let broken = faults.iter().any(|f| {
        matches!(
            f,
            Fault::MalformedJson | Fault::CutJson | Fault::TruncatedBody
        )
    });
    if broken && status == StatusCode::NO_CONTENT {
        // A 204 cannot carry the broken body the fault is about.
        status = StatusCode::OK;
    }
    let has_body = body.is_some() || broken;
    let mut response = match declared_length {
        Some(length) => {
            // Send part of the body, then fail the stream: the connection closes short.
            let chunks: Vec<Result<Bytes, std::io::Error>> = vec![
                Ok(Bytes::from(bytes)),
                Err(std::io::Error::other("mock: truncated body")),
            ];
            let mut response = Response::new(Body::from_stream(futures::stream::iter(chunks)));
            response
                .headers_mut()
                .insert(header::CONTENT_LENGTH, HeaderValue::from(length));
            response
        }
        None if has_body => Response::new(Body::from(bytes)),
        None => Response::new(Body::empty()),
    };
    *response.status_mut() = status;
    if has_body {
        response
            .headers_mut()
            .insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    }
    for (name, value) in reply.headers {
        response.headers_mut().append(name, value);
    }
    response
}

fn first_half(bytes: &[u8]) -> Vec<u8> {
    if bytes.len() < 2 {
        return b"{\"".to_vec();
    }
    bytes[..bytes.len() / 2].to_vec()
}
