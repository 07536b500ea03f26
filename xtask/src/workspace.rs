//! Where the workspace is, found at run time.
//!
//! Not from `env!("CARGO_MANIFEST_DIR")`: that is the folder the binary was
//! compiled in, and a checkout copied together with its `target/` keeps
//! running the old binary, which would then read and write the original
//! checkout. `cargo xtask` runs in the folder it is called from, so the
//! workspace is the nearest folder at or above it whose `Cargo.toml` has a
//! `[workspace]` table, the one cargo itself picks.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};

/// The workspace around the current folder.
pub fn root() -> anyhow::Result<PathBuf> {
    let here = std::env::current_dir().context("cannot read the current folder")?;
    find(&here)
}

/// The nearest folder at or above `start` whose `Cargo.toml` declares a workspace.
pub fn find(start: &Path) -> anyhow::Result<PathBuf> {
    for dir in start.ancestors() {
        let manifest = dir.join("Cargo.toml");
        // A folder without a readable manifest is simply not the root.
        if let Ok(text) = fs::read_to_string(&manifest)
            && declares_workspace(&text)
        {
            return Ok(dir.to_path_buf());
        }
    }
    bail!(
        "no Cargo.toml with a [workspace] table in {} or above: run `cargo xtask` inside the mews-connector checkout",
        start.display()
    )
}

/// Whether a manifest has a `[workspace]` table (or a `[workspace.*]` one).
/// A member's `edition.workspace = true` does not count.
fn declares_workspace(manifest: &str) -> bool {
    manifest.lines().any(|line| {
        let line = line.trim();
        line == "[workspace]" || line.starts_with("[workspace.")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_workspace_table_counts() {
        assert!(declares_workspace("[workspace]\nmembers = [\"a\"]\n"));
        assert!(declares_workspace(
            "[package]\nname = \"x\"\n\n  [workspace.dependencies]\n"
        ));
        assert!(!declares_workspace(
            "[package]\nname = \"x\"\nedition.workspace = true\n# [workspace]\n"
        ));
    }

    #[test]
    fn finds_the_nearest_workspace_above_a_member() {
        let tmp = std::env::temp_dir().join(format!("xtask-workspace-{}", std::process::id()));
        let _ = fs::remove_dir_all(&tmp);
        let member = tmp.join("outer/inner/member/src");
        fs::create_dir_all(&member).unwrap();
        fs::write(tmp.join("outer/Cargo.toml"), "[workspace]\n").unwrap();
        fs::write(tmp.join("outer/inner/Cargo.toml"), "[workspace]\n").unwrap();
        fs::write(
            tmp.join("outer/inner/member/Cargo.toml"),
            "[package]\nedition.workspace = true\n",
        )
        .unwrap();
        assert_eq!(find(&member).unwrap(), tmp.join("outer/inner"));
        assert_eq!(find(&tmp.join("outer")).unwrap(), tmp.join("outer"));
        // Above the temporary folder there is normally no workspace at all.
        match find(&tmp) {
            Ok(found) => assert!(!found.starts_with(&tmp), "{}", found.display()),
            Err(err) => assert!(
                err.to_string().contains("run `cargo xtask` inside"),
                "{err}"
            ),
        }
        fs::remove_dir_all(&tmp).unwrap();
    }
}
