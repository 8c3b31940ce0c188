//! List operations, found by their shape: query parameters `skip` and `top`, and a success body
//! with `count` and an `items` array. Each gets an implementation of the client's list-operation
//! trait (see [`crate::Settings::list_operation_trait`]), from which the client builds a lazy
//! `Stream` of items.
//!
//! The item type is read from the generated code itself (the builder's `send` return type, then
//! that struct's `items` field), so it is right however typify named things.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use serde_json::Value;

use crate::ast::{items_field, last_ident, module, peel, qualify, send_success_type};
use crate::naming::operation_name;
use crate::openapi;

/// An operation that pages through a collection.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ListOperation {
    pub operation_id: String,
    /// The progenitor builder struct for the operation (`listHolidays` → `ListHolidays`).
    pub builder: String,
}

/// Every list operation of `document` ([`crate::openapi::list`] says which those are), in
/// document order.
pub fn detect(document: &Value) -> Vec<ListOperation> {
    openapi::operations(document)
        .iter()
        .filter(|operation| openapi::list::is_list_operation(document, operation))
        .filter_map(|operation| {
            let operation_id = operation.operation_id()?;
            Some(ListOperation {
                operation_id: operation_id.into(),
                builder: operation_name(operation_id),
            })
        })
        .collect()
}

/// The trait impls for `operations`, read against the generated `file`. An operation whose
/// builder or page type cannot be found is reported by name.
pub fn impls(
    file: &syn::File,
    operations: &[ListOperation],
    trait_path: &str,
) -> Result<TokenStream, String> {
    let trait_path: syn::Path =
        syn::parse_str(trait_path).map_err(|e| format!("list-operation trait path: {e}"))?;
    let mut trait_module = trait_path.clone();
    trait_module.segments.pop();
    trait_module.segments.pop_punct();
    let builders = module(file, "builder").ok_or("the generated code has no `builder` module")?;
    let types = module(file, "types").ok_or("the generated code has no `types` module")?;

    let mut out = TokenStream::new();
    for operation in operations {
        let page = send_success_type(builders, &operation.builder)
            .ok_or_else(|| format!("no `send` method on builder `{}`", operation.builder))?;
        let page_name = last_ident(&page)
            .ok_or_else(|| format!("`{}` returns no named page type", operation.builder))?;
        let item = items_field(types, &page_name).ok_or_else(|| {
            format!(
                "page type `{page_name}` of `{}` has no `items` field",
                operation.operation_id
            )
        })?;
        let item = qualify(peel(peel(item, "Option"), "Vec"), types);
        let builder = format_ident!("{}", operation.builder);
        let doc = format!(
            "`{}` pages through its collection with `skip` and `top`.",
            operation.operation_id
        );
        out.extend(quote! {
            #[doc = #doc]
            impl<'a> #trait_path<'a> for builder::#builder<'a> {
                type Item = #item;
                fn fetch_page(self, skip: i64, top: i64) -> #trait_module::PageFuture<'a, Self::Item> {
                    ::std::boxed::Box::pin(async move {
                        let page = self.skip(skip).top(top).send().await?.into_inner();
                        ::std::result::Result::Ok(#trait_module::Page::new(page.count, page.items))
                    })
                }
            }
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn list_document(items_type: &str) -> Value {
        json!({
            "paths": {"/holidays": {"get": {
                "operationId": "listHolidays",
                "parameters": [
                    {"$ref": "#/components/parameters/Skip"},
                    {"name": "top", "in": "query", "schema": {"type": "integer"}}
                ],
                "responses": {"200": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Page"}}}}}
            }}},
            "components": {
                "parameters": {"Skip": {"name": "skip", "in": "query", "schema": {"type": "integer"}}},
                "schemas": {"Page": {"type": "object", "properties": {
                    "count": {"type": "integer", "nullable": true},
                    "items": {"type": items_type, "nullable": true, "items": {}}
                }}}
            }
        })
    }

    #[test]
    fn list_operations_are_found_by_shape_through_refs() {
        let found = detect(&list_document("array"));
        assert_eq!(
            found,
            vec![ListOperation {
                operation_id: "listHolidays".into(),
                builder: "ListHolidays".into()
            }]
        );
    }

    #[test]
    fn an_items_field_that_is_not_an_array_is_not_a_page() {
        assert!(detect(&list_document("string")).is_empty());
    }

    #[test]
    fn impls_read_the_item_type_from_the_generated_code() {
        let file: syn::File = syn::parse_quote! {
            pub mod types {
                pub struct Holiday {}
                pub struct HolidayList {
                    pub count: ::std::option::Option<i64>,
                    pub items: ::std::option::Option<::std::vec::Vec<Holiday>>,
                }
            }
            pub mod builder {
                impl<'a> ListHolidays<'a> {
                    pub async fn send(self) -> Result<ResponseValue<types::HolidayList>, Error<()>> { todo!() }
                }
            }
        };
        let operations = [ListOperation {
            operation_id: "listHolidays".into(),
            builder: "ListHolidays".into(),
        }];
        let code = impls(&file, &operations, "crate::pagination::ListOperation")
            .unwrap()
            .to_string();
        assert!(
            code.contains("for builder :: ListHolidays < 'a >"),
            "{code}"
        );
        assert!(code.contains("type Item = types :: Holiday ;"), "{code}");
        assert!(
            code.contains("crate :: pagination :: PageFuture < 'a , Self :: Item >"),
            "{code}"
        );
    }

    #[test]
    fn a_missing_builder_is_named() {
        let file: syn::File = syn::parse_quote! { pub mod types {} pub mod builder {} };
        let operations = [ListOperation {
            operation_id: "listX".into(),
            builder: "ListX".into(),
        }];
        let error = impls(&file, &operations, "crate::p::L").unwrap_err();
        assert_eq!(error, "no `send` method on builder `ListX`");
    }
}
