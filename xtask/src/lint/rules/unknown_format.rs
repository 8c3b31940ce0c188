use serde_json::Value;

use super::Rule;
use crate::lint::diagnostic::{Findings, Severity};
use crate::lint::document::Document;

/// A `format` generators do not know for the type it is on is silently dropped, so the
/// generated field loses its type (a `date_time` string stays a plain `String`).
pub struct UnknownFormat;

/// JSON Schema 2020-12 formats plus the OpenAPI Format Registry
/// (https://spec.openapis.org/registry/format/), by the type they apply to.
const STRING_FORMATS: &[&str] = &[
    "date-time",
    "date",
    "time",
    "duration",
    "email",
    "idn-email",
    "hostname",
    "idn-hostname",
    "ipv4",
    "ipv6",
    "uri",
    "uri-reference",
    "iri",
    "iri-reference",
    "uuid",
    "uri-template",
    "json-pointer",
    "relative-json-pointer",
    "regex",
    "password",
    "byte",
    "binary",
    "base64url",
    "char",
    "commonmark",
    "html",
    "media-range",
    "decimal",
    "decimal128",
    "int64",
    "http-date",
    "sf-binary",
    "sf-boolean",
    "sf-decimal",
    "sf-integer",
    "sf-string",
    "sf-token",
];
const INTEGER_FORMATS: &[&str] = &[
    "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64",
];
const NUMBER_FORMATS: &[&str] = &[
    "float",
    "double",
    "decimal",
    "decimal128",
    "int8",
    "int16",
    "int32",
    "int64",
    "uint8",
    "uint16",
    "uint32",
    "uint64",
];

fn formats_for(json_type: &str) -> &'static [&'static str] {
    match json_type {
        "string" => STRING_FORMATS,
        "integer" => INTEGER_FORMATS,
        "number" => NUMBER_FORMATS,
        _ => &[],
    }
}

/// A known format that differs from `format` only in case or separators (`date_time`).
fn near_miss<'a>(
    format: &str,
    known: impl Iterator<Item = &'a &'static str>,
) -> Option<&'static str> {
    let squash = |s: &str| {
        s.chars()
            .filter(char::is_ascii_alphanumeric)
            .collect::<String>()
            .to_lowercase()
    };
    let wanted = squash(format);
    known.copied().find(|candidate| squash(candidate) == wanted)
}

/// What the field's name and description say it holds, to check a suggested format against.
struct Holds<'a> {
    field: Option<&'a str>,
    description: Option<&'a str>,
}

impl Holds<'_> {
    /// Whether the name or description mentions what `format` is for (a field `ip` is no
    /// `date-time`, whatever its `format` says). Formats not listed here are not second-guessed.
    fn fits(&self, format: &str) -> bool {
        let hints: &[&str] = match format {
            "date-time" | "date" | "time" | "duration" => &[
                "date", "time", "at", "day", "expire", "since", "until", "when",
            ],
            "email" | "idn-email" => &["email", "mail"],
            "uri" | "uri-reference" | "iri" | "iri-reference" => &["url", "uri", "link", "href"],
            "ipv4" | "ipv6" => &["ip", "ipv4", "ipv6", "address"],
            "uuid" => &["uuid", "id", "guid"],
            _ => return true,
        };
        let words: Vec<String> = self
            .field
            .into_iter()
            .chain(self.description)
            .flat_map(|text| text.split(|c: char| !c.is_ascii_alphanumeric()))
            .map(str::to_lowercase)
            .collect();
        words.iter().any(|word| {
            hints
                .iter()
                .any(|hint| word.trim_end_matches('s') == *hint || word == hint)
        })
    }
}

