//! Stage 3: vendor fixes as data. Applies an OpenAPI Overlay 1.0 document (JSONPath targets,
//! `update` and `remove` actions) to the merged spec. A target that matches nothing is an error,
//! so a fix that no longer applies is noticed as soon as the vendor corrects the page.

use std::path::Path;

use jsonc_parser::common::Ranged;
use serde::Deserialize;
mod filter;
mod target;

use serde_json::Value;

use super::error::SpecError;
use super::source_map::Location;
use target::Target;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct OverlayDocument {
    #[allow(dead_code, reason = "required by the format; nothing to do with it")]
    overlay: String,
    #[allow(dead_code, reason = "required by the format; nothing to do with it")]
    info: Value,
    #[serde(default)]
    #[allow(
        dead_code,
        reason = "we apply the overlay to whatever the pipeline hands us"
    )]
    extends: Option<String>,
    actions: Vec<Action>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Action {
    target: String,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    update: Option<Value>,
    #[serde(default)]
    remove: bool,
}

/// A parsed overlay whose actions remember the line they were written on.
#[derive(Debug)]
pub struct Overlay {
    actions: Vec<(Action, Target, Location)>,
}

/// A value the overlay changed, by JSON pointer in the document it was applied to.
#[derive(Debug, Clone)]
pub struct Edit {
    pub pointer: String,
    pub by: Location,
}

impl Overlay {
    /// Reads the file at `path`; `label` is how locations name it.
    pub fn load(path: &Path, label: &Path) -> Result<Self, SpecError> {
        Self::parse(
            &label.display().to_string(),
            &super::read_input(path, label)?,
        )
    }

    pub fn parse(file: &str, text: &str) -> Result<Self, SpecError> {
        let at_line = |line: usize, context: &str| Location {
            file: file.to_owned(),
            line,
            context: context.to_owned(),
        };
        let document: OverlayDocument =
            serde_json::from_str(text).map_err(|error| SpecError::BadOverlay {
                at: at_line(error.line(), "overlay"),
                message: error.to_string(),
            })?;
        let lines = action_lines(text);
        let actions = document
            .actions
            .into_iter()
            .enumerate()
            .map(|(index, action)| {
                let line = lines.get(index).copied().unwrap_or(1);
                let context = action
                    .description
                    .clone()
                    .unwrap_or_else(|| action.target.clone());
                let at = at_line(line, &context);
                match Target::parse(&action.target) {
                    Ok(target) => Ok((action, target, at)),
                    Err(error) => Err(SpecError::BadOverlay {
                        at,
                        message: format!("invalid JSONPath `{}`: {error}", action.target),
                    }),
                }
            })
            .collect::<Result<_, _>>()?;
        Ok(Self { actions })
    }

    pub fn apply(&self, document: &mut Value) -> Result<Vec<Edit>, SpecError> {
        let mut edits = Vec::new();
        for (action, target, at) in &self.actions {
            let mut pointers = target.pointers(document);
            if pointers.is_empty() {
                return Err(SpecError::OverlayMatchesNothing {
                    at: at.clone(),
                    target: action.target.clone(),
                });
            }
            if action.remove {
                // Later array elements first, so earlier indices stay valid.
                pointers.sort_by(|a, b| compare_pointers(b, a));
                for pointer in &pointers {
                    remove(document, pointer);
                }
            } else if let Some(update) = &action.update {
                for pointer in &pointers {
                    let target = document.pointer_mut(pointer).expect("JSONPath matched it");
                    merge_update(target, update);
                }
            } else {
                return Err(SpecError::BadOverlay {
                    at: at.clone(),
                    message: "an action needs `update` or `remove: true`".to_owned(),
                });
            }
            edits.extend(edited_pointers(&pointers, action).map(|pointer| Edit {
                pointer,
                by: at.clone(),
            }));
        }
        Ok(edits)
    }
}

/// The values an action changed: for an object update, each member it set, so that a fix
/// inside a large node does not claim the whole node.
fn edited_pointers<'a>(
    targets: &'a [String],
    action: &'a Action,
) -> impl Iterator<Item = String> + 'a {
    targets.iter().flat_map(move |target| match &action.update {
        Some(Value::Object(update)) if !action.remove => update
            .keys()
            .map(|key| super::pointer::join(target, key))
            .collect::<Vec<_>>(),
        _ => vec![target.clone()],
    })
}

/// Overlay 1.0 update semantics: objects merge recursively, arrays are appended to, anything
/// else is replaced.
fn merge_update(target: &mut Value, update: &Value) {
    match (target, update) {
        (Value::Object(target), Value::Object(update)) => {
            for (key, value) in update {
                match target.get_mut(key) {
                    Some(existing) => merge_update(existing, value),
                    None => {
                        target.insert(key.clone(), value.clone());
                    }
                }
            }
        }
        (Value::Array(target), Value::Array(update)) => target.extend(update.iter().cloned()),
        (Value::Array(target), update) => target.push(update.clone()),
        (target, update) => *target = update.clone(),
    }
}

