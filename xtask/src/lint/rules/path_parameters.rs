use std::collections::BTreeMap;

use serde_json::Value;

use super::Rule;
use crate::lint::diagnostic::{Findings, Severity};
use crate::lint::document::{Document, Operation};

/// Path parameters must match the path template: a declared name missing from the path is
/// never sent, a template name with no declaration can't be filled in, and a path parameter
/// is always required.
pub struct PathParameters;

/// Names between braces in a path template: `/holidays/{id}` → `id`.
fn template_names(path: &str) -> Vec<&str> {
    path.split('{')
        .skip(1)
        .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
        .collect()
}

/// The operation's path parameters by name, with where each is written. Operation-level
/// declarations override path-item-level ones of the same name.
fn declared<'a>(
    document: &'a Document,
    operation: &Operation<'a>,
) -> BTreeMap<&'a str, (String, &'a Value)> {
    let mut declared = BTreeMap::new();
    let lists = [
        (
            &operation.path_item_pointer,
            operation.path_item.get("parameters"),
        ),
        (&operation.pointer, operation.operation.get("parameters")),
    ];
    for (owner, parameters) in lists {
        for (index, parameter) in parameters
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .enumerate()
        {
            let (pointer, parameter) =
                document.follow(format!("{owner}/parameters/{index}"), parameter);
            if parameter.get("in").and_then(Value::as_str) != Some("path") {
                continue;
            }
            if let Some(name) = parameter.get("name").and_then(Value::as_str) {
                declared.insert(name, (pointer, parameter));
            }
        }
    }
    declared
}

impl Rule for PathParameters {
    fn id(&self) -> &'static str {
        "path-parameters"
    }

    fn default_severity(&self) -> Severity {
        Severity::Error
    }

    fn description(&self) -> &'static str {
        "path parameters match the path template one to one and are `required: true`"
    }

    fn check(&self, document: &Document, findings: &mut Findings) {
        for operation in document.operations() {
            let in_template = template_names(operation.path);
            let declared = declared(document, &operation);
            let route = operation.route();
            for name in &in_template {
                if !declared.contains_key(name) {
                    findings.report(
                        operation.pointer.clone(),
                        format!("`{{{name}}}` in `{route}` is not declared as a path parameter"),
                        format!("add a parameter with `\"name\": \"{name}\", \"in\": \"path\", \"required\": true`"),
                    );
                }
            }
            for (name, (pointer, parameter)) in &declared {
                if !in_template.contains(name) {
                    findings.report(
                        pointer.clone(),
                        format!("path parameter `{name}` does not appear in `{route}`"),
                        "rename it to match a `{name}` in the path, or declare it `in: query`",
                    );
                } else if parameter.get("required") != Some(&Value::Bool(true)) {
                    findings.report(
                        pointer.clone(),
                        format!("path parameter `{name}` of `{route}` is not `required: true`"),
                        "path parameters are always required: add `\"required\": true`",
                    );
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::lint::rules::testing::{pointers, with_paths};

    fn operation_with(path: &str, parameters: Value) -> Value {
        with_paths(json!({path: {"get": {
            "operationId": "showThing",
            "parameters": parameters,
            "responses": {"200": {"description": "OK"}}
        }}}))
    }

    fn path_parameter(name: &str, required: bool) -> Value {
        json!({"name": name, "in": "path", "required": required, "schema": {"type": "string"}})
    }

    #[test]
    fn fires_on_an_undeclared_template_name() {
        let doc = operation_with("/holidays/{id}", json!([]));
        assert_eq!(
            pointers(&PathParameters, doc),
            ["/paths/~1holidays~1{id}/get"]
        );
    }

    #[test]
    fn fires_on_a_declared_name_absent_from_the_path() {
        let doc = operation_with(
            "/holidays/{id}",
            json!([
                path_parameter("id", true),
                path_parameter("holiday_id", true)
            ]),
        );
        assert_eq!(
            pointers(&PathParameters, doc),
            ["/paths/~1holidays~1{id}/get/parameters/1"]
        );
    }

    #[test]
    fn fires_on_an_optional_path_parameter_even_through_a_ref() {
        let mut doc = operation_with(
            "/holidays/{id}",
            json!([{"$ref": "#/components/parameters/Id"}]),
        );
        doc["components"] = json!({"parameters": {"Id": path_parameter("id", false)}});
        assert_eq!(
            pointers(&PathParameters, doc),
            ["/components/parameters/Id"]
        );
    }

    #[test]
    fn silent_when_path_item_and_operation_declare_every_name() {
        let mut doc = operation_with(
            "/tenants/{tenant}/holidays/{id}",
            json!([path_parameter("id", true)]),
        );
        doc["paths"]["/tenants/{tenant}/holidays/{id}"]["parameters"] =
            json!([path_parameter("tenant", true)]);
        assert!(pointers(&PathParameters, doc).is_empty());
    }

    #[test]
    fn reads_template_names() {
        assert_eq!(template_names("/a/{x}/b/{y_z}"), ["x", "y_z"]);
        assert!(template_names("/a").is_empty());
    }
}
