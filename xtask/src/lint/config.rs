//! The checked-in lint configuration (`spec/lint.toml`): rule severities, findings accepted at
//! named places (`[[allow]]`), and facts about the API that the pages do not state but some rules
//! need.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::Context as _;
use serde::Deserialize;
use toml::Spanned;

use super::diagnostic::Severity;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Error,
    Warning,
    Off,
}

impl Level {
    pub fn severity(self) -> Option<Severity> {
        match self {
            Level::Error => Some(Severity::Error),
            Level::Warning => Some(Severity::Warning),
            Level::Off => None,
        }
    }
}

#[derive(Debug, Default)]
pub struct Config {
    /// Rule id → level, overriding the rule's default.
    pub rules: BTreeMap<String, Level>,
    /// Findings accepted where they are, each list with its reason.
    pub allow: Vec<Allow>,
    pub api: ApiFacts,
    /// The file the configuration came from, as locations name it.
    pub file: String,
}

/// The file as written; [`Config::parse`] checks it and turns it into a [`Config`].
#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct ConfigFile {
    #[serde(default)]
    rules: BTreeMap<String, Level>,
    #[serde(default)]
    allow: Vec<AllowEntry>,
    #[serde(default)]
    api: ApiFacts,
}

/// One `[[allow]]` table as written. Every field is optional here so that a missing one is
/// reported by name, with the entry it is missing from.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AllowEntry {
    rule: Option<Spanned<String>>,
    at: Option<Vec<Spanned<String>>>,
    reason: Option<String>,
}

/// `[[allow]] rule = "…", at = […], reason = "…"`: the findings of `rule` at these places are
/// accepted, for `reason`. They are not reported; a place that no finding is at is (so stale
/// entries do not pile up).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Allow {
    pub rule: String,
    pub at: Vec<Place>,
    pub reason: String,
}

/// One entry of an allow list's `at`, with the line it is written on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Place {
    pub at: PlaceKind,
    pub line: usize,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PlaceKind {
    /// `/…`: the finding at this JSON pointer, or anywhere inside it.
    Pointer(String),
    /// Anything else: the findings anywhere inside the operation with this operationId.
    OperationId(String),
}

impl std::fmt::Display for PlaceKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PlaceKind::Pointer(pointer) => f.write_str(pointer),
            PlaceKind::OperationId(id) => f.write_str(id),
        }
    }
}

/// What is known about the API beyond the document.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ApiFacts {
    /// The vendor documents a body for error responses, so every error response should
    /// have a schema even if the document never shows one.
    #[serde(default)]
    pub documents_error_body: bool,
}

impl Config {
    /// Parses the text of the file that locations call `file`.
    pub fn parse(text: &str, file: &str, known_rules: &[&str]) -> anyhow::Result<Self> {
        let written: ConfigFile = toml::from_str(text)?;
        if let Some(unknown) = written
            .rules
            .keys()
            .find(|id| !known_rules.contains(&id.as_str()))
        {
            anyhow::bail!(
                "unknown rule `{unknown}` in [rules]; known rules: {}",
                known_rules.join(", ")
            );
        }
        let line_of = |offset: usize| text[..offset.min(text.len())].matches('\n').count() + 1;
        let allow = written
            .allow
            .into_iter()
            .enumerate()
            .map(|(index, entry)| {
                let what = format!("[[allow]] number {}", index + 1);
                let Some(rule) = entry.rule else {
                    anyhow::bail!("{what}: `rule` is missing: name the rule whose findings it accepts");
                };
                let what = format!("{what} (line {})", line_of(rule.span().start));
                let rule = rule.into_inner();
                if !known_rules.contains(&rule.as_str()) {
                    anyhow::bail!(
                        "{what}: unknown rule `{rule}` in `rule`; known rules: {}",
                        known_rules.join(", ")
                    );
                }
                let reason = entry.reason.unwrap_or_default();
                if reason.trim().is_empty() {
                    anyhow::bail!(
                        "{what} for `{rule}`: `reason` is missing: say why these findings are accepted"
                    );
                }
                let at: Vec<Place> = entry
                    .at
                    .unwrap_or_default()
                    .into_iter()
                    .map(|place| {
                        let line = line_of(place.span().start);
                        let place = place.into_inner();
                        let at = if place.starts_with('/') {
                            PlaceKind::Pointer(place)
                        } else if place.is_empty() || place.chars().any(char::is_whitespace) {
                            anyhow::bail!(
                                "{what} for `{rule}`: `at` entry {place:?} (line {line}) is neither a JSON pointer nor an operationId"
                            );
                        } else {
                            PlaceKind::OperationId(place)
                        };
                        Ok(Place { at, line })
                    })
                    .collect::<anyhow::Result<_>>()?;
                if at.is_empty() {
                    anyhow::bail!(
                        "{what} for `{rule}`: `at` is missing or empty: list the JSON pointers or operationIds where the findings are accepted"
                    );
                }
                Ok(Allow { rule, at, reason })
            })
            .collect::<anyhow::Result<_>>()?;
        Ok(Config {
            rules: written.rules,
            allow,
            api: written.api,
            file: file.to_owned(),
        })
    }

