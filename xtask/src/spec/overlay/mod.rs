//! Stage 3: vendor fixes as data. Applies an OpenAPI Overlay 1.0 document (JSONPath targets,
//! `update` and `remove` actions) to the merged spec. A target that matches nothing is an error,
//! so a fix that no longer applies is noticed as soon as the vendor corrects the page.

use std::path::Path;

use jsonc_parser::common::Ranged;
use serde::Deserialize;
mod batch;
mod filter;
mod shared;
mod target;

use crate::spec::json::Value;

use super::error::SpecError;
use super::source_map::Location;
use batch::{Reads, Writes};
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
    actions: Vec<ParsedAction>,
}

#[derive(Debug)]
struct ParsedAction {
    action: Action,
    target: Target,
    reads: Option<Reads>,
    writes: Writes,
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
        let target = Target::parse(&action.target).map_err(|error| SpecError::BadOverlay {
            at: at.clone(),
            message: format!("invalid JSONPath `{}`: {error}", action.target),
        })?;
        Ok(Self {
            reads: Reads::of(target.query()),
            writes: Writes::of(action.update.as_ref(), action.remove),
            action,
            target,
            at,
        })
    }

    /// Applies the action to the nodes at `pointers`; returns whether it only merged objects
    /// into objects, the kind of change [`batch`] reasons about.
    fn apply(
        &self,
        mut pointers: Vec<String>,
        document: &mut Value,
        edits: &mut Vec<Edit>,
    ) -> Result<bool, SpecError> {
        let action = &self.action;
        if pointers.is_empty() {
            return Err(SpecError::OverlayMatchesNothing {
                at: self.at.clone(),
                target: action.target.clone(),
            });
        }
        let mut merged_objects = !action.remove;
        if action.remove {
            // Later array elements first, so earlier indices stay valid.
            pointers.sort_by(|a, b| compare_pointers(b, a));
            for pointer in &pointers {
                remove(document, pointer);
            }
        } else if let Some(update) = &action.update {
            // A target inside another target that this update replaced is gone with it.
            pointers.retain(|pointer| {
                let Some(target) = document.pointer_mut(pointer) else {
                    return false;
                };
                let into_an_object = target.is_object() && update.is_object();
                merged_objects &= merge_update(target, update) && into_an_object;
                true
            });
        }
        edits.extend(edited_pointers(&pointers, action).map(|pointer| Edit {
            pointer,
            by: self.at.clone(),
        }));
        Ok(merged_objects)
    }
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

    /// Applies the actions in order. Consecutive actions that cannot affect each other's
    /// targets select them together first (see `overlay/batch.rs`), which gives the same result.
    pub fn apply(&self, document: &mut Value) -> Result<Vec<Edit>, SpecError> {
        let mut edits = Vec::new();
        let mut next = 0;
        while next < self.actions.len() {
            let batch = &self.actions[next..next + self.batch_len(next)];
            let targets: Vec<&Target> = batch.iter().map(|action| &action.target).collect();
            let selected = shared::select_together(&targets, document);
            for (action, pointers) in batch.iter().zip(selected) {
                next += 1;
                if !action.apply(pointers, document, &mut edits)? {
                    // A replaced node may hold what a later action of the batch selected.
                    break;
                }
            }
        }
        Ok(edits)
    }

    /// How many actions from `start` on can select their targets before any of them applies.
    fn batch_len(&self, start: usize) -> usize {
        let mut len = 1;
        while let Some(candidate) = self.actions.get(start + len) {
            let earlier = &self.actions[start..start + len];
            let independent = candidate.reads.as_ref().is_some_and(|reads| {
                earlier
                    .iter()
                    .all(|action| reads.unaffected_by(&action.writes))
            });
            if !independent {
                break;
            }
            len += 1;
        }
        len
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
/// else is replaced. Returns whether the update only added members, replaced plain values and
/// appended arrays to arrays: the changes `batch` reasons about. Replacing an object or array,
/// or pushing a single value onto an array, can take away or move what a later action of the
/// batch selected.
fn merge_update(target: &mut Value, update: &Value) -> bool {
    match (target, update) {
        (Value::Object(target), Value::Object(update)) => {
            let mut only_merged = true;
            for (key, value) in update {
                match target.get_mut(key) {
                    Some(existing) => only_merged &= merge_update(existing, value),
                    None => {
                        target.insert(key.clone(), value.clone());
                    }
                }
            }
            only_merged
        }
        (Value::Array(target), Value::Array(update)) => {
            target.extend(update.iter().cloned());
            true
        }
        (Value::Array(target), update) => {
            target.push(update.clone());
            false
        }
        (target, update) => {
            let replaced_a_container = target.is_object() || target.is_array();
            *target = update.clone();
            !replaced_a_container
        }
    }
}

fn remove(document: &mut Value, pointer: &str) {
    let Some((parent, last)) = pointer.rsplit_once('/') else {
        return;
    };
    let key = super::pointer::unescape(last);
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
    use crate::spec::json::json;

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

    fn vendor_document() -> Value {
        let root = crate::spec::cli::workspace_root();
        let mut merger = crate::spec::merge::Merger::default();
        for page in crate::spec::extract::pages(&root.join("spec/docs")).unwrap() {
            for fragment in crate::spec::extract::extract_page(&page, &page).unwrap() {
                merger.add(fragment).unwrap();
            }
        }
        merger.finish().document
    }

    fn our_overlay() -> Overlay {
        let path = crate::spec::cli::workspace_root().join("spec/overlay.json");
        Overlay::load(&path, &path).unwrap()
    }

    /// Overlay 1.0 as written: each action selects with serde_json_path on the document the
    /// actions before it left.
    fn apply_one_by_one(overlay: &Overlay, document: &mut Value) -> Result<Vec<Edit>, SpecError> {
        let mut edits = Vec::new();
        for action in &overlay.actions {
            let pointers = serde_json_path::JsonPath::parse(&action.action.target)
                .unwrap()
                .query_located(&serde_json::Value::from(&*document))
                .locations()
                .map(|location| location.to_json_pointer())
                .collect();
            action.apply(pointers, document, &mut edits)?;
        }
        Ok(edits)
    }

    fn assert_same_as_one_by_one(overlay: &Overlay, document: Value) {
        let (mut batched, mut reference) = (document.clone(), document);
        let edits = overlay.apply(&mut batched);
        let expected = apply_one_by_one(overlay, &mut reference);
        match (edits, expected) {
            (Ok(edits), Ok(expected)) => {
                let pointers = |edits: &[Edit]| -> Vec<String> {
                    edits.iter().map(|edit| edit.pointer.clone()).collect()
                };
                assert_eq!(pointers(&edits), pointers(&expected));
            }
            (Err(error), Err(expected)) => assert_eq!(error.to_string(), expected.to_string()),
            (got, expected) => panic!("batched {got:?}, one by one {expected:?}"),
        }
        assert_eq!(batched, reference);
    }

    #[test]
    fn our_overlay_selects_on_the_vendor_pages_what_serde_json_path_selects() {
        let mut document = vendor_document();
        for action in &our_overlay().actions {
            let expected: Vec<String> = serde_json_path::JsonPath::parse(&action.action.target)
                .unwrap()
                .query_located(&serde_json::Value::from(&document))
                .locations()
                .map(|location| location.to_json_pointer())
                .collect();
            assert_eq!(
                action.target.pointers(&document),
                expected,
                "{}",
                action.action.target
            );
            action
                .apply(expected, &mut document, &mut Vec::new())
                .unwrap();
        }
    }

    #[test]
    fn our_overlay_batched_changes_the_vendor_pages_as_one_action_after_another_does() {
        let overlay = our_overlay();
        let walks_everything = |action: &ParsedAction| action.action.target.starts_with("$..");
        let first_batch = overlay.batch_len(0);
        assert!(
            overlay.actions[first_batch..]
                .iter()
                .all(|action| !walks_everything(action)),
            "the descendant queries at the top of spec/overlay.json share one walk"
        );
        assert_same_as_one_by_one(&overlay, vendor_document());
    }

    fn overlay_of(actions: Value) -> Overlay {
        let text =
            json!({"overlay": "1.0.0", "info": {"title": "t", "version": "1"}, "actions": actions});
        Overlay::parse("o.json", &text.to_string()).unwrap()
    }

    /// Random overlays built from targets and changes that touch each other in every way the
    /// batching reasons about: members that filters test, members that updates add, arrays
    /// that grow, indices, wildcards, removals. Batched, each must change the document exactly
    /// as applying its actions one after another does, or fail the same way.
    #[test]
    fn random_overlays_batched_change_documents_as_one_action_after_another_does() {
        const TARGETS: &[&str] = &[
            "$..[?@.x == 1]",
            "$..[?@.y == 2]",
            "$..[?@.x]",
            "$..[?!@.y]",
            "$..[?@.tag == 'a'].inner",
            "$..[?@.inner.x == 1].inner",
            "$..inner",
            "$..list[-1]",
            "$..list[0]",
            "$..[?@.list].list",
            "$.a.*",
            "$.a[?@.z]",
            "$..[?@ == 1]",
            "$..[?@.list[0] == 1]",
            "$..[?$.a.x == 1]",
            "$..[?@.*]",
            "$.b",
            "$.b.*[-1].x",
            "$.b.*[-1].list",
        ];
        let changes = [
            json!({"update": {"y": 2}}),
            json!({"update": {"x": 1}}),
            json!({"update": {"z": {"x": 1}}}),
            json!({"update": {"inner": {"y": 2}}}),
            json!({"update": {"list": [9]}}),
            json!({"update": {"items": [{"x": 5}]}}),
            json!({"update": {"items": [{"w": 5}]}}),
            json!({"update": {"tag": "a", "inner": {"x": 1}}}),
            json!({"update": 7}),
            json!({"remove": true}),
        ];
        let document = json!({
            "a": {"x": 1, "list": [1, 2], "tag": "a", "inner": {"x": 1, "list": [3]}},
            "b": {"y": 2, "items": [{"x": 1}, {"z": 3}, {"list": [1]}]},
            "c": [{"tag": "b", "inner": {"y": 2}}, 1, "s"],
            "d": {"empty": {}}
        });
        let mut next = crate::spec::test_random::numbers_below();
        let mut batched_somewhere = 0;
        for _ in 0..1000 {
            let actions: Vec<Value> = (0..2 + next(4))
                .map(|_| {
                    let mut action = changes[next(changes.len())].clone();
                    action["target"] = json!(TARGETS[next(TARGETS.len())]);
                    action
                })
                .collect();
            let overlay = overlay_of(Value::Array(actions));
            if (0..overlay.actions.len()).any(|start| overlay.batch_len(start) > 1) {
                batched_somewhere += 1;
            }
            assert_same_as_one_by_one(&overlay, document.clone());
        }
        assert!(
            batched_somewhere > 100,
            "{batched_somewhere} overlays batched"
        );
    }

    #[test]
    fn an_action_waits_for_an_earlier_one_that_changes_what_it_selects() {
        let document = json!({"a": {"x": 1}, "b": {"x": 2}});
        // The second action selects only what the first one adds.
        let overlay = overlay_of(json!([
            {"target": "$..[?@.x == 1]", "update": {"y": 2}},
            {"target": "$..[?@.y == 2]", "update": {"z": 3}}
        ]));
        assert_eq!(overlay.batch_len(0), 1);
        assert_same_as_one_by_one(&overlay, document.clone());
        // Independent actions share a walk and still give the same document.
        let overlay = overlay_of(json!([
            {"target": "$..[?@.x == 1]", "update": {"y": 2}},
            {"target": "$..[?@.x == 2]", "update": {"z": 3}},
            {"target": "$..[?@.x == 2].x", "remove": true},
            {"target": "$..[?@.z == 3]", "update": {"w": 4}}
        ]));
        assert_eq!(overlay.batch_len(0), 3);
        assert_same_as_one_by_one(&overlay, document);
    }

    #[test]
    fn a_target_that_is_not_an_object_makes_the_rest_of_the_batch_select_again() {
        // The first update lands on an array, so it is appended to it; `[-1]` then names the
        // new element, which has no `k`, and one action after another, the second matches
        // nothing. Nothing in the two queries says so before the first one is applied.
        let overlay = overlay_of(json!([
            {"target": "$.a.b", "update": {"c": 1}},
            {"target": "$.a.b[-1].k", "update": {"d": 2}}
        ]));
        assert_eq!(overlay.batch_len(0), 2);
        assert_same_as_one_by_one(&overlay, json!({"a": {"b": [{"k": {}}, {"k": {}}]}}));
    }

    #[test]
    fn arrays_are_appended_to_and_objects_merged() {
        let mut target = json!({"a": {"b": 1}, "list": [1]});
        assert!(merge_update(
            &mut target,
            &json!({"a": {"c": 2}, "list": [2]})
        ));
        assert_eq!(target, json!({"a": {"b": 1, "c": 2}, "list": [1, 2]}));
        // What a batch cannot reason about is reported.
        assert!(!merge_update(&mut target, &json!({"a": "replaced"})));
        assert!(!merge_update(&mut target, &json!({"list": 3})));
        assert!(merge_update(&mut target, &json!({"a": 1})));
    }
}
