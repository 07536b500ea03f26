//! Snapshot tests of the generator on small specs.
//!
//! Each folder under `tests/fixtures/` is one case: a spec folder (its
//! `*.yaml` files, read as `cargo xtask regen` reads `spec/`) beside what the
//! generator must make of it:
//!
//! - `expected.rs`: every generated file, each behind a `// ==== name ====`
//!   banner, for a spec that is sound;
//! - `expected.err`: the diagnostics exactly as printed, for one that is not.
//!
//! Run with `UPDATE_EXPECT=1` to (re)write the expected files from the
//! generator's output instead of comparing, then review the diff.

use std::fs;
use std::path::{Path, PathBuf};

use codegen::{Diagnostics, GeneratedFile, SourceFile};

/// One `#[test]` per fixture folder, plus the list of them.
macro_rules! cases {
    ($($name:ident),* $(,)?) => {
        $(
            #[test]
            fn $name() {
                check_case(stringify!($name));
            }
        )*
        const CASES: &[&str] = &[$(stringify!($name)),*];
    };
}

cases! {
    // Sound specs: every type, contract and operation kind the format has.
    types,
    contracts,
    operations,
    keywords,
    unions,
    scalars,
    portfolio,
    updates,
    paging,
    parameter_sets,
    quirks,
    windows,
    union_properties,
    sensitive,
    // One kind of mistake each.
    err_yaml_syntax,
    err_duplicate_key,
    err_unknown_key,
    err_missing_key,
    err_wrong_values,
    err_undefined_type,
    err_recursive_object,
    err_unions,
    err_derived_names,
    err_duplicate_names,
    err_name_collisions,
    err_unusable_names,
    err_contracts,
    err_scalar_contracts,
    err_operation_path,
    err_conventions,
    err_shapes,
    err_one_run,
    err_envelope,
    err_empty_folder,
    err_audit_notes,
    err_quirks,
    err_windows,
    err_union_properties,
    err_sensitive,
}

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// The spec files of `dir`, in directory order (the generator sorts them).
fn read_spec(dir: &Path) -> Vec<SourceFile> {
    let mut sources = Vec::new();
    for entry in fs::read_dir(dir).unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
    {
        let path = entry.expect("a directory entry").path();
        if path.extension().is_some_and(|e| e == "yaml" || e == "yml") {
            let text = fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
            let name = path
                .file_name()
                .expect("a file name")
                .to_string_lossy()
                .into_owned();
            sources.push(SourceFile { name, text });
        }
    }
    sources
}

/// The generator's output as one text, and the expected file it goes in.
fn snapshot(result: &Result<Vec<GeneratedFile>, Diagnostics>) -> (&'static str, String) {
    match result {
        Ok(files) => {
            let text = files
                .iter()
                .map(|f| format!("// ==== {} ====\n{}", f.path, f.contents))
                .collect::<Vec<_>>()
                .join("\n");
            ("expected.rs", text)
        }
        Err(diags) => ("expected.err", format!("{diags}\n")),
    }
}

fn check_case(name: &str) {
    let dir = fixtures().join(name);
    let (file, actual) = snapshot(&codegen::generate(&read_spec(&dir)));
    let other = if file == "expected.rs" {
        "expected.err"
    } else {
        "expected.rs"
    };
    if std::env::var_os("UPDATE_EXPECT").is_some_and(|v| v == "1") {
        fs::write(dir.join(file), &actual).expect("the expected file is writable");
        if dir.join(other).exists() {
            fs::remove_file(dir.join(other)).expect("the stale expected file is removable");
        }
        return;
    }
    if dir.join(other).exists() {
        panic!("case `{name}` expects {other}, but the generator made {file}:\n{actual}");
    }
    let expected = fs::read_to_string(dir.join(file)).unwrap_or_else(|_| {
        panic!("case `{name}` has no {file}; run with UPDATE_EXPECT=1 to write it:\n{actual}")
    });
    if expected != actual {
        panic!(
            "case `{name}`: the output differs from {file} (- expected, + actual); \
             if the change is intended, run with UPDATE_EXPECT=1 and review the diff\n{}",
            diff(&expected, &actual)
        );
    }
}

