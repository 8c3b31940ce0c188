//! The OpenAPI document the mock serves, read at run time, and the operations found in it.
//!
//! Schemas are kept where they are in the document and named by JSON pointer, so the validator
//! and the example generator both resolve `$ref`s against the one document.

use std::path::{Path, PathBuf};

use axum::http::{Method, StatusCode};
use serde_json::Value;

use crate::routing::PathTemplate;

/// Where the checked-in spec lives, relative to this crate.
pub fn default_spec_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/openapi.json")
}

#[derive(Debug, thiserror::Error)]
pub enum SpecError {
    #[error("cannot read the spec {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("the spec {path} is not JSON: {source}")]
    Parse {
        path: PathBuf,
        source: serde_json::Error,
    },
    #[error("spec {pointer}: {problem}")]
    Invalid { pointer: String, problem: String },
}

fn invalid(pointer: &str, problem: impl Into<String>) -> SpecError {
    SpecError::Invalid {
        pointer: pointer.to_owned(),
        problem: problem.into(),
    }
}

#[derive(Debug)]
pub struct Spec {
    document: Value,
    pub operations: Vec<Operation>,
}

#[derive(Debug, Clone)]
pub struct Operation {
    pub id: String,
    pub method: Method,
    pub path: PathTemplate,
    /// JSON pointer to the operation object, e.g. `/paths/~1holidays/get`.
    pub pointer: String,
    pub parameters: Vec<Parameter>,
    pub body: Option<RequestBody>,
    pub success: SuccessResponse,
    pub requires_auth: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ParamLocation {
    Path,
    Query,
    Header,
}

impl ParamLocation {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Path => "path",
            Self::Query => "query",
            Self::Header => "header",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Parameter {
    pub name: String,
    pub location: ParamLocation,
    pub required: bool,
    /// Pointer to the parameter's schema; absent when the parameter declares none.
    pub schema: Option<String>,
}

#[derive(Debug, Clone)]
pub struct RequestBody {
    pub required: bool,
    /// (media type, pointer to its schema) for each declared content type.
    pub media: Vec<(String, Option<String>)>,
}

#[derive(Debug, Clone)]
pub struct SuccessResponse {
    pub status: StatusCode,
    /// Pointer to the JSON schema of the body, when the response has a JSON body.
    pub json_schema: Option<String>,
}

const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

impl Spec {
    pub fn load(path: &Path) -> Result<Self, SpecError> {
        let text = std::fs::read_to_string(path).map_err(|source| SpecError::Read {
            path: path.to_owned(),
            source,
        })?;
        let document = serde_json::from_str(&text).map_err(|source| SpecError::Parse {
            path: path.to_owned(),
            source,
        })?;
        Self::from_document(document)
    }

    pub fn from_document(document: Value) -> Result<Self, SpecError> {
        let mut spec = Self {
            document,
            operations: Vec::new(),
        };
        spec.operations = spec.read_operations()?;
        Ok(spec)
    }

    pub fn document(&self) -> &Value {
        &self.document
    }

    pub fn at(&self, pointer: &str) -> Option<&Value> {
        self.document.pointer(pointer)
    }

    /// The target of a local reference such as `#/components/schemas/Holiday`.
    pub fn follow(&self, reference: &str) -> Option<&Value> {
        let fragment = reference.strip_prefix('#')?;
        let decoded = percent_encoding::percent_decode_str(fragment).decode_utf8_lossy();
        self.document.pointer(&decoded)
    }

    /// The pointer a `$ref` names, or the given pointer when the value there is not a `$ref`.
    fn resolve_pointer(&self, pointer: String) -> String {
        let mut pointer = pointer;
        for _ in 0..64 {
            let next = self
                .at(&pointer)
                .and_then(|value| value.get("$ref"))
                .and_then(Value::as_str)
                .and_then(|reference| reference.strip_prefix('#'))
                .map(|fragment| {
                    percent_encoding::percent_decode_str(fragment)
                        .decode_utf8_lossy()
                        .into_owned()
                });
            match next {
                Some(next) => pointer = next,
                None => break,
            }
        }
        pointer
    }

    fn read_operations(&self) -> Result<Vec<Operation>, SpecError> {
        let paths = self
            .document
            .get("paths")
            .and_then(Value::as_object)
            .ok_or_else(|| invalid("/paths", "missing or not an object"))?;
        let default_security = self.document.get("security");
        let mut operations = Vec::new();
        for (path, item) in paths {
            let item_pointer = self.resolve_pointer(format!("/paths/{}", escape(path)));
            let item = self.at(&item_pointer).unwrap_or(item);
            let template = PathTemplate::parse(path)
                .map_err(|problem| invalid(&item_pointer, format!("path {path:?}: {problem}")))?;
            let shared_parameters = self.read_parameters(&item_pointer, item)?;
            for method in METHODS {
                let Some(operation) = item.get(method) else {
                    continue;
                };
                let pointer = format!("{item_pointer}/{method}");
                let id = operation
                    .get("operationId")
                    .and_then(Value::as_str)
                    .ok_or_else(|| invalid(&pointer, "operation without an operationId"))?;
                let mut parameters = self.read_parameters(&pointer, operation)?;
                for shared in &shared_parameters {
                    let overridden = parameters
                        .iter()
                        .any(|own| own.name == shared.name && own.location == shared.location);
                    if !overridden {
                        parameters.push(shared.clone());
                    }
                }
                let security = operation.get("security").or(default_security);
                operations.push(Operation {
                    id: id.to_owned(),
                    method: Method::from_bytes(method.to_ascii_uppercase().as_bytes())
                        .expect("a standard method name"),
                    path: template.clone(),
                    body: self.read_body(&pointer, operation),
                    success: self.read_success(&pointer, operation)?,
                    requires_auth: requires_auth(security),
                    parameters,
                    pointer,
                });
            }
        }
        let mut seen = std::collections::HashSet::new();
        for op in &operations {
            if !seen.insert(op.id.as_str()) {
                return Err(invalid(
                    &op.pointer,
                    format!("operationId {} is used twice", op.id),
                ));
            }
        }
        Ok(operations)
    }

