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

#[cfg(test)]
mod tests {
    use quote::ToTokens;

    use super::*;

    fn text(ty: &Type) -> String {
        ty.to_token_stream().to_string()
    }

    fn file() -> syn::File {
        syn::parse_quote! {
            impl Client {
                pub fn list_things(&self) -> builder::ListThings<'_> { todo!() }
                pub fn baseurl(&self) -> &String { todo!() }
                pub fn nested(&self) -> other::builder::Thing { todo!() }
                pub fn inner(&self) -> other::Inner { todo!() }
            }
            impl Other {
                pub fn show_other(&self) -> builder::ShowOther<'_> { todo!() }
            }
            impl Clone for Client {
                fn clone_thing(&self) -> builder::CloneThing<'_> { todo!() }
            }
            pub mod types {
                pub struct ThingList { pub count: i64, pub items: Vec<Thing> }
                pub struct Thing { pub id: String }
                pub enum Mode { On }
                pub type Alias = String;
            }
            pub mod builder {
                impl<'a> ListThings<'a> {
                    pub async fn send(self) -> Result<ResponseValue<types::ThingList>, Error<()>> { todo!() }
                    pub fn top(self) -> Self { todo!() }
                }
                impl Clone for ListThings<'_> {
                    fn top(&self) -> Self { todo!() }
                }
                impl<'a> ShowThing<'a> {
                    pub fn top(self) -> Self { todo!() }
                    pub fn send(self) { todo!() }
                }
            }
        }
    }

    #[test]
    fn client_methods_are_those_of_the_inherent_client_impl_that_return_a_builder() {
        let methods = client_methods(&file());
        assert_eq!(
            methods.into_iter().collect::<Vec<_>>(),
            [("list_things".to_owned(), "ListThings".to_owned())]
        );
    }

    #[test]
    fn builder_methods_come_from_the_builder_own_impl() {
        let file = file();
        let builders = module(&file, "builder").unwrap();
        let top = builder_method(builders, "ListThings", "top").unwrap();
        assert_eq!(top.sig.inputs.to_token_stream().to_string(), "self");
        assert!(builder_method(builders, "ListThings", "missing").is_none());
        assert!(builder_method(builders, "Missing", "top").is_none());
        let success = send_success_type(builders, "ListThings").unwrap();
        assert_eq!(text(&success), "types :: ThingList");
        assert!(send_success_type(builders, "ShowThing").is_none());
        assert!(module(&file, "missing").is_none());
    }

    #[test]
    fn page_items_and_type_arguments_are_read_from_the_types() {
        let file = file();
        let types = module(&file, "types").unwrap();
        let items = items_field(types, "ThingList").unwrap();
        assert_eq!(text(&items), "Vec < Thing >");
        assert!(items_field(types, "Thing").is_none());
        assert_eq!(text(&peel(items.clone(), "Vec")), "Thing");
        assert_eq!(text(&peel(items.clone(), "Option")), "Vec < Thing >");
        let reference: Type = syn::parse_quote!(&'a Thing);
        assert_eq!(last_ident(&reference), None);
        assert!(generic_argument(&reference).is_none());
        let lifetime_only: Type = syn::parse_quote!(Cow<'a, str>);
        assert_eq!(text(&generic_argument(&lifetime_only).unwrap()), "str");
        let bare: Type = syn::parse_quote!(Thing);
        assert!(generic_argument(&bare).is_none());
    }

    #[test]
    fn only_types_defined_in_the_types_module_are_qualified() {
        let file = file();
        let types = module(&file, "types").unwrap();
        for (name, qualified) in [
            ("Thing", "types :: Thing"),
            ("Mode", "types :: Mode"),
            ("Alias", "types :: Alias"),
            ("String", "String"),
            ("crate :: Thing", "crate :: Thing"),
            (":: Thing", ":: Thing"),
            ("< Thing as Trait > :: Thing", "< Thing as Trait > :: Thing"),
        ] {
            let ty: Type = syn::parse_str(name).unwrap();
            assert_eq!(text(&qualify(ty, types)), qualified, "{name}");
        }
        let tuple: Type = syn::parse_quote!((Thing, Mode));
        assert_eq!(text(&qualify(tuple, types)), "(Thing , Mode)");
    }
}
