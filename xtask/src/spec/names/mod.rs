//! The checked-in naming file: which name each hoisted schema gets, pinned by any one of the
//! sites where the schema occurs. Pinning keeps names stable when pages come and go; schemas
//! nobody pinned get a name suggested from where they occur, which the tool reports.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

pub mod namer;
mod site;
pub mod words;

use super::error::SpecError;
use super::source_map::Location;

/// Longest name we accept: a person writes `WeekdaySchedule`, not
/// `ShowCurrentConfigurationsResponseOfficeHoursMonday`.
pub const MAX_NAME_LEN: usize = 30;

#[derive(Debug, Clone)]
pub struct Pin {
    pub name: String,
    pub sites: Vec<String>,
    pub at: Location,
}

#[derive(Debug, Default)]
pub struct NameBook {
    pub pins: Vec<Pin>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NamesFile {
    #[serde(default)]
    schemas: BTreeMap<String, toml::Spanned<Sites>>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum Sites {
    One(String),
    Many(Vec<String>),
}

impl NameBook {
    /// Reads the file at `path`; `label` is how locations name it.
    pub fn load(path: &Path, label: &Path) -> Result<Self, SpecError> {
        Self::parse(
            &label.display().to_string(),
            &super::read_input(path, label)?,
        )
    }

    pub fn parse(file: &str, text: &str) -> Result<Self, SpecError> {
        let location = |offset: usize, context: &str| Location {
            file: file.to_owned(),
            line: text[..offset.min(text.len())].matches('\n').count() + 1,
            context: context.to_owned(),
        };
        let parsed: NamesFile = toml::from_str(text).map_err(|error| SpecError::BadNames {
            at: location(error.span().map_or(0, |span| span.start), "names"),
            message: error.message().to_owned(),
        })?;
        let mut pins = Vec::new();
        for (name, sites) in parsed.schemas {
            let at = location(sites.span().start, &name);
            if let Some(problem) = name_problem(&name) {
                return Err(SpecError::BadNames {
                    at,
                    message: format!("`{name}` {problem}"),
                });
            }
            let sites = match sites.into_inner() {
                Sites::One(site) => vec![site],
                Sites::Many(sites) => sites,
            };
            pins.push(Pin { name, sites, at });
        }
        Ok(Self { pins })
    }
}

/// Lines pinning the names the pipeline suggested, to append to the naming file, and the
/// suggestions that cannot be pinned as they are (too long, say), with why.
pub fn pins_for_suggestions(schemas: &[super::hoist::Hoisted]) -> (String, Vec<String>) {
    let mut suggested: Vec<_> = schemas
        .iter()
        .filter(|schema| schema.how_named == super::hoist::Naming::Suggested)
        .collect();
    suggested.sort_by(|a, b| a.name.cmp(&b.name));
    let mut lines = String::new();
    let mut refused = Vec::new();
    for schema in suggested {
        match name_problem(&schema.name) {
            Some(problem) => refused.push(format!(
                "`{}` {problem}: choose a name for `{}`",
                schema.name, schema.sites[0]
            )),
            None => {
                let site = toml::Value::String(schema.sites[0].clone());
                lines.push_str(&format!("{} = {site}\n", schema.name));
            }
        }
    }
    (lines, refused)
}

/// Why `name` is not a name we accept, if it isn't.
pub fn name_problem(name: &str) -> Option<String> {
    let pascal = name.starts_with(|c: char| c.is_ascii_uppercase())
        && name.chars().all(|c| c.is_ascii_alphanumeric());
    if !pascal {
        Some("is not PascalCase".to_owned())
    } else if name.len() > MAX_NAME_LEN {
        Some(format!("is longer than {MAX_NAME_LEN} characters"))
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_is_pascal_case_ascii_of_at_most_thirty_characters() {
        let thirty = "A".repeat(MAX_NAME_LEN);
        let thirty_one = "A".repeat(MAX_NAME_LEN + 1);
        for (name, problem) in [
            ("Holiday", None),
            ("SpeedDial8", None),
            (thirty.as_str(), None),
            ("holiday", Some("is not PascalCase")),
            ("Week_Day", Some("is not PascalCase")),
            ("8Ball", Some("is not PascalCase")),
            ("Größe", Some("is not PascalCase")),
            (thirty_one.as_str(), Some("is longer than 30 characters")),
        ] {
            assert_eq!(name_problem(name).as_deref(), problem, "{name}");
        }
    }

    #[test]
    fn pins_are_read_with_their_line_and_checked() {
        let book = NameBook::parse(
            "n.toml",
            "[schemas]\nHoliday = \"a.response.200\"\nRange = [\"b\", \"c\"]\n",
        )
        .unwrap();
        assert_eq!(book.pins.len(), 2);
        assert_eq!(book.pins[0].name, "Holiday");
        assert_eq!(book.pins[0].at.line, 2);
        assert_eq!(book.pins[1].sites, ["b", "c"]);

        let error = NameBook::parse("n.toml", "[schemas]\n\nsnake_name = \"a\"\n").unwrap_err();
        assert_eq!(
            error.to_string(),
            "n.toml:3 (snake_name): `snake_name` is not PascalCase"
        );
        let long = format!("[schemas]\n{} = \"a\"\n", "A".repeat(31));
        assert!(
            NameBook::parse("n.toml", &long)
                .unwrap_err()
                .to_string()
                .contains("longer than 30")
        );
    }

    #[test]
    fn only_acceptable_suggestions_are_pinned() {
        use super::super::hoist::{Hoisted, Naming};
        let schema = |name: &str, how_named| Hoisted {
            name: name.to_owned(),
            representative: String::new(),
            sites: vec![format!("op.response.200.{name}")],
            how_named,
        };
        let schemas = [
            schema("Zed", Naming::Suggested),
            schema("Pinned", Naming::Pinned),
            schema(&"Long".repeat(8), Naming::Suggested),
            schema("Alpha", Naming::Suggested),
        ];
        let (lines, refused) = pins_for_suggestions(&schemas);
        assert_eq!(
            lines,
            "Alpha = \"op.response.200.Alpha\"\nZed = \"op.response.200.Zed\"\n"
        );
        assert_eq!(refused.len(), 1);
        assert!(refused[0].contains("longer than 30"), "{refused:?}");
    }
}
