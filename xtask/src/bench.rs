//! `cargo xtask bench`: every performance figure of docs/PERFORMANCE.md in
//! one run.
//!
//! 1. The criterion benchmarks: `cargo bench` of the client's `request`,
//!    `response` and `paging` benches and of the generator's `generate`.
//! 2. `cargo xtask regen --check`, five times, for the elapsed time it
//!    prints itself: on `spec/`, and on the synthetic spec of 201
//!    operations written to `target/bench-compile/synthetic-spec/`.
//! 3. Generated code size and compile time, for today's spec, for its
//!    shared file and two resources only, built with only their features (what
//!    a user who needs two resources compiles), and
//!    for a synthetic spec of 201 operations: the client's crates are
//!    copied into `target/bench-compile/<case>/` as a workspace of their
//!    own, their generated files written from that spec, built, built
//!    again, the common types' file (`core/src/generated/common.rs`, which
//!    every crate is rebuilt after) is touched and the build timed, then
//!    the client's crates alone are built from clean, without and with the
//!    `roundtrip` feature, and documented (`cargo doc --no-deps`, timed the
//!    second time).
//!    `--cold` empties the shared target folder first, so that the first
//!    build is a cold one with every dependency.
//! 4. A report, from criterion's estimates and the benches' own figures
//!    (`target/bench-figures/*.txt`): printed and written to
//!    `target/bench-report.md`.
//!
//! `--skip-criterion`, `--skip-compile` leave out steps 1 and 3 (the report
//! then uses the figures of an earlier run, where there are some).

// The synthetic spec is made by the same code as in the generator's bench.
#[path = "../../codegen/benches/support/synthetic.rs"]
mod synthetic;

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant, SystemTime};

use anyhow::{Context, bail, ensure};
use codegen::crates::Crate;

/// What the run does.
pub struct Options {
    /// Run the criterion benches.
    pub criterion: bool,
    /// Measure generated code size and compile time.
    pub compile: bool,
    /// Start the compile measurement from an empty target folder, so that
    /// its first build is a cold build with every dependency.
    pub cold: bool,
}

impl Options {
    /// Reads `--skip-criterion` and `--skip-compile`.
    pub fn parse(args: Vec<String>) -> anyhow::Result<Options> {
        let mut options = Options {
            criterion: true,
            compile: true,
            cold: false,
        };
        for arg in args {
            match arg.as_str() {
                "--skip-criterion" => options.criterion = false,
                "--skip-compile" => options.compile = false,
                "--cold" => options.cold = true,
                other => bail!("unknown argument `{other}` for bench; usage: {}", USAGE),
            }
        }
        Ok(options)
    }
}

/// The usage line of `cargo xtask bench`.
pub const USAGE: &str = "cargo xtask bench [--skip-criterion] [--skip-compile] [--cold]";

/// The targets of issue 7.
const REQUEST_TARGET: f64 = 1.15;
const RESPONSE_TARGET: f64 = 1.10;
const GENERATE_TARGET_MS: f64 = 100.0;
/// Issue 17's targets for the whole client: `regen --check` in the dev
/// profile, the client's crates alone from clean, a touch of one generated file.
const REGEN_TARGET_S: f64 = 1.0;
const CRATE_TARGET_S: f64 = 15.0;
const TOUCH_TARGET_S: f64 = 3.0;
/// Copies of the voucher codes operations in the synthetic spec: about
/// the documentation's 200 operations.
const SYNTHETIC_COPIES: usize = 67;

/// Runs the benchmarks and writes the report.
pub fn run(root: &Path, options: Options) -> anyhow::Result<ExitCode> {
    let target = target_dir(root);
    let figures_dir = target.join("bench-figures");
    let started = Instant::now();
    fs::create_dir_all(&figures_dir)?;
    if options.criterion {
        cargo_bench(
            root,
            &figures_dir,
            "mews-connector",
            &["request", "response", "paging"],
        )?;
        cargo_bench(root, &figures_dir, "codegen", &["generate"])?;
    }
    let regen = regen_times(root, None)?;
    let regen_synthetic = regen_times(root, Some(&target))?;
    let compile = if options.compile {
        let shared_target = shared_target(&target);
        if options.cold && shared_target.exists() {
            fs::remove_dir_all(&shared_target)
                .with_context(|| format!("cannot empty {}", shared_target.display()))?;
        }
        let cases = [
            Case::Today,
            Case::TwoResources,
            Case::Synthetic(SYNTHETIC_COPIES),
        ];
        let mut results = Vec::new();
        for case in cases {
            results.push(compile_case(root, &target, case)?);
        }
        let lines: Vec<String> = results.iter().map(CompileResult::line).collect();
        fs::write(figures_dir.join("compile.txt"), lines.join("\n") + "\n")?;
        results
    } else {
        read_compile(&figures_dir.join("compile.txt"))
    };
    let report = report(&target, &machine(), (&regen, &regen_synthetic), &compile);
    println!("\n{report}");
    let path = target.join("bench-report.md");
    fs::write(&path, &report).with_context(|| format!("cannot write {}", path.display()))?;
    println!(
        "report written to {} (whole run {:.0?})",
        path.display(),
        started.elapsed()
    );
    Ok(ExitCode::SUCCESS)
}

