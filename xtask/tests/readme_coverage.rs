//! README's list of covered operations is the spec's: a resource or
//! operation added to `spec/` without a README line fails here, and the
//! failure prints the list to paste.

use std::fs;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the workspace root")
        .to_path_buf()
}

const START: &str = "<!-- coverage: kept true by xtask/tests/readme_coverage.rs -->\n";
const END: &str = "<!-- /coverage -->";

/// The README block the spec calls for: the count, then one line per
/// resource, its operations in spec order, beta and deprecated ones marked.
fn expected() -> String {
    let dir = root().join("spec");
    let mut sources: Vec<codegen::SourceFile> = fs::read_dir(&dir)
        .expect("spec/")
        .map(|entry| entry.expect("a spec entry").path())
        .filter(|path| path.extension().is_some_and(|e| e == "yaml"))
        .map(|path| codegen::SourceFile {
            name: path.file_name().unwrap().to_string_lossy().into_owned(),
            text: fs::read_to_string(&path).expect("a spec file"),
        })
        .collect();
    sources.sort_by(|a, b| a.name.cmp(&b.name));
    let files = codegen::load_spec(&sources).expect("the spec loads");
    let mut resources: Vec<(String, Vec<String>)> = files
        .iter()
        .filter_map(|file| file.resource.as_ref())
        .map(|resource| {
            let operations = resource
                .operations
                .iter()
                .map(|op| {
                    let action = op
                        .path
                        .value
                        .split_once('/')
                        .map_or(op.path.value.as_str(), |(_, action)| action);
                    let mark = match (op.beta, op.deprecated.is_some()) {
                        (true, true) => " (beta, deprecated)",
                        (true, false) => " (beta)",
                        (false, true) => " (deprecated)",
                        (false, false) => "",
                    };
                    format!("`{action}`{mark}")
                })
                .collect();
            (resource.name.value.clone(), operations)
        })
        .collect();
    resources.sort();
    let count: usize = resources.iter().map(|(_, ops)| ops.len()).sum();
    let mut block = format!(
        "{START}Covered: {count} of the 200 operations the Mews documentation lists, on {} resources \
         (beta: Mews may still change it; deprecated: Mews names a replacement):\n\n",
        resources.len()
    );
    for (resource, operations) in resources {
        block.push_str(&format!("- `{resource}`: {}\n", operations.join(", ")));
    }
    block.push_str(END);
    block
}

#[test]
fn readme_lists_every_operation_of_the_spec() {
    let readme = fs::read_to_string(root().join("README.md")).expect("README.md");
    let expected = expected();
    let found = readme
        .find(START)
        .and_then(|start| readme[start..].find(END).map(|end| &readme[start..start + end + END.len()]));
    assert!(
        found == Some(expected.as_str()),
        "README.md's coverage block is stale; replace it with:\n\n{expected}\n"
    );
}