/// The changed lines of a line diff (longest common subsequence), at most 60:
/// `-` lines numbered in the expected text, `+` lines in the actual one.
fn diff(expected: &str, actual: &str) -> String {
    let (a, b): (Vec<&str>, Vec<&str>) = (expected.lines().collect(), actual.lines().collect());
    // lcs[i][j]: the common length of a[i..] and b[j..].
    let mut lcs = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            lcs[i][j] = if a[i] == b[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let (mut i, mut j, mut out) = (0, 0, Vec::new());
    while i < a.len() || j < b.len() {
        if i < a.len() && j < b.len() && a[i] == b[j] {
            (i, j) = (i + 1, j + 1);
        } else if i < a.len() && (j == b.len() || lcs[i + 1][j] >= lcs[i][j + 1]) {
            out.push(format!("{:>5} - {}", i + 1, a[i]));
            i += 1;
        } else {
            out.push(format!("{:>5} + {}", j + 1, b[j]));
            j += 1;
        }
    }
    if expected.ends_with('\n') != actual.ends_with('\n') {
        out.push("        (the texts differ in their final newline)".to_owned());
    }
    let more = out.len().saturating_sub(60);
    out.truncate(60);
    if more > 0 {
        out.push(format!("        ... and {more} more changed lines"));
    }
    out.join("\n")
}

#[test]
fn every_fixture_folder_is_a_case() {
    let mut folders: Vec<String> = fs::read_dir(fixtures())
        .expect("the fixtures folder")
        .map(|e| e.expect("a directory entry").path())
        .filter(|p| p.is_dir())
        .map(|p| {
            p.file_name()
                .expect("a folder name")
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    folders.sort();
    let mut cases: Vec<String> = CASES.iter().map(|c| c.to_string()).collect();
    cases.sort();
    assert_eq!(
        folders, cases,
        "list each folder of tests/fixtures in `cases!`, and only those"
    );
}

/// Every case, and the real spec.
fn all_specs() -> Vec<(String, Vec<SourceFile>)> {
    let mut specs: Vec<(String, Vec<SourceFile>)> = CASES
        .iter()
        .map(|c| (c.to_string(), read_spec(&fixtures().join(c))))
        .collect();
    let real = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec");
    specs.push(("spec/".to_owned(), read_spec(&real)));
    specs
}

#[test]
fn generating_twice_gives_identical_output() {
    for (name, sources) in all_specs() {
        let first = snapshot(&codegen::generate(&sources));
        let second = snapshot(&codegen::generate(&sources));
        assert!(
            first == second,
            "`{name}` gave different output on a second run"
        );
    }
}

#[test]
fn the_order_of_the_input_files_does_not_matter() {
    let mut multi_file = 0;
    for (name, sources) in all_specs() {
        let expected = snapshot(&codegen::generate(&sources));
        for turn in 1..sources.len().max(1) {
            let mut reordered = sources.clone();
            reordered.rotate_left(turn);
            assert!(
                snapshot(&codegen::generate(&reordered)) == expected,
                "`{name}` rotated by {turn} gave other output"
            );
        }
        let mut reversed = sources.clone();
        reversed.reverse();
        assert!(
            snapshot(&codegen::generate(&reversed)) == expected,
            "`{name}` reversed gave other output"
        );
        multi_file += usize::from(sources.len() > 1);
    }
    assert!(
        multi_file >= 5,
        "too few multi-file specs ({multi_file}) to show anything about order"
    );
}

#[test]
fn the_diff_shows_changed_lines() {
    let shown = diff("a\nb\nc\n", "a\nB\nc\nd\n");
    assert_eq!(shown, "    2 - b\n    2 + B\n    4 + d");
}
