//! Stage 1: YAML text to [`SpecFile`]s. The only module that reads YAML.
//!
//! serde_yaml parses each file into a `Value`; the walk below then builds the
//! spec model by hand rather than through `#[derive(Deserialize)]`, so that
//! it can report *every* unknown key, missing key and wrong value in one run
//! instead of serde's first error. Positions are found afterwards by
//! [`locate`], which replays the file through serde_yaml up to a YAML path.
//! A repeated key or a tab in the indentation is reported without giving up
//! on the file (see `read`).

mod read;

use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_yaml::{Mapping, Value};

use crate::diagnostic::{Diagnostic, Diagnostics, Location, Seg};
use crate::spec::*;

/// Parses one spec file, adding what is wrong with it to `diags`.
pub fn load(name: &str, text: &str, diags: &mut Diagnostics) -> Option<SpecFile> {
    let root = Location::new(name, Vec::new());
    let value = read_yaml(name, text, diags)?;
    if value.is_null() {
        // Not marked as dropped: an empty file hides no definitions.
        let help = "describe a resource, or shared `objects`/`enums`, or remove the file";
        let loc = Location {
            line_col: Some((1, 1)),
            ..root
        };
        diags.push(Diagnostic::new(loc, "the file is empty").help(help));
        return None;
    }
    let mut r = Reader { diags };
    let map = r.map(&value, &root, "the file")?;
    let m = r.keys(
        map,
        &root,
        &[
            "resource",
            "summary",
            "docs",
            "operations",
            "envelope",
            "objects",
            "enums",
            "unions",
        ],
    );
    // The operations are read even when the resource name is broken, so that
    // their own mistakes are reported in the same run.
    let resource_name = m
        .get("resource")
        .map(|v| r.string(v, &root.key("resource")));
    let resource = resource_name.map(|resource_name| {
        let summary = r.req_string(&m, "summary", &root);
        let docs = r.req_string(&m, "docs", &root);
        let operations = match m.get("operations") {
            Some(v) => r.entries(
                v,
                &root.key("operations"),
                "operations",
                |r, key, v, loc| r.operation(key, v, loc),
            ),
            None => {
                r.missing(&root, "operations", "a resource needs its `operations`");
                Vec::new()
            }
        };
        resource_name.map(|name| Resource {
            name: Located {
                value: name,
                loc: root.key("resource"),
            },
            summary: summary.unwrap_or_default(),
            docs: docs.unwrap_or_default(),
            operations,
        })
    });
    let resource = match resource {
        Some(resource) => resource,
        None => {
            for key in ["summary", "docs", "operations"] {
                if m.get(key).is_some() {
                    let msg =
                        format!("`{key}` belongs to a resource, but this file has no `resource`");
                    r.error(
                        &root.key(key).at_key(),
                        msg,
                        Some("add `resource: <urlSegment>` or remove the key"),
                    );
                }
            }
            None
        }
    };
    let envelope = m
        .get("envelope")
        .and_then(|v| r.envelope(v, &root.key("envelope")));
    let objects = m
        .get("objects")
        .map(|v| {
            r.entries(v, &root.key("objects"), "objects", |r, key, v, loc| {
                r.object(key, v, loc)
            })
        })
        .unwrap_or_default();
    let enums = m
        .get("enums")
        .map(|v| {
            r.entries(v, &root.key("enums"), "enums", |r, key, v, loc| {
                r.enumeration(key, v, loc)
            })
        })
        .unwrap_or_default();
    let unions = m
        .get("unions")
        .map(|v| {
            r.entries(v, &root.key("unions"), "unions", |r, key, v, loc| {
                r.union(key, v, loc)
            })
        })
        .unwrap_or_default();
    Some(SpecFile {
        name: name.to_owned(),
        resource,
        envelope,
        objects,
        enums,
        unions,
    })
}

/// The file's YAML, with what is wrong with it reported; `None` when none
/// of it can be read.
///
/// A repeated key keeps its first entry, and a file indented with tabs is
/// read as if they were spaces, so that the rest of the file is judged in
/// the same run rather than hidden behind the first slip.
fn read_yaml(name: &str, text: &str, diags: &mut Diagnostics) -> Option<Value> {
    let mut readable = std::borrow::Cow::Borrowed(text);
    let mut parsed = read::parse(text);
    if let Err(err) = &parsed {
        let tabbed = read::tab_indented_lines(text);
        // libyaml stops at the tab itself; a tab elsewhere (in a block
        // scalar's text, say) is not what went wrong.
        if err.location().is_some_and(|l| tabbed.contains(&l.line())) {
            diags.push(tab_error(name, text, &tabbed));
            readable = read::expand_tabs(text).into();
            parsed = read::parse(&readable);
        }
    }
    match parsed {
        Ok((value, repeats)) => {
            for repeat in repeats {
                let mut first = Location::new(name, repeat.path);
                first.path.push(Seg::Key(repeat.key.clone()));
                first = first.at_key();
                // The repeat's entry was left out: what it held is unknown.
                diags.mark_dropped(&first);
                let mut here = first.clone();
                here.line_col = locate_in(text, &first, repeat.earlier);
                diags.push(
                    Diagnostic::new(here, format!("duplicate key `{}`", repeat.key))
                        .related("first given", first)
                        .help("a key may appear only once in a mapping: merge the two entries or rename one"),
                );
            }
            Some(value)
        }
        Err(err) => {
            let root = Location::new(name, Vec::new());
            diags.mark_dropped(&root);
            diags.push(yaml_error(name, text, &readable, &err));
            None
        }
    }
}

/// The diagnostic for tabs in the indentation, at the first such line.
fn tab_error(name: &str, text: &str, lines: &[usize]) -> Diagnostic {
    let first = lines[0];
    let column = text
        .lines()
        .nth(first - 1)
        .and_then(|l| l.find('\t'))
        .map_or(1, |i| i + 1);
    let loc = Location {
        line_col: Some((first, column)),
        path: last_node_before(&read::expand_tabs(text), first),
        ..Location::new(name, Vec::new())
    };
    let more = match &lines[1..] {
        [] => String::new(),
        [one] => format!(" (also on line {one})"),
        [some @ .., last] if some.len() < 5 => {
            let some: Vec<String> = some.iter().map(ToString::to_string).collect();
            format!(" (also on lines {} and {last})", some.join(", "))
        }
        rest => format!(" (also on {} more lines)", rest.len()),
    };
    Diagnostic::new(loc, "a tab in the indentation")
        .help(format!(
            "YAML indents with spaces only: replace the tabs with spaces{more}; the rest of the file was read as if each tab reached the next multiple of 8 columns"
        ))
}

