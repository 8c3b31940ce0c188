//! Stage 1: vendor pages → fragments. Each fenced `json` block of a page is one self-contained
//! OpenAPI fragment; it keeps the page, the heading above it and its line for diagnostics.

use std::borrow::Cow;
use std::path::{Path, PathBuf};

use pulldown_cmark::{CodeBlockKind, CowStr, Event, HeadingLevel, Parser, Tag, TagEnd};

use super::error::SpecError;
use super::source_map::Location;
use serde_json::Value;

#[derive(Clone, Debug)]
pub struct Fragment {
    pub at: Location,
    pub document: Value,
}

/// The Markdown pages directly inside `docs` (`*.md`, `*.markdown`), in file-name order so the
/// output never depends on the order the file system lists them in, and a warning for every
/// other file, which is not read.
pub fn pages(docs: &Path) -> Result<Pages, SpecError> {
    let unreadable = |cause| SpecError::Unreadable {
        path: docs.to_path_buf(),
        cause,
    };
    let mut pages = Pages::default();
    for entry in std::fs::read_dir(docs).map_err(unreadable)? {
        let path = entry.map_err(unreadable)?.path();
        let hidden = path
            .file_name()
            .is_some_and(|name| name.to_string_lossy().starts_with('.'));
        if is_markdown(&path) {
            pages.found.push(path);
        } else if !hidden {
            pages.warnings.push(format!(
                "{}: not a Markdown page (*.md, *.markdown), not read",
                path.display()
            ));
        }
    }
    pages.found.sort();
    pages.warnings.sort();
    if pages.found.is_empty() {
        return Err(SpecError::NoPages {
            docs: docs.to_path_buf(),
        });
    }
    Ok(pages)
}

/// The pages of a folder, and what else it holds.
#[derive(Debug, Default)]
pub struct Pages {
    pub found: Vec<PathBuf>,
    pub warnings: Vec<String>,
}

fn is_markdown(path: &Path) -> bool {
    let extension = path.extension().map(|ext| ext.to_ascii_lowercase());
    extension.is_some_and(|ext| ext == "md" || ext == "markdown")
}

/// A page's fragments, and what in it was not read.
#[derive(Debug)]
pub struct Extracted {
    pub fragments: Vec<Fragment>,
    pub warnings: Vec<String>,
}

/// The fragments of the page at `path`; `label` is how locations name the page.
pub fn extract_page(path: &Path, label: &Path) -> Result<Extracted, SpecError> {
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

/// The fragments of one page's Markdown text; `file` is only used to label locations. A page
/// without any is an error; a `##` section without a fenced `json` block, and a block fenced as
/// `JSON` (read all the same), are warnings.
pub fn fragments(file: &str, text: &str) -> Result<Extracted, SpecError> {
    let mut found = Vec::new();
    let mut warnings = Vec::new();
    let mut heading = String::new();
    let mut in_heading = false;
    let mut lines = LineCounter::new(text);
    let mut json_block: Option<(usize, Vec<CowStr>)> = None;
    let mut sections = Sections::default();

    for (event, range) in Parser::new(text).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading { level, .. }) if level <= HeadingLevel::H2 => {
                in_heading = true;
                heading = format!("{} ", "#".repeat(level as usize));
                if level == HeadingLevel::H2 {
                    let line = lines.line_at(range.start);
                    sections.start(line, &mut warnings, file);
                }
            }
            Event::End(TagEnd::Heading(level)) => {
                in_heading = false;
                if level == HeadingLevel::H2 {
                    sections.name(&heading);
                }
            }
            Event::Text(text) | Event::Code(text) if in_heading => heading.push_str(&text),
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) => {
                let language = info.split_whitespace().next().unwrap_or_default();
                if language.eq_ignore_ascii_case("json") {
                    let line = lines.line_at(range.start) + 1;
                    if language != "json" {
                        warnings.push(format!(
                            "{file}:{line} ({heading}): code block fenced as `{language}`, read as `json`"
                        ));
                    }
                    json_block = Some((line, Vec::new()));
                }
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
                    sections.has_fragment();
                }
            }
            _ => {}
        }
    }
    sections.start(0, &mut warnings, file);
    if found.is_empty() {
        let reason = match sections.seen {
            _ if text.trim().is_empty() => "the page is empty".to_owned(),
            0 => "the page has no `##` section with a fenced `json` block".to_owned(),
            seen => format!("none of its {seen} `##` sections has a fenced `json` block"),
        };
        return Err(SpecError::NoFragments {
            path: PathBuf::from(file),
            reason,
        });
    }
    Ok(Extracted {
        fragments: found,
        warnings,
    })
}

/// The `##` sections of a page, each of which should hold one fragment.
#[derive(Default)]
struct Sections {
    seen: usize,
    /// The section being read: its line and heading, and whether it has a fragment yet.
    current: Option<(usize, String, bool)>,
}

