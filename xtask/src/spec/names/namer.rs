//! The automatic namer: a name for every hoisted schema that nobody pinned, from the sites
//! where it occurs. See "Naming" in ARCHITECTURE.md for the rules; in short:
//!
//! - a schema takes its name from what all its sites have in common, never from one of them;
//! - roots are named from the operation's resource and role (`Queue`, `QueueList`, `NewQueue`,
//!   `QueueUpdate`, `QueueInput`, `CreatedQueue`), nested schemas from their property and
//!   owner (`QueueStatus`, `BusyForwardRule`);
//! - a clash is settled by a more specific name for every party that has one, never a number.

use std::collections::HashMap;

use portsip_api_build::naming::first_free;
use serde_json::Value;

use super::site::{Origin, Site, Step};
use super::words::{
    self, Word, common_suffix, is_plural, join, majority_suffix, pascal, same_word, singular_phrase,
};
use super::{MAX_NAME_LEN, name_problem};

/// A schema to name: the sites where it occurs, and its body.
pub struct Unnamed<'a> {
    pub sites: Vec<&'a str>,
    pub schema: &'a Value,
}

/// A schema named already, by the vendor or the naming file.
pub struct Named<'a> {
    pub name: &'a str,
    pub sites: Vec<&'a str>,
}

/// Names for `unnamed`, none of them one of `named`, and warnings for the ones the rules
/// could not settle (which the naming file should pin).
pub fn name(unnamed: &[Unnamed], named: &[Named]) -> (Vec<String>, Vec<String>) {
    let described: Vec<Described> = unnamed.iter().map(describe).collect();
    let taken: Vec<String> = named.iter().map(|n| n.name.to_owned()).collect();
    let mut settled = Settle::new(&taken);
    let lists: Vec<usize> = (0..unnamed.len())
        .filter(|&index| described[index].role == Role::Page)
        .collect();
    let others: Vec<usize> = (0..unnamed.len())
        .filter(|index| !lists.contains(index))
        .collect();
    settled.run(&others, |index| described[index].candidates.clone());
    // A page is named after its items, once they have a name: `Holiday` → `HolidayList`.
    let mut item_names: HashMap<&str, String> = others
        .iter()
        .filter_map(|&index| Some((index, settled.name(index)?.clone())))
        .flat_map(|(index, name)| {
            unnamed[index]
                .sites
                .iter()
                .map(move |site| (*site, name.clone()))
        })
        .collect();
    for named in named {
        for site in &named.sites {
            item_names.insert(site, named.name.to_owned());
        }
    }
    settled.run(&lists, |index| {
        let items = format!("{}.items[]", unnamed[index].sites[0]);
        let own = described[index].candidates.iter().cloned();
        match item_names.get(items.as_str()) {
            // Pages of one item type with different shapes fall back on their own resource.
            Some(item) => std::iter::once(words::split(&format!("{item}List")))
                .chain(own)
                .collect(),
            None => own.collect(),
        }
    });
    settled.finish(unnamed)
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Role {
    /// What a read returns, or an item of a list: the resource itself.
    Entity,
    /// `{count, items}`.
    Page,
    Created,
    New,
    Update,
    /// A request body of operations that create and update.
    Input,
    /// The body of some other verb: `HoldCallRequest`.
    Request,
    Result,
    /// A schema inside another: named from its property and owner.
    Nested,
}

struct Described {
    role: Role,
    /// From the most general to the most specific.
    candidates: Vec<Vec<Word>>,
}

const ENTITY_VERBS: &[&str] = &["get", "show", "retrieve", "list", "fetch", "read", "query"];
const CREATE_VERBS: &[&str] = &["create", "add", "new", "insert"];
const UPDATE_VERBS: &[&str] = &[
    "update", "set", "modify", "change", "edit", "patch", "replace",
];
/// Words that say nothing about the resource: `getCallReportDetails` reads a call report.
const FILLER: &[&str] = &["details", "detail", "info", "information", "by", "id"];

/// An operation id read as a verb and the resource it acts on.
struct Action {
    verb: Word,
    resource: Vec<Word>,
}

fn action(operation: &str) -> Action {
    let mut all = words::split(operation);
    // `usersListSpeedDial8`: a scope before the verb.
    if all.len() > 2 && !is_verb(&all[0]) && is_verb(&all[1]) {
        all.remove(0);
    }
    let verb = all.first().cloned().unwrap_or_default();
    let mut resource: Vec<Word> = all.into_iter().skip(1).collect();
    // `DetailsOfCurrentUser` is the current user's details; `GreetingForSharedVoicemail` the
    // shared voicemail's greeting.
    for joint in ["of", "for", "in"] {
        if let Some(at) = resource.iter().position(|word| same_word(word, joint)) {
            let (before, after) = resource.split_at(at);
            resource = after[1..].iter().chain(before).cloned().collect();
        }
    }
    while resource.len() > 1 && resource.last().is_some_and(|last| is_filler(last)) {
        resource.pop();
    }
    Action { verb, resource }
}

fn is_verb(word: &str) -> bool {
    let word = word.to_ascii_lowercase();
    [ENTITY_VERBS, CREATE_VERBS, UPDATE_VERBS]
        .iter()
        .any(|verbs| verbs.contains(&word.as_str()))
}

fn is_filler(word: &str) -> bool {
    FILLER.contains(&word.to_ascii_lowercase().as_str())
}

fn verb_in(verb: &str, verbs: &[&str]) -> bool {
    verbs.contains(&verb.to_ascii_lowercase().as_str())
}

/// What one site says about the schema there.
struct SiteWords {
    role: Role,
    /// The resource for roots; for nested schemas, the phrases from the innermost out: the
    /// qualified property, then the resource, then the properties between them.
    phrases: Vec<Vec<Word>>,
    /// For nested schemas, the property qualified by its owner even where the first phrase
    /// names it as a member of a plural owner.
    property: Vec<Word>,
    verb: Word,
    /// An item of a list, which may be a summary of the resource.
    summary: bool,
}

fn site_words(site: &str, schema: &Value) -> SiteWords {
    let site = Site::parse(site);
    let (operation, response, status) = match site.origin {
        Origin::Request { operation } => (operation, false, ""),
        Origin::Response { operation, status } => (operation, true, status),
        Origin::Parameter { operation, .. } => (operation, false, ""),
        Origin::Named(name) => (name, true, ""),
    };
    let action = action(operation);
    let mut steps = site.steps.as_slice();
    let mut resource = action.resource.clone();
    let mut role = match site.origin {
        Origin::Named(_) => Role::Entity,
        Origin::Parameter { name, .. } => {
            steps = &[];
            resource = join(&resource, &words::split(name));
            Role::Nested
        }
        _ if verb_in(&action.verb, ENTITY_VERBS) && response => Role::Entity,
        _ if verb_in(&action.verb, CREATE_VERBS) => {
            if response {
                Role::Created
            } else {
                Role::New
            }
        }
        _ if verb_in(&action.verb, UPDATE_VERBS) && !response => Role::Update,
        _ if response && status.starts_with("201") => Role::Created,
        _ if response => Role::Result,
        _ => Role::Request,
    };
    let mut summary = false;
    // The items of a list are the resource, often a summary of what a read returns.
    if let [Step::Property(items), Step::Items, rest @ ..] = steps
        && *items == "items"
        && response
        && verb_in(&action.verb, &["list"])
    {
        resource = singular_phrase(&resource);
        role = Role::Entity;
        summary = true;
        steps = rest;
    }
    if steps.is_empty() {
        if response && is_page(schema) {
            role = Role::Page;
            resource = singular_phrase(&resource);
        }
        return SiteWords {
            role,
            property: Vec::new(),
            phrases: vec![resource],
            verb: action.verb,
            summary,
        };
    }
    let (phrases, property) = nested_phrases(resource, steps, schema);
    SiteWords {
        role: Role::Nested,
        phrases,
        property,
        verb: action.verb,
        summary: false,
    }
}

/// `{items}` or `{count, items}`: a page of a list, named after its items.
fn is_page(schema: &Value) -> bool {
    schema
        .get("properties")
        .and_then(Value::as_object)
        .is_some_and(|properties| {
            properties.contains_key("items")
                && properties
                    .keys()
                    .all(|key| key == "items" || key == "count")
        })
}

/// The phrases of a nested site, innermost first: the qualified last property, the resource,
/// then the properties between them from the inside out; and the property qualified by its
/// owner.
fn nested_phrases(
    resource: Vec<Word>,
    steps: &[Step],
    schema: &Value,
) -> (Vec<Vec<Word>>, Vec<Word>) {
    // Each phrase with whether it is an object's property (rather than the resource).
    let mut chain: Vec<(Vec<Word>, bool)> = vec![(resource, false)];
    for step in steps {
        match step {
            Step::Property(name) => chain.push((words::split(name), true)),
            Step::Items => {
                if let Some((last, _)) = chain.last_mut() {
                    *last = singular_phrase(last);
                }
            }
            Step::Alternative { keyword, .. } => {
                let parent = chain.last().map(|(p, _)| p.clone()).unwrap_or_default();
                chain.push((join(&parent, &alternative_words(keyword, schema)), false));
            }
        }
    }
    let (last, is_property) = chain.pop().expect("a nested site has a step");
    let property = match chain.last() {
        // The owner qualifies a one-word property.
        Some((parent, _)) if is_property && last.len() == 1 => {
            let joined = join(parent, &last);
            if joined.len() == parent.len() {
                // `TransportStatus.status`: the value inside the status.
                [joined, vec!["Value".to_owned()]].concat()
            } else {
                joined
            }
        }
        _ => last.clone(),
    };
    let head = match chain.last() {
        // A member of a plural object is one of them: `forward_rules.busy` is the busy
        // forward rule, `inbound_parameters.caller_num` the caller number inbound parameter.
        Some((parent, true)) if is_property && parent.last().is_some_and(|w| is_plural(w)) => {
            [last, singular_phrase(parent)].concat()
        }
        _ => property.clone(),
    };
    let mut phrases = vec![head];
    phrases.extend(chain.iter().take(1).map(|(p, _)| p.clone()));
    phrases.extend(chain.iter().skip(1).rev().map(|(p, _)| p.clone()));
    (phrases, property)
}

/// What tells an alternative of a `oneOf` or `anyOf` apart: its title, or the property it
/// requires. A part of an `allOf` is a set of fields of the whole.
fn alternative_words(keyword: &str, schema: &Value) -> Vec<Word> {
    if keyword == "allOf" {
        return vec!["Fields".to_owned()];
    }
    if let Some(title) = schema.get("title").and_then(Value::as_str) {
        return words::split(title);
    }
    let required = schema
        .get("required")
        .and_then(Value::as_array)
        .and_then(|names| names.first())
        .and_then(Value::as_str);
    let only_property = schema
        .get("properties")
        .and_then(Value::as_object)
        .filter(|properties| properties.len() == 1)
        .and_then(|properties| properties.keys().next().map(String::as_str));
    match required.or(only_property) {
        Some(name) => words::split(name),
        None => vec!["Variant".to_owned()],
    }
}

fn describe(unnamed: &Unnamed) -> Described {
    let sites: Vec<SiteWords> = unnamed
        .sites
        .iter()
        .map(|site| site_words(site, unnamed.schema))
        .collect();
    let role = group_role(&sites);
    let mut candidates = if role == Role::Nested {
        nested_candidates(&sites)
    } else {
        let phrases = sites.iter().map(|site| site.phrases[0].as_slice());
        let verb = common_verb(&sites);
        let common = common_suffix(phrases.clone());
        let subject = if says_what(&common) {
            common
        } else {
            // The sites disagree: a shape small enough is named by its fields, which name none
            // of the resources (`CreatedId`); a larger one by what most sites call it.
            let neutral = neutral_subject(unnamed.schema);
            let name = decorate(role, &neutral, verb.as_deref());
            if !neutral.is_empty() && !all_generic(&name) {
                return Described {
                    role,
                    candidates: vec![name],
                };
            }
            shared_phrase(phrases)
        };
        let mut names = vec![decorate(role, &subject, verb.as_deref())];
        if role == Role::Entity && sites.iter().all(|site| site.summary) {
            names.push(decorate(
                role,
                &[subject, vec!["Summary".to_owned()]].concat(),
                None,
            ));
        }
        names
    };
    candidates.retain(|name| !all_generic(name));
    Described { role, candidates }
}

/// What the sites call the schema: the words they all end with, or else the words most of
/// them end with, when those say more (`GroupMember` for the members of call park groups,
/// user groups and monitor groups).
fn shared_phrase<'a>(phrases: impl Iterator<Item = &'a [Word]> + Clone) -> Vec<Word> {
    let common = common_suffix(phrases.clone());
    if says_what(&common) {
        return common;
    }
    let majority = majority_suffix(phrases, all_generic);
    if majority.is_empty() {
        common
    } else {
        majority
    }
}

