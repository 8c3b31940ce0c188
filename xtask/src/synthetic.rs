//! Larger corpora in the vendor's page format, for measuring how the spec pipeline scales:
//! `cargo xtask synth --scale N --out DIR` writes N renamed copies of every page.
//!
//! Copy `k` prefixes every path with `/c{k}`, suffixes every operationId with `C{k}` and gives
//! every object schema one extra property, so that copies are distinct operations with distinct
//! schemas (as the vendor's other pages are) rather than duplicates the merge would fold.

use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;

use crate::spec::extract;
use crate::spec::json::{Value, json};
use crate::spec::{Inputs, SpecError};

/// `(file name, page text)` for `scale` copies of each page in `docs`.
pub fn scaled_pages(docs: &Path, scale: usize) -> Result<Vec<(String, String)>, SpecError> {
    let mut pages = Vec::new();
    for path in extract::pages(docs)? {
        let text = std::fs::read_to_string(&path).map_err(|cause| SpecError::Unreadable {
            path: path.clone(),
            cause,
        })?;
        let fragments = extract::fragments(&path.display().to_string(), &text)?;
        let stem = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("page")
            .to_owned();
        for copy in 0..scale {
            let mut page = format!("# {stem} (copy {copy})\n\nGenerated for benchmarks.\n\n");
            for fragment in &fragments {
                let mut document = fragment.document.clone();
                if copy > 0 {
                    rename(&mut document, copy);
                }
                page.push_str(&format!(
                    "## {}\n\n```json\n{document}\n```\n\n",
                    fragment.at.context.trim_start_matches("# ")
                ));
            }
            pages.push((format!("{stem}-{copy:03}.md"), page));
        }
    }
    Ok(pages)
}

pub fn write_scaled(docs: &Path, scale: usize, out: &Path) -> anyhow::Result<Vec<PathBuf>> {
    std::fs::create_dir_all(out)?;
    let mut written = Vec::new();
    for (name, text) in scaled_pages(docs, scale)? {
        let path = out.join(name);
        std::fs::write(&path, text)?;
        written.push(path);
    }
    Ok(written)
}

/// A synthetic corpus in a temporary directory, removed when dropped: what the benchmarks run
/// the pipeline and the bare parse on.
pub struct Corpus {
    root: PathBuf,
    dir: tempfile::TempDir,
}

impl Corpus {
    /// `scale` copies of the vendor pages of the workspace at `root`.
    pub fn write(root: &Path, scale: usize) -> anyhow::Result<Self> {
        let dir = tempfile::tempdir()?;
        write_scaled(&root.join("spec/docs"), scale, dir.path())?;
        Ok(Self {
            root: root.to_path_buf(),
            dir,
        })
    }

    /// The pipeline's inputs: these pages, with the workspace's overlay and naming file.
    pub fn inputs(&self) -> Inputs {
        Inputs {
            root: self.root.clone(),
            docs: self.dir.path().to_path_buf(),
            overlay: Some(self.root.join("spec/overlay.json")),
            names: Some(self.root.join("spec/names.toml")),
        }
    }

    /// The text of every fragment, as the pipeline parses it.
    pub fn fragment_texts(&self) -> Result<Vec<String>, SpecError> {
        let mut texts = Vec::new();
        for page in extract::pages(self.dir.path())? {
            for fragment in extract::extract_page(&page, &page)? {
                texts.push(fragment.document.to_string());
            }
        }
        Ok(texts)
    }
}

/// Every fragment text parsed into `T`, all kept: what the pipeline has to hold at once, and
/// the baseline the benchmarks and `examples/tree_size.rs` measure it against.
///
/// # Panics
/// On a text that is not JSON; [`Corpus::fragment_texts`] only gives JSON.
pub fn parse_all<T: DeserializeOwned>(fragments: &[String]) -> Vec<T> {
    fragments
        .iter()
        .map(|fragment| serde_json::from_str(fragment).expect("a fragment text is JSON"))
        .collect()
}

/// The scales a measuring example was asked for on its command line (`-- 20 30`), or `default`.
///
/// # Panics
/// On an argument that is not a scale, naming it: the examples have no other way to fail.
pub fn scales_from_args(default: &[usize]) -> Vec<usize> {
    scales(std::env::args().skip(1), default).unwrap_or_else(|problem| panic!("{problem}"))
}

fn scales(
    arguments: impl Iterator<Item = String>,
    default: &[usize],
) -> Result<Vec<usize>, String> {
    let asked = arguments
        .map(|argument| match argument.parse::<usize>() {
            Ok(scale) if scale > 0 => Ok(scale),
            _ => Err(format!(
                "`{argument}` is not a scale: give the number of copies of the vendor pages, 1 or more"
            )),
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(if asked.is_empty() {
        default.to_vec()
    } else {
        asked
    })
}

fn rename(document: &mut Value, copy: usize) {
    if let Some(Value::Object(paths)) = document.get_mut("paths") {
        let renamed = std::mem::take(paths)
            .into_iter()
            .map(|(path, mut item)| {
                for operation in item
                    .as_object_mut()
                    .into_iter()
                    .flat_map(|item| item.values_mut())
                {
                    if let Some(Value::String(id)) = operation.get_mut("operationId") {
                        id.push_str(&format!("C{copy}"));
                    }
                }
                (format!("/c{copy}{path}"), item)
            })
            .collect();
        *paths = renamed;
    }
    distinguish_objects(document, copy);
}

fn distinguish_objects(node: &mut Value, copy: usize) {
    match node {
        Value::Object(map) => {
            if let Some(Value::Object(properties)) = map.get_mut("properties") {
                properties.insert(format!("c{copy}"), json!({"type": "string"}));
            }
            map.values_mut()
                .for_each(|child| distinguish_objects(child, copy));
        }
        Value::Array(items) => items
            .iter_mut()
            .for_each(|child| distinguish_objects(child, copy)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn from(arguments: &[&str]) -> Result<Vec<usize>, String> {
        scales(
            arguments.iter().map(|argument| argument.to_string()),
            &[10, 100],
        )
    }

    #[test]
    fn scales_come_from_the_arguments_or_the_default() {
        assert_eq!(from(&[]), Ok(vec![10, 100]));
        assert_eq!(from(&["20", "30"]), Ok(vec![20, 30]));
    }

    #[test]
    fn an_argument_that_is_not_a_scale_is_named() {
        for bad in ["2x", "0", "-1"] {
            let problem = from(&["20", bad]).unwrap_err();
            assert!(
                problem.starts_with(&format!("`{bad}` is not a scale")),
                "{problem}"
            );
        }
    }
}
