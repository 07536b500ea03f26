//! The client's per-module cargo features, written by `cargo xtask regen`
//! into its `Cargo.toml` between two markers, so that adding a resource stays
//! a change to `spec/` (and the regenerated files) alone.

use codegen::spec::SpecFile;

const START: &str = "# Resource features: written by `cargo xtask regen` from spec/.\n";
const END: &str = "# End of the resource features.\n";

/// The block for `files`: `full`, then one feature per module (see
/// `codegen::features`), markers included.
pub fn block(files: &[SpecFile]) -> String {
    let table = codegen::features::cargo_table(&codegen::features::features(files));
    format!("{START}{table}{END}")
}

/// `manifest` with its features block replaced by `block`.
pub fn splice(manifest: &str, block: &str) -> anyhow::Result<String> {
    crate::marked::splice(
        manifest,
        "Cargo.toml",
        "resource features",
        START,
        END,
        block,
    )
}
