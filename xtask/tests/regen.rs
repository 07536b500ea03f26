//! `cargo xtask regen` end to end: the built binary on copies of `spec/` and
//! the generated folder in temporary folders, and the freshness check of the
//! real ones.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the workspace root")
        .to_path_buf()
}

/// A folder under the system's temporary folder, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> TempDir {
        static COUNT: AtomicUsize = AtomicUsize::new(0);
        let n = COUNT.fetch_add(1, Ordering::Relaxed);
        let path =
            std::env::temp_dir().join(format!("xtask-test-{}-{n}-{name}", std::process::id()));
        let _ = fs::remove_dir_all(&path);
        fs::create_dir_all(&path).expect("a temporary folder");
        TempDir(path)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

/// Copies the files (not folders) of `from` into a new folder `to`.
fn copy_files(from: &Path, to: &Path) {
    fs::create_dir_all(to).expect("the copy's folder");
    for entry in fs::read_dir(from).expect("the folder to copy") {
        let path = entry.expect("a directory entry").path();
        if path.is_file() {
            fs::copy(&path, to.join(path.file_name().expect("a file name")))
                .expect("a copied file");
        }
    }
}

/// Every file under `dir` (recursively) with its bytes; folders as `None`.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Option<Vec<u8>>> {
    let mut out = BTreeMap::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        for entry in fs::read_dir(&d).expect("a folder") {
            let path = entry.expect("a directory entry").path();
            let rel = path
                .strip_prefix(dir)
                .expect("under the folder")
                .to_path_buf();
            if path.is_dir() {
                out.insert(rel, None);
                todo.push(path);
            } else {
                out.insert(rel, Some(fs::read(&path).expect("a file")));
            }
        }
    }
    out
}

/// The paths (relative to the client's folder) the generator makes of the
/// spec in `spec`, in its order, which is the order regen writes them in.
fn generated_paths(spec: &Path) -> Vec<String> {
    codegen::generate(&read_sources(spec))
        .expect("the spec is sound")
        .into_iter()
        .map(|f| f.path)
        .collect()
}

/// The folders of the client (relative to its folder) the generator writes
/// to: `src/generated`, `core/src/generated`, `types/<crate>`, `types/<crate>/src`.
fn generated_folders(paths: &[String]) -> BTreeSet<String> {
    paths
        .iter()
        .map(|p| {
            let (folder, _) = p.rsplit_once('/').expect("a file in a subfolder");
            folder.to_owned()
        })
        .collect()
}

/// Copies the generated folders of the checked-in client (the files the
/// generator writes, not the hand-written ones around them) into `to`.
fn copy_generated_client(to: &Path) {
    let client = root().join("generated-client");
    for folder in generated_folders(&generated_paths(&root().join("spec"))) {
        copy_files(&client.join(&folder), &to.join(&folder));
    }
}

/// A temporary copy of the real spec and of the checked-in client's
/// generated folders: `(tmp, spec, out)`, `out` being the client's folder.
fn copies(name: &str) -> (TempDir, PathBuf, PathBuf) {
    let tmp = TempDir::new(name);
    let (spec, out) = (tmp.0.join("spec"), tmp.0.join("client"));
    copy_files(&root().join("spec"), &spec);
    copy_generated_client(&out);
    (tmp, spec, out)
}

/// The one generated file of `module`'s types, `types/<crate>/src/<module>.rs`.
fn types_file(paths: &[String], module: &str) -> String {
    let file = format!("/src/{module}.rs");
    let found: Vec<&String> = paths
        .iter()
        .filter(|p| p.starts_with("types/") && p.ends_with(&file))
        .collect();
    assert_eq!(found.len(), 1, "`{module}`'s types: {found:?}");
    found[0].clone()
}

fn read_sources(spec: &Path) -> Vec<codegen::SourceFile> {
    let mut sources: Vec<codegen::SourceFile> = fs::read_dir(spec)
        .expect("the spec folder")
        .map(|e| e.expect("a directory entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .map(|p| codegen::SourceFile {
            name: p
                .file_name()
                .expect("a file name")
                .to_string_lossy()
                .into_owned(),
            text: fs::read_to_string(&p).expect("a spec file"),
        })
        .collect();
    sources.sort_by(|a, b| a.name.cmp(&b.name));
    sources
}

/// Runs `xtask regen` with `args`.
fn regen(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask"))
        .arg("regen")
        .args(args)
        .output()
        .expect("xtask runs")
}

