//! Changes on the wire: operations matched by method and path (path parameters by position, so
//! renaming one is not a new operation), then their tags, parameters, bodies, responses and
//! security, and the schemas they carry ([`super::schema`]).

use std::collections::{BTreeMap, BTreeSet};

use portsip_api_build::openapi::{self, Operation, refs, uses};
use serde_json::Value;

use super::change::{Change, Kind, Scope};
use super::schema::{Comparison, Direction, Found};

/// The resource of changes to a schema several resources use.
pub const SHARED: &str = "shared types";

/// An operation of the old spec and the same operation in the new one.
pub struct Matched<'d> {
    pub old: Operation<'d>,
    pub new: Operation<'d>,
}

/// The wire-level changes from `old` to `new`, and the operations both have.
pub fn compare<'d>(old: &'d Value, new: &'d Value) -> (Vec<Change>, Vec<Matched<'d>>) {
    let old_operations = by_route(old);
    let mut new_operations = by_route(new);
    let mut changes = Vec::new();
    let mut matched = Vec::new();
    let mut comparison = Comparison::new(old, new);
    for (route, old_operation) in old_operations {
        match new_operations.remove(&route) {
            Some(new_operation) => {
                operation(
                    &old_operation,
                    &new_operation,
                    &mut comparison,
                    &mut changes,
                );
                matched.push(Matched {
                    old: old_operation,
                    new: new_operation,
                });
            }
            None => changes.push(api_change(
                &old_operation,
                Kind::Removed,
                format!("operation `{}` removed", id(&old_operation)),
                true,
                "operation-removed",
            )),
        }
    }
    for new_operation in new_operations.values() {
        changes.push(api_change(
            new_operation,
            Kind::Added,
            format!("operation `{}` added", id(new_operation)),
            false,
            "operation-added",
        ));
    }
    let resources = SchemaResources::of(new);
    changes.extend(
        comparison
            .found
            .into_iter()
            .map(|found| found_change(found, &resources)),
    );
    changes.sort();
    changes.dedup();
    (changes, matched)
}

/// `GET /queues/{}`: the method and path, path parameters unnamed.
fn by_route(document: &Value) -> BTreeMap<String, Operation<'_>> {
    openapi::operations(document)
        .into_iter()
        .filter(|operation| operation.section == "paths")
        .map(|operation| (route(&operation), operation))
        .collect()
}

fn route(operation: &Operation) -> String {
    let mut path = String::new();
    let mut in_parameter = false;
    for c in operation.path.chars() {
        match c {
            '{' => {
                in_parameter = true;
                path.push_str("{}");
            }
            '}' => in_parameter = false,
            c if !in_parameter => path.push(c),
            _ => {}
        }
    }
    format!("{} {path}", operation.method.to_uppercase())
}

fn id<'d>(operation: &Operation<'d>) -> &'d str {
    operation.operation_id().unwrap_or("(no operationId)")
}

fn tags<'d>(operation: &Operation<'d>) -> Vec<&'d str> {
    operation.tags().iter().filter_map(Value::as_str).collect()
}

/// The resource an operation's changes are grouped under: its first tag.
pub fn resource(operation: &Operation) -> String {
    tags(operation)
        .first()
        .map_or_else(|| "untagged".into(), |tag| (*tag).to_owned())
}

fn api_change(
    operation: &Operation,
    kind: Kind,
    what: String,
    breaking: bool,
    rule: &'static str,
) -> Change {
    Change {
        scope: Scope::Api,
        resource: resource(operation),
        at: route(operation),
        kind,
        what,
        breaking,
        rule,
    }
}

