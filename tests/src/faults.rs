//! Failures a real PBX (or the network in front of it) produces, injected on demand.

use std::time::Duration;

use serde_json::{Map, Value};

use crate::schema::{flatten_first_alternative, primary_type, properties};
use crate::spec::Spec;

/// The value the mock puts where an enum is expected, for [`Fault::UnknownEnumValues`].
pub const UNKNOWN_ENUM_VALUE: &str = "MOCK_UNKNOWN_VALUE";

#[derive(Debug, Clone, PartialEq)]
pub enum Fault {
    /// Answer with this status (502, 503, 504...) and an HTML body, as a gateway would.
    Status(u16),
    /// Wait this long before answering normally.
    Delay(Duration),
    /// Hold the answer until `operation` has been called `calls` times in all (or `at_most` has
    /// passed), then answer normally: for tests whose order of events must not depend on how
    /// fast the machine is.
    AwaitCalls {
        operation: String,
        calls: usize,
        at_most: Duration,
    },
    /// A 2XX whose body is not JSON at all.
    MalformedJson,
    /// A `Content-Length` larger than what is sent before the connection closes.
    TruncatedBody,
    /// A complete HTTP response whose JSON body stops halfway.
    CutJson,
    /// The normal answer with every property (declared or present) set to `null`.
    AllNull,
    /// The normal answer with every enum-typed value replaced by [`UNKNOWN_ENUM_VALUE`].
    UnknownEnumValues,
    /// 401 with the PBX's token-expired error, whatever token was sent.
    ExpiredToken,
}

impl Fault {
    /// Faults that change the normal answer rather than replace it.
    pub fn transforms_body(&self) -> bool {
        matches!(
            self,
            Self::MalformedJson
                | Self::TruncatedBody
                | Self::CutJson
                | Self::AllNull
                | Self::UnknownEnumValues
        )
    }
}

/// When and how often a fault fires.
#[derive(Debug, Clone, PartialEq)]
pub struct FaultRule {
    /// The operationId it applies to; `None` for every operation.
    operation: Option<String>,
    fault: Fault,
    /// `None`: until cleared.
    remaining: Option<u32>,
}

impl FaultRule {
    /// The next call of `operation_id` gets `fault` (see [`FaultRule::times`]).
    pub fn on(operation_id: impl Into<String>, fault: Fault) -> Self {
        Self {
            operation: Some(operation_id.into()),
            fault,
            remaining: Some(1),
        }
    }

    /// The next call of any operation gets `fault` (see [`FaultRule::times`]).
    pub fn everywhere(fault: Fault) -> Self {
        Self {
            operation: None,
            fault,
            remaining: Some(1),
        }
    }

    /// Fires for the next `n` matching calls.
    #[must_use]
    pub fn times(mut self, n: u32) -> Self {
        self.remaining = Some(n);
        self
    }

    /// Fires for every matching call until the faults are cleared.
    #[must_use]
    pub fn always(mut self) -> Self {
        self.remaining = None;
        self
    }
}

#[derive(Debug, Default)]
pub struct FaultBook {
    rules: Vec<FaultRule>,
}

impl FaultBook {
    pub fn add(&mut self, rule: FaultRule) {
        self.rules.push(rule);
    }

    pub fn clear(&mut self) {
        self.rules.clear();
    }

    /// The faults this call of `operation_id` gets, each rule used up by one.
    pub fn take(&mut self, operation_id: &str) -> Vec<Fault> {
        let mut fired = Vec::new();
        for rule in &mut self.rules {
            let applies = rule
                .operation
                .as_deref()
                .is_none_or(|op| op == operation_id);
            if applies && rule.remaining != Some(0) {
                fired.push(rule.fault.clone());
                if let Some(remaining) = &mut rule.remaining {
                    *remaining -= 1;
                }
            }
        }
        self.rules.retain(|rule| rule.remaining != Some(0));
        fired
    }
}

/// Every property of the answer, and every property its schema declares, set to `null`.
pub fn nulled(spec: &Spec, schema: Option<&Value>, value: &Value) -> Value {
    match value {
        Value::Object(object) => {
            let mut out: Map<String, Value> = object
                .keys()
                .map(|key| (key.clone(), Value::Null))
                .collect();
            if let Some(schema) = schema {
                let flat = flatten_first_alternative(spec, schema);
                for (name, _) in properties(&flat) {
                    out.insert(name.clone(), Value::Null);
                }
            }
            Value::Object(out)
        }
        Value::Array(items) => {
            let item_schema = schema
                .map(|schema| flatten_first_alternative(spec, schema))
                .and_then(|flat| flat.get("items").cloned());
            Value::Array(
                items
                    .iter()
                    .map(|item| nulled(spec, item_schema.as_ref(), item))
                    .collect(),
            )
        }
        _ => Value::Null,
    }
}

/// The answer with every value whose schema is an enum replaced by one the spec does not list.
pub fn with_unknown_enums(spec: &Spec, schema: &Value, value: &Value) -> Value {
    let flat = flatten_first_alternative(spec, schema);
    if flat.contains_key("enum") {
        return match value {
            Value::String(_) => Value::String(UNKNOWN_ENUM_VALUE.into()),
            Value::Number(_) => Value::from(987_654),
            other => other.clone(),
        };
    }
    match (value, primary_type(&flat)) {
        (Value::Object(object), _) => {
            let declared: Map<String, Value> = properties(&flat)
                .map(|(name, schema)| (name.clone(), schema.clone()))
                .collect();
            Value::Object(
                object
                    .iter()
                    .map(|(name, item)| {
                        let replaced = match declared.get(name) {
                            Some(schema) => with_unknown_enums(spec, schema, item),
                            None => item.clone(),
                        };
                        (name.clone(), replaced)
                    })
                    .collect(),
            )
        }
        (Value::Array(items), _) => match flat.get("items") {
            Some(item_schema) => Value::Array(
                items
                    .iter()
                    .map(|item| with_unknown_enums(spec, item_schema, item))
                    .collect(),
            ),
            None => value.clone(),
        },
        _ => value.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_fire_the_requested_number_of_times() {
        let mut book = FaultBook::default();
        book.add(FaultRule::on("listHolidays", Fault::Status(503)).times(2));
        book.add(FaultRule::everywhere(Fault::MalformedJson));
        assert_eq!(book.take("getTenantBalance"), vec![Fault::MalformedJson]);
        assert_eq!(book.take("listHolidays"), vec![Fault::Status(503)]);
        assert_eq!(book.take("listHolidays"), vec![Fault::Status(503)]);
        assert_eq!(book.take("listHolidays"), vec![]);
    }

    #[test]
    fn permanent_rules_last_until_cleared() {
        let mut book = FaultBook::default();
        book.add(FaultRule::everywhere(Fault::AllNull).always());
        for _ in 0..3 {
            assert_eq!(book.take("showHoliday"), vec![Fault::AllNull]);
        }
        book.clear();
        assert!(book.take("showHoliday").is_empty());
    }
}
