//! The checked-in lint configuration (`spec/lint.toml`): rule severities, and facts about the
//! API that the pages do not state but some rules need.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::Context as _;
use serde::Deserialize;

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

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Config {
    /// Rule id → level, overriding the rule's default.
    #[serde(default)]
    pub rules: BTreeMap<String, Level>,
    #[serde(default)]
    pub api: ApiFacts,
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
    pub fn parse(text: &str, known_rules: &[&str]) -> anyhow::Result<Self> {
        let config: Config = toml::from_str(text)?;
        if let Some(unknown) = config
            .rules
            .keys()
            .find(|id| !known_rules.contains(&id.as_str()))
        {
            anyhow::bail!(
                "unknown rule `{unknown}` in [rules]; known rules: {}",
                known_rules.join(", ")
            );
        }
        Ok(config)
    }

    /// Reads `path`; a missing file is the default configuration only when `required` is false
    /// (the default path), so a mistyped `--config` is an error.
    pub fn load(path: &Path, required: bool, known_rules: &[&str]) -> anyhow::Result<Self> {
        match std::fs::read_to_string(path) {
            Ok(text) => {
                Self::parse(&text, known_rules).with_context(|| format!("in {}", path.display()))
            }
            Err(error) if error.kind() == std::io::ErrorKind::NotFound && !required => {
                Ok(Self::default())
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
        let config =
            Config::parse("[rules]\na-rule = \"warning\"\nb-rule = \"off\"\n", KNOWN).unwrap();
        assert_eq!(
            config.severity("a-rule", Severity::Error),
            Some(Severity::Warning)
        );
        assert_eq!(config.severity("b-rule", Severity::Error), None);
        assert!(!config.api.documents_error_body);
    }

    #[test]
    fn unlisted_rules_keep_their_default() {
        let config = Config::parse("[api]\ndocuments-error-body = true\n", KNOWN).unwrap();
        assert_eq!(
            config.severity("a-rule", Severity::Warning),
            Some(Severity::Warning)
        );
        assert!(config.api.documents_error_body);
    }

    #[test]
    fn rejects_unknown_rules_levels_and_keys() {
        let unknown_rule = Config::parse("[rules]\nc-rule = \"error\"\n", KNOWN).unwrap_err();
        assert!(
            unknown_rule.to_string().contains("unknown rule `c-rule`"),
            "{unknown_rule}"
        );
        assert!(Config::parse("[rules]\na-rule = \"loud\"\n", KNOWN).is_err());
        assert!(Config::parse("[rulez]\n", KNOWN).is_err());
    }

    #[test]
    fn a_missing_default_file_is_the_default_but_a_missing_named_file_is_an_error() {
        let missing = Path::new("/nonexistent/lint.toml");
        assert!(
            Config::load(missing, false, KNOWN)
                .unwrap()
                .rules
                .is_empty()
        );
        assert!(Config::load(missing, true, KNOWN).is_err());
    }
}
