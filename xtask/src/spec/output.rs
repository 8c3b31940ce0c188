//! Stage 6: the generated files on disk. Writes are atomic (a temporary file beside the target,
//! renamed only once complete), and `--check` compares without writing.

use std::path::{Path, PathBuf};

use super::canonical_json;
use super::error::SpecError;
use portsip_api_build::openapi::pointer;
use serde_json::Value;

/// A file the pipeline produces and its exact expected text.
#[derive(Debug)]
pub struct Rendered {
    pub path: PathBuf,
    pub text: String,
}

/// What [`write_all`] did with each file, in the order given.
#[derive(Debug, PartialEq, Eq)]
pub enum Outcome {
    Written,
    /// Its bytes were already what they should be: left alone, so that builds that watch it do
    /// not run again.
    Unchanged,
}

/// Writes every file that changed, or none. Each is staged in a temporary file beside its
/// target, with the target's permissions (0644 for a new file), and only once all are staged are
/// they renamed into place; if a rename fails, the files already replaced get their old
/// contents back.
pub fn write_all(files: &[Rendered]) -> Result<Vec<Outcome>, SpecError> {
    let mut staged = Vec::new();
    let mut outcomes = Vec::new();
    for file in files {
        let previous = previous_contents(&file.path)?;
        if previous
            .as_ref()
            .is_some_and(|old| old.bytes == file.text.as_bytes())
        {
            outcomes.push(Outcome::Unchanged);
            continue;
        }
        outcomes.push(Outcome::Written);
        let temporary = stage(&file.path, file.text.as_bytes(), previous.as_ref())?;
        staged.push(Staged {
            temporary,
            path: &file.path,
            previous,
        });
    }
    replace_all(staged)?;
    Ok(outcomes)
}

/// A complete new version of a file, waiting beside it.
struct Staged<'a> {
    temporary: tempfile::NamedTempFile,
    path: &'a Path,
    previous: Option<Previous>,
}

/// Renames every staged file into place; if one fails, the ones before it are rolled back.
fn replace_all(staged: Vec<Staged<'_>>) -> Result<(), SpecError> {
    let mut replaced: Vec<(&Path, Option<Previous>)> = Vec::new();
    for Staged {
        temporary,
        path,
        previous,
    } in staged
    {
        if let Err(error) = temporary.persist(path) {
            for (path, previous) in replaced.into_iter().rev() {
                restore(path, previous);
            }
            return Err(unwritable(path, error.error));
        }
        replaced.push((path, previous));
    }
    Ok(())
}

/// A file's contents and permissions before it was replaced.
struct Previous {
    bytes: Vec<u8>,
    permissions: std::fs::Permissions,
}

fn previous_contents(path: &Path) -> Result<Option<Previous>, SpecError> {
    match std::fs::metadata(path) {
        Ok(metadata) if metadata.is_dir() => Err(unwritable(
            path,
            std::io::Error::new(std::io::ErrorKind::IsADirectory, "it is a directory"),
        )),
        Ok(metadata) => Ok(Some(Previous {
            bytes: std::fs::read(path).map_err(|cause| unwritable(path, cause))?,
            permissions: metadata.permissions(),
        })),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(cause) => Err(unwritable(path, cause)),
    }
}

