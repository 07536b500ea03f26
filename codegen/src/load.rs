//! Stage 1: YAML text to [`SpecFile`]s. The only module that reads YAML.
//!
//! serde_yaml parses each file into a `Value`; the walk below then builds the
//! spec model by hand rather than through `#[derive(Deserialize)]`, so that
//! it can report *every* unknown key, missing key and wrong value in one run
//! instead of serde's first error. Positions are found afterwards by
//! [`locate`], which replays the file through serde_yaml up to a YAML path.

use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_yaml::{Mapping, Value};

use crate::diagnostic::{Diagnostic, Diagnostics, Location, Seg};
use crate::spec::*;

/// Parses one spec file, adding what is wrong with it to `diags`.
pub fn load(name: &str, text: &str, diags: &mut Diagnostics) -> Option<SpecFile> {
    let root = Location::new(name, Vec::new());
    let value: Value = match serde_yaml::from_str(text) {
        Ok(value) => value,
        Err(err) => {
            diags.mark_dropped(&root);
            diags.push(yaml_error(name, text, &err));
            return None;
        }
    };
    if value.is_null() {
        // Not marked as dropped: an empty file hides no definitions.
        let help = "describe a resource, or shared `objects`/`enums`, or remove the file";
        diags.push(Diagnostic::new(root, "the file is empty").help(help));
        return None;
    }
    let mut r = Reader { diags };
    let map = r.map(&value, &root, "the file")?;
    let m = r.keys(map, &root, &["resource", "summary", "docs", "operations", "envelope", "objects", "enums"]);
    // The operations are read even when the resource name is broken, so that
    // their own mistakes are reported in the same run.
    let resource_name = m.get("resource").map(|v| r.string(v, &root.key("resource")));
    let resource = resource_name.map(|resource_name| {
        let summary = r.req_string(&m, "summary", &root);
        let docs = r.req_string(&m, "docs", &root);
        let operations = match m.get("operations") {
            Some(v) => r.entries(v, &root.key("operations"), "operations", |r, key, v, loc| r.operation(key, v, loc)),
            None => {
                r.missing(&root, "operations", "a resource needs its `operations`");
                Vec::new()
            }
        };
        resource_name.map(|name| Resource {
            name: Located { value: name, loc: root.key("resource") },
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
                    let msg = format!("`{key}` belongs to a resource, but this file has no `resource`");
                    r.error(&root.key(key).at_key(), msg, Some("add `resource: <urlSegment>` or remove the key"));
                }
            }
            None
        }
    };
    let envelope = m.get("envelope").and_then(|v| r.envelope(v, &root.key("envelope")));
    let objects = m
        .get("objects")
        .map(|v| r.entries(v, &root.key("objects"), "objects", |r, key, v, loc| r.object(key, v, loc)))
        .unwrap_or_default();
    let enums = m
        .get("enums")
        .map(|v| r.entries(v, &root.key("enums"), "enums", |r, key, v, loc| r.enumeration(key, v, loc)))
        .unwrap_or_default();
    Some(SpecFile { name: name.to_owned(), resource, envelope, objects, enums })
}

/// The diagnostic for a file serde_yaml cannot read.
fn yaml_error(name: &str, text: &str, err: &serde_yaml::Error) -> Diagnostic {
    let root = Location::new(name, Vec::new());
    let message = err.to_string();
    if message.contains("duplicate entry with key")
        && let Some((path, key, line_col)) = find_duplicate_key(text)
    {
        let mut first = Location::new(name, path);
        first.path.push(Seg::Key(key.clone()));
        first = first.at_key();
        let mut here = first.clone();
        here.line_col = Some(line_col);
        return Diagnostic::new(here, format!("duplicate key `{key}`"))
            .related("first given", first)
            .help("a key may appear only once in a mapping: merge the two entries or rename one");
    }
    if message.contains("more than one document") {
        let mut loc = root;
        loc.line_col = second_document(text);
        return Diagnostic::new(loc, "the file holds more than one YAML document")
            .help("a spec file is a single document: remove the `---` line or split the file");
    }
    let mut loc = root;
    loc.line_col = err.location().map(|l| (l.line(), l.column()));
    let mut d = Diagnostic::new(loc, format!("invalid YAML: {}", strip_position(&message)));
    d.help = yaml_help(&message).map(str::to_owned);
    d
}

