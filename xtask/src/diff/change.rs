//! One change between two specs, whether it breaks users of the crate, and the release it calls
//! for.

use serde::Serialize;

/// Where a change shows: on the wire, or in the Rust crate users import.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Scope {
    Api,
    Crate,
}

/// What kind of change, for grouping and for the changelog's sections.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Added,
    Changed,
    Removed,
}

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Change {
    /// The API resource (the operation's tag), or `types` for the crate's data types.
    pub resource: String,
    pub scope: Scope,
    /// Where: `GET /queues/{}` and a place inside it, a schema, or a Rust path.
    pub at: String,
    pub kind: Kind,
    /// What changed, as a sentence fragment: "field `name` removed".
    pub what: String,
    pub breaking: bool,
    /// The rule that decided `breaking`, named so the report explains itself.
    pub rule: &'static str,
}

/// The release a set of changes calls for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Release {
    None,
    Patch,
    Minor,
    Major,
}

impl Release {
    /// Major if anything breaks; minor if something was added; patch for any other change.
    pub fn for_changes(changes: &[Change]) -> Self {
        if changes.iter().any(|change| change.breaking) {
            Release::Major
        } else if changes.iter().any(|change| change.kind == Kind::Added) {
            Release::Minor
        } else if changes.is_empty() {
            Release::None
        } else {
            Release::Patch
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Release::None => "none",
            Release::Patch => "patch",
            Release::Minor => "minor",
            Release::Major => "major",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn change(kind: Kind, breaking: bool) -> Change {
        Change {
            scope: Scope::Api,
            resource: "r".into(),
            at: "GET /r".into(),
            kind,
            what: "x".into(),
            breaking,
            rule: "test",
        }
    }

    #[test]
    fn the_release_follows_the_weightiest_change() {
        assert_eq!(Release::for_changes(&[]), Release::None);
        assert_eq!(
            Release::for_changes(&[change(Kind::Changed, false)]),
            Release::Patch
        );
        assert_eq!(
            Release::for_changes(&[change(Kind::Changed, false), change(Kind::Added, false)]),
            Release::Minor
        );
        assert_eq!(
            Release::for_changes(&[change(Kind::Added, false), change(Kind::Removed, true)]),
            Release::Major
        );
    }
}
