//! Adding a resource is a change to `spec/` alone: a copy of the workspace
//! gets one more spec file (`spec_only/spec_only_gadgets.yaml`, a made-up resource),
//! `cargo xtask regen` is run in it, and the copy's conformance program is
//! built (with it the client and its new module) and run on made-up
//! examples of the new operations, which carry the documentation quirks
//! the spec records (an alias, required properties the examples leave out).
//! A property the examples leave out stays required: a program that leaves
//! it out of its builder does not compile.
//!
//! The copy and its build live under the workspace's `target/tmp/`, with a
//! target folder of their own: the outer cargo keeps its lock, and a rerun
//! builds only what changed. Cargo runs offline, on the workspace's lock
//! file: the dependencies are those the workspace already fetched.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the workspace root")
        .to_path_buf()
}

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/spec_only")
}

fn explain(what: &str, output: &Output) -> String {
    format!(
        "{what}: exit {:?}\nstdout:\n{}\nstderr:\n{}",
        output.status.code(),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

/// Writes `bytes` to `path` unless it already holds them, so that cargo
/// sees unchanged files as unchanged on a rerun.
fn write_if_changed(path: &Path, bytes: &[u8]) {
    if fs::read(path).is_ok_and(|old| old == bytes) {
        return;
    }
    fs::create_dir_all(path.parent().expect("a parent folder")).expect("a folder");
    fs::write(path, bytes).expect("a copied file");
}

/// Makes `to` a copy of `from`: every file but those `skip` names (paths
/// relative to `from`), and nothing else but those `keep` names.
fn sync(from: &Path, to: &Path, skip: &dyn Fn(&Path) -> bool, keep: &dyn Fn(&Path) -> bool) {
    let mut todo = vec![PathBuf::new()];
    while let Some(rel) = todo.pop() {
        for entry in fs::read_dir(from.join(&rel)).expect("a folder to copy") {
            let entry = entry.expect("a directory entry");
            let rel = rel.join(entry.file_name());
            if skip(&rel) {
                continue;
            }
            if entry.file_type().expect("a file type").is_dir() {
                todo.push(rel);
            } else {
                let bytes = fs::read(from.join(&rel)).expect("a file to copy");
                write_if_changed(&to.join(&rel), &bytes);
            }
        }
    }
    // Files removed from the workspace since the last run go from the copy.
    let mut todo = vec![PathBuf::new()];
    while let Some(rel) = todo.pop() {
        let Ok(entries) = fs::read_dir(to.join(&rel)) else {
            continue;
        };
        for entry in entries {
            let entry = entry.expect("a directory entry");
            let rel = rel.join(entry.file_name());
            if skip(&rel) || keep(&rel) {
                continue;
            }
            if entry.file_type().expect("a file type").is_dir() {
                todo.push(rel);
            } else if !from.join(&rel).is_file() {
                fs::remove_file(to.join(&rel)).expect("a stale file");
            }
        }
    }
}

#[test]
fn adding_a_resource_is_a_change_to_spec_alone() {
    let scratch = Path::new(env!("CARGO_TARGET_TMPDIR")).join("spec-only");
    let (copy, target) = (scratch.join("workspace"), scratch.join("target"));
    let generated = Path::new("generated-client/src/generated");
    let added = Path::new("spec/spec_only_gadgets.yaml");
    // A program of the copy's test crate that must not compile.
    let omits = Path::new("tests/src/bin/gadget_without_size.rs");
    sync(
        &root(),
        &copy,
        &|rel| rel == Path::new("target") || rel == Path::new(".git") || rel == generated,
        &|rel| rel == added || rel == omits,
    );
    let spec = fs::read(fixture().join("spec_only_gadgets.yaml")).expect("the added resource");
    write_if_changed(&copy.join(added), &spec);

    // `cargo xtask regen`, run in the copy: it finds the copy's workspace.
    let regen = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .current_dir(&copy)
        .arg("regen")
        .output()
        .expect("xtask runs");
    assert!(regen.status.success(), "{}", explain("regen", &regen));
    assert!(
        copy.join(generated).join("spec_only_gadgets.rs").is_file(),
        "{}",
        explain("regen", &regen)
    );

    // Build the copy's client and its conformance program, and run it.
    let cargo = |args: &[&str]| {
        let mut cmd = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
        cmd.current_dir(&copy)
            .env("CARGO_TARGET_DIR", &target)
            // No debug info: a quicker first build, a smaller folder.
            .env("CARGO_PROFILE_DEV_DEBUG", "false")
            .args(args)
            .args([
                "--quiet",
                "--offline",
                "--locked",
                "--package",
                "client-tests",
            ]);
        cmd
    };
    let examples = fixture().join("examples");
    let run = cargo(&["run", "--bin", "conformance"])
        .arg("--")
        .arg("--examples")
        .arg(&examples)
        .output()
        .expect("cargo runs");
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(run.status.success(), "{}", explain("conformance", &run));

    // The operations of `spec/` have no examples here: not covered, and not
    // a failure. Whatever `spec/` holds, only the added resource's lines are fixed.
    let lines: Vec<&str> = stdout
        .lines()
        .filter(|l| !l.starts_with("none  ") && !l.ends_with("(not covered)"))
        .collect();
    let expected = [
        "ok    specOnlyGadgets/getAll request (specOnlyGadgets.getAll.request.json)",
        "ok    specOnlyGadgets/getAll response (specOnlyGadgets.getAll.response.json)",
        "ok    specOnlyGadgets/add request (specOnlyGadgets.add.request.json): passed with documented deviation: Gadgets[0].ContacPerson: an alias of `ContactPerson` (aliases)",
        "        Gadgets[0].Size: left out (examples_omit): the made-up examples leave it out, as some Mews examples do.",
        "ok    specOnlyGadgets/add response (specOnlyGadgets.add.response.json): passed with documented deviation: Gadgets[0].ContacPerson: an alias of `ContactPerson` (aliases)",
        "        Gadgets[0].Colour: left out (examples_omit): the made-up examples of added gadgets leave it out.",
        "conformance: 4 passed (2 with documented deviations), 0 failed",
    ];
    assert_eq!(lines, expected, "{stdout}");
    for path in ["voucherCodes/getAll", "vouchers/add"] {
        assert!(
            stdout.contains(&format!(
                "none  {path}: no examples in the folder, not covered\n"
            )),
            "{stdout}"
        );
    }

    // `Size` is `examples_omit`, and required all the same.
    let program = "\
use mews_connector::spec_only_gadgets::SpecOnlyGadgetParameters;

fn main() {
    let _ = SpecOnlyGadgetParameters::builder().name(\"Sprocket\").build();
}
";
    write_if_changed(&copy.join(omits), program.as_bytes());
    let build = cargo(&["build", "--bin", "gadget_without_size"])
        .output()
        .expect("cargo runs");
    let stderr = String::from_utf8_lossy(&build.stderr);
    assert!(
        !build.status.success()
            && stderr.contains("`SpecOnlyGadgetParameters` needs its required property `Size`"),
        "{}",
        explain("a builder without `Size`", &build)
    );
}
