//! Stage 1: vendor pages → fragments. Each fenced `json` block of a page is one self-contained
//! OpenAPI fragment; it keeps the page, the heading above it and its line for diagnostics.

use std::borrow::Cow;
use std::path::{Path, PathBuf};

use pulldown_cmark::{CodeBlockKind, CowStr, Event, HeadingLevel, Parser, Tag, TagEnd};

use super::error::SpecError;
use super::json::Value;
use super::source_map::Location;

#[derive(Clone, Debug)]
pub struct Fragment {
    pub at: Location,
    pub document: Value,
}

/// Every `*.md` page directly inside `docs`, in file-name order so the output never depends on
/// the order the file system lists them in.
pub fn pages(docs: &Path) -> Result<Vec<PathBuf>, SpecError> {
    let entries = std::fs::read_dir(docs).map_err(|cause| SpecError::Unreadable {
        path: docs.to_path_buf(),
        cause,
    })?;
    let mut pages = Vec::new();
    for entry in entries {
        let path = entry
            .map_err(|cause| SpecError::Unreadable {
                path: docs.to_path_buf(),
                cause,
            })?
            .path();
        if path.extension().is_some_and(|ext| ext == "md") {
            pages.push(path);
        }
    }
    pages.sort();
    if pages.is_empty() {
        return Err(SpecError::NoPages {
            docs: docs.to_path_buf(),
        });
    }
    Ok(pages)
}

/// The fragments of the page at `path`; `label` is how locations name the page.
pub fn extract_page(path: &Path, label: &Path) -> Result<Vec<Fragment>, SpecError> {
    let bytes = std::fs::read(path).map_err(|cause| SpecError::Unreadable {
        path: label.to_path_buf(),
        cause,
    })?;
    let text = String::from_utf8(bytes).map_err(|error| {
        let byte = error.utf8_error().valid_up_to();
        let line = line_at(error.as_bytes(), byte);
        SpecError::NotUtf8 {
            path: label.to_path_buf(),
            line,
            byte,
        }
    })?;
    fragments(&label.display().to_string(), &text)
}

/// The fragments of one page's Markdown text; `file` is only used to label locations.
pub fn fragments(file: &str, text: &str) -> Result<Vec<Fragment>, SpecError> {
    let mut found = Vec::new();
    let mut heading = String::new();
    let mut in_heading = false;
    let mut lines = LineCounter::new(text);
    let mut json_block: Option<(usize, Vec<CowStr>)> = None;

    for (event, range) in Parser::new(text).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading { level, .. }) if level <= HeadingLevel::H2 => {
                in_heading = true;
                heading = format!("{} ", "#".repeat(level as usize));
            }
            Event::End(TagEnd::Heading(_)) => in_heading = false,
            Event::Text(text) | Event::Code(text) if in_heading => heading.push_str(&text),
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info)))
                if info.split_whitespace().next() == Some("json") =>
            {
                json_block = Some((lines.line_at(range.start) + 1, Vec::new()));
            }
            Event::Text(content) => {
                if let Some((_, pieces)) = json_block.as_mut() {
                    pieces.push(content);
                }
            }
            Event::End(TagEnd::CodeBlock) => {
                if let Some((line, pieces)) = json_block.take() {
                    let at = Location {
                        file: file.to_owned(),
                        line,
                        context: heading.clone(),
                    };
                    found.push(parse_fragment(at, &joined(&pieces))?);
                }
            }
            _ => {}
        }
    }
    Ok(found)
}

/// The text of a code block. pulldown-cmark hands a block over in pieces that borrow the page
/// where they can; a one-line block (the vendor's format) is parsed in place, not copied.
fn joined<'a>(pieces: &'a [CowStr<'a>]) -> Cow<'a, str> {
    match pieces {
        [] => Cow::Borrowed(""),
        [one] => Cow::Borrowed(one),
        many => Cow::Owned(many.iter().map(|piece| &**piece).collect()),
    }
}

fn parse_fragment(at: Location, body: &str) -> Result<Fragment, SpecError> {
    match serde_json::from_str(body) {
        Ok(document) => Ok(Fragment { at, document }),
        Err(error) => {
            let at = Location {
                line: at.line + error.line().saturating_sub(1),
                ..at
            };
            Err(SpecError::InvalidJson {
                message: error.to_string(),
                at,
            })
        }
    }
}

/// 1-based line of a byte offset.
fn line_at(bytes: &[u8], offset: usize) -> usize {
    newlines(&bytes[..offset]) + 1
}

fn newlines(bytes: &[u8]) -> usize {
    bytecount::count(bytes, b'\n')
}

/// Lines of offsets that only move forward, as a page's events do: each byte is counted once
/// per page rather than once per code block, which kept large pages quadratic.
struct LineCounter<'a> {
    bytes: &'a [u8],
    counted_to: usize,
    line: usize,
}

impl<'a> LineCounter<'a> {
    fn new(text: &'a str) -> Self {
        Self {
            bytes: text.as_bytes(),
            counted_to: 0,
            line: 1,
        }
    }

    /// 1-based line of `offset`, which must not lie before the previous one asked about.
    fn line_at(&mut self, offset: usize) -> usize {
        debug_assert!(offset >= self.counted_to, "offsets only move forward");
        self.line += newlines(&self.bytes[self.counted_to..offset]);
        self.counted_to = offset;
        self.line
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = "# Things\n\nIntro.\n\n## List things\n\n> Lists.\n\n```json\n{\"openapi\":\"3.1.0\"}\n```\n\n## Make a `thing`\n\n```json\n{\"a\":1}\n```\n\n```text\nnot json\n```\n";

    #[test]
    fn each_json_block_becomes_a_fragment_with_heading_and_line() {
        let found = fragments("things.md", PAGE).unwrap();
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].at.line, 10);
        assert_eq!(found[0].at.context, "## List things");
        assert_eq!(found[1].at.line, 16);
        assert_eq!(found[1].at.context, "## Make a thing");
        assert_eq!(found[1].document["a"], 1);
    }

    #[test]
    fn multi_line_and_indented_blocks_parse_and_keep_their_lines() {
        let page = "# T\n\n## Pretty\n\n```json\n{\n  \"a\": [\n    1\n  ]\n}\n```\n\n## Quoted\n\n> ```json\n> {\"b\":\n>   2}\n> ```\n";
        let found = fragments("t.md", page).unwrap();
        assert_eq!(found.len(), 2);
        assert_eq!(
            (found[0].at.line, &found[0].document["a"][0]),
            (6, &1.into())
        );
        assert_eq!((found[1].at.line, &found[1].document["b"]), (16, &2.into()));
        assert_eq!(found[1].at.context, "## Quoted");
    }

    #[test]
    fn invalid_json_names_the_page_line_and_problem() {
        let page = "# T\n\n## Op\n\n```json\n{\"a\":\n  oops}\n```\n";
        let error = fragments("t.md", page).unwrap_err().to_string();
        assert!(
            error.starts_with("t.md:7 (## Op): fragment is not valid JSON"),
            "{error}"
        );
    }
}
