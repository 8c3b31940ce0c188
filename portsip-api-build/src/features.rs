//! Gates the generated code by the client's resource features ([`crate::openapi::resources`]),
//! so a user compiles only the resources they enable:
//!
//! - each operation's `Client` method, request builder and list-operation impl under the features
//!   of its tags;
//! - each type under the features whose operations reach it, through the references of the
//!   generated code itself (so types typify named or this crate added are covered alike);
//! - what the hand-written layer uses, and operations without a tag, always compiled. A type no
//!   operation reaches is compiled with [`ALL`] only.
//!
//! Each gated public item also carries `doc(cfg(...))` under `docsrs`, so the docs, built with
//! every feature, say which feature enables it.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use proc_macro2::TokenStream;
use quote::quote;
use serde_json::Value;
use syn::visit::Visit;
use syn::{ImplItem, Item};

use crate::ast::{client_methods, is_client_impl, last_ident, returned_builder};
use crate::naming::operation_name;
use crate::openapi::resources::{ALL, Resources};

/// What the hand-written crate needs whatever features are on.
#[derive(Clone, Debug, Default)]
pub struct FeatureGates {
    /// `Client` methods and `types` names the hand-written code uses, as they are spelled in
    /// Rust (`sign_in_with_credentials`, `ErrorResponse`). A name that is neither is an error,
    /// so a renamed operation fails the build here rather than as a missing item.
    pub always_compiled: Vec<String>,
}

/// When an item is compiled.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Gate {
    Always,
    /// With any of these features; with [`ALL`] only if the set is empty.
    Any(BTreeSet<String>),
}

impl Gate {
    fn never() -> Self {
        Gate::Any(BTreeSet::new())
    }

    fn widen(&mut self, other: &Gate) {
        match (&mut *self, other) {
            (Gate::Always, _) => {}
            (_, Gate::Always) => *self = Gate::Always,
            (Gate::Any(mine), Gate::Any(theirs)) => mine.extend(theirs.iter().cloned()),
        }
    }

