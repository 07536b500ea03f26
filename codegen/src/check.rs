//! Stage 2: judge the loaded spec as a whole.
//!
//! Finds everything that would make the output wrong or uncompilable:
//! references to undefined types, duplicates, names that collide once made
//! Rust names, contracts that do not fit their type, malformed operation
//! paths, and pagination or portfolio wiring that does not match the Mews
//! conventions. It reports all of them and builds the symbol table `lower`
//! uses; `lower` runs only when this found nothing.

use std::collections::BTreeMap;

use crate::diagnostic::{Diagnostic, Diagnostics, Location};
use crate::names;
use crate::spec::*;

/// What a type name refers to.
#[derive(Clone, Copy)]
pub enum Symbol<'s> {
    /// A named object, and the index of the file that defines it.
    Object(&'s Object, usize),
    /// A named enum, and the index of the file that defines it.
    Enum(&'s Enum, usize),
}

/// All named types, by spec name.
pub type Symbols<'s> = BTreeMap<&'s str, Symbol<'s>>;

/// The Rust module a spec file becomes.
pub fn module_name(file: &SpecFile) -> String {
    match &file.resource {
        Some(r) => names::snake(&r.name.value),
        None => {
            let stem = file.name.rsplit('/').next().unwrap_or(&file.name);
            let stem = stem.strip_suffix(".yaml").or_else(|| stem.strip_suffix(".yml")).unwrap_or(stem);
            names::snake(stem.trim_start_matches('_'))
        }
    }
}

/// The request struct's name for an operation path, e.g. `GetAllVoucherCodesRequest`.
pub fn request_name(path: &str) -> String {
    let mut parts = path.split('/');
    let resource = parts.next().unwrap_or_default();
    let action = parts.next().unwrap_or_default();
    let version: String = parts.next().unwrap_or_default().chars().filter(char::is_ascii_digit).collect();
    format!("{}{}{}Request", names::camel(action), names::camel(resource), version)
}

/// The method name for an operation path, e.g. `get_all` or `get_all_2023_06_06`.
pub fn method_name(path: &str) -> String {
    let mut parts = path.split('/').skip(1);
    let action = names::snake(parts.next().unwrap_or_default());
    match parts.next() {
        Some(version) => format!("{action}_{}", version.replace('-', "_")),
        None => action,
    }
}

/// Checks `files`; returns the symbol table when the spec is sound.
pub fn check<'s>(files: &'s [SpecFile], diags: &mut Diagnostics) -> Symbols<'s> {
    let mut c = Checker { diags, symbols: BTreeMap::new() };
    c.collect(files);
    for file in files {
        c.file(file);
    }
    c.envelope(files);
    c.symbols
}

struct Checker<'s, 'd> {
    diags: &'d mut Diagnostics,
    symbols: Symbols<'s>,
}