fn target_dir(root: &Path) -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target"))
}

fn cargo() -> Command {
    Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
}

fn cargo_bench(root: &Path, figures: &Path, package: &str, benches: &[&str]) -> anyhow::Result<()> {
    let mut cmd = cargo();
    cmd.current_dir(root)
        .env("MEWS_BENCH_FIGURES", figures)
        .args(["bench", "-p", package]);
    for bench in benches {
        cmd.args(["--bench", bench]);
    }
    println!(
        "== cargo bench -p {package} --bench {}",
        benches.join(" --bench ")
    );
    let status = cmd.status().context("cannot run cargo bench")?;
    ensure!(
        status.success(),
        "cargo bench -p {package} failed ({status})"
    );
    Ok(())
}

// ---------------------------------------------------------------------------
// regen

/// The elapsed times `cargo xtask regen --check` prints, five runs: on
/// `spec/` and the checked-in client, or with `synthetic` (the target
/// folder) on the 201-operation spec written to
/// `target/bench-compile/synthetic-spec/`, into
/// `target/bench-compile/synthetic-regen/` (created by a first, untimed
/// run).
fn regen_times(root: &Path, synthetic: Option<&Path>) -> anyhow::Result<Vec<Duration>> {
    let mut args: Vec<String> = vec!["xtask".into(), "regen".into()];
    if let Some(target) = synthetic {
        let dir = target.join("bench-compile");
        let spec_dir = dir.join("synthetic-spec");
        let out_dir = dir.join("synthetic-regen");
        let _ = fs::remove_dir_all(&spec_dir);
        fs::create_dir_all(&spec_dir)?;
        fs::create_dir_all(&out_dir)?;
        let spec = read_spec(&root.join("spec"))?;
        for file in
            synthetic::spec(&spec, SYNTHETIC_COPIES).context("spec/ lacks voucher_codes.yaml")?
        {
            fs::write(spec_dir.join(&file.name), &file.text)?;
        }
        args.extend([
            "--spec".into(),
            path_arg(&spec_dir)?,
            "--out".into(),
            path_arg(&out_dir)?,
        ]);
        let out = cargo().current_dir(root).args(&args).output()?;
        ensure!(
            out.status.success(),
            "regen of the synthetic spec failed:\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    args.push("--check".into());
    println!("== cargo {} (x5)", args.join(" "));
    let mut times = Vec::new();
    for _ in 0..5 {
        let out = cargo().current_dir(root).args(&args).output()?;
        let text = String::from_utf8_lossy(&out.stdout);
        ensure!(
            out.status.success(),
            "cargo xtask regen --check failed:\n{text}{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let line = text
            .lines()
            .find(|l| l.starts_with("regen:"))
            .context("regen printed no summary")?;
        println!("  {line}");
        times.push(parse_elapsed(line).with_context(|| format!("no elapsed time in `{line}`"))?);
    }
    Ok(times)
}

fn path_arg(path: &Path) -> anyhow::Result<String> {
    path.to_str()
        .map(str::to_owned)
        .with_context(|| format!("{} is not UTF-8", path.display()))
}

/// The `(12.3ms)` at the end of regen's summary line, as `Debug` prints a
/// `Duration`.
fn parse_elapsed(line: &str) -> Option<Duration> {
    let inner = line.trim_end().strip_suffix(')')?.rsplit_once('(')?.1;
    let split = inner.find(|c: char| !(c.is_ascii_digit() || c == '.'))?;
    let (number, unit) = inner.split_at(split);
    let number: f64 = number.parse().ok()?;
    let seconds = match unit {
        "s" => number,
        "ms" => number / 1e3,
        "µs" | "us" => number / 1e6,
        "ns" => number / 1e9,
        _ => return None,
    };
    Some(Duration::from_secs_f64(seconds))
}

// ---------------------------------------------------------------------------
// size and compile time

#[derive(Clone, Copy)]
enum Case {
    Today,
    /// `spec/`'s shared file and two resources' only, built with
    /// `--no-default-features --features vouchers` (which brings
    /// `voucher_codes`): what a user who needs two resources compiles.
    TwoResources,
    Synthetic(usize),
}

/// The spec files of [`Case::TwoResources`].
const TWO_RESOURCES: [&str; 3] = ["_common.yaml", "voucher_codes.yaml", "vouchers.yaml"];

impl Case {
    /// The features the case builds with instead of the default ones.
    fn features(self) -> Option<&'static str> {
        match self {
            Case::TwoResources => Some("vouchers"),
            Case::Today | Case::Synthetic(_) => None,
        }
    }

    /// `cargo` arguments selecting the case's features, plus `extra` ones.
    fn feature_args(self, extra: Option<&str>) -> Vec<String> {
        let mut features: Vec<&str> = self.features().into_iter().chain(extra).collect();
        let mut args = Vec::new();
        if self.features().is_some() {
            args.push("--no-default-features".to_owned());
        }
        if !features.is_empty() {
            features.sort_unstable();
            args.extend(["--features".to_owned(), features.join(",")]);
        }
        args
    }

    fn name(self) -> String {
        match self {
            Case::Today => "today".to_owned(),
            Case::TwoResources => "two_resources".to_owned(),
            Case::Synthetic(copies) => {
                format!("synthetic_{}", copies * synthetic::OPERATIONS_PER_COPY)
            }
        }
    }
}

struct CompileResult {
    case: String,
    operations: usize,
    files: usize,
    lines: usize,
    code_lines: usize,
    /// The first `cargo build` of the copy.
    first: Duration,
    /// Whether that first build also built every dependency (the shared
    /// target folder was new).
    cold: bool,
    /// `cargo build` of the copy with nothing changed.
    noop: Duration,
    /// `cargo build` after touching one generated file (median of 3).
    touch: Duration,
    /// `cargo build` of the client's crates alone, from clean, dependencies built.
    crate_clean: Duration,
    /// The same with the `roundtrip` feature (both serde directions).
    roundtrip_clean: Duration,
    /// `cargo doc --no-deps` of the crate, its dependencies already checked.
    doc: Duration,
}

impl CompileResult {
    fn line(&self) -> String {
        format!(
            "{} operations={} files={} lines={} code_lines={} first_ms={} cold={} noop_ms={} touch_ms={} crate_clean_ms={} roundtrip_clean_ms={} doc_ms={}",
            self.case,
            self.operations,
            self.files,
            self.lines,
            self.code_lines,
            self.first.as_millis(),
            u8::from(self.cold),
            self.noop.as_millis(),
            self.touch.as_millis(),
            self.crate_clean.as_millis(),
            self.roundtrip_clean.as_millis(),
            self.doc.as_millis()
        )
    }

    fn parse(line: &str) -> Option<CompileResult> {
        let mut words = line.split_whitespace();
        let case = words.next()?.to_owned();
        let mut get = |key: &str| -> Option<u64> {
            let word = words.next()?;
            word.strip_prefix(key)?.strip_prefix('=')?.parse().ok()
        };
        Some(CompileResult {
            case,
            operations: get("operations")? as usize,
            files: get("files")? as usize,
            lines: get("lines")? as usize,
            code_lines: get("code_lines")? as usize,
            first: Duration::from_millis(get("first_ms")?),
            cold: get("cold")? == 1,
            noop: Duration::from_millis(get("noop_ms")?),
            touch: Duration::from_millis(get("touch_ms")?),
            crate_clean: Duration::from_millis(get("crate_clean_ms")?),
            roundtrip_clean: Duration::from_millis(get("roundtrip_clean_ms")?),
            doc: Duration::from_millis(get("doc_ms")?),
        })
    }
}

fn read_compile(path: &Path) -> Vec<CompileResult> {
    fs::read_to_string(path)
        .unwrap_or_default()
        .lines()
        .filter_map(CompileResult::parse)
        .collect()
}

fn read_spec(dir: &Path) -> anyhow::Result<Vec<codegen::SourceFile>> {
    let mut sources = Vec::new();
    for entry in fs::read_dir(dir).with_context(|| format!("cannot read {}", dir.display()))? {
        let path = entry?.path();
        if path.extension().is_some_and(|e| e == "yaml") {
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            sources.push(codegen::SourceFile {
                name,
                text: fs::read_to_string(&path)?,
            });
        }
    }
    sources.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(sources)
}

fn compile_case(root: &Path, target: &Path, case: Case) -> anyhow::Result<CompileResult> {
    let name = case.name();
    println!("== generated code size and compile time: {name}");
    let spec = read_spec(&root.join("spec"))?;
    let sources = match case {
        Case::Today => spec,
        Case::TwoResources => spec
            .into_iter()
            .filter(|f| TWO_RESOURCES.contains(&f.name.as_str()))
            .collect(),
        Case::Synthetic(copies) => {
            synthetic::spec(&spec, copies).context("spec/ lacks voucher_codes.yaml")?
        }
    };
    let files = codegen::generate(&sources)
        .map_err(|d| anyhow::anyhow!("{name}: the spec is refused:\n{d}"))?;
    let operations: usize = files.iter().map(|f| operation_impls(&f.contents)).sum();
    let lines: usize = files.iter().map(|f| f.contents.lines().count()).sum();
    let code_lines: usize = files
        .iter()
        .flat_map(|f| f.contents.lines())
        .filter(|l| {
            let t = l.trim_start();
            !t.is_empty() && !t.starts_with("//") && !t.starts_with("#[doc")
        })
        .count();

    // The copy: the client's crates, their hand-written sources beside the
    // generated files of this spec.
    let dir = target.join("bench-compile").join(&name);
    // The folders the crates' files are in (`src`, `core`, `types`), emptied.
    let tops: std::collections::BTreeSet<String> = Crate::ALL
        .iter()
        .filter_map(|c| Some(c.generated_folder().split('/').next()?.to_owned()))
        .collect();
    for top in tops {
        if dir.join(&top).exists() {
            fs::remove_dir_all(dir.join(&top))?;
        }
    }
    // The hand-written sources and manifests: the client's and the core's.
    let client = root.join("generated-client");
    let generated = |p: &Path| p.ends_with("generated");
    let core = Path::new(&Crate::Core.folder()).to_path_buf();
    copy_dir(&client.join("src"), &dir.join("src"), &generated)?;
    copy_dir(
        &client.join(&core).join("src"),
        &dir.join(&core).join("src"),
        &generated,
    )?;
    let core_manifest = fs::read_to_string(client.join(&core).join("Cargo.toml"))?;
    fs::write(
        dir.join(&core).join("Cargo.toml"),
        without_dev_sections(&core_manifest)?,
    )?;
    for file in &files {
        let path = dir.join(&file.path);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)?;
        }
        fs::write(path, &file.contents)?;
    }
    // The copy's features follow its spec, as `regen` makes them follow ours.
    let spec_files = codegen::load_spec(&sources)
        .map_err(|d| anyhow::anyhow!("{name}: the spec is refused:\n{d}"))?;
    let manifest = crate::features::splice(&manifest(root)?, &crate::features::block(&spec_files))?;
    fs::write(dir.join("Cargo.toml"), manifest)?;
    if !dir.join("Cargo.lock").exists() {
        // The workspace's versions; cargo drops what the copy does not use.
        fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock"))?;
    }

    let shared_target = shared_target(target);
    let cold = !shared_target.exists();
    // `cargo <args>` in the copy, timed; a failure is an error with cargo's words.
    let timed = |args: &[&str], extra: Option<&str>| -> anyhow::Result<Duration> {
        let started = Instant::now();
        let out = cargo()
            .current_dir(&dir)
            .env("CARGO_TARGET_DIR", &shared_target)
            .args(args)
            .args(["-p", "mews-connector"])
            .args(case.feature_args(extra))
            .stdout(Stdio::null())
            .output()?;
        let elapsed = started.elapsed();
        ensure!(
            out.status.success(),
            "cargo {} in {} failed:\n{}",
            args.join(" "),
            dir.display(),
            String::from_utf8_lossy(&out.stderr)
        );
        Ok(elapsed)
    };
    let build_with = |extra: Option<&str>| timed(&["build"], extra);
    let build = || build_with(None);
    let first = build()?;
    println!("  first build (with any dependencies not yet built): {first:.1?}");
    let noop = build()?;
    println!("  nothing changed: {noop:.1?}");
    // The common types: every crate of the client is rebuilt after them.
    let touched_name = format!("{}/common.rs", Crate::Core.generated_folder());
    let touched = dir.join(&touched_name);
    let mut touches = Vec::new();
    for _ in 0..3 {
        fs::File::options()
            .append(true)
            .open(&touched)?
            .set_modified(SystemTime::now())?;
        let t = build()?;
        println!("  after touching {touched_name}: {t:.1?}");
        touches.push(t);
    }
    touches.sort();
    // `cargo clean -p` takes no feature flags.
    let clean = || -> anyhow::Result<()> {
        let status = cargo()
            .current_dir(&dir)
            .env("CARGO_TARGET_DIR", &shared_target)
            .arg("clean")
            .args(Crate::ALL.iter().flat_map(|c| ["-p", c.package()]))
            .stderr(Stdio::null())
            .status()?;
        ensure!(
            status.success(),
            "cargo clean of the client's crates failed"
        );
        Ok(())
    };
    clean()?;
    let crate_clean = build()?;
    println!("  the client's crates alone, from clean: {crate_clean:.1?}");
    clean()?;
    let roundtrip_clean = build_with(Some("roundtrip"))?;
    println!("  the same with the roundtrip feature: {roundtrip_clean:.1?}");
    // The first `cargo doc` also checks the dependencies: untimed.
    let doc_dir = shared_target.join("doc");
    let document = || -> anyhow::Result<Duration> {
        if doc_dir.exists() {
            fs::remove_dir_all(&doc_dir)?;
        }
        timed(&["doc", "--no-deps"], None)
    };
    document()?;
    let doc = document()?;
    println!("  cargo doc of the crate: {doc:.1?}");
    Ok(CompileResult {
        case: name,
        operations,
        files: files.len(),
        lines,
        code_lines,
        first,
        cold,
        noop,
        touch: touches[1],
        crate_clean,
        roundtrip_clean,
        doc,
    })
}