fn operation<'d>(
    old: &Operation<'d>,
    new: &Operation<'d>,
    comparison: &mut Comparison<'d>,
    changes: &mut Vec<Change>,
) {
    let mut change = |kind, what: String, breaking, rule| {
        changes.push(api_change(new, kind, what, breaking, rule));
    };
    if id(old) != id(new) {
        change(
            Kind::Changed,
            format!("operationId `{}` became `{}`", id(old), id(new)),
            true,
            "method-renamed",
        );
    }
    let (old_tags, new_tags) = (tags(old), tags(new));
    if old_tags != new_tags {
        change(
            Kind::Changed,
            format!("moved from tag(s) {old_tags:?} to {new_tags:?}: its cargo feature changes"),
            true,
            "feature-moved",
        );
    }
    if security(old) != security(new) {
        change(
            Kind::Changed,
            "security requirements changed".into(),
            false,
            "security-handled-by-client",
        );
    }
    parameters(old, new, comparison, &mut change);
    request_body(old, new, comparison, &mut change);
    responses(old, new, comparison, &mut change);
}

fn security(operation: &Operation) -> Option<Value> {
    operation.operation.get("security").cloned()
}

type Report<'c> = dyn FnMut(Kind, String, bool, &'static str) + 'c;

fn parameters<'d>(
    old: &Operation<'d>,
    new: &Operation<'d>,
    comparison: &mut Comparison<'d>,
    change: &mut Report<'_>,
) {
    let site = route(new);
    let keyed = |operation: &Operation<'d>, document: &'d Value| {
        operation
            .parameters(document)
            .into_iter()
            .filter_map(|(_, parameter)| {
                let name = parameter.get("name")?.as_str()?.to_owned();
                let place = parameter.get("in")?.as_str()?.to_owned();
                Some(((place, name), parameter))
            })
            .collect::<BTreeMap<(String, String), &'d Value>>()
    };
    let (old_parameters, new_parameters) = (
        keyed(old, comparison.old_document()),
        keyed(new, comparison.new_document()),
    );
    let is_required = |p: &Value| p.get("required").and_then(Value::as_bool) == Some(true);
    // Path parameters are matched by their place in the path, so a renamed one is a rename: the
    // request is the same, but its builder method is not.
    let (old_path, new_path) = (path_parameters(old.path), path_parameters(new.path));
    for (before, after) in old_path.iter().zip(&new_path).filter(|(b, a)| b != a) {
        change(
            Kind::Changed,
            format!("path parameter `{before}` renamed to `{after}`"),
            true,
            "parameter-renamed",
        );
    }
    let renamed = |place: &str, name: &str, names: &[String]| {
        place == "path" && !names.iter().any(|n| n == name)
    };
    for ((place, name), old_parameter) in &old_parameters {
        if renamed(place, name, &new_path) && old_path.contains(name) {
            continue;
        }
        let Some(new_parameter) = new_parameters.get(&(place.clone(), name.clone())) else {
            change(
                Kind::Removed,
                format!("{place} parameter `{name}` removed"),
                true,
                "parameter-removed",
            );
            continue;
        };
        if !is_required(old_parameter) && is_required(new_parameter) {
            change(
                Kind::Changed,
                format!("{place} parameter `{name}` became required"),
                true,
                "parameter-now-required",
            );
        }
        if let (Some(old_schema), Some(new_schema)) =
            (old_parameter.get("schema"), new_parameter.get("schema"))
        {
            let at = format!("{site} {place} parameter `{name}`");
            comparison.compare(
                &at,
                &resource(new),
                old_schema,
                new_schema,
                Direction::Request,
            );
        }
    }
    for ((place, name), new_parameter) in &new_parameters {
        if renamed(place, name, &old_path) && new_path.contains(name) {
            continue;
        }
        if !old_parameters.contains_key(&(place.clone(), name.clone())) {
            let required = is_required(new_parameter);
            change(
                Kind::Added,
                format!(
                    "{place} parameter `{name}` added{}",
                    if required { ", required" } else { "" }
                ),
                required,
                if required {
                    "required-parameter-added"
                } else {
                    "optional-parameter-added"
                },
            );
        }
    }
}

/// The names of a path's parameters, in order: `[id, member]` for `/queues/{id}/{member}`.
fn path_parameters(path: &str) -> Vec<String> {
    path.split('{')
        .skip(1)
        .filter_map(|rest| rest.split_once('}').map(|(name, _)| name.to_owned()))
        .collect()
}

