//! Vendor-format pages of our own making, written to a temporary docs folder.

#![allow(dead_code, reason = "each test binary uses a different part")]

use std::path::{Path, PathBuf};

use serde_json::{Value, json};

/// One self-contained fragment in the vendor's format around a single operation.
pub fn fragment(path: &str, method: &str, operation: Value) -> Value {
    let mut document = json!({
        "openapi": "3.1.0",
        "info": {"title": "PortSIP PBX Rest API", "version": "22.0"},
        "tags": [{"name": "Things", "description": "Manage things.\n"}],
        "servers": [{"url": "{protocol}://{hostname}:{port}/api", "variables": {
            "protocol": {"default": "https"}, "hostname": {"default": "HOSTNAME"}, "port": {"default": "8887"}
        }}],
        "security": [{"bearer": []}],
        "components": {"securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}}},
        "paths": {}
    });
    document["paths"][path] = json!({ method: operation });
    document
}

/// A typical operation answering an object schema.
pub fn operation(id: &str, response: Value) -> Value {
    json!({
        "tags": ["Things"],
        "operationId": id,
        "summary": format!("Do {id}"),
        "description": format!("Does {id}.\n"),
        "responses": {
            "200": {"description": "OK", "content": {"application/json": {"schema": response}}},
            "4XX": {"description": "Error"}
        }
    })
}

pub fn thing_schema(description: &str) -> Value {
    json!({"type": "object", "description": description, "properties": {
        "id": {"type": "string", "description": "The ID.\n"},
        "kind": {"type": "string", "enum": ["A", "B"], "default": "A"}
    }})
}

/// A page: title, then a `## heading` and fenced json block per fragment.
pub fn page(title: &str, fragments: &[(&str, Value)]) -> String {
    let mut text = format!("# {title}\n\nManage {title}.\n\n");
    for (heading, fragment) in fragments {
        text.push_str(&format!(
            "## {heading}\n\n> {heading}<br>\n\n```json\n{fragment}\n```\n\n"
        ));
    }
    text
}

pub struct Corpus {
    pub dir: tempfile::TempDir,
}

impl Corpus {
    pub fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("docs")).unwrap();
        Self { dir }
    }

    pub fn docs(&self) -> PathBuf {
        self.dir.path().join("docs")
    }

    pub fn write(&self, name: &str, text: impl AsRef<[u8]>) -> &Self {
        std::fs::write(self.docs().join(name), text).unwrap();
        self
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    pub fn inputs(&self) -> xtask::spec::Inputs {
        xtask::spec::Inputs {
            root: self.dir.path().to_path_buf(),
            docs: self.docs(),
            overlay: None,
            names: None,
        }
    }
}

pub fn read_json(path: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}
