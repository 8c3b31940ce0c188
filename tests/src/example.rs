//! Plausible values for any schema in the spec: what the mock answers for operations it keeps
//! no state for, and the starting state of the ones it does.
//!
//! The walk fills every declared property so clients see complete objects; values honour
//! `const`, `enum`, `format`, lengths, bounds and `pattern`. `tests/mock_self_test.rs` checks the
//! result against the spec for every operation.

use serde_json::{Map, Number, Value, json};

use crate::schema::{flatten_first_alternative, primary_type, properties};
use crate::spec::Spec;

/// Past this nesting only required properties are filled, which ends recursive schemas.
const FULL_DEPTH: usize = 6;

pub fn example(spec: &Spec, schema: &Value) -> Value {
    Generator { spec, fill: None }.value(schema, "value", 0)
}

/// How much of a request a sample fills.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Fill {
    /// Required parameters and properties only.
    Required,
    /// Every parameter and property (to the depth answers are filled to).
    All,
}

/// A value for a request: like [`example`], but every object is generated (a vendor's example
/// object may leave out the optional fields a sample is meant to exercise), and with
/// [`Fill::Required`] only required properties.
pub fn request_example(spec: &Spec, schema: &Value, fill: Fill) -> Value {
    Generator {
        spec,
        fill: Some(fill),
    }
    .value(schema, "value", 0)
}

struct Generator<'a> {
    spec: &'a Spec,
    /// `None` for answers.
    fill: Option<Fill>,
}

impl Generator<'_> {
    fn value(&self, schema: &Value, name: &str, depth: usize) -> Value {
        let flat = flatten_first_alternative(self.spec, schema);
        if let Some(constant) = flat.get("const") {
            return constant.clone();
        }
        let given = flat
            .get("examples")
            .and_then(|examples| examples.as_array()?.first())
            .or_else(|| flat.get("example"))
            .or_else(|| flat.get("default"))
            .filter(|_| {
                self.fill.is_none() || !matches!(primary_type(&flat), Some("object" | "array"))
            });
        if let Some(given) = given {
            return given.clone();
        }
        if let Some(Value::Array(choices)) = flat.get("enum")
            && let Some(choice) = choices.iter().find(|c| !c.is_null()).or(choices.first())
        {
            return choice.clone();
        }
        match primary_type(&flat) {
            Some("object") => self.object(&flat, depth),
            Some("array") => self.array(&flat, name, depth),
            Some("integer") => integer(&flat),
            Some("number") => number(&flat),
            Some("boolean") => Value::Bool(true),
            Some("null") => Value::Null,
            // An untyped schema accepts anything; a string is the least surprising.
            _ => string(&flat, name),
        }
    }

    fn object(&self, flat: &Map<String, Value>, depth: usize) -> Value {
        let required: Vec<&str> = flat
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .collect();
        let only_required = self.fill == Some(Fill::Required) || depth >= FULL_DEPTH;
        let mut object = Map::new();
        for (name, schema) in properties(flat) {
            if !only_required || required.contains(&name.as_str()) {
                object.insert(name.clone(), self.value(schema, name, depth + 1));
            }
        }
        if object.is_empty()
            && !only_required
            && let Some(extra) = flat.get("additionalProperties").filter(|s| s.is_object())
        {
            object.insert("key".into(), self.value(extra, "key", depth + 1));
        }
        Value::Object(object)
    }

    fn array(&self, flat: &Map<String, Value>, name: &str, depth: usize) -> Value {
        let min_items = bound(flat, "minItems").unwrap_or(0.0) as usize;
        let max_items = bound(flat, "maxItems").map_or(usize::MAX, |max| max as usize);
        let wanted = if depth < FULL_DEPTH && self.fill != Some(Fill::Required) {
            1
        } else {
            0
        };
        let count = wanted.max(min_items).min(max_items);
        let item_schema = flat.get("items").cloned().unwrap_or(json!({}));
        Value::Array(
            (0..count)
                .map(|_| self.value(&item_schema, name, depth + 1))
                .collect(),
        )
    }
}

fn bound(flat: &Map<String, Value>, keyword: &str) -> Option<f64> {
    flat.get(keyword).and_then(Value::as_f64)
}

fn lower_bound(flat: &Map<String, Value>, step: f64) -> Option<f64> {
    let inclusive = bound(flat, "minimum");
    let exclusive = bound(flat, "exclusiveMinimum").map(|value| value + step);
    inclusive.into_iter().chain(exclusive).reduce(f64::max)
}

fn upper_bound(flat: &Map<String, Value>, step: f64) -> Option<f64> {
    let inclusive = bound(flat, "maximum");
    let exclusive = bound(flat, "exclusiveMaximum").map(|value| value - step);
    inclusive.into_iter().chain(exclusive).reduce(f64::min)
}

fn within_bounds(flat: &Map<String, Value>, preferred: f64, step: f64) -> f64 {
    let mut value = preferred;
    if let Some(low) = lower_bound(flat, step) {
        value = value.max(low);
    }
    if let Some(high) = upper_bound(flat, step) {
        value = value.min(high);
    }
    if let Some(multiple) = bound(flat, "multipleOf").filter(|m| *m > 0.0) {
        value = (value / multiple).ceil() * multiple;
    }
    value
}

fn integer(flat: &Map<String, Value>) -> Value {
    Value::Number(Number::from(within_bounds(flat, 1.0, 1.0) as i64))
}

fn number(flat: &Map<String, Value>) -> Value {
    Number::from_f64(within_bounds(flat, 1.5, f64::EPSILON)).map_or(Value::Null, Value::Number)
}

