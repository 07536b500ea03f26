//! The generator refuses spec names that would collide with the runtime's
//! modules and `Client` methods; its lists must follow the runtime's code.

use std::fs;
use std::path::Path;

fn source(path: &str) -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../generated-client/src");
    fs::read_to_string(root.join(path)).expect("the runtime's source")
}

/// The identifier after `keyword` on a trimmed line, e.g. `mod x;` -> `x`.
fn name_after<'a>(line: &'a str, keyword: &str) -> Option<&'a str> {
    let rest = line.split_once(keyword)?.1;
    let end = rest
        .find(|c: char| !(c.is_alphanumeric() || c == '_'))
        .unwrap_or(rest.len());
    Some(&rest[..end]).filter(|name| !name.is_empty())
}

#[test]
fn every_runtime_module_is_reserved() {
    let lib = source("lib.rs");
    let modules: Vec<&str> = lib
        .lines()
        .map(str::trim)
        .filter(|l| l.starts_with("mod ") || l.starts_with("pub mod "))
        .filter_map(|l| name_after(l, "mod "))
        .collect();
    assert!(
        modules.contains(&"client"),
        "parsed no modules from lib.rs: {modules:?}"
    );
    for module in modules {
        assert!(
            codegen::check::RUNTIME_MODULES.contains(&module),
            "`{module}` is missing from codegen/src/check/symbols.rs RUNTIME_MODULES"
        );
    }
}

#[test]
fn every_client_method_is_reserved() {
    let client = source("client.rs");
    let body = client
        .split_once("\nimpl Client {")
        .expect("an `impl Client` block")
        .1;
    let body = body.split_once("\n}\n").expect("the end of the block").0;
    let methods: Vec<&str> = body
        .lines()
        .map(str::trim)
        .filter(|l| l.contains("fn ") && !l.starts_with("//"))
        .filter_map(|l| name_after(l, "fn "))
        .collect();
    assert!(
        methods.contains(&"send"),
        "parsed no methods from client.rs: {methods:?}"
    );
    for method in methods {
        assert!(
            codegen::check::CLIENT_METHODS.contains(&method),
            "`{method}` is missing from codegen/src/check/symbols.rs CLIENT_METHODS"
        );
    }
}