/// Whether `phrase` names a type: it has a word, and one that is not generic.
fn says_what(phrase: &[Word]) -> bool {
    !phrase.is_empty() && !all_generic(phrase)
}

fn all_generic(name: &[Word]) -> bool {
    name.iter().all(|word| is_generic(word))
}

/// Words that name no type on their own: a schema called `Status` or `Type` could be anything.
const GENERIC: &[&str] = &[
    "status", "type", "mode", "level", "action", "value", "state", "kind", "result", "data",
    "item", "items", "list", "option", "options", "settings", "config", "variant", "fields",
    "request", "response", "update", "input", "new", "created", "summary", "name",
];

fn is_generic(word: &str) -> bool {
    GENERIC.contains(&word.to_ascii_lowercase().as_str())
}

/// The role of a schema with several sites: a read of it makes it the resource; bodies of
/// creates and updates alike are inputs.
fn group_role(sites: &[SiteWords]) -> Role {
    let roles: Vec<Role> = sites.iter().map(|site| site.role).collect();
    if roles.iter().all(|&role| role == Role::Nested) {
        return Role::Nested;
    }
    let has = |role| roles.contains(&role);
    if has(Role::Entity) || has(Role::Nested) {
        Role::Entity
    } else if has(Role::Page) {
        Role::Page
    } else if roles.iter().all(|&role| role == roles[0]) {
        roles[0]
    } else if roles
        .iter()
        .all(|role| matches!(role, Role::New | Role::Update | Role::Input))
    {
        Role::Input
    } else if has(Role::Created) {
        Role::Created
    } else if roles.iter().all(|role| matches!(role, Role::Result)) {
        Role::Result
    } else {
        Role::Request
    }
}

