//! The one error type of the client: what the PBX refused (a typed [`ApiError`]), and what went
//! wrong on the way (timeout, connection, undecodable body, bad configuration).

use std::fmt;

use bytes::Bytes;
use reqwest::StatusCode;

use crate::types;

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Why a call failed. Tokens and passwords never appear in it.
#[derive(thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The PBX answered with an error status.
    #[error("{0}")]
    Api(ApiError),
    /// The PBX did not answer in time (see `ClientBuilder::timeout`).
    #[error("the PBX did not answer in time: {0}")]
    Timeout(#[source] reqwest::Error),
    /// No connection to the PBX could be made (after the configured retries, for `GET`s).
    #[error("cannot connect to the PBX: {0}")]
    Connect(#[source] reqwest::Error),
    /// The PBX's TLS certificate is not trusted or does not name the host. Not retried: it
    /// would fail the same way again.
    #[error(
        "the PBX's TLS certificate is not trusted: {0} (for a self-issued certificate, trust its \
         CA with `ClientBuilder::root_certificate_pem`)"
    )]
    Certificate(#[source] reqwest::Error),
    /// Any other failure of the HTTP exchange.
    #[error("HTTP exchange with the PBX failed: {0}")]
    Transport(#[source] reqwest::Error),
    /// A success response whose body does not decode into the expected type. The body is kept
    /// but not shown, as it may carry tokens.
    #[error("the PBX's response does not decode: {source}")]
    Decode {
        body: Bytes,
        source: serde_json::Error,
    },
    /// The request could not be built (a builder argument was missing or invalid).
    #[error("invalid request: {0}")]
    InvalidRequest(String),
    /// The client configuration is unusable.
    #[error("invalid client configuration: {0}")]
    Config(String),
    /// The sign-in exchange ended in an answer the client cannot continue from.
    #[error("sign-in failed: {0}")]
    SignIn(String),
    /// The PBX answered with a status the operation does not define.
    #[error("unexpected response status {0}")]
    UnexpectedStatus(StatusCode),
    /// A list's pages do not add up, so paging it could go on forever (see
    /// `ListOperation::stream`).
    #[error("the PBX's pages do not add up: {0}")]
    Paging(String),
}

impl Error {
    /// The refusal from the PBX, if that is what this is.
    pub fn api(&self) -> Option<&ApiError> {
        match self {
            Error::Api(api) => Some(api),
            _ => None,
        }
    }

    /// The HTTP status of an API error.
    pub fn status(&self) -> Option<StatusCode> {
        self.api().map(ApiError::status)
    }

    pub(crate) fn from_reqwest(error: reqwest::Error) -> Self {
        let error = without_query(error);
        if error.is_timeout() {
            Error::Timeout(error)
        } else if is_certificate_failure(&error) {
            Error::Certificate(error)
        } else if error.is_connect() {
            Error::Connect(error)
        } else {
            Error::Transport(error)
        }
    }
}

/// `error` with the query string and fragment dropped from its URL. reqwest shows the URL in
/// its errors' `Display` and `Debug`, and a query can carry a secret (`GET /sessions/directly`
/// sends the extension's password there); the path still says which request failed.
pub(crate) fn without_query(mut error: reqwest::Error) -> reqwest::Error {
    if let Some(url) = error.url_mut() {
        url.set_query(None);
        url.set_fragment(None);
    }
    error
}

/// Whether `error` comes from rustls refusing the server's certificate, which sits somewhere in
/// the source chain, wrapped in `io::Error`s.
pub(crate) fn is_certificate_failure(error: &reqwest::Error) -> bool {
    let mut next: Option<&(dyn std::error::Error + 'static)> = Some(error);
    while let Some(current) = next {
        if let Some(rustls::Error::InvalidCertificate(_)) = current.downcast_ref() {
            return true;
        }
        // `io::Error::source` skips the error it wraps, so step into that one instead.
        next = match current.downcast_ref::<std::io::Error>() {
            Some(io) => io
                .get_ref()
                .map(|inner| inner as &(dyn std::error::Error + 'static)),
            None => current.source(),
        };
    }
    false
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Api(api) => f.debug_tuple("Api").field(api).finish(),
            Error::Timeout(e) => f.debug_tuple("Timeout").field(e).finish(),
            Error::Connect(e) => f.debug_tuple("Connect").field(e).finish(),
            Error::Certificate(e) => f.debug_tuple("Certificate").field(e).finish(),
            Error::Transport(e) => f.debug_tuple("Transport").field(e).finish(),
            Error::Decode { body, source } => f
                .debug_struct("Decode")
                .field("body", &format_args!("<{} bytes>", body.len()))
                .field("source", source)
                .finish(),
            Error::InvalidRequest(m) => f.debug_tuple("InvalidRequest").field(m).finish(),
            Error::Config(m) => f.debug_tuple("Config").field(m).finish(),
            Error::SignIn(m) => f.debug_tuple("SignIn").field(m).finish(),
            Error::UnexpectedStatus(s) => f.debug_tuple("UnexpectedStatus").field(s).finish(),
            Error::Paging(m) => f.debug_tuple("Paging").field(m).finish(),
        }
    }
}

/// The raw body of an error response. The transport hook reads it and leaves it in the
/// response's extensions, because the conversion below cannot await the body itself.
#[derive(Clone, Debug)]
pub(crate) struct ErrorBody(pub Bytes);

impl From<progenitor_client::Error> for Error {
    fn from(error: progenitor_client::Error) -> Self {
        use progenitor_client::Error as Generated;
        match error {
            Generated::InvalidRequest(message) => Error::InvalidRequest(message),
            Generated::CommunicationError(e)
            | Generated::ResponseBodyError(e)
            | Generated::InvalidUpgrade(e) => Error::from_reqwest(e),
            Generated::InvalidResponsePayload(body, source) => Error::Decode { body, source },
            Generated::UnexpectedResponse(response) => {
                match response.extensions().get::<ErrorBody>() {
                    Some(ErrorBody(body)) => Error::Api(ApiError::new(response.status(), body)),
                    None => Error::UnexpectedStatus(response.status()),
                }
            }
            // Error responses are not in the generated operations (see portsip-api-build's
            // `responses` stage), so only a status can arrive here.
            Generated::ErrorResponse(response) => Error::UnexpectedStatus(response.status()),
            // Hook errors stop a request before it is sent.
            Generated::Custom(message) => Error::InvalidRequest(message),
        }
    }
}

/// An error status from the PBX, with the vendor's error body decoded when it is one.
#[derive(Clone, Debug)]
pub struct ApiError {
    status: StatusCode,
    body: ApiErrorBody,
}

#[derive(Clone, Debug)]
enum ApiErrorBody {
    /// `{"errors": [{"code", "message", "detail"}]}`.
    Vendor(Vec<types::ApiError>),
    /// Anything else (a proxy's HTML page, an empty body), as text.
    Raw(String),
}

impl ApiError {
    pub(crate) fn new(status: StatusCode, body: &[u8]) -> Self {
        let body = match serde_json::from_slice::<types::ErrorResponse>(body) {
            Ok(decoded) => ApiErrorBody::Vendor(decoded.errors.unwrap_or_default()),
            Err(_) => ApiErrorBody::Raw(String::from_utf8_lossy(body).into_owned()),
        };
        Self { status, body }
    }

    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The vendor's error entries (empty for a body that is not the vendor's error JSON).
    pub fn errors(&self) -> &[types::ApiError] {
        match &self.body {
            ApiErrorBody::Vendor(errors) => errors,
            ApiErrorBody::Raw(_) => &[],
        }
    }

    /// The machine-readable code of the first error entry, e.g. `VALIDATE_FAILED`; codes this
    /// client does not know are returned as sent.
    pub fn code(&self) -> Option<&str> {
        self.errors().first()?.code.as_ref().map(AsRef::as_ref)
    }

    /// The code of the first error entry, typed: documented codes are variants, and codes this
    /// version does not know arrive as `ErrorCode::Unknown` with the text as sent.
    pub fn error_code(&self) -> Option<&types::ErrorCode> {
        self.errors().first()?.code.as_ref()
    }

    /// The human-readable message of the first error entry.
    pub fn message(&self) -> Option<&str> {
        self.errors().first()?.message.as_deref()
    }

    /// The code-specific detail of the first error entry (e.g. which field failed validation).
    pub fn detail(&self) -> Option<&serde_json::Value> {
        self.errors()
            .first()?
            .detail
            .as_ref()
            .filter(|d| !d.is_null())
    }

    /// The body as received, when it was not the vendor's error JSON.
    pub fn raw_body(&self) -> Option<&str> {
        match &self.body {
            ApiErrorBody::Raw(text) => Some(text),
            ApiErrorBody::Vendor(_) => None,
        }
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the PBX answered {}", self.status)?;
        match (self.code(), self.message(), self.raw_body()) {
            (Some(code), Some(message), _) => write!(f, ": {code}: {message}"),
            (Some(code), None, _) => write!(f, ": {code}"),
            (None, Some(message), _) => write!(f, ": {message}"),
            (None, None, Some(raw)) if !raw.trim().is_empty() => {
                let excerpt: String = raw.chars().take(200).collect();
                write!(f, ": {}", excerpt.trim())
            }
            _ => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_vendor_error_body_decodes_with_code_message_and_detail() {
        let body = br#"{"errors":[{"code":"VALIDATE_FAILED","message":"name is required","detail":{"field":"name"}}]}"#;
        let error = ApiError::new(StatusCode::BAD_REQUEST, body);
        assert_eq!(error.status(), StatusCode::BAD_REQUEST);
        assert_eq!(error.code(), Some("VALIDATE_FAILED"));
        assert_eq!(error.error_code(), Some(&types::ErrorCode::ValidateFailed));
        assert_eq!(error.message(), Some("name is required"));
        assert_eq!(error.detail(), Some(&serde_json::json!({"field": "name"})));
        assert_eq!(
            error.to_string(),
            "the PBX answered 400 Bad Request: VALIDATE_FAILED: name is required"
        );
    }

    #[test]
    fn unknown_codes_and_null_fields_are_kept() {
        let body = br#"{"errors":[{"code":"BRAND_NEW_CODE","message":null,"detail":null}]}"#;
        let error = ApiError::new(StatusCode::CONFLICT, body);
        assert_eq!(error.code(), Some("BRAND_NEW_CODE"));
        assert_eq!(
            error.error_code(),
            Some(&types::ErrorCode::Unknown("BRAND_NEW_CODE".into()))
        );
        assert_eq!(error.message(), None);
        assert_eq!(error.detail(), None);
    }

    #[test]
    fn a_body_that_is_not_the_vendor_json_is_kept_raw() {
        let error = ApiError::new(StatusCode::BAD_GATEWAY, b"<html>Bad Gateway</html>");
        assert!(error.errors().is_empty());
        assert_eq!(error.raw_body(), Some("<html>Bad Gateway</html>"));
        assert_eq!(
            error.to_string(),
            "the PBX answered 502 Bad Gateway: <html>Bad Gateway</html>"
        );
    }

    #[test]
    fn the_message_says_as_much_as_the_body_gives() {
        let display = |body: &[u8]| ApiError::new(StatusCode::BAD_REQUEST, body).to_string();
        assert_eq!(
            display(br#"{"errors":[{"code":"VALIDATE_FAILED","message":"name is required"}]}"#),
            "the PBX answered 400 Bad Request: VALIDATE_FAILED: name is required"
        );
        assert_eq!(
            display(br#"{"errors":[{"code":"VALIDATE_FAILED"}]}"#),
            "the PBX answered 400 Bad Request: VALIDATE_FAILED"
        );
        // The vendor's error always has a code; a body without one is not its error object,
        // and is shown as it came.
        assert_eq!(
            display(br#"{"errors":[{"message":"name is required"}]}"#),
            r#"the PBX answered 400 Bad Request: {"errors":[{"message":"name is required"}]}"#
        );
        assert_eq!(
            display(br#"{"errors":[{"code":"X","message":null}]}"#),
            "the PBX answered 400 Bad Request: X"
        );
        assert_eq!(
            display(br#"{"errors":[{"code":null,"message":"name is required"}]}"#),
            "the PBX answered 400 Bad Request: name is required"
        );
        assert_eq!(display(b""), "the PBX answered 400 Bad Request");
        assert_eq!(display(b"  \n"), "the PBX answered 400 Bad Request");
    }

    #[test]
    fn debug_names_the_kind_of_error_and_what_it_carries() {
        let api = Error::Api(ApiError::new(
            StatusCode::NOT_FOUND,
            br#"{"errors":[{"code":"NOT_FOUND","message":"no such queue"}]}"#,
        ));
        let debug = format!("{api:?}");
        assert!(
            debug.starts_with("Api(") && debug.contains("NOT_FOUND") && debug.contains("404"),
            "{debug}"
        );
        assert_eq!(
            format!("{:?}", Error::Paging("page 3 repeats page 2".into())),
            "Paging(\"page 3 repeats page 2\")"
        );
    }

    #[test]
    fn decode_errors_do_not_show_the_body() {
        let source = serde_json::from_str::<u8>("x").unwrap_err();
        let error = Error::Decode {
            body: Bytes::from_static(b"{\"access_token\":\"secret\"}"),
            source,
        };
        assert!(!format!("{error:?}").contains("secret"));
        assert!(!error.to_string().contains("secret"));
    }
}