fn remove(document: &mut Value, pointer: &str) {
    let Some((parent, last)) = pointer.rsplit_once('/') else {
        return;
    };
    let key = last.replace("~1", "/").replace("~0", "~");
    match document.pointer_mut(parent) {
        Some(Value::Object(map)) => {
            map.remove(&key);
        }
        Some(Value::Array(items)) => {
            if let Ok(index) = key.parse::<usize>()
                && index < items.len()
            {
                items.remove(index);
            }
        }
        _ => {}
    }
}

/// Orders pointers segment by segment, numerically where both segments are array indices.
fn compare_pointers(a: &str, b: &str) -> std::cmp::Ordering {
    let segments = |p: &'_ str| p.split('/').map(str::to_owned).collect::<Vec<_>>();
    let (a, b) = (segments(a), segments(b));
    for (x, y) in a.iter().zip(&b) {
        let order = match (x.parse::<usize>(), y.parse::<usize>()) {
            (Ok(x), Ok(y)) => x.cmp(&y),
            _ => x.cmp(y),
        };
        if order.is_ne() {
            return order;
        }
    }
    a.len().cmp(&b.len())
}

/// 1-based line where each element of the top-level `actions` array starts.
fn action_lines(text: &str) -> Vec<usize> {
    let parsed = jsonc_parser::parse_to_ast(text, &Default::default(), &Default::default());
    let Ok(jsonc_parser::ParseResult {
        value: Some(jsonc_parser::ast::Value::Object(root)),
        ..
    }) = parsed
    else {
        return Vec::new();
    };
    let Some(actions) = root.get_array("actions") else {
        return Vec::new();
    };
    actions
        .elements
        .iter()
        .map(|element| text[..element.start()].matches('\n').count() + 1)
        .collect()
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    const OVERLAY: &str = r#"{
  "overlay": "1.0.0",
  "info": {"title": "fixes", "version": "1"},
  "actions": [
    {
      "target": "$..[?@.format == 'date_time']",
      "description": "date_time is not a format",
      "update": {"format": "date-time"}
    },
    {
      "target": "$.paths['/a'].get.deprecated",
      "remove": true
    }
  ]
}
"#;

    #[test]
    fn updates_and_removes_every_match_and_records_the_action_line() {
        let mut document = json!({"paths": {"/a": {"get": {"deprecated": true, "parameters": [
            {"schema": {"type": "string", "format": "date_time"}},
            {"schema": {"type": "string", "format": "date_time"}}
        ]}}}});
        let edits = Overlay::parse("o.json", OVERLAY)
            .unwrap()
            .apply(&mut document)
            .unwrap();
        let get = &document["paths"]["/a"]["get"];
        assert_eq!(get["parameters"][1]["schema"]["format"], "date-time");
        assert_eq!(get.get("deprecated"), None);
        assert_eq!(edits.len(), 3);
        assert_eq!(
            edits[0].pointer,
            "/paths/~1a/get/parameters/0/schema/format"
        );
        assert_eq!(edits[0].by.line, 5);
        assert_eq!(edits[2].by.line, 10);
        assert_eq!(edits[2].pointer, "/paths/~1a/get/deprecated");
    }

    #[test]
    fn a_target_matching_nothing_is_an_error_naming_the_action_line() {
        let mut document = json!({"paths": {}});
        let error = Overlay::parse("o.json", OVERLAY)
            .unwrap()
            .apply(&mut document)
            .unwrap_err();
        assert!(
            error
                .to_string()
                .starts_with("o.json:5 (date_time is not a format): overlay action target"),
            "{error}"
        );
    }

    /// Every action of our own overlay, on the vendor's merged pages as the earlier actions
    /// left them, selects exactly what serde_json_path selects.
    #[test]
    fn our_overlay_selects_on_the_vendor_pages_what_serde_json_path_selects() {
        let root = crate::spec::cli::workspace_root();
        let mut fragments = Vec::new();
        for page in crate::spec::extract::pages(&root.join("spec/docs")).unwrap() {
            fragments.extend(crate::spec::extract::extract_page(&page, &page).unwrap());
        }
        let mut document = crate::spec::merge::merge(fragments).unwrap().document;
        let path = root.join("spec/overlay.json");
        let overlay = Overlay::load(&path, &path).unwrap();
        for (action, target, at) in &overlay.actions {
            let expected: Vec<String> = serde_json_path::JsonPath::parse(&action.target)
                .unwrap()
                .query_located(&document)
                .locations()
                .map(|location| location.to_json_pointer())
                .collect();
            assert_eq!(target.pointers(&document), expected, "{}", action.target);
            let single = Overlay {
                actions: vec![(
                    Action {
                        target: action.target.clone(),
                        description: None,
                        update: action.update.clone(),
                        remove: action.remove,
                    },
                    Target::parse(&action.target).unwrap(),
                    at.clone(),
                )],
            };
            single.apply(&mut document).unwrap();
        }
    }

    #[test]
    fn arrays_are_appended_to_and_objects_merged() {
        let mut target = json!({"a": {"b": 1}, "list": [1]});
        merge_update(&mut target, &json!({"a": {"c": 2}, "list": [2]}));
        assert_eq!(target, json!({"a": {"b": 1, "c": 2}, "list": [1, 2]}));
    }
}
