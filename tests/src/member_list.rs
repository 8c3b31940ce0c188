//! The member lists of a group (`/call_queues/{id}/agents`, `/ring_groups/{id}/agents`),
//! recognised by shape: a path whose GET answers `{items: [...]}` and whose write takes
//! `{items: [...]}`, with no `skip`/`top`. The PBX replaces the whole list on each write, so the
//! mock keeps one list per concrete path; a GET one level below
//! (`/call_queues/{id}/agents/{agent_number}`) shows the member whose key field holds the value.

use axum::http::Method;
use serde_json::{Map, Value};

use crate::routing::PathTemplate;
use crate::schema::{flatten, flatten_first_alternative, primary_type, properties};
use crate::spec::{Operation, Spec};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberList {
    pub path: PathTemplate,
    /// The collection item the list belongs to: a list of a group that does not exist is a 404.
    pub owner: Option<Owner>,
}

/// `/call_queues/{id}` as an item of `/call_queues`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Owner {
    pub collection: String,
    pub id_param: String,
}

impl MemberList {
    /// Where the store keeps this list for a request: the path with its parameter values, so
    /// each group has its own.
    pub fn key(&self, params: &Map<String, Value>) -> String {
        self.path
            .render(|name| params.get(name).map(param_text).unwrap_or_default())
    }
}

