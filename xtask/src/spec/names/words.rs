//! Words of identifiers as the vendor spells them (`listCDRs`, `night_mode_forward_rule`,
//! `getIMServerToken`), and the PascalCase names made of them.

/// A word, kept as the vendor spelled it; compared and joined case-insensitively.
pub type Word = String;

/// Splits snake case, kebab case, camel case and acronyms into words: `getIMServerToken` is
/// `get IM Server Token`, `listCDRs` is `list CDRs`, `Microsoft365` one word, `e164` one word.
pub fn split(text: &str) -> Vec<Word> {
    let mut words = Vec::new();
    for chunk in text.split(|c: char| !c.is_ascii_alphanumeric()) {
        let chars: Vec<char> = chunk.chars().collect();
        let mut start = 0;
        for at in 1..chars.len() {
            let (before, here) = (chars[at - 1], chars[at]);
            let next = chars.get(at + 1).copied();
            let lower_to_upper = (before.is_ascii_lowercase() || before.is_ascii_digit())
                && here.is_ascii_uppercase();
            // `IMServer`: the last capital of a run starts the next word, unless what follows
            // is a plural `s` closing the acronym (`CDRs`).
            let acronym_end = before.is_ascii_uppercase()
                && here.is_ascii_uppercase()
                && next.is_some_and(|c| c.is_ascii_lowercase())
                && !(next == Some('s')
                    && chars.get(at + 2).is_none_or(|c| !c.is_ascii_lowercase()));
            if lower_to_upper || acronym_end {
                words.push(chars[start..at].iter().collect());
                start = at;
            }
        }
        if start < chars.len() {
            words.push(chars[start..].iter().collect());
        }
    }
    words
}

/// `CDRs` → `Cdrs`, `queue` → `Queue`: Rust's casing of a word, acronyms included.
pub fn capitalize(word: &str) -> String {
    let mut chars = word.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_ascii_uppercase().to_string() + &chars.as_str().to_ascii_lowercase()
    })
}

pub fn pascal(words: &[Word]) -> String {
    words.iter().map(|word| capitalize(word)).collect()
}

/// Words that end in `s` without being plural.
const NOT_PLURAL: &[&str] = &[
    "sms",
    "status",
    "analytics",
    "address",
    "alias",
    "bonus",
    "class",
    "access",
    "process",
    "success",
    "dns",
    "https",
    "details",
    "news",
];

pub fn is_plural(word: &str) -> bool {
    let lower = word.to_ascii_lowercase();
    lower.len() > 2
        && lower.ends_with('s')
        && !lower.ends_with("ss")
        && !lower.ends_with("us")
        && !lower.ends_with("is")
        && !NOT_PLURAL.contains(&lower.as_str())
}

/// The singular of a plural word; other words as they are.
pub fn singular(word: &str) -> Word {
    if !is_plural(word) {
        return word.to_owned();
    }
    let lower = word.to_ascii_lowercase();
    let cut = if lower.ends_with("ies") {
        return format!("{}y", &word[..word.len() - 3]);
    } else if ["ches", "shes", "xes", "sses", "zes"]
        .iter()
        .any(|ending| lower.ends_with(ending))
    {
        2
    } else {
        1
    };
    word[..word.len() - cut].to_owned()
}

/// The words of `phrase` with its last word singular: `ForwardRules` → `ForwardRule`.
pub fn singular_phrase(phrase: &[Word]) -> Vec<Word> {
    let mut phrase = phrase.to_vec();
    if let Some(last) = phrase.last_mut() {
        *last = singular(last);
    }
    phrase
}

pub fn same_word(a: &str, b: &str) -> bool {
    a.eq_ignore_ascii_case(b)
}

/// `outer` then `inner`, without repeating the words where `outer` ends as `inner` begins:
/// `Queue` + `QueueStatus` is `QueueStatus`, `CallQueue` + `QueueAgent` is `CallQueueAgent`.
pub fn join(outer: &[Word], inner: &[Word]) -> Vec<Word> {
    let overlap = (1..=outer.len().min(inner.len()))
        .rev()
        .find(|&n| {
            outer[outer.len() - n..]
                .iter()
                .zip(&inner[..n])
                .all(|(a, b)| same_word(a, b))
        })
        .unwrap_or(0);
    outer.iter().chain(&inner[overlap..]).cloned().collect()
}

/// The longest run of words that every phrase ends with.
pub fn common_suffix<'a>(mut phrases: impl Iterator<Item = &'a [Word]>) -> Vec<Word> {
    let Some(first) = phrases.next() else {
        return Vec::new();
    };
    let mut length = first.len();
    for phrase in phrases {
        length = first[first.len() - length..]
            .iter()
            .rev()
            .zip(phrase.iter().rev())
            .take_while(|(a, b)| same_word(a, b))
            .count();
    }
    first[first.len() - length..].to_vec()
}

