//! Stage 3: vendor fixes as data. Applies an OpenAPI Overlay 1.0 document (JSONPath targets,
//! `update` and `remove` actions) to the merged spec, one action after another in file order.
//! Targets are RFC 9535 JSONPath, evaluated by serde_json_path. A target that matches nothing is
//! an error, so a fix that no longer applies is noticed as soon as the vendor corrects the page.

use std::path::Path;

use jsonc_parser::common::Ranged;
use portsip_api_build::openapi::pointer;
use serde::Deserialize;
use serde_json::Value;
use serde_json_path::JsonPath;

use super::error::SpecError;
use super::source_map::Location;

mod locate;

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
    actions: Vec<ParsedAction>,
}

#[derive(Debug)]
struct ParsedAction {
    action: Action,
    target: JsonPath,
    at: Location,
}

impl ParsedAction {
    fn new(action: Action, at: Location) -> Result<Self, SpecError> {
        if action.update.is_none() && !action.remove {
            return Err(SpecError::BadOverlay {
                at,
                message: "an action needs `update` or `remove: true`".to_owned(),
            });
        }
        let target = JsonPath::parse(&action.target).map_err(|error| SpecError::BadOverlay {
            at: at.clone(),
            message: format!("invalid JSONPath `{}`: {error}", action.target),
        })?;
        Ok(Self { action, target, at })
    }

    /// The JSON pointers of the nodes the target selects in `document`, in the order RFC 9535
    /// lists them.
    fn select(&self, document: &Value) -> Vec<String> {
        locate::pointers(document, &self.target.query(document).all())
    }

