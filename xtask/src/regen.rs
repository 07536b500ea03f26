//! `cargo xtask regen`: run the generator and bring the output folder in line.
//!
//! Only files whose content changed are written, and files the spec no longer
//! produces are removed. The update is all or nothing: new contents are first
//! written beside their targets, then renamed into place; if any step fails,
//! every file already changed is put back from the old contents held in
//! memory, so the folder never mixes old and new output.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Context, bail};

/// What to regenerate: the client, and the overlay crates generated beside it.
pub struct Targets {
    /// The client's spec folder.
    pub spec: PathBuf,
    /// The client's folder (`generated-client/`), which the generated
    /// files' paths are relative to.
    pub out: PathBuf,
    /// Overlays, resolved together with the client's spec.
    pub overlays: Vec<Overlay>,
    /// The README whose coverage list follows the spec, if any.
    pub readme: Option<PathBuf>,
    /// The client's `Cargo.toml`, whose resource features follow the spec,
    /// if any.
    pub manifest: Option<PathBuf>,
}

/// Extra spec files generated into a crate of their own (see
/// `codegen::generate_overlay`), e.g. the shape fixtures of `tests/shapes`.
pub struct Overlay {
    /// The overlay's spec folder.
    pub spec: PathBuf,
    /// How its files are named in diagnostics and headers: the folder
    /// relative to the workspace, e.g. `tests/shapes/spec`.
    pub name: String,
    /// Its `generated/` folder.
    pub out: PathBuf,
}

/// Regenerates every target, or with `check` reports what is stale.
///
/// All targets are generated before anything is written, and written as
/// one update: a spec error anywhere writes nothing.
pub fn run(targets: &Targets, check: bool) -> anyhow::Result<ExitCode> {
    let started = Instant::now();
    let sources = read_spec(&targets.spec)?;
    let files = match codegen::generate(&sources) {
        Ok(files) => files,
        Err(diags) => {
            eprintln!("{diags}");
            return Ok(ExitCode::FAILURE);
        }
    };
    let mut outputs = vec![(targets.out.as_path(), files)];
    for overlay in &targets.overlays {
        let mut extra = read_spec(&overlay.spec)?;
        for file in &mut extra {
            file.name = format!("{}/{}", overlay.name, file.name);
        }
        match codegen::generate_overlay(&sources, &extra) {
            Ok(files) => outputs.push((overlay.out.as_path(), files)),
            Err(diags) => {
                eprintln!("{diags}");
                return Ok(ExitCode::FAILURE);
            }
        }
    }
    let mut plan = Vec::new();
    for (out, files) in &outputs {
        plan.extend(self::plan(out, files)?);
    }
    if targets.readme.is_some() || targets.manifest.is_some() {
        // `generate` accepted the spec, so loading it again cannot fail.
        let files = codegen::load_spec(&sources).map_err(|d| anyhow::anyhow!("{d}"))?;
        if let Some(readme) = &targets.readme {
            let block = crate::coverage::block(&files);
            plan.extend(block_change(readme, |text| {
                crate::coverage::splice(text, &block)
            })?);
        }
        if let Some(manifest) = &targets.manifest {
            let block = crate::features::block(&files);
            plan.extend(block_change(manifest, |text| {
                crate::features::splice(text, &block)
            })?);
        }
    }
    let elapsed = started.elapsed();
    let total: usize = outputs.iter().map(|(_, files)| files.len()).sum();
    let folders = outputs
        .iter()
        .map(|(out, _)| out.display().to_string())
        .collect::<Vec<_>>()
        .join(" and ");
    if plan.is_empty() {
        println!("regen: {total} files up to date in {folders} ({elapsed:.1?})");
        return Ok(ExitCode::SUCCESS);
    }
    if check {
        eprintln!("regen --check: the generated code is stale:");
        for change in &plan {
            eprintln!("  {} {}", change.verb(), change.path.display());
        }
        eprintln!("run `cargo xtask regen` and commit the result");
        return Ok(ExitCode::FAILURE);
    }
    apply(&plan)?;
    for change in &plan {
        println!("  {} {}", change.verb(), change.path.display());
    }
    println!(
        "regen: {} of {total} files changed in {folders} ({elapsed:.1?})",
        plan.len()
    );
    Ok(ExitCode::SUCCESS)
}

/// Reads every `*.yaml` file of the spec folder (not recursing).
pub fn read_spec(dir: &Path) -> anyhow::Result<Vec<codegen::SourceFile>> {
    let entries = fs::read_dir(dir)
        .with_context(|| format!("cannot read the spec folder {}", dir.display()))?;
    let mut sources = Vec::new();
    for entry in entries {
        let path = entry
            .with_context(|| format!("cannot list {}", dir.display()))?
            .path();
        if path.extension().is_some_and(|e| e == "yaml" || e == "yml") && path.is_file() {
            let text = fs::read_to_string(&path)
                .with_context(|| format!("cannot read {}", path.display()))?;
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            sources.push(codegen::SourceFile { name, text });
        }
    }
    sources.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(sources)
}