/// One target folder for every case's copy, so dependencies build once.
fn shared_target(target: &Path) -> PathBuf {
    target.join("bench-compile").join("target")
}

/// The `impl …::operation::Operation for …` items of a generated file: one
/// per operation. Where the path is long, prettyplease breaks the line before
/// `for`.
fn operation_impls(text: &str) -> usize {
    text.match_indices("operation::Operation")
        .filter(|(at, found)| text[at + found.len()..].trim_start().starts_with("for "))
        .count()
}

fn copy_dir(from: &Path, to: &Path, skip: &dyn Fn(&Path) -> bool) -> anyhow::Result<()> {
    fs::create_dir_all(to)?;
    for entry in fs::read_dir(from)? {
        let path = entry?.path();
        if skip(&path) {
            continue;
        }
        let dest = to.join(path.file_name().context("a file name")?);
        if path.is_dir() {
            copy_dir(&path, &dest, skip)?;
        } else {
            fs::copy(&path, &dest)?;
        }
    }
    Ok(())
}

/// `toml` without what only tests and benches use.
fn without_dev_sections(toml: &str) -> anyhow::Result<String> {
    let mut out = String::new();
    for (header, body) in sections(toml) {
        let dev_only = header.starts_with("[dev-dependencies")
            || header.starts_with("[target") && header.contains("dev-dependencies")
            || ["[[bench]]", "[[test]]", "[[example]]"].contains(&header);
        if !dev_only {
            writeln!(out, "{header}\n{body}")?;
        }
    }
    Ok(out)
}

