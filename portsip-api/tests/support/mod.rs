//! A tiny local HTTP server whose answers each test scripts, recording every request.

#![allow(dead_code)]

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, Method, Response, Uri};
use portsip_api::{Client, ClientBuilder, RetryPolicy};

/// One request as the server saw it.
#[derive(Clone, Debug)]
pub struct Hit {
    pub method: Method,
    pub path: String,
    pub query: String,
    pub authorization: Option<String>,
    pub user_agent: Option<String>,
    pub body: String,
}

impl Hit {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or(serde_json::Value::Null)
    }
}

/// What the server answers.
pub struct Reply {
    pub status: u16,
    pub body: String,
    pub delay: Duration,
}

pub fn json(status: u16, value: serde_json::Value) -> Reply {
    Reply {
        status,
        body: value.to_string(),
        delay: Duration::ZERO,
    }
}

pub fn text(status: u16, body: &str) -> Reply {
    Reply {
        status,
        body: body.to_string(),
        delay: Duration::ZERO,
    }
}

type Responder = dyn Fn(&Hit) -> Reply + Send + Sync;

#[derive(Clone)]
struct Shared {
    respond: Arc<Responder>,
    hits: Arc<Mutex<Vec<Hit>>>,
}

pub struct TestServer {
    pub base_url: String,
    hits: Arc<Mutex<Vec<Hit>>>,
}

impl TestServer {
    pub fn hits(&self) -> Vec<Hit> {
        self.hits.lock().unwrap().clone()
    }

    pub fn hits_to(&self, path: &str) -> Vec<Hit> {
        self.hits().into_iter().filter(|h| h.path == path).collect()
    }

    /// A client for this server that retries fast.
    pub fn builder(&self) -> ClientBuilder {
        ClientBuilder::with_base_url(&self.base_url).retry(
            RetryPolicy::default().backoff(Duration::from_millis(1), Duration::from_millis(1)),
        )
    }

    pub fn client(&self) -> Client {
        self.builder().build().unwrap()
    }
}

pub async fn start(respond: impl Fn(&Hit) -> Reply + Send + Sync + 'static) -> TestServer {
    let shared = Shared {
        respond: Arc::new(respond),
        hits: Arc::default(),
    };
    let hits = shared.hits.clone();
    let router = Router::new().fallback(handle).with_state(shared);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    TestServer {
        base_url: format!("http://{address}/api"),
        hits,
    }
}

async fn handle(
    State(shared): State<Shared>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: String,
) -> Response<Body> {
    let header = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    let hit = Hit {
        method,
        path: uri.path().trim_start_matches("/api").to_string(),
        query: uri.query().unwrap_or_default().to_string(),
        authorization: header("authorization"),
        user_agent: header("user-agent"),
        body,
    };
    shared.hits.lock().unwrap().push(hit.clone());
    let reply = (shared.respond)(&hit);
    tokio::time::sleep(reply.delay).await;
    Response::builder()
        .status(reply.status)
        .header("content-type", "application/json")
        .body(Body::from(reply.body))
        .unwrap()
}

/// A port nothing listens on.
pub async fn closed_port_url() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    drop(listener);
    format!("http://{address}/api")
}

/// A listener whose accept queue is full, so the kernel drops further connection attempts and a
/// client's connect waits until its own timeout. Keep the value alive for the test's length.
pub struct StalledListener {
    pub url: String,
    _listener: tokio::net::TcpListener,
    _queued: Vec<std::net::TcpStream>,
}

pub fn stalled_listener() -> StalledListener {
    let socket = tokio::net::TcpSocket::new_v4().unwrap();
    socket.bind("127.0.0.1:0".parse().unwrap()).unwrap();
    let listener = socket.listen(0).unwrap();
    let address = listener.local_addr().unwrap();
    let mut queued = Vec::new();
    // Linux queues backlog + 1 connections; the first attempt that times out shows it is full.
    for _ in 0..16 {
        match std::net::TcpStream::connect_timeout(&address, Duration::from_millis(200)) {
            Ok(stream) => queued.push(stream),
            Err(e) if e.kind() == std::io::ErrorKind::TimedOut => {
                return StalledListener {
                    url: format!("http://{address}/api"),
                    _listener: listener,
                    _queued: queued,
                };
            }
            Err(e) => panic!("filling the accept queue: {e}"),
        }
    }
    panic!("the accept queue of a listener with backlog 0 never filled");
}
