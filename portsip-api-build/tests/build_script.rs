//! `Build::run` as a build script calls it: it reads its inputs from the environment Cargo sets,
//! so this test has a process of its own to set them in.

use portsip_api_build::{Build, Settings, generate};

const FIXTURE: &str = "tests/fixtures/golden.json";

#[test]
fn a_run_writes_the_client_generated_from_the_spec_the_variable_names() {
    let out_dir = tempfile::tempdir().unwrap();
    // SAFETY: this test binary runs this one test, so no other thread reads the environment.
    unsafe {
        std::env::set_var("OUT_DIR", out_dir.path());
        std::env::set_var("CARGO_MANIFEST_DIR", env!("CARGO_MANIFEST_DIR"));
        std::env::set_var("PORTSIP_API_SPEC", FIXTURE);
    }
    let settings = Settings {
        inner_type: "()".into(),
        list_operation_trait: "crate::L".into(),
        feature_gates: None,
    };
    Build::new("no/such/default.json", settings.clone()).run();

    let written = std::fs::read_to_string(out_dir.path().join("portsip_api.rs")).unwrap();
    // Relative to the package, and named so in the generated file's header.
    let spec = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(FIXTURE);
    let expected = generate(
        &spec.display().to_string(),
        &std::fs::read_to_string(&spec).unwrap(),
        &settings,
    )
    .unwrap();
    assert!(written == expected.code, "the written client differs");
}
