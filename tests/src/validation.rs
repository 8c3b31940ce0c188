//! Checking each request against the spec with a JSON Schema (draft 2020-12) validator.
//!
//! The whole OpenAPI document is registered as one resource, and each check is a `$ref` into
//! it, so `$ref`s to `#/components/...` resolve however the spec is laid out. Parameters arrive
//! as strings and are first converted to the JSON type their schema asks for; one that does not
//! convert stays a string and fails validation with a message naming it.

use std::collections::BTreeSet;

use axum::http::{HeaderMap, StatusCode, header};
use jsonschema::error::ValidationErrorKind;
use jsonschema::{Draft, Registry, Validator};
use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};
use serde_json::{Map, Value, json};

use crate::errors::{ApiError, Failure, code};
use crate::schema::{flatten, flatten_first_alternative, primary_type, properties};
use crate::spec::{Operation, ParamLocation, Spec};
use portsip_api_build::openapi::list::is_json;

/// The URI the spec document is registered under; never fetched.
const SPEC_URI: &str = "https://portsip-mock.invalid/openapi.json";

/// Characters a JSON pointer may hold that a URI fragment may not.
const FRAGMENT: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'<')
    .add(b'>')
    .add(b'[')
    .add(b'\\')
    .add(b']')
    .add(b'^')
    .add(b'`')
    .add(b'{')
    .add(b'|')
    .add(b'}');

#[derive(Debug, thiserror::Error)]
#[error("cannot compile the schema at {pointer}: {message}")]
pub struct CompileError {
    pub pointer: String,
    pub message: String,
}

/// The spec document as a schema registry; builds validators for any pointer into it.
pub struct SchemaRegistry {
    registry: Registry<'static>,
}

impl SchemaRegistry {
    pub fn new(spec: &Spec) -> Result<Self, CompileError> {
        let registry = Registry::new()
            .draft(Draft::Draft202012)
            .add(SPEC_URI, spec.document().clone())
            .and_then(|builder| builder.prepare())
            .map_err(|error| CompileError {
                pointer: String::new(),
                message: error.to_string(),
            })?;
        Ok(Self { registry })
    }

    pub fn reference(pointer: &str) -> Value {
        json!({ "$ref": format!("{SPEC_URI}#{}", utf8_percent_encode(pointer, FRAGMENT)) })
    }

    pub fn compile(&self, schema: &Value, pointer: &str) -> Result<Validator, CompileError> {
        jsonschema::options()
            .with_draft(Draft::Draft202012)
            .with_registry(&self.registry)
            .should_validate_formats(true)
            .build(schema)
            .map_err(|error| CompileError {
                pointer: pointer.to_owned(),
                message: error.to_string(),
            })
    }

    pub fn compile_pointer(&self, pointer: &str) -> Result<Validator, CompileError> {
        self.compile(&Self::reference(pointer), pointer)
    }
}

/// A request's parts as the mock received them.
pub struct Incoming<'a> {
    pub path_params: &'a [(String, String)],
    pub query: &'a [(String, String)],
    pub headers: &'a HeaderMap,
    pub body: &'a [u8],
}

/// A request that passed validation, its parameters converted to JSON.
#[derive(Debug, Default)]
pub struct ValidRequest {
    /// Parameters by name (path, query and header together), with schema defaults filled in.
    pub params: Map<String, Value>,
    pub body: Option<Value>,
}

impl ValidRequest {
    pub fn param_u64(&self, name: &str) -> Option<u64> {
        self.params.get(name).and_then(Value::as_u64)
    }

    pub fn param_str(&self, name: &str) -> Option<&str> {
        self.params.get(name).and_then(Value::as_str)
    }
}

pub struct RequestValidator {
    parameters: Vec<ParameterCheck>,
    parameters_validator: Option<Validator>,
    body: Option<BodyCheck>,
}

struct ParameterCheck {
    name: String,
    location: ParamLocation,
    shape: Shape,
    default: Option<Value>,
}

struct BodyCheck {
    required: bool,
    media: Vec<MediaCheck>,
}

struct MediaCheck {
    media_type: String,
    validator: Option<Validator>,
    /// Field types, for form bodies whose values arrive as strings.
    fields: Vec<(String, Shape)>,
}