impl Rule for UnknownFormat {
    fn id(&self) -> &'static str {
        "unknown-format"
    }

    fn default_severity(&self) -> Severity {
        Severity::Error
    }

    fn description(&self) -> &'static str {
        "every `format` is a registered format for the schema's type"
    }

    fn check(&self, document: &Document, findings: &mut Findings) {
        for site in document.schemas() {
            let Some(format) = site.schema.get("format").and_then(Value::as_str) else {
                continue;
            };
            let types: Vec<&str> = match document.constraints(site.pointer, site.schema).types() {
                Some(types) => types.into_iter().filter(|t| *t != "null").collect(),
                None => vec!["string", "integer", "number"],
            };
            let known: Vec<&&str> = types.iter().flat_map(|t| formats_for(t)).collect();
            if known.contains(&&format) {
                continue;
            }
            let on = types.join(" or ");
            let holds = Holds {
                field: site.field,
                description: site.schema.get("description").and_then(Value::as_str),
            };
            let help = match near_miss(format, known.into_iter()) {
                Some(fix) if holds.fits(fix) => format!("use `\"format\": \"{fix}\"`"),
                Some(fix) => format!(
                    "remove the format: nothing says the field holds a {fix}, so `{fix}` would mistype it"
                ),
                None if types.iter().all(|t| formats_for(t).is_empty()) => {
                    format!("remove the format: no format applies to {on} values")
                }
                None => format!(
                    "use a registered format for {on} (https://spec.openapis.org/registry/format/) or remove it"
                ),
            };
            findings.report(
                format!("{}/format", site.pointer),
                format!("`{format}` is not a known format for {on}"),
                help,
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::lint::rules::testing::{helps, run, with_body_schema, with_component};

    #[test]
    fn a_format_fits_a_field_whose_name_or_description_says_what_it_holds() {
        fn holds<'a>(field: &'a str, description: Option<&'a str>) -> Holds<'a> {
            Holds {
                field: Some(field),
                description,
            }
        }
        for (format, field, fits) in [
            ("email", "notify_email", true),
            ("email", "phone", false),
            ("uri", "callback_url", true),
            ("uri", "name", false),
            ("ipv4", "server_ip", true),
            ("ipv6", "port", false),
            ("uuid", "user_ids", true),
            ("uuid", "count", false),
            ("date-time", "expires", true),
            ("int32", "anything", true),
        ] {
            assert_eq!(holds(field, None).fits(format), fits, "{format} {field}");
        }
        assert!(holds("target", Some("The link to open.")).fits("uri"));
    }

    #[test]
    fn without_a_near_miss_the_help_depends_on_whether_the_type_has_formats() {
        let doc = with_component(json!({"type": "object", "properties": {
            "flag": {"type": "boolean", "format": "yesno"},
            "code": {"type": "string", "format": "zzzzzz"}
        }}));
        assert_eq!(
            helps(&UnknownFormat, doc),
            [
                "remove the format: no format applies to boolean values",
                "use a registered format for string (https://spec.openapis.org/registry/format/) or remove it"
            ]
        );
    }

    #[test]
    fn fires_on_date_time_with_an_underscore_and_suggests_the_fix() {
        let doc = with_component(json!({"type": "object", "properties": {
            "expires_at": {"type": "string", "format": "date_time"}
        }}));
        let findings = run(&UnknownFormat, doc);
        assert_eq!(findings.len(), 1);
        assert_eq!(
            findings[0].pointer,
            "/components/schemas/Thing/properties/expires_at/format"
        );
        assert!(
            findings[0].help.contains("\"date-time\""),
            "{}",
            findings[0].help
        );
    }

    #[test]
    fn suggests_removing_a_format_that_does_not_fit_what_the_field_holds() {
        let doc = with_component(json!({"type": "object", "properties": {
            "ip": {"type": "string", "format": "date_time", "description": "The client IP."},
            "created_at": {"type": "string", "format": "date_time"}
        }}));
        let findings = run(&UnknownFormat, doc);
        let help_of = |property: &str| {
            findings
                .iter()
                .find(|f| f.pointer.contains(&format!("/{property}/")))
                .map(|f| f.help.clone())
                .unwrap()
        };
        assert!(
            help_of("ip").starts_with("remove the format"),
            "{}",
            help_of("ip")
        );
        assert!(help_of("created_at").contains("\"date-time\""));
    }

    #[test]
    fn fires_on_a_format_for_another_type_seen_through_all_of() {
        let doc = with_body_schema(json!({"allOf": [{"type": "integer"}], "format": "date"}));
        assert_eq!(run(&UnknownFormat, doc).len(), 1);
    }

    #[test]
    fn silent_on_registered_formats() {
        let doc = with_component(json!({"type": "object", "properties": {
            "at": {"type": ["string", "null"], "format": "date-time"},
            "count": {"type": "integer", "format": "uint32"},
            "balance": {"type": "number", "format": "double"},
            "id": {"format": "uuid"}
        }}));
        assert!(run(&UnknownFormat, doc).is_empty());
    }
}
