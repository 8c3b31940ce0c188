//! The `build.rs` entry point: which spec to read, where to write, and the `cargo:` lines that
//! make Cargo rerun the build script when — and only when — one of its inputs changes.

use std::path::{Path, PathBuf};

use crate::{Error, Settings, generate};

/// The environment variable that points the build at another spec (e.g. a newer PBX version's).
pub const SPEC_ENV: &str = "PORTSIP_API_SPEC";

/// Set for the crate being built: the spec its client was generated from.
pub const SPEC_PATH_ENV: &str = "PORTSIP_API_SPEC_PATH";

/// The generated file's name inside `OUT_DIR`.
pub const OUTPUT_FILE: &str = "portsip_api.rs";

/// One run of the generator from a build script.
#[derive(Clone, Debug)]
pub struct Build {
    default_spec: PathBuf,
    settings: Settings,
}

impl Build {
    /// `default_spec` is used unless `PORTSIP_API_SPEC` is set; relative paths are relative to
    /// the package being built.
    pub fn new(default_spec: impl Into<PathBuf>, settings: Settings) -> Self {
        Self {
            default_spec: default_spec.into(),
            settings,
        }
    }

    /// Generates `$OUT_DIR/portsip_api.rs`; on failure prints why and exits, failing the build.
    pub fn run(self) {
        let manifest_dir = std::env::var_os("CARGO_MANIFEST_DIR")
            .map(PathBuf::from)
            .unwrap_or_default();
        let out_dir = std::env::var_os("OUT_DIR")
            .map(PathBuf::from)
            .expect("OUT_DIR is set by Cargo");
        let spec = self.spec_path(&manifest_dir, std::env::var_os(SPEC_ENV).map(PathBuf::from));
        for line in rerun_instructions(&spec) {
            println!("{line}");
        }
        // The client's tests read the same spec the client was generated from.
        println!("cargo:rustc-env={SPEC_PATH_ENV}={}", spec.display());
        if let Err(error) = self.write(&spec, &out_dir.join(OUTPUT_FILE)) {
            eprintln!("error: {error}");
            std::process::exit(1);
        }
    }

    /// The spec to read: the override if given, else the default, relative to `manifest_dir`.
    pub fn spec_path(&self, manifest_dir: &Path, override_path: Option<PathBuf>) -> PathBuf {
        manifest_dir.join(override_path.unwrap_or_else(|| self.default_spec.clone()))
    }

    /// Generates from `spec` into `output`, leaving an unchanged file untouched.
    pub fn write(&self, spec: &Path, output: &Path) -> Result<(), Error> {
        let path = spec.display().to_string();
        let text = std::fs::read_to_string(spec).map_err(|source| Error::Read {
            path: path.clone(),
            source,
        })?;
        let generated = generate(&path, &text, &self.settings)?;
        if std::fs::read_to_string(output).ok().as_deref() != Some(generated.code.as_str()) {
            std::fs::write(output, generated.code).map_err(|source| Error::Write {
                path: output.display().to_string(),
                source,
            })?;
        }
        Ok(())
    }
}

/// Exactly the build script's inputs: the spec file and the variable that can replace it. (The
/// build script's own source and this library are tracked by Cargo as its dependencies.)
pub fn rerun_instructions(spec: &Path) -> [String; 2] {
    [
        format!("cargo:rerun-if-env-changed={SPEC_ENV}"),
        format!("cargo:rerun-if-changed={}", spec.display()),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn build() -> Build {
        Build::new(
            "../spec/openapi.json",
            Settings {
                inner_type: "()".into(),
                list_operation_trait: "crate::L".into(),
                feature_gates: None,
            },
        )
    }

    #[test]
    fn the_environment_variable_overrides_the_default_spec() {
        let dir = Path::new("/pkg");
        assert_eq!(
            build().spec_path(dir, None),
            Path::new("/pkg/../spec/openapi.json")
        );
        assert_eq!(
            build().spec_path(dir, Some("/v23/openapi.json".into())),
            Path::new("/v23/openapi.json")
        );
        assert_eq!(
            build().spec_path(dir, Some("other.json".into())),
            Path::new("/pkg/other.json")
        );
    }

    #[test]
    fn rerun_lines_name_exactly_the_spec_and_its_variable() {
        assert_eq!(
            rerun_instructions(Path::new("/pkg/spec.json")),
            [
                "cargo:rerun-if-env-changed=PORTSIP_API_SPEC",
                "cargo:rerun-if-changed=/pkg/spec.json"
            ]
        );
    }

    #[test]
    fn an_unreadable_spec_names_its_path() {
        let error = build()
            .write(Path::new("/no/such/spec.json"), Path::new("/tmp/unused.rs"))
            .unwrap_err();
        assert!(
            error
                .to_string()
                .starts_with("cannot read the spec /no/such/spec.json"),
            "{error}"
        );
    }
}
