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

/// One diagnostic per cause: the same finding (rule, message and help) at several places is
/// one diagnostic listing every place, so one missing convention is not reported 585 times.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub rule: &'static str,
    pub severity: Severity,
    /// JSON pointer into the linted file of the first site.
    pub pointer: String,
    pub message: String,
    pub help: String,
    /// The vendor page line or overlay action the first site came from, when the file has a
    /// source map.
    pub location: Option<Location>,
    /// Every place the cause shows, the first one included.
    pub sites: Vec<Site>,
}

/// One place a diagnostic's cause shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Site {
    pub pointer: String,
    pub location: Option<Location>,
    /// For a shared schema component: the page sections of the operations that use it, each
    /// of which shows the defect to a reader (the component itself is located at the first).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub used_by: Vec<Location>,
}

impl Diagnostic {
    /// A diagnostic at `sites` (at least one).
    pub fn at_sites(
        rule: &'static str,
        severity: Severity,
        message: String,
        help: String,
        sites: Vec<Site>,
    ) -> Diagnostic {
        let first = sites.first().expect("a diagnostic has a site");
        Diagnostic {
            rule,
            severity,
            pointer: first.pointer.clone(),
            location: first.location.clone(),
            message,
            help,
            sites,
        }
    }

    /// Every page line the diagnostic shows at: each site's location and the sections that use
    /// it, without repeats, in order.
    pub fn page_locations(&self) -> Vec<&Location> {
        let mut seen: Vec<&Location> = Vec::new();
        for site in &self.sites {
            for at in site.location.iter().chain(&site.used_by) {
                if !seen.contains(&at) {
                    seen.push(at);
                }
            }
        }
        seen
    }
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
