//! The PBX's error body: `{"errors": [{"code", "message", "detail"}]}`.

use axum::http::StatusCode;
use serde_json::{Value, json};

/// Error codes the mock sends. The real PBX has more and adds new ones at will.
pub mod code {
    pub const VALIDATE_FAILED: &str = "VALIDATE_FAILED";
    pub const UNAUTHORIZED: &str = "UNAUTHORIZED";
    pub const TOKEN_EXPIRED: &str = "TOKEN_EXPIRED";
    pub const INVALID_CREDENTIALS: &str = "INVALID_CREDENTIALS";
    pub const INVALID_OTP: &str = "INVALID_OTP";
    pub const NOT_FOUND: &str = "NOT_FOUND";
    pub const METHOD_NOT_ALLOWED: &str = "METHOD_NOT_ALLOWED";
}

#[derive(Debug, Clone, PartialEq)]
pub struct ApiError {
    pub code: &'static str,
    pub message: String,
    pub detail: Value,
}

impl ApiError {
    pub fn new(code: &'static str, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
            detail: Value::Null,
        }
    }

    pub fn with_detail(mut self, detail: impl Into<Value>) -> Self {
        self.detail = detail.into();
        self
    }
}

/// A status with its error body, ready to send.
#[derive(Debug, Clone, PartialEq)]
pub struct Failure {
    pub status: StatusCode,
    pub errors: Vec<ApiError>,
}

impl Failure {
    pub fn new(status: StatusCode, error: ApiError) -> Self {
        Self {
            status,
            errors: vec![error],
        }
    }

    pub fn unauthorized(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(StatusCode::UNAUTHORIZED, ApiError::new(code, message))
    }

    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            ApiError::new(code::NOT_FOUND, message),
        )
    }

    pub fn invalid(message: impl Into<String>, detail: impl Into<Value>) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            ApiError::new(code::VALIDATE_FAILED, message).with_detail(detail),
        )
    }

    pub fn body(&self) -> Value {
        let errors: Vec<Value> = self
            .errors
            .iter()
            .map(|error| json!({"code": error.code, "message": error.message, "detail": error.detail}))
            .collect();
        json!({ "errors": errors })
    }
}