/// The copy's manifest: the client's own, without what only tests and
/// benches use, in a workspace of its own (the client's crates, at the
/// same places under the copy as under `generated-client/`) with the root's
/// shared package keys, dependency versions and profiles (not their
/// per-package overrides).
fn manifest(root: &Path) -> anyhow::Result<String> {
    let client = fs::read_to_string(root.join("generated-client/Cargo.toml"))?;
    let workspace = fs::read_to_string(root.join("Cargo.toml"))?;
    let mut out = without_dev_sections(&client)?;
    let members: Vec<String> = Crate::ALL
        .iter()
        .map(|c| match c.folder() {
            folder if folder.is_empty() => "\".\"".to_owned(),
            folder => format!("\"{folder}\""),
        })
        .collect();
    writeln!(
        out,
        "[workspace]\nresolver = \"3\"\nmembers = [{}]\n",
        members.join(", ")
    )?;
    for (header, body) in sections(&workspace) {
        if header == "[workspace.dependencies]" {
            // Of the workspace's own crates, only the client's are in the
            // copy, where `generated-client/` is its root.
            let body: Vec<String> = body
                .lines()
                .filter(|l| !l.contains("path =") || l.contains("\"generated-client/"))
                .map(|l| l.replace("\"generated-client/", "\""))
                .collect();
            writeln!(out, "{header}\n{}\n", body.join("\n"))?;
        } else if header == "[workspace.package]"
            || (header.starts_with("[profile") && !header.contains(".package."))
        {
            // Not the per-package overrides: they speed up the generator,
            // and the copy is built as a user's project would build it.
            writeln!(out, "{header}\n{body}")?;
        }
    }
    Ok(out)
}

