use serde_json::Value;

use super::Rule;
use crate::lint::diagnostic::{Findings, Severity};
use crate::lint::document::{Document, join};

/// operationIds in one consistent lowerCamelCase, acronyms as words (`sendOtp`, not
/// `sendOTP`), so generated method names convert predictably (`send_otp`).
pub struct OperationIdStyle;

fn is_lower_camel_case(id: &str) -> bool {
    let mut chars = id.chars();
    let starts_lower = chars.next().is_some_and(|c| c.is_ascii_lowercase());
    let alphanumeric = id.chars().all(|c| c.is_ascii_alphanumeric());
    let no_capital_runs = !id
        .as_bytes()
        .windows(2)
        .any(|w| w[0].is_ascii_uppercase() && w[1].is_ascii_uppercase());
    starts_lower && alphanumeric && no_capital_runs
}

/// `sendOTP` → `sendOtp`, `getSBCConfiguration` → `getSbcConfiguration` (an acronym is one
/// word, ending where a capitalised word starts), `listCDRs` → `listCdrs` (a plural `s` stays
/// with its acronym), `get_user_info` → `getUserInfo`, `ListHolidays` → `listHolidays`.
fn to_lower_camel_case(id: &str) -> String {
    let chars: Vec<char> = id.chars().collect();
    let mut words: Vec<String> = Vec::new();
    let mut previous: Option<char> = None;
    for (index, &c) in chars.iter().enumerate() {
        if !c.is_ascii_alphanumeric() {
            previous = None;
            continue;
        }
        let next = chars.get(index + 1).copied();
        let after_next = chars.get(index + 2).copied();
        let plural_s = next == Some('s') && after_next.is_none_or(|a| !a.is_ascii_lowercase());
        let starts_word_after_acronym =
            c.is_ascii_uppercase() && next.is_some_and(|n| n.is_ascii_lowercase()) && !plural_s;
        let boundary = match previous {
            None => true,
            Some(p) if c.is_ascii_uppercase() && !p.is_ascii_uppercase() => true,
            // A capital after a single one (`LOgs`) is a slip of the shift key, not an acronym.
            Some(p) => {
                let run_before = index >= 2 && chars[index - 2].is_ascii_uppercase();
                p.is_ascii_uppercase() && run_before && starts_word_after_acronym
            }
        };
        if boundary {
            words.push(String::new());
        }
        words
            .last_mut()
            .expect("a word was started")
            .push(c.to_ascii_lowercase());
        previous = Some(c);
    }
    words
        .iter()
        .enumerate()
        .map(|(index, word)| {
            let mut chars = word.chars();
            match chars.next() {
                Some(first) if index > 0 => first.to_ascii_uppercase().to_string() + chars.as_str(),
                _ => word.clone(),
            }
        })
        .collect()
}

impl Rule for OperationIdStyle {
    fn id(&self) -> &'static str {
        "operation-id-style"
    }

    fn default_severity(&self) -> Severity {
        Severity::Warning
    }

    fn description(&self) -> &'static str {
        "operationIds are lowerCamelCase with acronyms written as words (`sendOtp`)"
    }

    fn check(&self, document: &Document, findings: &mut Findings) {
        for operation in document.operations() {
            let Some(id) = operation
                .operation
                .get("operationId")
                .and_then(Value::as_str)
            else {
                continue;
            };
            if !is_lower_camel_case(id) {
                findings.report(
                    join(&operation.pointer, "operationId"),
                    format!(
                        "operationId `{id}` of `{}` is not lowerCamelCase",
                        operation.route()
                    ),
                    format!("rename it `{}`", to_lower_camel_case(id)),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::lint::rules::testing::{run, with_paths};

    fn with_id(id: &str) -> serde_json::Value {
        with_paths(
            json!({"/a": {"get": {"operationId": id, "responses": {"200": {"description": "OK"}}}}}),
        )
    }

    #[test]
    fn fires_on_acronyms_snake_case_and_capitals_with_a_fix() {
        for (id, fix) in [
            ("sendOTP", "sendOtp"),
            ("getSBCConfiguration", "getSbcConfiguration"),
            ("listCDRs", "listCdrs"),
            ("listUserCDRs", "listUserCdrs"),
            ("retrieveCDR", "retrieveCdr"),
            ("DeleteDectPhone", "deleteDectPhone"),
            ("listCallLOgs", "listCallLogs"),
            ("getIMServerToken", "getImServerToken"),
            ("get_user_info", "getUserInfo"),
            ("ListHolidays", "listHolidays"),
            ("setDNDOn", "setDndOn"),
            ("getCDRsCount", "getCdrsCount"),
        ] {
            let findings = run(&OperationIdStyle, with_id(id));
            assert_eq!(findings.len(), 1, "{id}");
            assert_eq!(findings[0].help, format!("rename it `{fix}`"));
        }
    }

    #[test]
    fn silent_on_lower_camel_case() {
        for id in [
            "login",
            "showHoliday",
            "signInWithCredentials",
            "getV2Status",
        ] {
            assert!(run(&OperationIdStyle, with_id(id)).is_empty(), "{id}");
        }
    }
}
