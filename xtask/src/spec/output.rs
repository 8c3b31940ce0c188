//! Stage 6: the generated files on disk. Writes are atomic (a temporary file beside the target,
//! renamed only once complete), and `--check` compares without writing.

use std::path::{Path, PathBuf};

use super::canonical_json;
use super::error::SpecError;
use super::json::Value;
use super::pointer;

/// A file the pipeline produces and its exact expected text.
#[derive(Debug)]
pub struct Rendered {
    pub path: PathBuf,
    pub text: String,
}

/// Writes every file, or none: all temporary files are complete before the first rename.
pub fn write_all(files: &[Rendered]) -> Result<(), SpecError> {
    let mut staged = Vec::new();
    for file in files {
        let unwritable = |cause| SpecError::Unwritable {
            path: file.path.clone(),
            cause,
        };
        let directory = file
            .path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        std::fs::create_dir_all(directory).map_err(unwritable)?;
        let mut temporary = tempfile::NamedTempFile::new_in(directory).map_err(unwritable)?;
        std::io::Write::write_all(&mut temporary, file.text.as_bytes()).map_err(unwritable)?;
        staged.push((temporary, &file.path));
    }
    for (temporary, path) in staged {
        temporary
            .persist(path)
            .map_err(|error| SpecError::Unwritable {
                path: path.clone(),
                cause: error.error,
            })?;
    }
    Ok(())
}

/// What differs between the file on disk and what it should be, if anything: a short list of
/// JSON pointers rather than a text diff of a large file.
pub fn staleness(file: &Rendered) -> Option<String> {
    let on_disk = match std::fs::read_to_string(&file.path) {
        Ok(text) if text == file.text => return None,
        Ok(text) => text,
        Err(error) => return Some(format!("{}: cannot read ({error})", file.path.display())),
    };
    let expected: Value = serde_json::from_str(&file.text).expect("rendered text is JSON");
    let found: Value = match serde_json::from_str(&on_disk) {
        Ok(found) => found,
        Err(error) => return Some(format!("{}: not valid JSON ({error})", file.path.display())),
    };
    let mut changes = Vec::new();
    differences(&found, &expected, "", &mut changes);
    if changes.is_empty() {
        changes.push("formatting only (keys, indentation or trailing newline)".to_owned());
    }
    const SHOWN: usize = 10;
    let more = changes.len().saturating_sub(SHOWN);
    let mut summary = format!(
        "{} differs from what the pages generate:",
        file.path.display()
    );
    for change in changes.iter().take(SHOWN) {
        summary.push_str(&format!("\n  {change}"));
    }
    if more > 0 {
        summary.push_str(&format!("\n  … and {more} more"));
    }
    Some(summary)
}

fn differences(found: &Value, expected: &Value, at: &str, out: &mut Vec<String>) {
    match (found, expected) {
        (Value::Object(found), Value::Object(expected)) => {
            for (key, value) in expected {
                let here = pointer::join(at, key);
                match found.get(key) {
                    Some(existing) => differences(existing, value, &here, out),
                    None => out.push(format!("missing {here}")),
                }
            }
            for key in found.keys().filter(|key| !expected.contains_key(*key)) {
                out.push(format!("unexpected {}", pointer::join(at, key)));
            }
        }
        (Value::Array(found), Value::Array(expected)) if found.len() == expected.len() => {
            for (index, (a, b)) in found.iter().zip(expected).enumerate() {
                differences(a, b, &format!("{at}/{index}"), out);
            }
        }
        (found, expected) if found != expected => {
            out.push(format!("changed {}", if at.is_empty() { "/" } else { at }))
        }
        _ => {}
    }
}

pub fn render_json(path: PathBuf, value: &Value) -> Rendered {
    Rendered {
        path,
        text: canonical_json::to_pretty(value),
    }
}

#[cfg(test)]
mod tests {
    use crate::spec::json::json;

    use super::*;

    #[test]
    fn a_failed_write_leaves_the_existing_file_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let good = dir.path().join("openapi.json");
        std::fs::write(&good, "old\n").unwrap();
        // A file where the second output's folder would have to be.
        std::fs::write(dir.path().join("blocker"), "").unwrap();
        let files = [
            Rendered {
                path: good.clone(),
                text: "new\n".into(),
            },
            Rendered {
                path: dir.path().join("blocker/x.json"),
                text: "{}\n".into(),
            },
        ];
        assert!(write_all(&files).is_err());
        assert_eq!(std::fs::read_to_string(&good).unwrap(), "old\n");
        let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 2, "no temporary file is left behind");
    }

    #[test]
    fn missing_output_folders_are_created() {
        let dir = tempfile::tempdir().unwrap();
        let nested = dir.path().join("a/b/openapi.json");
        write_all(&[Rendered {
            path: nested.clone(),
            text: "{}\n".into(),
        }])
        .unwrap();
        assert_eq!(std::fs::read_to_string(nested).unwrap(), "{}\n");
    }

    #[test]
    fn staleness_lists_changed_pointers() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("openapi.json");
        let expected = render_json(path.clone(), &json!({"a": {"b": 1, "c": [1, 2]}}));
        assert!(staleness(&expected).unwrap().contains("cannot read"));
        std::fs::write(&path, &expected.text).unwrap();
        assert_eq!(staleness(&expected), None);
        std::fs::write(&path, r#"{"a": {"b": 2, "c": [1, 2], "d": 0}}"#).unwrap();
        let summary = staleness(&expected).unwrap();
        assert!(
            summary.contains("changed /a/b") && summary.contains("unexpected /a/d"),
            "{summary}"
        );
        std::fs::write(&path, r#"{"a":{"b":1,"c":[1,2]}}"#).unwrap();
        assert!(staleness(&expected).unwrap().contains("formatting only"));
    }
}
