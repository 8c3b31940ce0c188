//! The OpenAPI document the mock serves, read at run time, and the operations found in it.
//!
//! Schemas are kept where they are in the document and named by JSON pointer, so the validator
//! and the example generator both resolve `$ref`s against the one document.

use std::path::{Path, PathBuf};

use axum::http::{Method, StatusCode};
use portsip_api_build::openapi::{self, list, pointer, refs};
use serde_json::Value;

use crate::routing::PathTemplate;

/// The spec `portsip-api` was generated from: the checked-in one, or the file
/// `PORTSIP_API_SPEC` named at build time (`build.rs` resolves it as `portsip-api` does), so the
/// mock serves what the client under test was made from.
pub fn default_spec_path() -> PathBuf {
    PathBuf::from(env!("PORTSIP_API_SPEC_PATH"))
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

type OperationObject = serde_json::Map<String, Value>;

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
    /// Every response the operation documents, which bound what the mock may answer.
    pub responses: Vec<DeclaredResponse>,
    pub requires_auth: bool,
    /// A list operation, by the rule the client's pagination uses: the mock keeps a collection
    /// behind it.
    pub is_list: bool,
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
    /// The media type the body is sent as (JSON preferred), when the response has a body.
    pub media: Option<String>,
}

/// One entry of an operation's `responses`.
#[derive(Debug, Clone)]
pub struct DeclaredResponse {
    /// `200`, `4XX` or `default`, as written.
    pub code: String,
    /// (media type, pointer to its schema) for each declared content type; empty for a
    /// response without a body.
    pub media: Vec<(String, Option<String>)>,
}

/// Whether a `responses` key documents `status`: exactly, by its range (`2XX`), or as
/// `default`.
pub fn code_covers(code: &str, status: StatusCode) -> bool {
    code == status.as_u16().to_string()
        || code.eq_ignore_ascii_case(&format!("{}XX", status.as_u16() / 100))
        || code == "default"
}

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
        refs::resolve(&self.document, reference).map(|(_, target)| target)
    }

    fn read_operations(&self) -> Result<Vec<Operation>, SpecError> {
        if self
            .document
            .get("paths")
            .and_then(Value::as_object)
            .is_none()
        {
            return Err(invalid("/paths", "missing or not an object"));
        }
        let default_security = self.document.get("security");
        let mut operations = Vec::new();
        for found in openapi::operations(&self.document)
            .iter()
            .filter(|found| found.section == "paths")
        {
            let path = found.path;
            let template = PathTemplate::parse(path).map_err(|problem| {
                invalid(
                    &found.path_item_pointer,
                    format!("path {path:?}: {problem}"),
                )
            })?;
            let pointer = found.pointer.clone();
            let id = found
                .operation_id()
                .ok_or_else(|| invalid(&pointer, "operation without an operationId"))?;
            let security = found.operation.get("security").or(default_security);
            operations.push(Operation {
                id: id.to_owned(),
                method: Method::from_bytes(found.method.to_ascii_uppercase().as_bytes())
                    .expect("a standard method name"),
                path: template,
                parameters: self.read_parameters(found)?,
                body: self.read_body(&pointer, found.operation),
                success: self.read_success(&pointer, found.operation)?,
                responses: self.read_responses(&pointer, found.operation),
                requires_auth: requires_auth(security),
                is_list: list::is_list_operation(&self.document, found),
                pointer,
            });
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

    fn read_parameters(&self, found: &openapi::Operation) -> Result<Vec<Parameter>, SpecError> {
        let mut parameters = Vec::new();
        for (pointer, value) in found.parameters(&self.document) {
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

    fn read_body(
        &self,
        operation_pointer: &str,
        operation: &OperationObject,
    ) -> Option<RequestBody> {
        let (pointer, body) = refs::follow(
            &self.document,
            pointer::join(operation_pointer, "requestBody"),
            operation.get("requestBody")?,
        );
        let media = body
            .get("content")
            .and_then(Value::as_object)
            .map(|content| {
                content
                    .iter()
                    .map(|(media_type, entry)| {
                        let schema = entry
                            .get("schema")
                            .map(|_| schema_pointer(&pointer, media_type));
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
        operation: &OperationObject,
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
                media: None,
            });
        };
        let status = StatusCode::from_u16(status)
            .map_err(|_| invalid(operation_pointer, format!("response status {code}")))?;
        let (pointer, response) = refs::follow(
            &self.document,
            pointer::join(&pointer::join(operation_pointer, "responses"), code),
            &responses[code],
        );
        let content = response.get("content").and_then(Value::as_object);
        let json_schema = content
            .and_then(|content| {
                content.iter().find(|(media_type, entry)| {
                    list::is_json(media_type) && entry.get("schema").is_some()
                })
            })
            .map(|(media_type, _)| schema_pointer(&pointer, media_type));
        let media = content.and_then(|content| {
            content
                .keys()
                .find(|media_type| list::is_json(media_type))
                .or_else(|| content.keys().next())
                .cloned()
        });
        Ok(SuccessResponse {
            status,
            json_schema,
            media,
        })
    }

    fn read_responses(
        &self,
        operation_pointer: &str,
        operation: &OperationObject,
    ) -> Vec<DeclaredResponse> {
        let responses_pointer = pointer::join(operation_pointer, "responses");
        let Some(responses) = operation.get("responses").and_then(Value::as_object) else {
            return Vec::new();
        };
        responses
            .iter()
            .map(|(code, response)| {
                let (pointer, response) = refs::follow(
                    &self.document,
                    pointer::join(&responses_pointer, code),
                    response,
                );
                let media = response
                    .get("content")
                    .and_then(Value::as_object)
                    .into_iter()
                    .flatten()
                    .map(|(media_type, entry)| {
                        let schema = entry
                            .get("schema")
                            .map(|_| schema_pointer(&pointer, media_type));
                        (media_type.clone(), schema)
                    })
                    .collect();
                DeclaredResponse {
                    code: code.clone(),
                    media,
                }
            })
            .collect()
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

/// Where the schema of one media type of a body is written.
fn schema_pointer(body: &str, media_type: &str) -> String {
    pointer::join(
        &pointer::join(&pointer::join(body, "content"), media_type),
        "schema",
    )
}