fn common_verb(sites: &[SiteWords]) -> Option<Word> {
    let first = &sites.first()?.verb;
    sites
        .iter()
        .all(|site| same_word(&site.verb, first))
        .then(|| first.clone())
}

/// The name of a root in `role`; leading words of the subject give way when it is too long.
fn decorate(role: Role, subject: &[Word], verb: Option<&str>) -> Vec<Word> {
    let mut subject = subject;
    loop {
        let name = decorated(role, subject, verb);
        if pascal(&name).len() <= MAX_NAME_LEN || subject.len() <= 1 {
            return name;
        }
        subject = &subject[1..];
    }
}

fn decorated(role: Role, subject: &[Word], verb: Option<&str>) -> Vec<Word> {
    let word = |w: &str| vec![w.to_owned()];
    let verb = verb.map(|v| vec![v.to_owned()]).unwrap_or_default();
    match role {
        Role::Entity | Role::Nested => subject.to_vec(),
        Role::Page => [subject, &word("List")].concat(),
        Role::Created => [&word("Created"), subject].concat(),
        Role::New => [&word("New"), subject].concat(),
        Role::Update => [subject, &word("Update")].concat(),
        Role::Input => [subject, &word("Input")].concat(),
        Role::Request => [&verb, subject, &word("Request")].concat(),
        Role::Result => [&verb, subject, &word("Result")].concat(),
    }
}

