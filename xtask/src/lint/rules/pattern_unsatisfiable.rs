use regex_syntax::hir::{Hir, HirKind, Look};

use super::Rule;
use super::pattern_syntax::patterns;
use crate::lint::diagnostic::{Findings, Severity};
use crate::lint::document::Document;

/// A `pattern` that cannot match any string the field's own `minLength`/`maxLength` allow
/// leaves the field with no valid value at all.
pub struct PatternUnsatisfiable;

/// How many characters a match of the pattern spans, and whether it must span the whole
/// string (`^...$`).
#[derive(Debug, PartialEq, Eq)]
struct MatchLength {
    min: usize,
    max: Option<usize>,
    whole_string: bool,
}

/// `None` when the pattern uses syntax the analysis does not understand; the rule then stays
/// silent rather than guess.
fn match_length(pattern: &str) -> Option<MatchLength> {
    let hir = regex_syntax::Parser::new().parse(pattern).ok()?;
    let (min, max) = char_lengths(&hir);
    let properties = hir.properties();
    let whole_string = properties.look_set_prefix().contains(Look::Start)
        && properties.look_set_suffix().contains(Look::End);
    Some(MatchLength {
        min,
        max,
        whole_string,
    })
}

fn char_lengths(hir: &Hir) -> (usize, Option<usize>) {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => (0, Some(0)),
        HirKind::Literal(literal) => {
            let chars =
                std::str::from_utf8(&literal.0).map_or(literal.0.len(), |s| s.chars().count());
            (chars, Some(chars))
        }
        HirKind::Class(_) => (1, Some(1)),
        HirKind::Repetition(repetition) => {
            let (min, max) = char_lengths(&repetition.sub);
            let min = min.saturating_mul(repetition.min as usize);
            // (regex-syntax drops repetitions of what matches nothing, so an unbounded one is
            // of something that matches at least one character.)
            let max = match (max, repetition.max) {
                (Some(one), Some(times)) => Some(one.saturating_mul(times as usize)),
                _ => None,
            };
            (min, max)
        }
        HirKind::Capture(capture) => char_lengths(&capture.sub),
        HirKind::Concat(parts) => {
            parts
                .iter()
                .map(char_lengths)
                .fold((0, Some(0)), |(min, max), (a, b)| {
                    (
                        min.saturating_add(a),
                        max.zip(b).map(|(x, y)| x.saturating_add(y)),
                    )
                })
        }
        HirKind::Alternation(branches) => {
            let lengths: Vec<_> = branches.iter().map(char_lengths).collect();
            let min = lengths.iter().map(|l| l.0).min().unwrap_or(0);
            let max = lengths
                .iter()
                .map(|l| l.1)
                .try_fold(0, |acc, l| l.map(|l| acc.max(l)));
            (min, max)
        }
    }
}

impl Rule for PatternUnsatisfiable {
    fn id(&self) -> &'static str {
        "pattern-unsatisfiable"
    }

    fn default_severity(&self) -> Severity {
        Severity::Error
    }

    fn description(&self) -> &'static str {
        "a `pattern` can match some string within the field's minLength..maxLength"
    }

    fn check(&self, document: &Document, findings: &mut Findings) {
        for site in document.schemas() {
            let constraints = document.constraints(site.pointer, site.schema);
            let min_length = constraints
                .bound("minLength", true)
                .map(|(_, n)| n as usize);
            let max_length = constraints
                .bound("maxLength", false)
                .map(|(_, n)| n as usize);
            if min_length.is_none() && max_length.is_none() {
                continue;
            }
            for (pointer, pattern) in patterns(&constraints) {
                let Some(length) = match_length(pattern) else {
                    continue;
                };
                let problem = match (min_length, max_length) {
                    (_, Some(max)) if length.min > max => Some(format!(
                        "pattern `{pattern}` needs at least {} characters but maxLength is {max}",
                        length.min
                    )),
                    (Some(min), _)
                        if length.whole_string && length.max.is_some_and(|m| m < min) =>
                    {
                        Some(format!(
                            "pattern `{pattern}` matches whole strings of at most {} characters but minLength is {min}",
                            length.max.unwrap_or_default()
                        ))
                    }
                    _ => None,
                };
                if let Some(message) = problem {
                    findings.report(
                        pointer,
                        message,
                        "make the pattern and minLength/maxLength describe the same values",
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
    use crate::lint::rules::testing::{pointers, with_component};

    #[test]
    fn measures_matches_in_characters() {
        assert_eq!(
            match_length("^[0-9]{3,64}$"),
            Some(MatchLength {
                min: 3,
                max: Some(64),
                whole_string: true
            })
        );
        assert_eq!(
            match_length("ab+|é"),
            Some(MatchLength {
                min: 1,
                max: None,
                whole_string: false
            })
        );
        assert_eq!(match_length("(?<=a)b"), None);
    }

    #[test]
    fn fires_when_the_pattern_needs_more_than_max_length() {
        let doc =
            with_component(json!({"type": "string", "maxLength": 4, "pattern": "[a-z0-9]{6,64}"}));
        assert_eq!(
            pointers(&PatternUnsatisfiable, doc),
            ["/components/schemas/Thing/pattern"]
        );
    }

    #[test]
    fn fires_when_an_anchored_pattern_allows_less_than_min_length() {
        let doc = with_component(
            json!({"allOf": [{"minLength": 10}], "type": "string", "pattern": "^[0-9]{3,5}$"}),
        );
        assert_eq!(pointers(&PatternUnsatisfiable, doc).len(), 1);
    }

    #[test]
    fn silent_when_lengths_overlap_or_the_pattern_is_unanchored() {
        let doc = with_component(json!({"type": "object", "properties": {
            "extension": {"type": "string", "minLength": 3, "maxLength": 64, "pattern": "[0-9]{3,64}"},
            "long": {"type": "string", "minLength": 10, "pattern": "[0-9]{3}"},
            "free": {"type": "string", "pattern": "[a-z]{100}"},
            "prefix": {"type": "string", "minLength": 10, "pattern": "^[0-9]{3}"},
            "suffix": {"type": "string", "minLength": 10, "pattern": "[0-9]{3}$"}
        }}));
        assert!(pointers(&PatternUnsatisfiable, doc).is_empty());
    }
}
