//! The whole pipeline on a spec held in memory: convert, profile, then progenitor (builder
//! interface), syn and prettyplease, with the open enums, the secret string type and the
//! list-operation impls added to what progenitor emits, and its constructors kept to the crate.

use progenitor::{GenerationSettings, Generator, HooksMode, InterfaceStyle, TagStyle, TypeImpl};
use quote::quote;
use serde_json::Value;
use syn::{ImplItem, Item};

use crate::features::{FeatureGates, Gates};
use crate::{
    Error, ast, builders, convert, decoders, enums, features, fields, idempotence, openapi,
    optional, pagination, responses, secrets, tolerant,
};

/// Where the generated code meets the hand-written crate. The generated file must be included at
/// the crate root (its `types` module is then `crate::types`).
#[derive(Clone, Debug)]
pub struct Settings {
    /// The generated `Client`'s inner value, available to hooks: the hand-written crate
    /// implements `progenitor_client::ClientHooks<InnerType>` for `Client` (progenitor's
    /// `HooksMode::Expected`), which is where authentication, retries and error bodies are
    /// handled for every operation. Only that crate can build the inner value, so the `Client`
    /// constructor that takes it, `new_with_client`, is `pub(crate)`.
    pub inner_type: String,
    /// A trait `Trait<'a>` with `type Item` and
    /// `fn fetch_page(self, skip: i64, top: i64) -> PageFuture<'a, Self::Item>`; its module also
    /// defines `PageFuture<'a, T>` and `Page::new(count, items)`. Every list operation's builder
    /// implements it.
    pub list_operation_trait: String,
    /// Gate the code by the spec's resource features (`cfg(feature = ...)`), which the crate
    /// that includes it must declare; `None` compiles every operation.
    pub feature_gates: Option<FeatureGates>,
}

impl Settings {
    /// What `portsip-api/build.rs` passes: its session as the inner value, its pagination trait,
    /// and gates that always compile the operations and types its hand-written layer uses (sign
    /// in, two-factor, refresh, sign out; the error body; secrets).
    pub fn portsip_api() -> Self {
        Self {
            inner_type: "crate::session::Session".into(),
            list_operation_trait: "crate::pagination::ListOperation".into(),
            feature_gates: Some(FeatureGates {
                always_compiled: [
                    "sign_in_with_credentials",
                    "send_otp",
                    "verify_otp",
                    "refresh_token",
                    "sign_out",
                    "ErrorResponse",
                    "SecretString",
                ]
                .map(String::from)
                .to_vec(),
            }),
        }
    }
}

/// The generated client.
#[derive(Clone, Debug)]
pub struct Generated {
    /// Formatted Rust source.
    pub code: String,
    /// The data types of the `types` module (structs and enums, not the builders).
    pub type_names: Vec<String>,
    /// The operations that got a list-operation impl.
    pub list_operations: Vec<String>,
    /// What each builder and type is compiled with, when the settings asked for gates.
    pub gates: Option<Gates>,
}

