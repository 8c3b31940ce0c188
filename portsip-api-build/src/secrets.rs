//! Secrets — passwords, tokens, keys, one-time codes — must never show in `Debug` output, and
//! every generated type derives `Debug`. The spec marks them the OpenAPI way, `format: password`
//! on a string.
//!
//! typify can swap in a type only for a named component, so this stage points every such
//! string at one component, [`TYPE_NAME`], keeping the use site's description, nullability and
//! constraints beside the reference; progenitor is told to use the type emitted by [`tokens`]
//! for it. That type is the plain string on the wire and `<redacted>` when formatted. Nothing
//! here knows any property by name.
//!
//! Parameters are left alone: progenitor puts path and header values into the request with
//! `to_string()`, which a secret must not have, and a secret in a URL is logged by every proxy
//! on the way anyway.

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::quote;
use serde_json::{Value, json};

use crate::SpecError;
use crate::tolerant::reachable_components;
use crate::walk::{self, Place};

/// The component, and the generated type in `types`, that every secret string becomes.
pub const TYPE_NAME: &str = "SecretString";

/// Whether `schema` is a string marked `format: password`.
fn is_secret_string(schema: &Value) -> bool {
    schema.get("type").and_then(Value::as_str) == Some("string")
        && schema.get("format").and_then(Value::as_str) == Some("password")
}

/// Points every secret string outside parameters at the [`TYPE_NAME`] component, adding the
/// component when one was found. Run on the OpenAPI 3.0 form (after [`crate::convert`]).
pub fn hoist_secret_strings(document: &mut Value) -> Result<(), SpecError> {
    let own = format!("/components/schemas/{TYPE_NAME}");
    if let Some(existing) = document.pointer(&own)
        && !is_secret_string(existing)
    {
        return Err(SpecError::new(
            own,
            "this component name is reserved for the type of `format: password` strings",
        ));
    }
    let in_urls: BTreeSet<String> = [Place::Parameter, Place::Header]
        .into_iter()
        .flat_map(|place| reachable_components(document, place))
        .collect();
    let mut found = false;
    for root in walk::roots(document) {
        let skipped = match root.place {
            Place::Parameter | Place::Header => true,
            Place::Component => walk::component_of(&root)
                .is_none_or(|name| name == TYPE_NAME || in_urls.contains(&name)),
            Place::RequestBody | Place::Response => false,
        };
        if skipped {
            continue;
        }
        if let Some(schema) = document.pointer_mut(&root.pointer) {
            walk::walk_mut(schema, &root.pointer, &mut |_, schema| {
                if is_secret_string(schema) {
                    point_at_secret(schema);
                    found = true;
                }
                Ok(())
            })?;
        }
    }
    if found {
        insert_component(document);
    }
    Ok(())
}

/// Replaces the string's type with a reference (in a one-element `allOf`, as 3.0 ignores
/// siblings of `$ref`), keeping what else the use site says.
fn point_at_secret(schema: &mut Value) {
    if let Some(object) = schema.as_object_mut() {
        object.remove("type");
        object.remove("format");
        object.insert(
            "allOf".into(),
            json!([{ "$ref": format!("#/components/schemas/{TYPE_NAME}") }]),
        );
    }
}

fn insert_component(document: &mut Value) {
    let schemas = walk::component_schemas_mut(document);
    if let Some(schemas) = schemas {
        schemas.insert(
            TYPE_NAME.into(),
            json!({"type": "string", "format": "password"}),
        );
    }
}