/// For a schema whose sites share no resource: a name from its own properties, when it has
/// one or two (`{id}` created by many operations is `CreatedId`).
fn neutral_subject(schema: &Value) -> Vec<Word> {
    let properties = schema.get("properties").and_then(Value::as_object);
    match properties {
        Some(properties) if (1..=2).contains(&properties.len()) => properties
            .keys()
            .flat_map(|key| words::split(key))
            .collect(),
        _ => Vec::new(),
    }
}

/// The names a nested schema may take, each more specific than the last: the property its
/// sites share, then with the resource, then with the owners in between.
fn nested_candidates(sites: &[SiteWords]) -> Vec<Vec<Word>> {
    let depth = sites
        .iter()
        .map(|site| site.phrases.len())
        .max()
        .unwrap_or(1);
    let slot = |index: usize| {
        common_suffix(
            sites
                .iter()
                .map(|site| site.phrases.get(index).map_or(&[][..], Vec::as_slice)),
        )
    };
    let as_member = shared_phrase(
        sites
            .iter()
            .map(|site| site.phrases.first().map_or(&[][..], Vec::as_slice)),
    );
    // Sites that share a property but not its plural owner go by the property:
    // `privacy_types_supported` in both the inbound and the outbound parameters.
    let as_property = common_suffix(sites.iter().map(|site| site.property.as_slice()));
    let head = if as_property.len() > as_member.len() && !all_generic(&as_property) {
        as_property
    } else {
        as_member
    };
    if head.is_empty() {
        return Vec::new();
    }
    let mut candidates = vec![fit(head.clone())];
    let mut outer: Vec<Vec<Word>> = Vec::new();
    for index in 1..depth {
        let phrase = slot(index);
        if phrase.is_empty() {
            continue;
        }
        // The resource first, then the owners from the outside in.
        if index == 1 {
            outer.insert(0, phrase);
        } else {
            outer.insert(1.min(outer.len()), phrase);
        }
        let name = fit(outer
            .iter()
            .rev()
            .fold(head.clone(), |inner, o| join(o, &inner)));
        if candidates.last() != Some(&name) {
            candidates.push(name);
        }
    }
    candidates
}

