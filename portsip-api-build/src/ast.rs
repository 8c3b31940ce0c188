//! Reading progenitor's output back: the build stage learns type names from the generated code
//! itself rather than predicting how typify will name things. Public for the tests crate's
//! build script, which reads the generated client the same way.

use syn::{GenericArgument, Item, PathArguments, ReturnType, Type};

pub fn module<'f>(file: &'f syn::File, name: &str) -> Option<&'f [Item]> {
    file.items.iter().find_map(|item| match item {
        Item::Mod(m) if m.ident == name => m.content.as_ref().map(|(_, items)| items.as_slice()),
        _ => None,
    })
}

/// The method `name` of `impl Builder` (not of a trait impl) in the `builder` module's items.
pub fn builder_method<'b>(
    builders: &'b [Item],
    builder: &str,
    name: &str,
) -> Option<&'b syn::ImplItemFn> {
    builders.iter().find_map(|item| {
        let Item::Impl(block) = item else { return None };
        if block.trait_.is_some() || last_ident(&block.self_ty).as_deref() != Some(builder) {
            return None;
        }
        block.items.iter().find_map(|item| match item {
            syn::ImplItem::Fn(f) if f.sig.ident == name => Some(f),
            _ => None,
        })
    })
}

/// `T` in `pub async fn send(self) -> Result<ResponseValue<T>, Error<E>>` of `impl Builder`.
pub fn send_success_type(builders: &[Item], builder: &str) -> Option<Type> {
    match &builder_method(builders, builder, "send")?.sig.output {
        ReturnType::Type(_, ty) => generic_argument(ty).and_then(|value| generic_argument(&value)),
        ReturnType::Default => None,
    }
}

/// `impl Client { ... }`, progenitor's inherent impl holding a method per operation.
pub fn is_client_impl(block: &syn::ItemImpl) -> bool {
    block.trait_.is_none() && last_ident(&block.self_ty).as_deref() == Some("Client")
}

/// `X` of a client method `fn name(&self) -> builder::X<'_>`.
pub fn returned_builder(method: &syn::ImplItemFn) -> Option<String> {
    let ReturnType::Type(_, ty) = &method.sig.output else {
        return None;
    };
    let Type::Path(path) = &**ty else {
        return None;
    };
    let segments = &path.path.segments;
    (segments.len() == 2 && segments[0].ident == "builder").then(|| segments[1].ident.to_string())
}

/// Each method of `impl Client` that returns an operation's builder: method → builder
/// (`list_holidays` → `ListHolidays`).
pub fn client_methods(file: &syn::File) -> std::collections::BTreeMap<String, String> {
    file.items
        .iter()
        .filter_map(|item| match item {
            Item::Impl(block) if is_client_impl(block) => Some(&block.items),
            _ => None,
        })
        .flatten()
        .filter_map(|item| match item {
            syn::ImplItem::Fn(method) => {
                Some((method.sig.ident.to_string(), returned_builder(method)?))
            }
            _ => None,
        })
        .collect()
}

pub fn items_field(types: &[Item], page: &str) -> Option<Type> {
    types.iter().find_map(|item| match item {
        Item::Struct(s) if s.ident == page => s
            .fields
            .iter()
            .find(|f| f.ident.as_ref().is_some_and(|i| i == "items"))
            .map(|f| f.ty.clone()),
        _ => None,
    })
}

pub fn last_ident(ty: &Type) -> Option<String> {
    match ty {
        Type::Path(path) => path.path.segments.last().map(|s| s.ident.to_string()),
        _ => None,
    }
}

/// The first generic argument of a path type: `T` in `Result<T, E>` or `Option<T>`.
pub fn generic_argument(ty: &Type) -> Option<Type> {
    let Type::Path(path) = ty else { return None };
    let PathArguments::AngleBracketed(args) = &path.path.segments.last()?.arguments else {
        return None;
    };
    args.args.iter().find_map(|arg| match arg {
        GenericArgument::Type(t) => Some(t.clone()),
        _ => None,
    })
}

/// `T` for `wrapper<T>`, else the type itself.
pub fn peel(ty: Type, wrapper: &str) -> Type {
    match last_ident(&ty) {
        Some(name) if name == wrapper => generic_argument(&ty).unwrap_or(ty),
        _ => ty,
    }
}

/// A type named inside `mod types` is referred to from the crate root as `types::Name`.
pub fn qualify(ty: Type, types: &[Item]) -> Type {
    let Type::Path(path) = &ty else { return ty };
    let defined_in_types = path.qself.is_none()
        && path.path.leading_colon.is_none()
        && path.path.segments.len() == 1
        && types.iter().any(|item| match item {
            Item::Struct(s) => s.ident == path.path.segments[0].ident,
            Item::Enum(e) => e.ident == path.path.segments[0].ident,
            Item::Type(t) => t.ident == path.path.segments[0].ident,
            _ => false,
        });
    if defined_in_types {
        let name = &path.path.segments[0];
        syn::parse_quote!(types::#name)
    } else {
        ty
    }
}
