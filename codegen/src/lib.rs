//! The code generator: the YAML spec of the Mews Connector API in, the
//! client's generated files out (the Rust source of its crates' `generated/`
//! folders and of its type crates, with their manifests: [`crates`]).
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
//! The scalar types (`string`, `uuid`, `decimal`, ...) are data, one entry
//! each in [`scalar`], which every stage reads.
//!
//! The library does no file I/O: [`generate`] takes the spec files' text and
//! returns the generated files' text, or every [`Diagnostic`] found. It is
//! deterministic: the same input gives byte-identical output.
//!
//! [`generate_overlay`] generates extra spec files (test fixtures) into a
//! crate beside the client: they are checked together with the client's
//! spec, may use its types, and reach them through `mews_connector`.

pub mod check;
pub mod crates;
pub mod diagnostic;
pub mod emit;
pub mod features;
pub mod ir;
pub mod load;
pub mod lower;
pub mod names;
mod overlay;
pub mod render;
pub mod scalar;
pub mod spec;

use std::sync::atomic::{AtomicUsize, Ordering};

pub use diagnostic::{Diagnostic, Diagnostics, Location};

/// One spec file's name (e.g. `voucher_codes.yaml`) and text.
#[derive(Clone, Debug)]
pub struct SourceFile {
    /// The file name, relative to the spec folder.
    pub name: String,
    /// Its contents.
    pub text: String,
}

/// One generated file: its path inside the output folder (the client's
/// `generated-client/`, or an overlay's `generated/`) and its text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GeneratedFile {
    /// The path relative to the output folder, e.g.
    /// `types/shared/src/voucher_codes.rs`.
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
        diags.push(no_files("spec", "the spec folder"));
        return Err(diags);
    }
    let files = load_all(&sources, &mut diags);
    // Judge the files that did load even when others did not, so that one run
    // reports as much as it can.
    let symbols = check::check(&files, &mut diags);
    if !diags.is_empty() {
        return Err(located(diags, &sources));
    }
    let api = lower::lower(&files, &symbols);
    let layout = crates::Layout::new(&api.features);
    let manifests: Vec<GeneratedFile> = crates::Crate::TYPES
        .into_iter()
        .map(|krate| GeneratedFile {
            path: krate.manifest_path(),
            contents: render::manifest(&crates::manifest(krate, &layout, &api.features), "spec/"),
        })
        .collect();
    let target = emit::Target::Client(layout);
    let mut out = render_all(&api, &target, |source| format!("spec/{source}"), "spec/");
    out.extend(manifests);
    out.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(out)
}

/// Loads and checks the spec without generating anything: the model, in
/// file-name order, for tools that read the spec (`cargo xtask audit`).
///
/// Refuses exactly the specs [`generate`] refuses, with the same diagnostics.
pub fn load_spec(sources: &[SourceFile]) -> Result<Vec<spec::SpecFile>, Diagnostics> {
    let mut sources: Vec<&SourceFile> = sources.iter().collect();
    sources.sort_by(|a, b| a.name.cmp(&b.name));
    let mut diags = Diagnostics::default();
    if sources.is_empty() {
        diags.push(no_files("spec", "the spec folder"));
        return Err(diags);
    }
    let files = load_all(&sources, &mut diags);
    check::check(&files, &mut diags);
    if !diags.is_empty() {
        return Err(located(diags, &sources));
    }
    Ok(files)
}

