//! Error responses are left to the client's error layer, and redirects are successes where the
//! spec says so.
//!
//! Given an error schema, progenitor decodes error bodies itself, and on a body that is not the
//! documented JSON (a proxy's HTML page, an empty 401) it reports a decode failure that has lost
//! the HTTP status. Without one, every error status reaches the caller as the untouched
//! response, status and body intact, for the client's error layer to decode into a typed API
//! error or keep raw. It also gives every operation the same error type, whatever its spec
//! says about errors.

//!
//! An operation whose only documented success is a redirect (`POST /login/by_microsoft` answers
//! `302`) is a hand-over to a browser: what the caller needs is the `Location`, and following it
//! would resend the request somewhere the spec does not describe (as a `GET`, for a `302`). The
//! client follows no redirect, and such an operation returns the redirect itself as its success,
//! `ResponseValue<()>`, whose status and `Location` header say where to go. progenitor decodes
//! only 1xx and 2xx answers as success, so the stage hands it each 3xx code as the 2xx code 100
//! below, without a body, and [`restore_redirect_statuses`] puts the real codes back into the
//! operation's `send` after generation.

use serde_json::{Value, json};
use syn::{Expr, ImplItem, Item, Lit, Pat, Stmt};

use crate::ast::last_ident;
use crate::naming::operation_name;
use crate::openapi::for_each_path_operation_mut;

/// Stands every 3xx response of an operation without a 2xx one in for its 2xx placeholder, and
/// says in the operation's description what it returns. Answers the builders of those
/// operations. Run before [`leave_errors_to_client`], which then drops their `default`.
pub fn redirects_as_success(document: &mut Value) -> Vec<String> {
    let mut builders = Vec::new();
    for_each_path_operation_mut(document, |operation| {
        let Some(responses) = operation
            .get_mut("responses")
            .and_then(Value::as_object_mut)
        else {
            return;
        };
        let is_success = |status: &String| status.starts_with('2') || status == "101";
        if responses.keys().any(is_success) {
            return;
        }
        let redirects: Vec<String> = responses
            .keys()
            .filter(|status| status.starts_with('3'))
            .cloned()
            .collect();
        if redirects.is_empty() {
            return;
        }
        for status in redirects {
            let mut response = responses.remove(&status).unwrap_or_default();
            if let Some(response) = response.as_object_mut() {
                response.remove("content");
            }
            responses.insert(status.replacen('3', "2", 1), response);
        }
        let note = "The answer is a redirect, which the client does not follow: the returned \
                    response's status and `Location` header say where it points.";
        let description = match operation.get("description").and_then(Value::as_str) {
            Some(text) => format!("{}\n\n{note}", text.trim_end()),
            None => note.to_owned(),
        };
        operation.insert("description".into(), json!(description));
        if let Some(id) = operation.get("operationId").and_then(Value::as_str) {
            builders.push(operation_name(id));
        }
    });
    builders
}

/// In the `send` of each of `builders`, turns the 2xx placeholders of
/// [`redirects_as_success`] back into the documented 3xx codes.
pub fn restore_redirect_statuses(builders_module: &mut [Item], builders: &[String]) {
    for item in builders_module {
        let Item::Impl(block) = item else { continue };
        let is_redirect_builder = block.trait_.is_none()
            && last_ident(&block.self_ty).is_some_and(|name| builders.contains(&name));
        if !is_redirect_builder {
            continue;
        }
        for item in &mut block.items {
            let ImplItem::Fn(function) = item else {
                continue;
            };
            if function.sig.ident != "send" {
                continue;
            }
            for statement in &mut function.block.stmts {
                if let Stmt::Expr(Expr::Match(status_match), _) = statement {
                    for arm in &mut status_match.arms {
                        placeholder_to_redirect(&mut arm.pat);
                    }
                }
            }
        }
    }
}

