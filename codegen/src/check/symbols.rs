//! The symbol table, and the Rust names definitions take.
//!
//! Gathers the named types of every file, reports a name defined twice,
//! and claims every Rust type and trait name the generator will derive
//! (types, builders, hidden `…IsSet` traits, accessors, parameter sets):
//! names are global, so two claims on one name are a spec error, never a
//! rustc error. Also: references to undefined types.

use super::*;

/// The runtime's modules at the crate root, beside the generated ones
/// (`generated-client/src/lib.rs`): a generated module must not take their names.
pub const RUNTIME_MODULES: &[&str] = &[
    "builder",
    "client",
    "config",
    "contract",
    "error",
    "generated",
    "object",
    "operation",
    "paginate",
    "rate_limit",
    "retry",
    "scalar",
    "sensitive",
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

/// Module names Rust itself reserves, or that the generated folders use
/// (`mod.rs`; a type crate's `lib.rs`, where `main.rs` would be a binary).
pub(super) const RESERVED_MODULES: &[&str] = &["mod", "lib", "main", "self", "super", "crate"];

/// Who first took a Rust name: its spec name, what it is, and where.
pub(super) struct Claim {
    name: String,
    what: &'static str,
    role: Role,
    loc: Location,
}

/// Which of a definition's Rust names a claim is.
#[derive(Clone, PartialEq)]
pub(super) enum Role {
    /// The definition's own type (or its accessor type).
    Itself,
    /// The builder of the definition.
    Builder,
    /// The hidden trait of the builder that says the required property (its
    /// JSON name) is set.
    IsSet(String),
    /// The hidden trait of a request's builder that says a parameter set
    /// was chosen.
    SetChosen,
    /// The enum of the variants of a union with properties beside them.
    VariantEnum,
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
            Role::SetChosen => {
                format!("the builder's hidden trait for the parameter set of {what} `{name}`")
            }
            Role::VariantEnum => format!("the enum of the variants of {what} `{name}`"),
        }
    }
}

impl<'s> Checker<'s, '_> {
    /// Gathers the named types and reports duplicates and Rust-name clashes.
    pub(super) fn collect(&mut self, files: &'s [SpecFile]) {
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
            let feature = names::feature(&module);
            if names::CLIENT_FEATURES.contains(&feature.as_str()) {
                let msg = format!(
                    "{what} becomes the cargo feature `{feature}`, which the client already has"
                );
                self.error(
                    &here,
                    msg,
                    Some(format!(
                        "{fix}; taken are {}",
                        names::CLIENT_FEATURES.join(", ")
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
                } else if self.claim(
                    &mut rust_names,
                    &u.name.value,
                    &u.name.loc,
                    u.name.value.clone(),
                    "union",
                    Role::Itself,
                ) && !u.properties.is_empty()
                {
                    // A union with properties beside its discriminator is a
                    // struct (with a builder) holding the enum of its variants.
                    for (rust, role) in [
                        (names::union_variant_enum(&u.name.value), Role::VariantEnum),
                        (names::builder_name(&u.name.value), Role::Builder),
                    ] {
                        self.claim(
                            &mut rust_names,
                            &u.name.value,
                            &u.name.loc,
                            rust,
                            "union",
                            role,
                        );
                    }
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
    pub(super) fn claim_hidden_traits(&mut self, files: &'s [SpecFile]) {
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
            for u in file.unions.iter().filter(|u| !u.properties.is_empty()) {
                let first = matches!(
                    self.symbols.get(u.name.value.as_str()),
                    Some(Symbol::Union(x, _)) if std::ptr::eq(*x, u)
                );
                if first && self.sent.contains(u.name.value.as_str()) {
                    let owner = (u.name.value.as_str(), "union");
                    self.claim_is_set(&mut rust_names, owner, &u.name.value, &u.properties);
                    let rust = names::is_set_trait(&u.name.value, names::UNION_VARIANT_FIELD);
                    let role = Role::IsSet(u.discriminator.value.clone());
                    self.claim(
                        &mut rust_names,
                        &u.name.value,
                        &u.name.loc,
                        rust,
                        "union",
                        role,
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
                    let role = Role::SetChosen;
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
    pub(super) fn claim_is_set(
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
    pub(super) fn claim_parameter_sets(
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
    pub(super) fn claim(
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
        let hidden = [&first.role, &role]
            .iter()
            .any(|r| matches!(r, Role::IsSet(_) | Role::SetChosen));
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

    pub(super) fn undefined(&mut self, name: &str, loc: &Location) {
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

    pub(super) fn type_ref(&mut self, ty: &Located<TypeExpr>) {
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
}