/// Generates an overlay: the spec files `overlay`, checked and resolved
/// together with the client's spec `base`, as the `generated/` folder of a
/// crate that depends on the client.
///
/// Only the overlay's modules are generated. The overlay's files may use
/// every type of the base spec (and must not repeat its names or define an
/// envelope); the generated code reaches those types and the runtime as
/// `::mews_connector::...`, and resources get their `Client` accessor from
/// an extension trait ([`names::client_extension`]). The overlay's files are
/// named as they should appear in diagnostics and file headers, e.g.
/// `tests/shapes/spec/shape_demo.yaml`.
///
/// Returns the overlay's files, sorted by path, or every problem found in
/// either spec.
pub fn generate_overlay(
    base: &[SourceFile],
    overlay: &[SourceFile],
) -> Result<Vec<GeneratedFile>, Diagnostics> {
    let mut base: Vec<&SourceFile> = base.iter().collect();
    base.sort_by(|a, b| a.name.cmp(&b.name));
    let mut extra: Vec<&SourceFile> = overlay.iter().collect();
    extra.sort_by(|a, b| a.name.cmp(&b.name));
    let mut diags = Diagnostics::default();
    if base.is_empty() {
        diags.push(no_files("spec", "the spec folder"));
    }
    if extra.is_empty() {
        diags.push(no_files("overlay", "the overlay"));
    }
    for file in &extra {
        if base.iter().any(|b| b.name == file.name) {
            let loc = Location::new(&file.name, Vec::new());
            diags.push(
                Diagnostic::new(
                    loc,
                    format!("`{}` is in the spec and in the overlay", file.name),
                )
                .help("name the overlay's files apart, e.g. by their folder"),
            );
        }
    }
    if !diags.is_empty() {
        return Err(diags);
    }
    let sources: Vec<&SourceFile> = base.iter().chain(&extra).copied().collect();
    let files = load_all(&sources, &mut diags);
    let in_base = files
        .iter()
        .take_while(|f| base.iter().any(|b| b.name == f.name))
        .count();
    let symbols = check::check(&files, &mut diags);
    if diags.is_empty() {
        overlay::check(&files, in_base, &symbols, &mut diags);
    }
    if !diags.is_empty() {
        return Err(located(diags, &sources));
    }
    let api = lower::lower(&files, &symbols);
    let own = files[in_base..].iter().map(names::module_name).collect();
    let target = emit::Target::Overlay(own);
    // The overlay's files come from one folder: name it in `mod.rs`'s header.
    let folder = extra
        .first()
        .and_then(|f| f.name.rsplit_once('/'))
        .map_or_else(|| "the overlay".to_owned(), |(dir, _)| format!("{dir}/"));
    Ok(render_all(&api, &target, str::to_owned, &folder))
}

fn no_files(file: &str, what: &str) -> Diagnostic {
    Diagnostic::new(
        Location::new(file, Vec::new()),
        format!("{what} has no `.yaml` files"),
    )
    .help("add the shared definitions and one file per resource (see spec/README.md)")
}

/// Loads every file that parses; the others leave diagnostics.
fn load_all(sources: &[&SourceFile], diags: &mut Diagnostics) -> Vec<spec::SpecFile> {
    sources
        .iter()
        .filter_map(|s| load::load(&s.name, &s.text, diags))
        .collect()
}

/// `diags` with line and column filled in from the sources, sorted.
fn located(mut diags: Diagnostics, sources: &[&SourceFile]) -> Diagnostics {
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
    diags
}

/// The emitted modules and `mod.rs` as files, sorted by path; `header`
/// names a module's spec file in its `@generated` line.
fn render_all(
    api: &ir::Api,
    target: &emit::Target,
    header: impl Fn(&str) -> String + Sync,
    root_header: &str,
) -> Vec<GeneratedFile> {
    let own = emit::own_modules(api, target);
    // Emitting and rendering a module depends on nothing but the module, and
    // is most of the generator's time: the modules are shared out among the
    // cores (token streams are not `Send`, so each is made where it is
    // rendered). The files are sorted at the end: the output does not depend
    // on which thread made what.
    let next = AtomicUsize::new(0);
    let workers = std::thread::available_parallelism()
        .map_or(1, std::num::NonZero::get)
        .clamp(1, own.len().max(1));
    let work = || {
        let mut done = Vec::new();
        while let Some(m) = own.get(next.fetch_add(1, Ordering::Relaxed)) {
            for file in emit::module_in(m, target) {
                done.push(GeneratedFile {
                    path: file.path,
                    contents: render::render(file.tokens, &header(&file.source)),
                });
            }
        }
        done
    };
    let mut out: Vec<GeneratedFile> = std::thread::scope(|s| {
        let helpers: Vec<_> = (1..workers).map(|_| s.spawn(work)).collect();
        let mut out = work();
        for helper in helpers {
            // A panic there is a generator bug (see `render`): passed on as is.
            out.extend(
                helper
                    .join()
                    .unwrap_or_else(|p| std::panic::resume_unwind(p)),
            );
        }
        out
    });
    out.extend(
        emit::roots(&own, target)
            .into_iter()
            .map(|file| GeneratedFile {
                path: file.path,
                contents: render::render(file.tokens, root_header),
            }),
    );
    out.sort_by(|a, b| a.path.cmp(&b.path));
    out
}
