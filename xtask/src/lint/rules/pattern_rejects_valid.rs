use super::Rule;
use super::pattern_syntax::{accepts, patterns};
use crate::lint::diagnostic::{Findings, Severity};
use crate::lint::document::Document;

/// A field's `pattern` must accept the values its kind obviously allows: a URL field that
/// rejects a plain URL (because the pattern was copied from a username) makes validating
/// clients refuse correct input.
pub struct PatternRejectsValid;

/// What a field holds, known from its `format` or, failing that, its name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Url,
    Email,
    DateTime,
    Date,
    Uuid,
    Ipv4,
    Ipv6,
    Hostname,
}

impl Kind {
    fn from_format(format: &str) -> Option<Kind> {
        Some(match format {
            "uri" | "url" | "iri" => Kind::Url,
            "email" | "idn-email" => Kind::Email,
            "date-time" => Kind::DateTime,
            "date" => Kind::Date,
            "uuid" => Kind::Uuid,
            "ipv4" => Kind::Ipv4,
            "ipv6" => Kind::Ipv6,
            "hostname" | "idn-hostname" => Kind::Hostname,
            _ => return None,
        })
    }

    /// `callback_url`, `website`, `notifyEmail`, `private_ipv4`...
    fn from_field_name(name: &str) -> Option<Kind> {
        let words = words(name);
        let last = words.last()?.as_str();
        let has = |word: &str| words.iter().any(|w| w == word);
        Some(match last {
            "url" | "uri" | "urls" | "uris" | "website" | "homepage" => Kind::Url,
            _ if has("email") => Kind::Email,
            _ if has("ipv4") => Kind::Ipv4,
            _ if has("ipv6") => Kind::Ipv6,
            _ if has("uuid") => Kind::Uuid,
            "hostname" => Kind::Hostname,
            _ => return None,
        })
    }

    fn noun(self) -> &'static str {
        match self {
            Kind::Url => "a URL",
            Kind::Email => "an email address",
            Kind::DateTime => "an RFC 3339 date-time",
            Kind::Date => "an RFC 3339 date",
            Kind::Uuid => "a UUID",
            Kind::Ipv4 => "an IPv4 address",
            Kind::Ipv6 => "an IPv6 address",
            Kind::Hostname => "a host name",
        }
    }

    /// Characters a pattern written for this kind of value mentions.
    fn punctuation(self) -> &'static [char] {
        match self {
            Kind::Url => &['/', ':'],
            Kind::Email => &['@'],
            Kind::DateTime => &['-', ':'],
            Kind::Date | Kind::Uuid => &['-'],
            Kind::Ipv4 | Kind::Hostname => &['.'],
            Kind::Ipv6 => &[':'],
        }
    }

    /// Ordinary values every field of this kind must accept, the plainest first.
    fn samples(self) -> &'static [&'static str] {
        match self {
            Kind::Url => &[
                "https://example.com",
                "https://example.com/path/to/page?query=1",
                "http://192.168.1.10:8080/cdr",
                "https://pbx.example.com:8887/api/events",
            ],
            Kind::Email => &["alice@example.com", "first.last+tag@mail.example.co.uk"],
            Kind::DateTime => &["2024-01-31T23:59:59Z", "2024-01-31T23:59:59.250+08:00"],
            Kind::Date => &["2024-01-31"],
            Kind::Uuid => &["123e4567-e89b-12d3-a456-426614174000"],
            Kind::Ipv4 => &["192.168.1.10", "8.8.8.8"],
            Kind::Ipv6 => &["2001:db8::1", "fe80::1ff:fe23:4567:890a"],
            Kind::Hostname => &["pbx.example.com", "localhost"],
        }
    }
}

