//! The client's cargo features on the real `spec/`: every path from one
//! generated module into another is covered by the features its own turns on,
//! so that any selection of features compiles.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

use codegen::SourceFile;
use codegen::features::{Features, features};

fn spec() -> Vec<SourceFile> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec");
    let mut files: Vec<SourceFile> = fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|e| e.expect("a directory entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .map(|p| SourceFile {
            name: p.file_name().expect("a file name").to_string_lossy().into(),
            text: fs::read_to_string(&p).expect("a spec file"),
        })
        .collect();
    files.sort_by(|a, b| a.name.cmp(&b.name));
    files
}

/// The modules a feature compiles: its own and, transitively, those it requires.
fn closure(features: &Features, module: &str) -> BTreeSet<String> {
    let mut seen = BTreeSet::new();
    let mut todo = vec![module.to_owned()];
    while let Some(m) = todo.pop() {
        if seen.insert(m.clone()) {
            todo.extend(features.gated[&m].iter().cloned());
        }
    }
    seen
}

/// The generated modules each generated file names as `crate::<module>::`
/// (in code and in doc links), read from the output, not from the spec.
fn paths_between_modules(files: &[codegen::GeneratedFile]) -> BTreeMap<String, BTreeSet<String>> {
    let modules: BTreeSet<String> = files
        .iter()
        .filter(|f| f.path != "mod.rs")
        .map(|f| f.path.trim_end_matches(".rs").to_owned())
        .collect();
    files
        .iter()
        .filter(|f| f.path != "mod.rs")
        .map(|f| {
            let own = f.path.trim_end_matches(".rs");
            let named = f
                .contents
                .match_indices("crate::")
                .filter_map(|(at, _)| {
                    let rest = &f.contents[at + "crate::".len()..];
                    let (name, _) = rest.split_once("::")?;
                    modules.get(name).filter(|m| *m != own).cloned()
                })
                .collect();
            (own.to_owned(), named)
        })
        .collect()
}

#[test]
fn every_path_between_modules_is_covered_by_the_features_of_the_module() {
    let sources = spec();
    let files = codegen::generate(&sources).expect("spec/ is sound");
    let spec = codegen::load_spec(&sources).expect("spec/ is sound");
    let features = features(&spec);
    assert!(features.always.contains("common"), "{:?}", features.always);
    let mut uncovered = Vec::new();
    let mut crossings = 0;
    for (module, named) in paths_between_modules(&files) {
        let compiled = if features.always.contains(&module) {
            features.always.clone()
        } else {
            closure(&features, &module)
        };
        for other in named {
            crossings += 1;
            if !features.always.contains(&other) && !compiled.contains(&other) {
                uncovered.push(format!("{module} -> {other}"));
            }
        }
    }
    assert!(
        uncovered.is_empty(),
        "paths no feature covers: {uncovered:?}"
    );
    // The check above must have had something to check.
    assert!(crossings > 50, "only {crossings} paths between modules");
}

#[test]
fn every_gated_module_is_declared_under_its_feature_and_full_turns_all_on() {
    let sources = spec();
    let files = codegen::generate(&sources).expect("spec/ is sound");
    let features = features(&codegen::load_spec(&sources).expect("spec/ is sound"));
    let root = &files
        .iter()
        .find(|f| f.path == "mod.rs")
        .expect("mod.rs")
        .contents;
    for module in features.gated.keys() {
        assert!(
            root.contains(&format!(
                "#[cfg(feature = \"{module}\")]\npub mod {module};"
            )),
            "`{module}` is not declared under its feature"
        );
    }
    for module in &features.always {
        assert!(
            root.contains(&format!("\n\npub mod {module};")),
            "`{module}` should be declared without a feature"
        );
    }
    let table = codegen::features::cargo_table(&features);
    let full = table.split("]\n").next().expect("`full` comes first");
    assert_eq!(
        full.matches("\n    \"").count(),
        features.gated.len(),
        "{full}"
    );
}