/// The diagnostic for a file serde_yaml cannot read; `readable` is the text
/// that was read (`text` with its tabs expanded, if it had any).
fn yaml_error(name: &str, text: &str, readable: &str, err: &serde_yaml::Error) -> Diagnostic {
    let root = Location::new(name, Vec::new());
    let message = err.to_string();
    if message.contains("more than one document") {
        let mut loc = root;
        loc.line_col = second_document(text);
        return Diagnostic::new(loc, "the file holds more than one YAML document")
            .help("a spec file is a single document: remove the `---` line or split the file");
    }
    let mut loc = root;
    loc.line_col = err
        .location()
        .map(|l| read::original_position(text, (l.line(), l.column())));
    if let Some((line, _)) = loc.line_col {
        loc.path = last_node_before(readable, line);
    }
    let mut d = Diagnostic::new(loc, format!("invalid YAML: {}", strip_position(&message)));
    d.help = yaml_help(&message).map(str::to_owned);
    d
}

/// The YAML path of the last node read before `line`, where the text stops
/// making sense: the nearest thing to a path a syntax error has.
fn last_node_before(text: &str, line: usize) -> Vec<Seg> {
    let lines: Vec<&str> = text.lines().take(line.saturating_sub(1)).collect();
    // Cut back a line at a time until the text before the error parses;
    // a few tries only, since each parses the whole prefix again.
    for end in (0..=lines.len()).rev().take(16) {
        if let Ok(mut value) = serde_yaml::from_str::<Value>(&lines[..end].join("\n")) {
            let mut path = Vec::new();
            loop {
                value = match value {
                    Value::Mapping(map) => match map.into_iter().last() {
                        Some((key, next)) => {
                            path.push(Seg::Key(key_text(&key)));
                            next
                        }
                        None => break,
                    },
                    Value::Sequence(mut items) => match items.pop() {
                        Some(next) => {
                            path.push(Seg::Index(items.len()));
                            next
                        }
                        None => break,
                    },
                    _ => break,
                };
            }
            return path;
        }
    }
    Vec::new()
}

/// What usually causes one of libyaml's errors.
fn yaml_help(message: &str) -> Option<&'static str> {
    const HELP: &[(&str, &str)] = &[
        (
            "did not find expected key",
            "check the indentation: the keys of one mapping start in the same column",
        ),
        (
            "mapping values are not allowed",
            "quote a value that contains `: `, or check the indentation",
        ),
        (
            "cannot start any token",
            "quote the value, and indent with spaces rather than tabs",
        ),
        (
            "did not find expected ',' or ']'",
            "close the flow list with `]`, or quote the value",
        ),
        (
            "did not find expected ',' or '}'",
            "close the flow mapping with `}`, or quote the value",
        ),
        (
            "end of stream",
            "close the quoted string or flow collection",
        ),
        (
            "unknown anchor",
            "define the anchor `&name` before the alias `*name` refers to it",
        ),
        (
            "expected '-' indicator",
            "check the indentation of the list items",
        ),
        (
            "block sequence entries are not allowed",
            "start the list on its own line below the key",
        ),
        (
            "recursion limit exceeded",
            "the spec never nests this deep: check for a runaway `[` or `{`",
        ),
    ];
    HELP.iter()
        .find(|(pattern, _)| message.contains(pattern))
        .map(|(_, help)| *help)
}

/// Where the second document of a multi-document file starts.
fn second_document(text: &str) -> Option<(usize, usize)> {
    let mut seen_content = false;
    for (i, line) in text.lines().enumerate() {
        let is_marker = line == "---" || line.starts_with("--- ") || line.starts_with("---\t");
        if is_marker && seen_content {
            return Some((i + 1, 1));
        }
        let trimmed = line.trim_start();
        if !(trimmed.is_empty() || trimmed.starts_with('#') || trimmed.starts_with('%')) {
            seen_content = true;
        }
    }
    None
}

/// The placeholder a drafted spec (`cargo xtask audit --draft`) writes for
/// every summary and description; the checker refuses it.
pub const TODO: &str = "TODO";

/// The keys of one mapping, checked against what is allowed there.
struct Fields<'v> {
    entries: Vec<(&'v str, &'v Value)>,
}

impl<'v> Fields<'v> {
    fn get(&self, key: &str) -> Option<&'v Value> {
        self.entries
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, v)| *v)
    }
}

struct Reader<'d> {
    diags: &'d mut Diagnostics,
}

const PROPERTY_KEYS: &[&str] = &[
    "type",
    "description",
    "required",
    "nullable",
    "tolerate_absent",
    "examples_omit",
    "examples_break",
    "examples_invalid",
    "aliases",
    "deprecated",
    "sensitive",
    "min_items",
    "max_items",
    "min_length",
    "max_length",
    "minimum",
    "maximum",
    "max_interval_months",
    "audit",
];

