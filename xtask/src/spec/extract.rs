//! Stage 1: vendor pages → fragments. Each fenced `json` block of a page is one self-contained
//! OpenAPI fragment; it keeps the page, the heading above it and its line for diagnostics.

use std::path::{Path, PathBuf};

use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, Parser, Tag, TagEnd};
use serde_json::Value;

use super::error::SpecError;
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
    let mut json_block: Option<(usize, String)> = None;

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
                json_block = Some((line_at(text.as_bytes(), range.start) + 1, String::new()));
            }
            Event::Text(content) => {
                if let Some((_, body)) = json_block.as_mut() {
                    body.push_str(&content);
                }
            }
            Event::End(TagEnd::CodeBlock) => {
                if let Some((line, body)) = json_block.take() {
                    let at = Location {
                        file: file.to_owned(),
                        line,
                        context: heading.clone(),
                    };
                    found.push(parse_fragment(at, &body)?);
                }
            }
            _ => {}
        }
    }
    Ok(found)
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
    bytes[..offset].iter().filter(|&&b| b == b'\n').count() + 1
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
    fn invalid_json_names_the_page_line_and_problem() {
        let page = "# T\n\n## Op\n\n```json\n{\"a\":\n  oops}\n```\n";
        let error = fragments("t.md", page).unwrap_err().to_string();
        assert!(
            error.starts_with("t.md:7 (## Op): fragment is not valid JSON"),
            "{error}"
        );
    }
}
