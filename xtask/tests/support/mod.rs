//! Vendor-format pages of our own making, written to a temporary docs folder.

#![allow(dead_code, reason = "each test binary uses a different part")]

pub mod lint;

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

/// One kind of bad input: how to break a corpus whose first page, `base`, lists things at
/// line 10, and the start of the error that must follow.
pub struct BadInput {
    pub what: &'static str,
    pub break_it: fn(&Corpus),
    pub expected: String,
}

/// Every bad input the pipeline must refuse with the page and line named. The broken page is
/// `z-new.md`, which sorts after any base page.
pub fn bad_inputs(base: &str) -> Vec<BadInput> {
    let first = format!("docs/{base}:10 (## List things)");
    let case = |what, break_it, expected: String| BadInput {
        what,
        break_it,
        expected,
    };
    vec![
        case(
            "invalid JSON",
            |c| {
                c.write("z-new.md", "# B\n\n## Broken\n\n```json\n{\"openapi\": \n```\n");
            },
            "docs/z-new.md:7 (## Broken): fragment is not valid JSON".into(),
        ),
        case(
            "no operation",
            |c| {
                let mut f = fragment("/x", "get", json!({}));
                f["paths"] = json!({"/x": {"summary": "nothing"}});
                c.write("z-new.md", page("B", &[("Empty", f)]));
            },
            "docs/z-new.md:10 (## Empty): fragment has no operation: `paths` has no HTTP method".into(),
        ),
        case(
            "conflicting operation",
            |c| {
                let mut f = fragment("/things", "get", operation("listThingsAgain", json!({"type": "string"})));
                f["paths"]["/things"]["get"]["summary"] = json!("Other");
                c.write("z-new.md", page("B", &[("Again", f)]));
            },
            format!("GET /things is defined twice, differently: {first} and docs/z-new.md:10 (## Again)"),
        ),
        case(
            "duplicate operationId",
            |c| {
                let f = fragment("/other", "get", operation("listThings", json!({"type": "string"})));
                c.write("z-new.md", page("B", &[("Same id", f)]));
            },
            format!("operationId `listThings` is used twice: {first} and docs/z-new.md:10 (## Same id)"),
        ),
        case(
            "servers disagree",
            |c| {
                let mut f = fragment("/other", "get", operation("other", json!({"type": "string"})));
                f["servers"] = json!([{"url": "https://elsewhere/api"}]);
                c.write("z-new.md", page("B", &[("Elsewhere", f)]));
            },
            format!("fragments disagree on `servers`: {first} and docs/z-new.md:10 (## Elsewhere)"),
        ),
        case(
            "security disagrees",
            |c| {
                let mut f = fragment("/other", "get", operation("other", json!({"type": "string"})));
                f["security"] = json!([{"basic": []}]);
                c.write("z-new.md", page("B", &[("Basic", f)]));
            },
            format!("fragments disagree on `security`: {first} and docs/z-new.md:10 (## Basic)"),
        ),
        case(
            "dangling $ref",
            |c| {
                let f = fragment("/other", "get", operation("other", json!({"$ref": "#/components/schemas/Gone"})));
                c.write("z-new.md", page("B", &[("Refers", f)]));
            },
            "docs/z-new.md:10 (## Refers): `$ref` at /paths/~1other/get/responses/200/content/application~1json/schema/$ref points to nothing: #/components/schemas/Gone".into(),
        ),
        case(
            "non-UTF-8 page",
            |c| {
                c.write("z-new.md", b"# C\n\nok\n\xff\xfe\n");
            },
            "docs/z-new.md:4: not valid UTF-8 (byte 8)".into(),
        ),
        case(
            "unreadable page",
            |c| std::fs::create_dir(c.docs().join("z-new.md")).unwrap(),
            "docs/z-new.md: cannot read".into(),
        ),
    ]
}