impl Reader<'_> {
    /// Reports a mistake; what it was in is marked as not read as meant.
    fn error(&mut self, loc: &Location, message: impl Into<String>, help: Option<&str>) {
        let mut d = Diagnostic::new(loc.clone(), message);
        d.help = help.map(str::to_owned);
        self.diags.mark_dropped(loc);
        self.diags.push(d);
    }

    /// Reports a missing key, pointing at the key of the mapping that lacks it.
    fn missing(&mut self, loc: &Location, key: &str, help: &str) {
        let at = if loc.path.is_empty() {
            loc.clone()
        } else {
            loc.clone().at_key()
        };
        // What is missing is the key's value, not the mapping around it.
        self.diags.mark_dropped(&loc.key(key));
        self.diags
            .push(Diagnostic::new(at, format!("missing key `{key}`")).help(help));
    }

    fn map<'v>(&mut self, v: &'v Value, loc: &Location, what: &str) -> Option<&'v Mapping> {
        match v {
            Value::Mapping(m) => Some(m),
            other => {
                self.error(
                    loc,
                    format!("{what} must be a mapping, found {}", found(other)),
                    None,
                );
                None
            }
        }
    }

    /// Reads a mapping's keys, reporting any that are not `allowed`.
    fn keys<'v>(&mut self, map: &'v Mapping, loc: &Location, allowed: &[&str]) -> Fields<'v> {
        let mut entries = Vec::new();
        for (k, v) in map {
            let Some(key) = k.as_str() else {
                let msg = format!("a key must be a string, found {}", found(k));
                self.error(
                    &loc.key(&key_text(k)).at_key(),
                    msg,
                    Some(&format!("expected one of: {}", allowed.join(", "))),
                );
                continue;
            };
            if allowed.contains(&key) {
                entries.push((key, v));
            } else {
                let help = match closest(key, allowed) {
                    Some(near) => format!("did you mean `{near}`?"),
                    None => format!("expected one of: {}", allowed.join(", ")),
                };
                self.error(
                    &loc.key(key).at_key(),
                    format!("unknown key `{key}`"),
                    Some(&help),
                );
            }
        }
        Fields { entries }
    }

    /// Reads a mapping of named entries (operations, objects, properties...).
    fn entries<T>(
        &mut self,
        v: &Value,
        loc: &Location,
        what: &str,
        mut each: impl FnMut(&mut Self, &str, &Value, Location) -> Option<T>,
    ) -> Vec<T> {
        let Some(map) = self.map(v, loc, &format!("`{what}`")) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for (k, v) in map {
            let Some(key) = k.as_str() else {
                let text = key_text(k);
                let msg = format!("a name in `{what}` must be a string, found {}", found(k));
                let help = format!("quote the name: `\"{text}\"`");
                self.error(&loc.key(&text).at_key(), msg, Some(&help));
                continue;
            };
            match each(self, key, v, loc.key(key)) {
                Some(item) => out.push(item),
                None => self.diags.mark_dropped(&loc.key(key)),
            }
        }
        out
    }

    fn string(&mut self, v: &Value, loc: &Location) -> Option<String> {
        match v {
            Value::String(s) => Some(s.clone()),
            other => {
                self.error(
                    loc,
                    match loc.path.last() {
                        Some(Seg::Key(key)) => {
                            format!("`{key}` must be a string, found {}", found(other))
                        }
                        _ => format!("expected a string, found {}", found(other)),
                    },
                    None,
                );
                None
            }
        }
    }

    fn req_string(&mut self, m: &Fields, key: &str, loc: &Location) -> Option<String> {
        match m.get(key) {
            Some(v) => {
                let text = self.string(v, &loc.key(key))?;
                if matches!(key, "summary" | "description") {
                    self.not_todo(&text, &loc.key(key));
                }
                Some(text)
            }
            None => {
                let help = match key {
                    "summary" => "add one line in your own words",
                    "docs" => "add the link to the Mews documentation page",
                    "description" => "describe it in your own words",
                    "items" => "name the response property that holds the page's items",
                    "role" => {
                        "say what the client puts there: client_token, access_token, client, language_code or culture_code"
                    }
                    "start" | "end" => {
                        "name the object's properties where the interval starts and ends"
                    }
                    _ => "add it",
                };
                self.missing(loc, key, help);
                None
            }
        }
    }

    fn opt_string(&mut self, m: &Fields, key: &str, loc: &Location) -> Option<String> {
        let text = m.get(key).and_then(|v| self.string(v, &loc.key(key)))?;
        if matches!(key, "description" | "deprecated" | "tolerate_absent") {
            self.not_todo(&text, &loc.key(key));
        }
        Some(text)
    }

    /// Refuses a summary or description the author has yet to write.
    fn not_todo(&mut self, text: &str, loc: &Location) {
        if text.trim() == TODO {
            let what = match loc.path.last() {
                Some(Seg::Key(key)) if key == "summary" => "the summary",
                Some(Seg::Key(key)) if key == "deprecated" => "the deprecation message",
                Some(Seg::Key(key)) if key == "tolerate_absent" => {
                    "the reason of `tolerate_absent`"
                }
                _ => "the description",
            };
            self.error(
                loc,
                format!("{what} is still `{TODO}`"),
                Some("write it in your own words; a drafted spec leaves every description to its author"),
            );
        }
    }

    /// A list of strings, each with where it was written.
    fn string_list(&mut self, v: &Value, loc: &Location) -> Vec<Located<String>> {
        let Value::Sequence(items) = v else {
            let key = match loc.path.last() {
                Some(Seg::Key(key)) => key.clone(),
                _ => "the value".to_owned(),
            };
            let msg = format!("`{key}` must be a list of strings, found {}", found(v));
            let help = format!("write `{key}: [{}]`", v.as_str().unwrap_or("Name"));
            self.error(loc, msg, Some(&help));
            return Vec::new();
        };
        items
            .iter()
            .enumerate()
            .filter_map(|(i, item)| {
                let iloc = loc.index(i);
                self.string(item, &iloc)
                    .map(|value| Located { value, loc: iloc })
            })
            .collect()
    }

    fn opt_bool(&mut self, m: &Fields, key: &str, loc: &Location) -> bool {
        match m.get(key) {
            None => false,
            Some(Value::Bool(b)) => *b,
            Some(other) => {
                self.error(
                    &loc.key(key),
                    format!("`{key}` must be true or false, found {}", found(other)),
                    None,
                );
                false
            }
        }
    }

    fn opt_u64(&mut self, m: &Fields, key: &str, loc: &Location) -> Option<Located<u64>> {
        let v = m.get(key)?;
        match v.as_u64() {
            Some(n) => Some(Located {
                value: n,
                loc: loc.key(key),
            }),
            None => {
                self.error(
                    &loc.key(key),
                    format!(
                        "`{key}` must be a whole number of at least 0, found {}",
                        found(v)
                    ),
                    None,
                );
                None
            }
        }
    }

    fn opt_f64(&mut self, m: &Fields, key: &str, loc: &Location) -> Option<Located<f64>> {
        let v = m.get(key)?;
        match v.as_f64() {
            Some(n) if n.is_finite() => Some(Located {
                value: n,
                loc: loc.key(key),
            }),
            Some(_) => {
                self.error(
                    &loc.key(key),
                    format!("`{key}` must be a finite number, found {}", found(v)),
                    Some("leave the bound out for no limit"),
                );
                None
            }
            None => {
                self.error(
                    &loc.key(key),
                    format!("`{key}` must be a number, found {}", found(v)),
                    None,
                );
                None
            }
        }
    }

    fn operation(&mut self, path: &str, v: &Value, loc: Location) -> Option<Operation> {
        let map = self.map(v, &loc, "an operation")?;
        let m = self.keys(
            map,
            &loc,
            &[
                "summary",
                "docs",
                "deprecated",
                "beta",
                "safe_to_retry",
                "method",
                "pagination",
                "portfolio",
                "request",
                "parameter_sets",
                "response",
                "time_unit_window",
                "audit",
                "examples_wrong",
            ],
        );
        let summary = self.req_string(&m, "summary", &loc);
        let docs = self.req_string(&m, "docs", &loc);
        let deprecated = self.opt_string(&m, "deprecated", &loc);
        let beta = self.opt_bool(&m, "beta", &loc);
        let safe_to_retry = self.opt_bool(&m, "safe_to_retry", &loc);
        let method = self.opt_string(&m, "method", &loc).map(|value| Located {
            value,
            loc: loc.key("method"),
        });
        let pagination = m.get("pagination").and_then(|v| {
            let ploc = loc.key("pagination");
            let map = self.map(v, &ploc, "`pagination`")?;
            let pm = self.keys(map, &ploc, &["items"]);
            let items = self.req_string(&pm, "items", &ploc)?;
            Some(Pagination {
                items: Located {
                    value: items,
                    loc: ploc.key("items"),
                },
                loc: ploc,
            })
        });
        let portfolio = m.get("portfolio").and_then(|v| {
            let ploc = loc.key("portfolio");
            match v.as_str().and_then(Portfolio::parse) {
                Some(value) => Some(Located { value, loc: ploc }),
                None => {
                    let msg = format!("`portfolio` must name the request property that selects enterprises or chains, found {}", found(v));
                    self.error(&ploc, msg, Some("write `EnterpriseIds` (or `read`), `EnterpriseId` (or `write`), `ChainIds` or `ChainId`"));
                    None
                }
            }
        });
        let request = match m.get("request") {
            Some(v) => self.properties(v, &loc.key("request"), "request"),
            None => {
                self.missing(
                    &loc,
                    "request",
                    "list the request's properties, or write `request: {}`",
                );
                Vec::new()
            }
        };
        let parameter_sets = m
            .get("parameter_sets")
            .map(|v| {
                let sloc = loc.key("parameter_sets");
                self.entries(v, &sloc, "parameter_sets", |r, key, v, loc| {
                    r.parameter_set(key, v, loc)
                })
            })
            .unwrap_or_default();
        let response = match m.get("response") {
            Some(v) => {
                let rloc = loc.key("response");
                let name = self.string(v, &rloc)?;
                let value = if name == "empty" {
                    Response::Empty
                } else {
                    Response::Object(name)
                };
                Located { value, loc: rloc }
            }
            None => {
                self.missing(
                    &loc,
                    "response",
                    "name the response object, or write `response: empty`",
                );
                return None;
            }
        };
        let time_unit_window = self.time_unit_window(&m, &loc);
        let audit = self.audit(&m, &loc, AuditSite::Operation);
        let examples_wrong = self.examples_wrong(&m, &loc);
        Some(Operation {
            path: Located {
                value: path.to_owned(),
                loc: loc.clone().at_key(),
            },
            summary: summary.unwrap_or_default(),
            docs: docs.unwrap_or_default(),
            deprecated,
            beta,
            safe_to_retry,
            method,
            pagination,
            portfolio,
            request,
            parameter_sets,
            response,
            time_unit_window,
            loc,
            audit,
            examples_wrong,
        })
    }

    /// `time_unit_window: { start: A, end: B, max: { hours: N, days: N, months: N } }`
    fn time_unit_window(&mut self, m: &Fields, loc: &Location) -> Option<TimeUnitWindow> {
        let v = m.get("time_unit_window")?;
        let wloc = loc.key("time_unit_window");
        let map = self.map(v, &wloc, "`time_unit_window`")?;
        let wm = self.keys(map, &wloc, &["start", "end", "max"]);
        let named = |r: &mut Self, key: &str| {
            r.req_string(&wm, key, &wloc).map(|value| Located {
                value,
                loc: wloc.key(key),
            })
        };
        let start = named(self, "start");
        let end = named(self, "end");
        let max = match wm.get("max") {
            Some(v) => {
                let mloc = wloc.key("max");
                let map = self.map(v, &mloc, "`max`")?;
                let keys: Vec<&str> = WindowUnit::ALL.iter().map(|u| u.key()).collect();
                let mm = self.keys(map, &mloc, &keys);
                WindowUnit::ALL
                    .into_iter()
                    .filter_map(|unit| Some((unit, self.opt_u64(&mm, unit.key(), &mloc)?)))
                    .collect()
            }
            None => {
                self.missing(
                    &wloc,
                    "max",
                    "give the longest window per time unit, e.g. `max: { hours: 367, days: 367, months: 60 }`",
                );
                return None;
            }
        };
        Some(TimeUnitWindow {
            start: start?,
            end: end?,
            max,
            loc: wloc,
        })
    }

    /// Reads an operation's `examples_wrong`: `request` and/or `response`,
    /// each with the reason its documented example is another operation's.
    fn examples_wrong(&mut self, m: &Fields, loc: &Location) -> ExamplesWrong {
        let Some(v) = m.get("examples_wrong") else {
            return ExamplesWrong::default();
        };
        let wloc = loc.key("examples_wrong");
        let Some(map) = self.map(v, &wloc, "`examples_wrong`") else {
            return ExamplesWrong::default();
        };
        let fields = self.keys(map, &wloc, &["request", "response"]);
        ExamplesWrong {
            request: fields
                .get("request")
                .and_then(|v| self.reason(v, &wloc.key("request"))),
            response: fields
                .get("response")
                .and_then(|v| self.reason(v, &wloc.key("response"))),
        }
    }

    fn parameter_set(&mut self, name: &str, v: &Value, loc: Location) -> Option<ParameterSet> {
        let map = self.map(v, &loc, "a parameter set")?;
        let m = self.keys(map, &loc, &["description", "properties"]);
        let description = self.req_string(&m, "description", &loc);
        let properties = match m.get("properties") {
            Some(v) => self.properties(v, &loc.key("properties"), "properties"),
            None => {
                self.missing(&loc, "properties", "list the set's properties");
                Vec::new()
            }
        };
        Some(ParameterSet {
            name: Located {
                value: name.to_owned(),
                loc: loc.clone().at_key(),
            },
            description: description.unwrap_or_default(),
            properties,
        })
    }

    fn properties(&mut self, v: &Value, loc: &Location, what: &str) -> Vec<Property> {
        if matches!(v, Value::Mapping(m) if m.is_empty()) {
            return Vec::new();
        }
        self.entries(v, loc, what, |r, key, v, loc| r.property(key, v, loc))
    }

    fn property(&mut self, name: &str, v: &Value, loc: Location) -> Option<Property> {
        let map = self.map(v, &loc, "a property")?;
        let m = self.keys(map, &loc, PROPERTY_KEYS);
        let ty = match m.get("type") {
            Some(tv) => {
                let tloc = loc.key("type");
                let text = self.string(tv, &tloc)?;
                match parse_type(&text) {
                    Ok(ty) => Some(Located {
                        value: ty,
                        loc: tloc,
                    }),
                    Err(why) => {
                        self.error(&tloc, format!("invalid type: {why}"), Some("use string, boolean, integer, int64, number, uuid, date-time, date, json, list<T>, map<T>, update<T> or the name of an object or enum"));
                        None
                    }
                }
            }
            None => {
                self.missing(
                    &loc,
                    "type",
                    "say what the property holds, e.g. `type: list<uuid>`",
                );
                None
            }
        };
        let description = self.req_string(&m, "description", &loc);
        let required = self.opt_bool(&m, "required", &loc);
        let nullable = self.opt_bool(&m, "nullable", &loc);
        let tolerate_absent = self.opt_string(&m, "tolerate_absent", &loc);
        let examples_omit = self.opt_string(&m, "examples_omit", &loc);
        let examples_break = self.opt_string(&m, "examples_break", &loc);
        let examples_invalid = self.opt_string(&m, "examples_invalid", &loc);
        let aliases = m
            .get("aliases")
            .map(|v| self.string_list(v, &loc.key("aliases")))
            .unwrap_or_default();
        let deprecated = self.opt_string(&m, "deprecated", &loc);
        let sensitive = self.opt_bool(&m, "sensitive", &loc);
        let contracts = Contracts {
            min_items: self.opt_u64(&m, "min_items", &loc),
            max_items: self.opt_u64(&m, "max_items", &loc),
            min_length: self.opt_u64(&m, "min_length", &loc),
            max_length: self.opt_u64(&m, "max_length", &loc),
            minimum: self.opt_f64(&m, "minimum", &loc),
            maximum: self.opt_f64(&m, "maximum", &loc),
            max_interval_months: self.opt_u64(&m, "max_interval_months", &loc),
        };
        let audit = self.audit(&m, &loc, AuditSite::Property);
        Some(Property {
            name: Located {
                value: name.to_owned(),
                loc: loc.clone().at_key(),
            },
            ty: ty?,
            required,
            nullable,
            tolerate_absent,
            examples_omit,
            examples_break,
            examples_invalid,
            aliases,
            description: description.unwrap_or_default(),
            deprecated,
            sensitive,
            contracts,
            audit,
        })
    }

    fn object(&mut self, name: &str, v: &Value, loc: Location) -> Option<Object> {
        let map = self.map(v, &loc, "an object")?;
        let m = self.keys(
            map,
            &loc,
            &[
                "description",
                "docs",
                "deprecated",
                "interval",
                "time_unit_window",
                "properties",
                "audit",
            ],
        );
        let description = self.req_string(&m, "description", &loc);
        let docs = self.opt_string(&m, "docs", &loc);
        let deprecated = self.opt_string(&m, "deprecated", &loc);
        let interval = m.get("interval").and_then(|v| {
            let iloc = loc.key("interval");
            let map = self.map(v, &iloc, "`interval`")?;
            let im = self.keys(map, &iloc, &["start", "end"]);
            let start = self.req_string(&im, "start", &iloc);
            let end = self.req_string(&im, "end", &iloc);
            Some(Located {
                value: (start?, end?),
                loc: iloc,
            })
        });
        let properties = match m.get("properties") {
            Some(v) => self.properties(v, &loc.key("properties"), "properties"),
            None => {
                self.missing(&loc, "properties", "list the object's properties");
                Vec::new()
            }
        };
        let time_unit_window = self.time_unit_window(&m, &loc);
        let audit = self.audit(&m, &loc, AuditSite::Object);
        Some(Object {
            name: Located {
                value: name.to_owned(),
                loc: loc.clone().at_key(),
            },
            description: description.unwrap_or_default(),
            docs,
            deprecated,
            interval,
            time_unit_window,
            properties,
            audit,
        })
    }

    fn enumeration(&mut self, name: &str, v: &Value, loc: Location) -> Option<Enum> {
        let map = self.map(v, &loc, "an enum")?;
        let m = self.keys(
            map,
            &loc,
            &["description", "docs", "extensible", "values", "audit"],
        );
        let description = self.req_string(&m, "description", &loc);
        let docs = self.opt_string(&m, "docs", &loc);
        let extensible = self.opt_bool(&m, "extensible", &loc);
        let values = match m.get("values") {
            Some(v) => self.entries(v, &loc.key("values"), "values", |r, key, v, vloc| {
                let (description, deprecated, audit) = match v {
                    Value::String(s) => {
                        r.not_todo(s, &vloc);
                        (Some(s.clone()), None, Vec::new())
                    }
                    Value::Null => (None, None, Vec::new()),
                    Value::Mapping(map) => {
                        let vm = r.keys(map, &vloc, &["description", "deprecated", "audit"]);
                        let description = r.opt_string(&vm, "description", &vloc);
                        (description, r.opt_string(&vm, "deprecated", &vloc), r.audit(&vm, &vloc, AuditSite::EnumValue))
                    }
                    other => {
                        let msg = format!("an enum value takes a description or a mapping, found {}", found(other));
                        r.error(&vloc, msg, Some("write `Value: Its description.` or `Value: { description: ..., deprecated: ... }`"));
                        return None;
                    }
                };
                Some(EnumValue { name: Located { value: key.to_owned(), loc: vloc.at_key() }, description, deprecated, audit })
            }),
            None => {
                self.missing(&loc, "values", "list the enum's values");
                Vec::new()
            }
        };
        let audit = self.audit(&m, &loc, AuditSite::Enum);
        Some(Enum {
            name: Located {
                value: name.to_owned(),
                loc: loc.clone().at_key(),
            },
            description: description.unwrap_or_default(),
            docs,
            extensible,
            values,
            audit,
        })
    }

    fn union(&mut self, name: &str, v: &Value, loc: Location) -> Option<Union> {
        let map = self.map(v, &loc, "a union")?;
        let m = self.keys(
            map,
            &loc,
            &[
                "description",
                "docs",
                "deprecated",
                "discriminator",
                "value",
                "tag",
                "properties",
                "variants",
                "audit",
            ],
        );
        let description = self.req_string(&m, "description", &loc);
        let docs = self.opt_string(&m, "docs", &loc);
        let deprecated = self.opt_string(&m, "deprecated", &loc);
        let located = |r: &mut Self, key: &str| {
            r.opt_string(&m, key, &loc).map(|value| Located {
                value,
                loc: loc.key(key),
            })
        };
        let discriminator = located(self, "discriminator");
        if m.get("discriminator").is_none() {
            self.missing(
                &loc,
                "discriminator",
                "name the JSON property that says which variant it is, e.g. `discriminator: Discriminator`",
            );
        }
        let value = located(self, "value");
        let tag = located(self, "tag");
        let variants = match m.get("variants") {
            Some(v) => self.entries(v, &loc.key("variants"), "variants", |r, key, v, vloc| {
                r.variant(key, v, vloc)
            }),
            None => {
                self.missing(
                    &loc,
                    "variants",
                    "list the discriminator values and their payload types",
                );
                Vec::new()
            }
        };
        let properties = m
            .get("properties")
            .map(|v| self.properties(v, &loc.key("properties"), "properties"))
            .unwrap_or_default();
        let audit = self.audit(&m, &loc, AuditSite::Union);
        Some(Union {
            name: Located {
                value: name.to_owned(),
                loc: loc.clone().at_key(),
            },
            description: description.unwrap_or_default(),
            docs,
            deprecated,
            // Kept empty when missing, so the rest of the union is still checked.
            discriminator: discriminator.unwrap_or_else(|| Located {
                value: String::new(),
                loc: loc.key("discriminator"),
            }),
            value,
            tag,
            properties,
            variants,
            audit,
        })
    }

    fn variant(&mut self, name: &str, v: &Value, loc: Location) -> Option<Variant> {
        let name = Located {
            value: name.to_owned(),
            loc: loc.clone().at_key(),
        };
        let map = match v {
            Value::String(s) => {
                self.not_todo(s, &loc);
                return Some(Variant {
                    name,
                    ty: None,
                    property: None,
                    description: Some(s.clone()),
                    deprecated: None,
                    audit: Vec::new(),
                });
            }
            Value::Null => {
                return Some(Variant {
                    name,
                    ty: None,
                    property: None,
                    description: None,
                    deprecated: None,
                    audit: Vec::new(),
                });
            }
            Value::Mapping(map) => map,
            other => {
                let msg = format!(
                    "a variant takes a description or a mapping, found {}",
                    found(other)
                );
                self.error(
                    &loc,
                    msg,
                    Some("write `Value: { type: PayloadObject, description: ... }`, or `Value: Its description.` for a variant without payload"),
                );
                return None;
            }
        };
        let m = self.keys(
            map,
            &loc,
            &["type", "property", "description", "deprecated", "audit"],
        );
        let ty = match m.get("type") {
            Some(tv) => {
                let tloc = loc.key("type");
                let text = self.string(tv, &tloc)?;
                match parse_type(&text) {
                    Ok(ty) => Some(Located {
                        value: ty,
                        loc: tloc,
                    }),
                    Err(why) => {
                        self.error(
                            &tloc,
                            format!("invalid type: {why}"),
                            Some("a variant's payload is the name of an object"),
                        );
                        return None;
                    }
                }
            }
            None => None,
        };
        let property = m.get("property").and_then(|pv| {
            let ploc = loc.key("property");
            self.string(pv, &ploc)
                .map(|value| Located { value, loc: ploc })
        });
        Some(Variant {
            name,
            ty,
            property,
            description: self.opt_string(&m, "description", &loc),
            deprecated: self.opt_string(&m, "deprecated", &loc),
            audit: self.audit(&m, &loc, AuditSite::Variant),
        })
    }

    /// Reads the `audit:` notes of an item: facet keys allowed on `site`, each
    /// with its reason; `missing` maps the names it leaves out to reasons.
    fn audit(&mut self, m: &Fields, loc: &Location, site: AuditSite) -> Vec<AuditNote> {
        let Some(v) = m.get("audit") else {
            return Vec::new();
        };
        let aloc = loc.key("audit");
        let Some(map) = self.map(v, &aloc, "`audit`") else {
            return Vec::new();
        };
        let allowed: Vec<AuditFacet> = AuditFacet::ALL
            .into_iter()
            .filter(|f| f.allowed_on(site))
            .collect();
        let keys: Vec<&str> = allowed.iter().map(|f| f.key()).collect();
        let fields = self.keys(map, &aloc, &keys);
        let mut notes = Vec::new();
        for (key, v) in fields.entries {
            let Some(facet) = allowed.iter().copied().find(|f| f.key() == key) else {
                continue;
            };
            let floc = aloc.key(key);
            if facet != AuditFacet::Missing {
                if let Some(reason) = self.reason(v, &floc) {
                    notes.push(AuditNote {
                        facet,
                        name: None,
                        reason,
                        loc: floc.at_key(),
                    });
                }
                continue;
            }
            let Some(names) = self.map(v, &floc, "`missing`") else {
                continue;
            };
            for (name, v) in names {
                let Some(name) = name.as_str() else {
                    let msg = format!(
                        "a name in `missing` must be a string, found {}",
                        found(name)
                    );
                    self.error(
                        &floc.key(&key_text(name)).at_key(),
                        msg,
                        Some("name the documented property or value the spec leaves out"),
                    );
                    continue;
                };
                let nloc = floc.key(name);
                if let Some(reason) = self.reason(v, &nloc) {
                    notes.push(AuditNote {
                        facet,
                        name: Some(name.to_owned()),
                        reason,
                        loc: nloc.at_key(),
                    });
                }
            }
        }
        notes
    }

    /// The reason of an audit note: text that says something.
    fn reason(&mut self, v: &Value, loc: &Location) -> Option<String> {
        let text = self.string(v, loc)?;
        if text.trim().is_empty() || text.trim() == TODO {
            self.error(
                loc,
                "an audit note needs its reason",
                Some("say why the spec differs from the Mews documentation here"),
            );
            return None;
        }
        Some(text)
    }

    fn envelope(&mut self, v: &Value, loc: &Location) -> Option<Envelope> {
        let map = self.map(v, loc, "`envelope`")?;
        let m = self.keys(map, loc, &["docs", "properties"]);
        let docs = self.req_string(&m, "docs", loc);
        let properties = match m.get("properties") {
            Some(v) => self.entries(
                v,
                &loc.key("properties"),
                "properties",
                |r, key, v, ploc| {
                    let map = r.map(v, &ploc, "an envelope property")?;
                    let pm = r.keys(map, &ploc, &["role", "description"]);
                    let role = r.req_string(&pm, "role", &ploc);
                    let description = r.req_string(&pm, "description", &ploc);
                    Some(EnvelopeProperty {
                        name: Located {
                            value: key.to_owned(),
                            loc: ploc.clone().at_key(),
                        },
                        role: Located {
                            value: role?,
                            loc: ploc.key("role"),
                        },
                        description: description.unwrap_or_default(),
                    })
                },
            ),
            None => {
                self.missing(loc, "properties", "list the envelope's properties");
                Vec::new()
            }
        };
        Some(Envelope {
            docs: docs.unwrap_or_default(),
            properties,
            loc: loc.clone(),
        })
    }
}

