//! JSON Pointer (RFC 6901) helpers shared by the stages.

pub fn escape(token: &str) -> String {
    let mut escaped = String::with_capacity(token.len());
    push_escaped(&mut escaped, token);
    escaped
}

pub fn join(base: &str, token: &str) -> String {
    let mut pointer = String::with_capacity(base.len() + 1 + token.len());
    pointer.push_str(base);
    push_token(&mut pointer, token);
    pointer
}

/// Appends `/token`, escaped, to `pointer` in place: walks extend one buffer as they descend.
pub fn push_token(pointer: &mut String, token: &str) {
    pointer.push('/');
    push_escaped(pointer, token);
}

fn push_escaped(out: &mut String, token: &str) {
    let mut rest = token;
    while let Some(at) = rest.bytes().position(|byte| byte == b'~' || byte == b'/') {
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

/// Whether `pointer` is `ancestor` or lies below it.
pub fn is_within(pointer: &str, ancestor: &str) -> bool {
    pointer == ancestor
        || (pointer.starts_with(ancestor) && pointer.as_bytes().get(ancestor.len()) == Some(&b'/'))
}

/// The pointer of the node a walk is at, kept as borrowed tokens and spelled out only when
/// asked: walks that rarely need the pointer do not allocate one per node.
#[derive(Default)]
pub struct Trail<'a> {
    tokens: Vec<Token<'a>>,
}

enum Token<'a> {
    Key(&'a str),
    Index(usize),
}

impl<'a> Trail<'a> {
    pub fn push_key(&mut self, key: &'a str) {
        self.tokens.push(Token::Key(key));
    }

    pub fn push_index(&mut self, index: usize) {
        self.tokens.push(Token::Index(index));
    }

    pub fn pop(&mut self) {
        self.tokens.pop();
    }

    pub fn pointer(&self) -> String {
        let mut pointer = String::new();
        for token in &self.tokens {
            match token {
                Token::Key(key) => {
                    pointer.push('/');
                    pointer.push_str(&escape(key));
                }
                Token::Index(index) => pointer.push_str(&format!("/{index}")),
            }
        }
        pointer
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_escape_tilde_before_slash() {
        assert_eq!(escape("a/b~c~1"), "a~1b~0c~01");
        assert_eq!(join("/paths", "/x/{id}"), "/paths/~1x~1{id}");
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
