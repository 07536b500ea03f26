//! The conformance check (`cargo xtask conformance`) end to end, on examples of our own making
//! (`examples/` beside this file; see its README). The failing cases are
//! made from those in a scratch folder.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use mews_connector::operation::{Operation, OperationVisitor};
use serde_json::{Value, json};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("conformance/examples")
}

fn conformance(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_conformance"))
        .args(args)
        .output()
        .expect("the xtask runs")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// A whole run's output without what concerns the spec's operations that
/// have no examples here: those are listed as not covered, and asserted to
/// be every operation but the ones these examples cover. So a resource
/// added to `spec/` changes no expected output below.
fn listing(output: &Output) -> String {
    let text = String::from_utf8_lossy(&output.stdout);
    let mut uncovered = Vec::new();
    let mut kept = String::new();
    for line in text.lines() {
        if let Some(rest) = line.strip_prefix("none  ") {
            let (path, why) = rest.split_once(": ").expect("`path: why`");
            assert_eq!(why, "no examples in the folder, not covered", "{line}");
            uncovered.push(path.to_owned());
        } else if !(line.starts_with("conformance: ") && line.ends_with("(not covered)")) {
            kept.push_str(line);
            kept.push('\n');
        }
    }
    let covered = [
        "voucherCodes/getAll",
        "voucherCodes/add",
        "voucherCodes/delete",
        "vouchers/getAll",
        "vouchers/add",
        "vouchers/update",
        "vouchers/delete",
    ];
    let mut rest = operations();
    rest.retain(|p| !covered.contains(&p.as_str()));
    uncovered.sort();
    assert_eq!(uncovered, rest, "the operations listed as not covered");
    if !uncovered.is_empty() {
        let n = uncovered.len();
        let line = match n {
            1 => "conformance: 1 operation of the spec has no examples in the folder (not covered)"
                .to_owned(),
            n => format!(
                "conformance: {n} operations of the spec have no examples in the folder (not covered)"
            ),
        };
        assert!(text.contains(&format!("\n{line}\n")), "{text}");
    }
    kept
}

/// Every operation of the generated client, sorted.
fn operations() -> Vec<String> {
    struct Paths(Vec<String>);
    impl OperationVisitor for Paths {
        fn visit<O>(&mut self)
        where
            O: Operation + serde::de::DeserializeOwned,
            O::Response: serde::Serialize,
        {
            self.0.push(O::PATH.to_owned());
        }
    }
    let mut paths = Paths(Vec::new());
    mews_connector::for_each_operation(&mut paths);
    paths.0.sort();
    paths.0
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// A copy of the fixtures in a fresh scratch folder of this test's own.
fn scratch_copy(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("conformance-{name}"));
    if dir.exists() {
        fs::remove_dir_all(&dir).unwrap();
    }
    fs::create_dir_all(&dir).unwrap();
    for entry in fs::read_dir(fixtures()).unwrap() {
        let path = entry.unwrap().path();
        fs::copy(&path, dir.join(path.file_name().unwrap())).unwrap();
    }
    dir
}

/// Rewrites one example of `dir` with `change`.
fn edit(dir: &Path, file: &str, change: impl FnOnce(&mut Value)) {
    let path = dir.join(file);
    let mut value: Value = serde_json::from_str(&fs::read_to_string(&path).unwrap()).unwrap();
    change(&mut value);
    fs::write(&path, serde_json::to_string_pretty(&value).unwrap()).unwrap();
}

#[test]
fn examples_that_match_the_spec_pass_one_line_each() {
    let output = conformance(&["--examples", fixtures().to_str().unwrap()]);
    assert!(
        output.status.success(),
        "{}{}",
        stdout(&output),
        stderr(&output)
    );
    let expected = "\
ok    voucherCodes/getAll request (voucherCodes.getAll.request.json)
ok    voucherCodes/getAll response (voucherCodes.getAll.response.json)
ok    voucherCodes/add request (voucherCodes.add.request.json)
ok    voucherCodes/add response (voucherCodes.add.response.json)
ok    voucherCodes/delete request (voucherCodes.delete.request.json)
ok    voucherCodes/delete response (voucherCodes.delete.response.json)
ok    vouchers/getAll request (vouchers.getAll.request.json)
ok    vouchers/getAll response (vouchers.getAll.response.json)
ok    vouchers/add request (vouchers.add.request.json)
ok    vouchers/add response (vouchers.add.response.json)
ok    vouchers/update request (vouchers.update.request.json)
ok    vouchers/update response (vouchers.update.response.json)
ok    vouchers/delete request (vouchers.delete.request.json)
ok    vouchers/delete response (vouchers.delete.response.json)
conformance: ignored the examples of 1 operation the spec does not cover
conformance: 14 passed, 0 failed
";
    assert_eq!(listing(&output), expected);
}

#[test]
fn an_operation_without_examples_is_not_covered_and_does_not_fail() {
    let dir = scratch_copy("not-covered");
    for direction in ["request", "response"] {
        fs::remove_file(dir.join(format!("vouchers.delete.{direction}.json"))).unwrap();
    }
    let output = conformance(&["--examples", dir.to_str().unwrap()]);
    let raw = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(output.status.success(), "{raw}{}", stderr(&output));
    assert!(
        raw.contains("\nnone  vouchers/delete: no examples in the folder, not covered\n"),
        "{raw}"
    );
    assert!(
        raw.contains("operation of the spec has no examples in the folder (not covered)\n")
            || raw
                .contains("operations of the spec have no examples in the folder (not covered)\n"),
        "{raw}"
    );
    assert!(raw.ends_with("conformance: 12 passed, 0 failed\n"), "{raw}");
}

#[test]
fn every_mismatch_is_reported_with_its_path_and_the_run_fails() {
    let dir = scratch_copy("failures");
    // A response property the spec does not know: the client would drop it.
    edit(&dir, "vouchers.getAll.response.json", |v| {
        v["Vouchers"][0]["Colour"] = json!("red")
    });
    // Even when null, if the client's type does not read it.
    edit(&dir, "vouchers.delete.response.json", |v| {
        v["Deleted"] = Value::Null
    });
    // AssignedRateIds holds at most 10.
    edit(&dir, "vouchers.add.request.json", |v| {
        let rates = v["VoucherParameters"][0]["AssignedRateIds"]
            .as_array_mut()
            .unwrap();
        rates.push(json!("d0000000-0000-4000-8000-000000000011"));
    });
    // Two problems in one example: a contract, and a property the client drops.
    edit(&dir, "vouchers.update.request.json", |v| {
        v["VoucherUpdates"][0]["Name"] = json!({"Value": ""});
        v["Force"] = json!(true);
    });
    // Not the spec's type at all.
    edit(&dir, "voucherCodes.add.response.json", |v| {
        v["VoucherCodes"][0]["IsActive"] = json!("yes")
    });
    fs::remove_file(dir.join("voucherCodes.delete.response.json")).unwrap();

    let output = conformance(&["--examples", dir.to_str().unwrap()]);
    assert_eq!(
        output.status.code(),
        Some(1),
        "{}{}",
        stdout(&output),
        stderr(&output)
    );
    let expected = "\
ok    voucherCodes/getAll request (voucherCodes.getAll.request.json)
ok    voucherCodes/getAll response (voucherCodes.getAll.response.json)
ok    voucherCodes/add request (voucherCodes.add.request.json)
FAIL  voucherCodes/add response (voucherCodes.add.response.json): VoucherCodes[0].IsActive: does not deserialize: invalid type: string \"yes\", expected a boolean
ok    voucherCodes/delete request (voucherCodes.delete.request.json)
FAIL  voucherCodes/delete response (voucherCodes.delete.response.json): no such example in the folder
ok    vouchers/getAll request (vouchers.getAll.request.json)
FAIL  vouchers/getAll response (vouchers.getAll.response.json): Vouchers[0].Colour: lost: the example has \"red\"; the client's type does not read this property
FAIL  vouchers/add request (vouchers.add.request.json): VoucherParameters[0].AssignedRateIds: breaks a contract: has 11 items, more than the maximum of 10
ok    vouchers/add response (vouchers.add.response.json)
FAIL  vouchers/update request (vouchers.update.request.json): VoucherUpdates[0].Name: breaks a contract: is 0 UTF-16 code units long, less than the minimum of 1
        Force: lost: the example has true; the client's type does not read this property
ok    vouchers/update response (vouchers.update.response.json)
ok    vouchers/delete request (vouchers.delete.request.json)
FAIL  vouchers/delete response (vouchers.delete.response.json): Deleted: lost: the example has null; the client's type does not read this property
conformance: ignored the examples of 1 operation the spec does not cover
conformance: 8 passed, 6 failed
";
    assert_eq!(listing(&output), expected);
}

#[test]
fn an_unreadable_example_file_fails_and_the_others_still_run() {
    let dir = scratch_copy("not-json");
    fs::write(
        dir.join("vouchers.getAll.request.json"),
        "{ \"ServiceIds\": [",
    )
    .unwrap();
    let output = conformance(&["--examples", dir.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    let out = listing(&output);
    assert!(
        out.contains("FAIL  vouchers/getAll request (vouchers.getAll.request.json): not JSON: EOF while parsing"),
        "{out}"
    );
    assert!(out.ends_with("conformance: 13 passed, 1 failed\n"), "{out}");
}

#[test]
fn a_missing_folder_or_argument_is_an_error() {
    let output = conformance(&["--examples", "/nonexistent/mews-examples"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("cannot read the examples folder /nonexistent/mews-examples"),
        "{}",
        stderr(&output)
    );
    assert_eq!(stdout(&output), "");

    let output = conformance(&[]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains(
            "conformance needs the examples folder; usage: cargo xtask conformance --examples DIR"
        ),
        "{}",
        stderr(&output)
    );
    let output = conformance(&["--example", "x"]);
    assert!(
        stderr(&output).contains("unknown argument `--example`"),
        "{}",
        stderr(&output)
    );
}
