//! `cargo xtask`: maintainer tasks for this workspace.
//!
//! - `cargo xtask regen [--check] [--spec DIR] [--out DIR]`: regenerate the
//!   client from the spec and the shape fixtures of `tests/shapes` (an
//!   overlay on it), or with `--check` only report stale files. `--spec` or
//!   `--out` (a client folder, laid out as `generated-client/`) regenerate
//!   that one client alone.
//! - `cargo xtask conformance --examples DIR`: check the client against the
//!   Mews documentation's examples.
//! - `cargo xtask bench [--skip-criterion] [--skip-compile]`: every
//!   performance figure of docs/PERFORMANCE.md.
//! - `cargo xtask audit --docs DIR [--spec DIR] [--verbose] [--draft RESOURCE]`:
//!   compare the spec with the Mews documentation pages, or draft a resource.

mod audit;
mod bench;
mod coverage;
mod features;
mod marked;
mod regen;
mod workspace;

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, bail};

fn main() -> ExitCode {
    match run() {
        Ok(code) => code,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> anyhow::Result<ExitCode> {
    let mut args = std::env::args().skip(1);
    let task = args.next().unwrap_or_default();
    let rest: Vec<String> = args.collect();
    match task.as_str() {
        "regen" => {
            let mut check = false;
            let (mut spec, mut out) = (None, None);
            let mut it = rest.into_iter();
            while let Some(arg) = it.next() {
                match arg.as_str() {
                    "--check" => check = true,
                    "--spec" => {
                        spec = Some(PathBuf::from(it.next().context("--spec needs a folder")?))
                    }
                    "--out" => {
                        out = Some(PathBuf::from(it.next().context("--out needs a folder")?))
                    }
                    other => bail!("unknown argument `{other}` for regen; usage: {USAGE}"),
                }
            }
            // The workspace is looked for only when a folder is not given.
            let root = match (&spec, &out) {
                (Some(_), Some(_)) => PathBuf::new(),
                _ => workspace::root()?,
            };
            // The shape fixtures belong to the repository's own spec: a spec
            // or output folder given elsewhere regenerates that client alone.
            let overlays = if spec.is_none() && out.is_none() {
                vec![regen::Overlay {
                    spec: root.join(SHAPES).join("spec"),
                    name: format!("{SHAPES}/spec"),
                    out: root.join(SHAPES).join("src/generated"),
                }]
            } else {
                Vec::new()
            };
            // Likewise README's coverage list and the client's features
            // follow the repository's spec only.
            let own = spec.is_none() && out.is_none();
            let targets = regen::Targets {
                spec: spec.unwrap_or_else(|| root.join("spec")),
                out: out.unwrap_or_else(|| root.join("generated-client")),
                overlays,
                readme: own.then(|| root.join("README.md")),
                manifest: own.then(|| root.join("generated-client/Cargo.toml")),
            };
            regen::run(&targets, check)
        }
        "conformance" => conformance(rest),
        "bench" => bench::run(&workspace::root()?, bench::Options::parse(rest)?),
        "audit" => {
            // The workspace is looked for only when `--spec` is not given.
            let spec = if rest.iter().any(|a| a == "--spec") {
                PathBuf::new()
            } else {
                workspace::root()?.join("spec")
            };
            audit::run(&audit::Options::parse(rest, spec)?)
        }
        "" | "help" | "--help" | "-h" => {
            println!("usage: {USAGE}");
            println!("       {}", bench::USAGE);
            println!("       {}", audit::USAGE);
            Ok(ExitCode::SUCCESS)
        }
        other => bail!("unknown task `{other}`; usage: {USAGE}"),
    }
}

/// The crate of generated shape fixtures, relative to the workspace root.
const SHAPES: &str = "tests/shapes";

const USAGE: &str =
    "cargo xtask regen [--check] [--spec DIR] [--out DIR] | cargo xtask conformance --examples DIR";

/// Runs the conformance check, which lives in the `client-tests` crate so
/// that this tool never needs the generated client to compile.
fn conformance(args: Vec<String>) -> anyhow::Result<ExitCode> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let status = std::process::Command::new(cargo)
        .current_dir(workspace::root()?)
        .args([
            "run",
            "--quiet",
            "--package",
            "client-tests",
            "--bin",
            "conformance",
            "--",
        ])
        .args(args)
        .status()
        .context("cannot run cargo")?;
    Ok(if status.success() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