/// One file to bring in line.
#[derive(Debug)]
pub struct Change {
    path: PathBuf,
    old: Option<Vec<u8>>,
    new: Option<String>,
}

impl Change {
    fn verb(&self) -> &'static str {
        match (&self.old, &self.new) {
            (None, _) => "create",
            (Some(_), Some(_)) => "update",
            (Some(_), None) => "remove",
        }
    }
}

/// Compares the output folder with `files`: what to create, update, remove.
///
/// Every `.rs` file and `Cargo.toml` in a folder the generator writes to is
/// the generator's: one it did not produce this time is stale.
fn plan(out: &Path, files: &[codegen::GeneratedFile]) -> anyhow::Result<Vec<Change>> {
    let folders: std::collections::BTreeSet<PathBuf> = files
        .iter()
        .filter_map(|f| out.join(&f.path).parent().map(Path::to_path_buf))
        .collect();
    let mut existing: BTreeMap<PathBuf, Vec<u8>> = BTreeMap::new();
    for folder in folders.iter().filter(|f| f.exists()) {
        let entries =
            fs::read_dir(folder).with_context(|| format!("cannot read {}", folder.display()))?;
        for entry in entries {
            let path = entry?.path();
            let generated = path.extension().is_some_and(|e| e == "rs")
                || path.file_name().is_some_and(|n| n == "Cargo.toml");
            if generated && path.is_file() {
                let bytes =
                    fs::read(&path).with_context(|| format!("cannot read {}", path.display()))?;
                existing.insert(path, bytes);
            }
        }
    }
    let mut changes = Vec::new();
    for file in files {
        let path = out.join(&file.path);
        let old = existing.remove(&path);
        // Compare ignoring CR so a checkout with CRLF line ends is not stale.
        let same = old
            .as_ref()
            .is_some_and(|o| strip_cr(o) == file.contents.as_bytes());
        if !same {
            changes.push(Change {
                path,
                old,
                new: Some(file.contents.clone()),
            });
        }
    }
    for (path, old) in existing {
        changes.push(Change {
            path,
            old: Some(old),
            new: None,
        });
    }
    Ok(changes)
}

/// The hand-written file `path`, if `splice` (which rewrites its generated
/// block) changes it.
fn block_change(
    path: &Path,
    splice: impl FnOnce(&str) -> anyhow::Result<String>,
) -> anyhow::Result<Option<Change>> {
    let old = fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    let text = String::from_utf8(strip_cr(&old))
        .with_context(|| format!("{} is not UTF-8", path.display()))?;
    let new = splice(&text)?;
    Ok((new != text).then(|| Change {
        path: path.to_path_buf(),
        old: Some(old),
        new: Some(new),
    }))
}

fn strip_cr(bytes: &[u8]) -> Vec<u8> {
    bytes.iter().copied().filter(|&b| b != b'\r').collect()
}

/// Applies `plan` all or nothing.
pub fn apply(plan: &[Change]) -> anyhow::Result<()> {
    let dirs: std::collections::BTreeSet<&Path> =
        plan.iter().filter_map(|c| c.path.parent()).collect();
    for dir in dirs {
        fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    }
    // Stage: write every new content beside its target.
    let mut staged = Vec::new();
    for change in plan {
        if let Some(new) = &change.new {
            let tmp = staging_path(&change.path);
            if let Err(err) = fs::write(&tmp, new) {
                remove_all(staged.iter().chain([&tmp]));
                bail!("cannot write {}: {err}; nothing was changed", tmp.display());
            }
            staged.push(tmp);
        }
    }
    // Commit: rename into place, then remove stale files; undo on failure.
    let mut done: Vec<&Change> = Vec::new();
    for change in plan {
        let result = match &change.new {
            Some(_) => fs::rename(staging_path(&change.path), &change.path),
            None => fs::remove_file(&change.path),
        };
        if let Err(err) = result {
            let undo = rollback(&done);
            remove_all(staged.iter());
            let undo = match undo {
                Ok(()) => "the folder was restored".to_owned(),
                Err(e) => format!("restoring the folder failed too: {e}"),
            };
            bail!("cannot update {}: {err}; {undo}", change.path.display());
        }
        done.push(change);
    }
    Ok(())
}

fn staging_path(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    path.with_file_name(format!(".{name}.regen-tmp"))
}

fn remove_all<'a>(paths: impl Iterator<Item = &'a PathBuf>) {
    for path in paths {
        // Best effort: a staging file that cannot be removed is harmless.
        let _ = fs::remove_file(path);
    }
}

fn rollback(done: &[&Change]) -> std::io::Result<()> {
    for change in done.iter().rev() {
        match &change.old {
            Some(old) => fs::write(&change.path, old)?,
            None => fs::remove_file(&change.path)?,
        }
    }
    Ok(())
}
