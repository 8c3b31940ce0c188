use serde_json::Value;

use super::Rule;
use super::pattern_syntax::{accepts, patterns};
use crate::lint::diagnostic::{Findings, Severity};
use crate::lint::document::{Constraints, Document};

/// A `default` that the schema itself rejects: generated code either fails to compile the
/// default or sends a value the server refuses.
pub struct DefaultInvalid;

impl Rule for DefaultInvalid {
    fn id(&self) -> &'static str {
        "default-invalid"
    }

    fn default_severity(&self) -> Severity {
        Severity::Error
    }

    fn description(&self) -> &'static str {
        "a `default` has the schema's type, lies within its bounds, matches its pattern and is one of its enum values"
    }

    fn check(&self, document: &Document, findings: &mut Findings) {
        for site in document.schemas() {
            let Some(default) = site.schema.get("default") else {
                continue;
            };
            let constraints = document.constraints(site.pointer, site.schema);
            if let Some(problem) = problem_with(default, &constraints) {
                findings.report(
                    format!("{}/default", site.pointer),
                    format!("default {default} {problem}"),
                    "change the default to a value the schema accepts, or correct the constraint",
                );
            }
        }
    }
}

/// Why `value` does not satisfy `constraints`, or `None` when it does (as far as checked).
fn problem_with(value: &Value, constraints: &Constraints<'_>) -> Option<String> {
    if let Some(types) = constraints.types()
        && !types.iter().any(|t| has_type(value, t))
    {
        let types: Vec<&str> = types.into_iter().collect();
        return Some(format!("is not of type {}", types.join(" or ")));
    }
    for (_, allowed) in constraints.keyword("enum") {
        if let Some(allowed) = allowed.as_array()
            && !allowed.contains(value)
        {
            return Some(format!(
                "is not one of the enum values {}",
                Value::Array(allowed.clone())
            ));
        }
    }
    if let Some((_, constant)) = constraints.first("const")
        && constant != value
    {
        return Some(format!("differs from const {constant}"));
    }
    match value {
        Value::Number(number) => number.as_f64().and_then(|n| number_problem(n, constraints)),
        Value::String(text) => string_problem(text, constraints),
        Value::Array(items) => {
            count_problem(items.len(), "items", "minItems", "maxItems", constraints)
        }
        Value::Object(members) => count_problem(
            members.len(),
            "properties",
            "minProperties",
            "maxProperties",
            constraints,
        ),
        _ => None,
    }
}

fn has_type(value: &Value, json_type: &str) -> bool {
    match json_type {
        "string" => value.is_string(),
        "number" => value.is_number(),
        "integer" => value.as_f64().is_some_and(|n| n.fract() == 0.0),
        "boolean" => value.is_boolean(),
        "array" => value.is_array(),
        "object" => value.is_object(),
        "null" => value.is_null(),
        _ => true,
    }
}

fn number_problem(n: f64, constraints: &Constraints<'_>) -> Option<String> {
    let below = |keyword: &str, inclusive: bool| {
        constraints
            .bound(keyword, true)
            .filter(|(_, bound)| if inclusive { n < *bound } else { n <= *bound })
            .map(|(_, bound)| format!("is below {keyword} {bound}"))
    };
    let above = |keyword: &str, inclusive: bool| {
        constraints
            .bound(keyword, false)
            .filter(|(_, bound)| if inclusive { n > *bound } else { n >= *bound })
            .map(|(_, bound)| format!("is above {keyword} {bound}"))
    };
    below("minimum", true)
        .or_else(|| below("exclusiveMinimum", false))
        .or_else(|| above("maximum", true))
        .or_else(|| above("exclusiveMaximum", false))
        .or_else(|| {
            let (_, step) = constraints.first("multipleOf")?;
            let step = step.as_f64()?;
            (!is_whole(n / step)).then(|| format!("is not a multiple of {step}"))
        })
}

/// Whether `quotient` is a whole number, allowing for floating-point error (`0.3 / 0.1`). A
/// step of 0 gives no number at all, which is not whole.
fn is_whole(quotient: f64) -> bool {
    (quotient - quotient.round()).abs() <= 1e-9
}

fn string_problem(text: &str, constraints: &Constraints<'_>) -> Option<String> {
    let length = text.chars().count();
    if let Some((_, min)) = constraints.bound("minLength", true)
        && (length as f64) < min
    {
        return Some(format!("is shorter than minLength {min}"));
    }
    if let Some((_, max)) = constraints.bound("maxLength", false)
        && (length as f64) > max
    {
        return Some(format!("is longer than maxLength {max}"));
    }
    patterns(constraints)
        .into_iter()
        .find(|(_, pattern)| accepts(pattern, text) == Some(false))
        .map(|(_, pattern)| format!("does not match pattern `{pattern}`"))
}

