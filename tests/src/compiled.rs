//! Everything the mock derives from a spec file before serving it: routes, request validators,
//! behaviours and response checks. Built once per spec file per process, since each test
//! starts its own server.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use jsonschema::Validator;
use serde_json::Value;

use crate::behaviour::{Behaviour, classify};
use crate::example::{Fill, example, request_example};
use crate::routing::Routes;
use crate::spec::{DeclaredResponse, Operation, Spec, SpecError, code_covers};
use crate::validation::{CompileError, RequestValidator, SchemaRegistry};
use axum::http::StatusCode;
use portsip_api_build::openapi::list::is_json;

#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error(transparent)]
    Spec(#[from] SpecError),
    #[error(transparent)]
    Compile(#[from] CompileError),
}

pub struct CompiledSpec {
    pub spec: Spec,
    pub routes: Routes,
    pub validators: Vec<RequestValidator>,
    pub behaviours: Vec<Behaviour>,
    /// Per operation, its documented non-error responses with a validator per JSON body.
    answer_checks: Vec<Vec<AnswerCheck>>,
    examples: Mutex<HashMap<String, Value>>,
    request_examples: Mutex<HashMap<(String, Fill), Value>>,
}

impl CompiledSpec {
    pub fn compile(spec: Spec) -> Result<Self, LoadError> {
        let registry = SchemaRegistry::new(&spec)?;
        let validators = spec
            .operations
            .iter()
            .map(|op| RequestValidator::new(&spec, &registry, op))
            .collect::<Result<_, _>>()?;
        let answer_checks = spec
            .operations
            .iter()
            .map(|op| {
                op.responses
                    .iter()
                    // Errors come from the PBX's one error format, not from these schemas.
                    .filter(|declared| !declared.code.starts_with(['4', '5']))
                    .map(|declared| AnswerCheck::new(&registry, declared))
                    .collect::<Result<_, _>>()
            })
            .collect::<Result<_, _>>()?;
        Ok(Self {
            routes: Routes::new(&spec.operations),
            behaviours: classify(&spec),
            validators,
            answer_checks,
            examples: Mutex::new(HashMap::new()),
            request_examples: Mutex::new(HashMap::new()),
            spec,
        })
    }

    /// The compiled spec at `path`, shared by every server of this process that serves it.
    pub fn load_shared(path: &Path) -> Result<Arc<Self>, LoadError> {
        static LOADED: OnceLock<Mutex<HashMap<PathBuf, Arc<CompiledSpec>>>> = OnceLock::new();
        let key = path.canonicalize().unwrap_or_else(|_| path.to_owned());
        let loaded = LOADED.get_or_init(Default::default);
        if let Some(compiled) = loaded.lock().expect("spec cache").get(&key) {
            return Ok(compiled.clone());
        }
        let compiled = Arc::new(Self::compile(Spec::load(path)?)?);
        loaded
            .lock()
            .expect("spec cache")
            .insert(key, compiled.clone());
        Ok(compiled)
    }

    pub fn operation(&self, index: usize) -> &Operation {
        &self.spec.operations[index]
    }

    pub fn index_of(&self, operation_id: &str) -> Option<usize> {
        self.spec
            .operations
            .iter()
            .position(|op| op.id == operation_id)
    }

    /// A generated value for the schema at `pointer`, the same every time.
    pub fn example_at(&self, pointer: &str) -> Value {
        let mut cache = self.examples.lock().expect("example cache");
        cache
            .entry(pointer.to_owned())
            .or_insert_with(|| {
                self.spec
                    .at(pointer)
                    .map_or(Value::Null, |schema| example(&self.spec, schema))
            })
            .clone()
    }

    /// A generated request value for the schema at `pointer`, the same every time.
    pub fn request_example_at(&self, pointer: &str, fill: Fill) -> Value {
        let mut cache = self.request_examples.lock().expect("example cache");
        cache
            .entry((pointer.to_owned(), fill))
            .or_insert_with(|| {
                self.spec.at(pointer).map_or(Value::Null, |schema| {
                    request_example(&self.spec, schema, fill)
                })
            })
            .clone()
    }

    /// The generated success body of an operation, if its success response has a JSON body.
    pub fn success_example(&self, index: usize) -> Option<Value> {
        let pointer = self.operation(index).success.json_schema.clone()?;
        Some(self.example_at(&pointer))
    }

    /// Schema violations of `body` as the success answer of operation `index`.
    #[cfg(test)]
    pub fn response_problems(&self, index: usize, body: &Value) -> Vec<String> {
        let success = &self.operation(index).success;
        self.answer_problems(index, success.status, success.media.as_deref(), Some(body))
    }

    /// How an answer of operation `index` (not an error) departs from what the spec documents:
    /// a status it does not list, a body where it documents none or none where it documents
    /// one, a media type it does not list, or a JSON body its schema refuses.
    pub fn answer_problems(
        &self,
        index: usize,
        status: StatusCode,
        media: Option<&str>,
        json: Option<&Value>,
    ) -> Vec<String> {
        let checks = &self.answer_checks[index];
        // The exact status wins over a range, which wins over `default`.
        let exact = status.as_u16().to_string();
        let check = checks
            .iter()
            .find(|check| check.code == exact)
            .or_else(|| {
                checks
                    .iter()
                    .find(|check| check.code != "default" && check.covers(status))
            })
            .or_else(|| checks.iter().find(|check| check.covers(status)));
        let Some(check) = check else {
            return vec![format!("status {status} is not documented")];
        };
        match (media, check.media.is_empty()) {
            (None, true) => Vec::new(),
            (Some(media), true) => {
                vec![format!(
                    "a {media} body, where {} documents none",
                    check.code
                )]
            }
            (None, false) => vec![format!(
                "no body, where {} documents {:?}",
                check.code,
                check.media.iter().map(|(m, _)| m).collect::<Vec<_>>()
            )],
            (Some(media), false) => {
                let Some((_, validator)) = check.media.iter().find(|(declared, _)| {
                    declared.eq_ignore_ascii_case(media) || (is_json(declared) && is_json(media))
                }) else {
                    return vec![format!(
                        "media type {media} is not documented for {}",
                        check.code
                    )];
                };
                match (validator, json) {
                    (Some(validator), Some(body)) => validator
                        .iter_errors(body)
                        .map(|error| format!("{}: {error}", error.instance_path().as_str()))
                        .collect(),
                    (Some(_), None) => vec![format!("a {media} answer that is not JSON")],
                    (None, _) => Vec::new(),
                }
            }
        }
    }
}

/// One documented response and a validator for each of its JSON bodies.
struct AnswerCheck {
    code: String,
    media: Vec<(String, Option<Validator>)>,
}

impl AnswerCheck {
    fn new(registry: &SchemaRegistry, declared: &DeclaredResponse) -> Result<Self, CompileError> {
        let media = declared
            .media
            .iter()
            .map(|(media_type, schema)| {
                let validator = schema
                    .as_deref()
                    .filter(|_| is_json(media_type))
                    .map(|pointer| registry.compile_pointer(pointer))
                    .transpose()?;
                Ok((media_type.clone(), validator))
            })
            .collect::<Result<_, CompileError>>()?;
        Ok(Self {
            code: declared.code.clone(),
            media,
        })
    }

    fn covers(&self, status: StatusCode) -> bool {
        code_covers(&self.code, status)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::default_spec_path;

    #[test]
    fn every_generated_answer_satisfies_its_schema() {
        let compiled = CompiledSpec::load_shared(&default_spec_path()).unwrap();
        let mut problems = Vec::new();
        for (index, op) in compiled.spec.operations.iter().enumerate() {
            if let Some(body) = compiled.success_example(index) {
                for problem in compiled.response_problems(index, &body) {
                    problems.push(format!("{}: {problem}", op.id));
                }
            }
        }
        assert!(problems.is_empty(), "{problems:#?}");
    }

    #[test]
    fn response_checks_catch_a_wrong_type() {
        let compiled = CompiledSpec::load_shared(&default_spec_path()).unwrap();
        let index = compiled
            .spec
            .operations
            .iter()
            .position(|op| op.success.json_schema.is_some())
            .expect("some operation answers JSON");
        assert!(
            !compiled
                .response_problems(index, &serde_json::json!(42))
                .is_empty()
        );
    }
}
