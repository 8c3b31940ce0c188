//! Builders only for what a user builds: the types a request can carry. A type the PBX only
//! ever answers with is read, never built, and progenitor's builders for those made up about
//! a third of the generated code of the whole API.

use std::collections::BTreeSet;

use serde_json::Value;
use syn::{ImplItem, Item};

use crate::openapi::Place;
use crate::{ast, naming, tolerant};

/// The Rust names of the types reachable from request bodies and parameters.
pub fn built_by_users(document: &Value) -> BTreeSet<String> {
    [Place::RequestBody, Place::Parameter]
        .into_iter()
        .flat_map(|place| tolerant::reachable_components(document, place))
        .map(|component| naming::type_name(&component))
        .collect()
}

/// Removes from the `types` module the builders of every type not in `keep`, and their
/// `builder()` constructors.
pub fn drop_unused(types: &mut Vec<Item>, keep: &BTreeSet<String>) {
    let kept = |ty: &syn::Type| ast::last_ident(ty).is_some_and(|name| keep.contains(&name));
    for item in types.iter_mut() {
        match item {
            Item::Mod(module) if module.ident == "builder" => {
                if let Some((_, items)) = &mut module.content {
                    items.retain(|item| match item {
                        Item::Struct(builder) => keep.contains(&builder.ident.to_string()),
                        Item::Impl(block) => kept(&block.self_ty),
                        _ => true,
                    });
                }
            }
            Item::Impl(block) if block.trait_.is_none() && !kept(&block.self_ty) => {
                block
                    .items
                    .retain(|item| !matches!(item, ImplItem::Fn(f) if f.sig.ident == "builder"));
            }
            _ => {}
        }
    }
    types.retain(|item| !matches!(item, Item::Impl(block) if block.trait_.is_none() && block.items.is_empty()));
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn only_types_a_request_carries_keep_their_builders() {
        let document = json!({
            "paths": {"/things": {"post": {
                "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/new_thing"}}}},
                "responses": {"200": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}}}}
            }}},
            "components": {"schemas": {
                "new_thing": {"type": "object", "properties": {"part": {"$ref": "#/components/schemas/Part"}}},
                "Part": {"type": "object"},
                "Thing": {"type": "object"}
            }}
        });
        let keep = built_by_users(&document);
        assert_eq!(
            keep,
            BTreeSet::from(["NewThing".to_owned(), "Part".to_owned()])
        );

        let file: syn::File = syn::parse_quote! {
            pub struct NewThing {}
            impl NewThing { pub fn builder() -> builder::NewThing { Default::default() } }
            pub struct Thing {}
            impl Thing { pub fn builder() -> builder::Thing { Default::default() } }
            impl From<&Thing> for Thing { fn from(value: &Thing) -> Self { value.clone() } }
            pub mod builder {
                pub struct NewThing {}
                impl NewThing {}
                impl TryFrom<NewThing> for super::NewThing {}
                pub struct Thing {}
                impl Default for Thing {}
                impl TryFrom<Thing> for super::Thing {}
                impl From<super::Thing> for Thing {}
            }
        };
        let mut types = file.items;
        drop_unused(&mut types, &keep);
        let code = quote::quote!(#(#types)*).to_string();
        assert!(
            code.contains("pub fn builder () -> builder :: NewThing"),
            "{code}"
        );
        assert!(!code.contains("builder :: Thing"), "{code}");
        assert!(code.contains("impl From < & Thing > for Thing"), "{code}");
        let module = code.split("pub mod builder").nth(1).unwrap();
        assert!(module.contains("pub struct NewThing"), "{module}");
        assert!(!module.contains("pub struct Thing"), "{module}");
        assert!(!module.contains("super :: Thing"), "{module}");
    }
}
