//! The code generator: the YAML spec of the Mews Connector API in, the
//! Rust source of the client's `generated/` folder out.
//!
//! The pipeline, one module per stage, top to bottom:
//!
//! 1. [`load`]: YAML text to the spec model ([`spec`]), reporting unknown,
//!    missing and malformed keys. The only module that reads YAML.
//! 2. [`check`]: the spec as a whole: references, duplicates, Rust-name
//!    collisions, contracts that do not fit their type, Mews conventions.
//! 3. [`lower`]: the checked spec to the [`ir`], named for Rust ([`names`]).
//! 4. [`emit`]: the IR to token streams, one per generated file.
//! 5. [`render`]: tokens to formatted text behind the `@generated` header.
//!
//! The library does no file I/O: [`generate`] takes the spec files' text and
//! returns the generated files' text, or every [`Diagnostic`] found. It is
//! deterministic: the same input gives byte-identical output.

pub mod check;
pub mod diagnostic;
pub mod emit;
pub mod ir;
pub mod load;
pub mod lower;
pub mod names;
pub mod render;
pub mod spec;

pub use diagnostic::{Diagnostic, Diagnostics, Location};

/// One spec file's name (e.g. `voucher_codes.yaml`) and text.
#[derive(Clone, Debug)]
pub struct SourceFile {
    /// The file name, relative to the spec folder.
    pub name: String,
    /// Its contents.
    pub text: String,
}

/// One generated file: its path inside the `generated/` folder and its text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GeneratedFile {
    /// The path relative to the output folder, e.g. `voucher_codes.rs`.
    pub path: String,
    /// The full contents.
    pub contents: String,
}

/// Runs the whole pipeline.
///
/// Returns every generated file, sorted by path, or every problem found.
pub fn generate(sources: &[SourceFile]) -> Result<Vec<GeneratedFile>, Diagnostics> {
    let mut sources: Vec<&SourceFile> = sources.iter().collect();
    sources.sort_by(|a, b| a.name.cmp(&b.name));
    let mut diags = Diagnostics::default();
    if sources.is_empty() {
        let loc = Location::new("spec", Vec::new());
        diags.push(
            Diagnostic::new(loc, "the spec folder has no `.yaml` files")
                .help("add the shared definitions and one file per resource (see spec/README.md)"),
        );
        return Err(diags);
    }
    let files: Vec<spec::SpecFile> = sources
        .iter()
        .filter_map(|s| load::load(&s.name, &s.text, &mut diags))
        .collect();
    // Judge the files that did load even when others did not, so that one run
    // reports as much as it can.
    let symbols = check::check(&files, &mut diags);
    if !diags.is_empty() {
        for loc in diags
            .items_mut()
            .iter_mut()
            .flat_map(Diagnostic::locations_mut)
        {
            if loc.line_col.is_none()
                && let Some(source) = sources.iter().find(|s| s.name == loc.file)
            {
                loc.line_col = load::locate(&source.text, loc);
            }
        }
        diags.sort();
        return Err(diags);
    }
    let api = lower::lower(&files, &symbols);
    let (modules, root) = emit::emit(&api);
    let mut out: Vec<GeneratedFile> = modules
        .into_iter()
        .map(|m| GeneratedFile {
            path: format!("{}.rs", m.name),
            contents: render::render(m.tokens, &format!("spec/{}", m.source)),
        })
        .collect();
    out.push(GeneratedFile {
        path: "mod.rs".to_owned(),
        contents: render::render(root, "spec/"),
    });
    out.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(out)
}