/// The longest run of words that more than half of the phrases end with, and that says more
/// than `generic` allows: what most sites call a shape their resources share.
pub fn majority_suffix<'a>(
    phrases: impl Iterator<Item = &'a [Word]> + Clone,
    generic: impl Fn(&[Word]) -> bool,
) -> Vec<Word> {
    let count = phrases.clone().count();
    let mut best: Vec<Word> = Vec::new();
    for phrase in phrases.clone() {
        for start in 0..phrase.len() {
            let suffix = &phrase[start..];
            if suffix.len() <= best.len() || generic(suffix) {
                continue;
            }
            let sharing = phrases
                .clone()
                .filter(|other| ends_with(other, suffix))
                .count();
            if sharing * 2 > count {
                best = suffix.to_vec();
            }
        }
    }
    best
}

fn ends_with(phrase: &[Word], suffix: &[Word]) -> bool {
    phrase.len() >= suffix.len()
        && phrase[phrase.len() - suffix.len()..]
            .iter()
            .zip(suffix)
            .all(|(a, b)| same_word(a, b))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<String> {
        split(text)
    }

    #[test]
    fn identifiers_split_into_words() {
        assert_eq!(words("getIMServerToken"), ["get", "IM", "Server", "Token"]);
        assert_eq!(words("listCDRs"), ["list", "CDRs"]);
        assert_eq!(
            words("night_mode_forward_rule"),
            ["night", "mode", "forward", "rule"]
        );
        assert_eq!(words("listSpeedDial100"), ["list", "Speed", "Dial100"]);
        assert_eq!(words("e164"), ["e164"]);
        assert_eq!(
            words("getTenantMicrosoft365Details"),
            ["get", "Tenant", "Microsoft365", "Details"]
        );
        assert_eq!(words("sendOTP"), ["send", "OTP"]);
        assert_eq!(words("x-Custom-header"), ["x", "Custom", "header"]);
    }

    #[test]
    fn an_acronym_ends_before_a_word_or_after_its_plural_s() {
        assert_eq!(words("setDNDOn"), ["set", "DND", "On"]);
        assert_eq!(words("getIDsCount"), ["get", "IDs", "Count"]);
        assert_eq!(words("getCDRsCount"), ["get", "CDRs", "Count"]);
    }

    #[test]
    fn separators_at_the_ends_or_doubled_make_no_empty_words() {
        assert_eq!(words("_night__mode_"), ["night", "mode"]);
    }

    #[test]
    fn names_are_pascal_case_with_acronyms_as_words() {
        assert_eq!(pascal(&words("getIMServerToken")), "GetImServerToken");
        assert_eq!(pascal(&words("listCDRs")), "ListCdrs");
    }

    #[test]
    fn plurals_become_singular() {
        assert_eq!(singular("Queues"), "Queue");
        assert_eq!(singular("policies"), "policy");
        assert_eq!(singular("CDRs"), "CDR");
        assert_eq!(singular("Sms"), "Sms");
        assert_eq!(singular("Status"), "Status");
        assert_eq!(singular("addresses"), "address");
        assert_eq!(singular("WhatsApp"), "WhatsApp");
        assert_eq!(singular("ms"), "ms");
    }

    #[test]
    fn joins_do_not_stutter() {
        let joined = join(&words("Queue"), &words("QueueStatus"));
        assert_eq!(pascal(&joined), "QueueStatus");
        assert_eq!(
            pascal(&join(&words("CallQueue"), &words("QueueAgent"))),
            "CallQueueAgent"
        );
        assert_eq!(
            pascal(&join(&words("Queue"), &words("Status"))),
            "QueueStatus"
        );
    }

    #[test]
    fn common_suffixes_are_whole_words() {
        let phrases = [words("NightModeForwardRule"), words("NoAnswerForwardRule")];
        let common = common_suffix(phrases.iter().map(Vec::as_slice));
        assert_eq!(pascal(&common), "ForwardRule");
        let disjoint = [words("Queue"), words("Group")];
        assert!(common_suffix(disjoint.iter().map(Vec::as_slice)).is_empty());
    }

    #[test]
    fn majority_suffixes_are_what_most_phrases_end_with() {
        let phrases = [
            words("CallParkGroupMember"),
            words("UserGroupMember"),
            words("MonitorGroupManager"),
            words("MonitorGroupMember"),
        ];
        let never_generic = |_: &[Word]| false;
        let majority = majority_suffix(phrases.iter().map(Vec::as_slice), never_generic);
        assert_eq!(pascal(&majority), "GroupMember");
        let split_evenly = [words("Queue"), words("Group")];
        assert!(majority_suffix(split_evenly.iter().map(Vec::as_slice), never_generic).is_empty());
        let generic = |suffix: &[Word]| suffix.len() == 1;
        let phrases = [
            words("QueueStatus"),
            words("ServerStatus"),
            words("VrServerStatus"),
        ];
        let majority = majority_suffix(phrases.iter().map(Vec::as_slice), generic);
        assert_eq!(pascal(&majority), "ServerStatus");
    }
}