/// A value as a message shows it: scalars with their text.
fn found(v: &Value) -> String {
    match v {
        Value::Bool(b) => format!("`{b}`"),
        Value::Number(n) => format!("`{n}`"),
        Value::String(s) if s.chars().count() > 40 => {
            format!("the string `{}...`", s.chars().take(37).collect::<String>())
        }
        Value::String(s) => format!("the string `{s}`"),
        Value::Tagged(t) => format!("a value tagged `{}`", t.tag),
        other => kind(other).to_owned(),
    }
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "nothing",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Sequence(_) => "a list",
        Value::Mapping(_) => "a mapping",
        Value::Tagged(_) => "a tagged value",
    }
}

/// How a non-string mapping key reads, e.g. `1` or `true`; also how
/// [`locate`] matches such keys.
fn key_text(key: &Value) -> String {
    match key {
        Value::Null => "null".to_owned(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => s.clone(),
        other => format!("({})", kind(other)),
    }
}

/// The deepest `list<`/`map<`/`update<` nesting a type may have; real types
/// have two or three, and the limit keeps every later stage's recursion short.
const MAX_TYPE_DEPTH: usize = 8;

/// [`TypeExpr::parse`], refusing types too long or too deep to be meant.
fn parse_type(text: &str) -> Result<TypeExpr, String> {
    if text.len() > 200 {
        return Err(format!(
            "`{}...` is too long to be a type",
            text.chars().take(40).collect::<String>()
        ));
    }
    if text.matches('<').count() > MAX_TYPE_DEPTH {
        return Err(format!(
            "`{text}` nests more than {MAX_TYPE_DEPTH} levels deep"
        ));
    }
    TypeExpr::parse(text)
}

/// serde_yaml says where the error is ("at line L column C"); the
/// diagnostic shows that apart, so only that first position is removed.
fn strip_position(message: &str) -> String {
    let Some(start) = message.find(" at line ") else {
        return message.to_owned();
    };
    let rest = &message[start + " at line ".len()..];
    let digits = |s: &str| s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    let line_len = digits(rest);
    let Some(after_line) = rest[line_len..].strip_prefix(" column ") else {
        return message.to_owned();
    };
    let col_len = digits(after_line);
    if line_len == 0 || col_len == 0 {
        return message.to_owned();
    }
    format!("{}{}", &message[..start], &after_line[col_len..])
}

/// The allowed key nearest to a misspelt one, if any is near enough.
pub(crate) fn closest<'a>(key: &str, allowed: &[&'a str]) -> Option<&'a str> {
    let norm = |s: &str| s.to_ascii_lowercase().replace(['_', '-'], "");
    allowed
        .iter()
        .map(|a| (edit_distance(&norm(key), &norm(a)), *a))
        .filter(|(d, a)| *d <= 2.max(a.len() / 4))
        .min()
        .map(|(_, a)| a)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

