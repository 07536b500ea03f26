//! Stage 2: judge the loaded spec as a whole.
//!
//! Finds everything that would make the output wrong or uncompilable:
//! references to undefined types, duplicates, names that collide once made
//! Rust names, contracts that do not fit their type, malformed operation
//! paths, and pagination or portfolio wiring that does not match the Mews
//! conventions. It reports all of them and builds the symbol table `lower`
//! uses; `lower` runs only when this found nothing.

mod quirks;

use std::collections::{BTreeMap, BTreeSet};

use crate::diagnostic::{Diagnostic, Diagnostics, Location};
use crate::names;
use crate::scalar::{self, ScalarContracts};
use crate::spec::*;

mod unions;

/// What a type name refers to.
#[derive(Clone, Copy)]
pub enum Symbol<'s> {
    /// A named object, and the index of the file that defines it.
    Object(&'s Object, usize),
    /// A named enum, and the index of the file that defines it.
    Enum(&'s Enum, usize),
    /// A named union, and the index of the file that defines it.
    Union(&'s Union, usize),
}

/// All named types, by spec name.
pub type Symbols<'s> = BTreeMap<&'s str, Symbol<'s>>;

/// Checks `files`; returns the symbol table when the spec is sound.
///
/// What `load` could not read is marked in `diags`; the checks that could
/// only fail because of it stay quiet, so each mistake is reported once.
pub fn check<'s>(files: &'s [SpecFile], diags: &mut Diagnostics) -> Symbols<'s> {
    let mut c = Checker {
        diags,
        symbols: BTreeMap::new(),
        sent: BTreeSet::new(),
        received: BTreeSet::new(),
        rust_names: BTreeMap::new(),
    };
    c.collect(files);
    c.sent = reachable(files, &c.symbols, Side::Sent);
    c.received = reachable(files, &c.symbols, Side::Received);
    c.claim_hidden_traits(files);
    for file in files {
        c.file(file);
    }
    c.envelope(files);
    c.containment_cycles();
    c.symbols
}

/// The runtime's modules at the crate root, beside the generated ones
/// (`generated-client/src/lib.rs`): a generated module must not take their names.
pub const RUNTIME_MODULES: &[&str] = &[
    "builder",
    "client",
    "config",
    "contract",
    "error",
    "generated",
    "operation",
    "paginate",
    "rate_limit",
    "retry",
    "scalar",
    "string_enum",
    "union",
    "update",
];

/// The runtime's own methods on `Client` (`generated-client/src/client.rs`):
/// a resource accessor must not take their names.
pub const CLIENT_METHODS: &[&str] = &[
    "attempt",
    "attempts",
    "builder",
    "credentials",
    "decode",
    "environment",
    "execute",
    "is_portfolio",
    "items",
    "locale",
    "new",
    "pages",
    "prepare",
    "rate_limiter",
    "retry_policy",
    "send",
    "send_unchecked",
    "start",
];

/// Type names the generated code itself uses unqualified (or that Rust
/// reserves): a spec type of that name would shadow them.
const RESERVED_TYPES: &[&str] = &[
    "Self",
    "Option",
    "Some",
    "None",
    "Result",
    "Ok",
    "Err",
    "String",
    "Vec",
    "Box",
    "From",
    "Into",
    "IntoIterator",
    "Envelope",
    names::ALIASES_WIRE,
];

/// Module names Rust itself reserves, or that the generated folder uses.
const RESERVED_MODULES: &[&str] = &["mod", "self", "super", "crate"];

/// Which side of an operation an object can travel on.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// In a request.
    Sent,
    /// In a response.
    Received,
}

/// The named objects and unions reachable from the operations' requests or
/// responses (through properties and union variants).
pub fn reachable<'s>(
    files: &'s [SpecFile],
    symbols: &Symbols<'s>,
    side: Side,
) -> BTreeSet<&'s str> {
    let operations = files
        .iter()
        .filter_map(|f| f.resource.as_ref())
        .flat_map(|r| &r.operations);
    let mut todo: Vec<&str> = Vec::new();
    for op in operations {
        match side {
            Side::Sent => todo.extend(
                op.request
                    .iter()
                    .chain(op.parameter_sets.iter().flat_map(|set| &set.properties))
                    .filter_map(|p| named(&p.ty.value)),
            ),
            Side::Received => {
                if let Response::Object(name) = &op.response.value {
                    todo.push(name);
                }
            }
        }
    }
    let mut seen = BTreeSet::new();
    while let Some(name) = todo.pop() {
        match symbols.get_key_value(name) {
            Some((key, Symbol::Object(object, _))) if seen.insert(*key) => {
                todo.extend(object.properties.iter().filter_map(|p| named(&p.ty.value)));
            }
            Some((key, Symbol::Union(union, _))) if seen.insert(*key) => {
                todo.extend(
                    union
                        .variants
                        .iter()
                        .filter_map(|v| named(&v.ty.as_ref()?.value)),
                );
            }
            _ => {}
        }
    }
    seen
}

fn named(ty: &TypeExpr) -> Option<&str> {
    match ty.leaf() {
        TypeExpr::Named(name) => Some(name),
        _ => None,
    }
}

/// What looking a property up by its JSON name found.
enum Lookup<'p> {
    /// The property, loaded whole.
    Found(&'p Property),
    /// No such property.
    Absent,
    /// Cannot tell: `load` left the property, or part of it, out.
    Unsure,
}

/// Who first took a Rust name: its spec name, what it is, and where.
struct Claim {
    name: String,
    what: &'static str,
    role: Role,
    loc: Location,
}

/// Which of a definition's Rust names a claim is.
#[derive(Clone, PartialEq)]
enum Role {
    /// The definition's own type (or its accessor type).
    Itself,
    /// The builder of the definition.
    Builder,
    /// The hidden trait of the builder that says the required property (its
    /// JSON name) is set.
    IsSet(String),
}

impl Role {
    /// How a message names the claim of `what` `name` in this role.
    fn subject(&self, what: &str, name: &str) -> String {
        match self {
            Role::Itself => format!("{what} `{name}`"),
            Role::Builder => format!("the builder of {what} `{name}`"),
            Role::IsSet(property) => {
                format!("the builder's hidden trait for `{property}` of {what} `{name}`")
            }
        }
    }
}

struct Checker<'s, 'd> {
    diags: &'d mut Diagnostics,
    symbols: Symbols<'s>,
    sent: BTreeSet<&'s str>,
    received: BTreeSet<&'s str>,
    /// Every Rust type and trait name taken so far, global like spec names.
    rust_names: BTreeMap<String, Claim>,
}

