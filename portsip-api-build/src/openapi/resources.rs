//! The client's resources: one cargo feature per tag of the spec, named in kebab case
//! (`Call Queue` → `call-queue`), enabling the operations that carry the tag. `cargo xtask spec`
//! writes the client's `[features]` table from this, and the generator gates the code by it, so a
//! new vendor page becomes a new feature with no hand edit.
//!
//! An operation with several tags belongs to each of their features; one with no tag belongs to
//! none and is always compiled.

use std::collections::BTreeMap;

use serde_json::Value;

use super::operations;

/// The feature that enables every resource; the client's default.
pub const ALL: &str = "full";

/// Names Cargo gives a meaning of its own, or that [`ALL`] takes.
const RESERVED: [&str; 2] = [ALL, "default"];

/// One resource: a tag and the operations that carry it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Resource {
    pub feature: String,
    /// The tag as the spec spells it.
    pub tag: String,
    /// Operation ids, in document order.
    pub operations: Vec<String>,
}

/// Every resource of a spec, by feature name.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Resources {
    pub by_feature: BTreeMap<String, Resource>,
}

/// Two tags that would share a feature, or a tag whose feature name is not usable.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResourceError {
    /// The operation whose tag could not get a feature of its own.
    pub pointer: String,
    pub message: String,
}

impl std::fmt::Display for ResourceError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "at {}: {}", self.pointer, self.message)
    }
}

impl std::error::Error for ResourceError {}

/// Reads the resources of `document` from its operations' tags.
pub fn resources(document: &Value) -> Result<Resources, ResourceError> {
    let mut by_feature: BTreeMap<String, Resource> = BTreeMap::new();
    for operation in operations(document) {
        let Some(operation_id) = operation.operation_id() else {
            continue;
        };
        for (index, tag) in operation.tags().iter().enumerate() {
            let error = |message: String| ResourceError {
                pointer: format!("{}/tags/{index}", operation.pointer),
                message,
            };
            let tag = tag
                .as_str()
                .ok_or_else(|| error("a tag is a string".into()))?;
            let feature = feature_name(tag);
            if feature.is_empty() {
                return Err(error(format!(
                    "the tag {tag:?} has no letter or digit to name its cargo feature"
                )));
            }
            if RESERVED.contains(&feature.as_str()) {
                return Err(error(format!(
                    "the tag {tag:?} would be the cargo feature `{feature}`, which is reserved"
                )));
            }
            let resource = by_feature
                .entry(feature.clone())
                .or_insert_with(|| Resource {
                    feature: feature.clone(),
                    tag: tag.to_owned(),
                    operations: Vec::new(),
                });
            if resource.tag != tag {
                return Err(error(format!(
                    "the tags {:?} and {tag:?} would both be the cargo feature `{feature}`",
                    resource.tag
                )));
            }
            if !resource
                .operations
                .iter()
                .any(|known| known == operation_id)
            {
                resource.operations.push(operation_id.to_owned());
            }
        }
    }
    Ok(Resources { by_feature })
}

impl Resources {
    /// The features of each tagged operation, by operation id.
    pub fn by_operation(&self) -> BTreeMap<&str, Vec<&str>> {
        let mut by_operation: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for resource in self.by_feature.values() {
            for operation in &resource.operations {
                by_operation
                    .entry(operation)
                    .or_default()
                    .push(&resource.feature);
            }
        }
        by_operation
    }
}

/// The kebab-case feature name of a tag: lowercase letters and digits, every other run of
/// characters one `-` (`SMS/MMS` → `sms-mms`, `Microsoft 365` → `microsoft-365`).
pub fn feature_name(tag: &str) -> String {
    let mut name = String::new();
    let mut pending_separator = false;
    for c in tag.chars() {
        if c.is_alphanumeric() {
            if pending_separator && !name.is_empty() {
                name.push('-');
            }
            pending_separator = false;
            name.extend(c.to_lowercase());
        } else {
            pending_separator = true;
        }
    }
    name
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn feature_names_are_the_tags_in_kebab_case() {
        for (tag, feature) in [
            ("Call Queue", "call-queue"),
            ("CDR", "cdr"),
            ("SMS/MMS", "sms-mms"),
            ("Microsoft 365", "microsoft-365"),
            ("  Hot   Desking ", "hot-desking"),
            ("Größe", "größe"),
            ("/", ""),
        ] {
            assert_eq!(feature_name(tag), feature, "{tag:?}");
        }
    }

    #[test]
    fn each_tag_collects_its_operations_and_an_untagged_operation_none() {
        let document = json!({"paths": {
            "/queues": {
                "get": {"operationId": "listQueues", "tags": ["Call Queue"]},
                "post": {"operationId": "createQueue", "tags": ["Call Queue", "Admin"]}
            },
            "/ping": {"get": {"operationId": "ping"}}
        }});
        let resources = resources(&document).unwrap();
        let summary: Vec<(&str, &str, Vec<&str>)> = resources
            .by_feature
            .values()
            .map(|r| {
                let operations = r.operations.iter().map(String::as_str).collect();
                (r.feature.as_str(), r.tag.as_str(), operations)
            })
            .collect();
        assert_eq!(
            summary,
            [
                ("admin", "Admin", vec!["createQueue"]),
                (
                    "call-queue",
                    "Call Queue",
                    vec!["listQueues", "createQueue"]
                ),
            ]
        );
        let by_operation = resources.by_operation();
        assert_eq!(by_operation["createQueue"], ["admin", "call-queue"]);
        assert!(!by_operation.contains_key("ping"));
    }

    #[test]
    fn tags_that_would_share_a_feature_are_an_error_at_the_second() {
        let document = json!({"paths": {
            "/a": {"get": {"operationId": "a", "tags": ["Call Queue"]}},
            "/b": {"get": {"operationId": "b", "tags": ["call-queue"]}}
        }});
        let error = resources(&document).unwrap_err();
        assert_eq!(error.pointer, "/paths/~1b/get/tags/0");
        assert!(
            error.message.contains("\"Call Queue\" and \"call-queue\""),
            "{error}"
        );
    }

    #[test]
    fn a_tag_named_like_a_reserved_feature_or_with_no_name_is_an_error() {
        for (tag, expected) in [
            ("Full", "reserved"),
            ("Default", "reserved"),
            ("—", "no letter"),
        ] {
            let document = json!({"paths": {"/a": {"get": {"operationId": "a", "tags": [tag]}}}});
            let error = resources(&document).unwrap_err().to_string();
            assert!(error.contains(expected), "{tag}: {error}");
        }
    }
}
