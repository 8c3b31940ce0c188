//! JSON Pointer (RFC 6901) helpers shared by the stages.

pub fn escape(token: &str) -> String {
    if token.contains(['~', '/']) {
        token.replace('~', "~0").replace('/', "~1")
    } else {
        token.to_owned()
    }
}

pub fn join(base: &str, token: &str) -> String {
    format!("{base}/{}", escape(token))
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