pub fn param_text(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

/// Whether `path` holds a member list: lists of parameterless paths are settings documents
/// (`/feature_access_codes`), which the PBX seeds, whereas a group starts without members.
pub fn is_member_list(spec: &Spec, path: &PathTemplate) -> bool {
    if path.params().next().is_none() {
        return false;
    }
    let on_path = || {
        spec.operations
            .iter()
            .filter(move |op| op.path.as_str() == path.as_str())
    };
    let readable = on_path().any(|op| {
        op.method == Method::GET
            && !op.is_list
            && op
                .success
                .json_schema
                .as_deref()
                .is_some_and(|pointer| member_schema(spec, pointer).is_some())
    });
    let replaceable = on_path().any(|op| {
        matches!(op.method, Method::POST | Method::PUT)
            && op.body.as_ref().is_some_and(|body| {
                body.media.iter().any(|(_, pointer)| {
                    pointer
                        .as_deref()
                        .is_some_and(|pointer| member_schema(spec, pointer).is_some())
                })
            })
    });
    readable && replaceable
}

/// The member field a path parameter names: the one called like the parameter, else the one
/// constrained exactly like it (`agent_number` names the agent's `extension_number`).
pub fn key_field(
    spec: &Spec,
    list_path: &PathTemplate,
    parameter: &str,
    show: &Operation,
) -> Option<String> {
    let reader = spec
        .operations
        .iter()
        .find(|op| op.method == Method::GET && op.path == *list_path)?;
    let member = member_schema(spec, reader.success.json_schema.as_deref()?)?;
    let fields: Vec<(&String, &Value)> = properties(&member).collect();
    if fields.iter().any(|(name, _)| *name == parameter) {
        return Some(parameter.to_owned());
    }
    let declared = show
        .parameters
        .iter()
        .find(|candidate| candidate.name == parameter)?
        .schema
        .as_deref()
        .and_then(|pointer| spec.at(pointer))?;
    let wanted = constraints(&flatten(spec, declared));
    fields
        .into_iter()
        .find(|(_, schema)| constraints(&flatten(spec, schema)) == wanted)
        .map(|(name, _)| name.clone())
}

/// The schema of one member, when the schema at `pointer` is `{items: [member]}` and nothing else.
fn member_schema(spec: &Spec, pointer: &str) -> Option<Map<String, Value>> {
    let wrapper = flatten_first_alternative(spec, spec.at(pointer)?);
    let mut fields = properties(&wrapper);
    let (name, items) = fields.next()?;
    if name != "items" || fields.next().is_some() {
        return None;
    }
    let items = flatten(spec, items);
    if primary_type(&items) != Some("array") {
        return None;
    }
    let member = flatten_first_alternative(spec, items.get("items")?);
    (primary_type(&member) == Some("object")).then_some(member)
}

/// What a value must be to fit the schema, without what only describes it.
fn constraints(flat: &Map<String, Value>) -> Map<String, Value> {
    const VALIDATING: &[&str] = &[
        "type",
        "format",
        "pattern",
        "minLength",
        "maxLength",
        "enum",
        "minimum",
        "maximum",
    ];
    flat.iter()
        .filter(|(keyword, _)| VALIDATING.contains(&keyword.as_str()))
        .map(|(keyword, value)| (keyword.clone(), value.clone()))
        .collect()
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::behaviour::{Behaviour, classify};

    fn path_param(name: &str, pattern: &str) -> Value {
        json!({"name": name, "in": "path", "required": true,
               "schema": {"type": "string", "pattern": pattern, "description": "differs"}})
    }

    fn answer(schema: &Value) -> Value {
        json!({"200": {"description": "OK", "content": {"application/json": {"schema": schema}}}})
    }

    fn body(schema: &Value) -> Value {
        json!({"content": {"application/json": {"schema": schema}}})
    }

    /// Teams with players, games whose show wraps the game in `items`, and parameterless rules.
    fn league() -> Spec {
        let player = json!({"type": "object", "properties": {
            "number": {"type": "string", "pattern": "[0-9]{2}", "description": "shirt"},
            "name": {"type": "string"}
        }});
        let players =
            json!({"type": "object", "properties": {"items": {"type": "array", "items": player}}});
        let page = json!({"type": "object", "properties": {
            "count": {"type": "integer"}, "items": {"type": "array", "items": {"type": "object"}}
        }});
        let paging = json!([
            {"name": "skip", "in": "query", "schema": {"type": "integer"}},
            {"name": "top", "in": "query", "schema": {"type": "integer"}}
        ]);
        let id = path_param("id", ".*");
        Spec::from_document(json!({
            "openapi": "3.1.0",
            "paths": {
                "/teams": {
                    "get": {"operationId": "listTeams", "parameters": paging, "responses": answer(&page)},
                    "post": {"operationId": "createTeam", "requestBody": body(&json!({"type": "object"})),
                             "responses": answer(&json!({"type": "object"}))}
                },
                "/teams/{id}": {"get": {"operationId": "showTeam", "parameters": [id],
                                        "responses": answer(&json!({"type": "object"}))}},
                "/teams/{id}/players": {
                    "get": {"operationId": "listPlayers", "parameters": [id], "responses": answer(&players)},
                    "post": {"operationId": "setPlayers", "parameters": [id],
                             "requestBody": body(&players), "responses": {"200": {"description": "OK"}}}
                },
                "/teams/{id}/players/{player_number}": {"get": {
                    "operationId": "showPlayer",
                    "parameters": [id, path_param("player_number", "[0-9]{2}")],
                    "responses": answer(&player)
                }},
                "/games": {"get": {"operationId": "listGames", "parameters": paging, "responses": answer(&page)}},
                "/games/{id}": {"get": {"operationId": "showGame", "parameters": [id],
                                        "responses": answer(&players)}},
                "/seasons": {"get": {"operationId": "listSeasons", "parameters": paging, "responses": answer(&page)}},
                "/seasons/{id}": {"get": {"operationId": "showSeason", "parameters": [id],
                                          "responses": answer(&json!({"type": "object", "properties": {
                                              "items": {"type": "object"}}}))}},
                "/rules": {
                    "get": {"operationId": "showRules", "responses": answer(&players)},
                    "post": {"operationId": "setRules", "requestBody": body(&players),
                             "responses": {"200": {"description": "OK"}}}
                }
            }
        }))
        .unwrap()
    }

    fn behaviour_of(spec: &Spec, operation_id: &str) -> Behaviour {
        let index = spec
            .operations
            .iter()
            .position(|op| op.id == operation_id)
            .unwrap();
        classify(spec).swap_remove(index)
    }

    #[test]
    fn a_groups_member_list_is_read_replaced_and_shown_by_its_key_field() {
        let spec = league();
        let members = MemberList {
            path: PathTemplate::parse("/teams/{id}/players").unwrap(),
            owner: Some(Owner {
                collection: "/teams".into(),
                id_param: "id".into(),
            }),
        };
        assert_eq!(
            behaviour_of(&spec, "listPlayers"),
            Behaviour::ListMembers {
                members: members.clone()
            }
        );
        assert_eq!(
            behaviour_of(&spec, "setPlayers"),
            Behaviour::ReplaceMembers {
                members: members.clone()
            }
        );
        assert_eq!(
            behaviour_of(&spec, "showPlayer"),
            Behaviour::ShowMember {
                members,
                key_param: "player_number".into(),
                key_field: "number".into(),
            }
        );
    }

    #[test]
    fn a_parameterless_list_stays_a_settings_document() {
        let spec = league();
        assert!(matches!(
            behaviour_of(&spec, "showRules"),
            Behaviour::ReadSettings { .. }
        ));
        assert!(matches!(
            behaviour_of(&spec, "setRules"),
            Behaviour::WriteSettings { .. }
        ));
    }

    #[test]
    fn a_show_documented_as_items_answers_the_item_wrapped() {
        let spec = league();
        assert!(matches!(
            behaviour_of(&spec, "showGame"),
            Behaviour::Show { in_items: true, .. }
        ));
        assert!(matches!(
            behaviour_of(&spec, "showSeason"),
            Behaviour::Show {
                in_items: false,
                ..
            }
        ));
        assert!(matches!(
            behaviour_of(&spec, "showTeam"),
            Behaviour::Show {
                in_items: false,
                ..
            }
        ));
    }

    #[test]
    fn the_key_of_a_list_is_its_path_with_the_requests_values() {
        let members = MemberList {
            path: PathTemplate::parse("/teams/{id}/players").unwrap(),
            owner: None,
        };
        let params = json!({"id": "7", "other": 1}).as_object().unwrap().clone();
        assert_eq!(members.key(&params), "/teams/7/players");
    }
}