fn placeholder_to_redirect(pattern: &mut Pat) {
    let shift = |literal: &mut Lit| {
        if let Lit::Int(int) = literal
            && let Ok(code @ 200..=299) = int.base10_parse::<u16>()
        {
            *int = syn::LitInt::new(&format!("{}u16", code + 100), int.span());
        }
    };
    match pattern {
        Pat::Lit(literal) => shift(&mut literal.lit),
        Pat::Range(range) => {
            for bound in [&mut range.start, &mut range.end].into_iter().flatten() {
                if let Expr::Lit(literal) = bound.as_mut() {
                    shift(&mut literal.lit);
                }
            }
        }
        Pat::Or(or) => or.cases.iter_mut().for_each(placeholder_to_redirect),
        _ => {}
    }
}

/// Removes the 4xx/5xx responses (and `default`, when a success response is declared) from
/// every operation.
pub fn leave_errors_to_client(document: &mut Value) {
    for_each_path_operation_mut(document, |operation| {
        let Some(responses) = operation
            .get_mut("responses")
            .and_then(Value::as_object_mut)
        else {
            return;
        };
        responses.retain(|status, _| !is_error_status(status));
        if responses.keys().any(|status| status.starts_with('2')) {
            responses.remove("default");
        }
    });
}

fn is_error_status(status: &str) -> bool {
    status.starts_with('4') || status.starts_with('5')
}

#[cfg(test)]
mod tests {
    use quote::quote;

    use super::*;

    #[test]
    fn a_redirect_only_operation_gets_its_redirect_as_a_bodiless_success() {
        let mut document = json!({"paths": {
            "/login/by_microsoft": {"post": {"operationId": "loginWithMicrosoft", "responses": {
                "302": {"description": "Found", "content": {"text/html": {}}}, "4XX": {}, "default": {}
            }}},
            "/moved": {"get": {"operationId": "showMoved", "responses": {"200": {}, "301": {}}}}
        }});
        let builders = redirects_as_success(&mut document);
        leave_errors_to_client(&mut document);
        assert_eq!(builders, ["LoginWithMicrosoft"]);
        let operation = &document["paths"]["/login/by_microsoft"]["post"];
        assert_eq!(
            operation["responses"],
            json!({"202": {"description": "Found"}})
        );
        assert!(
            operation["description"]
                .as_str()
                .unwrap()
                .contains("`Location`")
        );
        assert_eq!(
            document["paths"]["/moved"]["get"]["responses"],
            json!({"200": {}, "301": {}})
        );
    }

    #[test]
    fn the_placeholders_become_the_documented_codes_again() {
        let file: syn::File = syn::parse2(quote! {
            impl<'a> LoginWithMicrosoft<'a> {
                pub async fn send(self) -> Result<ResponseValue<()>, Error<()>> {
                    let response = result?;
                    match response.status().as_u16() {
                        202u16 => Ok(ResponseValue::empty(response)),
                        201u16 | 207u16 => Ok(ResponseValue::empty(response)),
                        200u16..=299u16 => Ok(ResponseValue::empty(response)),
                        _ => Err(Error::UnexpectedResponse(response)),
                    }
                }
            }
            impl<'a> ShowHoliday<'a> {
                pub async fn send(self) -> Result<ResponseValue<()>, Error<()>> {
                    match response.status().as_u16() {
                        200u16 => Ok(ResponseValue::empty(response)),
                        _ => Err(Error::UnexpectedResponse(response)),
                    }
                }
            }
        })
        .unwrap();
        let mut items = file.items;
        restore_redirect_statuses(&mut items, &["LoginWithMicrosoft".to_owned()]);
        let code = quote!(#(#items)*).to_string();
        assert!(code.contains("302u16 =>"), "{code}");
        assert!(code.contains("300u16 ..= 399u16 =>"), "{code}");
        assert!(code.contains("301u16 | 307u16 =>"), "{code}");
        assert!(code.contains("200u16 =>"), "{code}");
        assert!(!code.contains("202u16"), "{code}");
    }

    #[test]
    fn error_statuses_and_redundant_defaults_are_removed() {
        let mut document = json!({"paths": {"/a": {
            "get": {"responses": {"200": {}, "401": {}, "4XX": {}, "5XX": {}, "default": {}}},
            "post": {"responses": {"default": {}}}
        }}});
        leave_errors_to_client(&mut document);
        assert_eq!(
            document,
            json!({"paths": {"/a": {
                "get": {"responses": {"200": {}}},
                "post": {"responses": {"default": {}}}
            }}})
        );
    }
}