/// Lower-case words of a snake_case, kebab-case or camelCase name.
fn words(name: &str) -> Vec<String> {
    let mut words: Vec<String> = Vec::new();
    let mut previous_lower = false;
    for c in name.chars() {
        if !c.is_ascii_alphanumeric() {
            words.push(String::new());
            previous_lower = false;
            continue;
        }
        if (c.is_ascii_uppercase() && previous_lower) || words.is_empty() {
            words.push(String::new());
        }
        previous_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
        if let Some(word) = words.last_mut() {
            word.push(c.to_ascii_lowercase());
        }
    }
    words.retain(|w| !w.is_empty());
    words
}

impl Rule for PatternRejectsValid {
    fn id(&self) -> &'static str {
        "pattern-rejects-valid"
    }

    fn default_severity(&self) -> Severity {
        Severity::Error
    }

    fn description(&self) -> &'static str {
        "a URL, email, date, UUID or address field's `pattern` accepts ordinary values of that kind"
    }

    fn check(&self, document: &Document, findings: &mut Findings) {
        for site in document.schemas() {
            let constraints = document.constraints(site.pointer, site.schema);
            let patterns = patterns(&constraints);
            if patterns.is_empty() {
                continue;
            }
            let format = constraints
                .first("format")
                .and_then(|(_, f)| f.as_str().map(str::to_owned));
            // Named after the format when there is one, so every field sharing the schema
            // reports the same finding once.
            let (kind, what, from_name) =
                match (format.as_deref().and_then(Kind::from_format), site.field) {
                    (Some(kind), _) => (
                        kind,
                        format!("a field of format `{}`", format.unwrap_or_default()),
                        false,
                    ),
                    (None, Some(field)) => match Kind::from_field_name(field) {
                        Some(kind) => (kind, format!("field `{field}`"), true),
                        None => continue,
                    },
                    (None, None) => continue,
                };
            let min = constraints.bound("minLength", true).map_or(0.0, |(_, n)| n);
            let max = constraints
                .bound("maxLength", false)
                .map_or(f64::INFINITY, |(_, n)| n);
            let fits = |sample: &str| (min..=max).contains(&(sample.chars().count() as f64));
            for (pointer, pattern) in patterns {
                // A format promises every value of its kind. A name is a weaker promise: a
                // `*_url` field may deliberately take only some URLs, and a pattern written
                // for URLs mentions their punctuation. So a name alone flags a pattern that
                // rejects the plainest value, or one written for something else entirely.
                let written_for_kind = pattern.contains(kind.punctuation());
                let samples = match (from_name && written_for_kind, kind.samples()) {
                    (true, [plainest, ..]) => std::slice::from_ref(plainest),
                    (_, all) => all,
                };
                let rejected = samples
                    .iter()
                    .copied()
                    .filter(|s| fits(s))
                    .find(|s| accepts(pattern, s) == Some(false));
                if let Some(sample) = rejected {
                    findings.report(
                        pointer,
                        format!(
                            "pattern `{pattern}` rejects `{sample}`, {} that {what} must accept",
                            kind.noun()
                        ),
                        fix_for(kind),
                    );
                }
            }
        }
    }
}

