//! `cargo xtask audit --docs DIR`: compare the spec with the Mews
//! documentation pages (a checkout of the `connector-api/` folder of
//! MewsSystems/open-api-docs).
//!
//! It reports which documented operations the spec covers, by resource, and
//! every difference between a covered operation (and each object and enum it
//! reaches) and its docs: properties missing or extra, types, presence,
//! contracts, enum values, deprecations. A difference the spec means is
//! recorded on the spec item with its reason (`audit:`, see spec/README.md);
//! any other is an error, and so is a note that explains nothing.
//!
//! `--draft RESOURCE` instead prints a skeleton spec file for a resource
//! from its docs page, for a maintainer to finish.

mod compare;
mod docs;
mod draft;
mod markdown;
mod types;

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, bail};

pub use compare::Report;

/// The usage line.
pub const USAGE: &str = "cargo xtask audit --docs DIR [--spec DIR] [--verbose] [--draft RESOURCE]";

/// The command line of `audit`.
#[derive(Debug)]
pub struct Options {
    docs: PathBuf,
    spec: PathBuf,
    verbose: bool,
    draft: Option<String>,
}

impl Options {
    /// Reads the arguments after `audit`; `spec` is the default spec folder.
    pub fn parse(args: Vec<String>, spec: PathBuf) -> anyhow::Result<Options> {
        let mut docs = None;
        let mut options = Options {
            docs: PathBuf::new(),
            spec,
            verbose: false,
            draft: None,
        };
        let mut it = args.into_iter();
        while let Some(arg) = it.next() {
            match arg.as_str() {
                "--docs" => docs = Some(PathBuf::from(it.next().context("--docs needs a folder")?)),
                "--spec" => {
                    options.spec = PathBuf::from(it.next().context("--spec needs a folder")?)
                }
                "--verbose" | "-v" => options.verbose = true,
                "--draft" => {
                    options.draft = Some(
                        it.next()
                            .context("--draft needs a resource, e.g. `accountNotes`")?,
                    )
                }
                other => bail!("unknown argument `{other}` for audit; usage: {USAGE}"),
            }
        }
        options.docs =
            docs.with_context(|| format!("audit needs the docs folder; usage: {USAGE}"))?;
        Ok(options)
    }
}

/// Runs the audit (or the draft) and prints its report.
pub fn run(options: &Options) -> anyhow::Result<ExitCode> {
    let docs = docs::Docs::load(&options.docs)?;
    let sources = crate::regen::read_spec(&options.spec)?;
    let files = match codegen::load_spec(&sources) {
        Ok(files) => files,
        Err(diags) => {
            eprintln!("{diags}");
            bail!("the spec must be sound before it can be audited");
        }
    };
    if let Some(resource) = &options.draft {
        return match draft::draft(&docs, &files, resource) {
            Ok(text) => {
                print!("{text}");
                Ok(ExitCode::SUCCESS)
            }
            Err(why) => bail!(why),
        };
    }
    let texts: BTreeMap<&str, &str> = sources
        .iter()
        .map(|s| (s.name.as_str(), s.text.as_str()))
        .collect();
    let mut report = compare::audit(&files, &docs);
    report.locate(&texts);
    print!(
        "{}",
        render(&report, &shown(&options.spec), options.verbose)
    );
    Ok(if report.unexplained().next().is_some() {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

/// A folder as the report shows it: relative to the working folder when inside it.
fn shown(dir: &Path) -> String {
    let relative = std::env::current_dir()
        .ok()
        .and_then(|cwd| dir.strip_prefix(cwd).ok().map(Path::to_path_buf));
    relative
        .unwrap_or_else(|| dir.to_path_buf())
        .display()
        .to_string()
}

/// The report as text: coverage by resource, the differences, the count last.
pub fn render(report: &Report, spec_dir: &str, verbose: bool) -> String {
    let mut out = String::new();
    let (covered, total) = report.covered();
    let resources = report.coverage.len();
    let _ = writeln!(
        out,
        "audit: {total} documented operation{} on {resources} resource{}",
        plural(total),
        plural(resources)
    );
    let mut untouched = Vec::new();
    let _ = writeln!(out, "\ncovered resources:");
    for (resource, ops) in &report.coverage {
        let have = ops.iter().filter(|(_, c)| *c).count();
        if have == 0 {
            untouched.push((resource, ops));
            continue;
        }
        let missing: Vec<&str> = ops
            .iter()
            .filter(|(_, c)| !*c)
            .map(|(path, _)| path.as_str())
            .collect();
        let _ = write!(out, "  {resource}: {have}/{}", ops.len());
        if !missing.is_empty() {
            let _ = write!(out, ", missing {}", missing.join(", "));
        }
        out.push('\n');
    }
    if covered == 0 {
        let _ = writeln!(out, "  (none)");
    }
    let left: usize = untouched.iter().map(|(_, ops)| ops.len()).sum();
    if !untouched.is_empty() && verbose {
        let _ = writeln!(out, "\nresources not covered:");
        for (resource, ops) in &untouched {
            let paths: Vec<&str> = ops.iter().map(|(p, _)| p.as_str()).collect();
            let _ = writeln!(out, "  {resource}: {}", paths.join(", "));
        }
    } else if !untouched.is_empty() {
        let n = untouched.len();
        let _ = writeln!(
            out,
            "\nnot covered: {n} resource{}, {left} operation{} (--verbose lists them)",
            plural(n),
            plural(left)
        );
    }
    let line = |f: &compare::Finding| {
        let at = f
            .spec
            .line_col
            .map_or_else(String::new, |(line, _)| format!(":{line}"));
        let mut text = format!(
            "{spec_dir}/{}{at}: {}: {}",
            f.spec.file, f.subject, f.message
        );
        if let Some(docs) = &f.docs {
            let _ = write!(text, " [docs: {docs}]");
        }
        text
    };
    let unexplained: Vec<&compare::Finding> = report.unexplained().collect();
    if !unexplained.is_empty() {
        let _ = writeln!(out, "\nunexplained differences:");
        for f in &unexplained {
            let _ = writeln!(out, "  {}", line(f));
        }
        let _ = writeln!(
            out,
            "  (record an intended difference on the spec item: `audit: {{ <facet>: <reason> }}`, see spec/README.md)"
        );
    }
    let explained: Vec<&compare::Finding> = report
        .findings
        .iter()
        .filter(|f| f.reason.is_some())
        .collect();
    if verbose && !explained.is_empty() {
        let _ = writeln!(out, "\nexplained differences:");
        for f in &explained {
            let reason = f.reason.as_deref().unwrap_or_default();
            let _ = writeln!(out, "  {}\n      because: {reason}", line(f));
        }
    } else if !explained.is_empty() {
        let _ = writeln!(
            out,
            "\nexplained differences: {} (--verbose lists them with their reasons)",
            explained.len()
        );
    }
    let n = unexplained.len();
    let _ = writeln!(
        out,
        "\naudit: {covered}/{total} operations, {n} unexplained difference{}",
        plural(n)
    );
    out
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
