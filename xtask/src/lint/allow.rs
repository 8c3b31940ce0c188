//! The config's `[[allow]]` lists applied to a run: which findings are accepted where they are,
//! and which listed places no finding is at any more (reported, so stale entries do not pile up,
//! as an overlay action that matches nothing is an error).

use super::config::{Allow, Config, PlaceKind};
use super::diagnostic::{Diagnostic, Severity, Site};
use super::document::Document;
use crate::spec::source_map::Location;

/// The id stale allow entries are reported under. It is not a rule: it cannot be switched off.
pub const STALE_ALLOW: &str = "stale-allow";

/// Every place of every allow entry, resolved against one document, with whether a finding
/// was accepted there.
pub struct Allowances<'a> {
    places: Vec<Resolved<'a>>,
}

struct Resolved<'a> {
    allow: &'a Allow,
    index: usize,
    /// The JSON pointers the place covers: itself, or the operations with that operationId.
    pointers: Vec<String>,
    used: bool,
}

impl<'a> Allowances<'a> {
    pub fn new(config: &'a Config, document: &Document) -> Self {
        let operations = document.operations();
        let places = config
            .allow
            .iter()
            .flat_map(|allow| {
                allow.at.iter().enumerate().map(|(index, place)| {
                    let pointers = match &place.at {
                        PlaceKind::Pointer(pointer) => vec![pointer.clone()],
                        PlaceKind::OperationId(id) => operations
                            .iter()
                            .filter(|op| {
                                op.operation.get("operationId").and_then(|v| v.as_str())
                                    == Some(id.as_str())
                            })
                            .map(|op| op.pointer.clone())
                            .collect(),
                    };
                    Resolved {
                        allow,
                        index,
                        pointers,
                        used: false,
                    }
                })
            })
            .collect();
        Self { places }
    }

    /// Whether a finding of `rule` at `pointer` is accepted; every place that accepts it is
    /// marked as used.
    pub fn accepts(&mut self, rule: &str, pointer: &str) -> bool {
        let mut accepted = false;
        for place in &mut self.places {
            if place.allow.rule == rule && place.pointers.iter().any(|p| within(pointer, p)) {
                place.used = true;
                accepted = true;
            }
        }
        accepted
    }

    /// An error for every place no finding was accepted at; `ran` tells whether a rule ran.
    pub fn stale(&self, config: &Config, ran: impl Fn(&str) -> bool) -> Vec<Diagnostic> {
        self.places
            .iter()
            .filter(|place| !place.used)
            .map(|place| {
                let allow = place.allow;
                let written = &allow.at[place.index];
                let mut message = format!(
                    "`[[allow]]` for `{}` at `{}` matches no finding",
                    allow.rule, written.at
                );
                if !ran(&allow.rule) {
                    message += " (the rule is off)";
                } else if place.pointers.is_empty() {
                    message += &format!(" (no operation has operationId `{}`)", written.at);
                }
                let help = "delete the place from `at` (and the entry when `at` is left empty): \
                            what it accepted is gone; if the finding moved, list where it is now"
                    .to_owned();
                let site = Site {
                    pointer: place.pointers.first().cloned().unwrap_or_default(),
                    location: Some(Location {
                        file: config.file.clone(),
                        line: written.line,
                        context: format!("[[allow]] {}", allow.rule),
                    }),
                    used_by: Vec::new(),
                };
                Diagnostic::at_sites(STALE_ALLOW, Severity::Error, message, help, vec![site])
            })
            .collect()
    }
}

/// Whether `pointer` is `place` or inside it (whole reference tokens: `/a/b` is not in `/a/bc`).
fn within(pointer: &str, place: &str) -> bool {
    pointer
        .strip_prefix(place)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    const KNOWN: &[&str] = &["a-rule", "b-rule"];

    fn document() -> Document {
        Document::new(json!({
            "openapi": "3.1.0",
            "info": {"title": "t", "version": "1"},
            "paths": {
                "/things": {"get": {"operationId": "listThings", "responses": {}}},
                "/things/{id}": {"get": {"operationId": "showThing", "responses": {}}}
            }
        }))
    }

    fn config(text: &str) -> Config {
        Config::parse(text, "lint.toml", KNOWN).unwrap()
    }

    #[test]
    fn pointers_cover_themselves_and_what_is_inside_them_only() {
        assert!(within("/a/b", "/a/b"));
        assert!(within("/a/b/c", "/a/b"));
        assert!(!within("/a/bc", "/a/b"));
        assert!(!within("/a", "/a/b"));
    }

    #[test]
    fn accepts_only_its_rule_at_its_places() {
        let config = config(
            "[[allow]]\nrule = \"a-rule\"\nat = [\"/components/schemas/Thing\", \"listThings\"]\nreason = \"known\"\n",
        );
        let document = document();
        let mut allowances = Allowances::new(&config, &document);
        assert!(allowances.accepts("a-rule", "/components/schemas/Thing/properties/x"));
        assert!(allowances.accepts("a-rule", "/paths/~1things/get/operationId"));
        assert!(!allowances.accepts("b-rule", "/paths/~1things/get"));
        assert!(!allowances.accepts("a-rule", "/paths/~1things~1{id}/get"));
        assert!(!allowances.accepts("a-rule", "/components/schemas/Things"));
        assert!(allowances.stale(&config, |_| true).is_empty());
    }

    #[test]
    fn places_no_finding_is_at_are_errors_at_their_line() {
        let config = config(
            "[[allow]]\nrule = \"a-rule\"\nat = [\n  \"listThings\",\n  \"/gone\",\n  \"noSuchOperation\",\n]\nreason = \"known\"\n\n[[allow]]\nrule = \"b-rule\"\nat = [\"showThing\"]\nreason = \"known\"\n",
        );
        let document = document();
        let mut allowances = Allowances::new(&config, &document);
        assert!(allowances.accepts("a-rule", "/paths/~1things/get"));
        let stale = allowances.stale(&config, |rule| rule == "a-rule");
        let summary: Vec<(usize, &str)> = stale
            .iter()
            .map(|d| (d.location.as_ref().unwrap().line, d.message.as_str()))
            .collect();
        assert_eq!(
            summary,
            vec![
                (5, "`[[allow]]` for `a-rule` at `/gone` matches no finding"),
                (
                    6,
                    "`[[allow]]` for `a-rule` at `noSuchOperation` matches no finding (no operation has operationId `noSuchOperation`)"
                ),
                (
                    12,
                    "`[[allow]]` for `b-rule` at `showThing` matches no finding (the rule is off)"
                ),
            ]
        );
        assert!(stale.iter().all(|d| d.severity == Severity::Error
            && d.rule == STALE_ALLOW
            && d.location.as_ref().unwrap().file == "lint.toml"));
        assert_eq!(stale[2].pointer, "/paths/~1things~1{id}/get");
    }
}
