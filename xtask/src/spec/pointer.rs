//! JSON Pointer (RFC 6901) helpers shared by the stages.

use std::borrow::Cow;

use super::json::Value;

pub fn escape(token: &str) -> String {
    let mut escaped = String::with_capacity(token.len());
    push_escaped(&mut escaped, token);
    escaped
}

/// `base` extended by one escaped token, built in one allocation: the stages join pointers for
/// every operation and schema they record.
pub fn join(base: &str, token: &str) -> String {
    let mut joined = String::with_capacity(base.len() + 1 + token.len());
    joined.push_str(base);
    joined.push('/');
    push_escaped(&mut joined, token);
    joined
}

/// Appends `/token`, escaped, to `pointer` in place: walks extend one buffer as they descend.
pub fn push_token(pointer: &mut String, token: &str) {
    pointer.push('/');
    push_escaped(pointer, token);
}

/// Appends `token` with `~` and `/` escaped, in one pass.
fn push_escaped(out: &mut String, token: &str) {
    let mut rest = token;
    while let Some(at) = rest.find(['~', '/']) {
        out.push_str(&rest[..at]);
        out.push_str(if rest.as_bytes()[at] == b'~' {
            "~0"
        } else {
            "~1"
        });
        rest = &rest[at + 1..];
    }
    out.push_str(rest);
}

/// The value at `pointer` in `root` (what [`Value::pointer`] answers), found as serde_json finds
/// it, as the tests check, without allocating for tokens that have nothing to unescape:
/// reference checks resolve thousands of pointers.
pub fn resolve<'a>(root: &'a Value, pointer: &str) -> Option<&'a Value> {
    tokens(pointer)?.try_fold(root, |node, token| match node {
        Value::Object(map) => map.get(token.as_ref()),
        Value::Array(items) => array_index(&token).and_then(|index| items.get(index)),
        _ => None,
    })
}

/// [`resolve`] for changing the value: the overlay edits thousands of nodes it found by pointer.
pub fn resolve_mut<'a>(root: &'a mut Value, pointer: &str) -> Option<&'a mut Value> {
    tokens(pointer)?.try_fold(root, |node, token| match node {
        Value::Object(map) => map.get_mut(token.as_ref()),
        Value::Array(items) => array_index(&token).and_then(|index| items.get_mut(index)),
        _ => None,
    })
}

/// The unescaped reference tokens of `pointer`; `None` if it is neither empty nor starts with `/`.
fn tokens(pointer: &str) -> Option<impl Iterator<Item = Cow<'_, str>>> {
    let tokens = match pointer {
        "" => None,
        _ => Some(pointer.strip_prefix('/')?.split('/')),
    };
    Some(tokens.into_iter().flatten().map(unescape))
}

/// A reference token with `~1` and `~0` turned back into `/` and `~`.
pub fn unescape(token: &str) -> Cow<'_, str> {
    if token.contains('~') {
        Cow::Owned(token.replace("~1", "/").replace("~0", "~"))
    } else {
        Cow::Borrowed(token)
    }
}

/// RFC 6901 array indices: decimal digits without a sign or leading zeros.
fn array_index(token: &str) -> Option<usize> {
    let canonical =
        token.bytes().all(|b| b.is_ascii_digit()) && !(token.starts_with('0') && token.len() > 1);
    canonical.then(|| token.parse().ok()).flatten()
}

/// Whether `pointer` is `ancestor` or lies below it.
pub fn is_within(pointer: &str, ancestor: &str) -> bool {
    pointer == ancestor
        || (pointer.starts_with(ancestor) && pointer.as_bytes().get(ancestor.len()) == Some(&b'/'))
}

/// The pointer of the node a walk is at, kept as borrowed tokens and spelled out only when
/// asked: walks that rarely need the pointer do not allocate one per node.
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
    pub fn push(&mut self, step: Step<'a>) {
        self.steps.push(step);
    }

    pub fn push_key(&mut self, key: &'a str) {
        self.push(Step::Key(key));
    }

    pub fn push_index(&mut self, index: usize) {
        self.push(Step::Index(index));
    }

    pub fn pop(&mut self) {
        self.steps.pop();
    }

    pub fn pointer(&self) -> String {
        let mut pointer = String::new();
        for step in &self.steps {
            match step {
                Step::Key(key) => push_token(&mut pointer, key),
                Step::Index(index) => {
                    use std::fmt::Write as _;
                    write!(pointer, "/{index}").expect("writing to a String cannot fail");
                }
            }
        }
        pointer
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_literal_escape_sequence_in_a_token_stays_literal() {
        assert_eq!(escape("plain"), "plain");
        assert_eq!(escape("/a~b/~1"), "~1a~0b~1~01");
        assert_eq!(join("/paths", "/{id}/~x"), "/paths/~1{id}~1~0x");
        assert_eq!(join("", "info"), "/info");
    }

    #[test]
    fn resolve_mut_finds_what_serde_json_pointer_mut_finds() {
        let mut expected = serde_json::json!({"a/b": {"m~n": [10, 20]}, "list": [{"k": true}]});
        let mut root = Value::from(expected.clone());
        for pointer in [
            "",
            "/a~1b/m~0n/1",
            "/list/0/k",
            "/list/01",
            "/list/2",
            "/nope",
            "a",
        ] {
            assert_eq!(
                resolve_mut(&mut root, pointer).map(|value| serde_json::Value::from(&*value)),
                expected.pointer_mut(pointer).map(|value| value.clone()),
                "{pointer}"
            );
        }
        *resolve_mut(&mut root, "/a~1b/m~0n/0").unwrap() = Value::from(11);
        *expected.pointer_mut("/a~1b/m~0n/0").unwrap() = serde_json::json!(11);
        assert_eq!(root, expected);
    }

    #[test]
    fn resolve_finds_what_serde_json_pointer_finds() {
        let expected = serde_json::json!({
            "a/b": {"m~n": [10, 20]},
            "": {"x": 1},
            "list": [{"k": true}],
        });
        let root = Value::from(expected.clone());
        for pointer in [
            "",
            "/a~1b",
            "/a~1b/m~0n/1",
            "//x",
            "/list/0/k",
            "/list/00",
            "/list/+0",
            "/list/1",
            "/a~1b/m~0n/-",
            "/nope",
            "no-slash",
            "/list/0/k/deeper",
        ] {
            assert_eq!(
                resolve(&root, pointer).map(serde_json::Value::from),
                expected.pointer(pointer).cloned(),
                "{pointer}"
            );
        }
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