/// The scalar `visit_*` methods of a visitor that passes over scalars.
macro_rules! skip_scalars {
    () => {
        fn visit_str<E>(self, _: &str) -> Result<(), E> {
            Ok(())
        }
        fn visit_bool<E>(self, _: bool) -> Result<(), E> {
            Ok(())
        }
        fn visit_i64<E>(self, _: i64) -> Result<(), E> {
            Ok(())
        }
        fn visit_u64<E>(self, _: u64) -> Result<(), E> {
            Ok(())
        }
        fn visit_f64<E>(self, _: f64) -> Result<(), E> {
            Ok(())
        }
        fn visit_unit<E>(self) -> Result<(), E> {
            Ok(())
        }
    };
}

/// Finds the 1-based line and column of `loc` in `text`.
///
/// serde_yaml exposes positions only on errors, so this replays the document
/// and raises an error exactly at the node (or key) the path leads to.
pub fn locate(text: &str, loc: &Location) -> Option<(usize, usize)> {
    locate_in(text, loc, 0)
}

/// [`locate`], with the key of the last step taken after `earlier` matches
/// (to find a repeated key). A file indented with tabs is read as `load`
/// read it, its tabs expanded.
fn locate_in(text: &str, loc: &Location, earlier: usize) -> Option<(usize, usize)> {
    let probe = |text: &str| {
        let probe = Probe {
            path: &loc.path,
            at_key: loc.at_key,
            earlier,
        };
        probe.deserialize(serde_yaml::Deserializer::from_str(text))
    };
    match probe(text) {
        Ok(()) => None,
        Err(err) if err.to_string().contains(HERE) => {
            err.location().map(|l| (l.line(), l.column()))
        }
        // The file does not parse as it is: only a tab can be got round.
        Err(_) => match probe(&read::expand_tabs(text)) {
            Err(err) if err.to_string().contains(HERE) => err
                .location()
                .map(|l| read::original_position(text, (l.line(), l.column()))),
            _ => None,
        },
    }
}