    /// Reads `path` (`label` is how locations name it); a missing file is the default
    /// configuration only when `required` is false (the default path), so a mistyped `--config`
    /// is an error.
    pub fn load(
        path: &Path,
        label: &str,
        required: bool,
        known_rules: &[&str],
    ) -> anyhow::Result<Self> {
        match std::fs::read_to_string(path) {
            Ok(text) => Self::parse(&text, label, known_rules)
                .with_context(|| format!("in {}", path.display())),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound && !required => {
                Self::parse("", label, known_rules)
            }
            Err(error) => Err(error).with_context(|| format!("reading {}", path.display())),
        }
    }

    /// The severity to report `rule` at, or `None` when it is switched off.
    pub fn severity(&self, rule: &str, default: Severity) -> Option<Severity> {
        match self.rules.get(rule) {
            Some(level) => level.severity(),
            None => Some(default),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const KNOWN: &[&str] = &["a-rule", "b-rule"];

    #[test]
    fn overrides_and_switches_off_rules() {
        let config = Config::parse(
            "[rules]\na-rule = \"warning\"\nb-rule = \"off\"\n",
            "lint.toml",
            KNOWN,
        )
        .unwrap();
        assert_eq!(
            config.severity("a-rule", Severity::Error),
            Some(Severity::Warning)
        );
        assert_eq!(config.severity("b-rule", Severity::Error), None);
        assert!(!config.api.documents_error_body);
    }

    #[test]
    fn unlisted_rules_keep_their_default() {
        let config =
            Config::parse("[api]\ndocuments-error-body = true\n", "lint.toml", KNOWN).unwrap();
        assert_eq!(
            config.severity("a-rule", Severity::Warning),
            Some(Severity::Warning)
        );
        assert!(config.api.documents_error_body);
    }

    #[test]
    fn rejects_unknown_rules_levels_and_keys() {
        let unknown_rule =
            Config::parse("[rules]\nc-rule = \"error\"\n", "lint.toml", KNOWN).unwrap_err();
        assert!(
            unknown_rule.to_string().contains("unknown rule `c-rule`"),
            "{unknown_rule}"
        );
        assert!(Config::parse("[rules]\na-rule = \"loud\"\n", "lint.toml", KNOWN).is_err());
        assert!(Config::parse("[rulez]\n", "lint.toml", KNOWN).is_err());
    }

    #[test]
    fn a_missing_default_file_is_the_default_but_a_missing_named_file_is_an_error() {
        let missing = Path::new("/nonexistent/lint.toml");
        assert!(
            Config::load(missing, "lint.toml", false, KNOWN)
                .unwrap()
                .rules
                .is_empty()
        );
        assert!(Config::load(missing, "lint.toml", true, KNOWN).is_err());
    }

    fn parse_error(text: &str) -> String {
        Config::parse(text, "lint.toml", KNOWN)
            .unwrap_err()
            .to_string()
    }

    #[test]
    fn reads_allow_lists_with_their_lines() {
        let config = Config::parse(
            "[[allow]]\nrule = \"a-rule\"\nat = [\n  \"/components/schemas/Thing\",\n  \"listThings\",\n]\nreason = \"the vendor says so\"\n",
            "spec/lint.toml",
            KNOWN,
        )
        .unwrap();
        assert_eq!(config.file, "spec/lint.toml");
        assert_eq!(
            config.allow,
            vec![Allow {
                rule: "a-rule".into(),
                at: vec![
                    Place {
                        at: PlaceKind::Pointer("/components/schemas/Thing".into()),
                        line: 4
                    },
                    Place {
                        at: PlaceKind::OperationId("listThings".into()),
                        line: 5
                    },
                ],
                reason: "the vendor says so".into(),
            }]
        );
    }

    #[test]
    fn an_allow_entry_names_a_known_rule_places_and_a_reason() {
        let unknown = parse_error("[[allow]]\nrule = \"c-rule\"\nat = [\"x\"]\nreason = \"r\"\n");
        assert!(
            unknown.contains("[[allow]] number 1 (line 2): unknown rule `c-rule` in `rule`"),
            "{unknown}"
        );
        let no_rule = parse_error("[[allow]]\nat = [\"x\"]\nreason = \"r\"\n");
        assert!(no_rule.contains("`rule` is missing"), "{no_rule}");
        let no_reason = parse_error("[[allow]]\nrule = \"a-rule\"\nat = [\"x\"]\n");
        assert!(
            no_reason.contains("for `a-rule`: `reason` is missing"),
            "{no_reason}"
        );
        let blank_reason =
            parse_error("[[allow]]\nrule = \"a-rule\"\nat = [\"x\"]\nreason = \" \"\n");
        assert!(
            blank_reason.contains("`reason` is missing"),
            "{blank_reason}"
        );
        let no_places = parse_error("[[allow]]\nrule = \"a-rule\"\nat = []\nreason = \"r\"\n");
        assert!(
            no_places.contains("`at` is missing or empty"),
            "{no_places}"
        );
        let bad_place =
            parse_error("[[allow]]\nrule = \"a-rule\"\nat = [\"not a place\"]\nreason = \"r\"\n");
        assert!(
            bad_place.contains("neither a JSON pointer nor an operationId"),
            "{bad_place}"
        );
        let unknown_field = parse_error(
            "[[allow]]\nrule = \"a-rule\"\nat = [\"x\"]\nreason = \"r\"\nwhy = \"r\"\n",
        );
        assert!(unknown_field.contains("why"), "{unknown_field}");
    }
}