fn count_problem(
    count: usize,
    noun: &str,
    min: &str,
    max: &str,
    constraints: &Constraints<'_>,
) -> Option<String> {
    let count = count as f64;
    if let Some((_, bound)) = constraints.bound(min, true)
        && count < bound
    {
        return Some(format!("has fewer {noun} than {min} {bound}"));
    }
    if let Some((_, bound)) = constraints.bound(max, false)
        && count > bound
    {
        return Some(format!("has more {noun} than {max} {bound}"));
    }
    None
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::lint::rules::testing::{messages, pointers, run, with_component};

    #[test]
    fn fires_on_a_default_outside_the_bounds() {
        let doc = with_component(json!({"type": "object", "properties": {
            "top": {"type": "integer", "minimum": 1, "maximum": 100, "default": 500},
            "name": {"type": "string", "minLength": 1, "default": ""},
            "code": {"type": "string", "maxLength": 3, "default": "abcd"}
        }}));
        let mut found = pointers(&DefaultInvalid, doc);
        found.sort();
        assert_eq!(
            found,
            [
                "/components/schemas/Thing/properties/code/default",
                "/components/schemas/Thing/properties/name/default",
                "/components/schemas/Thing/properties/top/default"
            ]
        );
    }

    #[test]
    fn fires_on_a_default_at_an_exclusive_bound_or_off_its_step() {
        let doc = with_component(json!({"type": "object", "properties": {
            "low": {"type": "integer", "exclusiveMinimum": 0, "default": 0},
            "slot": {"type": "integer", "multipleOf": 5, "default": 12},
            "high": {"type": "integer", "exclusiveMaximum": 10, "default": 10}
        }}));
        let found = messages(&DefaultInvalid, doc);
        assert_eq!(
            found,
            [
                "default 0 is below exclusiveMinimum 0",
                "default 10 is above exclusiveMaximum 10",
                "default 12 is not a multiple of 5"
            ]
        );
    }

    #[test]
    fn fires_on_a_default_not_in_the_enum_of_a_referenced_schema() {
        let mut doc = with_component(json!({"type": "object", "properties": {
            "auth": {"$ref": "#/components/schemas/Auth", "default": "NONE"}
        }}));
        doc["components"]["schemas"]["Auth"] =
            json!({"type": "string", "enum": ["DISABLE", "BASIC"]});
        let findings = run(&DefaultInvalid, doc);
        assert_eq!(findings.len(), 1);
        assert!(
            findings[0].message.contains("enum"),
            "{}",
            findings[0].message
        );
    }

    #[test]
    fn fires_on_a_default_of_the_wrong_type() {
        let doc = with_component(json!({"type": "integer", "default": "30"}));
        assert_eq!(pointers(&DefaultInvalid, doc).len(), 1);
    }

    #[test]
    fn a_value_has_a_json_type_only_when_it_is_of_that_type() {
        for (json_type, fits, misfit) in [
            ("string", json!("a"), json!(1)),
            ("number", json!(1.5), json!("1")),
            ("integer", json!(2), json!(2.5)),
            ("boolean", json!(true), json!(0)),
            ("array", json!([]), json!({})),
            ("object", json!({}), json!([])),
            ("null", json!(null), json!(0)),
        ] {
            assert!(has_type(&fits, json_type), "{fits} is {json_type}");
            assert!(!has_type(&misfit, json_type), "{misfit} is not {json_type}");
        }
    }

    #[test]
    fn fires_on_a_default_unlike_the_const_or_with_too_many_members() {
        let doc = with_component(json!({"type": "object", "properties": {
            "kind": {"const": "queue", "default": "group"},
            "same": {"const": "queue", "default": "queue"},
            "codes": {"type": "array", "maxItems": 1, "default": [1, 2]},
            "labels": {"type": "object", "maxProperties": 1, "default": {"a": 1, "b": 2}},
            "few": {"type": "array", "minItems": 2, "default": [1]},
            "bare": {"type": "object", "minProperties": 1, "default": {}}
        }}));
        let found = messages(&DefaultInvalid, doc);
        assert_eq!(
            found,
            [
                "default \"group\" differs from const \"queue\"",
                "default [1,2] has more items than maxItems 1",
                "default [1] has fewer items than minItems 2",
                "default {\"a\":1,\"b\":2} has more properties than maxProperties 1",
                "default {} has fewer properties than minProperties 1"
            ]
        );
    }

    #[test]
    fn silent_on_valid_defaults() {
        let doc = with_component(json!({"type": "object", "properties": {
            "top": {"type": "integer", "minimum": 1, "maximum": 100, "default": 100},
            "auth": {"type": "string", "enum": ["DISABLE", "BASIC"], "default": "DISABLE"},
            "quota": {"type": "string", "default": "1GB", "pattern": "^[0-9]+[KMG]B$"},
            "flag": {"type": "boolean", "default": false},
            "ratio": {"type": ["number", "null"], "default": null},
            "level": {"type": "integer", "exclusiveMinimum": 0, "exclusiveMaximum": 10, "default": 5},
            "step": {"type": "number", "multipleOf": 0.1, "default": 0.3},
            "shortest": {"type": "string", "minLength": 2, "maxLength": 3, "default": "ab"},
            "longest": {"type": "string", "minLength": 2, "maxLength": 3, "default": "abc"},
            "pair": {"type": "array", "minItems": 2, "maxItems": 2, "default": [1, 2]},
            "one": {"type": "object", "minProperties": 1, "maxProperties": 1, "default": {"a": 1}}
        }}));
        assert!(pointers(&DefaultInvalid, doc).is_empty());
    }
}