/// A TOML file's `[section]`s, each header with the lines under it.
fn sections(toml: &str) -> Vec<(&str, String)> {
    let mut out: Vec<(&str, String)> = Vec::new();
    for line in toml.lines() {
        let t = line.trim();
        if t.starts_with('[') {
            out.push((t, String::new()));
        } else if let Some((_, body)) = out.last_mut() {
            body.push_str(line);
            body.push('\n');
        }
    }
    out
}

// ---------------------------------------------------------------------------
// report

fn machine() -> String {
    let run = |cmd: &str, args: &[&str]| {
        Command::new(cmd)
            .args(args)
            .output()
            .ok()
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
            .unwrap_or_default()
    };
    let model = run("lscpu", &[])
        .lines()
        .find_map(|l| l.strip_prefix("Model name:").map(|m| m.trim().to_owned()))
        .unwrap_or_else(|| "unknown".into());
    let memory = fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|m| {
            let kb: f64 = m
                .lines()
                .find(|l| l.starts_with("MemTotal:"))?
                .split_whitespace()
                .nth(1)?
                .parse()
                .ok()?;
            Some(format!("{:.1} GiB", kb / 1024.0 / 1024.0))
        })
        .unwrap_or_else(|| "unknown".into());
    let load = fs::read_to_string("/proc/loadavg").unwrap_or_default();
    format!(
        "nproc {}, CPU {model}, memory {memory}, {}, load average at the end {}",
        run("nproc", &[]),
        run("rustc", &["--version"]),
        load.split_whitespace()
            .take(3)
            .collect::<Vec<_>>()
            .join(" ")
    )
}

/// Criterion's mean estimate of `group/bench`, in nanoseconds.
fn mean_ns(target: &Path, group: &str, bench: &str) -> Option<f64> {
    let path = target
        .join("criterion")
        .join(group)
        .join(bench)
        .join("new/estimates.json");
    let json: serde_json::Value = serde_json::from_str(&fs::read_to_string(path).ok()?).ok()?;
    json["mean"]["point_estimate"].as_f64()
}

/// The `key=value` figures a bench binary wrote.
fn figures(target: &Path, bench: &str) -> Vec<(String, String)> {
    fs::read_to_string(target.join("bench-figures").join(format!("{bench}.txt")))
        .unwrap_or_default()
        .lines()
        .filter_map(|l| l.split_once('=').map(|(k, v)| (k.to_owned(), v.to_owned())))
        .collect()
}