/// What usually causes one of libyaml's errors.
fn yaml_help(message: &str) -> Option<&'static str> {
    const HELP: &[(&str, &str)] = &[
        ("did not find expected key", "check the indentation: the keys of one mapping start in the same column"),
        ("mapping values are not allowed", "quote a value that contains `: `, or check the indentation"),
        ("cannot start any token", "quote the value, and indent with spaces rather than tabs"),
        ("did not find expected ',' or ']'", "close the flow list with `]`, or quote the value"),
        ("did not find expected ',' or '}'", "close the flow mapping with `}`, or quote the value"),
        ("end of stream", "close the quoted string or flow collection"),
        ("unknown anchor", "define the anchor `&name` before the alias `*name` refers to it"),
        ("expected '-' indicator", "check the indentation of the list items"),
        ("block sequence entries are not allowed", "start the list on its own line below the key"),
        ("recursion limit exceeded", "the spec never nests this deep: check for a runaway `[` or `{`"),
    ];
    HELP.iter().find(|(pattern, _)| message.contains(pattern)).map(|(_, help)| *help)
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

/// The keys of one mapping, checked against what is allowed there.
struct Fields<'v> {
    entries: Vec<(&'v str, &'v Value)>,
}

impl<'v> Fields<'v> {
    fn get(&self, key: &str) -> Option<&'v Value> {
        self.entries.iter().find(|(k, _)| *k == key).map(|(_, v)| *v)
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
    "deprecated",
    "min_items",
    "max_items",
    "min_length",
    "max_length",
    "minimum",
    "maximum",
    "max_interval_months",
];