impl<'s> Checker<'s, '_> {
    fn error(&mut self, loc: &Location, message: impl Into<String>, help: Option<String>) {
        let mut d = Diagnostic::new(loc.clone(), message);
        d.help = help;
        self.diags.push(d);
    }

    /// Gathers the named types and reports duplicates and Rust-name clashes.
    fn collect(&mut self, files: &'s [SpecFile]) {
        let mut rust_names: BTreeMap<String, (String, Location)> = BTreeMap::new();
        let mut modules: BTreeMap<String, Location> = BTreeMap::new();
        for file in files {
            let module = module_name(file);
            let here = match &file.resource {
                Some(r) => r.name.loc.clone(),
                None => Location::new(&file.name, Vec::new()),
            };
            if let Some(first) = modules.get(&module) {
                let msg = format!("this file becomes module `{module}`, like `{}`", first.file);
                self.error(&here, msg, Some("each resource needs its own file; rename one of them".into()));
            } else {
                modules.insert(module, here);
            }
        }
        for (index, file) in files.iter().enumerate() {
            let mut claim = |c: &mut Self, name: &Located<String>, rust: String, what: &str| {
                if let Some((first, loc)) = rust_names.get(&rust) {
                    let line = loc.line_col.map(|(l, _)| format!(":{l}")).unwrap_or_default();
                    let msg = if *first == name.value {
                        format!("{what} `{}` is defined twice", name.value)
                    } else {
                        format!("{what} `{}` becomes the Rust name `{rust}`, already taken by `{first}`", name.value)
                    };
                    c.error(&name.loc, msg, Some(format!("the first definition is in {}{line} ({}); rename one", loc.file, loc.path_text())));
                } else {
                    rust_names.insert(rust, (name.value.clone(), name.loc.clone()));
                }
            };
            for object in &file.objects {
                claim(self, &object.name, object.name.value.clone(), "object");
                self.symbols.entry(&object.name.value).or_insert(Symbol::Object(object, index));
            }
            for e in &file.enums {
                claim(self, &e.name, e.name.value.clone(), "enum");
                self.symbols.entry(&e.name.value).or_insert(Symbol::Enum(e, index));
            }
            if let Some(resource) = &file.resource {
                claim(self, &resource.name, format!("{}Api", names::camel(&resource.name.value)), "resource");
                for op in &resource.operations {
                    claim(self, &op.path, request_name(&op.path.value), "operation");
                }
            }
        }
    }

    fn file(&mut self, file: &'s SpecFile) {
        for object in &file.objects {
            if !is_type_name(&object.name.value) {
                self.bad_type_name(&object.name);
            }
            self.properties(&object.properties, &format!("object `{}`", object.name.value));
            self.interval(object);
        }
        for e in &file.enums {
            if !is_type_name(&e.name.value) {
                self.bad_type_name(&e.name);
            }
            let mut seen: BTreeMap<String, &str> = BTreeMap::new();
            if e.values.is_empty() {
                self.error(&e.name.loc, format!("enum `{}` has no values", e.name.value), Some("list at least one value under `values`".into()));
            }
            for value in &e.values {
                let rust = variant_name(&value.name.value);
                if rust.is_empty() || rust == "Unknown" {
                    let msg = format!("enum value `{}` cannot be a Rust variant", value.name.value);
                    self.error(&value.name.loc, msg, Some("`Unknown` is reserved for values the spec does not list; values need a letter or digit".into()));
                } else if let Some(first) = seen.get(&rust) {
                    let msg = format!("enum values `{first}` and `{}` both become the variant `{rust}`", value.name.value);
                    self.error(&value.name.loc, msg, None);
                } else {
                    seen.insert(rust, &value.name.value);
                }
            }
        }
        if let Some(resource) = &file.resource {
            self.resource(resource);
        }
    }

    fn bad_type_name(&mut self, name: &Located<String>) {
        let msg = format!("`{}` is not usable as a type name", name.value);
        self.error(&name.loc, msg, Some(format!("use UpperCamelCase letters and digits, e.g. `{}`", names::camel(&name.value))));
    }

    fn resource(&mut self, resource: &'s Resource) {
        let name = &resource.name.value;
        if !is_lower_camel(name) {
            let msg = format!("resource `{name}` does not have the shape of a Mews URL segment");
            self.error(&resource.name.loc, msg, Some("use the lowerCamelCase segment from the URL, e.g. `voucherCodes`".into()));
        }
        if resource.operations.is_empty() {
            self.error(&resource.name.loc, format!("resource `{name}` has no operations"), None);
        }
        let mut methods: BTreeMap<String, &str> = BTreeMap::new();
        for op in &resource.operations {
            let path = &op.path.value;
            let parts: Vec<&str> = path.split('/').collect();
            let shape_ok = matches!(parts.len(), 2 | 3)
                && is_lower_camel(parts[0])
                && is_lower_camel(parts[1])
                && parts.get(2).is_none_or(|v| is_date(v));
            if !shape_ok {
                let msg = format!("operation path `{path}` does not have the Mews shape");
                self.error(&op.path.loc, msg, Some("write `resource/action` or `resource/action/YYYY-MM-DD`, e.g. `voucherCodes/getAll`".into()));
                continue;
            }
            if parts[0] != name {
                let msg = format!("operation `{path}` is not under resource `{name}`");
                self.error(&op.path.loc, msg, Some(format!("move it to the file of `{}`, or fix the path", parts[0])));
            }
            let method = method_name(path);
            if let Some(first) = methods.get(&method) {
                let msg = format!("operations `{first}` and `{path}` both become the method `{method}`");
                self.error(&op.path.loc, msg, None);
            } else {
                methods.insert(method, path);
            }
            self.properties(&op.request, &format!("the request of `{path}`"));
            self.operation(op);
        }
    }

    fn operation(&mut self, op: &'s Operation) {
        let path = &op.path.value;
        let response = match &op.response.value {
            Response::Empty => None,
            Response::Object(name) => match self.symbols.get(name.as_str()) {
                Some(Symbol::Object(o, _)) => Some(*o),
                Some(Symbol::Enum(..)) => {
                    self.error(&op.response.loc, format!("the response `{name}` is an enum"), Some("a response must be an object or `empty`".into()));
                    None
                }
                None => {
                    self.undefined(name, &op.response.loc);
                    None
                }
            },
        };
        if let Some(p) = &op.pagination {
            match find(&op.request, "Limitation") {
                Some(prop) if self.is_limitation(&prop.ty.value) && prop.required => {}
                _ => self.error(&p.loc, format!("paginated operation `{path}` lacks a required `Limitation` request property"), Some("add `Limitation: { type: Limitation, required: true, ... }` to `request`".into())),
            }
            if let Some(resp) = response {
                match find(&resp.properties, "Cursor") {
                    Some(prop) if prop.ty.value == TypeExpr::Uuid && !prop.required => {}
                    _ => self.error(&op.response.loc, format!("the response of paginated `{path}` lacks an optional `Cursor: uuid`"), None),
                }
                match find(&resp.properties, &p.items.value) {
                    Some(prop) if matches!(prop.ty.value, TypeExpr::List(_)) => {}
                    Some(_) => self.error(&p.items.loc, format!("`{}` is not a list", p.items.value), Some("`items` names the response list that pages".into())),
                    None => self.error(&p.items.loc, format!("the response `{}` has no property `{}`", resp.name.value, p.items.value), None),
                }
            } else if op.response.value == Response::Empty {
                self.error(&p.loc, format!("paginated operation `{path}` has an empty response"), None);
            }
        }
        if let Some(portfolio) = &op.portfolio {
            let (name, ty) = match portfolio.value {
                Portfolio::Read => ("EnterpriseIds", TypeExpr::List(Box::new(TypeExpr::Uuid))),
                Portfolio::Write => ("EnterpriseId", TypeExpr::Uuid),
            };
            match find(&op.request, name) {
                Some(prop) if prop.ty.value == ty && !prop.required => {}
                _ => {
                    let msg = format!("operation `{path}` takes portfolio tokens but lacks an optional `{name}` request property of type `{}`", type_text(&ty));
                    self.error(&portfolio.loc, msg, None);
                }
            }
        }
    }

    fn is_limitation(&self, ty: &TypeExpr) -> bool {
        let TypeExpr::Named(name) = ty else { return false };
        let Some(Symbol::Object(o, _)) = self.symbols.get(name.as_str()) else { return false };
        matches!(find(&o.properties, "Count"), Some(p) if p.ty.value == TypeExpr::Integer && p.required)
            && matches!(find(&o.properties, "Cursor"), Some(p) if p.ty.value == TypeExpr::Uuid && !p.required)
    }

    fn undefined(&mut self, name: &str, loc: &Location) {
        let near = self
            .symbols
            .keys()
            .find(|k| k.eq_ignore_ascii_case(name) || k.contains(name) || name.contains(*k))
            .map(|k| format!("did you mean `{k}`?"))
            .unwrap_or_else(|| "define it under `objects` or `enums` in any spec file".into());
        self.error(loc, format!("type `{name}` is not defined"), Some(near));
    }

    fn properties(&mut self, props: &'s [Property], owner: &str) {
        let mut rust: BTreeMap<String, &str> = BTreeMap::new();
        for prop in props {
            let name = &prop.name.value;
            let field = names::snake(name);
            if field.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
                let msg = format!("property `{name}` of {owner} cannot become a Rust field");
                self.error(&prop.name.loc, msg, Some("property names are JSON names such as `VoucherIds`: letters, digits and `_`".into()));
            } else if let Some(first) = rust.get(&field) {
                let msg = format!("properties `{first}` and `{name}` of {owner} both become the field `{field}`");
                self.error(&prop.name.loc, msg, None);
            } else {
                rust.insert(field, name);
            }
            self.type_ref(&prop.ty);
            self.contracts(prop);
            if prop.tolerate_absent.is_some() && !prop.required {
                self.error(&prop.name.loc, format!("`tolerate_absent` on `{name}`, which is not required"), Some("remove `tolerate_absent`: an optional property may be absent anyway".into()));
            }
            if matches!(prop.ty.value, TypeExpr::Update(_)) && prop.required {
                self.error(&prop.name.loc, format!("update value `{name}` is required"), Some("an `update<T>` is left out to keep the stored value, so it cannot be required".into()));
            }
        }
    }

    fn type_ref(&mut self, ty: &Located<TypeExpr>) {
        let mut t = &ty.value;
        loop {
            match t {
                TypeExpr::List(inner) | TypeExpr::Map(inner) => t = inner,
                TypeExpr::Update(inner) => {
                    if matches!(**inner, TypeExpr::Update(_)) {
                        self.error(&ty.loc, "an update value cannot wrap another update value", None);
                    }
                    t = inner;
                }
                TypeExpr::Named(name) => {
                    if !self.symbols.contains_key(name.as_str()) {
                        self.undefined(name, &ty.loc);
                    }
                    return;
                }
                _ => return,
            }
        }
    }

    fn contracts(&mut self, prop: &Property) {
        let c = &prop.contracts;
        let ty = prop.ty.value.unwrap_update();
        let name = &prop.name.value;
        let shown = type_text(&prop.ty.value);
        let is_list = matches!(ty, TypeExpr::List(_));
        let is_string = *ty == TypeExpr::String;
        let is_number = matches!(ty, TypeExpr::Integer | TypeExpr::Int64 | TypeExpr::Number);
        let is_interval = match ty {
            TypeExpr::Named(n) => matches!(self.symbols.get(n.as_str()), Some(Symbol::Object(o, _)) if o.interval.is_some()),
            _ => false,
        };
        let fits: [(&str, bool, Option<&Location>, &str); 7] = [
            ("min_items", is_list, c.min_items.as_ref().map(|l| &l.loc), "lists"),
            ("max_items", is_list, c.max_items.as_ref().map(|l| &l.loc), "lists"),
            ("min_length", is_string, c.min_length.as_ref().map(|l| &l.loc), "strings"),
            ("max_length", is_string, c.max_length.as_ref().map(|l| &l.loc), "strings"),
            ("minimum", is_number, c.minimum.as_ref().map(|l| &l.loc), "integers and numbers"),
            ("maximum", is_number, c.maximum.as_ref().map(|l| &l.loc), "integers and numbers"),
            ("max_interval_months", is_interval, c.max_interval_months.as_ref().map(|l| &l.loc), "interval objects"),
        ];
        for (key, ok, loc, applies) in fits {
            if let (false, Some(loc)) = (ok, loc) {
                let msg = format!("`{key}` does not apply to `{name}` of type `{shown}`");
                self.error(&loc.clone().at_key(), msg, Some(format!("`{key}` applies to {applies} only")));
            }
        }
        let pairs = [
            ("min_items", c.min_items.as_ref().map(|l| l.value as f64), "max_items", c.max_items.as_ref().map(|l| (l.value as f64, &l.loc))),
            ("min_length", c.min_length.as_ref().map(|l| l.value as f64), "max_length", c.max_length.as_ref().map(|l| (l.value as f64, &l.loc))),
            ("minimum", c.minimum.as_ref().map(|l| l.value), "maximum", c.maximum.as_ref().map(|l| (l.value, &l.loc))),
        ];
        for (lo_key, lo, hi_key, hi) in pairs {
            if let (Some(lo), Some((hi, loc))) = (lo, hi)
                && lo > hi
            {
                let msg = format!("`{lo_key}` ({lo}) is above `{hi_key}` ({hi}) on `{name}`");
                self.error(loc, msg, Some("no value could satisfy both; swap or fix them".into()));
            }
        }
        if let Some(m) = &c.max_interval_months
            && m.value == 0
        {
            self.error(&m.loc, format!("`max_interval_months` of `{name}` is 0"), Some("use at least 1".into()));
        }
    }

    fn interval(&mut self, object: &Object) {
        let Some(interval) = &object.interval else { return };
        let (start, end) = &interval.value;
        let mut kinds = Vec::new();
        for field in [start, end] {
            match find(&object.properties, field) {
                Some(p) if matches!(p.ty.value, TypeExpr::DateTime | TypeExpr::Date) && p.required => kinds.push(p.ty.value.clone()),
                Some(_) => self.error(&interval.loc, format!("interval field `{field}` must be a required `date-time` or `date`"), None),
                None => self.error(&interval.loc, format!("object `{}` has no property `{field}`", object.name.value), None),
            }
        }
        if kinds.len() == 2 && kinds[0] != kinds[1] {
            self.error(&interval.loc, format!("the start and end of interval `{}` have different types", object.name.value), None);
        }
    }

    fn envelope(&mut self, files: &[SpecFile]) {
        let envelopes: Vec<&Envelope> = files.iter().filter_map(|f| f.envelope.as_ref()).collect();
        match envelopes.as_slice() {
            [] => {
                if let Some(first) = files.first() {
                    let loc = Location::new(&first.name, Vec::new());
                    self.error(&loc, "no file defines the request `envelope`", Some("define it once, in the shared file (see spec/README.md)".into()));
                }
            }
            [envelope] => {
                let mut seen = Vec::new();
                for p in &envelope.properties {
                    let role = p.role.value.as_str();
                    if !ROLES.contains(&role) {
                        let msg = format!("unknown envelope role `{role}`");
                        self.error(&p.role.loc, msg, Some(format!("expected one of: {}", ROLES.join(", "))));
                    } else if seen.contains(&role) {
                        self.error(&p.role.loc, format!("envelope role `{role}` is given twice"), None);
                    } else {
                        seen.push(role);
                    }
                }
                let missing: Vec<&str> = ROLES.iter().copied().filter(|r| !seen.contains(r)).collect();
                if !missing.is_empty() {
                    self.error(&envelope.loc, format!("the envelope lacks the roles {}", missing.join(", ")), None);
                }
            }
            [_, rest @ ..] => {
                for e in rest {
                    self.error(&e.loc, "the request `envelope` is defined more than once", Some("keep a single definition".into()));
                }
            }
        }
    }
}