/// The message of the error a probe raises at its node (serde_yaml puts the
/// node's path before it).
const HERE: &str = "the probe reached its node";

struct Probe<'p> {
    path: &'p [Seg],
    at_key: bool,
    /// How many matches of the last step's key to pass over first.
    earlier: usize,
}

impl<'de> DeserializeSeed<'de> for Probe<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        if self.path.is_empty() {
            d.deserialize_any(Here)
        } else {
            d.deserialize_any(self)
        }
    }
}

impl<'de> Visitor<'de> for Probe<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a mapping or a sequence")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let want = match &self.path[0] {
            Seg::Key(k) => Some(k.as_str()),
            Seg::Index(_) => None,
        };
        let stop_at_key = self.path.len() == 1 && self.at_key;
        let mut hits = 0;
        while let Some(hit) = map.next_key_seed(KeyProbe {
            want,
            stop: stop_at_key && hits == self.earlier,
        })? {
            if hit && !stop_at_key {
                return map.next_value_seed(Probe {
                    path: &self.path[1..],
                    at_key: self.at_key,
                    earlier: self.earlier,
                });
            }
            hits += usize::from(hit);
            map.next_value::<IgnoredAny>()?;
        }
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let want = match self.path[0] {
            Seg::Index(i) => Some(i),
            Seg::Key(_) => None,
        };
        let mut i = 0;
        loop {
            if Some(i) == want {
                return seq
                    .next_element_seed(Probe {
                        path: &self.path[1..],
                        at_key: self.at_key,
                        earlier: self.earlier,
                    })
                    .map(drop);
            }
            if seq.next_element::<IgnoredAny>()?.is_none() {
                return Ok(());
            }
            i += 1;
        }
    }

    // Scalars cannot hold the rest of the path: the node does not exist.
    skip_scalars!();
}

