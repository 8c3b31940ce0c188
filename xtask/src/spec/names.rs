//! The checked-in naming file: which name each hoisted schema gets, pinned by any one of the
//! sites where the schema occurs. Pinning keeps names stable when pages come and go; schemas
//! nobody pinned get a name suggested from where they occur, which the tool reports.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

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

/// A name for a schema nobody pinned, from the site it first occurs at: the property, the
/// parameter, or the operation whose body or response it is.
pub fn suggest(site: &str) -> String {
    if let Some(parent) = site.strip_suffix("[]") {
        return singular(&suggest(parent));
    }
    if let Some((parent, keyword)) = site.rsplit_once('|') {
        let index: String = keyword.chars().filter(char::is_ascii_digit).collect();
        let index = index
            .parse::<usize>()
            .map_or(String::new(), |i| (i + 1).to_string());
        return format!("{}Option{index}", suggest(parent));
    }
    let segments: Vec<&str> = site.split('.').collect();
    match segments.as_slice() {
        [.., operation, "request"] => format!("{}Request", pascal(operation)),
        [.., operation, "response", _status] => format!("{}Response", pascal(operation)),
        [.., "param", name] => pascal(name),
        [.., last] => pascal(last),
        [] => "Schema".to_owned(),
    }
}

pub fn pascal(text: &str) -> String {
    text.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|word| !word.is_empty())
        .map(|word| {
            let mut chars = word.chars();
            let first = chars.next().map(|c| c.to_ascii_uppercase()).into_iter();
            first.chain(chars).collect::<String>()
        })
        .collect()
}

fn singular(name: &str) -> String {
    if let Some(stem) = name.strip_suffix("ies") {
        format!("{stem}y")
    } else if name.ends_with("ss") {
        name.to_owned()
    } else if let Some(stem) = name.strip_suffix('s') {
        stem.to_owned()
    } else {
        format!("{name}Item")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions_come_from_the_context() {
        assert_eq!(suggest("showHoliday.response.200"), "ShowHolidayResponse");
        assert_eq!(
            suggest("updateSettings.request.office_hours"),
            "OfficeHours"
        );
        assert_eq!(suggest("listHolidays.response.200.items[]"), "Item");
        assert_eq!(
            suggest("retrieveTenantCustomHeaders.response.200.add[].scope"),
            "Scope"
        );
        assert_eq!(
            suggest("x.response.200.outbound_caller_ids[]"),
            "OutboundCallerId"
        );
        assert_eq!(suggest("x.response.200.policies[]"), "Policy");
        assert_eq!(
            suggest("signIn.response.200|oneOf[1]"),
            "SignInResponseOption2"
        );
        assert_eq!(suggest("listThings.param.order_by"), "OrderBy");
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