impl Sections {
    /// Closes the section being read (warning if it had no fragment) and opens one at `line`;
    /// line 0 closes the last.
    fn start(&mut self, line: usize, warnings: &mut Vec<String>, file: &str) {
        if let Some((at, heading, false)) = self.current.take() {
            warnings.push(format!(
                "{file}:{at} ({heading}): section has no fenced `json` block, nothing read from it"
            ));
        }
        if line > 0 {
            self.seen += 1;
            self.current = Some((line, String::new(), false));
        }
    }

    fn name(&mut self, heading: &str) {
        if let Some((_, name, _)) = self.current.as_mut() {
            heading.clone_into(name);
        }
    }

    fn has_fragment(&mut self) {
        if let Some((_, _, has)) = self.current.as_mut() {
            *has = true;
        }
    }
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
        let extracted = fragments("things.md", PAGE).unwrap();
        assert_eq!(extracted.warnings, Vec::<String>::new());
        let found = extracted.fragments;
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].at.line, 10);
        assert_eq!(found[0].at.context, "## List things");
        assert_eq!(found[1].at.line, 16);
        assert_eq!(found[1].at.context, "## Make a thing");
        assert_eq!(found[1].document["a"], 1);
    }

    #[test]
    fn a_subheading_inside_a_section_does_not_rename_its_fragment() {
        let page = "# T\n\n## Make a thing\n\n### Request body\n\n```json\n{\"a\":1}\n```\n";
        let found = fragments("t.md", page).unwrap().fragments;
        assert_eq!(found[0].at.context, "## Make a thing");
    }

    #[test]
    fn multi_line_and_indented_blocks_parse_and_keep_their_lines() {
        let page = "# T\n\n## Pretty\n\n```json\n{\n  \"a\": [\n    1\n  ]\n}\n```\n\n## Quoted\n\n> ```json\n> {\"b\":\n>   2}\n> ```\n";
        let found = fragments("t.md", page).unwrap().fragments;
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

    fn no_fragments(page: &str) -> String {
        fragments("t.md", page).unwrap_err().to_string()
    }

    #[test]
    fn a_page_without_fragments_is_an_error_that_says_why() {
        assert_eq!(
            no_fragments(""),
            "t.md: no OpenAPI fragment: the page is empty"
        );
        assert_eq!(
            no_fragments(" \n\n"),
            "t.md: no OpenAPI fragment: the page is empty"
        );
        assert_eq!(
            no_fragments("# T\n\n## A\n\ntext\n\n## B\n\n```text\n{}\n```\n"),
            "t.md: no OpenAPI fragment: none of its 2 `##` sections has a fenced `json` block"
        );
        assert_eq!(
            no_fragments("# T\n\nJust prose.\n"),
            "t.md: no OpenAPI fragment: the page has no `##` section with a fenced `json` block"
        );
    }

    #[test]
    fn a_section_without_a_fragment_is_a_warning_naming_its_line() {
        let page = "# T\n\n## Has one\n\n```json\n{}\n```\n\n## Lost\n\nprose\n\n## Last\n";
        let extracted = fragments("t.md", page).unwrap();
        assert_eq!(extracted.fragments.len(), 1);
        assert_eq!(
            extracted.warnings,
            [
                "t.md:9 (## Lost): section has no fenced `json` block, nothing read from it",
                "t.md:13 (## Last): section has no fenced `json` block, nothing read from it",
            ]
        );
    }

    #[test]
    fn a_block_fenced_as_upper_case_json_is_read_with_a_warning() {
        let page = "# T\n\n## Op\n\n```JSON\n{\"a\": 1}\n```\n";
        let extracted = fragments("t.md", page).unwrap();
        assert_eq!(extracted.fragments[0].document["a"], 1);
        assert_eq!(
            extracted.warnings,
            ["t.md:6 (## Op): code block fenced as `JSON`, read as `json`"]
        );
    }

    #[test]
    fn markdown_files_are_pages_and_every_other_file_is_named() {
        let docs = tempfile::tempdir().unwrap();
        for name in ["b.md", "a.markdown", "notes.txt", ".gitkeep", "C.MD"] {
            std::fs::write(docs.path().join(name), "").unwrap();
        }
        std::fs::create_dir(docs.path().join("folder")).unwrap();
        let pages = pages(docs.path()).unwrap();
        let names: Vec<_> = pages
            .found
            .iter()
            .map(|page| page.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, ["C.MD", "a.markdown", "b.md"]);
        assert_eq!(pages.warnings.len(), 2, "{:?}", pages.warnings);
        let not_read = "not a Markdown page (*.md, *.markdown), not read";
        assert!(pages.warnings[0].ends_with(&format!("folder: {not_read}")));
        assert!(pages.warnings[1].ends_with(&format!("notes.txt: {not_read}")));
    }
}