    fn read_parameters(
        &self,
        owner: &str,
        owner_value: &Value,
    ) -> Result<Vec<Parameter>, SpecError> {
        let Some(list) = owner_value.get("parameters").and_then(Value::as_array) else {
            return Ok(Vec::new());
        };
        let mut parameters = Vec::new();
        for index in 0..list.len() {
            let pointer = self.resolve_pointer(format!("{owner}/parameters/{index}"));
            let value = self.at(&pointer).unwrap_or(&Value::Null);
            let name = value
                .get("name")
                .and_then(Value::as_str)
                .ok_or_else(|| invalid(&pointer, "parameter without a name"))?;
            let location = match value.get("in").and_then(Value::as_str) {
                Some("path") => ParamLocation::Path,
                Some("query") => ParamLocation::Query,
                Some("header") => ParamLocation::Header,
                // Cookie parameters carry session state the mock tracks itself.
                Some("cookie") => continue,
                other => return Err(invalid(&pointer, format!("parameter location {other:?}"))),
            };
            let required = location == ParamLocation::Path
                || value.get("required").and_then(Value::as_bool) == Some(true);
            let schema = value.get("schema").map(|_| format!("{pointer}/schema"));
            parameters.push(Parameter {
                name: name.to_owned(),
                location,
                required,
                schema,
            });
        }
        Ok(parameters)
    }

    fn read_body(&self, operation_pointer: &str, operation: &Value) -> Option<RequestBody> {
        operation.get("requestBody")?;
        let pointer = self.resolve_pointer(format!("{operation_pointer}/requestBody"));
        let body = self.at(&pointer)?;
        let media = body
            .get("content")
            .and_then(Value::as_object)
            .map(|content| {
                content
                    .iter()
                    .map(|(media_type, entry)| {
                        let schema = entry
                            .get("schema")
                            .map(|_| format!("{pointer}/content/{}/schema", escape(media_type)));
                        (media_type.clone(), schema)
                    })
                    .collect()
            })
            .unwrap_or_default();
        Some(RequestBody {
            required: body.get("required").and_then(Value::as_bool) == Some(true),
            media,
        })
    }

    /// The response the mock gives when all goes well: the lowest 2XX/3XX status declared.
    fn read_success(
        &self,
        operation_pointer: &str,
        operation: &Value,
    ) -> Result<SuccessResponse, SpecError> {
        let responses = operation
            .get("responses")
            .and_then(Value::as_object)
            .ok_or_else(|| invalid(operation_pointer, "operation without responses"))?;
        let chosen = responses
            .keys()
            .filter_map(|code| code.parse::<u16>().ok().map(|status| (status, code)))
            .filter(|(status, _)| (200..400).contains(status))
            .min();
        let Some((status, code)) = chosen else {
            // Only ranges like 2XX, or only errors: answer a bare 200.
            return Ok(SuccessResponse {
                status: StatusCode::OK,
                json_schema: None,
            });
        };
        let status = StatusCode::from_u16(status)
            .map_err(|_| invalid(operation_pointer, format!("response status {code}")))?;
        let pointer = self.resolve_pointer(format!("{operation_pointer}/responses/{code}"));
        let json_schema = self
            .at(&pointer)
            .and_then(|response| response.get("content"))
            .and_then(Value::as_object)
            .and_then(|content| {
                content.iter().find(|(media_type, entry)| {
                    is_json(media_type) && entry.get("schema").is_some()
                })
            })
            .map(|(media_type, _)| format!("{pointer}/content/{}/schema", escape(media_type)));
        Ok(SuccessResponse {
            status,
            json_schema,
        })
    }
}

/// An empty security requirement (`{}`) in the list makes authentication optional.
fn requires_auth(security: Option<&Value>) -> bool {
    match security.and_then(Value::as_array) {
        None => false,
        Some(requirements) => {
            !requirements.is_empty()
                && !requirements
                    .iter()
                    .any(|requirement| requirement.as_object().is_some_and(|r| r.is_empty()))
        }
    }
}

pub fn is_json(media_type: &str) -> bool {
    let essence = media_type.split(';').next().unwrap_or("").trim();
    essence == "application/json" || essence.ends_with("+json")
}

/// Escapes one JSON pointer token (RFC 6901).
pub fn escape(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}