fn string(flat: &Map<String, Value>, name: &str) -> Value {
    let preferred = flat
        .get("format")
        .and_then(Value::as_str)
        .and_then(formatted)
        .map_or_else(|| named(name), str::to_owned);
    let constraints = string_constraints(flat);
    let fits = |candidate: &str| {
        constraints
            .as_ref()
            .is_none_or(|validator| validator.is_valid(&json!(candidate)))
    };
    let candidates =
        std::iter::once(preferred.clone()).chain(FALLBACKS.iter().map(|s| (*s).into()));
    for candidate in candidates {
        let fitted = fit_length(flat, candidate);
        if fits(&fitted) {
            return Value::String(fitted);
        }
    }
    // Nothing simple matches the pattern; the self-test names the schema when this happens.
    Value::String(fit_length(flat, preferred))
}

/// Strings that between them satisfy the patterns vendors commonly write.
const FALLBACKS: &[&str] = &[
    "example",
    "1001",
    "123456",
    "abcdef",
    "ABCDEF",
    "abc123",
    "Example1",
    "+15551234567",
    "user@example.com",
    "https://example.com/",
    "pbx.example.com",
    "192.0.2.10",
    "2024-05-01T12:00:00Z",
    "a",
    "1",
];

fn string_constraints(flat: &Map<String, Value>) -> Option<jsonschema::Validator> {
    let mut constraints = Map::new();
    for keyword in ["pattern", "format", "minLength", "maxLength"] {
        if let Some(value) = flat.get(keyword) {
            constraints.insert(keyword.into(), value.clone());
        }
    }
    if constraints.is_empty() {
        return None;
    }
    jsonschema::options()
        .with_draft(jsonschema::Draft::Draft202012)
        .should_validate_formats(true)
        .build(&Value::Object(constraints))
        .ok()
}

fn fit_length(flat: &Map<String, Value>, mut text: String) -> String {
    let min = bound(flat, "minLength").unwrap_or(0.0) as usize;
    let max = bound(flat, "maxLength").map_or(usize::MAX, |max| max as usize);
    let length = text.chars().count();
    if length < min {
        text.extend(std::iter::repeat_n('x', min - length));
    }
    if text.chars().count() > max {
        text = text.chars().take(max).collect();
    }
    text
}

fn formatted(format: &str) -> Option<&'static str> {
    Some(match format {
        "date-time" | "date_time" => "2024-05-01T12:00:00Z",
        "date" => "2024-05-01",
        "time" => "12:00:00Z",
        "email" | "idn-email" => "user@example.com",
        "uri" | "url" | "iri" | "uri-reference" | "iri-reference" => "https://example.com/",
        "uuid" => "3fa85f64-5717-4562-b3fc-2c963f66afa6",
        "ipv4" => "192.0.2.10",
        "ipv6" => "2001:db8::10",
        "hostname" | "idn-hostname" => "pbx.example.com",
        "byte" => "ZXhhbXBsZQ==",
        "password" => "Secret123!",
        "duration" => "PT1H",
        _ => return None,
    })
}

/// A value suggested by a property's name, so generated records read like real ones.
fn named(name: &str) -> String {
    let lower = name.to_ascii_lowercase();
    let suggestion = if lower.ends_with("url") || lower == "website" {
        "https://example.com/"
    } else if lower.contains("email") {
        "user@example.com"
    } else if lower.contains("domain") || lower.contains("host") {
        "pbx.example.com"
    } else if lower.contains("password") {
        "Secret123!"
    } else if lower == "region" {
        "USA"
    } else if lower == "currency" {
        "USD"
    } else if lower == "timezone" {
        "UTC"
    } else if lower.contains("number") || lower.contains("extension") {
        "1001"
    } else {
        return format!("example {}", name.replace('_', " "));
    };
    suggestion.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec_with(schemas: Value) -> Spec {
        Spec::from_document(json!({
            "openapi": "3.1.0",
            "paths": {},
            "components": {"schemas": schemas}
        }))
        .unwrap()
    }

    #[test]
    fn follows_refs_and_fills_every_property() {
        let spec = spec_with(json!({
            "Range": {"type": "object", "properties": {
                "from": {"type": "integer", "minimum": 5},
                "kind": {"$ref": "#/components/schemas/Kind", "description": "use site"}
            }},
            "Kind": {"type": "string", "enum": ["DAILY", "WEEKLY"]}
        }));
        let value = example(&spec, &json!({"$ref": "#/components/schemas/Range"}));
        assert_eq!(value, json!({"from": 5, "kind": "DAILY"}));
    }

    #[test]
    fn strings_meet_patterns_and_lengths() {
        let spec = spec_with(json!({}));
        let value = example(
            &spec,
            &json!({"type": "string", "pattern": "^[0-9]{3,64}$", "minLength": 3}),
        );
        assert_eq!(value, json!("1001"));
        let short = example(&spec, &json!({"type": "string", "maxLength": 4}));
        assert_eq!(short.as_str().map(str::len), Some(4));
    }

    #[test]
    fn nullable_types_produce_the_non_null_one() {
        let spec = spec_with(json!({}));
        let value = example(&spec, &json!({"type": ["null", "integer"], "maximum": -3}));
        assert_eq!(value, json!(-3));
    }

    #[test]
    fn recursive_schemas_terminate() {
        let spec = spec_with(json!({
            "Node": {"type": "object", "properties": {
                "children": {"type": "array", "items": {"$ref": "#/components/schemas/Node"}}
            }}
        }));
        let value = example(&spec, &json!({"$ref": "#/components/schemas/Node"}));
        assert!(value["children"][0]["children"].is_array());
    }
}