impl Reader<'_> {
    fn error(&mut self, loc: &Location, message: impl Into<String>, help: Option<&str>) {
        let mut d = Diagnostic::new(loc.clone(), message);
        d.help = help.map(str::to_owned);
        self.diags.push(d);
    }

    fn missing(&mut self, loc: &Location, key: &str, help: &str) {
        self.error(loc, format!("missing key `{key}`"), Some(help));
    }

    fn map<'v>(&mut self, v: &'v Value, loc: &Location, what: &str) -> Option<&'v Mapping> {
        match v {
            Value::Mapping(m) => Some(m),
            other => {
                self.error(loc, format!("{what} must be a mapping, found {}", kind(other)), None);
                None
            }
        }
    }

    /// Reads a mapping's keys, reporting any that are not `allowed`.
    fn keys<'v>(&mut self, map: &'v Mapping, loc: &Location, allowed: &[&str]) -> Fields<'v> {
        let mut entries = Vec::new();
        for (k, v) in map {
            let Some(key) = k.as_str() else {
                self.error(loc, format!("a key must be a string, found {}", kind(k)), None);
                continue;
            };
            if allowed.contains(&key) {
                entries.push((key, v));
            } else {
                let help = match closest(key, allowed) {
                    Some(near) => format!("did you mean `{near}`?"),
                    None => format!("expected one of: {}", allowed.join(", ")),
                };
                self.error(&loc.key(key).at_key(), format!("unknown key `{key}`"), Some(&help));
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
        let Some(map) = self.map(v, loc, &format!("`{what}`")) else { return Vec::new() };
        let mut out = Vec::new();
        for (k, v) in map {
            let Some(key) = k.as_str() else {
                self.error(loc, format!("a name in `{what}` must be a string, found {}", kind(k)), None);
                continue;
            };
            if let Some(item) = each(self, key, v, loc.key(key)) {
                out.push(item);
            }
        }
        out
    }

    fn string(&mut self, v: &Value, loc: &Location) -> Option<String> {
        match v {
            Value::String(s) => Some(s.clone()),
            other => {
                self.error(loc, format!("expected a string, found {}", kind(other)), None);
                None
            }
        }
    }

    fn req_string(&mut self, m: &Fields, key: &str, loc: &Location) -> Option<String> {
        match m.get(key) {
            Some(v) => self.string(v, &loc.key(key)),
            None => {
                let help = match key {
                    "summary" => "add one line in your own words",
                    "docs" => "add the link to the Mews documentation page",
                    "description" => "describe it in your own words",
                    _ => "add it",
                };
                self.missing(loc, key, help);
                None
            }
        }
    }

    fn opt_string(&mut self, m: &Fields, key: &str, loc: &Location) -> Option<String> {
        m.get(key).and_then(|v| self.string(v, &loc.key(key)))
    }

    fn opt_bool(&mut self, m: &Fields, key: &str, loc: &Location) -> bool {
        match m.get(key) {
            None => false,
            Some(Value::Bool(b)) => *b,
            Some(other) => {
                self.error(&loc.key(key), format!("`{key}` must be true or false, found {}", kind(other)), None);
                false
            }
        }
    }

    fn opt_u64(&mut self, m: &Fields, key: &str, loc: &Location) -> Option<Located<u64>> {
        let v = m.get(key)?;
        match v.as_u64() {
            Some(n) => Some(Located { value: n, loc: loc.key(key) }),
            None => {
                self.error(&loc.key(key), format!("`{key}` must be a whole number of at least 0, found {}", kind(v)), None);
                None
            }
        }
    }

    fn opt_f64(&mut self, m: &Fields, key: &str, loc: &Location) -> Option<Located<f64>> {
        let v = m.get(key)?;
        match v.as_f64() {
            Some(n) => Some(Located { value: n, loc: loc.key(key) }),
            None => {
                self.error(&loc.key(key), format!("`{key}` must be a number, found {}", kind(v)), None);
                None
            }
        }
    }

    fn operation(&mut self, path: &str, v: &Value, loc: Location) -> Option<Operation> {
        let map = self.map(v, &loc, "an operation")?;
        let m = self.keys(map, &loc, &["summary", "docs", "deprecated", "safe_to_retry", "pagination", "portfolio", "request", "response"]);
        let summary = self.req_string(&m, "summary", &loc);
        let docs = self.req_string(&m, "docs", &loc);
        let deprecated = self.opt_string(&m, "deprecated", &loc);
        let safe_to_retry = self.opt_bool(&m, "safe_to_retry", &loc);
        let pagination = m.get("pagination").and_then(|v| {
            let ploc = loc.key("pagination");
            let map = self.map(v, &ploc, "`pagination`")?;
            let pm = self.keys(map, &ploc, &["items"]);
            let items = self.req_string(&pm, "items", &ploc)?;
            Some(Pagination { items: Located { value: items, loc: ploc.key("items") }, loc: ploc })
        });
        let portfolio = m.get("portfolio").and_then(|v| {
            let ploc = loc.key("portfolio");
            match v.as_str() {
                Some("read") => Some(Located { value: Portfolio::Read, loc: ploc }),
                Some("write") => Some(Located { value: Portfolio::Write, loc: ploc }),
                _ => {
                    self.error(&ploc, format!("`portfolio` must be `read` or `write`, found {}", kind(v)), Some("`read` for operations filtering by `EnterpriseIds`, `write` for those taking one `EnterpriseId`"));
                    None
                }
            }
        });
        let request = match m.get("request") {
            Some(v) => self.properties(v, &loc.key("request"), "request"),
            None => {
                self.missing(&loc, "request", "list the request's properties, or write `request: {}`");
                Vec::new()
            }
        };
        let response = match m.get("response") {
            Some(v) => {
                let rloc = loc.key("response");
                let name = self.string(v, &rloc)?;
                let value = if name == "empty" { Response::Empty } else { Response::Object(name) };
                Located { value, loc: rloc }
            }
            None => {
                self.missing(&loc, "response", "name the response object, or write `response: empty`");
                return None;
            }
        };
        Some(Operation {
            path: Located { value: path.to_owned(), loc: loc.clone().at_key() },
            summary: summary.unwrap_or_default(),
            docs: docs.unwrap_or_default(),
            deprecated,
            safe_to_retry,
            pagination,
            portfolio,
            request,
            response,
            loc,
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
                match TypeExpr::parse(&text) {
                    Ok(ty) => Some(Located { value: ty, loc: tloc }),
                    Err(why) => {
                        self.error(&tloc, format!("invalid type: {why}"), Some("use string, boolean, integer, int64, number, uuid, date-time, date, json, list<T>, map<T>, update<T> or the name of an object or enum"));
                        None
                    }
                }
            }
            None => {
                self.missing(&loc, "type", "say what the property holds, e.g. `type: list<uuid>`");
                None
            }
        };
        let description = self.req_string(&m, "description", &loc);
        let required = self.opt_bool(&m, "required", &loc);
        let nullable = self.opt_bool(&m, "nullable", &loc);
        let tolerate_absent = self.opt_string(&m, "tolerate_absent", &loc);
        let deprecated = self.opt_string(&m, "deprecated", &loc);
        let contracts = Contracts {
            min_items: self.opt_u64(&m, "min_items", &loc),
            max_items: self.opt_u64(&m, "max_items", &loc),
            min_length: self.opt_u64(&m, "min_length", &loc),
            max_length: self.opt_u64(&m, "max_length", &loc),
            minimum: self.opt_f64(&m, "minimum", &loc),
            maximum: self.opt_f64(&m, "maximum", &loc),
            max_interval_months: self.opt_u64(&m, "max_interval_months", &loc),
        };
        Some(Property {
            name: Located { value: name.to_owned(), loc: loc.clone().at_key() },
            ty: ty?,
            required,
            nullable,
            tolerate_absent,
            description: description.unwrap_or_default(),
            deprecated,
            contracts,
        })
    }

    fn object(&mut self, name: &str, v: &Value, loc: Location) -> Option<Object> {
        let map = self.map(v, &loc, "an object")?;
        let m = self.keys(map, &loc, &["description", "docs", "deprecated", "interval", "properties"]);
        let description = self.req_string(&m, "description", &loc);
        let docs = self.opt_string(&m, "docs", &loc);
        let deprecated = self.opt_string(&m, "deprecated", &loc);
        let interval = m.get("interval").and_then(|v| {
            let iloc = loc.key("interval");
            let map = self.map(v, &iloc, "`interval`")?;
            let im = self.keys(map, &iloc, &["start", "end"]);
            let start = self.req_string(&im, "start", &iloc);
            let end = self.req_string(&im, "end", &iloc);
            Some(Located { value: (start?, end?), loc: iloc })
        });
        let properties = match m.get("properties") {
            Some(v) => self.properties(v, &loc.key("properties"), "properties"),
            None => {
                self.missing(&loc, "properties", "list the object's properties");
                Vec::new()
            }
        };
        Some(Object {
            name: Located { value: name.to_owned(), loc: loc.clone().at_key() },
            description: description.unwrap_or_default(),
            docs,
            deprecated,
            interval,
            properties,
        })
    }

    fn enumeration(&mut self, name: &str, v: &Value, loc: Location) -> Option<Enum> {
        let map = self.map(v, &loc, "an enum")?;
        let m = self.keys(map, &loc, &["description", "docs", "extensible", "values"]);
        let description = self.req_string(&m, "description", &loc);
        let docs = self.opt_string(&m, "docs", &loc);
        let extensible = self.opt_bool(&m, "extensible", &loc);
        let values = match m.get("values") {
            Some(v) => self.entries(v, &loc.key("values"), "values", |r, key, v, vloc| {
                let (description, deprecated) = match v {
                    Value::String(s) => (Some(s.clone()), None),
                    Value::Null => (None, None),
                    other => {
                        let map = r.map(other, &vloc, "an enum value")?;
                        let vm = r.keys(map, &vloc, &["description", "deprecated"]);
                        (r.opt_string(&vm, "description", &vloc), r.opt_string(&vm, "deprecated", &vloc))
                    }
                };
                Some(EnumValue { name: Located { value: key.to_owned(), loc: vloc.at_key() }, description, deprecated })
            }),
            None => {
                self.missing(&loc, "values", "list the enum's values");
                Vec::new()
            }
        };
        Some(Enum {
            name: Located { value: name.to_owned(), loc: loc.clone().at_key() },
            description: description.unwrap_or_default(),
            docs,
            extensible,
            values,
        })
    }

    fn envelope(&mut self, v: &Value, loc: &Location) -> Option<Envelope> {
        let map = self.map(v, loc, "`envelope`")?;
        let m = self.keys(map, loc, &["docs", "properties"]);
        let docs = self.req_string(&m, "docs", loc);
        let properties = match m.get("properties") {
            Some(v) => self.entries(v, &loc.key("properties"), "properties", |r, key, v, ploc| {
                let map = r.map(v, &ploc, "an envelope property")?;
                let pm = r.keys(map, &ploc, &["role", "description"]);
                let role = r.req_string(&pm, "role", &ploc);
                let description = r.req_string(&pm, "description", &ploc);
                Some(EnvelopeProperty {
                    name: Located { value: key.to_owned(), loc: ploc.clone().at_key() },
                    role: Located { value: role?, loc: ploc.key("role") },
                    description: description.unwrap_or_default(),
                })
            }),
            None => {
                self.missing(loc, "properties", "list the envelope's properties");
                Vec::new()
            }
        };
        Some(Envelope { docs: docs.unwrap_or_default(), properties, loc: loc.clone() })
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

/// serde_yaml appends "at line L column C"; the diagnostic shows it apart.
fn strip_position(message: &str) -> String {
    match message.find(" at line ") {
        Some(i) => message[..i].to_owned(),
        None => message.to_owned(),
    }
}

/// The allowed key nearest to a misspelt one, if any is near enough.
fn closest<'a>(key: &str, allowed: &[&'a str]) -> Option<&'a str> {
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

