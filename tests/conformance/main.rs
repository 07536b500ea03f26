//! The client against the Mews documentation's own request and response
//! examples: `cargo xtask conformance --examples DIR` runs this program.
//!
//! It lives beside the client's tests rather than in xtask so that `cargo
//! xtask regen` never depends on the generated client compiling.
//!
//! `DIR` holds one file per example, named after the operation's path:
//! `<resource>.<action>[.<version>].<request|response>.json`. For every
//! operation in `spec/`:
//!
//! - the **request** example, without the credentials the client adds itself
//!   (the envelope properties of `spec/_common.yaml`), must read into the
//!   generated request type, keep its contracts, and be written back as the
//!   same JSON;
//! - the **response** example must read into the generated response type,
//!   and writing it back must lose no property and no value it holds.
//!
//! What counts as "the same" is in [`compare`]; what the spec records about
//! the examples themselves (a property they spell another way, or leave
//! out although it is required) is applied first, and listed with the
//! result as a documented deviation ([`deviations`]).
//!
//! An operation of the spec with no example in the folder is listed as not
//! covered, which is not a failure: a spec grows before its examples do. One
//! that has only one of its two examples fails for the missing one. Examples
//! of operations the spec does not cover are counted and ignored. One line
//! per example, then a summary; the exit code is non-zero on any failure.
//!
//! The Rust types of each operation come from the generated client
//! ([`operations`]); the run and a test compare them with the spec, which
//! catches a client that was not regenerated.

mod compare;
mod deviations;
mod operations;

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, bail};
use codegen::spec::{ExamplesWrong, Property, Response, TypeExpr};
use serde_json::Value;

use compare::{Direction, Problem};
use deviations::{Body, Prepared, Types};

const USAGE: &str = "cargo xtask conformance --examples DIR";

fn main() -> ExitCode {
    match run(std::env::args().skip(1).collect()) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::FAILURE
        }
    }
}

/// The workspace around the current folder (`cargo xtask conformance` runs
/// this program in the workspace root): the nearest folder at or above it
/// whose `Cargo.toml` has a `[workspace]` table. Found at run time, not from
/// the folder this program was compiled in, so that a checkout copied with
/// its `target/` reads its own spec.
fn project_root() -> anyhow::Result<PathBuf> {
    let here = std::env::current_dir().context("cannot read the current folder")?;
    for dir in here.ancestors() {
        if let Ok(manifest) = fs::read_to_string(dir.join("Cargo.toml"))
            && manifest.lines().any(|l| {
                let l = l.trim();
                l == "[workspace]" || l.starts_with("[workspace.")
            })
        {
            return Ok(dir.to_path_buf());
        }
    }
    bail!(
        "no Cargo.toml with a [workspace] table in {} or above: run conformance inside the mews-connector checkout",
        here.display()
    )
}

/// Runs the check with its command-line arguments.
fn run(args: Vec<String>) -> anyhow::Result<ExitCode> {
    let mut examples = None;
    let mut it = args.into_iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--examples" => examples = Some(it.next().context("--examples needs a folder")?),
            other => bail!("unknown argument `{other}` for conformance; usage: {USAGE}"),
        }
    }
    let Some(examples) = examples else {
        bail!("conformance needs the examples folder; usage: {USAGE}");
    };
    check(Path::new(&examples), &project_root()?.join("spec"))
}

