//! The report as SARIF 2.1.0, the format GitHub code scanning reads: one result per
//! diagnostic, at its first page line, with every other site (and every page using a shared
//! schema) as related locations.

use serde_sarif::sarif::{
    ArtifactLocation, Location as SarifLocation, Message, MultiformatMessageString,
    PhysicalLocation, Region, ReportingDescriptor, Result as SarifResult, ResultLevel, Run, Sarif,
    Tool, ToolComponent,
};

use super::config::ApiFacts;
use super::diagnostic::{Diagnostic, Report, Severity};
use super::rules;
use crate::spec::source_map::Location;

const VERSION: &str = "2.1.0";
const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

pub fn render(report: &Report) -> String {
    let mut ids: Vec<&str> = rules::all(&ApiFacts::default())
        .iter()
        .map(|rule| rule.id())
        .collect();
    let mut descriptors: Vec<ReportingDescriptor> = rules::all(&ApiFacts::default())
        .iter()
        .map(|rule| {
            ReportingDescriptor::builder()
                .id(rule.id().to_owned())
                .short_description(text_of(rule.description()))
                .build()
        })
        .collect();
    for diagnostic in &report.diagnostics {
        if !ids.contains(&diagnostic.rule) {
            ids.push(diagnostic.rule);
            descriptors.push(
                ReportingDescriptor::builder()
                    .id(diagnostic.rule.to_owned())
                    .build(),
            );
        }
    }
    let results: Vec<SarifResult> = report
        .diagnostics
        .iter()
        .map(|diagnostic| {
            let index = ids
                .iter()
                .position(|id| *id == diagnostic.rule)
                .expect("every rule is listed");
            result(report, diagnostic, index)
        })
        .collect();
    let driver = ToolComponent::builder()
        .name("cargo xtask lint".to_owned())
        .information_uri("https://spec.openapis.org/oas/v3.1.0".to_owned())
        .rules(descriptors)
        .build();
    let run = Run::builder()
        .tool(Tool::builder().driver(driver).build())
        .results(results)
        .build();
    let log = Sarif::builder()
        .schema(SCHEMA.to_owned())
        .version(serde_json::Value::from(VERSION))
        .runs(vec![run])
        .build();
    serde_json::to_string_pretty(&log).expect("a SARIF log serializes") + "\n"
}

fn result(report: &Report, diagnostic: &Diagnostic, rule_index: usize) -> SarifResult {
    let level = match diagnostic.severity {
        Severity::Error => ResultLevel::Error,
        Severity::Warning => ResultLevel::Warning,
    };
    let first = match &diagnostic.location {
        Some(at) => place(at, &diagnostic.pointer),
        None => file_only(&report.file, &diagnostic.pointer),
    };
    let mut related = Vec::new();
    for (index, site) in diagnostic.sites.iter().enumerate() {
        if index > 0 {
            related.push(match &site.location {
                Some(at) => place(at, &site.pointer),
                None => file_only(&report.file, &site.pointer),
            });
        }
        for user in &site.used_by {
            related.push(place(user, &format!("uses {}", site.pointer)));
        }
    }
    let mut text = format!("{}\nhelp: {}", diagnostic.message, diagnostic.help);
    if diagnostic.sites.len() > 1 {
        text += &format!("\nat {} sites (related locations)", diagnostic.sites.len());
    }
    let builder = SarifResult::builder()
        .rule_id(diagnostic.rule.to_owned())
        .rule_index(rule_index as i64)
        .level(level)
        .message(Message::builder().text(text).build())
        .locations(vec![first]);
    if related.is_empty() {
        builder.build()
    } else {
        builder.related_locations(related).build()
    }
}

fn text_of(text: &str) -> MultiformatMessageString {
    MultiformatMessageString::builder()
        .text(text.to_owned())
        .build()
}

/// A page line, described by the JSON pointer of what is there.
fn place(at: &Location, pointer: &str) -> SarifLocation {
    let physical = PhysicalLocation::builder()
        .artifact_location(ArtifactLocation::builder().uri(at.file.clone()).build())
        .region(Region::builder().start_line(at.line as i64).build())
        .build();
    SarifLocation::builder()
        .physical_location(physical)
        .message(
            Message::builder()
                .text(format!("{pointer} ({})", at.context))
                .build(),
        )
        .build()
}

/// The linted file itself, for a diagnostic without a source location.
fn file_only(file: &str, pointer: &str) -> SarifLocation {
    let physical = PhysicalLocation::builder()
        .artifact_location(ArtifactLocation::builder().uri(file.to_owned()).build())
        .build();
    SarifLocation::builder()
        .physical_location(physical)
        .message(Message::builder().text(pointer.to_owned()).build())
        .build()
}

#[cfg(test)]
mod tests {
    use serde_json::Value;

    use super::*;
    use crate::lint::diagnostic::Site;

    fn at(file: &str, line: usize) -> Location {
        Location {
            file: file.into(),
            line,
            context: "## List things".into(),
        }
    }

    fn log() -> Value {
        let first = Site {
            pointer: "/paths/~1a/get".into(),
            location: Some(at("spec/docs/a.md", 3)),
            used_by: Vec::new(),
        };
        let second = Site {
            pointer: "/components/schemas/Thing".into(),
            location: None,
            used_by: vec![at("spec/docs/b.md", 9)],
        };
        let lone = Site {
            pointer: "/paths/~1c/get".into(),
            location: None,
            used_by: Vec::new(),
        };
        let report = Report {
            file: "spec/openapi.json".into(),
            diagnostics: vec![
                Diagnostic::at_sites(
                    "missing-description",
                    Severity::Warning,
                    "no description".into(),
                    "add one".into(),
                    vec![first, second],
                ),
                Diagnostic::at_sites(
                    "operation-id-unique",
                    Severity::Error,
                    "no operationId".into(),
                    "add one".into(),
                    vec![lone],
                ),
            ],
            allowed: 0,
        };
        serde_json::from_str(&render(&report)).unwrap()
    }

    #[test]
    fn other_sites_and_pages_using_them_are_related_locations() {
        let log = log();
        let result = &log["runs"][0]["results"][0];
        assert_eq!(
            result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            "spec/docs/a.md"
        );
        let related = result["relatedLocations"].as_array().unwrap();
        let described: Vec<(&str, &str)> = related
            .iter()
            .map(|location| {
                (
                    location["physicalLocation"]["artifactLocation"]["uri"]
                        .as_str()
                        .unwrap(),
                    location["message"]["text"].as_str().unwrap(),
                )
            })
            .collect();
        assert_eq!(
            described,
            [
                ("spec/openapi.json", "/components/schemas/Thing"),
                (
                    "spec/docs/b.md",
                    "uses /components/schemas/Thing (## List things)"
                )
            ]
        );
        assert_eq!(
            result["message"]["text"],
            "no description\nhelp: add one\nat 2 sites (related locations)"
        );
    }

    #[test]
    fn a_result_without_a_page_line_is_on_the_linted_file() {
        let log = log();
        let result = &log["runs"][0]["results"][1];
        assert_eq!(
            result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            "spec/openapi.json"
        );
        assert_eq!(result["locations"][0]["message"]["text"], "/paths/~1c/get");
        assert_eq!(result["message"]["text"], "no operationId\nhelp: add one");
        assert_eq!(result["relatedLocations"], Value::Null);
    }
}