    /// Applies the action to the nodes at `pointers`.
    fn apply(
        &self,
        mut pointers: Vec<String>,
        document: &mut Value,
        applied: &mut Applied,
    ) -> Result<(), SpecError> {
        let action = &self.action;
        if pointers.is_empty() {
            return Err(SpecError::OverlayMatchesNothing {
                at: self.at.clone(),
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
            let mut changed = false;
            // A target inside another target that this update replaced is gone with it.
            pointers.retain(|pointer| {
                let Some(target) = document.pointer_mut(pointer) else {
                    return false;
                };
                let before = target.clone();
                merge_update(target, update);
                changed |= *target != before;
                true
            });
            if !changed {
                applied.already_upstream.push(self.at.clone());
            }
        }
        applied
            .edits
            .extend(edited_pointers(&pointers, action).map(|pointer| Edit {
                pointer,
                by: self.at.clone(),
            }));
        Ok(())
    }
}

/// What applying the overlay did.
#[derive(Debug, Default)]
pub struct Applied {
    pub edits: Vec<Edit>,
    /// Update actions whose targets already said what they set: fixes the vendor has made in
    /// the pages, to delete from the overlay.
    pub already_upstream: Vec<Location>,
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
                ParsedAction::new(action, at_line(line, &context))
            })
            .collect::<Result<_, _>>()?;
        Ok(Self { actions })
    }

    /// Applies the actions one after another, in file order, as Overlay 1.0 says: each selects
    /// its targets in the document the actions before it left.
    pub fn apply(&self, document: &mut Value) -> Result<Applied, SpecError> {
        let mut applied = Applied::default();
        for action in &self.actions {
            let pointers = action.select(document);
            action.apply(pointers, document, &mut applied)?;
        }
        Ok(applied)
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
            .map(|key| pointer::join(target, key))
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
    let key = pointer::unescape(last);
    match document.pointer_mut(parent) {
        Some(Value::Object(map)) => {
            map.remove(key.as_ref());
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
    let (mut a, mut b) = (a.split('/'), b.split('/'));
    loop {
        let (x, y) = match (a.next(), b.next()) {
            (Some(x), Some(y)) => (x, y),
            (x, y) => return x.is_some().cmp(&y.is_some()),
        };
        let order = match (x.parse::<usize>(), y.parse::<usize>()) {
            (Ok(x), Ok(y)) => x.cmp(&y),
            _ => x.cmp(y),
        };
        if order.is_ne() {
            return order;
        }
    }
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
        let applied = Overlay::parse("o.json", OVERLAY)
            .unwrap()
            .apply(&mut document)
            .unwrap();
        let edits = applied.edits;
        assert!(
            applied.already_upstream.is_empty(),
            "every action changed something"
        );
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

    fn edited(edits: &[Edit]) -> Vec<&str> {
        edits.iter().map(|edit| edit.pointer.as_str()).collect()
    }

    fn overlay_of(actions: Value) -> Overlay {
        let text =
            json!({"overlay": "1.0.0", "info": {"title": "t", "version": "1"}, "actions": actions});
        Overlay::parse("o.json", &serde_json::to_string_pretty(&text).unwrap()).unwrap()
    }

    #[test]
    fn each_action_selects_in_the_document_the_actions_before_it_left() {
        let mut document = json!({"a": {"x": 1}, "b": {"x": 2}});
        // The second action selects only what the first one adds; the third, a descendant
        // query after two others, sees both.
        let overlay = overlay_of(json!([
            {"target": "$..[?@.x == 1]", "update": {"y": 2}},
            {"target": "$..[?@.y == 2]", "update": {"z": 3}},
            {"target": "$..[?@.z == 3 || @.x == 2]", "update": {"w": 4}}
        ]));
        overlay.apply(&mut document).unwrap();
        assert_eq!(
            document,
            json!({"a": {"x": 1, "y": 2, "z": 3, "w": 4}, "b": {"x": 2, "w": 4}})
        );
    }

    #[test]
    fn a_removed_array_element_leaves_the_others_in_place() {
        let mut document = json!({"list": [{"k": 1}, {"k": 2}, {"k": 1}, {"k": 3}]});
        let overlay = overlay_of(json!([{"target": "$.list[?@.k == 1]", "remove": true}]));
        let edits = overlay.apply(&mut document).unwrap().edits;
        assert_eq!(document, json!({"list": [{"k": 2}, {"k": 3}]}));
        assert_eq!(edited(&edits), ["/list/2", "/list/0"]);
    }

    #[test]
    fn removals_go_from_the_highest_index_down_even_past_nine() {
        let list: Vec<Value> = (0..12).map(|k| json!({"k": k})).collect();
        let mut document = json!({ "list": list });
        let overlay =
            overlay_of(json!([{"target": "$.list[?@.k == 2 || @.k == 10]", "remove": true}]));
        let edits = overlay.apply(&mut document).unwrap().edits;
        let left: Vec<&Value> = document["list"]
            .as_array()
            .unwrap()
            .iter()
            .map(|item| &item["k"])
            .collect();
        assert_eq!(
            left,
            [0, 1, 3, 4, 5, 6, 7, 8, 9, 11]
                .map(Value::from)
                .iter()
                .collect::<Vec<_>>()
        );
        assert_eq!(edited(&edits), ["/list/10", "/list/2"]);
    }

    #[test]
    fn an_action_that_removes_edits_its_target_whatever_update_it_also_carries() {
        let mut document = json!({"a": {"x": 1}, "b": 2});
        let overlay = overlay_of(json!([{"target": "$.a", "remove": true, "update": {"x": 3}}]));
        let edits = overlay.apply(&mut document).unwrap().edits;
        assert_eq!(document, json!({"b": 2}));
        assert_eq!(edited(&edits), ["/a"]);
    }

    #[test]
    fn an_invalid_target_names_the_action_line() {
        let text = "{\"overlay\": \"1.0.0\", \"info\": {},\n \"actions\": [\n  {\"target\": \"$[?\", \"remove\": true}\n]}\n";
        let error = Overlay::parse("o.json", text).unwrap_err().to_string();
        assert!(
            error.starts_with("o.json:3 ($[?): invalid JSONPath `$[?`"),
            "{error}"
        );
    }

    #[test]
    fn arrays_are_appended_to_objects_merged_and_the_rest_replaced() {
        let mut target = json!({"a": {"b": 1}, "list": [1], "one": [1]});
        merge_update(&mut target, &json!({"a": {"c": 2}, "list": [2], "one": 3}));
        assert_eq!(
            target,
            json!({"a": {"b": 1, "c": 2}, "list": [1, 2], "one": [1, 3]})
        );
        merge_update(&mut target, &json!({"a": "replaced"}));
        assert_eq!(target["a"], "replaced");
    }
}