/// The envelope roles the client fills in.
pub const ROLES: &[&str] = &["client_token", "access_token", "client", "language_code", "culture_code"];

/// The Rust variant for an enum value, e.g. `PartnerCompany`, `Value1`.
pub fn variant_name(value: &str) -> String {
    let camel = names::camel(value);
    if camel.starts_with(|c: char| c.is_ascii_digit()) { format!("Value{camel}") } else { camel }
}

fn find<'p>(props: &'p [Property], name: &str) -> Option<&'p Property> {
    props.iter().find(|p| p.name.value == name)
}

fn is_type_name(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_uppercase()) && name.chars().all(|c| c.is_ascii_alphanumeric())
}

fn is_lower_camel(s: &str) -> bool {
    s.starts_with(|c: char| c.is_ascii_lowercase()) && s.chars().all(|c| c.is_ascii_alphanumeric())
}

fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b.iter().enumerate().all(|(i, c)| if i == 4 || i == 7 { *c == b'-' } else { c.is_ascii_digit() })
}

/// The type as the spec writes it, for messages.
pub fn type_text(ty: &TypeExpr) -> String {
    match ty {
        TypeExpr::String => "string".into(),
        TypeExpr::Boolean => "boolean".into(),
        TypeExpr::Integer => "integer".into(),
        TypeExpr::Int64 => "int64".into(),
        TypeExpr::Number => "number".into(),
        TypeExpr::Uuid => "uuid".into(),
        TypeExpr::DateTime => "date-time".into(),
        TypeExpr::Date => "date".into(),
        TypeExpr::Json => "json".into(),
        TypeExpr::List(t) => format!("list<{}>", type_text(t)),
        TypeExpr::Map(t) => format!("map<{}>", type_text(t)),
        TypeExpr::Update(t) => format!("update<{}>", type_text(t)),
        TypeExpr::Named(n) => n.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn derived_names() {
        assert_eq!(request_name("voucherCodes/getAll"), "GetAllVoucherCodesRequest");
        assert_eq!(request_name("reservations/getAll/2023-06-06"), "GetAllReservations20230606Request");
        assert_eq!(method_name("reservations/getAll/2023-06-06"), "get_all_2023_06_06");
        assert_eq!(variant_name("PartnerCompany"), "PartnerCompany");
        assert_eq!(variant_name("3DSecure"), "Value3DSecure");
        assert!(is_date("2023-06-06"));
        assert!(!is_date("2023-6-06"));
    }
}
