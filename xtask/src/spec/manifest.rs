//! Stage 6, beside the canonical spec: the client manifest's `[features]` table, one feature
//! per resource of the spec ([`mod@resources`]), `full` enabling all of them and the default.
//! The rest of the manifest, comments included, is kept as it is.

use std::path::{Path, PathBuf};

use portsip_api_build::openapi::resources::{self, ALL, Resources};
use serde_json::Value;
use toml_edit::DocumentMut;

use super::error::SpecError;
use super::output::Rendered;
use super::source_map::SourceMap;

/// The resources of the canonical spec; a tag that cannot name a feature is an error at the page
/// line of the operation that carries it.
pub fn resources(document: &Value, source_map: &SourceMap) -> Result<Resources, SpecError> {
    resources::resources(document).map_err(|error| SpecError::NoFeature {
        at: match source_map.locate(&error.pointer) {
            Some(at) => format!("{at}: {}", error.pointer),
            None => error.pointer,
        },
        message: error.message,
    })
}

/// The manifest at `path` with its `[features]` table written from `resources`. `label` names it
/// in errors.
pub fn render(path: &Path, label: &Path, resources: &Resources) -> Result<Rendered, SpecError> {
    let text = std::fs::read_to_string(path).map_err(|cause| SpecError::Unreadable {
        path: label.to_path_buf(),
        cause,
    })?;
    let mut manifest: DocumentMut =
        text.parse()
            .map_err(|error: toml_edit::TomlError| SpecError::BadManifest {
                path: label.to_path_buf(),
                message: located(&text, &error),
            })?;
    let written: DocumentMut = features_table(resources)
        .parse()
        .expect("the features table is valid TOML");
    let mut features = written["features"].clone();
    if let (Some(new), Some(old)) = (
        features.as_table_mut(),
        manifest.get("features").and_then(|item| item.as_table()),
    ) {
        new.set_position(old.position());
        new.decor_mut().clone_from(old.decor());
    } else if let Some(new) = features.as_table_mut() {
        new.decor_mut().set_prefix("\n");
    }
    manifest["features"] = features;
    Ok(Rendered {
        path: PathBuf::from(path),
        text: manifest.to_string(),
    })
}

/// `[features]` as TOML text: each resource with a comment naming its tag and size.
fn features_table(resources: &Resources) -> String {
    let mut text = String::from(
        "[features]\n\
         # Written by `cargo xtask spec` from the spec's tags: one feature per API resource, each\n\
         # compiling that resource's operations and the types they use. Do not edit by hand.\n",
    );
    text.push_str(&format!("default = [\"{ALL}\"]\n{ALL} = [\n"));
    for feature in resources.by_feature.keys() {
        text.push_str(&format!("    \"{feature}\",\n"));
    }
    text.push_str("]\n");
    for resource in resources.by_feature.values() {
        let count = resource.operations.len();
        let noun = if count == 1 {
            "operation"
        } else {
            "operations"
        };
        text.push_str(&format!(
            "# {}: {count} {noun}\n\"{}\" = []\n",
            resource.tag.replace('\n', " "),
            resource.feature
        ));
    }
    text
}

/// toml_edit's message, which names the line and column, with the file's line shown.
fn located(text: &str, error: &toml_edit::TomlError) -> String {
    let line = error
        .span()
        .map(|span| text[..span.start.min(text.len())].lines().count().max(1));
    match line {
        Some(line) => format!("line {line}: {}", error.message()),
        None => error.message().to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn resources_of(tags: &[(&str, &str)]) -> Resources {
        let mut paths = serde_json::Map::new();
        for (operation_id, tag) in tags {
            paths.insert(
                format!("/{operation_id}"),
                json!({"get": {"operationId": operation_id, "tags": [tag]}}),
            );
        }
        resources::resources(&json!({ "paths": paths })).unwrap()
    }

    fn manifest(text: &str) -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("Cargo.toml");
        std::fs::write(&path, text).unwrap();
        (dir, path)
    }

    #[test]
    fn the_features_table_is_replaced_in_place_and_everything_else_kept() {
        let (_dir, path) = manifest(
            "[package]\nname = \"c\" # the client\n\n[features]\ndefault = []\nold = []\n\n\
             [dependencies]\nserde = \"1\"\n",
        );
        let resources = resources_of(&[
            ("listQueues", "Call Queue"),
            ("showQueue", "Call Queue"),
            ("listTrunks", "Trunk"),
        ]);
        let text = render(&path, Path::new("Cargo.toml"), &resources)
            .unwrap()
            .text;
        assert!(
            text.starts_with("[package]\nname = \"c\" # the client\n\n[features]\n"),
            "{text}"
        );
        assert!(
            text.ends_with("\n[dependencies]\nserde = \"1\"\n"),
            "{text}"
        );
        assert!(!text.contains("old"), "{text}");
        assert!(
            text.contains(
                "default = [\"full\"]\nfull = [\n    \"call-queue\",\n    \"trunk\",\n]\n\
                 # Call Queue: 2 operations\n\"call-queue\" = []\n# Trunk: 1 operation\n\"trunk\" = []\n"
            ),
            "{text}"
        );
        let parsed: toml::Table = toml::from_str(&text).unwrap();
        assert_eq!(
            parsed["features"]["full"],
            toml::Value::Array(vec!["call-queue".into(), "trunk".into()])
        );
    }

    #[test]
    fn a_manifest_without_features_gets_the_table() {
        let (_dir, path) = manifest("[package]\nname = \"c\"\n");
        let text = render(&path, Path::new("Cargo.toml"), &resources_of(&[("a", "A")]))
            .unwrap()
            .text;
        let parsed: toml::Table = toml::from_str(&text).unwrap();
        assert_eq!(parsed["package"]["name"].as_str(), Some("c"));
        assert_eq!(parsed["features"]["a"], toml::Value::Array(vec![]));
    }

    #[test]
    fn rendering_twice_gives_the_same_text() {
        let (_dir, path) = manifest("[package]\nname = \"c\"\n\n[features]\nx = []\n");
        let resources = resources_of(&[("a", "A"), ("b", "B b")]);
        let once = render(&path, Path::new("Cargo.toml"), &resources).unwrap();
        std::fs::write(&path, &once.text).unwrap();
        let twice = render(&path, Path::new("Cargo.toml"), &resources).unwrap();
        assert_eq!(once.text, twice.text);
    }

    #[test]
    fn a_broken_manifest_is_named_with_its_line() {
        let (_dir, path) = manifest("[package]\nname = \"c\"\nversion = \n");
        let error = render(&path, Path::new("client/Cargo.toml"), &resources_of(&[]))
            .unwrap_err()
            .to_string();
        assert!(error.starts_with("client/Cargo.toml: line 3:"), "{error}");
    }
}
