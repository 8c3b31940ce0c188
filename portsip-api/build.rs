//! Generates the client from the canonical spec (or the one `PORTSIP_API_SPEC` names) into
//! `$OUT_DIR/portsip_api.rs`. The two paths are this crate's side of the generated code's
//! contract: the client's inner value and the list-operation trait.

fn main() {
    portsip_api_build::Build::new(
        "../spec/openapi.json",
        portsip_api_build::Settings {
            inner_type: "crate::session::Session".into(),
            list_operation_trait: "crate::pagination::ListOperation".into(),
        },
    )
    .run();
}
