//! Which operations the client may send twice.
//!
//! HTTP says a `GET` is safe to repeat and a `POST` is not, and the client's retries go by that;
//! but some vendor operations break the rule (`GET /sessions/directly` places a call). The spec
//! says so with the `x-idempotent` extension on the operation (set by the overlay, with its
//! reason), and this stage hands those marks to the client's retry layer, keyed by the operation
//! id progenitor passes to the hooks.

use proc_macro2::TokenStream;
use quote::quote;
use serde_json::Value;

use crate::naming::hook_operation_id;
use crate::openapi::operations;

/// The extension that overrides what the HTTP method says about repeating an operation.
pub const EXTENSION: &str = "x-idempotent";

/// `(hook operation id, idempotent)` for every operation that carries a boolean
/// [`EXTENSION`], sorted.
pub fn declared(document: &Value) -> Vec<(String, bool)> {
    let mut found: Vec<(String, bool)> = operations(document)
        .iter()
        .filter(|operation| operation.section == "paths")
        .filter_map(|operation| {
            let idempotent = operation.operation.get(EXTENSION)?.as_bool()?;
            Some((hook_operation_id(operation.operation_id()?), idempotent))
        })
        .collect();
    found.sort();
    found
}

/// `pub(crate) mod idempotence { fn declared(operation_id) -> Option<bool> }`.
pub fn tokens(declared: &[(String, bool)]) -> TokenStream {
    let entries = declared
        .iter()
        .map(|(operation_id, idempotent)| quote! { (#operation_id, #idempotent) });
    quote! {
        /// What the spec's `x-idempotent` says about repeating an operation, by the operation id
        /// the hooks receive; `None` where the HTTP method decides.
        pub(crate) mod idempotence {
            const DECLARED: &[(&str, bool)] = &[#(#entries),*];

            pub(crate) fn declared(operation_id: &str) -> ::std::option::Option<bool> {
                DECLARED
                    .binary_search_by(|(id, _)| (*id).cmp(operation_id))
                    .ok()
                    .map(|index| DECLARED[index].1)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn marked_operations_are_found_by_their_hook_operation_id() {
        let document = json!({"paths": {
            "/sessions/directly": {"get": {"operationId": "createCallSessionDirectly", "x-idempotent": false}},
            "/sessions": {"get": {"operationId": "listCallSessions"}},
            "/users/{id}": {"put": {"operationId": "replaceUser", "x-idempotent": true}}
        }});
        assert_eq!(
            declared(&document),
            [
                ("create_call_session_directly".to_owned(), false),
                ("replace_user".to_owned(), true)
            ]
        );
    }
}
