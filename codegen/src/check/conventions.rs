//! The Mews conventions an operation must follow: path shape, method
//! names, pagination (`Limitation`, `Cursor`, the items list), portfolio
//! selectors, parameter sets, and the request envelope's roles.

use super::*;

/// What looking a property up by its JSON name found.
pub(super) enum Lookup<'p> {
    /// The property, loaded whole.
    Found(&'p Property),
    /// No such property.
    Absent,
    /// Cannot tell: `load` left the property, or part of it, out.
    Unsure,
}

/// The envelope roles the client fills in.
pub const ROLES: &[&str] = &[
    "client_token",
    "access_token",
    "client",
    "language_code",
    "culture_code",
];

pub(super) fn find<'p>(props: &'p [Property], name: &str) -> Option<&'p Property> {
    props.iter().find(|p| p.name.value == name)
}

/// Whether an operation path is `resource/action` or `resource/action/YYYY-MM-DD`.
pub(super) fn path_shape_ok(path: &str) -> bool {
    let parts: Vec<&str> = path.split('/').collect();
    matches!(parts.len(), 2 | 3)
        && is_lower_camel(parts[0])
        && is_lower_camel(parts[1])
        && parts.get(2).is_none_or(|v| is_date(v))
}

pub(super) fn is_date(s: &str) -> bool {
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

impl<'s> Checker<'s, '_> {
    pub(super) fn resource(&mut self, resource: &'s Resource) {
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
        // Each method's operation, how the operation makes it, and where its
        // name comes from.
        let mut methods: BTreeMap<String, (&Located<String>, String, Location)> = BTreeMap::new();
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
            let mut own = vec![(method.clone(), "its method".to_owned())];
            if op.pagination.is_some() {
                let [pages, items] = names::pager_methods(&method);
                own.push((pages, format!("the page stream of paginated `{method}`")));
                own.push((items, format!("the item stream of paginated `{method}`")));
            }
            let here = op.method.as_ref().map_or(&op.path.loc, |m| &m.loc);
            for (m, how) in own {
                if let Some((first, first_how, first_loc)) = methods.get(&m) {
                    let msg = format!(
                        "operations `{}` ({first_how}) and `{path}` ({how}) both make the method `{m}`",
                        first.value
                    );
                    let first_loc = first_loc.clone();
                    self.error_with(
                        here,
                        msg,
                        ("the other operation", &first_loc),
                        Some(
                            "give one of them another method name with `method: <snake_case name>`, the one that gives way being the older or deprecated (e.g. `reservations/getAll`, titled `ver 2017-04-12`, takes `method: get_all_2017_04_12`); a paginated operation's method `x` also makes `x_pages` and `x_items`"
                                .into(),
                        ),
                    );
                } else {
                    methods.insert(m, (&op.path, how, here.clone()));
                }
            }
            let owner = format!("the request of `{path}`");
            self.properties(&op.request, &owner, true);
            self.quirks(&op.request, &owner, true, false);
            self.parameter_set_quirks(op);
            self.operation(op);
        }
    }

    pub(super) fn operation(&mut self, op: &'s Operation) {
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
    pub(super) fn lookup<'p>(
        &self,
        props: &'p [Property],
        at: &Location,
        name: &str,
    ) -> Lookup<'p> {
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
    pub(super) fn object_properties(object: &'s Object) -> (&'s [Property], Location) {
        let at = Location::new(&object.name.loc.file, object.name.loc.path.clone());
        (&object.properties, at.key("properties"))
    }

    pub(super) fn pagination(
        &mut self,
        op: &'s Operation,
        p: &Pagination,
        response: Option<&'s Object>,
    ) {
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
    pub(super) fn optional_limitation(&mut self, op: &Operation, prop: &Property) {
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

    pub(super) fn portfolio(&mut self, op: &Operation, portfolio: &Located<Portfolio>) {
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
    pub(super) fn parameter_sets(&mut self, op: &'s Operation) {
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

    pub(super) fn is_limitation(&self, ty: &TypeExpr) -> bool {
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

    pub(super) fn envelope(&mut self, files: &[SpecFile]) {
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