fn figure(figures: &[(String, String)], key: &str) -> Option<f64> {
    figures.iter().find(|(k, _)| k == key)?.1.parse().ok()
}

fn time(ns: f64) -> String {
    if ns >= 1e9 {
        format!("{:.2} s", ns / 1e9)
    } else if ns >= 1e6 {
        format!("{:.2} ms", ns / 1e6)
    } else if ns >= 1e3 {
        format!("{:.1} µs", ns / 1e3)
    } else {
        format!("{ns:.0} ns")
    }
}

/// The judged interleaved row and its noise control; returns the ratio.
fn interleaved_rows(r: &mut String, figures: &[(String, String)], label: &str) -> Option<f64> {
    let na = || "n/a".to_owned();
    let ratio = figure(figures, "interleaved_ratio");
    let _ = writeln!(
        r,
        "| **{label}** | {} | {} | **{}** |",
        figure(figures, "interleaved_generated_ns")
            .map(time)
            .unwrap_or_else(na),
        figure(figures, "interleaved_floor_ns")
            .map(time)
            .unwrap_or_else(na),
        ratio.map(|x| format!("{x:.3}")).unwrap_or_else(na),
    );
    if let Some(aa) = figure(figures, "interleaved_aa_ratio") {
        let _ = writeln!(
            r,
            "| floor against itself, interleaved (noise) | | | {aa:.3} |"
        );
    }
    ratio
}

/// The verdict line of a ratio target.
fn ratio_target(r: &mut String, ratio: Option<f64>, target: f64) {
    if let Some(x) = ratio {
        let _ = writeln!(
            r,
            "\nTarget at most {target}x: {}\n",
            verdict(x <= target, format!("{x:.3}x"))
        );
    }
}

fn verdict(met: bool, by: String) -> String {
    if met {
        format!("**met** ({by})")
    } else {
        format!("**missed** ({by})")
    }
}

