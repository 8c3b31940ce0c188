use super::Rule;
use crate::lint::diagnostic::{Findings, Severity};
use crate::lint::document::Document;

/// A lower bound above its upper bound leaves no valid value.
pub struct InconsistentBounds;

/// (lower keyword, upper keyword, whether equal bounds are already empty).
const PAIRS: [(&str, &str, bool); 7] = [
    ("minLength", "maxLength", false),
    ("minItems", "maxItems", false),
    ("minProperties", "maxProperties", false),
    ("minimum", "maximum", false),
    ("exclusiveMinimum", "maximum", true),
    ("minimum", "exclusiveMaximum", true),
    ("exclusiveMinimum", "exclusiveMaximum", true),
];

impl Rule for InconsistentBounds {
    fn id(&self) -> &'static str {
        "inconsistent-bounds"
    }

    fn default_severity(&self) -> Severity {
        Severity::Error
    }

    fn description(&self) -> &'static str {
        "lower bounds do not exceed upper bounds (minLength/maxLength, minimum/maximum, minItems/maxItems...)"
    }

    fn check(&self, document: &Document, findings: &mut Findings) {
        for site in document.schemas() {
            let constraints = document.constraints(site.pointer, site.schema);
            for (lower_keyword, upper_keyword, equal_is_empty) in PAIRS {
                let (Some((lower_at, lower)), Some((upper_at, upper))) = (
                    constraints.bound(lower_keyword, true),
                    constraints.bound(upper_keyword, false),
                ) else {
                    continue;
                };
                if lower > upper || (equal_is_empty && lower == upper) {
                    let elsewhere = if same_schema(&lower_at, &upper_at) {
                        String::new()
                    } else {
                        format!(" (at {upper_at})")
                    };
                    findings.report(
                        lower_at,
                        format!("{lower_keyword} {lower} is above {upper_keyword} {upper}{elsewhere}: no value is valid"),
                        format!("correct whichever of {lower_keyword} and {upper_keyword} the vendor page got wrong"),
                    );
                }
            }
        }
    }
}

fn same_schema(a: &str, b: &str) -> bool {
    a.rsplit_once('/').map(|p| p.0) == b.rsplit_once('/').map(|p| p.0)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::lint::rules::testing::{pointers, run, with_component};

    #[test]
    fn fires_on_min_length_above_max_length() {
        let doc = with_component(json!({"type": "string", "minLength": 8, "maxLength": 4}));
        let findings = run(&InconsistentBounds, doc);
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].pointer, "/components/schemas/Thing/minLength");
        assert_eq!(
            findings[0].message,
            "minLength 8 is above maxLength 4: no value is valid"
        );
    }

    #[test]
    fn fires_on_minimum_above_maximum_across_all_of() {
        let doc =
            with_component(json!({"type": "integer", "allOf": [{"minimum": 10}], "maximum": 5}));
        let findings = run(&InconsistentBounds, doc);
        assert_eq!(findings.len(), 1);
        assert_eq!(
            findings[0].pointer,
            "/components/schemas/Thing/allOf/0/minimum"
        );
        assert_eq!(
            findings[0].message,
            "minimum 10 is above maximum 5 (at /components/schemas/Thing/maximum): no value is valid"
        );
    }

    #[test]
    fn fires_on_equal_exclusive_bounds() {
        let doc = with_component(json!({"type": "number", "exclusiveMinimum": 1, "maximum": 1}));
        assert_eq!(pointers(&InconsistentBounds, doc).len(), 1);
    }

    #[test]
    fn silent_on_consistent_bounds() {
        let doc = with_component(json!({"type": "object", "properties": {
            "name": {"type": "string", "minLength": 1, "maxLength": 1},
            "top": {"type": "integer", "minimum": 1, "maximum": 100},
            "tags": {"type": "array", "minItems": 0, "maxItems": 3}
        }}));
        assert!(pointers(&InconsistentBounds, doc).is_empty());
    }
}
