//! The generator: `codegen::generate` (load, check, lower, emit, render) on
//! today's spec, and on synthetic specs of 51 and 201 operations made from
//! it (see `support/synthetic.rs`), to show how the time grows.
//!
//! `cargo bench -p codegen --bench generate`; target: under 100 ms for
//! today's spec.

#[path = "support/synthetic.rs"]
mod synthetic;

use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

use codegen::{Diagnostics, SourceFile};
use criterion::{Criterion, Throughput};

/// Today's spec, read once before timing (the generator itself does no I/O).
fn today() -> Vec<SourceFile> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec");
    let mut sources: Vec<SourceFile> = std::fs::read_dir(&dir)
        .expect("the spec folder")
        .map(|e| e.expect("an entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .map(|p| SourceFile {
            name: p
                .file_name()
                .expect("a name")
                .to_string_lossy()
                .into_owned(),
            text: std::fs::read_to_string(&p).expect("readable"),
        })
        .collect();
    sources.sort_by(|a, b| a.name.cmp(&b.name));
    sources
}

/// How many operations a spec has: the keys under `operations:`, which are
/// the only keys with a `/`, ending with `:` on their own line.
fn operations(sources: &[SourceFile]) -> usize {
    sources
        .iter()
        .flat_map(|s| s.text.lines())
        .filter(|l| {
            let t = l.trim();
            l.starts_with("  ") && !l.starts_with("   ") && t.ends_with(':') && t.contains('/')
        })
        .count()
}

fn main() {
    let mut c = Criterion::default()
        .sample_size(20)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(4))
        .configure_from_args();
    let today = today();
    let synthetic = |copies: usize| {
        let sources = synthetic::spec(&today, copies).expect("spec/ has voucher_codes.yaml");
        assert_eq!(
            operations(&sources),
            copies * synthetic::OPERATIONS_PER_COPY
        );
        (
            format!("synthetic_{}", copies * synthetic::OPERATIONS_PER_COPY),
            sources,
        )
    };
    let cases = [
        ("today".to_owned(), today.clone()),
        synthetic(17),
        synthetic(67),
    ];
    let mut g = c.benchmark_group("generate");
    for (name, sources) in &cases {
        // Large cases take ~0.1 s an iteration: fewer samples keep the
        // suite short.
        g.sample_size(if name == "today" { 20 } else { 10 });
        let files = codegen::generate(sources).unwrap_or_else(|d| panic!("{name}: {d}"));
        let ops = operations(sources);
        let lines: usize = files.iter().map(|f| f.contents.lines().count()).sum();
        println!(
            "{name}: {ops} operations, {} files, {lines} lines generated",
            files.len()
        );
        g.throughput(Throughput::Elements(ops as u64));
        g.bench_function(name.as_str(), |b| {
            b.iter(|| codegen::generate(black_box(sources)))
        });
    }
    g.finish();
    stages(&mut c, &cases[2].0, &cases[2].1);
    c.final_summary();
}

/// Where the time goes, stage by stage (the steps of `codegen::generate`),
/// on the largest spec.
fn stages(c: &mut Criterion, name: &str, sources: &[SourceFile]) {
    let load = || {
        let mut diags = Diagnostics::default();
        let files: Vec<_> = sources
            .iter()
            .filter_map(|s| codegen::load::load(&s.name, &s.text, &mut diags))
            .collect();
        assert!(diags.is_empty(), "{diags}");
        files
    };
    let files = load();
    let mut diags = Diagnostics::default();
    let symbols = codegen::check::check(&files, &mut diags);
    let api = codegen::lower::lower(&files, &symbols);
    let (modules, _) = codegen::emit::emit(&api);
    let parsed: Vec<syn::File> = modules
        .iter()
        .map(|m| syn::parse2(m.tokens.clone()).expect("tokens parse"))
        .collect();

    let mut g = c.benchmark_group(format!("generate_stages_{name}"));
    g.sample_size(10);
    g.bench_function("1_load", |b| b.iter(load));
    g.bench_function("2_check", |b| {
        b.iter(|| {
            let mut diags = Diagnostics::default();
            codegen::check::check(black_box(&files), &mut diags)
        })
    });
    g.bench_function("3_lower", |b| {
        b.iter(|| codegen::lower::lower(black_box(&files), &symbols))
    });
    g.bench_function("4_emit", |b| {
        b.iter(|| codegen::emit::emit(black_box(&api)))
    });
    g.bench_function("5_render", |b| {
        b.iter(|| {
            modules
                .iter()
                .map(|m| codegen::render::render(m.tokens.clone(), &m.source).len())
                .sum::<usize>()
        })
    });
    g.bench_function("5a_render_syn_parse", |b| {
        b.iter(|| {
            modules
                .iter()
                .map(|m| {
                    syn::parse2::<syn::File>(m.tokens.clone())
                        .expect("parses")
                        .items
                        .len()
                })
                .sum::<usize>()
        })
    });
    g.bench_function("5b_render_prettyplease", |b| {
        b.iter(|| {
            parsed
                .iter()
                .map(|f| prettyplease::unparse(f).len())
                .sum::<usize>()
        })
    });
    g.finish();
}
