//! `cargo xtask audit` end to end: the built binary on small fixture pages
//! written in the layout of the Mews documentation (never copies of it) and
//! on small specs, under `tests/fixtures/audit/`.
//!
//! - `docs/`: two resource pages, shared objects, the paging guideline and a
//!   discontinued page;
//! - `spec/`: a spec that differs from them on purpose, some differences
//!   explained by `audit` notes; its report is `expected.txt`;
//! - `spec-agrees/`: shared definitions that agree, the base of the round
//!   trip of `--draft`, whose output is `expected-draft.yaml`.
//!
//! Run with `UPDATE_EXPECT=1` to rewrite the expected files, then review the diff.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/audit")
}

/// Runs `xtask audit` in the fixtures folder, so the report shows relative paths.
fn audit(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask"))
        .current_dir(fixtures())
        .arg("audit")
        .args(args)
        .output()
        .expect("xtask runs")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Compares `actual` with the expected file, or rewrites it under `UPDATE_EXPECT`.
fn expect(name: &str, actual: &str) {
    let path = fixtures().join(name);
    if std::env::var_os("UPDATE_EXPECT").is_some() {
        fs::write(&path, actual).expect("the expected file is written");
        return;
    }
    let expected = fs::read_to_string(&path).expect("the expected file exists");
    assert!(
        expected == actual,
        "{name} differs (UPDATE_EXPECT=1 rewrites it):\n--- expected\n{expected}\n--- actual\n{actual}"
    );
}

/// A folder under the system's temporary folder, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> TempDir {
        let path = std::env::temp_dir().join(format!("xtask-audit-{}-{name}", std::process::id()));
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

#[test]
fn every_difference_is_reported_once_with_both_places() {
    let output = audit(&["--docs", "docs", "--spec", "spec", "--verbose"]);
    expect("expected.txt", &stdout(&output));
    assert!(
        !output.status.success(),
        "unexplained differences fail the audit"
    );
    assert_eq!(stderr(&output), "");
}

#[test]
fn the_default_report_counts_what_verbose_lists() {
    let output = audit(&["--docs", "docs", "--spec", "spec"]);
    let text = stdout(&output);
    assert!(!output.status.success());
    assert!(text.contains("\nnot covered: 1 resource, 1 operation (--verbose lists them)\n"));
    assert!(
        text.contains("\nexplained differences: 11 (--verbose lists them with their reasons)\n")
    );
    assert!(!text.contains("because:"));
    // The unexplained ones are always listed, and the count is the last line.
    assert_eq!(text.matches("\n  spec/").count(), 18);
    assert!(
        text.ends_with("\naudit: 3/5 operations, 18 unexplained differences\n"),
        "{text}"
    );
}

#[test]
fn a_draft_is_facts_only_and_round_trips_to_no_difference() {
    let output = audit(&[
        "--docs",
        "docs",
        "--spec",
        "spec-agrees",
        "--draft",
        "gadgets",
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let draft = stdout(&output);
    expect("expected-draft.yaml", &draft);

    // As drafted, the checker refuses it: every description is the author's to write.
    let dir = TempDir::new("draft");
    fs::copy(
        fixtures().join("spec-agrees/_common.yaml"),
        dir.0.join("_common.yaml"),
    )
    .expect("the shared file is copied");
    fs::write(dir.0.join("gadgets.yaml"), &draft).expect("the draft is written");
    let spec = dir.0.to_str().expect("a UTF-8 path");
    let refused = audit(&["--docs", "docs", "--spec", spec]);
    assert!(!refused.status.success());
    assert!(
        stderr(&refused).contains("error: the summary is still `TODO`"),
        "{}",
        stderr(&refused)
    );
    assert!(stderr(&refused).contains("the spec must be sound before it can be audited"));

    // Once written, it agrees with the docs it came from.
    fs::write(
        dir.0.join("gadgets.yaml"),
        draft.replace("TODO", "Written."),
    )
    .expect("written");
    let agreed = audit(&["--docs", "docs", "--spec", spec]);
    let text = stdout(&agreed);
    assert!(agreed.status.success(), "{text}{}", stderr(&agreed));
    assert!(text.contains("\n  gadgets: 1/1\n"), "{text}");
    assert!(
        text.ends_with("\naudit: 1/5 operations, 0 unexplained differences\n"),
        "{text}"
    );
}

#[test]
fn a_draft_needs_a_documented_resource() {
    let output = audit(&[
        "--docs",
        "docs",
        "--spec",
        "spec-agrees",
        "--draft",
        "sprockets",
    ]);
    assert!(!output.status.success());
    assert!(
        stderr(&output).contains("the docs have no operation on `sprockets`"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn bad_arguments_and_folders_fail_clearly() {
    let output = audit(&["--spec", "spec"]);
    assert!(!output.status.success());
    assert!(
        stderr(&output)
            .contains("audit needs the docs folder; usage: cargo xtask audit --docs DIR")
    );

    let output = audit(&["--docs", "docs", "--colour"]);
    assert!(stderr(&output).contains("unknown argument `--colour` for audit"));

    // A folder that is not the docs' `connector-api/`.
    let output = audit(&["--docs", "spec", "--spec", "spec"]);
    assert!(!output.status.success());
    assert!(
        stderr(&output).contains("has no `operations/*.md` pages"),
        "{}",
        stderr(&output)
    );

    let output = audit(&["--docs", "no-such-folder", "--spec", "spec"]);
    assert!(!output.status.success());
    assert!(
        stderr(&output).contains("cannot read the docs folder"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn an_unsound_spec_is_refused_with_its_diagnostics() {
    let dir = TempDir::new("unsound");
    fs::write(
        dir.0.join("things.yaml"),
        "objects:\n  Thing:\n    description: A thing.\n    properties:\n      Id: { type: uuid, descripton: x }\n",
    )
    .expect("written");
    let output = audit(&["--docs", "docs", "--spec", dir.0.to_str().expect("UTF-8")]);
    assert!(!output.status.success());
    let err = stderr(&output);
    assert!(err.contains("unknown key `descripton`"), "{err}");
    assert!(
        err.contains("the spec must be sound before it can be audited"),
        "{err}"
    );
    assert_eq!(stdout(&output), "");
}
