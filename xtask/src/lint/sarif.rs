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