fn regen_in(spec: &Path, out: &Path, extra: &[&str]) -> Output {
    let (spec, out) = (
        spec.to_str().expect("a UTF-8 path"),
        out.to_str().expect("a UTF-8 path"),
    );
    let mut args = vec!["--spec", spec, "--out", out];
    args.extend_from_slice(extra);
    regen(&args)
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn explain(output: &Output) -> String {
    format!(
        "exit: {:?}\nstdout:\n{}\nstderr:\n{}",
        output.status.code(),
        String::from_utf8_lossy(&output.stdout),
        stderr(output)
    )
}

/// Appends `text` under the first line that contains `anchor`.
fn insert_after(path: &Path, anchor: &str, text: &str) {
    let old = fs::read_to_string(path).expect("a spec file");
    let at = old.find(anchor).expect("the anchor is in the file");
    let end = at + old[at..].find('\n').expect("a line end") + 1;
    fs::write(path, format!("{}{text}{}", &old[..end], &old[end..])).expect("the edited spec file");
}

#[test]
fn the_checked_in_client_is_fresh() {
    let output = regen(&["--check"]);
    assert!(
        output.status.success(),
        "generated-client is stale or the spec is broken; run `cargo xtask regen`\n{}",
        explain(&output)
    );
}

#[test]
fn a_spec_error_writes_nothing_and_fails_with_the_count_last() {
    let (_tmp, spec, out) = copies("spec-error");
    // Two mistakes: an unknown key and a misspelt type.
    insert_after(
        &spec.join("voucher_codes.yaml"),
        "VoucherIds:",
        "        max_item: 3\n",
    );
    insert_after(
        &spec.join("voucher_codes.yaml"),
        "      EnterpriseId:",
        "        colour: red\n",
    );
    let before = snapshot(&out);
    for extra in [&[][..], &["--check"][..]] {
        let output = regen_in(&spec, &out, extra);
        assert_eq!(output.status.code(), Some(1), "{}", explain(&output));
        let err = stderr(&output);
        assert!(err.contains("error: unknown key `max_item`"), "{err}");
        assert!(err.contains("--> voucher_codes.yaml:"), "{err}");
        assert_eq!(
            err.trim_end().lines().last(),
            Some("error: the spec has 2 errors"),
            "{err}"
        );
        assert_eq!(
            snapshot(&out),
            before,
            "the output folder changed after a failed run"
        );
    }
}

#[test]
fn an_empty_spec_folder_fails() {
    let tmp = TempDir::new("empty-spec");
    let (spec, out) = (tmp.0.join("spec"), tmp.0.join("out"));
    fs::create_dir_all(&spec).expect("the spec folder");
    let output = regen_in(&spec, &out, &[]);
    assert_eq!(output.status.code(), Some(1), "{}", explain(&output));
    assert!(
        stderr(&output).contains("has no `.yaml` files"),
        "{}",
        explain(&output)
    );
    assert!(!out.exists(), "a failed run created the output folder");
}

#[test]
fn regen_follows_a_contract_change_and_check_tells_before_and_after() {
    let (_tmp, spec, out) = copies("contract-change");
    // Start from a fresh copy, whether or not the checked-in client is: that
    // is `the_checked_in_client_is_fresh`'s business.
    let fresh = regen_in(&spec, &out, &[]);
    assert!(fresh.status.success(), "{}", explain(&fresh));
    let file = spec.join("voucher_codes.yaml");
    let text = fs::read_to_string(&file).expect("the spec file");
    assert_eq!(
        text.matches("max_length: 128").count(),
        1,
        "the test edits the one `max_length: 128`"
    );
    fs::write(&file, text.replace("max_length: 128", "max_length: 64")).expect("the edited spec");
    // The contract is in the module's types, in a type crate.
    let types = out.join(types_file(&generated_paths(&spec), "voucher_codes"));
    let before = snapshot(&out);

    let check = regen_in(&spec, &out, &["--check"]);
    assert_eq!(
        check.status.code(),
        Some(1),
        "--check passed on a stale client\n{}",
        explain(&check)
    );
    assert!(
        stderr(&check).contains(&types.display().to_string()),
        "{}",
        explain(&check)
    );
    assert_eq!(snapshot(&out), before, "--check wrote");

    let run = regen_in(&spec, &out, &[]);
    assert!(run.status.success(), "{}", explain(&run));
    let after = snapshot(&out);
    // The regenerated folder is exactly what the generator makes of the edited spec.
    for file in codegen::generate(&read_sources(&spec)).expect("the edited spec is sound") {
        assert_eq!(
            fs::read_to_string(out.join(&file.path)).expect("a generated file"),
            file.contents
        );
    }
    // And the change is the contract's: no file came or went, and in every
    // file that changed (the module's types among them), lines that
    // mentioned 128 now say 64 and nothing else changed.
    assert_eq!(
        before.keys().collect::<Vec<_>>(),
        after.keys().collect::<Vec<_>>(),
        "files came or went"
    );
    let mut changed_files = Vec::new();
    let mut changed_lines = 0;
    for (path, old) in &before {
        let new = &after[path];
        if old == new {
            continue;
        }
        changed_files.push(out.join(path));
        let (old, new) = (
            String::from_utf8(old.clone().expect("a file")).expect("UTF-8"),
            String::from_utf8(new.clone().expect("a file")).expect("UTF-8"),
        );
        let (old_lines, new_lines): (Vec<&str>, Vec<&str>) =
            (old.lines().collect(), new.lines().collect());
        assert_eq!(
            old_lines.len(),
            new_lines.len(),
            "only the contract's lines change in {}",
            path.display()
        );
        for (a, b) in old_lines.iter().zip(&new_lines).filter(|(a, b)| a != b) {
            changed_lines += 1;
            assert!(
                a.contains("128") && b.contains("64") && a.replace("128", "64") == *b,
                "unexpected change in {}:\n- {a}\n+ {b}",
                path.display()
            );
        }
    }
    assert!(
        changed_files.contains(&types) && changed_lines > 0,
        "the contract change did not reach the module's types: {changed_files:?}"
    );

    let recheck = regen_in(&spec, &out, &["--check"]);
    assert!(
        recheck.status.success(),
        "--check failed after regen\n{}",
        explain(&recheck)
    );
}

#[test]
fn a_failed_rename_puts_every_file_back() {
    let (_tmp, spec, out) = copies("rename-fails");
    let paths = generated_paths(&spec);
    // Every file but the last regen writes is stale, so regen renames new
    // versions over them first, in every generated folder of every crate;
    // the last cannot be renamed into place: it is a folder.
    let (last, stale) = paths.split_last().expect("generated files");
    assert!(
        generated_folders(stale).len() >= 2,
        "the test needs files in several folders: {stale:?}"
    );
    for path in stale {
        fs::write(out.join(path), format!("// stale {path}\n")).expect("a stale file");
    }
    fs::remove_file(out.join(last)).expect("the last file");
    fs::create_dir_all(out.join(last).join("in-the-way")).expect("a folder in the way");
    let before = snapshot(&out);

    let output = regen_in(&spec, &out, &[]);
    assert_eq!(output.status.code(), Some(1), "{}", explain(&output));
    assert!(
        stderr(&output).contains("the folder was restored"),
        "{}",
        explain(&output)
    );
    assert_eq!(
        snapshot(&out),
        before,
        "the output folder mixes old and new files, or kept staging files"
    );
}

#[test]
fn a_failed_staging_write_changes_nothing() {
    let (_tmp, spec, out) = copies("staging-fails");
    let paths = generated_paths(&spec);
    for path in &paths {
        fs::write(out.join(path), format!("// stale {path}\n")).expect("a stale file");
    }
    // The staging file of the last target cannot be written: a folder is
    // there. Every other one is staged first, in folders of every crate.
    let blocked = out.join(paths.last().expect("a generated file"));
    let name = blocked
        .file_name()
        .expect("a file name")
        .to_string_lossy()
        .into_owned();
    fs::create_dir_all(
        blocked
            .with_file_name(format!(".{name}.regen-tmp"))
            .join("x"),
    )
    .expect("a folder in the way");
    let before = snapshot(&out);

    let output = regen_in(&spec, &out, &[]);
    assert_eq!(output.status.code(), Some(1), "{}", explain(&output));
    assert!(
        stderr(&output).contains("nothing was changed"),
        "{}",
        explain(&output)
    );
    assert_eq!(
        snapshot(&out),
        before,
        "a failed staging write changed the output folder"
    );
}

#[test]
fn regen_writes_only_what_changed_and_removes_stale_files() {
    let (_tmp, spec, out) = copies("incremental");
    let fresh = regen_in(&spec, &out, &[]);
    assert!(fresh.status.success(), "{}", explain(&fresh));
    // A module the spec no longer has, on both sides: its API in the client
    // crate and its types in a type crate.
    let gone = [
        out.join("src/generated/gone.rs"),
        out.join("types/linked/src/gone.rs"),
    ];
    for path in &gone {
        assert!(
            path.parent().expect("a folder").is_dir(),
            "regen does not write {}",
            path.display()
        );
        fs::write(path, "// a module the spec no longer has\n").expect("a stale module");
    }
    // Files that are not the generator's: one in a generated folder that is
    // not a `.rs` file, and hand-written ones beside the generated folders.
    let foreign = [
        out.join("src/generated/notes.txt"),
        out.join("types/linked/README.md"),
        out.join("Cargo.toml"),
        out.join("src/lib.rs"),
        out.join("core/src/lib.rs"),
        out.join("core/Cargo.toml"),
    ];
    for path in &foreign {
        fs::write(path, "not the generator's\n").expect("a foreign file");
    }
    let output = regen_in(&spec, &out, &[]);
    assert!(output.status.success(), "{}", explain(&output));
    let stdout = String::from_utf8_lossy(&output.stdout);
    for path in &gone {
        assert!(
            stdout.contains(&format!("remove {}", path.display())),
            "{stdout}"
        );
        assert!(!path.exists(), "{} was kept", path.display());
    }
    assert!(
        stdout.contains("2 of"),
        "only the stale module changes: {stdout}"
    );
    for path in &foreign {
        assert_eq!(
            fs::read_to_string(path).ok().as_deref(),
            Some("not the generator's\n"),
            "regen changed {}, which is not a generated file",
            path.display()
        );
    }
}

#[test]
fn bad_arguments_fail_with_the_usage() {
    for args in [&["--frobnicate"][..], &["--spec"][..], &["--out"][..]] {
        let output = regen(args);
        assert!(
            !output.status.success(),
            "`regen {}` succeeded",
            args.join(" ")
        );
        assert!(stderr(&output).contains("error:"), "{}", explain(&output));
    }
    let output = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .arg("frobnicate")
        .output()
        .expect("xtask runs");
    assert!(!output.status.success());
    assert!(
        stderr(&output).contains("usage: cargo xtask regen"),
        "{}",
        explain(&output)
    );
}

#[test]
fn regen_works_on_the_workspace_it_is_run_in_not_the_one_it_was_built_in() {
    // A checkout elsewhere, as if copied with its `target/`: the same
    // binary, run from inside the copy, must read and write the copy.
    let tmp = TempDir::new("moved-checkout");
    let copy = tmp.0.join("checkout");
    fs::create_dir_all(&copy).expect("the copy's folder");
    fs::write(
        copy.join("Cargo.toml"),
        "[workspace]\nmembers = [\"generated-client\"]\n",
    )
    .expect("the copy's manifest");
    for folder in ["spec", "tests/shapes/spec", "tests/shapes/src/generated"] {
        copy_files(&root().join(folder), &copy.join(folder));
    }
    let out = copy.join("generated-client");
    copy_generated_client(&out);
    // Its coverage list follows the spec too.
    fs::copy(root().join("README.md"), copy.join("README.md")).expect("the copy's README");
    // And so do the client's resource features: this copy's are stale.
    let manifest = copy.join("generated-client/Cargo.toml");
    let fresh_manifest = fs::read_to_string(root().join("generated-client/Cargo.toml"))
        .expect("the client's manifest");
    let features = fresh_manifest
        .lines()
        .find(|l| l.starts_with("vouchers = ["))
        .map(|l| format!("{l}\n"))
        .expect("a `vouchers` feature");
    assert!(features.contains("\"voucher_codes\""), "{features}");
    let stale_manifest = fresh_manifest.replace(&features, "vouchers = []\n");
    fs::write(&manifest, stale_manifest).expect("the copy's manifest");
    // The copy's spec differs from the original's, so its client is stale.
    let file = copy.join("spec/voucher_codes.yaml");
    let text = fs::read_to_string(&file).expect("the spec file");
    fs::write(&file, text.replace("max_length: 128", "max_length: 64")).expect("the edited spec");
    let types = out.join(types_file(
        &generated_paths(&copy.join("spec")),
        "voucher_codes",
    ));
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_xtask"))
            .current_dir(copy.join("generated-client/src"))
            .arg("regen")
            .args(args)
            .output()
            .expect("xtask runs")
    };

    let check = run(&["--check"]);
    assert_eq!(
        check.status.code(),
        Some(1),
        "--check judged another workspace than the one it runs in\n{}",
        explain(&check)
    );
    for stale in [types.clone(), manifest.clone()] {
        assert!(
            stderr(&check).contains(&stale.display().to_string()),
            "{}",
            explain(&check)
        );
    }
    let write = run(&[]);
    assert!(write.status.success(), "{}", explain(&write));
    assert_eq!(
        fs::read_to_string(&manifest).expect("the rewritten manifest"),
        fresh_manifest,
        "the copy's features do not follow the spec"
    );
    assert!(
        fs::read_to_string(&types)
            .expect("the regenerated module")
            .contains("Some(64usize)"),
        "the copy's client does not follow the copy's spec"
    );
    assert!(run(&["--check"]).status.success());
}
