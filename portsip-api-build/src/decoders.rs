//! A test-only table from operation id to the generated type its success body decodes into, so
//! the client's tests can walk every response schema of the spec without a hand-kept list: that
//! every body decodes, and that no secret in one shows in `Debug` output. Compiled only under
//! `cfg(test)`.

use proc_macro2::TokenStream;
use quote::quote;
use serde_json::Value;

use crate::ast::{module, qualify, send_success_type};
use crate::naming::operation_name;
use crate::openapi::operations;

/// `pub(crate) mod response_decoders { DECODERS: &[(operation id, decode)] }`, one entry per
/// operation whose success body is a generated type; `decode` answers the decoded value
/// serialized back and its `Debug` rendering.
pub fn table(file: &syn::File, document: &Value) -> TokenStream {
    let (Some(builders), Some(types)) = (module(file, "builder"), module(file, "types")) else {
        return TokenStream::new();
    };
    let mut entries = Vec::new();
    let operation_ids = operations(document)
        .into_iter()
        .filter(|operation| operation.section == "paths")
        .filter_map(|operation| operation.operation_id());
    for operation_id in operation_ids {
        let Some(success) = send_success_type(builders, &operation_name(operation_id)) else {
            continue;
        };
        let success = qualify(success, types);
        if quote!(#success).to_string().starts_with("types ::") {
            entries.push(quote! {
                (#operation_id, |body| {
                    let decoded = ::serde_json::from_value::<super::#success>(body)?;
                    Ok((::serde_json::to_value(&decoded)?, format!("{decoded:?}")))
                })
            });
        }
    }
    quote! {
        /// Operation id → decode a success body into its generated type; that value serialized
        /// back, and its `Debug` rendering.
        #[cfg(test)]
        pub(crate) mod response_decoders {
            pub(crate) type Decode =
                fn(::serde_json::Value) -> ::serde_json::Result<(::serde_json::Value, ::std::string::String)>;
            pub(crate) const DECODERS: &[(&str, Decode)] = &[#(#entries),*];
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn operations_with_a_generated_success_type_get_a_decoder() {
        let file: syn::File = syn::parse_quote! {
            pub mod types { pub struct Holiday {} }
            pub mod builder {
                impl<'a> ShowHoliday<'a> {
                    pub async fn send(self) -> Result<ResponseValue<types::Holiday>, Error<()>> { todo!() }
                }
                impl<'a> SignOut<'a> {
                    pub async fn send(self) -> Result<ResponseValue<()>, Error<()>> { todo!() }
                }
            }
        };
        let document = json!({"paths": {
            "/holidays/{id}": {"get": {"operationId": "showHoliday"}},
            "/auth/sign_out": {"post": {"operationId": "signOut"}}
        }});
        let code = table(&file, &document).to_string();
        assert!(code.contains("(\"showHoliday\" , | body |"), "{code}");
        assert!(code.contains("super :: types :: Holiday"), "{code}");
        assert!(!code.contains("signOut"), "{code}");
    }
}