    /// The `cfg` predicate, or `None` when always compiled.
    fn predicate(&self) -> Option<TokenStream> {
        let Gate::Any(features) = self else {
            return None;
        };
        Some(match features.iter().collect::<Vec<_>>().as_slice() {
            [] => quote!(feature = #ALL),
            [one] => quote!(feature = #one),
            many => quote!(any(#(feature = #many),*)),
        })
    }
}

/// The gate of every operation builder and every data type, by name.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Gates {
    pub builders: BTreeMap<String, Gate>,
    pub types: BTreeMap<String, Gate>,
}

/// Adds the `cfg` attributes to `file`, progenitor's output with this crate's additions, and
/// answers what it decided. `document` is the spec it was generated from, for the operation ids.
pub fn gate(
    file: &mut syn::File,
    document: &Value,
    resources: &Resources,
    settings: &FeatureGates,
) -> Result<Gates, String> {
    let methods = client_methods(file);
    let type_names = type_names(file);
    let mut always_builders = BTreeSet::new();
    let mut always_types = Vec::new();
    for name in &settings.always_compiled {
        match methods.get(name) {
            Some(builder) => always_builders.insert(builder.as_str()),
            None if type_names.contains(name) => {
                always_types.push(name.as_str());
                true
            }
            None => {
                return Err(format!(
                    "`{name}`, which the hand-written layer uses, is neither a client method nor a type"
                ));
            }
        };
    }
    let builders = builder_gates(document, resources, &always_builders);
    let types = type_gates(file, &type_names, &builders, &always_types);
    let gates = Gates { builders, types };
    apply(file, &gates, &type_names);
    Ok(gates)
}

/// Each operation's builder: its tags' features, or always.
fn builder_gates(
    document: &Value,
    resources: &Resources,
    always: &BTreeSet<&str>,
) -> BTreeMap<String, Gate> {
    let by_operation = resources.by_operation();
    let operation_ids = crate::openapi::operations(document)
        .into_iter()
        .filter_map(|operation| operation.operation_id());
    operation_ids
        .map(|operation_id| {
            let builder = operation_name(operation_id);
            let gate = match by_operation.get(operation_id) {
                Some(features) if !always.contains(builder.as_str()) => {
                    Gate::Any(features.iter().map(|f| f.to_string()).collect())
                }
                _ => Gate::Always,
            };
            (builder, gate)
        })
        .collect()
}

/// Each type: the union of the gates of the builders that reach it, or always.
fn type_gates(
    file: &syn::File,
    type_names: &BTreeSet<String>,
    builders: &BTreeMap<String, Gate>,
    always: &[&str],
) -> BTreeMap<String, Gate> {
    let graph = Graph::read(file, type_names);
    let mut types: BTreeMap<String, Gate> = type_names
        .iter()
        .map(|name| (name.clone(), Gate::never()))
        .collect();
    let always = always.iter().map(|name| (*name, &Gate::Always));
    let reached_from_builders = builders.iter().filter_map(|(builder, gate)| {
        let used = graph.builder_uses.get(builder.as_str())?;
        Some(used.iter().map(move |name| (name.as_str(), gate)))
    });
    for (root, gate) in always.chain(reached_from_builders.flatten()) {
        graph.widen_reachable(root, gate, &mut types);
    }
    types
}

/// The data types of the `types` module: its structs, enums and aliases.
fn type_names(file: &syn::File) -> BTreeSet<String> {
    types_items(file)
        .iter()
        .filter_map(|item| match item {
            Item::Struct(s) => Some(s.ident.to_string()),
            Item::Enum(e) => Some(e.ident.to_string()),
            Item::Type(t) => Some(t.ident.to_string()),
            _ => None,
        })
        .collect()
}

fn types_items(file: &syn::File) -> &[Item] {
    crate::ast::module(file, "types").unwrap_or_default()
}

/// Which types each type and each builder names.
struct Graph {
    type_uses: HashMap<String, BTreeSet<String>>,
    builder_uses: HashMap<String, BTreeSet<String>>,
}

impl Graph {
    fn read(file: &syn::File, type_names: &BTreeSet<String>) -> Self {
        let mut type_uses: HashMap<String, BTreeSet<String>> = HashMap::new();
        for_each_item(types_items(file), &mut |item| {
            if let Some(owner) = owner(item).filter(|o| type_names.contains(o)) {
                type_uses
                    .entry(owner)
                    .or_default()
                    .extend(named_types(item, type_names));
            }
        });
        let mut builder_uses: HashMap<String, BTreeSet<String>> = HashMap::new();
        for item in crate::ast::module(file, "builder").unwrap_or_default() {
            if let Some(owner) = owner(item) {
                builder_uses
                    .entry(owner)
                    .or_default()
                    .extend(named_types(item, type_names));
            }
        }
        Self {
            type_uses,
            builder_uses,
        }
    }

    /// Widens the gate of `root` and of every type it reaches by `gate`.
    fn widen_reachable(&self, root: &str, gate: &Gate, types: &mut BTreeMap<String, Gate>) {
        if *gate == Gate::never() {
            return;
        }
        let mut pending = vec![root.to_owned()];
        while let Some(name) = pending.pop() {
            let Some(current) = types.get_mut(&name) else {
                continue;
            };
            let before = current.clone();
            current.widen(gate);
            // What a type reaches is already at least as wide as the type.
            if *current == before {
                continue;
            }
            pending.extend(self.type_uses.get(&name).into_iter().flatten().cloned());
        }
    }
}

/// Every item of `items` and of their inline modules.
fn for_each_item<'i>(items: &'i [Item], visit: &mut impl FnMut(&'i Item)) {
    for item in items {
        match item {
            Item::Mod(module) => {
                if let Some((_, inner)) = &module.content {
                    for_each_item(inner, visit);
                }
            }
            item => visit(item),
        }
    }
}

/// The name an item belongs to: a struct's, enum's or alias's own, an impl's type's.
fn owner(item: &Item) -> Option<String> {
    match item {
        Item::Struct(s) => Some(s.ident.to_string()),
        Item::Enum(e) => Some(e.ident.to_string()),
        Item::Type(t) => Some(t.ident.to_string()),
        Item::Impl(block) => last_ident(&block.self_ty),
        _ => None,
    }
}

/// The types among `type_names` that some path in `item` names.
fn named_types(item: &Item, type_names: &BTreeSet<String>) -> BTreeSet<String> {
    struct Paths<'n> {
        type_names: &'n BTreeSet<String>,
        found: BTreeSet<String>,
    }
    impl<'ast> Visit<'ast> for Paths<'_> {
        fn visit_path(&mut self, path: &'ast syn::Path) {
            for segment in &path.segments {
                let ident = segment.ident.to_string();
                if self.type_names.contains(&ident) {
                    self.found.insert(ident);
                }
            }
            syn::visit::visit_path(self, path);
        }
    }
    let mut paths = Paths {
        type_names,
        found: BTreeSet::new(),
    };
    paths.visit_item(item);
    paths.found
}

fn apply(file: &mut syn::File, gates: &Gates, type_names: &BTreeSet<String>) {
    for item in &mut file.items {
        match item {
            Item::Mod(module) if module.ident == "types" => {
                if let Some((_, items)) = &mut module.content {
                    gate_types(items, &gates.types, type_names);
                }
            }
            Item::Mod(module) if module.ident == "builder" => {
                for item in module.content.iter_mut().flat_map(|(_, items)| items) {
                    gate_builder_item(item, &gates.builders);
                }
            }
            Item::Impl(block) if is_client_impl(block) => {
                for method in &mut block.items {
                    let ImplItem::Fn(method) = method else {
                        continue;
                    };
                    if let Some(predicate) = returned_builder(method)
                        .and_then(|builder| gates.builders.get(&builder))
                        .and_then(Gate::predicate)
                    {
                        method.attrs.extend(attributes(&predicate, true));
                    }
                }
            }
            // A list-operation impl for `builder::X`, gated like X's own items; the other impls
            // at the top are the client's.
            Item::Impl(_) => gate_builder_item(item, &gates.builders),
            _ => {}
        }
    }
}

/// A builder, or an impl for one, under its operation's gate.
fn gate_builder_item(item: &mut Item, builders: &BTreeMap<String, Gate>) {
    if let Some(gate) = owner(item).and_then(|o| builders.get(&o)) {
        add_attributes(item, gate);
    }
}

/// Types and their impls under their own gate; an impl for a type of elsewhere under the gates
/// of every type it names, all of them.
fn gate_types(items: &mut [Item], gates: &BTreeMap<String, Gate>, type_names: &BTreeSet<String>) {
    for item in items {
        if let Item::Mod(module) = item {
            if let Some((_, inner)) = &mut module.content {
                gate_types(inner, gates, type_names);
            }
            continue;
        }
        if let Some(gate) = owner(item).and_then(|o| gates.get(&o)) {
            add_attributes(item, gate);
            continue;
        }
        let predicates: Vec<TokenStream> = named_types(item, type_names)
            .iter()
            .filter_map(|name| gates.get(name)?.predicate())
            .collect();
        if let (false, Some(attrs)) = (predicates.is_empty(), item_attributes(item)) {
            attrs.extend(attributes(&quote!(all(#(#predicates),*)), false));
        }
    }
}

fn add_attributes(item: &mut Item, gate: &Gate) {
    let Some(predicate) = gate.predicate() else {
        return;
    };
    let documented = matches!(item, Item::Struct(_) | Item::Enum(_) | Item::Type(_));
    if let Some(attrs) = item_attributes(item) {
        attrs.extend(attributes(&predicate, documented));
    }
}

/// `cfg(predicate)`, and for what the docs show, the same as `doc(cfg)` under `docsrs`.
fn attributes(predicate: &TokenStream, documented: bool) -> Vec<syn::Attribute> {
    let mut attributes: Vec<syn::Attribute> = vec![syn::parse_quote!(#[cfg(#predicate)])];
    if documented {
        attributes.push(syn::parse_quote!(#[cfg_attr(docsrs, doc(cfg(#predicate)))]));
    }
    attributes
}

/// The attributes of the kinds of item progenitor and this crate emit.
fn item_attributes(item: &mut Item) -> Option<&mut Vec<syn::Attribute>> {
    match item {
        Item::Struct(s) => Some(&mut s.attrs),
        Item::Enum(e) => Some(&mut e.attrs),
        Item::Type(t) => Some(&mut t.attrs),
        Item::Impl(i) => Some(&mut i.attrs),
        Item::Fn(f) => Some(&mut f.attrs),
        Item::Const(c) => Some(&mut c.attrs),
        Item::Trait(t) => Some(&mut t.attrs),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::openapi::resources::resources;

    /// progenitor's shape, cut down: types and their type builders, operation builders, the
    /// client's methods and a list-operation impl.
    fn generated() -> syn::File {
        syn::parse_quote! {
            pub mod types {
                pub struct Queue { pub agents: Vec<Agent>, pub secret: SecretString }
                pub struct Agent { pub status: AgentStatus }
                pub enum AgentStatus { Ready, Other(String) }
                impl From<&AgentStatus> for AgentStatus { fn from(v: &AgentStatus) -> Self { v.clone() } }
                pub struct Trunk { pub agent: Option<Agent> }
                pub struct Unused {}
                pub struct ErrorResponse {}
                pub struct SecretString(String);
                impl From<SecretString> for String { fn from(s: SecretString) -> Self { s.0 } }
                impl From<Queue> for String { fn from(q: Queue) -> Self { todo!() } }
                pub type QueueAlias = Queue;
                pub fn queue_name(queue: &Queue) -> String { todo!() }
                pub const NO_QUEUE: Option<Queue> = None;
                pub trait QueueLike { fn queue(&self) -> Queue; }
                pub mod builder {
                    pub struct Queue { agents: Result<Vec<super::Agent>, String> }
                    impl TryFrom<Queue> for super::Queue { type Error = (); }
                }
                pub mod error { pub struct ConversionError; }
            }
            pub struct Client {}
            impl Client {
                pub fn baseurl(&self) -> &str { "" }
                pub fn show_queue(&self) -> builder::ShowQueue<'_> { todo!() }
                pub fn list_trunks(&self) -> builder::ListTrunks<'_> { todo!() }
                pub fn sign_out(&self) -> builder::SignOut<'_> { todo!() }
                pub fn ping(&self) -> builder::Ping<'_> { todo!() }
            }
            pub mod builder {
                pub struct ShowQueue<'a> { client: &'a super::Client }
                impl<'a> ShowQueue<'a> { pub async fn send(self) -> ResponseValue<types::Queue> { todo!() } }
                pub struct ListTrunks<'a> { client: &'a super::Client }
                impl<'a> ListTrunks<'a> { pub async fn send(self) -> ResponseValue<types::Trunk> { todo!() } }
                pub struct SignOut<'a> { client: &'a super::Client }
                pub struct Ping<'a> { client: &'a super::Client }
            }
            impl<'a> crate::ListOperation<'a> for builder::ListTrunks<'a> { type Item = types::Trunk; }
            pub mod prelude { pub struct ShowQueue; }
        }
    }

    fn document() -> Value {
        json!({"paths": {
            "/queues/{id}": {"get": {"operationId": "showQueue", "tags": ["Call Queue"]}},
            "/trunks": {"get": {"operationId": "listTrunks", "tags": ["Trunk", "SIP/Trunking"]}},
            "/sign_out": {"post": {"operationId": "signOut", "tags": ["Authentication"]}},
            "/ping": {"get": {"operationId": "ping"}}
        }})
    }

    fn gated(always_compiled: &[&str]) -> Result<(syn::File, Gates), String> {
        let mut file = generated();
        let document = document();
        let settings = FeatureGates {
            always_compiled: always_compiled.iter().map(|s| s.to_string()).collect(),
        };
        let gates = gate(
            &mut file,
            &document,
            &resources(&document).unwrap(),
            &settings,
        )?;
        Ok((file, gates))
    }

    fn any(features: &[&str]) -> Gate {
        Gate::Any(features.iter().map(|f| f.to_string()).collect())
    }

    #[test]
    fn each_operation_is_gated_by_its_tags_and_an_untagged_one_is_always_compiled() {
        let (_, gates) = gated(&["sign_out"]).unwrap();
        assert_eq!(gates.builders["ShowQueue"], any(&["call-queue"]));
        assert_eq!(
            gates.builders["ListTrunks"],
            any(&["sip-trunking", "trunk"])
        );
        assert_eq!(
            gates.builders["SignOut"],
            Gate::Always,
            "the hand-written layer uses it"
        );
        assert_eq!(gates.builders["Ping"], Gate::Always, "no tag, no feature");
    }

    #[test]
    fn a_type_is_compiled_with_every_resource_that_reaches_it() {
        let (_, gates) = gated(&["SecretString"]).unwrap();
        assert_eq!(gates.types["Queue"], any(&["call-queue"]));
        assert_eq!(
            gates.types["Agent"],
            any(&["call-queue", "sip-trunking", "trunk"]),
            "reached by a queue's agents and a trunk's agent"
        );
        assert_eq!(
            gates.types["AgentStatus"], gates.types["Agent"],
            "through Agent"
        );
        assert_eq!(gates.types["Trunk"], any(&["sip-trunking", "trunk"]));
        assert_eq!(gates.types["SecretString"], Gate::Always);
        assert_eq!(gates.types["Unused"], Gate::never());
    }

    #[test]
    fn the_attributes_follow_the_gates() {
        let (file, _) = gated(&["sign_out", "SecretString"]).unwrap();
        let code = prettyplease::unparse(&file);
        for expected in [
            // a type, its impls and its type builder
            "#[cfg(feature = \"call-queue\")]\n    #[cfg_attr(docsrs, doc(cfg(feature = \"call-queue\")))]\n    pub struct Queue",
            "#[cfg(feature = \"call-queue\")]\n        #[cfg_attr(docsrs, doc(cfg(feature = \"call-queue\")))]\n        pub struct Queue {",
            "#[cfg(feature = \"call-queue\")]\n        impl TryFrom<Queue> for super::Queue",
            "#[cfg(any(feature = \"call-queue\", feature = \"sip-trunking\", feature = \"trunk\"))]\n    impl From<&AgentStatus> for AgentStatus",
            // only with `full`
            "#[cfg(feature = \"full\")]\n    #[cfg_attr(docsrs, doc(cfg(feature = \"full\")))]\n    pub struct Unused",
            // an impl for a type from elsewhere, under the gates of the types it names
            "#[cfg(all(feature = \"call-queue\"))]\n    impl From<Queue> for String",
            // an alias is a type of its own (none reaches this one)
            "#[cfg(feature = \"full\")]\n    #[cfg_attr(docsrs, doc(cfg(feature = \"full\")))]\n    pub type QueueAlias = Queue;",
            // whatever else names a gated type: a function, a constant, a trait
            "#[cfg(all(feature = \"call-queue\"))]\n    pub fn queue_name",
            "#[cfg(all(feature = \"call-queue\"))]\n    pub const NO_QUEUE",
            "#[cfg(all(feature = \"call-queue\"))]\n    pub trait QueueLike",
            // the client's method, the builder and the list-operation impl
            "#[cfg(feature = \"call-queue\")]\n    #[cfg_attr(docsrs, doc(cfg(feature = \"call-queue\")))]\n    pub fn show_queue",
            "#[cfg(feature = \"call-queue\")]\n    #[cfg_attr(docsrs, doc(cfg(feature = \"call-queue\")))]\n    pub struct ShowQueue",
            "#[cfg(feature = \"call-queue\")]\n    impl<'a> ShowQueue<'a>",
            "#[cfg(any(feature = \"sip-trunking\", feature = \"trunk\"))]\nimpl<'a> crate::ListOperation<'a> for builder::ListTrunks<'a>",
        ] {
            assert!(code.contains(expected), "missing\n{expected}\nin\n{code}");
        }
        for always in [
            "    pub struct SecretString",
            "    impl From<SecretString> for String",
            "    pub fn baseurl",
            "    pub fn sign_out",
            "    pub fn ping",
            "        pub struct ConversionError",
            // only the builder module holds builders
            "    pub struct ShowQueue;",
        ] {
            let before = code[..code.find(always).expect(always)].trim_end();
            assert!(
                !before.ends_with(")]"),
                "{always} should carry no gate:\n{code}"
            );
        }
    }

    #[test]
    fn a_name_the_hand_written_layer_uses_must_exist() {
        let Err(error) = gated(&["sign_in"]) else {
            panic!("an unknown name is refused");
        };
        assert!(error.contains("`sign_in`"), "{error}");
    }
}