fn fix_for(kind: Kind) -> String {
    let format = match kind {
        Kind::Url => "uri",
        Kind::Email => "email",
        Kind::DateTime => "date-time",
        Kind::Date => "date",
        Kind::Uuid => "uuid",
        Kind::Ipv4 => "ipv4",
        Kind::Ipv6 => "ipv6",
        Kind::Hostname => "hostname",
    };
    format!(
        "remove the pattern (it looks copied from another field) and use `\"format\": \"{format}\"`"
    )
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::lint::rules::testing::{pointers, run, with_component};

    #[test]
    fn formats_and_field_names_tell_the_kind() {
        use Kind::*;
        for (format, kind) in [
            ("uri", Url),
            ("url", Url),
            ("iri", Url),
            ("email", Email),
            ("idn-email", Email),
            ("date-time", DateTime),
            ("date", Date),
            ("uuid", Uuid),
            ("ipv4", Ipv4),
            ("ipv6", Ipv6),
            ("hostname", Hostname),
            ("idn-hostname", Hostname),
        ] {
            assert_eq!(Kind::from_format(format), Some(kind), "{format}");
        }
        assert_eq!(Kind::from_format("int32"), None);
        for (name, kind) in [
            ("callback_url", Url),
            ("homepage", Url),
            ("notifyEmail", Email),
            ("private_ipv4", Ipv4),
            ("ipv6_address", Ipv6),
            ("device_uuid", Uuid),
            ("hostname", Hostname),
        ] {
            assert_eq!(Kind::from_field_name(name), Some(kind), "{name}");
        }
        assert_eq!(Kind::from_field_name("username"), None);
    }

    #[test]
    fn fires_on_a_url_field_with_a_username_pattern() {
        let doc = with_component(json!({"type": "object", "properties": {
            "url": {"type": "string", "minLength": 1, "maxLength": 128, "pattern": "[a-z0-9]{6,64}"}
        }}));
        let findings = run(&PatternRejectsValid, doc);
        assert_eq!(findings.len(), 1);
        assert_eq!(
            findings[0].pointer,
            "/components/schemas/Thing/properties/url/pattern"
        );
        assert!(
            findings[0]
                .message
                .contains("`http://192.168.1.10:8080/cdr`, a URL that"),
            "{}",
            findings[0].message
        );
        assert_eq!(
            findings[0].help,
            "remove the pattern (it looks copied from another field) and use `\"format\": \"uri\"`"
        );
    }

    #[test]
    fn fires_on_an_anchored_pattern_rejecting_a_plain_https_url() {
        let doc = with_component(json!({"type": "object", "properties": {
            "callback_url": {"type": "string", "pattern": "^[a-z0-9]{6,64}$"},
            "webhook_url": {"type": "string", "pattern": "^http://"}
        }}));
        let findings = run(&PatternRejectsValid, doc);
        assert_eq!(findings.len(), 2);
        for finding in findings {
            assert!(
                finding.message.contains("`https://example.com`"),
                "{}",
                finding.message
            );
        }
    }

    #[test]
    fn fires_on_an_email_field_and_on_a_format_through_ref() {
        let mut doc = with_component(json!({"type": "object", "properties": {
            "notifyEmail": {"type": "string", "pattern": "^[0-9+]{3,20}$"},
            "home": {"$ref": "#/components/schemas/Link"}
        }}));
        doc["components"]["schemas"]["Link"] =
            json!({"type": "string", "format": "uri", "pattern": "^https://[a-z]+\\.org"});
        let mut found = pointers(&PatternRejectsValid, doc);
        found.sort();
        assert_eq!(
            found,
            [
                "/components/schemas/Link/pattern",
                "/components/schemas/Thing/properties/notifyEmail/pattern"
            ]
        );
    }

    #[test]
    fn silent_on_fitting_patterns_and_unrelated_fields() {
        let doc = with_component(json!({"type": "object", "properties": {
            "url": {"type": "string", "pattern": "^https?://\\S+$"},
            "email": {"type": "string", "pattern": "^[^@\\s]+@[^@\\s]+$"},
            "username": {"type": "string", "pattern": "^[a-z0-9]{6,64}$"},
            "id": {"type": "string", "format": "uuid", "pattern": "^[0-9a-f-]{36}$"},
            "short_url": {"type": "string", "maxLength": 8, "pattern": "^x"},
            "docs_url": {"type": "string", "pattern": "^https://[a-z.]+\\.com(/.*)?$"},
            "avatar_url": {"type": "string", "pattern": "^(/|https?://)"}
        }}));
        assert!(pointers(&PatternRejectsValid, doc).is_empty());
    }

    #[test]
    fn splits_names_into_words() {
        assert_eq!(words("notifyEmail"), ["notify", "email"]);
        assert_eq!(words("callback_url"), ["callback", "url"]);
        assert_eq!(words("private_ipv4"), ["private", "ipv4"]);
        assert_eq!(Kind::from_field_name("curl"), None);
        assert_eq!(Kind::from_field_name("avatar_url"), Some(Kind::Url));
    }
}