fn report(
    target: &Path,
    machine: &str,
    (regen, regen_synthetic): (&[Duration], &[Duration]),
    compile: &[CompileResult],
) -> String {
    let mut r = String::new();
    let na = || "n/a".to_owned();
    let _ = writeln!(r, "# cargo xtask bench\n\nMachine: {machine}\n");

    // 1. request
    let req = figures(target, "request");
    let _ = writeln!(
        r,
        "## 1. Request path: voucherCodes/add, 1000 codes (build, check, serialize)\n"
    );
    let _ = writeln!(r, "| step | generated | floor | ratio |\n|---|---|---|---|");
    for (step, g, f) in [
        (
            "whole path (criterion means)",
            "request_add_1000/generated",
            "request_add_1000/floor",
        ),
        (
            "build",
            "request_add_1000_parts/build_generated",
            "request_add_1000_parts/build_floor",
        ),
        (
            "serialize (envelope with `flatten`)",
            "request_add_1000_parts/serialize_envelope_generated",
            "request_add_1000_parts/serialize_floor",
        ),
        (
            "serialize (envelope spliced, no `flatten`)",
            "request_add_1000_parts/serialize_envelope_spliced",
            "request_add_1000_parts/serialize_floor",
        ),
    ] {
        let (gs, fs_) = g.split_once('/').zip(f.split_once('/')).unwrap_or_default();
        let (gt, ft) = (mean_ns(target, gs.0, gs.1), mean_ns(target, fs_.0, fs_.1));
        let ratio = gt
            .zip(ft)
            .map(|(g, f)| format!("{:.3}", g / f))
            .unwrap_or_else(na);
        let _ = writeln!(
            r,
            "| {step} | {} | {} | {ratio} |",
            gt.map(time).unwrap_or_else(na),
            ft.map(time).unwrap_or_else(na)
        );
    }
    if let Some(t) = mean_ns(target, "request_add_1000_parts", "check_contracts") {
        let _ = writeln!(r, "| check_contracts | {} | (none) | |", time(t));
    }
    if let Some(t) = mean_ns(
        target,
        "request_add_1000_parts",
        "check_contracts_without_paths",
    ) {
        let _ = writeln!(
            r,
            "| the same rules without path bookkeeping | {} | (none) | |",
            time(t)
        );
    }
    let ratio = interleaved_rows(&mut r, &req, "whole path, interleaved (judged)");
    ratio_target(&mut r, ratio, REQUEST_TARGET);

    // 2. response
    let resp = figures(target, "response");
    let _ = writeln!(
        r,
        "## 2. Response path: voucherCodes/getAll page of 1000 codes (deserialize)\n"
    );
    let _ = writeln!(r, "| | generated | floor | ratio |\n|---|---|---|---|");
    let (gt, ft) = (
        mean_ns(target, "response_getall_1000", "generated"),
        mean_ns(target, "response_getall_1000", "floor"),
    );
    let _ = writeln!(
        r,
        "| criterion means | {} | {} | {} |",
        gt.map(time).unwrap_or_else(na),
        ft.map(time).unwrap_or_else(na),
        gt.zip(ft)
            .map(|(g, f)| format!("{:.3}", g / f))
            .unwrap_or_else(na)
    );
    let ratio = interleaved_rows(&mut r, &resp, "interleaved (judged)");
    if let Some(t) = mean_ns(target, "response_getall_1000", "floor_with_generated_enum") {
        let _ = writeln!(
            r,
            "| floor with the generated `ActivityState` (criterion mean) | | {} | |",
            time(t)
        );
    }
    if let Some(t) = mean_ns(target, "response_getall_1000", "ignored_any") {
        let _ = writeln!(r, "| JSON syntax only (`IgnoredAny`) | | {} | |", time(t));
    }
    ratio_target(&mut r, ratio, RESPONSE_TARGET);

    // 3. paging
    let pg = figures(target, "paging");
    let _ = writeln!(
        r,
        "## 3. Paging: 100,000 codes in 100 pages from 127.0.0.1, rate limiter off\n"
    );
    let _ = writeln!(r, "| stream | time for 100,000 | items/s |\n|---|---|---|");
    for bench in ["get_all_items", "get_all_pages", "floor"] {
        if let Some(t) = mean_ns(target, "paging_100000", bench) {
            let _ = writeln!(
                r,
                "| {bench} (criterion mean) | {} | {:.0} |",
                time(t),
                1e5 / (t / 1e9)
            );
        }
    }
    if let (Some(i), Some(f), Some(x)) = (
        figure(&pg, "interleaved_items_per_s"),
        figure(&pg, "interleaved_floor_per_s"),
        figure(&pg, "interleaved_ratio"),
    ) {
        let _ = writeln!(
            r,
            "| get_all_items / floor, interleaved | | {i:.0} / {f:.0} (time ratio {x:.3}) |"
        );
    }
    let _ = writeln!(
        r,
        "\nPeak live heap bytes above those live when the stream starts, KiB, least / median / most \
         of 5 runs (the spread is how the network splits each body into reads):\n"
    );
    let _ = writeln!(
        r,
        "| stream | 10,000 codes | 100,000 codes | 300,000 codes | most: 100,000 / 10,000 | most: 300,000 / 100,000 |\n|---|---|---|---|---|---|"
    );
    let kib = |b: f64| format!("{:.0}", b / 1024.0);
    for stream in ["items", "pages", "floor", "floor_chunked"] {
        let mut cells = Vec::new();
        let mut most = Vec::new();
        for total in ["10000", "100000", "300000"] {
            let get = |which: &str| figure(&pg, &format!("{stream}_{total}_peak{which}_bytes"));
            if let (Some(a), Some(b), Some(c)) = (get("_min"), get("_median"), get("")) {
                cells.push(format!("{} / {} / {}", kib(a), kib(b), kib(c)));
                most.push(c);
            }
        }
        if cells.len() == 3 {
            let _ = writeln!(
                r,
                "| {stream} | {} | {:.2}x | {:.2}x |",
                cells.join(" | "),
                most[1] / most[0],
                most[2] / most[1]
            );
        }
    }
    if let Some(size) = figure(&pg, "size_of_voucher_code") {
        let _ = writeln!(r, "\n`size_of::<VoucherCode>()` = {size:.0} bytes.");
    }
    if let Some(b) = figure(&pg, "page_bytes") {
        let _ = writeln!(r, "\nOne page is {:.0} KiB of JSON.", b / 1024.0);
    }
    r.push('\n');

    // 4. generator
    let _ = writeln!(r, "## 4. Generator: load, check, lower, emit, render\n");
    let _ = writeln!(r, "| spec | time (criterion mean, release) |\n|---|---|");
    for case in ["today", "synthetic_51", "synthetic_201"] {
        if let Some(t) = mean_ns(target, "generate", case) {
            let _ = writeln!(r, "| {case} | {} |", time(t));
        }
    }
    for (what, times, target) in [
        ("spec/ (today)", regen, Some(REGEN_TARGET_S)),
        ("the synthetic 201-operation spec", regen_synthetic, None),
    ] {
        if times.is_empty() {
            continue;
        }
        let mut sorted = times.to_vec();
        sorted.sort();
        let median = sorted[sorted.len() / 2];
        let _ = writeln!(
            r,
            "\n`cargo xtask regen --check` on {what} (dev profile; reads the spec and the generated files) prints: {}; median {:.1?}.",
            times
                .iter()
                .map(|d| format!("{d:.1?}"))
                .collect::<Vec<_>>()
                .join(", "),
            median
        );
        if let Some(target) = target {
            let median = median.as_secs_f64();
            let _ = writeln!(
                r,
                "\nTarget under {target} s: {}",
                verdict(median < target, format!("{median:.2} s"))
            );
        }
    }
    let stages = [
        "1_load",
        "2_check",
        "3_lower",
        "4_emit",
        "5_render",
        "5a_render_syn_parse",
        "5b_render_prettyplease",
    ];
    let stage_times: Vec<(&str, f64)> = stages
        .iter()
        .filter_map(|s| Some((*s, mean_ns(target, "generate_stages_synthetic_201", s)?)))
        .collect();
    if !stage_times.is_empty() {
        let _ = writeln!(
            r,
            "\nStages on synthetic_201:\n\n| stage | time |\n|---|---|"
        );
        for (s, t) in stage_times {
            let _ = writeln!(r, "| {s} | {} |", time(t));
        }
    }
    if let Some(t) = mean_ns(target, "generate", "today") {
        let ms = t / 1e6;
        let _ = writeln!(
            r,
            "\nTarget under {GENERATE_TARGET_MS} ms for today's spec: {}\n",
            verdict(ms < GENERATE_TARGET_MS, format!("{ms:.1} ms"))
        );
    }

    // 5. size and compile time
    let _ = writeln!(
        r,
        "## 5. Generated code size and compile time (`cargo build`, dev profile)\n"
    );
    let _ = writeln!(
        r,
        "| spec | operations | lines | lines/operation | code lines/operation | no-op build | touch one generated file, build | crates alone from clean | the same, `roundtrip` feature | `cargo doc` of the crate |\n|---|---|---|---|---|---|---|---|---|---|"
    );
    for c in compile {
        let per = |n: usize| {
            if c.operations == 0 {
                0.0
            } else {
                n as f64 / c.operations as f64
            }
        };
        let _ = writeln!(
            r,
            "| {} | {} | {} | {:.0} | {:.0} | {:.2} s | {:.2} s | {:.2} s | {:.2} s | {:.2} s |",
            c.case,
            c.operations,
            c.lines,
            per(c.lines),
            per(c.code_lines),
            c.noop.as_secs_f64(),
            c.touch.as_secs_f64(),
            c.crate_clean.as_secs_f64(),
            c.roundtrip_clean.as_secs_f64(),
            c.doc.as_secs_f64()
        );
    }
    // Runs of the same tree differ by up to 40% from one hour to the next on
    // these machines: the synthetic spec built in the same run is a
    // yardstick of the hour (docs/PERFORMANCE.md, issue 17's third round).
    let case = |name: String| compile.iter().find(|c| c.case == name);
    if let Some(today) = case(Case::Today.name()) {
        let (crate_clean, touch) = (today.crate_clean.as_secs_f64(), today.touch.as_secs_f64());
        let _ = writeln!(
            r,
            "\nThe whole client, its crates alone from clean, target at most {CRATE_TARGET_S} s: {}; a touch and build, target at most {TOUCH_TARGET_S} s: {}.",
            verdict(crate_clean <= CRATE_TARGET_S, format!("{crate_clean:.2} s")),
            verdict(touch <= TOUCH_TARGET_S, format!("{touch:.2} s")),
        );
        if let Some(synthetic) = case(Case::Synthetic(SYNTHETIC_COPIES).name()) {
            let _ = writeln!(
                r,
                "\nThe whole client against the synthetic spec of this run: crates alone {:.2}x, touch {:.2}x.",
                crate_clean / synthetic.crate_clean.as_secs_f64(),
                touch / synthetic.touch.as_secs_f64(),
            );
        }
    }
    for c in compile.iter().filter(|c| c.cold) {
        let _ = writeln!(
            r,
            "\nFirst build of the copy for {}, every dependency included (the target folder was new): {:.1} s",
            c.case,
            c.first.as_secs_f64()
        );
    }
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regen_elapsed_is_read_in_every_unit() {
        let at = |s: &str| parse_elapsed(&format!("regen: 4 files up to date in /x ({s})"));
        assert_eq!(at("38.6ms"), Some(Duration::from_secs_f64(0.0386)));
        assert_eq!(at("1.2s"), Some(Duration::from_secs_f64(1.2)));
        assert_eq!(at("850.3µs"), Some(Duration::from_secs_f64(0.0008503)));
        assert_eq!(parse_elapsed("regen: no time"), None);
    }

    #[test]
    fn compile_figures_read_back() {
        let r = CompileResult {
            case: "today".into(),
            operations: 7,
            files: 4,
            lines: 2910,
            code_lines: 1500,
            first: Duration::from_millis(61_000),
            cold: true,
            noop: Duration::from_millis(120),
            touch: Duration::from_millis(4500),
            crate_clean: Duration::from_millis(9000),
            roundtrip_clean: Duration::from_millis(11000),
            doc: Duration::from_millis(7000),
        };
        let back = CompileResult::parse(&r.line()).expect("parses");
        assert_eq!(back.line(), r.line());
    }

    #[test]
    fn the_synthetic_spec_is_accepted() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"))
            .parent()
            .expect("the workspace");
        let spec = read_spec(&root.join("spec")).expect("spec/");
        let sources = synthetic::spec(&spec, 2).expect("voucher_codes.yaml");
        let files = codegen::generate(&sources).expect("accepted");
        let operations: usize = files.iter().map(|f| operation_impls(&f.contents)).sum();
        assert_eq!(operations, 2 * synthetic::OPERATIONS_PER_COPY);
    }
}