fn request_body<'d>(
    old: &Operation<'d>,
    new: &Operation<'d>,
    comparison: &mut Comparison<'d>,
    change: &mut Report<'_>,
) {
    let body = |operation: &Operation<'d>, document: &'d Value| {
        operation
            .operation
            .get("requestBody")
            .map(|body| refs::follow_value(document, body))
    };
    match (
        body(old, comparison.old_document()),
        body(new, comparison.new_document()),
    ) {
        (None, None) => {}
        (Some(_), None) => change(
            Kind::Removed,
            "request body removed".into(),
            true,
            "request-body-removed",
        ),
        (None, Some(_)) => change(
            Kind::Added,
            "request body added".into(),
            true,
            "request-body-added",
        ),
        (Some(old_body), Some(new_body)) => {
            let site = format!("{} request body", route(new));
            let site = Site {
                at: &site,
                resource: &resource(new),
                direction: Direction::Request,
            };
            content(&site, old_body, new_body, comparison, change);
        }
    }
}

fn responses<'d>(
    old: &Operation<'d>,
    new: &Operation<'d>,
    comparison: &mut Comparison<'d>,
    change: &mut Report<'_>,
) {
    let statuses = |operation: &Operation<'d>| -> BTreeMap<String, &'d Value> {
        operation
            .operation
            .get("responses")
            .and_then(Value::as_object)
            .map(|map| map.iter().map(|(k, v)| (k.clone(), v)).collect())
            .unwrap_or_default()
    };
    let (old_statuses, new_statuses) = (statuses(old), statuses(new));
    let names = |map: &BTreeMap<String, &Value>| map.keys().cloned().collect::<BTreeSet<_>>();
    let (old_names, new_names) = (names(&old_statuses), names(&new_statuses));
    for status in old_names.difference(&new_names) {
        change(
            Kind::Removed,
            format!("response `{status}` removed"),
            false,
            "status-codes",
        );
    }
    for status in new_names.difference(&old_names) {
        change(
            Kind::Added,
            format!("response `{status}` added"),
            false,
            "status-codes",
        );
    }
    // The client decodes its first success; compare those, whatever their codes.
    let success = |statuses: &BTreeMap<String, &'d Value>, document: &'d Value| {
        statuses
            .iter()
            .find(|(status, _)| status.starts_with('2'))
            .map(|(_, response)| refs::follow_value(document, response))
    };
    if let (Some(old_success), Some(new_success)) = (
        success(&old_statuses, comparison.old_document()),
        success(&new_statuses, comparison.new_document()),
    ) {
        let site = format!("{} response", route(new));
        let site = Site {
            at: &site,
            resource: &resource(new),
            direction: Direction::Response,
        };
        content(&site, old_success, new_success, comparison, change);
    }
}

/// A request body or a response of an operation.
#[derive(Clone, Copy)]
struct Site<'s> {
    at: &'s str,
    resource: &'s str,
    direction: Direction,
}

/// The media types of a body or response, and the schema of the JSON one.
fn content<'d>(
    site: &Site,
    old: &'d Value,
    new: &'d Value,
    comparison: &mut Comparison<'d>,
    change: &mut Report<'_>,
) {
    let Site {
        at: site,
        resource,
        direction,
    } = *site;
    let media = |value: &'d Value| -> BTreeMap<&'d str, &'d Value> {
        value
            .get("content")
            .and_then(Value::as_object)
            .map(|map| map.iter().map(|(k, v)| (k.as_str(), v)).collect())
            .unwrap_or_default()
    };
    let (old_media, new_media) = (media(old), media(new));
    let old_types: BTreeSet<&str> = old_media.keys().copied().collect();
    let new_types: BTreeSet<&str> = new_media.keys().copied().collect();
    if old_types != new_types {
        let json = |types: &BTreeSet<&str>| types.iter().any(|t| t.contains("json"));
        change(
            Kind::Changed,
            format!("{site}: content types {old_types:?} became {new_types:?}"),
            json(&old_types) != json(&new_types),
            "content-type-changed",
        );
    }
    let schema = |media: &BTreeMap<&'d str, &'d Value>| {
        media
            .iter()
            .find(|(name, _)| name.contains("json"))
            .and_then(|(_, media)| media.get("schema"))
    };
    match (schema(&old_media), schema(&new_media)) {
        (Some(old_schema), Some(new_schema)) => {
            comparison.compare(site, resource, old_schema, new_schema, direction)
        }
        (Some(_), None) => change(
            Kind::Removed,
            format!("{site}: JSON body removed"),
            true,
            "body-removed",
        ),
        (None, Some(_)) => change(
            Kind::Added,
            format!("{site}: JSON body added"),
            direction == Direction::Request,
            "body-added",
        ),
        (None, None) => {}
    }
}