impl RequestValidator {
    pub fn new(
        spec: &Spec,
        registry: &SchemaRegistry,
        op: &Operation,
    ) -> Result<Self, CompileError> {
        let mut parameters = Vec::new();
        let mut by_location: Vec<(ParamLocation, Map<String, Value>, Vec<Value>)> = Vec::new();
        for parameter in &op.parameters {
            let schema = parameter
                .schema
                .as_deref()
                .and_then(|pointer| spec.at(pointer));
            let flat = schema
                .map(|schema| flatten(spec, schema))
                .unwrap_or_default();
            parameters.push(ParameterCheck {
                name: parameter.name.clone(),
                location: parameter.location,
                shape: schema.map_or(Shape::String, |schema| Shape::of(spec, schema)),
                default: flat.get("default").cloned(),
            });
            let index = match by_location
                .iter()
                .position(|(l, ..)| *l == parameter.location)
            {
                Some(index) => index,
                None => {
                    by_location.push((parameter.location, Map::new(), Vec::new()));
                    by_location.len() - 1
                }
            };
            let (_, properties, required) = &mut by_location[index];
            let property = parameter
                .schema
                .as_deref()
                .map_or(json!({}), SchemaRegistry::reference);
            properties.insert(parameter.name.clone(), property);
            if parameter.required {
                required.push(json!(parameter.name));
            }
        }
        let parameters_validator = if by_location.is_empty() {
            None
        } else {
            let mut locations = Map::new();
            for (location, properties, required) in by_location {
                locations.insert(
                    location.as_str().into(),
                    json!({"type": "object", "properties": properties, "required": required}),
                );
            }
            let schema = json!({"type": "object", "properties": locations});
            Some(registry.compile(&schema, &format!("{}/parameters", op.pointer))?)
        };
        let body = match &op.body {
            None => None,
            Some(body) => {
                let mut media = Vec::new();
                for (media_type, pointer) in &body.media {
                    let validator = pointer
                        .as_deref()
                        .map(|pointer| registry.compile_pointer(pointer))
                        .transpose()?;
                    let fields = pointer
                        .as_deref()
                        .and_then(|pointer| spec.at(pointer))
                        .map(|schema| {
                            properties(&flatten(spec, schema))
                                .map(|(name, field)| (name.clone(), Shape::of(spec, field)))
                                .collect()
                        })
                        .unwrap_or_default();
                    media.push(MediaCheck {
                        media_type: media_type.clone(),
                        validator,
                        fields,
                    });
                }
                Some(BodyCheck {
                    required: body.required,
                    media,
                })
            }
        };
        Ok(Self {
            parameters,
            parameters_validator,
            body,
        })
    }

    pub fn validate(&self, incoming: &Incoming<'_>) -> Result<ValidRequest, Failure> {
        let mut errors = Vec::new();
        let params = self.check_parameters(incoming, &mut errors);
        let body = self.check_body(incoming, &mut errors);
        if errors.is_empty() {
            return Ok(ValidRequest { params, body });
        }
        let status = errors
            .iter()
            .find_map(|(status, _)| *status)
            .unwrap_or(StatusCode::BAD_REQUEST);
        Err(Failure {
            status,
            errors: errors.into_iter().map(|(_, error)| error).collect(),
        })
    }

    fn check_parameters(
        &self,
        incoming: &Incoming<'_>,
        errors: &mut Vec<(Option<StatusCode>, ApiError)>,
    ) -> Map<String, Value> {
        let declared: BTreeSet<&str> = self
            .parameters
            .iter()
            .filter(|p| p.location == ParamLocation::Query)
            .map(|p| p.name.as_str())
            .collect();
        for (name, _) in incoming.query {
            if !declared.contains(name.as_str()) {
                errors.push((
                    None,
                    ApiError::new(
                        code::VALIDATE_FAILED,
                        format!("query parameter {name:?} is not in the spec for this operation"),
                    )
                    .with_detail(format!("/query/{name}")),
                ));
            }
        }
        let mut instance = Map::new();
        let mut params = Map::new();
        for check in &self.parameters {
            let raw: Vec<&str> = match check.location {
                ParamLocation::Path => incoming
                    .path_params
                    .iter()
                    .filter(|(name, _)| *name == check.name)
                    .map(|(_, value)| value.as_str())
                    .collect(),
                ParamLocation::Query => incoming
                    .query
                    .iter()
                    .filter(|(name, _)| *name == check.name)
                    .map(|(_, value)| value.as_str())
                    .collect(),
                ParamLocation::Header => incoming
                    .headers
                    .get_all(check.name.as_str())
                    .iter()
                    .filter_map(|value| value.to_str().ok())
                    .collect(),
            };
            if raw.is_empty() {
                if let Some(default) = &check.default {
                    params.insert(check.name.clone(), default.clone());
                }
                continue;
            }
            let value = check.shape.convert_all(&raw);
            params.insert(check.name.clone(), value.clone());
            instance
                .entry(check.location.as_str())
                .or_insert_with(|| Value::Object(Map::new()))
                .as_object_mut()
                .expect("built as an object")
                .insert(check.name.clone(), value);
        }
        if let Some(validator) = &self.parameters_validator {
            for location in ["path", "query", "header"] {
                instance
                    .entry(location)
                    .or_insert_with(|| Value::Object(Map::new()));
            }
            collect_errors(validator, &Value::Object(instance), "", errors);
        }
        params
    }

