//! Rust names for spec names, computed the way progenitor and typify compute them, so the
//! build stage can refer to the types and builders they emit.

use heck::ToPascalCase;

/// The `PascalCase` identifier progenitor and typify derive from a spec name (`sendOTP` →
/// `SendOtp`, `custom-header` → `CustomHeader`).
pub fn pascal(name: &str) -> String {
    let cleaned: String = name
        .replace('\'', "")
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect();
    let out = cleaned.to_pascal_case();
    match out.chars().next() {
        None => "X".to_string(),
        Some(c) if c.is_ascii_digit() => format!("_{out}"),
        Some(_) => out,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operation_ids_and_component_names_become_pascal_case() {
        assert_eq!(pascal("sendOTP"), "SendOtp");
        assert_eq!(pascal("listHolidays"), "ListHolidays");
        assert_eq!(pascal("WeekdaySchedule"), "WeekdaySchedule");
        assert_eq!(pascal("custom-header.v2"), "CustomHeaderV2");
        assert_eq!(pascal("3d"), "_3d");
    }
}
