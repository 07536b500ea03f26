//! Problems found in the spec, reported like a compiler would.
//!
//! Every stage pushes [`Diagnostic`]s instead of stopping at the first one;
//! [`Diagnostics`] sorts them by file and position and renders them as text.

use std::fmt;

/// One step of a YAML path, e.g. `operations` or `[2]`.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Seg {
    /// A mapping key.
    Key(String),
    /// A sequence index.
    Index(usize),
}

/// Where in the spec a diagnostic points.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Location {
    /// The spec file, as given to [`crate::generate`].
    pub file: String,
    /// The YAML path of the node.
    pub path: Vec<Seg>,
    /// Whether to point at the mapping key of the last step instead of its value.
    pub at_key: bool,
    /// 1-based line and column, once resolved against the file's text.
    pub line_col: Option<(usize, usize)>,
}

impl Location {
    /// A location inside `file` at `path`, pointing at the value.
    pub fn new(file: &str, path: Vec<Seg>) -> Self {
        Location {
            file: file.to_owned(),
            path,
            at_key: false,
            line_col: None,
        }
    }

    /// The location of a child key's value.
    pub fn key(&self, key: &str) -> Self {
        let mut path = self.path.clone();
        path.push(Seg::Key(key.to_owned()));
        Location {
            file: self.file.clone(),
            path,
            at_key: false,
            line_col: None,
        }
    }

    /// The location of a sequence element.
    pub fn index(&self, index: usize) -> Self {
        let mut path = self.path.clone();
        path.push(Seg::Index(index));
        Location {
            file: self.file.clone(),
            path,
            at_key: false,
            line_col: None,
        }
    }

    /// The same node, pointing at its key rather than its value.
    pub fn at_key(mut self) -> Self {
        self.at_key = true;
        self
    }

    /// The YAML path as text, e.g. `operations.voucherCodes/getAll.request[2]`.
    pub fn path_text(&self) -> String {
        let mut out = String::new();
        for seg in &self.path {
            match seg {
                Seg::Key(k) => {
                    if !out.is_empty() {
                        out.push('.');
                    }
                    out.push_str(k);
                }
                Seg::Index(i) => {
                    out.push('[');
                    out.push_str(&i.to_string());
                    out.push(']');
                }
            }
        }
        if out.is_empty() {
            "(document)".to_owned()
        } else {
            out
        }
    }
}

/// One problem in the spec.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// Where it is.
    pub location: Location,
    /// What is wrong, in lower case, without a trailing period.
    pub message: String,
    /// What to do about it, when that is clear.
    pub help: Option<String>,
    /// Another place the problem involves, e.g. where a duplicate was first
    /// defined: what it is (`first defined`) and where.
    pub related: Option<(String, Location)>,
}

impl Diagnostic {
    /// A diagnostic without help text.
    pub fn new(location: Location, message: impl Into<String>) -> Self {
        Diagnostic {
            location,
            message: message.into(),
            help: None,
            related: None,
        }
    }

    /// Adds the fix.
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Adds another place the problem involves, e.g. `("first defined", loc)`.
    pub fn related(mut self, what: impl Into<String>, location: Location) -> Self {
        self.related = Some((what.into(), location));
        self
    }

    /// Every location, to resolve line and column: its own, then the related one.
    pub fn locations_mut(&mut self) -> impl Iterator<Item = &mut Location> {
        std::iter::once(&mut self.location).chain(self.related.as_mut().map(|(_, loc)| loc))
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "error: {}", self.message)?;
        let loc = &self.location;
        match loc.line_col {
            Some((line, col)) => writeln!(f, "  --> {}:{line}:{col}", loc.file)?,
            None => writeln!(f, "  --> {}", loc.file)?,
        }
        writeln!(f, "   = at: {}", loc.path_text())?;
        if let Some((what, other)) = &self.related {
            let at = match other.line_col {
                Some((line, col)) => format!("at {}:{line}:{col}", other.file),
                None => format!("in {}", other.file),
            };
            if other.path.is_empty() {
                writeln!(f, "   = note: {what} {at}")?;
            } else {
                writeln!(f, "   = note: {what} {at} ({})", other.path_text())?;
            }
        }
        if let Some(help) = &self.help {
            writeln!(f, "   = help: {help}")?;
        }
        Ok(())
    }
}

/// Every problem found in one run, sorted by file, line and column.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
    /// What `load` had to leave out of the model because it was broken (a
    /// whole file, an object, a property...). `check` keeps quiet about what
    /// may only be missing because of it, so that one mistake is reported
    /// once rather than again as every reference to the broken part.
    dropped: Vec<Location>,
}

impl Diagnostics {
    /// Adds a problem.
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    /// Whether nothing was found.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// How many problems were found.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// The problems, sorted by file and position once `generate` has reported them.
    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }

    pub(crate) fn items_mut(&mut self) -> &mut [Diagnostic] {
        &mut self.items
    }

    /// Notes that the node at `loc` was left out of the loaded spec.
    pub(crate) fn mark_dropped(&mut self, loc: &Location) {
        self.dropped.push(loc.clone());
    }

    /// Where something was left out.
    pub(crate) fn dropped(&self) -> impl Iterator<Item = &Location> {
        self.dropped.iter()
    }

    /// Whether anything at or under `path` in `file` was left out.
    pub(crate) fn dropped_under(&self, file: &str, path: &[Seg]) -> bool {
        self.dropped
            .iter()
            .any(|d| d.file == file && d.path.starts_with(path))
    }

    /// Whether the node at `path` in `file`, or one that holds it, was left out.
    pub(crate) fn dropped_above(&self, file: &str, path: &[Seg]) -> bool {
        self.dropped
            .iter()
            .any(|d| d.file == file && path.starts_with(&d.path))
    }

    /// Whether a whole file, one of the top-level `sections` of a file, or an
    /// entry named `name` of one of them was left out.
    pub(crate) fn dropped_definition(&self, sections: &[&str], name: &str) -> bool {
        self.dropped.iter().any(|d| match d.path.as_slice() {
            [] => true,
            [Seg::Key(section)] => sections.contains(&section.as_str()),
            [Seg::Key(section), Seg::Key(n)] => n == name && sections.contains(&section.as_str()),
            _ => false,
        })
    }

    /// Orders by file, then position, then message; drops exact repeats.
    pub(crate) fn sort(&mut self) {
        self.items.sort_by(|a, b| {
            let key = |d: &Diagnostic| {
                (
                    d.location.file.clone(),
                    d.location.line_col.unwrap_or((0, 0)),
                    d.message.clone(),
                )
            };
            key(a).cmp(&key(b))
        });
        self.items.dedup();
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in &self.items {
            writeln!(f, "{d}")?;
        }
        let n = self.items.len();
        write!(
            f,
            "error: the spec has {n} error{}",
            if n == 1 { "" } else { "s" }
        )
    }
}

impl std::error::Error for Diagnostics {}