/// Drops leading words of a name too long to read, keeping what it ends with.
fn fit(mut name: Vec<Word>) -> Vec<Word> {
    while pascal(&name).len() > MAX_NAME_LEN && name.len() > 2 {
        name.remove(0);
    }
    name
}

/// Settles names across groups: where several want one name, each that has a more specific
/// candidate moves on to it; a group that has none keeps the name if it is the only one.
struct Settle {
    taken: HashMap<String, Option<usize>>,
    chosen: HashMap<usize, String>,
    /// With the most specific name each could have had.
    unsettled: Vec<(usize, String)>,
}

impl Settle {
    fn new(taken: &[String]) -> Self {
        Self {
            taken: taken.iter().map(|name| (name.clone(), None)).collect(),
            chosen: HashMap::new(),
            unsettled: Vec::new(),
        }
    }

    fn name(&self, index: usize) -> Option<&String> {
        self.chosen.get(&index)
    }

    fn run(&mut self, groups: &[usize], candidates: impl Fn(usize) -> Vec<Vec<Word>>) {
        let candidates: HashMap<usize, Vec<String>> = groups
            .iter()
            .map(|&index| {
                let names: Vec<String> = candidates(index)
                    .iter()
                    .map(|words| pascal(words))
                    .filter(|name| !name.is_empty())
                    .collect();
                (index, names)
            })
            .collect();
        let mut level: HashMap<usize, usize> = groups.iter().map(|&index| (index, 0)).collect();
        // Every round but the last raises a level, and levels stop at the last candidate.
        let most_rounds: usize = candidates.values().map(Vec::len).sum();
        for _ in 0..=most_rounds {
            let mut wanted: HashMap<&str, Vec<usize>> = HashMap::new();
            for &index in groups {
                if let Some(name) = candidates[&index].get(level[&index]) {
                    wanted.entry(name).or_default().push(index);
                }
            }
            let mut moved = false;
            for (name, parties) in &wanted {
                let clash = parties.len() > 1 || self.taken.contains_key(*name);
                if !clash {
                    continue;
                }
                for &index in parties {
                    if level[&index] + 1 < candidates[&index].len() {
                        *level.get_mut(&index).expect("every group has a level") += 1;
                        moved = true;
                    }
                }
            }
            if !moved {
                break;
            }
        }
        for &index in groups {
            match candidates[&index].get(level[&index]) {
                Some(name) if !self.taken.contains_key(name) => {
                    self.taken.insert(name.clone(), Some(index));
                    self.chosen.insert(index, name.clone());
                }
                _ => self.unsettled.push((
                    index,
                    candidates[&index].last().cloned().unwrap_or_default(),
                )),
            }
        }
    }