/// Reads a mapping key; errors on it (marking its position) when it is the target.
struct KeyProbe<'a> {
    want: Option<&'a str>,
    stop: bool,
}

impl<'de> DeserializeSeed<'de> for KeyProbe<'_> {
    type Value = bool;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<bool, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for KeyProbe<'_> {
    type Value = bool;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a key")
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<bool, E> {
        let hit = self.want == Some(key);
        if hit && self.stop {
            Err(E::custom(HERE))
        } else {
            Ok(hit)
        }
    }
    // Keys that are not strings match by how `key_text` writes them.
    fn visit_bool<E: de::Error>(self, key: bool) -> Result<bool, E> {
        self.visit_str(&key_text(&Value::Bool(key)))
    }
    fn visit_i64<E: de::Error>(self, key: i64) -> Result<bool, E> {
        self.visit_str(&key_text(&Value::Number(key.into())))
    }
    fn visit_u64<E: de::Error>(self, key: u64) -> Result<bool, E> {
        self.visit_str(&key_text(&Value::Number(key.into())))
    }
    fn visit_f64<E: de::Error>(self, key: f64) -> Result<bool, E> {
        self.visit_str(&key_text(&Value::Number(key.into())))
    }
    fn visit_unit<E: de::Error>(self) -> Result<bool, E> {
        self.visit_str(&key_text(&Value::Null))
    }
    fn visit_map<A: MapAccess<'de>>(self, _: A) -> Result<bool, A::Error> {
        Ok(false)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, _: A) -> Result<bool, A::Error> {
        Ok(false)
    }
}