/// Finds the 1-based line and column of `loc` in `text`.
///
/// serde_yaml exposes positions only on errors, so this replays the document
/// and raises an error exactly at the node (or key) the path leads to.
pub fn locate(text: &str, loc: &Location) -> Option<(usize, usize)> {
    let probe = Probe { path: &loc.path, at_key: loc.at_key };
    match probe.deserialize(serde_yaml::Deserializer::from_str(text)) {
        Ok(()) => None,
        Err(err) => err.location().map(|l| (l.line(), l.column())),
    }
}

const HERE: &str = "located";

struct Probe<'p> {
    path: &'p [Seg],
    at_key: bool,
}

impl<'de> DeserializeSeed<'de> for Probe<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        if self.path.is_empty() { d.deserialize_any(Here) } else { d.deserialize_any(self) }
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
        while let Some(hit) = map.next_key_seed(KeyProbe { want, stop: stop_at_key })? {
            if hit {
                return map.next_value_seed(Probe { path: &self.path[1..], at_key: self.at_key });
            }
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
                return seq.next_element_seed(Probe { path: &self.path[1..], at_key: self.at_key }).map(drop);
            }
            if seq.next_element::<IgnoredAny>()?.is_none() {
                return Ok(());
            }
            i += 1;
        }
    }

    // Scalars cannot hold the rest of the path: the node does not exist.
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
        if hit && self.stop { Err(E::custom(HERE)) } else { Ok(hit) }
    }
    fn visit_bool<E>(self, _: bool) -> Result<bool, E> {
        Ok(false)
    }
    fn visit_i64<E>(self, _: i64) -> Result<bool, E> {
        Ok(false)
    }
    fn visit_u64<E>(self, _: u64) -> Result<bool, E> {
        Ok(false)
    }
    fn visit_f64<E>(self, _: f64) -> Result<bool, E> {
        Ok(false)
    }
    fn visit_unit<E>(self) -> Result<bool, E> {
        Ok(false)
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
        assert_eq!(locate(text, &loc.key("list").index(1).key("r").at_key()), Some((8, 5)));
        assert_eq!(locate(text, &loc.key("missing")), None);
    }

    #[test]
    fn suggests_near_keys() {
        assert_eq!(closest("max_item", PROPERTY_KEYS), Some("max_items"));
        assert_eq!(closest("maxLength", PROPERTY_KEYS), Some("max_length"));
        assert_eq!(closest("colour", PROPERTY_KEYS), None);
    }
}