    /// Names the groups the rules could not settle after their first site, so that the
    /// output stays complete, and says which to pin.
    fn finish(mut self, unnamed: &[Unnamed]) -> (Vec<String>, Vec<String>) {
        let mut warnings = Vec::new();
        for (index, fallback) in std::mem::take(&mut self.unsettled) {
            let site = unnamed[index].sites[0];
            let stem = if fallback.is_empty() {
                let own = site_words(site, unnamed[index].schema);
                pascal(&fit(own.phrases[0].clone()))
            } else {
                fallback
            };
            let stem = if stem.is_empty() {
                "Schema".to_owned()
            } else {
                stem
            };
            let numbered = (2..).map(|number| format!("{stem}{number}"));
            let name = first_free(stem.clone(), numbered, self.taken.len(), |name| {
                !self.taken.contains_key(name)
            });
            warnings.push(format!(
                "no rule gives the schema at `{site}` a name of its own: using `{name}`; pin one in the naming file"
            ));
            self.taken.insert(name.clone(), Some(index));
            self.chosen.insert(index, name);
        }
        let names: Vec<String> = (0..unnamed.len())
            .map(|index| self.chosen[&index].clone())
            .collect();
        for name in &names {
            if let Some(problem) = name_problem(name) {
                warnings.push(format!("the name `{name}` {problem}; pin a better one"));
            }
        }
        (names, warnings)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn object() -> Value {
        json!({"type": "object", "properties": {"id": {"type": "string"}, "name": {"type": "string"}, "size": {"type": "integer"}}})
    }

    /// Names for groups given as their sites, each with a shape of its own unless given.
    fn names_for(
        groups: &[(&[&str], Value)],
        named: &[(&str, &[&str])],
    ) -> (Vec<String>, Vec<String>) {
        let unnamed: Vec<Unnamed> = groups
            .iter()
            .map(|(sites, schema)| Unnamed {
                sites: sites.to_vec(),
                schema,
            })
            .collect();
        let named: Vec<Named> = named
            .iter()
            .map(|(name, sites)| Named {
                name,
                sites: sites.to_vec(),
            })
            .collect();
        name(&unnamed, &named)
    }

    fn names(groups: &[(&[&str], Value)]) -> Vec<String> {
        let (names, warnings) = names_for(groups, &[]);
        assert_eq!(warnings, Vec::<String>::new());
        names
    }

    #[test]
    fn resources_and_their_pages_are_named_from_the_operation() {
        let page = json!({"type": "object", "properties": {"count": {}, "items": {}}});
        let found = names(&[
            (
                &["listQueues.response.200.items[]", "showQueue.response.200"],
                object(),
            ),
            (&["listQueues.response.200"], page),
            (&["listWhatsApp.response.200.items[]"], object()),
        ]);
        assert_eq!(found, ["Queue", "QueueList", "WhatsApp"]);
    }

    #[test]
    fn an_item_that_differs_from_what_a_read_returns_is_a_summary() {
        let found = names(&[
            (&["listQueues.response.200.items[]"], object()),
            (&["showQueue.response.200"], object()),
        ]);
        assert_eq!(found, ["QueueSummary", "Queue"]);
    }

    #[test]
    fn request_bodies_are_named_from_resource_and_verb() {
        let found = names(&[
            (&["createQueue.request"], object()),
            (&["updateQueue.request"], object()),
            (
                &["createRingGroup.request", "updateRingGroup.request"],
                object(),
            ),
            (&["holdCall.request"], object()),
            (&["getDetailsOfCurrentUser.response.200"], object()),
        ]);
        assert_eq!(
            found,
            [
                "NewQueue",
                "QueueUpdate",
                "RingGroupInput",
                "HoldCallRequest",
                "CurrentUser"
            ]
        );
    }

    #[test]
    fn nested_schemas_are_named_from_property_and_owner() {
        let found = names(&[
            (&["showQueue.response.200.status"], json!({"enum": ["ON"]})),
            (
                &[
                    "createQueue.request.forward_rules.busy",
                    "showQueue.response.200.forward_rules.busy",
                ],
                object(),
            ),
            (
                &["getTransportStatus.response.200.status"],
                json!({"enum": ["UP"]}),
            ),
        ]);
        assert_eq!(
            found,
            ["QueueStatus", "BusyForwardRule", "TransportStatusValue"]
        );
    }

    #[test]
    fn a_shape_several_resources_share_gets_a_neutral_name() {
        let id = json!({"type": "object", "properties": {"id": {"type": "string"}}});
        let found = names(&[
            (
                &[
                    "createTenant.response.201",
                    "createBlacklistedNumber.response.201",
                ],
                id,
            ),
            (
                &[
                    "listCallParkGroupMembers.response.200.items[]",
                    "listUserGroupMembers.response.200.items[]",
                    "listMonitorGroupManagers.response.200.items[]",
                ],
                object(),
            ),
        ]);
        assert_eq!(found, ["CreatedId", "GroupMember"]);
    }

    #[test]
    fn alternatives_are_named_from_what_tells_them_apart() {
        let challenge = json!({"type": "object", "required": ["session_token"], "properties": {"session_token": {}}});
        let titled =
            json!({"title": "By extension", "type": "object", "properties": {"a": {}, "b": {}}});
        let found = names(&[
            (&["signIn.response.200|oneOf[0]"], challenge),
            (&["createReport.request.filter|oneOf[1]"], titled),
        ]);
        assert_eq!(found, ["SessionToken", "FilterByExtension"]);
    }

    #[test]
    fn a_clash_is_settled_by_more_specific_names_never_a_number() {
        let two_actions =
            json!({"type": "object", "properties": {"action": {"enum": ["HANGUP", "REPEAT"]}}});
        let found = names(&[
            (&["createQueue.request.forward_rule"], object()),
            (&["createVr.request.forward_rule"], two_actions),
        ]);
        assert_eq!(found, ["QueueForwardRule", "VrForwardRule"]);
        let (found, warnings) = names_for(
            &[(&["showQueue.response.200"], object())],
            &[("Queue", &["showCurrentQueue.response.200"])],
        );
        assert!(
            !found[0].ends_with(char::is_numeric) || !warnings.is_empty(),
            "{found:?}"
        );
        assert_ne!(found[0], "Queue");
    }

    #[test]
    fn responses_are_named_from_status_and_verb() {
        let found = names(&[
            (&["holdCall.response.200"], object()),
            (&["startCallRecording.response.201"], object()),
        ]);
        assert_eq!(found, ["HoldCallResult", "CreatedCallRecording"]);
    }

    #[test]
    fn a_shape_its_sites_call_by_a_generic_word_is_named_by_its_fields() {
        let found = names(&[(
            &["getQueueStatus.response.200", "getTrunkStatus.response.200"],
            json!({"type": "object", "properties": {"online_count": {"type": "integer"}}}),
        )]);
        assert_eq!(found, ["OnlineCount"]);
    }

    #[test]
    fn what_every_site_calls_a_shape_wins_over_what_most_call_it() {
        let found = names(&[(
            &[
                "showCallQueueAgent.response.200",
                "listCallQueueAgents.response.200.items[]",
                "showQueueAgent.response.200",
            ],
            object(),
        )]);
        assert_eq!(found, ["QueueAgent"]);
    }

    #[test]
    fn a_clash_moves_on_until_the_names_differ() {
        let found = names(&[
            (&["createQueue.request.night_mode.forward_rule"], object()),
            (
                &["createQueue.request.day_mode.forward_rule"],
                json!({"type": "object"}),
            ),
        ]);
        assert_eq!(
            found,
            ["QueueNightModeForwardRule", "QueueDayModeForwardRule"]
        );
    }

    #[test]
    fn names_no_rule_settles_are_numbered_from_two() {
        let (found, warnings) = names_for(
            &[
                (&["showQueue.response.200"], object()),
                (&["showQueue.response.200"], json!({"type": "object"})),
                (&["showQueue.response.200"], json!({"type": "string"})),
            ],
            &[],
        );
        assert_eq!(found, ["Queue", "Queue2", "Queue3"]);
        assert_eq!(warnings.len(), 2, "{warnings:?}");
    }

    #[test]
    fn a_word_that_names_no_type_on_its_own_is_never_a_name() {
        let (found, warnings) = names_for(
            &[(
                &[
                    "showQueue.response.200.status",
                    "showRingGroup.response.200.status",
                ],
                json!({"enum": ["ON"]}),
            )],
            &[],
        );
        assert_ne!(found[0], "Status");
        assert_eq!(
            warnings.len(),
            1,
            "the naming file should pin it: {warnings:?}"
        );
    }
}