/// A complete temporary file beside `path`, with the permissions the file has (or 0644).
fn stage(
    path: &Path,
    bytes: &[u8],
    previous: Option<&Previous>,
) -> Result<tempfile::NamedTempFile, SpecError> {
    let directory = path
        .parent()
        .filter(|parent| !parent.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(directory).map_err(|cause| unwritable(path, cause))?;
    let mut temporary =
        tempfile::NamedTempFile::new_in(directory).map_err(|cause| unwritable(path, cause))?;
    std::io::Write::write_all(&mut temporary, bytes).map_err(|cause| unwritable(path, cause))?;
    let permissions = match previous {
        Some(previous) => previous.permissions.clone(),
        None => new_file_permissions(),
    };
    std::fs::set_permissions(temporary.path(), permissions)
        .map_err(|cause| unwritable(path, cause))?;
    Ok(temporary)
}

#[cfg(unix)]
fn new_file_permissions() -> std::fs::Permissions {
    std::os::unix::fs::PermissionsExt::from_mode(0o644)
}

#[cfg(not(unix))]
fn new_file_permissions() -> std::fs::Permissions {
    let mut permissions = std::fs::metadata(".")
        .map(|metadata| metadata.permissions())
        .expect("the working directory exists");
    permissions.set_readonly(false);
    permissions
}

/// Puts back what a file held before this run replaced it; best effort, since the run is
/// already failing with the error that made it roll back.
fn restore(path: &Path, previous: Option<Previous>) {
    match previous {
        Some(previous) => {
            if let Ok(temporary) = stage(path, &previous.bytes, Some(&previous)) {
                let _ = temporary.persist(path);
            }
        }
        None => {
            let _ = std::fs::remove_file(path);
        }
    }
}

fn unwritable(path: &Path, cause: std::io::Error) -> SpecError {
    SpecError::Unwritable {
        path: path.to_path_buf(),
        cause,
    }
}

/// What differs between the file on disk and what it should be, if anything: a short list of
/// JSON pointers rather than a text diff of a large file.
pub fn staleness(file: &Rendered) -> Option<String> {
    let on_disk = match std::fs::read_to_string(&file.path) {
        Ok(text) if text == file.text => return None,
        Ok(text) => text,
        Err(error) => return Some(format!("{}: cannot read ({error})", file.path.display())),
    };
    let changes = match serde_json::from_str::<Value>(&file.text) {
        Ok(expected) => match serde_json::from_str(&on_disk) {
            Ok(found) => {
                let mut changes = Vec::new();
                differences(&found, &expected, "", &mut changes);
                if changes.is_empty() {
                    changes.push("formatting only (keys, indentation or trailing newline)".into());
                }
                changes
            }
            Err(error) => {
                return Some(format!("{}: not valid JSON ({error})", file.path.display()));
            }
        },
        Err(_) => line_differences(&on_disk, &file.text),
    };
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

/// For a file that is not JSON (the client manifest): the lines missing and the lines that
/// should not be there.
fn line_differences(found: &str, expected: &str) -> Vec<String> {
    let missing = expected
        .lines()
        .filter(|line| !found.lines().any(|l| l == *line))
        .map(|line| format!("missing line `{line}`"));
    let unexpected = found
        .lines()
        .filter(|line| !expected.lines().any(|l| l == *line))
        .map(|line| format!("unexpected line `{line}`"));
    let mut changes: Vec<String> = missing.chain(unexpected).collect();
    if changes.is_empty() {
        changes.push("the same lines, in another order".into());
    }
    changes
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
    use serde_json::json;

    use super::*;

    fn rendered(path: &Path, text: &str) -> Rendered {
        Rendered {
            path: path.to_path_buf(),
            text: text.to_owned(),
        }
    }

    #[test]
    fn a_failed_write_leaves_the_existing_file_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let good = dir.path().join("openapi.json");
        std::fs::write(&good, "old\n").unwrap();
        // A file where the second output's folder would have to be.
        std::fs::write(dir.path().join("blocker"), "").unwrap();
        let files = [
            rendered(&good, "new\n"),
            rendered(&dir.path().join("blocker/x.json"), "{}\n"),
        ];
        let error = write_all(&files).unwrap_err();
        // The cause told is the real one: a file is where a folder must be.
        assert!(
            matches!(&error, SpecError::Unwritable { path, cause }
                if path.ends_with("blocker/x.json")
                    && cause.kind() == std::io::ErrorKind::NotADirectory),
            "{error:?}"
        );
        assert_eq!(std::fs::read_to_string(&good).unwrap(), "old\n");
        let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 2, "no temporary file is left behind");
    }

    #[test]
    fn a_directory_in_place_of_the_second_file_leaves_the_first_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let spec = dir.path().join("openapi.json");
        std::fs::write(&spec, "old\n").unwrap();
        let sidecar = dir.path().join("openapi.sourcemap.json");
        std::fs::create_dir(&sidecar).unwrap();
        let error = write_all(&[rendered(&spec, "new\n"), rendered(&sidecar, "{}\n")])
            .unwrap_err()
            .to_string();
        assert!(
            error.contains("openapi.sourcemap.json") && error.contains("directory"),
            "{error}"
        );
        assert_eq!(std::fs::read_to_string(&spec).unwrap(), "old\n");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2);
    }

    #[test]
    fn a_rename_that_fails_rolls_back_the_files_already_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let (kept, created) = (
            dir.path().join("kept.json"),
            dir.path().join("created.json"),
        );
        std::fs::write(&kept, "old\n").unwrap();
        let blocked = dir.path().join("blocked");
        std::fs::create_dir(&blocked).unwrap();
        std::fs::write(blocked.join("inside"), "").unwrap();
        let previous = previous_contents(&kept).unwrap();
        let staged = vec![
            Staged {
                temporary: stage(&kept, b"new\n", previous.as_ref()).unwrap(),
                path: &kept,
                previous,
            },
            Staged {
                temporary: stage(&created, b"new\n", None).unwrap(),
                path: &created,
                previous: None,
            },
            // A rename onto a folder that is not empty fails.
            Staged {
                temporary: stage(&blocked, b"new\n", None).unwrap(),
                path: &blocked,
                previous: None,
            },
        ];
        assert!(replace_all(staged).is_err());
        assert_eq!(std::fs::read_to_string(&kept).unwrap(), "old\n");
        assert!(
            !created.exists(),
            "a file this run created is removed again"
        );
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            2,
            "no temporary file is left"
        );
    }

    #[test]
    fn a_file_whose_bytes_did_not_change_is_not_touched() {
        let dir = tempfile::tempdir().unwrap();
        let (same, changed) = (
            dir.path().join("same.json"),
            dir.path().join("changed.json"),
        );
        std::fs::write(&same, "{}\n").unwrap();
        std::fs::write(&changed, "{}\n").unwrap();
        let modified = |path: &Path| std::fs::metadata(path).unwrap().modified().unwrap();
        let before = modified(&same);
        std::thread::sleep(std::time::Duration::from_millis(20));
        let outcomes = write_all(&[rendered(&same, "{}\n"), rendered(&changed, "[]\n")]).unwrap();
        assert_eq!(outcomes, [Outcome::Unchanged, Outcome::Written]);
        assert_eq!(modified(&same), before);
        assert_eq!(std::fs::read_to_string(&changed).unwrap(), "[]\n");
    }

    #[cfg(unix)]
    #[test]
    fn a_replaced_file_keeps_its_mode_and_a_new_one_is_0644() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let (existing, new) = (
            dir.path().join("existing.json"),
            dir.path().join("new.json"),
        );
        std::fs::write(&existing, "old\n").unwrap();
        std::fs::set_permissions(&existing, std::fs::Permissions::from_mode(0o640)).unwrap();
        write_all(&[rendered(&existing, "new\n"), rendered(&new, "new\n")]).unwrap();
        let mode = |path: &Path| std::fs::metadata(path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&existing), 0o640);
        assert_eq!(mode(&new), 0o644);
    }

    #[test]
    fn missing_output_folders_are_created() {
        let dir = tempfile::tempdir().unwrap();
        let nested = dir.path().join("a/b/openapi.json");
        write_all(&[rendered(&nested, "{}\n")]).unwrap();
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
        std::fs::write(&path, r#"{"a":{"b":1,"c":[1,2,3]}}"#).unwrap();
        let summary = staleness(&expected).unwrap();
        assert!(summary.ends_with("changed /a/c"), "{summary}");
        std::fs::write(&path, r#"{"a":{"b":1,"c":[1,5]}}"#).unwrap();
        let summary = staleness(&expected).unwrap();
        assert!(summary.ends_with("changed /a/c/1"), "{summary}");
    }

    #[test]
    fn staleness_shows_ten_changes_and_counts_the_rest() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("openapi.json");
        let numbered = |count: usize, value: i32| -> Value {
            (0..count)
                .map(|i| (format!("k{i:02}"), json!(value)))
                .collect()
        };
        for (changed, more) in [
            (10, None),
            (11, Some("… and 1 more")),
            (12, Some("… and 2 more")),
        ] {
            std::fs::write(&path, numbered(changed, 0).to_string()).unwrap();
            let summary = staleness(&render_json(path.clone(), &numbered(changed, 1))).unwrap();
            assert_eq!(summary.matches("changed /k").count(), 10, "{summary}");
            assert_eq!(
                summary.lines().last().filter(|line| line.contains("more")),
                more.map(|m| format!("  {m}")).as_deref(),
                "{summary}"
            );
        }
    }

    #[test]
    fn staleness_of_a_manifest_lists_its_changed_lines() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("Cargo.toml");
        let expected = rendered(&path, "[features]\na = []\nb = []\n");
        std::fs::write(&path, "[features]\na = []\nold = []\n").unwrap();
        let summary = staleness(&expected).unwrap();
        assert!(
            summary.contains("missing line `b = []`")
                && summary.contains("unexpected line `old = []`"),
            "{summary}"
        );
        std::fs::write(&path, "b = []\n[features]\na = []\n").unwrap();
        assert!(staleness(&expected).unwrap().contains("another order"));
    }
}
