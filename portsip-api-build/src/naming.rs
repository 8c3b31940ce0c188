//! Rust names for spec names, computed exactly the way progenitor and typify compute them, so the
//! build stage can refer to the types and builders they emit, and choose names of its own that
//! are valid, readable and unique.
//!
//! typify keys type replacements by its own rendering of the component name, so a name computed
//! differently here would silently leave typify's closed enum in place of ours: these functions
//! mirror `typify_impl::util::sanitize` and `progenitor_impl::util::sanitize` character for
//! character (both are crate-private upstream).

use heck::{ToPascalCase, ToSnakeCase};
use unicode_ident::{is_xid_continue, is_xid_start};

/// The type name typify gives a component (`Tenant_role` → `TenantRole`, `3d` → `X3d`, `Self` →
/// `Self_`).
pub fn type_name(name: &str) -> String {
    sanitize(name, str::to_pascal_case, "X")
}

/// The builder and type-name stem progenitor derives from an operation id (`sendOTP` →
/// `SendOtp`, `3d` → `_3d`).
pub fn operation_name(operation_id: &str) -> String {
    sanitize(operation_id, str::to_pascal_case, "_")
}

/// The snake-case operation id progenitor passes to the client's hooks in `OperationInfo`
/// (`sendOTP` → `send_otp`).
pub fn hook_operation_id(operation_id: &str) -> String {
    sanitize(operation_id, str::to_snake_case, "_")
}

/// The struct field typify makes of a property name (`type` → `type_`, `1st` → `x1st`,
/// `a-b` → `a_b`).
pub fn field_name(property: &str) -> String {
    sanitize(property, str::to_snake_case, "x")
}

/// The first of `name` and its `numbered` spellings that `free` accepts. Each of the `in_use`
/// names rules out at most one candidate, so that many numbered ones are enough, and a broken
/// `free` fails here instead of searching forever.
pub fn first_free(
    name: String,
    numbered: impl Iterator<Item = String>,
    in_use: usize,
    free: impl FnMut(&String) -> bool,
) -> String {
    std::iter::once(name)
        .chain(numbered.take(in_use))
        .find(free)
        .expect("fewer names are in use than there are candidates")
}

fn sanitize(input: &str, case: fn(&str) -> String, prefix: &str) -> String {
    let out = match input {
        "+1" => "plus1".to_string(),
        "-1" => "minus1".to_string(),
        _ => case(
            &input
                .replace('\'', "")
                .replace(|c: char| !is_xid_continue(c), "-"),
        ),
    };
    let out = match out.chars().next() {
        None => case("x"),
        Some(c) if is_xid_start(c) => out,
        Some(_) => format!("{prefix}{out}"),
    };
    if is_reserved(&out) {
        format!("{out}_")
    } else {
        out
    }
}

/// Words that cannot be an identifier (typify's list: the strict, reserved and weak keywords).
pub fn is_reserved(ident: &str) -> bool {
    matches!(
        ident,
        "_" | "abstract"
            | "as"
            | "async"
            | "await"
            | "become"
            | "box"
            | "break"
            | "const"
            | "continue"
            | "crate"
            | "do"
            | "dyn"
            | "else"
            | "enum"
            | "extern"
            | "false"
            | "final"
            | "fn"
            | "for"
            | "gen"
            | "if"
            | "impl"
            | "in"
            | "let"
            | "loop"
            | "macro"
            | "match"
            | "mod"
            | "move"
            | "mut"
            | "override"
            | "priv"
            | "pub"
            | "ref"
            | "return"
            | "Self"
            | "self"
            | "static"
            | "struct"
            | "super"
            | "trait"
            | "true"
            | "try"
            | "type"
            | "typeof"
            | "unsafe"
            | "unsized"
            | "use"
            | "virtual"
            | "where"
            | "while"
            | "yield"
    )
}

/// `text` with every non-ASCII character spelled as its code point (`é` → `-u00e9-`), so names
/// derived from it are ASCII: the client's identifiers stay typeable, and rustc's
/// confusable-character lints have nothing to say about them.
pub fn ascii_words(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii() {
            out.push(c);
        } else {
            out.push_str(&format!("-u{:04x}-", u32::from(c)));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn component_names_become_typify_type_names() {
        assert_eq!(type_name("listHolidays"), "ListHolidays");
        assert_eq!(type_name("WeekdaySchedule"), "WeekdaySchedule");
        assert_eq!(type_name("custom-header.v2"), "CustomHeaderV2");
        assert_eq!(type_name("Tenant_role"), "TenantRole");
        assert_eq!(type_name("3d"), "X3d");
        assert_eq!(type_name("Self"), "Self_");
        assert_eq!(type_name(""), "X");
    }

    #[test]
    fn operation_ids_become_progenitor_builder_names() {
        assert_eq!(operation_name("sendOTP"), "SendOtp");
        assert_eq!(operation_name("3d"), "_3d");
    }

    #[test]
    fn operation_ids_become_progenitor_hook_operation_ids() {
        assert_eq!(hook_operation_id("sendOTP"), "send_otp");
        assert_eq!(
            hook_operation_id("createCallSessionDirectly"),
            "create_call_session_directly"
        );
        assert_eq!(hook_operation_id("3d"), "_3d");
    }

    #[test]
    fn the_first_free_name_is_the_name_or_its_first_free_number() {
        let used = ["Mode", "Mode2", "Mode3"].map(String::from);
        let numbered = || (2..).map(|n| format!("Mode{n}"));
        let free = |name: &String| !used.contains(name);
        assert_eq!(
            first_free("Mode".into(), numbered(), used.len(), free),
            "Mode4"
        );
        assert_eq!(
            first_free("Level".into(), numbered(), used.len(), free),
            "Level"
        );
    }

    #[test]
    fn property_names_become_typify_field_names() {
        assert_eq!(field_name("type"), "type_");
        assert_eq!(field_name("Self"), "self_");
        assert_eq!(field_name("1st"), "x1st");
        assert_eq!(field_name("a-b"), field_name("A_B"));
        assert_eq!(field_name(""), "x");
        assert_eq!(field_name("+1"), "plus1");
        assert_eq!(field_name("-1"), "minus1");
        assert_eq!(field_name("größe"), "größe");
    }

    #[test]
    fn non_ascii_is_spelled_out() {
        assert_eq!(field_name(&ascii_words("größe")), "gr_u00f6_u00df_e");
        assert_eq!(type_name(&ascii_words("日")), "U65e5");
    }
}
