//! The lint rules. Each is one self-contained unit: an id, a default severity, a one-line
//! description and a check over the document. Adding a rule is a new file plus one line in
//! [`all`].

use super::config::ApiFacts;
use super::diagnostic::{Findings, Severity};
use super::document::Document;

mod copied_error_text;
mod copied_operation_text;
mod copy_paste_description;
mod default_invalid;
mod duplicate_enum_value;
mod enum_description_mismatch;
mod error_response_schema;
mod inconsistent_bounds;
mod keyword_type_mismatch;
mod missing_description;
mod no_content_with_body;
mod no_success_response;
mod odd_success_status;
mod one_of_ambiguous;
mod openapi_schema;
mod operation_id_style;
mod operation_id_unique;
mod path_parameters;
mod pattern_rejects_valid;
mod pattern_syntax;
mod pattern_unsatisfiable;
mod redirect_only_response;
mod summary_restates_route;
mod undeclared_tag;
mod unknown_format;
mod unsafe_operation;

pub trait Rule {
    /// Stable kebab-case id, used in output and in the config file.
    fn id(&self) -> &'static str;
    fn default_severity(&self) -> Severity;
    /// What the rule catches, for `--list-rules`.
    fn description(&self) -> &'static str;
    fn check(&self, document: &Document, findings: &mut Findings);
}

/// Every rule, in the order they are documented.
pub fn all(api: &ApiFacts) -> Vec<Box<dyn Rule>> {
    vec![
        Box::new(openapi_schema::OpenApiSchema),
        Box::new(unknown_format::UnknownFormat),
        Box::new(pattern_syntax::PatternSyntax),
        Box::new(pattern_rejects_valid::PatternRejectsValid),
        Box::new(pattern_unsatisfiable::PatternUnsatisfiable),
        Box::new(inconsistent_bounds::InconsistentBounds),
        Box::new(default_invalid::DefaultInvalid),
        Box::new(duplicate_enum_value::DuplicateEnumValue),
        Box::new(enum_description_mismatch::EnumDescriptionMismatch),
        Box::new(keyword_type_mismatch::KeywordTypeMismatch),
        Box::new(one_of_ambiguous::OneOfAmbiguous),
        Box::new(copy_paste_description::CopyPasteDescription),
        Box::new(path_parameters::PathParameters),
        Box::new(no_success_response::NoSuccessResponse),
        Box::new(redirect_only_response::RedirectOnlyResponse),
        Box::new(no_content_with_body::NoContentWithBody),
        Box::new(odd_success_status::OddSuccessStatus),
        Box::new(unsafe_operation::UnsafeOperation),
        Box::new(copied_error_text::CopiedErrorText),
        Box::new(error_response_schema::ErrorResponseSchema {
            documented_by_config: api.documents_error_body,
        }),
        Box::new(summary_restates_route::SummaryRestatesRoute),
        Box::new(copied_operation_text::CopiedOperationText),
        Box::new(missing_description::MissingDescription),
        Box::new(operation_id_unique::OperationIdUnique),
        Box::new(operation_id_style::OperationIdStyle),
        Box::new(undeclared_tag::UndeclaredTag),
    ]
}

/// Every rule id, for validating the config file.
pub fn ids() -> Vec<&'static str> {
    all(&ApiFacts::default())
        .iter()
        .map(|rule| rule.id())
        .collect()
}

/// `text` shortened for quoting in a message.
fn quote(text: &str) -> String {
    let line = text.trim().lines().next().unwrap_or_default();
    let short: String = line.chars().take(80).collect();
    if short.len() < text.trim().len() {
        format!("\"{short}…\"")
    } else {
        format!("\"{short}\"")
    }
}

#[cfg(test)]
pub(crate) mod testing {
    //! Builders for the minimal documents the rule tests lint.

    use serde_json::{Value, json};

    use super::Rule;
    use crate::lint::diagnostic::{Finding, Findings};
    use crate::lint::document::Document;

    /// A valid document around `paths`.
    pub fn with_paths(paths: Value) -> Value {
        json!({"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": paths})
    }

    /// A valid document whose one operation (`POST /things`) takes `schema` as its body.
    pub fn with_body_schema(schema: Value) -> Value {
        with_paths(json!({"/things": {"post": {
            "operationId": "createThing",
            "summary": "Create a thing",
            "description": "Creates a thing.",
            "requestBody": {"content": {"application/json": {"schema": schema}}},
            "responses": {"204": {"description": "Created"}}
        }}}))
    }

    /// A document with `schema` under `components/schemas/Thing`.
    pub fn with_component(schema: Value) -> Value {
        let mut doc = with_paths(json!({}));
        doc["components"] = json!({"schemas": {"Thing": schema}});
        doc
    }

    pub fn run(rule: &dyn Rule, doc: Value) -> Vec<Finding> {
        let mut findings = Findings::default();
        rule.check(&Document::new(doc), &mut findings);
        findings.into_vec()
    }

    pub fn pointers(rule: &dyn Rule, doc: Value) -> Vec<String> {
        run(rule, doc).into_iter().map(|f| f.pointer).collect()
    }

    /// The findings' messages, sorted: what a rule says, whatever order the walk finds it in.
    pub fn messages(rule: &dyn Rule, doc: Value) -> Vec<String> {
        sorted(run(rule, doc).into_iter().map(|f| f.message))
    }

    /// The findings' help texts, sorted.
    pub fn helps(rule: &dyn Rule, doc: Value) -> Vec<String> {
        sorted(run(rule, doc).into_iter().map(|f| f.help))
    }

    fn sorted(texts: impl Iterator<Item = String>) -> Vec<String> {
        let mut texts: Vec<String> = texts.collect();
        texts.sort();
        texts
    }
}

#[cfg(test)]
mod tests {
    use super::quote;

    #[test]
    fn quotes_are_the_first_line_up_to_80_characters_marked_when_cut() {
        assert_eq!(quote("  Lists queues.\n"), "\"Lists queues.\"");
        assert_eq!(quote("Lists queues.\nAll of them."), "\"Lists queues.…\"");
        let eighty = "q".repeat(80);
        assert_eq!(quote(&eighty), format!("\"{eighty}\""));
        assert_eq!(quote(&format!("{eighty}é")), format!("\"{eighty}…\""));
    }
}