/// The resources whose operations reach each named schema of a document.
struct SchemaResources {
    by_schema: BTreeMap<String, BTreeSet<String>>,
}

impl SchemaResources {
    fn of(document: &Value) -> Self {
        let mut by_schema: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for (operation, used) in uses::components_used(document) {
            for name in used {
                by_schema
                    .entry(name)
                    .or_default()
                    .insert(resource(&operation));
            }
        }
        Self { by_schema }
    }

    /// The one resource using `schema`, else [`SHARED`].
    fn resource(&self, schema: &str) -> String {
        match self.by_schema.get(schema) {
            Some(resources) if resources.len() == 1 => resources.iter().next().unwrap().clone(),
            _ => SHARED.into(),
        }
    }
}

/// A schema change with its resource: the site's operation's, or the resources that use the
/// named schema it is in.
fn found_change(found: Found, resources: &SchemaResources) -> Change {
    let resource = found.resource.unwrap_or_else(|| {
        let schema = found.at.trim_start_matches("schema `");
        resources.resource(schema.split('`').next().unwrap_or_default())
    });
    Change {
        scope: Scope::Api,
        resource,
        at: found.at,
        kind: found.kind,
        what: found.what,
        breaking: found.breaking,
        rule: found.rule,
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn found(old: Value, new: Value) -> Vec<String> {
        let (changes, _) = compare(&old, &new);
        changes
            .iter()
            .map(|c| format!("{}: {} [{}]", c.at, c.what, c.rule))
            .collect()
    }

    fn with_get(path: &str, path_item: Value) -> Value {
        let mut item = path_item;
        item["get"]["operationId"] = json!("showQueue");
        json!({"paths": {path: item}})
    }

    #[test]
    fn a_renamed_path_parameter_is_the_same_operation_with_a_renamed_builder_method() {
        let parameter = |name: &str| json!({"name": name, "in": "path", "required": true});
        let old = with_get(
            "/queues/{id}",
            json!({"get": {"parameters": [parameter("id")]}}),
        );
        let new = with_get(
            "/queues/{queue_id}",
            json!({"get": {"parameters": [parameter("queue_id")]}}),
        );
        assert_eq!(
            found(old, new),
            ["GET /queues/{}: path parameter `id` renamed to `queue_id` [parameter-renamed]"]
        );
    }

    #[test]
    fn a_parameter_moved_to_the_path_item_is_no_change() {
        let parameter = json!({"name": "top", "in": "query", "required": true});
        let old = with_get(
            "/queues",
            json!({"get": {"parameters": [parameter.clone()]}}),
        );
        let new = with_get("/queues", json!({"parameters": [parameter], "get": {}}));
        assert_eq!(found(old, new), Vec::<String>::new());
    }

    #[test]
    fn a_new_required_parameter_breaks_and_an_optional_one_does_not() {
        let old = with_get("/queues", json!({"get": {}}));
        let new = with_get(
            "/queues",
            json!({"get": {"parameters": [
                {"name": "top", "in": "query"},
                {"name": "tenant", "in": "header", "required": true}
            ]}}),
        );
        assert_eq!(
            found(old, new),
            [
                "GET /queues: header parameter `tenant` added, required [required-parameter-added]",
                "GET /queues: query parameter `top` added [optional-parameter-added]",
            ]
        );
    }
}
