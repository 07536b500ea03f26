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

/// The type crates and the core, as named in paths from another crate
/// (`::mews_connector_<crate>::<module>::`).
const CRATES: [&str; 4] = ["core", "shared", "linked", "standalone"];

/// The module a generated file holds (part of), by its file stem: `None` for
/// the files that declare modules (`mod.rs`, `lib.rs`) and for manifests.
fn module_of(path: &str) -> Option<&str> {
    let name = path.rsplit('/').next().expect("a file name");
    let stem = name.strip_suffix(".rs")?;
    (stem != "mod" && stem != "lib").then_some(stem)
}

/// Whether `text` ends in a character that may continue an identifier.
fn ends_in_ident(text: &str) -> bool {
    text.chars()
        .next_back()
        .is_some_and(|c| c.is_alphanumeric() || c == '_')
}

/// The module names `contents` starts paths with, as `crate::<module>::` or
/// `::mews_connector_<crate>::<module>::` (with or without the leading `::`,
/// as in doc links).
fn named_modules(contents: &str) -> Vec<&str> {
    let local = contents
        .match_indices("crate::")
        .map(|(at, prefix)| at + prefix.len());
    let other = contents
        .match_indices("mews_connector_")
        .filter(|(at, _)| !ends_in_ident(&contents[..*at]))
        .filter_map(|(at, prefix)| {
            let rest = &contents[at + prefix.len()..];
            let (krate, _) = rest.split_once("::")?;
            CRATES
                .contains(&krate)
                .then_some(at + prefix.len() + krate.len() + "::".len())
        });
    local
        .chain(other)
        .filter_map(|at| contents[at..].split_once("::").map(|(name, _)| name))
        .collect()
}

/// The generated modules each generated module names as `crate::<module>::`
/// or `::mews_connector_<crate>::<module>::` (in code and in doc links), in
/// any of its files (its API in the client crate, its types in a type crate
/// or the core), read from the output, not from the spec.
fn paths_between_modules(files: &[&codegen::GeneratedFile]) -> BTreeMap<String, BTreeSet<String>> {
    let modules: BTreeSet<&str> = files.iter().filter_map(|f| module_of(&f.path)).collect();
    let mut named: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for file in files {
        let Some(own) = module_of(&file.path) else {
            continue;
        };
        let others = named_modules(&file.contents)
            .into_iter()
            .filter(|m| *m != own && modules.contains(m))
            .map(str::to_owned);
        named.entry(own.to_owned()).or_default().extend(others);
    }
    named
}

#[test]
fn every_path_between_modules_is_covered_by_the_features_of_the_module() {
    let sources = spec();
    let files = codegen::generate(&sources).expect("spec/ is sound");
    let spec = codegen::load_spec(&sources).expect("spec/ is sound");
    let features = features(&spec);
    assert!(features.always.contains("common"), "{:?}", features.always);
    let all: Vec<&codegen::GeneratedFile> = files.iter().collect();
    let mut uncovered = Vec::new();
    let mut crossings = 0;
    for (module, named) in paths_between_modules(&all) {
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
    // The check above must have had something to check, on both sides of
    // the split: the API in the client crate and the types in their crates.
    assert!(crossings > 50, "only {crossings} paths between modules");
    let types_side: Vec<&codegen::GeneratedFile> = files
        .iter()
        .filter(|f| f.path.starts_with("types/"))
        .collect();
    let from_types: usize = paths_between_modules(&types_side)
        .values()
        .map(BTreeSet::len)
        .sum();
    assert!(
        from_types > 20,
        "only {from_types} paths between type modules"
    );
}

#[test]
fn every_gated_module_is_declared_under_its_feature_and_full_turns_all_on() {
    let sources = spec();
    let files = codegen::generate(&sources).expect("spec/ is sound");
    let features = features(&codegen::load_spec(&sources).expect("spec/ is sound"));
    let contents = |path: &str| -> &str {
        &files
            .iter()
            .find(|f| f.path == path)
            .unwrap_or_else(|| panic!("no {path}"))
            .contents
    };
    // The client crate declares every module: the gated ones under their
    // feature, the others without.
    let root = contents("src/generated/mod.rs");
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
    // Each type crate declares each module whose types it holds under the
    // module's feature, and nothing else; every gated module's types are in
    // exactly one of them.
    let mut homes: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for krate in ["shared", "linked", "standalone"] {
        let folder = format!("types/{krate}/src/");
        let held: BTreeSet<&str> = files
            .iter()
            .filter_map(|f| f.path.strip_prefix(&folder))
            .filter_map(|name| name.strip_suffix(".rs"))
            .filter(|stem| *stem != "lib")
            .collect();
        assert!(!held.is_empty(), "the {krate} crate holds no module");
        let lib = contents(&format!("{folder}lib.rs"));
        for module in &held {
            assert!(
                features.gated.contains_key(*module),
                "`{module}` in the {krate} crate is not a gated module"
            );
            assert!(
                lib.contains(&format!(
                    "#[cfg(feature = \"{module}\")]\n#[rustfmt::skip]\npub mod {module};"
                )),
                "`{module}` is not declared under its feature in the {krate} crate"
            );
            homes.entry(module).or_default().push(krate);
        }
        assert_eq!(
            lib.matches("pub mod ").count(),
            held.len(),
            "the {krate} crate declares other modules than its files:\n{lib}"
        );
    }
    for module in features.gated.keys() {
        assert_eq!(
            homes.get(module.as_str()).map(Vec::len),
            Some(1),
            "`{module}`'s types should be in exactly one type crate: {:?}",
            homes.get(module.as_str())
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
