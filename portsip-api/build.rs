//! Generates the client from the canonical spec (or the one `PORTSIP_API_SPEC` names) into
//! `$OUT_DIR/portsip_api.rs`. The settings are this crate's side of the generated code's
//! contract: the client's inner value, the list-operation trait, and what the hand-written layer
//! needs compiled whatever resource features are on.

fn main() {
    portsip_api_build::Build::new(
        "../spec/openapi.json",
        portsip_api_build::Settings::portsip_api(),
    )
    .run();
}