    fn check_body(
        &self,
        incoming: &Incoming<'_>,
        errors: &mut Vec<(Option<StatusCode>, ApiError)>,
    ) -> Option<Value> {
        let empty = incoming.body.iter().all(u8::is_ascii_whitespace);
        let Some(check) = &self.body else {
            if !empty {
                errors.push(body_error(None, "this operation takes no request body"));
            }
            return None;
        };
        if empty {
            if check.required {
                errors.push(body_error(None, "a request body is required"));
            }
            return None;
        }
        let content_type = incoming
            .headers
            .get(header::CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
            .unwrap_or("");
        let essence = content_type.split(';').next().unwrap_or("").trim();
        let Some(media) = check
            .media
            .iter()
            .find(|media| media.media_type.eq_ignore_ascii_case(essence))
        else {
            let allowed: Vec<&str> = check.media.iter().map(|m| m.media_type.as_str()).collect();
            errors.push(body_error(
                Some(StatusCode::UNSUPPORTED_MEDIA_TYPE),
                &format!("content type {content_type:?} is not one of {allowed:?}"),
            ));
            return None;
        };
        let body = if is_json(&media.media_type) {
            match serde_json::from_slice::<Value>(incoming.body) {
                Ok(body) => body,
                Err(error) => {
                    errors.push(body_error(
                        None,
                        &format!("the body is not valid JSON: {error}"),
                    ));
                    return None;
                }
            }
        } else if essence == "application/x-www-form-urlencoded" {
            form_to_json(incoming.body, &media.fields)
        } else {
            // Other media (files, text) are accepted as they are.
            return Some(Value::String(
                String::from_utf8_lossy(incoming.body).into_owned(),
            ));
        };
        if let Some(validator) = &media.validator {
            collect_errors(validator, &body, "/body", errors);
        }
        Some(body)
    }
}

fn body_error(status: Option<StatusCode>, message: &str) -> (Option<StatusCode>, ApiError) {
    (
        status,
        ApiError::new(code::VALIDATE_FAILED, message).with_detail("/body"),
    )
}

/// One vendor error per schema violation; `detail` is the JSON pointer of the offending field
/// (`/body/name`, `/query/top`), including the property a `required` error is about.
fn collect_errors(
    validator: &Validator,
    instance: &Value,
    prefix: &str,
    errors: &mut Vec<(Option<StatusCode>, ApiError)>,
) {
    for error in validator.iter_errors(instance) {
        let mut field = format!("{prefix}{}", error.instance_path().as_str());
        if let ValidationErrorKind::Required { property } = error.kind()
            && let Some(property) = property.as_str()
        {
            field = format!("{field}/{property}");
        }
        errors.push((
            None,
            ApiError::new(code::VALIDATE_FAILED, format!("{field}: {error}")).with_detail(field),
        ));
    }
}

fn form_to_json(body: &[u8], fields: &[(String, Shape)]) -> Value {
    let mut grouped: Vec<(String, Vec<String>)> = Vec::new();
    for (name, value) in form_urlencoded::parse(body) {
        match grouped.iter_mut().find(|(existing, _)| *existing == name) {
            Some((_, values)) => values.push(value.into_owned()),
            None => grouped.push((name.into_owned(), vec![value.into_owned()])),
        }
    }
    let object = grouped
        .into_iter()
        .map(|(name, values)| {
            let shape = fields
                .iter()
                .find(|(field, _)| *field == name)
                .map_or(&Shape::String, |(_, shape)| shape);
            let raw: Vec<&str> = values.iter().map(String::as_str).collect();
            (name, shape.convert_all(&raw))
        })
        .collect();
    Value::Object(object)
}

/// The JSON type a string-encoded value should become.
#[derive(Debug, Clone, PartialEq)]
enum Shape {
    Integer,
    Number,
    Boolean,
    String,
    Array(Box<Shape>),
}

impl Shape {
    fn of(spec: &Spec, schema: &Value) -> Self {
        let flat = flatten_first_alternative(spec, schema);
        match primary_type(&flat) {
            Some("integer") => Self::Integer,
            Some("number") => Self::Number,
            Some("boolean") => Self::Boolean,
            Some("array") => Self::Array(Box::new(
                flat.get("items")
                    .map_or(Self::String, |items| Self::of(spec, items)),
            )),
            _ => Self::String,
        }
    }

    fn convert_all(&self, raw: &[&str]) -> Value {
        match self {
            Self::Array(item) => Value::Array(raw.iter().map(|text| item.convert(text)).collect()),
            // A scalar given twice: the last one counts, as most servers do.
            _ => self.convert(raw.last().copied().unwrap_or_default()),
        }
    }

    fn convert(&self, text: &str) -> Value {
        let converted = match self {
            Self::Integer => text.parse::<i64>().ok().map(Value::from),
            Self::Number => text.parse::<f64>().ok().map(Value::from),
            Self::Boolean => text.parse::<bool>().ok().map(Value::from),
            Self::String | Self::Array(_) => None,
        };
        converted.unwrap_or_else(|| Value::String(text.to_owned()))
    }
}