/// The secret string type, emitted into `types` whether or not the spec has secrets, so the
/// hand-written crate can always use it.
pub fn tokens() -> TokenStream {
    quote! {
        /// A secret: a password, token, key or one-time code (`format: password` in the spec).
        ///
        /// It is sent and received as the plain string, but shows as `<redacted>` in `Debug`
        /// output, so it stays out of logs and error messages. [`SecretString::expose`]
        /// reveals it.
        #[derive(Clone, PartialEq, Eq, ::serde::Deserialize, ::serde::Serialize)]
        #[serde(transparent)]
        pub struct SecretString(::std::string::String);

        impl SecretString {
            pub fn new(secret: impl ::std::convert::Into<::std::string::String>) -> Self {
                Self(secret.into())
            }

            /// The secret itself, for where it has to go.
            pub fn expose(&self) -> &str {
                &self.0
            }
        }

        impl ::std::fmt::Debug for SecretString {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str("<redacted>")
            }
        }

        impl ::std::convert::From<::std::string::String> for SecretString {
            fn from(secret: ::std::string::String) -> Self {
                Self(secret)
            }
        }

        impl ::std::convert::From<&str> for SecretString {
            fn from(secret: &str) -> Self {
                Self(secret.to_owned())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &str = "#/components/schemas/SecretString";

    fn document() -> Value {
        json!({
            "openapi": "3.0.3",
            "paths": {
                "/sign_in": {"post": {
                    "requestBody": {"content": {"application/json": {"schema": {
                        "type": "object",
                        "properties": {
                            "user": {"type": "string"},
                            "pin": {"type": "string", "format": "password", "description": "The PIN.", "minLength": 4}
                        }
                    }}}},
                    "responses": {"200": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Tokens"}}}}}
                }},
                "/keys/{key}": {"get": {
                    "parameters": [
                        {"name": "key", "in": "path", "schema": {"type": "string", "format": "password"}},
                        {"name": "filter", "in": "query", "schema": {"$ref": "#/components/schemas/Filter"}}
                    ],
                    "responses": {"204": {}}
                }}
            },
            "components": {"schemas": {
                "Tokens": {"type": "object", "properties": {
                    "access": {"type": "string", "format": "password", "nullable": true},
                    "history": {"type": "array", "items": {"type": "string", "format": "password"}},
                    "expires_in": {"type": "integer"},
                    "label": {"type": "string", "format": "email"}
                }},
                "Filter": {"type": "object", "properties": {"key": {"type": "string", "format": "password"}}}
            }}
        })
    }

    #[test]
    fn secret_strings_in_bodies_point_at_one_component_and_keep_their_use_site_keywords() {
        let mut doc = document();
        hoist_secret_strings(&mut doc).unwrap();
        let pin = doc
            .pointer(
                "/paths/~1sign_in/post/requestBody/content/application~1json/schema/properties/pin",
            )
            .unwrap();
        assert_eq!(
            pin,
            &json!({"allOf": [{"$ref": SECRET}], "description": "The PIN.", "minLength": 4})
        );
        let tokens = &doc["components"]["schemas"]["Tokens"]["properties"];
        assert_eq!(
            tokens["access"],
            json!({"allOf": [{"$ref": SECRET}], "nullable": true})
        );
        assert_eq!(
            tokens["history"]["items"],
            json!({"allOf": [{"$ref": SECRET}]})
        );
        assert_eq!(
            doc["components"]["schemas"][TYPE_NAME],
            json!({"type": "string", "format": "password"})
        );
    }

    #[test]
    fn other_strings_and_parameters_are_left_alone() {
        let mut doc = document();
        hoist_secret_strings(&mut doc).unwrap();
        let tokens = &doc["components"]["schemas"]["Tokens"]["properties"];
        assert_eq!(
            tokens["label"],
            json!({"type": "string", "format": "email"})
        );
        assert_eq!(tokens["expires_in"], json!({"type": "integer"}));
        assert_eq!(
            doc.pointer("/paths/~1keys~1{key}/get/parameters/0/schema")
                .unwrap(),
            &json!({"type": "string", "format": "password"})
        );
        assert_eq!(
            doc["components"]["schemas"]["Filter"]["properties"]["key"],
            json!({"type": "string", "format": "password"})
        );
    }

    #[test]
    fn without_secrets_the_document_is_unchanged() {
        let mut doc = json!({"openapi": "3.0.3", "paths": {}, "components": {"schemas": {
            "Plain": {"type": "object", "properties": {"name": {"type": "string"}}}
        }}});
        let before = doc.clone();
        hoist_secret_strings(&mut doc).unwrap();
        assert_eq!(doc, before);
    }

    #[test]
    fn a_component_already_named_like_the_secret_type_is_an_error_naming_it() {
        let mut doc = document();
        doc["components"]["schemas"][TYPE_NAME] = json!({"type": "object"});
        let error = hoist_secret_strings(&mut doc).unwrap_err();
        assert_eq!(error.pointer, "/components/schemas/SecretString");
    }
}