/// Generates the client from the canonical spec's JSON text. `path` only names the spec in
/// errors.
pub fn generate(path: &str, spec: &str, settings: &Settings) -> Result<Generated, Error> {
    let mut document: Value = serde_json::from_str(spec).map_err(|source| Error::Json {
        path: path.into(),
        source,
    })?;
    let spec_error = |source| Error::Spec {
        path: path.into(),
        source,
    };

    convert::to_openapi_30(&mut document).map_err(spec_error)?;
    secrets::hoist_secret_strings(&mut document).map_err(spec_error)?;
    enums::hoist_string_enums(&mut document);
    let open_enums = enums::collect(&document);
    let renames = fields::rename_clashing_properties(&mut document).map_err(spec_error)?;
    optional::keep_absent_apart_from_empty(&mut document).map_err(spec_error)?;
    tolerant::apply(&mut document).map_err(spec_error)?;
    let redirect_builders = responses::redirects_as_success(&mut document);
    responses::leave_errors_to_client(&mut document);
    let declared_idempotence = idempotence::declared(&document);
    let list_operations = pagination::detect(&document);
    let built_by_users = builders::built_by_users(&document);

    let openapi: openapiv3::OpenAPI =
        serde_path_to_error::deserialize(&document).map_err(|e| Error::OpenApi {
            path: path.into(),
            pointer: e.path().to_string(),
            message: e.inner().to_string(),
        })?;

    let mut generation = GenerationSettings::new();
    generation
        .with_interface(InterfaceStyle::Builder)
        .with_tag(TagStyle::Merged)
        .with_hooks(HooksMode::Expected)
        .with_inner_type(syn::parse_str::<syn::Type>(&settings.inner_type).map(|t| quote!(#t))?)
        .with_derive("PartialEq");
    for open in &open_enums {
        generation.with_replacement(
            &open.name,
            format!("crate::types::{}", open.name),
            [
                TypeImpl::FromStr,
                TypeImpl::FromStringIrrefutable,
                TypeImpl::Display,
            ]
            .into_iter(),
        );
    }
    generation.with_replacement(
        secrets::TYPE_NAME,
        format!("crate::types::{}", secrets::TYPE_NAME),
        std::iter::empty(),
    );
    let tokens = Generator::new(&generation)
        .generate_tokens(&openapi)
        .map_err(|source| Error::Progenitor {
            path: path.into(),
            source,
        })?;

    let mut file: syn::File = syn::parse2(tokens)?;
    keep_constructors_to_the_crate(&mut file);
    if let Some(builder) = module_mut(&mut file, "builder") {
        responses::restore_redirect_statuses(builder, &redirect_builders);
    }
    let types = types_module(&mut file).ok_or_else(|| no_types_module(path))?;
    fields::restore_wire_names(types, &renames);
    builders::drop_unused(types, &built_by_users);
    for open in &open_enums {
        types.extend(syn::parse2::<syn::File>(enums::tokens(open))?.items);
    }
    types.extend(syn::parse2::<syn::File>(secrets::tokens())?.items);
    let impls = pagination::impls(&file, &list_operations, &settings.list_operation_trait)
        .map_err(|message| spec_error(crate::SpecError::new("/paths", message)))?;
    let impls: syn::File = syn::parse2(impls)?;
    file.items.extend(impls.items);
    let gates = match &settings.feature_gates {
        Some(gates) => {
            let resources = openapi::resources::resources(&document)
                .map_err(|e| spec_error(crate::SpecError::new(e.pointer, e.message)))?;
            let gated = features::gate(&mut file, &document, &resources, gates)
                .map_err(|message| spec_error(crate::SpecError::new("/paths", message)))?;
            Some(gated)
        }
        None => None,
    };
    let table: syn::File = syn::parse2(decoders::table(&file, &document))?;
    file.items.extend(table.items);
    let idempotence_table: syn::File = syn::parse2(idempotence::tokens(&declared_idempotence))?;
    file.items.extend(idempotence_table.items);

    let type_names = type_names(&mut file).ok_or_else(|| no_types_module(path))?;
    Ok(Generated {
        code: format!(
            "// @generated by portsip-api-build from {path}. Do not edit.\n\n{}",
            prettyplease::unparse(&file)
        ),
        type_names,
        list_operations: list_operations
            .into_iter()
            .map(|o| o.operation_id)
            .collect(),
        gates,
    })
}

/// progenitor's constructors are public, yet take the inner value, which only the hand-written
/// crate can build. `new_with_client` becomes `pub(crate)`, for that crate's builder; `new` goes:
/// nothing calls it, as it builds its own `reqwest::Client` (panicking if that fails) where the
/// builder configures one.
fn keep_constructors_to_the_crate(file: &mut syn::File) {
    for item in &mut file.items {
        let Item::Impl(block) = item else { continue };
        if !ast::is_client_impl(block) {
            continue;
        }
        block
            .items
            .retain(|item| !matches!(item, ImplItem::Fn(f) if f.sig.ident == "new"));
        for item in &mut block.items {
            if let ImplItem::Fn(f) = item
                && f.sig.receiver().is_none()
            {
                f.vis = syn::parse_quote!(pub(crate));
            }
        }
    }
}

fn no_types_module(path: &str) -> Error {
    Error::Spec {
        path: path.into(),
        source: crate::SpecError::new("", "progenitor emitted no `types` module"),
    }
}

fn types_module(file: &mut syn::File) -> Option<&mut Vec<Item>> {
    module_mut(file, "types")
}

fn module_mut<'f>(file: &'f mut syn::File, name: &str) -> Option<&'f mut Vec<Item>> {
    file.items.iter_mut().find_map(|item| match item {
        Item::Mod(m) if m.ident == name => m.content.as_mut().map(|(_, items)| items),
        _ => None,
    })
}

fn type_names(file: &mut syn::File) -> Option<Vec<String>> {
    let mut names: Vec<String> = types_module(file)?
        .iter()
        .filter_map(|item| match item {
            Item::Struct(s) => Some(s.ident.to_string()),
            Item::Enum(e) => Some(e.ident.to_string()),
            _ => None,
        })
        .collect();
    names.sort();
    Some(names)
}
