//! A started mock plus an HTTP client, and the spec read independently of the mock.

use portsip_api_tests::{DEFAULT_PASSWORD, DEFAULT_USERNAME, MockConfig, MockServer};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

pub struct Harness {
    pub mock: MockServer,
    pub http: reqwest::Client,
}

pub struct Answer {
    pub status: StatusCode,
    pub headers: reqwest::header::HeaderMap,
    pub body: Value,
}

impl Answer {
    /// The `detail` of every error in a vendor error body.
    pub fn error_details(&self) -> Vec<String> {
        self.errors()
            .iter()
            .map(|error| error["detail"].as_str().unwrap_or_default().to_owned())
            .collect()
    }

    pub fn error_codes(&self) -> Vec<String> {
        self.errors()
            .iter()
            .map(|error| error["code"].as_str().unwrap_or_default().to_owned())
            .collect()
    }

    fn errors(&self) -> Vec<Value> {
        self.body["errors"]
            .as_array()
            .unwrap_or_else(|| panic!("not an error body: {}", self.body))
            .clone()
    }
}

impl Harness {
    pub async fn start() -> Self {
        Self::with(MockConfig::default()).await
    }

    pub async fn with(config: MockConfig) -> Self {
        Self {
            mock: MockServer::start(config).await.expect("the mock starts"),
            http: reqwest::Client::new(),
        }
    }

    /// Fails if the mock sent any answer its spec does not allow.
    pub fn assert_answers_were_on_spec(&self) {
        let off_spec = self.mock.off_spec_answers();
        assert!(off_spec.is_empty(), "{off_spec:#?}");
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.mock.base_url())
    }

    pub async fn sign_in(&self) -> String {
        self.sign_in_as(DEFAULT_USERNAME, DEFAULT_PASSWORD).await["access_token"]
            .as_str()
            .expect("an access token")
            .to_owned()
    }

    pub async fn sign_in_as(&self, username: &str, password: &str) -> Value {
        let answer = self
            .send(
                Method::POST,
                "/auth/sign_in",
                None,
                Some(json!({"username": username, "password": password})),
            )
            .await;
        assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
        answer.body
    }

    pub async fn send(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> Answer {
        let mut request = self.http.request(method, self.url(path));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.expect("the mock answers");
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response.bytes().await.expect("a complete body");
        let body = if bytes.is_empty() {
            Value::Null
        } else {
            serde_json::from_slice(&bytes)
                .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&bytes).into_owned()))
        };
        Answer {
            status,
            headers,
            body,
        }
    }

    pub async fn get(&self, path: &str, token: &str) -> Answer {
        self.send(Method::GET, path, Some(token), None).await
    }

    pub async fn post(&self, path: &str, token: &str, body: Value) -> Answer {
        self.send(Method::POST, path, Some(token), Some(body)).await
    }
}

/// One operation as the spec file states it, read without the mock's code.
pub struct SpecOperation {
    pub id: String,
    pub method: Method,
    pub path: String,
    pub requires_auth: bool,
}

pub fn spec_operations() -> Vec<SpecOperation> {
    let text = std::fs::read_to_string(portsip_api_tests::default_spec_path()).unwrap();
    let spec: Value = serde_json::from_str(&text).unwrap();
    let global_security = spec["security"].as_array().is_some_and(|s| !s.is_empty());
    let mut operations = Vec::new();
    for (path, item) in spec["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            let Some(id) = operation["operationId"].as_str() else {
                continue;
            };
            let requires_auth = match operation.get("security") {
                Some(security) => security.as_array().is_some_and(|s| !s.is_empty()),
                None => global_security,
            };
            operations.push(SpecOperation {
                id: id.to_owned(),
                method: method.to_uppercase().parse().unwrap(),
                path: path.clone(),
                requires_auth,
            });
        }
    }
    operations
}

/// The path with every `{parameter}` filled in.
pub fn filled(template: &str, value: &str) -> String {
    let mut out = String::new();
    let mut rest = template;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let end = rest[start..].find('}').unwrap() + start;
        out.push_str(value);
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    out
}
