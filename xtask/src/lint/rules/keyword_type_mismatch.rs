use super::Rule;
use crate::lint::diagnostic::{Findings, Severity};
use crate::lint::document::Document;

/// A validation keyword on a type it does not apply to (`maximum` on a string, `minLength` on
/// an integer) is ignored by validators and generators, so the limit the page states is never
/// enforced; usually the wrong keyword or the wrong type was written.
pub struct KeywordTypeMismatch;

/// Keywords that constrain one type of value, with that type and the keyword that type would
/// use instead, if any.
const KEYWORDS: &[(&str, &[&str], Option<&str>)] = &[
    ("maximum", &["integer", "number"], Some("maxLength")),
    ("minimum", &["integer", "number"], Some("minLength")),
    ("exclusiveMaximum", &["integer", "number"], None),
    ("exclusiveMinimum", &["integer", "number"], None),
    ("multipleOf", &["integer", "number"], None),
    ("maxLength", &["string"], Some("maximum")),
    ("minLength", &["string"], Some("minimum")),
    ("pattern", &["string"], None),
    ("maxItems", &["array"], None),
    ("minItems", &["array"], None),
    ("uniqueItems", &["array"], None),
    ("maxProperties", &["object"], None),
    ("minProperties", &["object"], None),
];

impl Rule for KeywordTypeMismatch {
    fn id(&self) -> &'static str {
        "keyword-type-mismatch"
    }

    fn default_severity(&self) -> Severity {
        Severity::Warning
    }

    fn description(&self) -> &'static str {
        "validation keywords sit on the type they apply to (no `maximum` on a string)"
    }

    fn check(&self, document: &Document, findings: &mut Findings) {
        for site in document.schemas() {
            let Some(types) = document.constraints(site.pointer, site.schema).types() else {
                continue;
            };
            let types: Vec<&str> = types.into_iter().filter(|t| *t != "null").collect();
            if types.is_empty() {
                continue;
            }
            for (keyword, applies_to, instead) in KEYWORDS {
                if !site.schema.contains_key(*keyword)
                    || types.iter().any(|t| applies_to.contains(t))
                {
                    continue;
                }
                let on = types.join(" or ");
                let numeric_swap = matches!(*keyword, "maximum" | "minimum") && types == ["string"]
                    || matches!(*keyword, "maxLength" | "minLength")
                        && types.iter().all(|t| ["integer", "number"].contains(t));
                let help = match instead {
                    Some(other) if numeric_swap => format!(
                        "use `{other}` for a limit on a {on}, or fix the type if the value is a {}",
                        applies_to.join(" or ")
                    ),
                    _ => format!(
                        "remove `{keyword}` (it applies to {} values only), or fix the type",
                        applies_to.join(" and ")
                    ),
                };
                findings.report(
                    format!("{}/{keyword}", site.pointer),
                    format!("`{keyword}` has no effect on a {on}"),
                    help,
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::lint::rules::testing::{helps, run, with_component};

    #[test]
    fn fires_on_numeric_limits_on_strings_and_length_limits_on_integers() {
        let doc = with_component(json!({"type": "object", "properties": {
            "name": {"type": "string", "maximum": 64},
            "port": {"type": "integer", "minLength": 1}
        }}));
        let findings = run(&KeywordTypeMismatch, doc);
        let pointers: Vec<&str> = findings.iter().map(|f| f.pointer.as_str()).collect();
        assert_eq!(
            pointers,
            [
                "/components/schemas/Thing/properties/name/maximum",
                "/components/schemas/Thing/properties/port/minLength"
            ]
        );
        assert!(
            findings[0].help.contains("`maxLength`"),
            "{}",
            findings[0].help
        );
    }

    #[test]
    fn only_a_numeric_limit_on_a_string_or_a_length_on_a_number_suggests_the_other() {
        let doc = with_component(json!({"type": "object", "properties": {
            "codes": {"type": "array", "maximum": 3},
            "flag": {"type": "boolean", "minLength": 1}
        }}));
        assert_eq!(
            helps(&KeywordTypeMismatch, doc),
            [
                "remove `maximum` (it applies to integer and number values only), or fix the type",
                "remove `minLength` (it applies to string values only), or fix the type"
            ]
        );
    }

    #[test]
    fn silent_on_keywords_that_fit_or_untyped_schemas() {
        let doc = with_component(json!({"type": "object", "properties": {
            "name": {"type": ["string", "null"], "maxLength": 64},
            "port": {"type": "integer", "maximum": 65535},
            "either": {"maximum": 3},
            "tags": {"type": "array", "minItems": 1}
        }}));
        assert!(run(&KeywordTypeMismatch, doc).is_empty());
    }
}
