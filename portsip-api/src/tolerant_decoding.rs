//! Every success body of every operation in the spec the client was generated from, decoded
//! from payloads a real PBX sends although its documentation says it won't: `null` everywhere,
//! empty strings and out-of-range numbers, enum values the spec does not list, unknown fields.
//! The payloads are built from the spec's own schemas, so new operations are covered as they
//! appear. The same payloads show that no secret of any body appears in `Debug` output.

use serde_json::{Map, Value, json};

use crate::response_decoders::{DECODERS, Decode};

#[derive(Clone, Copy, Debug)]
enum Payload {
    /// Every property of the body `null`.
    NullFields,
    /// Nested objects and arrays present, every scalar in them `null`.
    NullLeaves,
    /// Strings empty, numbers far outside any documented bound, enums empty.
    EmptyAndOutOfRange,
    /// Ordinary values, except enum values this spec does not list.
    UnknownEnumValues,
}

/// Every `format: password` string of the payloads that are not blank.
const SECRET: &str = "s3cr3t-from-the-pbx";

const PAYLOADS: [Payload; 4] = [
    Payload::NullFields,
    Payload::NullLeaves,
    Payload::EmptyAndOutOfRange,
    Payload::UnknownEnumValues,
];

fn spec() -> Value {
    let path = env!("PORTSIP_API_SPEC_PATH");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn resolve<'a>(spec: &'a Value, schema: &'a Value) -> &'a Value {
    portsip_api_build::openapi::refs::follow_value(spec, schema)
}

fn alternatives<'a>(spec: &'a Value, schema: &'a Value) -> Option<&'a Vec<Value>> {
    let schema = resolve(spec, schema);
    schema
        .get("oneOf")
        .or_else(|| schema.get("anyOf"))
        .and_then(Value::as_array)
}

fn primary_type(schema: &Value) -> Option<&str> {
    match schema.get("type") {
        Some(Value::String(t)) => Some(t),
        Some(Value::Array(types)) => types
            .iter()
            .filter_map(Value::as_str)
            .find(|t| *t != "null"),
        _ if schema.get("properties").is_some() => Some("object"),
        _ => None,
    }
}

/// A value for `schema` in the style of `payload`; `top` is the response body itself.
fn sample(spec: &Value, schema: &Value, payload: Payload, top: bool) -> Value {
    let schema = resolve(spec, schema);
    if let Some(first) = alternatives(spec, schema).and_then(|a| a.first()) {
        return sample(spec, first, payload, top);
    }
    if let Some(parts) = schema.get("allOf").and_then(Value::as_array) {
        let mut merged = Map::new();
        for part in parts {
            match sample(spec, part, payload, top) {
                Value::Object(fields) => merged.extend(fields),
                other => return other,
            }
        }
        return Value::Object(merged);
    }
    let scalar_null = matches!(payload, Payload::NullLeaves | Payload::NullFields);
    let enumerated = schema.get("enum").or_else(|| schema.get("const")).is_some();
    match primary_type(schema) {
        Some("object") => {
            let mut fields = Map::new();
            for (name, property) in schema
                .get("properties")
                .and_then(Value::as_object)
                .into_iter()
                .flatten()
            {
                let value = match payload {
                    Payload::NullFields if top => Value::Null,
                    _ => sample(spec, property, payload, false),
                };
                fields.insert(name.clone(), value);
            }
            fields.insert(
                "field_from_a_newer_pbx".into(),
                json!({"nested": [1, "two"]}),
            );
            Value::Object(fields)
        }
        Some("array") => {
            let items = resolve(spec, schema.get("items").unwrap_or(&Value::Null));
            // Blank *fields* come as null; an element of a list is not a field, so a scalar
            // element is an ordinary value (objects in lists still have null fields).
            let element_payload = match payload {
                Payload::NullLeaves | Payload::NullFields
                    if !matches!(primary_type(items), Some("object" | "array")) =>
                {
                    Payload::UnknownEnumValues
                }
                other => other,
            };
            json!([sample(spec, items, element_payload, false)])
        }
        _ if scalar_null => Value::Null,
        Some("string") if enumerated => match payload {
            Payload::UnknownEnumValues => json!("VALUE_FROM_A_NEWER_PBX"),
            _ => json!(""),
        },
        Some("string") => match payload {
            Payload::EmptyAndOutOfRange => json!(""),
            _ if schema.get("format") == Some(&json!("password")) => json!(SECRET),
            _ => json!("text"),
        },
        Some("integer") => match payload {
            Payload::EmptyAndOutOfRange => json!(i64::from(u32::MAX) + 1),
            _ => json!(1),
        },
        Some("number") => match payload {
            Payload::EmptyAndOutOfRange => json!(-1.0e15),
            _ => json!(1.5),
        },
        Some("boolean") => json!(true),
        _ => json!({"anything": true}),
    }
}

/// Every operation id with a JSON success body, and that body's schema.
fn success_bodies(spec: &Value) -> Vec<(String, Value)> {
    let mut found = Vec::new();
    for item in spec["paths"].as_object().unwrap().values() {
        for operation in item
            .as_object()
            .unwrap()
            .values()
            .filter(|o| o.get("operationId").is_some())
        {
            let responses = operation["responses"].as_object().unwrap();
            let schema = responses
                .iter()
                .filter(|(status, _)| status.starts_with('2'))
                .find_map(|(_, response)| response.pointer("/content/application~1json/schema"));
            if let Some(schema) = schema {
                found.push((
                    operation["operationId"].as_str().unwrap().to_owned(),
                    schema.clone(),
                ));
            }
        }
    }
    found
}

fn decoder(operation: &str) -> Decode {
    DECODERS
        .iter()
        .find(|(id, _)| *id == operation)
        .unwrap_or_else(|| panic!("{operation} has a JSON success body but no generated decoder"))
        .1
}

/// The `oneOf`/`anyOf` alternatives of a body, or the body alone.
fn choices<'a>(spec: &'a Value, schema: &'a Value) -> Vec<&'a Value> {
    match alternatives(spec, schema) {
        Some(alternatives) => alternatives.iter().collect(),
        None => vec![schema],
    }
}

#[test]
fn every_success_body_decodes_whatever_blanks_and_surprises_it_holds() {
    let spec = spec();
    let bodies = success_bodies(&spec);
    assert!(!bodies.is_empty());
    let mut failures = Vec::new();
    for (operation, schema) in &bodies {
        let decode = decoder(operation);
        let choices = choices(&spec, schema);
        for (index, choice) in choices.iter().enumerate() {
            for payload in PAYLOADS {
                let body = sample(&spec, choice, payload, true);
                match decode(body.clone()) {
                    Err(error) => failures.push(format!(
                        "{operation} {payload:?} alternative {index}: {error}\n  {body}"
                    )),
                    Ok((decoded, _)) if choices.len() > 1 => {
                        // Decoded into the alternative it was built from: it names no field
                        // that only another alternative has.
                        let own = resolve(&spec, choice)["properties"].as_object().unwrap();
                        let strays: Vec<&String> = decoded
                            .as_object()
                            .unwrap()
                            .keys()
                            .filter(|k| !own.contains_key(*k))
                            .collect();
                        if !strays.is_empty() {
                            failures.push(format!("{operation} {payload:?}: alternative {index} decoded as another: {strays:?}"));
                        }
                    }
                    Ok(_) => {}
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} payloads failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn no_secret_of_any_success_body_shows_in_debug_output_yet_all_serialize_intact() {
    let spec = spec();
    let mut holding_secrets = 0;
    for (operation, schema) in success_bodies(&spec) {
        for choice in choices(&spec, &schema) {
            let body = sample(&spec, choice, Payload::UnknownEnumValues, true);
            let secrets = body.to_string().matches(SECRET).count();
            if secrets == 0 {
                continue;
            }
            holding_secrets += 1;
            let (serialized, debug) = decoder(&operation)(body).unwrap();
            assert!(!debug.contains(SECRET), "{operation}: {debug}");
            assert!(debug.contains("<redacted>"), "{operation}: {debug}");
            assert_eq!(
                serialized.to_string().matches(SECRET).count(),
                secrets,
                "{operation}: {serialized}"
            );
        }
    }
    // The sign-in answer alone holds tokens.
    assert!(holding_secrets > 0, "no success body holds a secret");
}

#[test]
fn every_decoder_belongs_to_an_operation_of_the_spec() {
    let bodies = success_bodies(&spec());
    for (id, _) in DECODERS {
        assert!(bodies.iter().any(|(operation, _)| operation == id), "{id}");
    }
}