impl<'s> Checker<'s, '_> {
    fn error(&mut self, loc: &Location, message: impl Into<String>, help: Option<String>) {
        let mut d = Diagnostic::new(loc.clone(), message);
        d.help = help;
        self.diags.push(d);
    }

    /// Like `error`, pointing also at the other place involved.
    fn error_with(
        &mut self,
        loc: &Location,
        message: impl Into<String>,
        related: (&str, &Location),
        help: Option<String>,
    ) {
        let mut d = Diagnostic::new(loc.clone(), message).related(related.0, related.1.clone());
        d.help = help;
        self.diags.push(d);
    }

    /// Whether `load` left out anything at or under `loc`.
    fn incomplete(&self, loc: &Location) -> bool {
        self.diags.dropped_under(&loc.file, &loc.path)
    }

    /// Gathers the named types and reports duplicates and Rust-name clashes.
    fn collect(&mut self, files: &'s [SpecFile]) {
        // Each module's first file: where, and whether it is a resource's.
        let mut modules: BTreeMap<String, (Location, bool)> = BTreeMap::new();
        // The files of a resource that another file also describes.
        let mut repeated_resources: BTreeSet<&str> = BTreeSet::new();
        for file in files {
            let module = names::module_name(file);
            let here = match &file.resource {
                Some(r) => r.name.loc.clone(),
                None => Location::new(&file.name, Vec::new()),
            };
            let what = match &file.resource {
                Some(r) => format!("resource `{}`", r.name.value),
                None => format!("file `{}`", file.name),
            };
            let fix = if file.resource.is_some() {
                "rename the resource"
            } else {
                "rename the file"
            };
            if !module.starts_with(|c: char| c.is_ascii_lowercase())
                || !module
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
            {
                let msg =
                    format!("{what} does not make a Rust module name (it becomes `{module}`)");
                self.error(
                    &here,
                    msg,
                    Some(format!(
                        "{fix}: spec files are named in snake_case, e.g. `voucher_codes.yaml`"
                    )),
                );
                continue;
            }
            if RESERVED_MODULES.contains(&module.as_str())
                || RUNTIME_MODULES.contains(&module.as_str())
            {
                let msg =
                    format!("{what} becomes the module `{module}`, a name the client already uses");
                self.error(
                    &here,
                    msg,
                    Some(format!(
                        "{fix}; taken are {}",
                        [RESERVED_MODULES, RUNTIME_MODULES].concat().join(", ")
                    )),
                );
                continue;
            }
            if file.resource.is_some() && CLIENT_METHODS.contains(&module.as_str()) {
                let msg = format!(
                    "{what} becomes the method `Client::{module}`, which the client already has"
                );
                self.error(
                    &here,
                    msg,
                    Some(format!("{fix}; taken are {}", CLIENT_METHODS.join(", "))),
                );
                continue;
            }
            if let Some((first, first_is_resource)) = modules.get(&module) {
                if *first_is_resource && file.resource.is_some() {
                    repeated_resources.insert(&file.name);
                }
                let msg = format!(
                    "{what} becomes the module `{module}`, as does `{}`",
                    first.file
                );
                let first = first.clone();
                self.error_with(
                    &here,
                    msg,
                    ("the other file", &first),
                    Some("each resource needs its own file; rename one of them".into()),
                );
            } else {
                modules.insert(module, (here, file.resource.is_some()));
            }
        }
        let mut rust_names = std::mem::take(&mut self.rust_names);
        for (index, file) in files.iter().enumerate() {
            for object in &file.objects {
                // Every object keeps its builder's name free, sent or not yet:
                // a request that starts to use it must not break the spec.
                if let Some(first) = self.symbols.get(object.name.value.as_str()).copied() {
                    let this = (&object.name, object.docs.as_deref(), file);
                    self.defined_twice("object", this, first, &files[first.file()]);
                } else if self.claim(
                    &mut rust_names,
                    &object.name.value,
                    &object.name.loc,
                    object.name.value.clone(),
                    "object",
                    Role::Itself,
                ) {
                    self.claim(
                        &mut rust_names,
                        &object.name.value,
                        &object.name.loc,
                        names::builder_name(&object.name.value),
                        "object",
                        Role::Builder,
                    );
                }
                self.symbols
                    .entry(&object.name.value)
                    .or_insert(Symbol::Object(object, index));
            }
            for e in &file.enums {
                if let Some(first) = self.symbols.get(e.name.value.as_str()).copied() {
                    let this = (&e.name, e.docs.as_deref(), file);
                    self.defined_twice("enum", this, first, &files[first.file()]);
                } else {
                    self.claim(
                        &mut rust_names,
                        &e.name.value,
                        &e.name.loc,
                        e.name.value.clone(),
                        "enum",
                        Role::Itself,
                    );
                }
                self.symbols
                    .entry(&e.name.value)
                    .or_insert(Symbol::Enum(e, index));
            }
            for u in &file.unions {
                if let Some(first) = self.symbols.get(u.name.value.as_str()).copied() {
                    let this = (&u.name, u.docs.as_deref(), file);
                    self.defined_twice("union", this, first, &files[first.file()]);
                } else {
                    self.claim(
                        &mut rust_names,
                        &u.name.value,
                        &u.name.loc,
                        u.name.value.clone(),
                        "union",
                        Role::Itself,
                    );
                }
                self.symbols
                    .entry(&u.name.value)
                    .or_insert(Symbol::Union(u, index));
            }
            if let Some(resource) = &file.resource {
                // Two files of one resource are reported as a module clash already.
                if !repeated_resources.contains(file.name.as_str()) {
                    let api = names::api_name(&resource.name.value);
                    self.claim(
                        &mut rust_names,
                        &resource.name.value,
                        &resource.name.loc,
                        api,
                        "resource",
                        Role::Itself,
                    );
                    // Taken even in the client, where it is unused, so that a
                    // spec file keeps its meaning when generated as an overlay.
                    let ext = names::client_extension(&resource.name.value);
                    self.claim(
                        &mut rust_names,
                        &resource.name.value,
                        &resource.name.loc,
                        ext,
                        "resource",
                        Role::Itself,
                    );
                }
                // A malformed path is reported by `resource`; its names mean nothing.
                for op in resource
                    .operations
                    .iter()
                    .filter(|op| path_shape_ok(&op.path.value))
                {
                    let request = names::request_name(&op.path.value);
                    if self.claim(
                        &mut rust_names,
                        &op.path.value,
                        &op.path.loc,
                        request.clone(),
                        "operation",
                        Role::Itself,
                    ) {
                        self.claim(
                            &mut rust_names,
                            &op.path.value,
                            &op.path.loc,
                            names::builder_name(&request),
                            "operation",
                            Role::Builder,
                        );
                        self.claim_parameter_sets(&mut rust_names, op, &request);
                    }
                }
            }
        }
        self.rust_names = rust_names;
    }

    /// Takes the names of the hidden traits of the builders of sent structs
    /// (`{Type}{Field}IsSet`), one per required property, and of a request's
    /// parameter set: they live beside the builders, as global as any type
    /// name, so a spec name or another trait that takes one is reported here
    /// rather than by rustc.
    fn claim_hidden_traits(&mut self, files: &'s [SpecFile]) {
        let mut rust_names = std::mem::take(&mut self.rust_names);
        for file in files {
            for object in &file.objects {
                // Only the first definition of a name is generated.
                let first = matches!(
                    self.symbols.get(object.name.value.as_str()),
                    Some(Symbol::Object(o, _)) if std::ptr::eq(*o, object)
                );
                if first && self.sent.contains(object.name.value.as_str()) {
                    let owner = (object.name.value.as_str(), "object");
                    self.claim_is_set(
                        &mut rust_names,
                        owner,
                        &object.name.value,
                        &object.properties,
                    );
                }
            }
            let operations = file.resource.iter().flat_map(|r| &r.operations);
            for op in operations.filter(|op| path_shape_ok(&op.path.value)) {
                let path = &op.path.value;
                let request = names::request_name(path);
                let owner = (path.as_str(), "operation");
                self.claim_is_set(&mut rust_names, owner, &request, &op.request);
                if !op.parameter_sets.is_empty() {
                    let rust = names::is_set_trait(&request, names::PARAMETER_SET_FIELD);
                    let role = Role::IsSet("a parameter set".to_owned());
                    self.claim(&mut rust_names, path, &op.path.loc, rust, "operation", role);
                }
                for set in &op.parameter_sets {
                    let rust = names::parameter_set_struct(path, &set.name.value);
                    let owner = (set.name.value.as_str(), "parameter set");
                    self.claim_is_set(&mut rust_names, owner, &rust, &set.properties);
                }
            }
        }
        self.rust_names = rust_names;
    }

    /// Takes the hidden trait names of the required `props` of the struct
    /// `rust`, made for `owner` (its spec name and what it is).
    fn claim_is_set(
        &mut self,
        rust_names: &mut BTreeMap<String, Claim>,
        owner: (&str, &'static str),
        rust: &str,
        props: &[Property],
    ) {
        for prop in props.iter().filter(|p| p.required) {
            let field = names::field_name(&prop.name.value);
            let role = Role::IsSet(prop.name.value.clone());
            let trait_name = names::is_set_trait(rust, &field);
            self.claim(
                rust_names,
                owner.0,
                &prop.name.loc,
                trait_name,
                owner.1,
                role,
            );
        }
    }

    /// Takes the Rust names of an operation's parameter sets: the enum, the
    /// private wire struct, and each set's struct and builder.
    fn claim_parameter_sets(
        &mut self,
        rust_names: &mut BTreeMap<String, Claim>,
        op: &Operation,
        request: &str,
    ) {
        if !op.parameter_sets.is_empty() {
            let path = &op.path.value;
            for rust in [names::parameter_set_enum(path), names::wire_name(request)] {
                self.claim(
                    rust_names,
                    &op.path.value,
                    &op.path.loc,
                    rust,
                    "operation",
                    Role::Itself,
                );
            }
            for set in &op.parameter_sets {
                let rust = names::parameter_set_struct(path, &set.name.value);
                if self.claim(
                    rust_names,
                    &set.name.value,
                    &set.name.loc,
                    rust.clone(),
                    "parameter set",
                    Role::Itself,
                ) {
                    self.claim(
                        rust_names,
                        &set.name.value,
                        &set.name.loc,
                        names::builder_name(&rust),
                        "parameter set",
                        Role::Builder,
                    );
                }
            }
        }
    }

    /// Takes the Rust type name `rust` for `name` (written at `loc`), a
    /// `what`, in `role`; reports who had it first, if anyone. Returns
    /// whether it was free.
    fn claim(
        &mut self,
        names: &mut BTreeMap<String, Claim>,
        name: &str,
        loc: &Location,
        rust: String,
        what: &'static str,
        role: Role,
    ) -> bool {
        let Some(first) = names.get(&rust) else {
            names.insert(
                rust,
                Claim {
                    name: name.to_owned(),
                    what,
                    role,
                    loc: loc.clone(),
                },
            );
            return true;
        };
        let msg = if first.name == name && first.role == Role::Itself && role == Role::Itself {
            if first.what == what {
                format!("{what} `{name}` is defined twice")
            } else {
                format!(
                    "`{name}` is defined twice: as {} {} and as {} {what}",
                    article(first.what),
                    first.what,
                    article(what)
                )
            }
        } else {
            let subject = role.subject(what, name);
            let holder = first.role.subject(first.what, &first.name);
            format!("{subject} becomes the Rust name `{rust}`, already taken by {holder}")
        };
        let hidden = matches!(first.role, Role::IsSet(_)) || matches!(role, Role::IsSet(_));
        let first = first.loc.clone();
        let help = match what {
            _ if hidden => {
                "rename the object, enum or union involved (their names are not sent to Mews): a hidden trait is named after its type and property"
            }
            "object" | "enum" | "union" => {
                "rename or remove one of them: the names of objects, enums and unions are not sent to Mews"
            }
            _ => "rename or remove one of them",
        };
        self.error_with(loc, msg, ("first defined", &first), Some(help.into()));
        false
    }

    /// Objects that contain themselves other than through a list or map
    /// (directly, or through the variants of a union) would be types of
    /// infinite size: report each such cycle once, at the property of its
    /// first object (by name) that starts it.
    fn containment_cycles(&mut self) {
        // Each step of a route: where it was written, what it is called
        // (a property, or a union's variant), and the type it leads to.
        type Step<'s> = (&'s Location, &'s str, &'s str);
        let symbols = &self.symbols;
        let direct = |name: &str| -> Vec<Step<'s>> {
            match symbols.get(name) {
                Some(Symbol::Object(object, _)) => object
                    .properties
                    .iter()
                    .filter_map(|p| match p.ty.value.unwrap_update() {
                        TypeExpr::Named(to) => {
                            Some((&p.name.loc, p.name.value.as_str(), to.as_str()))
                        }
                        _ => None,
                    })
                    .collect(),
                Some(Symbol::Union(union, _)) => union
                    .variants
                    .iter()
                    .filter_map(|v| match &v.ty.as_ref()?.value {
                        TypeExpr::Named(to) => {
                            Some((&v.name.loc, v.name.value.as_str(), to.as_str()))
                        }
                        _ => None,
                    })
                    .collect(),
                _ => Vec::new(),
            }
        };
        let objects: Vec<&'s str> = self
            .symbols
            .iter()
            .filter(|(_, symbol)| matches!(symbol, Symbol::Object(..)))
            .map(|(name, _)| *name)
            .collect();
        let mut found: Vec<(String, Location)> = Vec::new();
        let mut reported: BTreeSet<Vec<&str>> = BTreeSet::new();
        for start in objects {
            // Depth-first search for a way back to `start`, keeping the path.
            let mut stack: Vec<(Vec<Step<'s>>, &'s str)> = vec![(Vec::new(), start)];
            let mut seen: BTreeSet<&str> = BTreeSet::new();
            while let Some((path, current)) = stack.pop() {
                for step in direct(current) {
                    let target = step.2;
                    let mut path = path.clone();
                    path.push(step);
                    if target == start {
                        let mut members: Vec<&str> = path.iter().map(|(_, _, t)| *t).collect();
                        members.sort_unstable();
                        if reported.insert(members) {
                            let route: Vec<String> = std::iter::once(start.to_owned())
                                .chain(path.iter().map(|(_, label, t)| format!("{label} ({t})")))
                                .collect();
                            let msg =
                                format!("object `{start}` contains itself: {}", route.join(" -> "));
                            found.push((msg, path[0].0.clone()));
                        }
                    } else if seen.insert(target) {
                        stack.push((path, target));
                    }
                }
            }
        }
        for (msg, loc) in found {
            self.error(
                &loc,
                msg,
                Some("a type cannot hold itself directly; make one of these properties a `list<...>`".into()),
            );
        }
    }

    fn file(&mut self, file: &'s SpecFile) {
        for object in &file.objects {
            self.type_name(&object.name);
            let sent = self.sent.contains(object.name.value.as_str());
            let received = self.received.contains(object.name.value.as_str());
            let owner = format!("object `{}`", object.name.value);
            self.properties(&object.properties, &owner, sent);
            self.quirks(&object.properties, &owner, sent, received);
            self.interval(object);
        }
        for e in &file.enums {
            self.type_name(&e.name);
            if e.values.is_empty() && !self.incomplete(&e.name.loc) {
                self.error(
                    &e.name.loc,
                    format!("enum `{}` has no values", e.name.value),
                    Some("list at least one value under `values`".into()),
                );
            }
            let values: Vec<&Located<String>> = e.values.iter().map(|v| &v.name).collect();
            self.variant_names(&values, "enum value");
        }
        for u in &file.unions {
            self.union(u);
        }
        if let Some(resource) = &file.resource {
            self.resource(resource);
        }
    }

    /// Checks the Rust variants that enum values or union discriminators
    /// (`what`) become: usable, distinct, and clear of the catch-all.
    fn variant_names(&mut self, values: &[&Located<String>], what: &str) {
        let rust: Vec<String> = values
            .iter()
            .map(|v| names::variant_name(&v.value))
            .collect();
        let catch_all = names::catch_all(rust.iter().map(String::as_str));
        let mut seen: BTreeMap<&str, &Located<String>> = BTreeMap::new();
        for (value, rust) in values.iter().zip(&rust) {
            let usable = rust.starts_with(|c: char| c.is_ascii_uppercase())
                && rust.chars().all(|c| c.is_ascii_alphanumeric());
            if !usable || rust == catch_all || rust == "Self" {
                let (msg, help) = if rust == catch_all {
                    (
                        format!(
                            "becomes `{catch_all}`, the variant that holds what the spec does not list (named so because `{}` is listed too)",
                            names::CATCH_ALL
                        ),
                        "this needs a change in the generator; report it to the generator's maintainers",
                    )
                } else if rust == "Self" {
                    (
                        "becomes `Self`, a Rust keyword".to_owned(),
                        "this needs a change in the generator; report it to the generator's maintainers",
                    )
                } else {
                    (
                        "has no ASCII letter or digit to make a Rust variant of".to_owned(),
                        "check the value against the Mews documentation",
                    )
                };
                let msg = format!("{what} `{}` {msg}", value.value);
                self.error(&value.loc, msg, Some(help.to_owned()));
            } else if let Some(first) = seen.get(rust.as_str()) {
                let msg = format!(
                    "{what}s `{}` and `{}` both become the variant `{rust}`",
                    first.value, value.value
                );
                let first = first.loc.clone();
                self.error_with(
                    &value.loc,
                    msg,
                    ("the other value", &first),
                    Some("Mews spells each value differently; check this one".into()),
                );
            } else {
                seen.insert(rust, value);
            }
        }
    }

    /// Reports an object, enum or union name that cannot be a Rust type name.
    fn type_name(&mut self, name: &Located<String>) {
        let value = &name.value;
        if !is_type_name(value) {
            let msg = format!("`{value}` is not usable as a type name");
            self.error(
                &name.loc,
                msg,
                Some(format!(
                    "use UpperCamelCase ASCII letters and digits, e.g. `{}`",
                    names::type_name_for_title(value)
                )),
            );
        } else if RESERVED_TYPES.contains(&value.as_str()) {
            let why = if value == "Self" {
                "a Rust keyword"
            } else {
                "used by the generated code itself"
            };
            let msg = format!("`{value}` is not usable as a type name: it is {why}");
            self.error(
                &name.loc,
                msg,
                Some(
                    "rename it: the names of objects, enums and unions are not sent to Mews"
                        .to_owned(),
                ),
            );
        }
    }

    fn resource(&mut self, resource: &'s Resource) {
        let name = &resource.name.value;
        if !is_lower_camel(name) {
            let msg = format!("resource `{name}` does not have the shape of a Mews URL segment");
            self.error(
                &resource.name.loc,
                msg,
                Some("use the lowerCamelCase segment from the URL, e.g. `voucherCodes`".into()),
            );
        }
        let operations = Location::new(
            &resource.name.loc.file,
            vec![crate::diagnostic::Seg::Key("operations".into())],
        );
        if resource.operations.is_empty() && !self.incomplete(&operations) {
            self.error(
                &resource.name.loc,
                format!("resource `{name}` has no operations"),
                Some("add at least one under `operations`".into()),
            );
        }
        // Each method's operation, and where its name comes from.
        let mut methods: BTreeMap<String, (&Located<String>, Location)> = BTreeMap::new();
        for op in &resource.operations {
            let path = &op.path.value;
            let parts: Vec<&str> = path.split('/').collect();
            if !path_shape_ok(path) {
                let msg = format!("operation path `{path}` does not have the Mews shape");
                self.error(&op.path.loc, msg, Some("write `resource/action` or `resource/action/YYYY-MM-DD`, e.g. `voucherCodes/getAll`".into()));
                continue;
            }
            if parts[0] != name {
                let msg = format!("operation `{path}` is not under resource `{name}`");
                self.error(
                    &op.path.loc,
                    msg,
                    Some(format!(
                        "move it to the file of `{}`, or fix the path",
                        parts[0]
                    )),
                );
            }
            let Some(method) = self.method(op) else {
                self.properties(&op.request, &format!("the request of `{path}`"), true);
                self.operation(op);
                continue;
            };
            let mut own = vec![method.clone()];
            if op.pagination.is_some() {
                own.extend(names::pager_methods(&method));
            }
            let here = op.method.as_ref().map_or(&op.path.loc, |m| &m.loc);
            for m in own {
                if let Some((first, _)) = methods.get(&m) {
                    let msg = format!(
                        "operations `{}` and `{path}` both make the method `{m}`",
                        first.value
                    );
                    let first = methods[&m].1.clone();
                    self.error_with(
                        here,
                        msg,
                        ("the other operation", &first),
                        Some(
                            "give one of them another method name with `method: <snake_case name>` (a paginated operation's method `x` also makes `x_pages` and `x_items`)"
                                .into(),
                        ),
                    );
                } else {
                    methods.insert(m, (&op.path, here.clone()));
                }
            }
            let owner = format!("the request of `{path}`");
            self.properties(&op.request, &owner, true);
            self.quirks(&op.request, &owner, true, false);
            self.parameter_set_quirks(op);
            self.operation(op);
        }
    }

    /// The operation's method name: the spec's `method`, or the one made
    /// from its path. `None` when the spec's is not usable (reported here).
    fn method(&mut self, op: &Operation) -> Option<String> {
        let Some(method) = &op.method else {
            return Some(names::method_name(&op.path.value));
        };
        let name = &method.value;
        let snake_case = name.starts_with(|c: char| c.is_ascii_lowercase())
            && name
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
        if !snake_case {
            let msg = format!("`method` `{name}` is not a snake_case Rust method name");
            let help = format!(
                "use lower-case ASCII letters, digits and `_`, e.g. `{}`",
                names::snake(name)
            );
            self.error(&method.loc, msg, Some(help));
            None
        } else if names::is_keyword(name) {
            let msg = format!("`method` `{name}` is a Rust keyword");
            self.error(
                &method.loc,
                msg,
                Some("choose another name, e.g. with the action's own words".into()),
            );
            None
        } else {
            Some(name.clone())
        }
    }

    fn operation(&mut self, op: &'s Operation) {
        let response = match &op.response.value {
            Response::Empty => None,
            Response::Object(name) => match self.symbols.get(name.as_str()) {
                Some(Symbol::Object(o, _)) => Some(*o),
                Some(Symbol::Enum(..) | Symbol::Union(..)) => {
                    let what = match self.symbols.get(name.as_str()) {
                        Some(Symbol::Union(..)) => "a union",
                        _ => "an enum",
                    };
                    self.error(
                        &op.response.loc,
                        format!("the response `{name}` is {what}"),
                        Some("a response must be an object or `empty`".into()),
                    );
                    None
                }
                None => {
                    self.undefined(name, &op.response.loc);
                    None
                }
            },
        };
        self.parameter_sets(op);
        // The wiring checks below look properties up one by one, so that a
        // mistake elsewhere in the operation hides none of their findings;
        // only what `load` left out of the very property looked up does.
        if let Some(p) = &op.pagination {
            self.pagination(op, p, response);
        }
        if let Some(portfolio) = &op.portfolio {
            self.portfolio(op, portfolio);
        }
    }

    /// Finds the property `name` among `props`, the properties of the
    /// mapping at `at`, telling apart what is absent from what `load` could
    /// not read.
    fn lookup<'p>(&self, props: &'p [Property], at: &Location, name: &str) -> Lookup<'p> {
        match find(props, name) {
            Some(prop) => {
                let whole = Location {
                    at_key: false,
                    ..prop.name.loc.clone()
                };
                if self.incomplete(&whole) {
                    Lookup::Unsure
                } else {
                    Lookup::Found(prop)
                }
            }
            None if self.diags.dropped_above(&at.file, &at.key(name).path) => Lookup::Unsure,
            None => Lookup::Absent,
        }
    }

    /// The properties of an object, and where they are.
    fn object_properties(object: &'s Object) -> (&'s [Property], Location) {
        let at = Location::new(&object.name.loc.file, object.name.loc.path.clone());
        (&object.properties, at.key("properties"))
    }

    fn pagination(&mut self, op: &'s Operation, p: &Pagination, response: Option<&'s Object>) {
        let path = &op.path.value;
        let request = op.loc.key("request");
        match self.lookup(&op.request, &request, "Limitation") {
            Lookup::Found(prop) if self.is_limitation(&prop.ty.value) => {
                if !prop.required {
                    self.optional_limitation(op, prop);
                }
            }
            Lookup::Unsure => {}
            _ => {
                let in_set = op
                    .parameter_sets
                    .iter()
                    .any(|set| find(&set.properties, "Limitation").is_some());
                let help = if in_set {
                    "every parameter set pages, so `Limitation` goes in `request`, which they share"
                } else {
                    "add `Limitation: { type: Limitation, required: true, ... }` to `request`"
                };
                self.error(
                    &p.loc,
                    format!("paginated operation `{path}` lacks a `Limitation` request property of type `Limitation`"),
                    Some(help.into()),
                );
            }
        }
        let Some(resp) = response else {
            if op.response.value == Response::Empty {
                self.error(
                    &p.loc,
                    format!("paginated operation `{path}` has an empty response"),
                    Some("name the response object that holds the pages' items".into()),
                );
            }
            return;
        };
        let (props, at) = Self::object_properties(resp);
        match self.lookup(props, &at, "Cursor") {
            Lookup::Found(prop) if prop.ty.value.is(&scalar::UUID) && !prop.required => {}
            Lookup::Unsure => {}
            _ => self.error(
                &op.response.loc,
                format!("the response of paginated `{path}` lacks an optional `Cursor: uuid`"),
                Some(format!(
                    "add `Cursor: {{ type: uuid, ... }}` to `{}`",
                    resp.name.value
                )),
            ),
        }
        match self.lookup(props, &at, &p.items.value) {
            Lookup::Found(prop) if matches!(prop.ty.value, TypeExpr::List(_)) => {}
            Lookup::Unsure => {}
            Lookup::Found(_) => self.error(
                &p.items.loc,
                format!("`{}` is not a list", p.items.value),
                Some("`items` names the response list that pages".into()),
            ),
            Lookup::Absent => self.error(
                &p.items.loc,
                format!(
                    "the response `{}` has no property `{}`",
                    resp.name.value, p.items.value
                ),
                Some("`items` names the response list that pages".into()),
            ),
        }
    }

    /// An optional `Limitation`: the pager fills it in when the caller left
    /// it out, with the largest page `Limitation.Count` allows.
    fn optional_limitation(&mut self, op: &Operation, prop: &Property) {
        let TypeExpr::Named(name) = &prop.ty.value else {
            return;
        };
        let Some(Symbol::Object(limitation, _)) = self.symbols.get(name.as_str()).copied() else {
            return;
        };
        if self.incomplete(&limitation.name.loc) {
            return;
        }
        let path = &op.path.value;
        let count = find(&limitation.properties, "Count");
        if count.is_some_and(|c| c.contracts.maximum.is_none()) {
            let msg = format!(
                "the pager of `{path}` fills in its optional `Limitation` with the largest page, but `{name}.Count` has no `maximum`"
            );
            self.error(
                &prop.name.loc,
                msg,
                Some(format!(
                    "give `Count` of `{name}` its `maximum` (Mews pages hold at most 1000 items)"
                )),
            );
        }
        let others: Vec<&str> = limitation
            .properties
            .iter()
            .filter(|p| p.required && p.name.value != "Count")
            .map(|p| p.name.value.as_str())
            .collect();
        if !others.is_empty() {
            let msg = format!(
                "the pager of `{path}` fills in its optional `Limitation` with `Count` only, but `{name}` also requires {}",
                others
                    .iter()
                    .map(|o| format!("`{o}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            );
            self.error(
                &prop.name.loc,
                msg,
                Some(format!(
                    "make `{name}`'s other properties optional, or `Limitation` required"
                )),
            );
        }
    }

    fn portfolio(&mut self, op: &Operation, portfolio: &Located<Portfolio>) {
        let path = &op.path.value;
        let name = portfolio.value.property();
        let ty = portfolio.value.ty();
        match self.lookup(&op.request, &op.loc.key("request"), name) {
            Lookup::Found(prop) if prop.ty.value == ty && !prop.required => {}
            Lookup::Unsure => {}
            _ => {
                let msg = format!(
                    "operation `{path}` takes portfolio tokens but lacks an optional `{name}` request property of type `{}`",
                    type_text(&ty)
                );
                self.error(
                    &portfolio.loc,
                    msg,
                    Some(format!(
                        "add `{name}: {{ type: {}, ... }}` to `request`",
                        type_text(&ty)
                    )),
                );
            }
        }
    }

    /// An operation's parameter sets: at least two, each recognisable on the
    /// wire by a required property, none sharing a JSON name with another
    /// set or with `request`.
    fn parameter_sets(&mut self, op: &'s Operation) {
        if op.parameter_sets.is_empty() {
            return;
        }
        let path = &op.path.value;
        let sets_at = op.loc.key("parameter_sets");
        if op.parameter_sets.len() == 1 && !self.incomplete(&sets_at) {
            let set = &op.parameter_sets[0];
            self.error(
                &set.name.loc,
                format!("operation `{path}` has a single parameter set"),
                Some("move its properties to `request`, or add the sets it excludes".into()),
            );
        }
        // Every property of the request and its sets is in one JSON object,
        // and in one Rust struct when the request is read: by field name,
        // each property's JSON name, where it is, and what holds it.
        let mut fields: BTreeMap<String, (&str, &Location, String)> = BTreeMap::new();
        for prop in &op.request {
            fields.insert(
                names::field_name(&prop.name.value),
                (&prop.name.value, &prop.name.loc, "`request`".to_owned()),
            );
            let field = names::field_name(&prop.name.value);
            if [names::PARAMETER_SET_FIELD, names::PARAMETER_SET_STORAGE].contains(&field.as_str())
            {
                let msg = format!(
                    "property `{}` of the request of `{path}` becomes the field `{field}`, which the request or its builder uses for the chosen parameter set",
                    prop.name.value,
                );
                self.error(&prop.name.loc, msg, Some("this needs a change in the generator; report it to the generator's maintainers".into()));
            }
        }
        let mut variants: BTreeMap<String, &Located<String>> = BTreeMap::new();
        for set in &op.parameter_sets {
            let name = &set.name.value;
            if !is_type_name(name) {
                let msg = format!("parameter set name `{name}` is not usable as a Rust name");
                self.error(
                    &set.name.loc,
                    msg,
                    Some(format!(
                        "use UpperCamelCase ASCII letters and digits, e.g. `{}`",
                        names::camel(name)
                    )),
                );
            } else if let Some(first) =
                variants.insert(names::parameter_set_variant(name), &set.name)
            {
                let msg = format!(
                    "parameter sets `{}` and `{name}` have the same Rust name",
                    first.value
                );
                let first = first.loc.clone();
                self.error_with(
                    &set.name.loc,
                    msg,
                    ("the other set", &first),
                    Some("rename one of them".into()),
                );
            }
            let owner = format!("parameter set `{name}` of `{path}`");
            self.properties(&set.properties, &owner, true);
            for prop in &set.properties {
                let key = prop.name.value.as_str();
                let field = names::field_name(key);
                if let Some((other, first, holder)) = fields.get(&field) {
                    let msg = if *other == key {
                        format!("property `{key}` of {owner} is also in {holder}")
                    } else {
                        format!(
                            "property `{key}` of {owner} and `{other}` of {holder} both become the field `{field}`"
                        )
                    };
                    let first = (*first).clone();
                    self.error_with(
                        &prop.name.loc,
                        msg,
                        ("the other one", &first),
                        Some("the request and its sets make one JSON object: a property every set takes goes in `request`, and each set's own properties are its alone".into()),
                    );
                } else {
                    fields.insert(
                        field,
                        (key, &prop.name.loc, format!("parameter set `{name}`")),
                    );
                }
            }
            let set_at = Location::new(&set.name.loc.file, set.name.loc.path.clone());
            if !set.properties.iter().any(|p| p.required) && !self.incomplete(&set_at) {
                self.error(
                    &set.name.loc,
                    format!("{owner} has no required property"),
                    Some("a request shows which set it carries by that set's required properties: give the set at least one".into()),
                );
            }
        }
    }

    fn is_limitation(&self, ty: &TypeExpr) -> bool {
        let TypeExpr::Named(name) = ty else {
            return false;
        };
        let Some(Symbol::Object(o, _)) = self.symbols.get(name.as_str()) else {
            return false;
        };
        let (props, at) = Self::object_properties(o);
        let count = self.lookup(props, &at, "Count");
        let cursor = self.lookup(props, &at, "Cursor");
        // What did not load gets the benefit of the doubt.
        let count_ok = match count {
            Lookup::Found(p) => p.ty.value.is(&scalar::INTEGER) && p.required,
            Lookup::Unsure => true,
            Lookup::Absent => false,
        };
        let cursor_ok = match cursor {
            Lookup::Found(p) => p.ty.value.is(&scalar::UUID) && !p.required,
            Lookup::Unsure => true,
            Lookup::Absent => false,
        };
        count_ok && cursor_ok
    }

    fn undefined(&mut self, name: &str, loc: &Location) {
        // The definition may be in what could not be loaded.
        if self
            .diags
            .dropped_definition(&["objects", "enums", "unions"], name)
        {
            return;
        }
        let known: Vec<&str> = self.symbols.keys().copied().collect();
        let near = known
            .iter()
            .find(|k| k.eq_ignore_ascii_case(name))
            .copied()
            .or_else(|| crate::load::closest(name, &known));
        let help = match near {
            Some(k) => format!("did you mean `{k}`?"),
            None => "define it under `objects`, `enums` or `unions` in any spec file".into(),
        };
        self.error(loc, format!("type `{name}` is not defined"), Some(help));
    }

    /// Checks the properties of one struct; `sent` when it gets a builder.
    fn properties(&mut self, props: &'s [Property], owner: &str, sent: bool) {
        let mut fields: BTreeMap<String, &Located<String>> = BTreeMap::new();
        let mut setters: BTreeMap<String, &Located<String>> = BTreeMap::new();
        for prop in props {
            let name = &prop.name.value;
            let field = names::field_name(name);
            if field.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
                let msg = format!("property `{name}` of {owner} cannot become a Rust field");
                self.error(&prop.name.loc, msg, Some("property names are JSON names such as `VoucherIds`: ASCII letters, digits and `_`".into()));
            } else if let Some(first) = fields.get(&field) {
                let msg = format!(
                    "properties `{}` and `{name}` of {owner} both become the field `{field}`",
                    first.value
                );
                let first = first.loc.clone();
                self.error_with(
                    &prop.name.loc,
                    msg,
                    ("the other property", &first),
                    Some("Mews spells each property differently; check this one".into()),
                );
            } else {
                fields.insert(field.clone(), &prop.name);
                if sent {
                    let own = match (&prop.ty.value, prop.nullable) {
                        (TypeExpr::Update(_), true) => names::update_setters(&field).to_vec(),
                        (TypeExpr::Update(_), false) => {
                            let [set, _] = names::update_setters(&field);
                            vec![set]
                        }
                        _ => vec![field],
                    };
                    for setter in own {
                        if setter == names::BUILD_METHOD {
                            let msg = format!(
                                "property `{name}` of {owner} makes the builder method `build`, which finishes the builder"
                            );
                            self.error(&prop.name.loc, msg, Some("the generator cannot name this setter yet; report it to the generator's maintainers".into()));
                        } else if let Some(first) = setters.get(&setter) {
                            let msg = format!(
                                "properties `{}` and `{name}` of {owner} both make the builder method `{setter}`",
                                first.value
                            );
                            let first = first.loc.clone();
                            self.error_with(&prop.name.loc, msg, ("the other property", &first), Some("an `update<T>` property `X` makes `set_x` (and `clear_x` when nullable)".into()));
                        } else {
                            setters.insert(setter, &prop.name);
                        }
                    }
                }
            }
            self.type_ref(&prop.ty);
            self.contracts(prop);
            // These read `required`, which may only be unset because it did not load.
            let prop_loc = Location {
                at_key: false,
                ..prop.name.loc.clone()
            };
            if self.incomplete(&prop_loc) {
                continue;
            }
            if prop.tolerate_absent.is_some() && !prop.required {
                self.error(
                    &prop.name.loc,
                    format!("`tolerate_absent` on `{name}`, which is not required"),
                    Some(
                        "remove `tolerate_absent`: an optional property may be absent anyway"
                            .into(),
                    ),
                );
            }
        }
        self.alias_fields(props, owner, &fields);
    }

    /// The fields that read a property's aliases (`contact_person_alias_0`)
    /// sit beside the struct's own fields when it is read: none may be one.
    fn alias_fields(
        &mut self,
        props: &[Property],
        owner: &str,
        fields: &BTreeMap<String, &Located<String>>,
    ) {
        for prop in props {
            let field = names::field_name(&prop.name.value);
            for (n, alias) in prop.aliases.iter().enumerate() {
                let reader = names::alias_field(&field, n);
                if let Some(other) = fields.get(&reader) {
                    let msg = format!(
                        "alias `{}` of property `{}` of {owner} is read through the field `{reader}`, which property `{}` already becomes",
                        alias.value, prop.name.value, other.value
                    );
                    let other = other.loc.clone();
                    self.error_with(
                        &alias.loc,
                        msg,
                        ("the other property", &other),
                        Some("the generator cannot name this reader yet; report it to the generator's maintainers".into()),
                    );
                }
            }
        }
    }

    fn type_ref(&mut self, ty: &Located<TypeExpr>) {
        let mut t = &ty.value;
        loop {
            match t {
                TypeExpr::List(inner) | TypeExpr::Map(inner) => t = inner,
                TypeExpr::Update(inner) => {
                    if !std::ptr::eq(t, &ty.value) {
                        let msg = format!(
                            "`update<T>` can only be the outermost type, found `{}`",
                            type_text(&ty.value)
                        );
                        self.error(&ty.loc, msg, Some("an update wraps the whole property value, e.g. `update<list<uuid>>`".into()));
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
        // The scalar's own contracts come from its table entry.
        let scalar = ty.scalar();
        let takes = |key: &str| scalar.is_some_and(|s| s.contracts.keys().contains(&key));
        let range = match scalar.map(|s| &s.contracts) {
            Some(ScalarContracts::Range(range)) => Some(range),
            _ => None,
        };
        let interval_object = match ty {
            TypeExpr::Named(n) => match self.symbols.get(n.as_str()) {
                Some(Symbol::Object(o, _)) => Some(*o),
                _ => None,
            },
            _ => None,
        };
        let is_interval = interval_object.is_some_and(|o| o.interval.is_some());
        // An object whose `interval` did not load may well be one.
        let maybe_interval =
            is_interval || interval_object.is_some_and(|o| self.incomplete(&o.name.loc));
        let fits: [(&str, bool, Option<&Location>); 7] = [
            ("min_items", is_list, c.min_items.as_ref().map(|l| &l.loc)),
            ("max_items", is_list, c.max_items.as_ref().map(|l| &l.loc)),
            (
                "min_length",
                takes("min_length"),
                c.min_length.as_ref().map(|l| &l.loc),
            ),
            (
                "max_length",
                takes("max_length"),
                c.max_length.as_ref().map(|l| &l.loc),
            ),
            (
                "minimum",
                takes("minimum"),
                c.minimum.as_ref().map(|l| &l.loc),
            ),
            (
                "maximum",
                takes("maximum"),
                c.maximum.as_ref().map(|l| &l.loc),
            ),
            (
                "max_interval_months",
                maybe_interval,
                c.max_interval_months.as_ref().map(|l| &l.loc),
            ),
        ];
        for (key, ok, loc) in fits {
            if let (false, Some(loc)) = (ok, loc) {
                let applies = match key {
                    "min_items" | "max_items" => "lists".to_owned(),
                    "max_interval_months" => "objects with an `interval`".to_owned(),
                    _ => scalar::taking(key),
                };
                let msg = format!("`{key}` does not apply to `{name}` of type `{shown}`");
                self.error(
                    &loc.clone().at_key(),
                    msg,
                    Some(format!("`{key}` applies to {applies} only")),
                );
            }
        }
        let pairs = [
            (
                "min_items",
                c.min_items.as_ref().map(|l| l.value as f64),
                "max_items",
                c.max_items.as_ref().map(|l| (l.value as f64, &l.loc)),
            ),
            (
                "min_length",
                c.min_length.as_ref().map(|l| l.value as f64),
                "max_length",
                c.max_length.as_ref().map(|l| (l.value as f64, &l.loc)),
            ),
            (
                "minimum",
                c.minimum.as_ref().map(|l| l.value),
                "maximum",
                c.maximum.as_ref().map(|l| (l.value, &l.loc)),
            ),
        ];
        for (lo_key, lo, hi_key, hi) in pairs {
            if let (Some(lo), Some((hi, loc))) = (lo, hi)
                && lo > hi
            {
                let msg = format!("`{lo_key}` ({lo}) is above `{hi_key}` ({hi}) on `{name}`");
                self.error(
                    loc,
                    msg,
                    Some("no value could satisfy both; swap or fix them".into()),
                );
            }
        }
        if let Some(range) = range {
            for (key, bound) in [("minimum", &c.minimum), ("maximum", &c.maximum)] {
                let Some(bound) = bound else { continue };
                if range.whole && bound.value.fract() != 0.0 {
                    let msg = format!(
                        "`{key}` of integer `{name}` is not a whole number ({})",
                        bound.value
                    );
                    self.error(
                        &bound.loc,
                        msg,
                        Some("an integer bound is a whole number".into()),
                    );
                } else if let Some((lowest, highest)) = range.limits
                    && (bound.value < lowest || bound.value > highest)
                {
                    let msg = format!(
                        "`{key}` of `{name}` ({}) is out of the range of `{shown}`",
                        bound.value
                    );
                    self.error(
                        &bound.loc,
                        msg,
                        Some(format!("use a value from {lowest} to {highest}")),
                    );
                }
            }
        }
        if let Some(m) = &c.max_interval_months {
            if m.value == 0 {
                self.error(
                    &m.loc,
                    format!("`max_interval_months` of `{name}` is 0"),
                    Some("use at least 1".into()),
                );
            } else if m.value > 1200 {
                self.error(
                    &m.loc,
                    format!(
                        "`max_interval_months` of `{name}` is {}, over a century",
                        m.value
                    ),
                    Some("leave it out if the interval has no limit".into()),
                );
            }
        }
    }

    fn interval(&mut self, object: &'s Object) {
        let Some(interval) = &object.interval else {
            return;
        };
        let (start, end) = &interval.value;
        let (props, at) = Self::object_properties(object);
        let mut kinds = Vec::new();
        let mut unsure = false;
        for field in [start, end] {
            match self.lookup(props, &at, field) {
                Lookup::Found(p)
                    if (p.ty.value.is(&scalar::DATE_TIME) || p.ty.value.is(&scalar::DATE))
                        && p.required =>
                {
                    kinds.push(p.ty.value.clone())
                }
                Lookup::Unsure => unsure = true,
                Lookup::Found(_) => self.error(
                    &interval.loc,
                    format!("interval field `{field}` must be a required `date-time` or `date`"),
                    Some(format!(
                        "give `{field}` the type `date-time` or `date` and `required: true`"
                    )),
                ),
                Lookup::Absent => self.error(
                    &interval.loc,
                    format!("object `{}` has no property `{field}`", object.name.value),
                    Some("`interval` names the object's start and end properties".into()),
                ),
            }
        }
        if unsure {
            return;
        }
        if kinds.len() == 2 && kinds[0] != kinds[1] {
            self.error(
                &interval.loc,
                format!(
                    "the start and end of interval `{}` have different types",
                    object.name.value
                ),
                Some("make both `date-time` or both `date`".into()),
            );
        }
    }

    fn envelope(&mut self, files: &[SpecFile]) {
        let envelopes: Vec<&Envelope> = files.iter().filter_map(|f| f.envelope.as_ref()).collect();
        match envelopes.as_slice() {
            [] => {
                if self.diags.dropped_definition(&["envelope"], "") {
                    return;
                }
                if let Some(first) = files.first() {
                    let loc = Location::new(&first.name, Vec::new());
                    self.error(
                        &loc,
                        "no file defines the request `envelope`",
                        Some("define it once, in the shared file (see spec/README.md)".into()),
                    );
                }
            }
            [envelope] => {
                if let Some(file) = files.iter().find(|f| f.envelope.is_some())
                    && names::module_name(file) != "common"
                {
                    let msg = format!(
                        "the request `envelope` is in `{}`, which becomes the module `{}`",
                        file.name,
                        names::module_name(file)
                    );
                    let help = "move it to `_common.yaml`: the client reads it as `crate::common::Envelope`";
                    self.error(&envelope.loc.clone().at_key(), msg, Some(help.into()));
                }
                let mut seen = Vec::new();
                for p in &envelope.properties {
                    let role = p.role.value.as_str();
                    if !ROLES.contains(&role) {
                        let msg = format!("unknown envelope role `{role}`");
                        self.error(
                            &p.role.loc,
                            msg,
                            Some(format!("expected one of: {}", ROLES.join(", "))),
                        );
                    } else if seen.contains(&role) {
                        self.error(
                            &p.role.loc,
                            format!("envelope role `{role}` is given twice"),
                            Some("each role belongs to one property".into()),
                        );
                    } else {
                        seen.push(role);
                    }
                }
                let missing: Vec<&str> = ROLES
                    .iter()
                    .copied()
                    .filter(|r| !seen.contains(r))
                    .collect();
                if !missing.is_empty() && !self.incomplete(&envelope.loc) {
                    self.error(
                        &envelope.loc.clone().at_key(),
                        format!("the envelope lacks the roles {}", missing.join(", ")),
                        Some("add a property for each".into()),
                    );
                }
            }
            [first, rest @ ..] => {
                for e in rest {
                    self.error_with(
                        &e.loc.clone().at_key(),
                        "the request `envelope` is defined more than once",
                        ("first defined", &first.loc.clone().at_key()),
                        Some("keep a single definition".into()),
                    );
                }
            }
        }
    }
}

/// `an` or `a`, for the kinds of definition.
fn article(what: &str) -> &'static str {
    // By sound: "an object", "an enum", but "a union".
    if what.starts_with(['a', 'e', 'i', 'o']) {
        "an"
    } else {
        "a"
    }
}

/// The envelope roles the client fills in.
pub const ROLES: &[&str] = &[
    "client_token",
    "access_token",
    "client",
    "language_code",
    "culture_code",
];

fn find<'p>(props: &'p [Property], name: &str) -> Option<&'p Property> {
    props.iter().find(|p| p.name.value == name)
}

fn is_type_name(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_uppercase())
        && name.chars().all(|c| c.is_ascii_alphanumeric())
}

/// Whether an operation path is `resource/action` or `resource/action/YYYY-MM-DD`.
fn path_shape_ok(path: &str) -> bool {
    let parts: Vec<&str> = path.split('/').collect();
    matches!(parts.len(), 2 | 3)
        && is_lower_camel(parts[0])
        && is_lower_camel(parts[1])
        && parts.get(2).is_none_or(|v| is_date(v))
}

fn is_lower_camel(s: &str) -> bool {
    s.starts_with(|c: char| c.is_ascii_lowercase()) && s.chars().all(|c| c.is_ascii_alphanumeric())
}

fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b.iter().enumerate().all(|(i, c)| {
            if i == 4 || i == 7 {
                *c == b'-'
            } else {
                c.is_ascii_digit()
            }
        })
}

/// The type as the spec writes it, for messages.
pub fn type_text(ty: &TypeExpr) -> String {
    match ty {
        TypeExpr::Scalar(s) => s.name.into(),
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
        assert_eq!(
            names::request_name("voucherCodes/getAll"),
            "GetAllVoucherCodesRequest"
        );
        assert_eq!(
            names::request_name("reservations/getAll/2023-06-06"),
            "GetAllReservations20230606Request"
        );
        assert_eq!(
            names::method_name("reservations/getAll/2023-06-06"),
            "get_all_2023_06_06"
        );
        assert_eq!(names::variant_name("PartnerCompany"), "PartnerCompany");
        assert_eq!(names::variant_name("3DSecure"), "Value3DSecure");
        assert!(is_date("2023-06-06"));
        assert!(!is_date("2023-6-06"));
    }
}
