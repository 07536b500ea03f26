//! The emitted API's guarantees, pinned with trybuild: `ui/pass` shows
//! intended use (each case also runs, without network I/O), `ui/fail` holds
//! one guarantee per case with its reviewed compiler output (`.stderr`).
//!
//! Refresh the `.stderr` files with `TRYBUILD=overwrite cargo test -p
//! shape-tests --test ui` and review the diff like code.

#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.pass("ui/pass/*.rs");
    t.compile_fail("ui/fail/*.rs");
}
