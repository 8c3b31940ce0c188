//! Everything the mock derives from a spec file before serving it: routes, request validators,
//! behaviours and response checks. Built once per spec file per process, since each test
//! starts its own server.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use jsonschema::Validator;
use serde_json::Value;

use crate::behaviour::{Behaviour, classify};
use crate::example::example;
use crate::routing::Routes;
use crate::spec::{Operation, Spec, SpecError};
use crate::validation::{CompileError, RequestValidator, SchemaRegistry};

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
    response_checks: Vec<Option<Validator>>,
    examples: Mutex<HashMap<String, Value>>,
}

impl CompiledSpec {
    pub fn compile(spec: Spec) -> Result<Self, LoadError> {
        let registry = SchemaRegistry::new(&spec)?;
        let validators = spec
            .operations
            .iter()
            .map(|op| RequestValidator::new(&spec, &registry, op))
            .collect::<Result<_, _>>()?;
        let response_checks = spec
            .operations
            .iter()
            .map(|op| {
                op.success
                    .json_schema
                    .as_deref()
                    .map(|pointer| registry.compile_pointer(pointer))
                    .transpose()
            })
            .collect::<Result<_, _>>()?;
        Ok(Self {
            routes: Routes::new(&spec.operations),
            behaviours: classify(&spec),
            validators,
            response_checks,
            examples: Mutex::new(HashMap::new()),
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

    /// The generated success body of an operation, if its success response has a JSON body.
    pub fn success_example(&self, index: usize) -> Option<Value> {
        let pointer = self.operation(index).success.json_schema.clone()?;
        Some(self.example_at(&pointer))
    }

    /// Schema violations of `body` as the success answer of operation `index`.
    pub fn response_problems(&self, index: usize, body: &Value) -> Vec<String> {
        match &self.response_checks[index] {
            Some(validator) => validator
                .iter_errors(body)
                .map(|error| format!("{}: {error}", error.instance_path().as_str()))
                .collect(),
            None => Vec::new(),
        }
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
