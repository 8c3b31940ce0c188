//! JSON Pointer (RFC 6901) spelling. Looking a pointer up is `serde_json::Value::pointer`.

use std::borrow::Cow;
use std::fmt::Write as _;

/// One reference token, escaped: `~` as `~0`, `/` as `~1`.
pub fn escape(token: &str) -> String {
    let mut escaped = String::with_capacity(token.len());
    push_escaped(&mut escaped, token);
    escaped
}

/// `base` extended by one escaped token.
pub fn join(base: &str, token: &str) -> String {
    let mut joined = String::with_capacity(base.len() + 1 + token.len());
    joined.push_str(base);
    push_token(&mut joined, token);
    joined
}

/// Appends `/token`, escaped, to `pointer` in place: walks extend one buffer as they descend and
/// cut it back as they return.
pub fn push_token(pointer: &mut String, token: &str) {
    pointer.push('/');
    push_escaped(pointer, token);
}

/// Appends `/index` to `pointer` in place.
pub fn push_index(pointer: &mut String, index: usize) {
    write!(pointer, "/{index}").expect("writing to a String cannot fail");
}

fn push_escaped(out: &mut String, token: &str) {
    for c in token.chars() {
        match c {
            '~' => out.push_str("~0"),
            '/' => out.push_str("~1"),
            _ => out.push(c),
        }
    }
}

/// A reference token with `~1` and `~0` turned back into `/` and `~`, in that order, so that
/// `~01` stays the literal `~1`.
pub fn unescape(token: &str) -> Cow<'_, str> {
    if token.contains('~') {
        Cow::Owned(token.replace("~1", "/").replace("~0", "~"))
    } else {
        Cow::Borrowed(token)
    }
}

/// The unescaped reference tokens of `pointer`: none for the whole document (`""`).
pub fn tokens(pointer: &str) -> impl Iterator<Item = Cow<'_, str>> {
    pointer
        .strip_prefix('/')
        .map(|rest| rest.split('/'))
        .into_iter()
        .flatten()
        .map(unescape)
}

/// The last reference token of `pointer`, unescaped.
pub fn last_token(pointer: &str) -> Cow<'_, str> {
    unescape(pointer.rsplit('/').next().unwrap_or_default())
}

/// Whether `pointer` is `ancestor` or lies below it.
pub fn is_within(pointer: &str, ancestor: &str) -> bool {
    pointer == ancestor
        || (pointer.starts_with(ancestor) && pointer.as_bytes().get(ancestor.len()) == Some(&b'/'))
}

/// The pointer of the node a walk is at, kept as borrowed tokens and spelled out only when
/// asked: walks that rarely need the pointer do not build one per node.
#[derive(Default)]
pub struct Trail<'a> {
    steps: Vec<Step<'a>>,
}

/// One reference token, before escaping: a member name or an array index.
#[derive(Clone, Copy, Debug)]
pub enum Step<'a> {
    Key(&'a str),
    Index(usize),
}

impl<'a> Trail<'a> {
    pub fn push_key(&mut self, key: &'a str) {
        self.steps.push(Step::Key(key));
    }

    pub fn push_index(&mut self, index: usize) {
        self.steps.push(Step::Index(index));
    }

    pub fn pop(&mut self) {
        self.steps.pop();
    }

    pub fn pointer(&self) -> String {
        let mut pointer = String::new();
        for step in &self.steps {
            match step {
                Step::Key(key) => push_token(&mut pointer, key),
                Step::Index(index) => push_index(&mut pointer, *index),
            }
        }
        pointer
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn a_literal_escape_sequence_in_a_token_stays_literal() {
        assert_eq!(escape("plain"), "plain");
        assert_eq!(escape("/a~b/~1"), "~1a~0b~1~01");
        assert_eq!(unescape("~1a~0b~1~01"), "/a~b/~1");
        assert_eq!(join("/paths", "/{id}/~x"), "/paths/~1{id}~1~0x");
        assert_eq!(join("", "info"), "/info");
    }

    #[test]
    fn tokens_unescape_what_join_escaped_and_serde_json_finds_it() {
        let document = json!({"a/b": {"m~n": [10, 20]}, "": {"x": 1}});
        let pointer = join(&join(&join("", "a/b"), "m~n"), "1");
        assert_eq!(tokens(&pointer).collect::<Vec<_>>(), ["a/b", "m~n", "1"]);
        assert_eq!(document.pointer(&pointer), Some(&json!(20)));
        assert_eq!(last_token(&pointer), "1");
        assert_eq!(tokens("").count(), 0);
        assert_eq!(tokens("//x").collect::<Vec<_>>(), ["", "x"]);
    }

    #[test]
    fn within_means_the_pointer_or_below_it() {
        assert!(is_within("/a/b", "/a"));
        assert!(is_within("/a", "/a"));
        assert!(!is_within("/ab", "/a"));
        assert!(is_within("/a", ""));
    }

    #[test]
    fn a_trail_spells_out_an_escaped_pointer() {
        let mut trail = Trail::default();
        trail.push_key("paths");
        trail.push_key("/a~b");
        trail.push_index(3);
        assert_eq!(trail.pointer(), "/paths/~1a~0b/3");
        trail.pop();
        assert_eq!(trail.pointer(), "/paths/~1a~0b");
    }
}