/// Errors on whatever node it is given, so the error carries that node's position.
struct Here;

impl<'de> Visitor<'de> for Here {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any node")
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<(), E> {
        Err(E::custom(HERE))
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<(), E> {
        Err(E::custom(HERE))
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<(), E> {
        Err(E::custom(HERE))
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<(), E> {
        Err(E::custom(HERE))
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<(), E> {
        Err(E::custom(HERE))
    }
    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        Err(E::custom(HERE))
    }
    fn visit_map<A: MapAccess<'de>>(self, _: A) -> Result<(), A::Error> {
        Err(de::Error::custom(HERE))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, _: A) -> Result<(), A::Error> {
        Err(de::Error::custom(HERE))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locates_keys_and_values() {
        let text = "a: 1\nops:\n  x/y:\n    request:\n      Foo: { type: string, max_item: 3 }\nlist:\n  - q\n  - r: 2\n";
        let loc = Location::new("f.yaml", Vec::new());
        let foo = loc.key("ops").key("x/y").key("request").key("Foo");
        assert_eq!(locate(text, &foo.key("max_item").at_key()), Some((5, 28)));
        assert_eq!(locate(text, &foo.key("max_item")), Some((5, 38)));
        assert_eq!(
            locate(text, &loc.key("list").index(1).key("r").at_key()),
            Some((8, 5))
        );
        assert_eq!(locate(text, &loc.key("missing")), None);
    }

    #[test]
    fn suggests_near_keys() {
        assert_eq!(closest("max_item", PROPERTY_KEYS), Some("max_items"));
        assert_eq!(closest("maxLength", PROPERTY_KEYS), Some("max_length"));
        assert_eq!(closest("colour", PROPERTY_KEYS), None);
    }

    #[test]
    fn locates_the_repeat_of_a_key() {
        let text = "a:\n  1: x\n  b: y\n  1: z\n  1: w\n";
        let key =
            Location::new("f.yaml", vec![Seg::Key("a".into()), Seg::Key("1".into())]).at_key();
        assert_eq!(locate_in(text, &key, 0), Some((2, 3)));
        assert_eq!(locate_in(text, &key, 1), Some((4, 3)));
        assert_eq!(locate_in(text, &key, 2), Some((5, 3)));
        assert_eq!(locate_in(text, &key, 3), None);
    }

    #[test]
    fn locates_in_a_file_indented_with_tabs() {
        let text = "z: 0\na:\n\tb: 1\n\tc: 2\nd: 3\n";
        let root = Location::new("f.yaml", Vec::new());
        let a = root.key("a");
        // Before the first tab, and after it, in the file's own columns.
        assert_eq!(locate(text, &root.key("z").at_key()), Some((1, 1)));
        assert_eq!(locate(text, &a.key("c").at_key()), Some((4, 2)));
        assert_eq!(locate(text, &root.key("d")), Some((5, 4)));
        assert_eq!(locate(text, &a.key("e").at_key()), None);
    }

    #[test]
    fn a_tab_is_reported_once_with_the_other_lines_that_have_one() {
        let help = |lines: &[usize]| {
            let text = "a:\n\tb: 1\n".repeat(9);
            tab_error("f.yaml", &text, lines).help.unwrap_or_default()
        };
        assert!(help(&[2]).contains("spaces;"), "{}", help(&[2]));
        assert!(help(&[2, 4]).contains("(also on line 4)"));
        assert!(help(&[2, 4, 6, 8]).contains("(also on lines 4, 6 and 8)"));
        assert!(help(&[2, 4, 6, 8, 10, 12, 14]).contains("(also on 6 more lines)"));
        let d = tab_error("f.yaml", "a:\n  \tb: 1\n", &[2]);
        assert_eq!(d.location.line_col, Some((2, 3)));
        assert_eq!(d.message, "a tab in the indentation");
    }

    #[test]
    fn locates_keys_that_are_not_strings() {
        let text = "values:\n  1: one\n  true: yes\n";
        let values = Location::new("f.yaml", vec![Seg::Key("values".into())]);
        assert_eq!(locate(text, &values.key("1").at_key()), Some((2, 3)));
        assert_eq!(locate(text, &values.key("true").at_key()), Some((3, 3)));
    }

    #[test]
    fn tidies_libyaml_messages() {
        assert_eq!(
            strip_position(
                "did not find expected key at line 3 column 2, while parsing a block mapping at line 2 column 1"
            ),
            "did not find expected key, while parsing a block mapping at line 2 column 1"
        );
        assert_eq!(
            strip_position("recursion limit exceeded"),
            "recursion limit exceeded"
        );
        assert_eq!(second_document("# c\n---\na: 1\n---\nb: 2\n"), Some((4, 1)));
        assert_eq!(second_document("a: 1\n--- \nb: 2\n"), Some((2, 1)));
        let text = "a:\n  b: 1\n  c:\n    - x\n    - y\n d: 2\n";
        let keys = |path: Vec<Seg>| {
            path.into_iter()
                .map(|s| format!("{s:?}"))
                .collect::<Vec<_>>()
                .join(" ")
        };
        assert_eq!(
            keys(last_node_before(text, 6)),
            r#"Key("a") Key("c") Index(1)"#
        );
    }

    #[test]
    fn refuses_types_too_deep_or_too_long() {
        assert!(parse_type("list<list<uuid>>").is_ok());
        assert!(
            parse_type(&format!("{}uuid{}", "list<".repeat(9), ">".repeat(9)))
                .unwrap_err()
                .contains("nests")
        );
        assert!(
            parse_type(&"A".repeat(300))
                .unwrap_err()
                .contains("too long")
        );
    }
}
