//! What rules report (findings) and what the lint prints (diagnostics: a finding with its rule,
//! severity and source location).

use serde::{Deserialize, Serialize};

use crate::spec::source_map::Location;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Warning,
    Error,
}

impl std::fmt::Display for Severity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        })
    }
}

/// One problem a rule found: where (a JSON pointer into the linted document), what, and how to
/// fix it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    pub pointer: String,
    pub message: String,
    pub help: String,
}

/// The findings of one rule run. Several schema sites can see the same shared keyword (through
/// `$ref` or `allOf`), so a finding repeated at the same pointer is kept once.
#[derive(Default)]
pub struct Findings {
    items: Vec<Finding>,
}

impl Findings {
    pub fn report(
        &mut self,
        pointer: impl Into<String>,
        message: impl Into<String>,
        help: impl Into<String>,
    ) {
        let finding = Finding {
            pointer: pointer.into(),
            message: message.into(),
            help: help.into(),
        };
        if !self.items.contains(&finding) {
            self.items.push(finding);
        }
    }

    pub fn into_vec(self) -> Vec<Finding> {
        self.items
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub rule: &'static str,
    pub severity: Severity,
    /// JSON pointer into the linted file.
    pub pointer: String,
    pub message: String,
    pub help: String,
    /// The vendor page line or overlay action the value came from, when the file has a
    /// source map.
    pub location: Option<Location>,
}

/// The outcome of linting one file.
#[derive(Debug)]
pub struct Report {
    /// The linted file, as given.
    pub file: String,
    pub diagnostics: Vec<Diagnostic>,
    /// Findings the config's `[[allow]]` lists accepted, so not among the diagnostics.
    pub allowed: usize,
}

impl Report {
    pub fn count(&self, severity: Severity) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .count()
    }

    pub fn has_errors(&self) -> bool {
        self.count(Severity::Error) > 0
    }
}
