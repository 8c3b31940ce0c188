//! The yardstick for the generated client's size and build time: plain progenitor, builder
//! interface and default settings, on the same canonical spec (converted to OpenAPI 3.0, which
//! progenitor needs, and nothing else). Writes a standalone crate that compiles that code, and
//! prints how big it is. BENCHMARKS.md ("Build, whole API") times it beside `portsip-api`.
//!
//! ```sh
//! cargo run -p portsip-api-build --example naive_progenitor -- spec/openapi.json target/naive-progenitor
//! ```

use std::path::{Path, PathBuf};
use std::{env, fs, process::ExitCode};

use progenitor::{GenerationSettings, Generator, InterfaceStyle};
use serde_json::Value;

fn main() -> ExitCode {
    let mut args = env::args_os().skip(1).map(PathBuf::from);
    let (Some(spec), Some(crate_dir), None) = (args.next(), args.next(), args.next()) else {
        eprintln!("usage: naive_progenitor <spec/openapi.json> <directory for the crate>");
        return ExitCode::from(2);
    };
    match write_crate(&spec, &crate_dir) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("naive_progenitor: {message}");
            ExitCode::FAILURE
        }
    }
}

fn write_crate(spec: &Path, crate_dir: &Path) -> Result<(), String> {
    let text = fs::read_to_string(spec).map_err(|e| format!("{}: {e}", spec.display()))?;
    let mut document: Value =
        serde_json::from_str(&text).map_err(|e| format!("{}: {e}", spec.display()))?;
    portsip_api_build::convert::to_openapi_30(&mut document)
        .map_err(|e| format!("{}: {e}", spec.display()))?;
    let openapi: openapiv3::OpenAPI = serde_json::from_value(document)
        .map_err(|e| format!("{}: not OpenAPI 3.0 after conversion: {e}", spec.display()))?;

    let mut generator =
        Generator::new(GenerationSettings::default().with_interface(InterfaceStyle::Builder));
    let tokens = generator
        .generate_tokens(&openapi)
        .map_err(|e| format!("progenitor: {e}"))?;
    let file: syn::File = syn::parse2(tokens).map_err(|e| format!("syn: {e}"))?;
    let code = prettyplease::unparse(&file);

    let src = crate_dir.join("src");
    fs::create_dir_all(&src).map_err(|e| format!("{}: {e}", src.display()))?;
    write(&src.join("lib.rs"), &code)?;
    let types = generator.get_type_space();
    let uses = Uses {
        chrono: types.uses_chrono(),
        uuid: types.uses_uuid(),
        regress: types.uses_regress(),
    };
    write(&crate_dir.join("Cargo.toml"), &manifest(&uses))?;
    println!(
        "{}: {} lines, {} bytes, {} data types",
        src.join("lib.rs").display(),
        code.lines().count(),
        code.len(),
        data_types(&file)
    );
    Ok(())
}

/// The optional crates the generated types name.
struct Uses {
    chrono: bool,
    uuid: bool,
    regress: bool,
}

/// The crates the generated code names, at the versions `portsip-api` uses for those they
/// share; `[workspace]` keeps the crate out of ours.
fn manifest(uses: &Uses) -> String {
    let mut dependencies = vec![
        r#"progenitor-client = "=0.15.1""#,
        r#"reqwest = { version = "0.13.5", default-features = false, features = ["json", "query", "rustls", "stream"] }"#,
        r#"serde = { version = "1", features = ["derive"] }"#,
        r#"serde_json = "1""#,
        r#"bytes = "1""#,
        r#"futures-core = "0.3""#,
    ];
    if uses.chrono {
        dependencies.push(r#"chrono = { version = "0.4", default-features = false, features = ["serde", "std"] }"#);
    }
    if uses.uuid {
        dependencies.push(r#"uuid = { version = "1", features = ["serde"] }"#);
    }
    if uses.regress {
        dependencies.push(r#"regress = "0.12""#);
    }
    format!(
        "[package]\nname = \"naive-progenitor\"\nversion = \"0.0.0\"\nedition = \"2024\"\n\
         publish = false\n\n[workspace]\n\n[dependencies]\n{}\n",
        dependencies.join("\n")
    )
}

/// Structs and enums in the `types` module, as in the issue's count of "data types".
fn data_types(file: &syn::File) -> usize {
    file.items
        .iter()
        .find_map(|item| match item {
            syn::Item::Mod(module) if module.ident == "types" => module.content.as_ref(),
            _ => None,
        })
        .map_or(0, |(_, items)| {
            items
                .iter()
                .filter(|item| matches!(item, syn::Item::Struct(_) | syn::Item::Enum(_)))
                .count()
        })
}

/// Writes through a temporary file beside `path`, so a failed run leaves no half-written file.
fn write(path: &Path, contents: &str) -> Result<(), String> {
    let temporary = path.with_extension("tmp");
    fs::write(&temporary, contents)
        .and_then(|()| fs::rename(&temporary, path))
        .map_err(|e| format!("{}: {e}", path.display()))
}
