//! Blocks of hand-written files that `cargo xtask regen` keeps in line with
//! the spec: the text from a start marker to an end marker, markers included.

use anyhow::bail;

/// `text` (the file `file`) with its `what`, from `start` to `end`, replaced
/// by `block` (which holds both markers).
pub fn splice(
    text: &str,
    file: &str,
    what: &str,
    start: &str,
    end: &str,
    block: &str,
) -> anyhow::Result<String> {
    let Some(from) = text.find(start) else {
        bail!("{file} has no {what} (a line `{}`)", start.trim_end());
    };
    let Some(len) = text[from..].find(end) else {
        bail!("{file}'s {what} has no end (`{}`)", end.trim_end());
    };
    let to = from + len + end.len();
    Ok(format!("{}{block}{}", &text[..from], &text[to..]))
}