fn check(examples: &Path, spec: &Path) -> anyhow::Result<ExitCode> {
    let spec = Spec::load(spec)?;
    let entries = operations::all();
    let table: Vec<&str> = entries.iter().map(|e| e.path).collect();
    let mut tally = Tally::default();

    for gap in coverage_gaps(&spec.operations, &table) {
        tally.fail(&gap, &[]);
    }
    let files = example_files(examples)?;
    let mut not_covered = 0;
    for path in &spec.operations {
        // An operation without types has already failed as a coverage gap.
        let Some(entry) = entries.iter().find(|e| e.path == path) else {
            continue;
        };
        let stem = entry.path.replace('/', ".");
        if !["request", "response"]
            .iter()
            .any(|d| files.contains(&format!("{stem}.{d}.json")))
        {
            not_covered += 1;
            println!("none  {path}: no examples in the folder, not covered");
            continue;
        }
        for (direction, check_example) in [
            (Direction::Request, entry.request),
            (Direction::Response, entry.response),
        ] {
            let side = match direction {
                Direction::Request => "request",
                Direction::Response => "response",
            };
            let name = format!("{stem}.{side}.json");
            let label = format!("{} {side} ({name})", entry.path);
            // An example the spec records as another operation's
            // (`examples_wrong`) says nothing about this one.
            if let Some(why) = spec.wrong_example(path, direction)
                && files.contains(&name)
            {
                tally.pass(&label, &[format!("not checked (examples_wrong): {why}")]);
                continue;
            }
            let example = match read_example(&examples.join(&name), files.contains(&name)) {
                Ok(example) => example,
                Err(problem) => {
                    tally.fail(&format!("{label}: {problem}"), &[]);
                    continue;
                }
            };
            let example = match direction {
                Direction::Request => spec.strip_envelope(example),
                Direction::Response => example,
            };
            let mut prepared = spec.prepare(path, direction, example);
            // What is found about a placeholder is not about the example;
            // an example that does not read at all is, wherever it fails.
            // A broken contract the spec records (`examples_break`) is a
            // documented deviation.
            let mut mismatches: Vec<String> = Vec::new();
            for m in check_example(&prepared.example) {
                if !matches!(m.problem, Problem::Unreadable(_)) && prepared.is_filled(&m.path) {
                    continue;
                }
                match (&m.problem, prepared.excuse(&m.path)) {
                    (Problem::Contract(rule), Some(why)) => {
                        let line = format!("{}: breaks `{rule}` (examples_break): {why}", m.path);
                        prepared.deviations.push(line);
                    }
                    _ => mismatches.push(m.to_string()),
                }
            }
            match mismatches.split_first() {
                None => tally.pass(&label, &prepared.deviations),
                Some((first, rest)) => tally.fail(&format!("{label}: {first}"), rest),
            }
        }
    }

    if not_covered > 0 {
        let (s, have) = if not_covered == 1 {
            ("", "has")
        } else {
            ("s", "have")
        };
        println!(
            "conformance: {not_covered} operation{s} of the spec {have} no examples in the folder (not covered)"
        );
    }
    let ignored = ignored_operations(&files, &spec.operations);
    if ignored > 0 {
        let s = if ignored == 1 { "" } else { "s" };
        println!(
            "conformance: ignored the examples of {ignored} operation{s} the spec does not cover"
        );
    }
    let deviated = match tally.deviated {
        0 => String::new(),
        n => format!(" ({n} with documented deviations)"),
    };
    println!(
        "conformance: {} passed{deviated}, {} failed",
        tally.passed, tally.failed
    );
    Ok(if tally.failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// Counts and prints the outcome of each example.
#[derive(Default)]
struct Tally {
    passed: usize,
    /// Of those passed, how many with documented deviations.
    deviated: usize,
    failed: usize,
}

impl Tally {
    /// One line for the example, with its first documented deviation if it
    /// has any, one more for each further deviation.
    fn pass(&mut self, label: &str, deviations: &[String]) {
        self.passed += 1;
        match deviations.split_first() {
            None => println!("ok    {label}"),
            Some((first, rest)) => {
                self.deviated += 1;
                println!("ok    {label}: passed with documented deviation: {first}");
                for deviation in rest {
                    println!("        {deviation}");
                }
            }
        }
    }

    /// One line for the example with its first problem, one more for each
    /// further problem.
    fn fail(&mut self, line: &str, more: &[String]) {
        self.failed += 1;
        println!("FAIL  {line}");
        for problem in more {
            println!("        {problem}");
        }
    }
}

/// What the run needs from the spec.
struct Spec {
    /// Every operation's path, in spec order (files by name, then file order).
    operations: Vec<String>,
    /// The request properties the client fills in itself (credentials).
    envelope: Vec<String>,
    /// Each operation's request properties and response, by path.
    bodies: BTreeMap<String, (Vec<Property>, Response)>,
    /// The examples the spec says are another operation's, by path.
    wrong: BTreeMap<String, ExamplesWrong>,
    /// The named types, for the documented deviations.
    types: Types,
}

impl Spec {
    fn load(dir: &Path) -> anyhow::Result<Spec> {
        let entries = fs::read_dir(dir)
            .with_context(|| format!("cannot read the spec folder {}", dir.display()))?;
        let mut paths = Vec::new();
        for entry in entries {
            let path = entry
                .with_context(|| format!("cannot list {}", dir.display()))?
                .path();
            if path.extension().is_some_and(|e| e == "yaml" || e == "yml") && path.is_file() {
                paths.push(path);
            }
        }
        paths.sort();
        let mut diags = codegen::Diagnostics::default();
        let mut files = Vec::new();
        for path in paths {
            let text = fs::read_to_string(&path)
                .with_context(|| format!("cannot read {}", path.display()))?;
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            files.extend(codegen::load::load(&name, &text, &mut diags));
        }
        if !diags.is_empty() {
            bail!("the spec does not load (`cargo xtask regen` explains):\n{diags}");
        }
        let operations = files
            .iter()
            .flat_map(|f| f.resource.iter().flat_map(|r| &r.operations))
            .map(|op| op.path.value.clone())
            .collect();
        let envelope: Vec<String> = files
            .iter()
            .flat_map(|f| f.envelope.iter().flat_map(|e| &e.properties))
            .map(|p| p.name.value.clone())
            .collect();
        if envelope.is_empty() {
            bail!("the spec has no envelope: which request properties are credentials is unknown");
        }
        let bodies = files
            .iter()
            .flat_map(|f| f.resource.iter().flat_map(|r| &r.operations))
            .map(|op| {
                // A parameter set's properties sit beside the request's own.
                let request = op
                    .request
                    .iter()
                    .chain(op.parameter_sets.iter().flat_map(|set| &set.properties))
                    .cloned()
                    .collect();
                let body = (request, op.response.value.clone());
                (op.path.value.clone(), body)
            })
            .collect();
        let wrong = files
            .iter()
            .flat_map(|f| f.resource.iter().flat_map(|r| &r.operations))
            .map(|op| (op.path.value.clone(), op.examples_wrong.clone()))
            .collect();
        Ok(Spec {
            operations,
            envelope,
            bodies,
            wrong,
            types: Types::new(&files),
        })
    }

    /// Why the documented example of `path` in `direction` is another
    /// operation's, if the spec says it is.
    fn wrong_example(&self, path: &str, direction: Direction) -> Option<&str> {
        let wrong = self.wrong.get(path)?;
        match direction {
            Direction::Request => wrong.request.as_deref(),
            Direction::Response => wrong.response.as_deref(),
        }
    }

    /// Applies what the spec records about the examples of `path`.
    fn prepare(&self, path: &str, direction: Direction, example: Value) -> Prepared {
        let empty = (Vec::new(), Response::Empty);
        let (request, response) = self.bodies.get(path).unwrap_or(&empty);
        let named;
        let body = match (direction, response) {
            (Direction::Request, _) => Body::Properties(request),
            (Direction::Response, Response::Object(name)) => {
                named = TypeExpr::Named(name.clone());
                Body::Type(&named)
            }
            (Direction::Response, Response::Empty) => Body::Empty,
        };
        self.types.prepare(example, body, direction)
    }

    /// The request example without the properties the client adds itself.
    fn strip_envelope(&self, mut example: Value) -> Value {
        if let Value::Object(map) = &mut example {
            map.retain(|key, _| !self.envelope.contains(key));
        }
        example
    }
}

/// Every difference between the spec's operations and the generated
/// client's, as a failure line: the client was not regenerated.
fn coverage_gaps(spec: &[String], table: &[&str]) -> Vec<String> {
    let mut gaps = Vec::new();
    for path in spec.iter().filter(|p| !table.contains(&p.as_str())) {
        gaps.push(format!(
            "{path}: in the spec, but not in the generated client; run `cargo xtask regen`"
        ));
    }
    for path in table.iter().filter(|p| !spec.iter().any(|s| s == *p)) {
        gaps.push(format!(
            "{path}: in the generated client, but not in the spec; run `cargo xtask regen`"
        ));
    }
    gaps
}

/// The names of the files in the examples folder.
fn example_files(dir: &Path) -> anyhow::Result<BTreeSet<String>> {
    let entries = fs::read_dir(dir)
        .with_context(|| format!("cannot read the examples folder {}", dir.display()))?;
    let mut names = BTreeSet::new();
    for entry in entries {
        let entry = entry.with_context(|| format!("cannot list {}", dir.display()))?;
        names.insert(entry.file_name().to_string_lossy().into_owned());
    }
    Ok(names)
}

/// Reads one example, or says why it cannot be checked.
fn read_example(path: &Path, listed: bool) -> Result<Value, String> {
    if !listed {
        return Err("no such example in the folder".to_owned());
    }
    let text = fs::read_to_string(path).map_err(|e| format!("cannot read it: {e}"))?;
    serde_json::from_str(&text).map_err(|e| format!("not JSON: {e}"))
}

/// How many operations have examples in the folder but are not in the spec.
fn ignored_operations(files: &BTreeSet<String>, spec: &[String]) -> usize {
    let covered: BTreeSet<String> = spec.iter().map(|p| p.replace('/', ".")).collect();
    files
        .iter()
        .filter_map(|f| {
            f.strip_suffix(".request.json")
                .or_else(|| f.strip_suffix(".response.json"))
        })
        .filter(|stem| !covered.contains(*stem))
        .collect::<BTreeSet<_>>()
        .len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn the_table_matches_the_spec() {
        let spec = Spec::load(&project_root().unwrap().join("spec")).unwrap();
        let entries = operations::all();
        let table: Vec<&str> = entries.iter().map(|e| e.path).collect();
        assert_eq!(
            coverage_gaps(&spec.operations, &table),
            Vec::<String>::new()
        );
        assert!(!spec.operations.is_empty());
    }

    #[test]
    fn coverage_gaps_name_both_missing_and_stale_entries() {
        let spec = strings(&["vouchers/getAll", "vouchers/add"]);
        assert_eq!(
            coverage_gaps(&spec, &["vouchers/getAll", "vouchers/add"]),
            Vec::<String>::new()
        );
        let gaps = coverage_gaps(&spec, &["vouchers/getAll", "vouchers/merge"]);
        assert_eq!(gaps.len(), 2, "{gaps:?}");
        assert!(
            gaps[0].starts_with("vouchers/add: in the spec, but"),
            "{gaps:?}"
        );
        assert!(
            gaps[1].starts_with("vouchers/merge: in the generated client, but not in the spec")
        );
    }

    #[test]
    fn the_envelope_comes_from_the_spec_and_only_it_is_stripped() {
        let spec = Spec::load(&project_root().unwrap().join("spec")).unwrap();
        assert_eq!(
            spec.envelope,
            strings(&[
                "ClientToken",
                "AccessToken",
                "Client",
                "LanguageCode",
                "CultureCode"
            ])
        );
        let example = serde_json::json!({
            "ClientToken": "C", "AccessToken": "A", "Client": "Sample 1.0", "LanguageCode": "en-US",
            "CultureCode": "en-US", "VoucherIds": [], "EnterpriseId": null
        });
        assert_eq!(
            spec.strip_envelope(example),
            serde_json::json!({"VoucherIds": [], "EnterpriseId": null})
        );
    }

    #[test]
    fn ignored_operations_are_counted_once_per_operation() {
        let files: BTreeSet<String> = [
            "README.md",
            "index.json",
            "vouchers.getAll.request.json",
            "vouchers.getAll.response.json",
            "rates.getAll.request.json",
            "rates.getAll.response.json",
            "reservations.getAll.2023-06-06.request.json",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        assert_eq!(
            ignored_operations(&files, &strings(&["vouchers/getAll"])),
            2
        );
        assert_eq!(
            ignored_operations(
                &files,
                &strings(&["vouchers/getAll", "reservations/getAll/2023-06-06"])
            ),
            1
        );
    }
}
