//! Stage 3: the checked spec to the IR.
//!
//! Resolves type names to their modules, decides each field's Rust shape
//! (`Option` or not, per direction), works out which structs are sent and
//! which are received, and writes the documentation text. Runs only on a
//! spec that `check` accepted, so it reports nothing.

use std::collections::BTreeSet;

use crate::check::{self, Symbol, Symbols};
use crate::features;
use crate::ir;
use crate::names;
use crate::scalar;
use crate::spec::*;

/// Builds the IR.
pub fn lower(files: &[SpecFile], symbols: &Symbols) -> ir::Api {
    let sent = check::reachable(files, symbols, check::Side::Sent);
    let received = check::reachable(files, symbols, check::Side::Received);
    let features = features::features(files);
    let cx = Cx {
        files,
        symbols,
        sent: &sent,
        received: &received,
        features: &features,
    };
    let mut modules: Vec<ir::Module> = files.iter().map(|f| cx.module(f)).collect();
    modules.sort_by(|a, b| a.name.cmp(&b.name));
    ir::Api { modules, features }
}

struct Cx<'a> {
    files: &'a [SpecFile],
    symbols: &'a Symbols<'a>,
    sent: &'a BTreeSet<&'a str>,
    received: &'a BTreeSet<&'a str>,
    features: &'a features::Features,
}

impl Cx<'_> {
    fn module(&self, file: &SpecFile) -> ir::Module {
        let name = names::module_name(file);
        let mut structs = Vec::new();
        let resource = file.resource.as_ref().map(|r| {
            let operations = r
                .operations
                .iter()
                .map(|op| {
                    structs.push(self.request(op));
                    structs.extend(self.parameter_set_structs(op));
                    self.operation(op)
                })
                .collect();
            ir::Resource {
                json_name: r.name.value.clone(),
                api_type: names::api_name(&r.name.value),
                accessor: names::accessor_name(&r.name.value),
                summary: r.summary.clone(),
                docs: r.docs.clone(),
                operations,
            }
        });
        for object in &file.objects {
            let sent = self.sent.contains(object.name.value.as_str());
            let received = self.received.contains(object.name.value.as_str());
            let mut doc = object.description.clone();
            if let Some(url) = &object.docs {
                doc.push_str(&format!("\n\n[Mews documentation]({url})"));
            }
            let mut fields: Vec<ir::Field> = object
                .properties
                .iter()
                .map(|p| self.field(p, received, None))
                .collect();
            if let Some(w) = &object.time_unit_window {
                window_doc(&mut fields, w);
            }
            structs.push(ir::Struct {
                name: object.name.value.clone(),
                doc,
                deprecated: object.deprecated.clone(),
                fields,
                sent,
                received,
                request_of: None,
                parameter_sets: None,
                window: object
                    .time_unit_window
                    .as_ref()
                    .and_then(|w| window(w, &object.properties, received)),
                time_unit_hint: None,
                flat_union: None,
            });
        }
        let enums = file
            .enums
            .iter()
            .map(|e| {
                let mut doc = e.description.clone();
                if let Some(url) = &e.docs {
                    doc.push_str(&format!("\n\n[Mews documentation]({url})"));
                }
                let values: Vec<ir::EnumValue> = e
                    .values
                    .iter()
                    .map(|v| ir::EnumValue {
                        json: v.name.value.clone(),
                        rust: names::variant_name(&v.name.value),
                        doc: v.description.clone(),
                        deprecated: v.deprecated.clone(),
                    })
                    .collect();
                ir::Enum {
                    name: e.name.value.clone(),
                    doc,
                    extensible: e.extensible,
                    catch_all: names::catch_all(values.iter().map(|v| v.rust.as_str())).to_owned(),
                    values,
                }
            })
            .collect();
        let unions = file.unions.iter().map(|u| self.union(u)).collect();
        structs.extend(
            file.unions
                .iter()
                .filter(|u| !u.properties.is_empty())
                .map(|u| self.union_struct(u, &names::module_name(file))),
        );
        let envelope = file.envelope.as_ref().map(|e| ir::Envelope {
            docs: e.docs.clone(),
            properties: e
                .properties
                .iter()
                .map(|p| {
                    (
                        p.role.value.clone(),
                        p.name.value.clone(),
                        p.description.clone(),
                    )
                })
                .collect(),
        });
        let doc = match &file.resource {
            Some(r) => format!("{}\n\n[Mews documentation]({})", r.summary, r.docs),
            None => "Objects and enums shared by several resources, and the request envelope."
                .to_owned(),
        };
        ir::Module {
            feature: self.features.of_module(&name),
            name,
            source: file.name.clone(),
            doc,
            resource,
            envelope,
            structs,
            enums,
            unions,
        }
    }

    /// The struct of a union with properties of its own: those properties,
    /// then the enum of its variants.
    fn union_struct(&self, u: &Union, module: &str) -> ir::Struct {
        let name = &u.name.value;
        let sent = self.sent.contains(name.as_str());
        let received = self.received.contains(name.as_str());
        let mut doc = u.description.clone();
        if let Some(url) = &u.docs {
            doc.push_str(&format!("\n\n[Mews documentation]({url})"));
        }
        let enum_name = names::union_variant_enum(name);
        let mut fields: Vec<ir::Field> = u
            .properties
            .iter()
            .map(|p| self.field(p, received, None))
            .collect();
        fields.push(ir::Field {
            json: u.discriminator.value.clone(),
            rust: names::UNION_VARIANT_FIELD.to_owned(),
            aliases: Vec::new(),
            ty: ir::Ty::Union(ir::Named {
                module: module.to_owned(),
                name: enum_name.clone(),
                interval: None,
                sent,
            }),
            optional: false,
            required: true,
            doc: format!(
                "The variant, which Mews names in `{}`, with its payload.\n\nRequired.",
                u.discriminator.value
            ),
            deprecated: None,
            contracts: ir::Contracts::default(),
            portfolio_required: false,
            sensitive: false,
        });
        ir::Struct {
            name: name.clone(),
            doc,
            deprecated: u.deprecated.clone(),
            fields,
            sent,
            received,
            request_of: None,
            parameter_sets: None,
            window: None,
            time_unit_hint: None,
            flat_union: Some(ir::FlatUnion {
                enum_name,
                field: names::UNION_VARIANT_FIELD.to_owned(),
            }),
        }
    }

    fn union(&self, u: &Union) -> ir::Union {
        let mut doc = u.description.clone();
        if let Some(url) = &u.docs {
            doc.push_str(&format!("\n\n[Mews documentation]({url})"));
        }
        let payload_types: Vec<&TypeExpr> = u
            .variants
            .iter()
            .filter_map(|v| Some(&v.ty.as_ref()?.value))
            .collect();
        let variants: Vec<ir::Variant> = u
            .variants
            .iter()
            .map(|v| {
                let payload = v.ty.as_ref().map(|ty| ir::Payload {
                    property: match &u.value {
                        Some(value) => value.value.clone(),
                        None => v.own_property().value.clone(),
                    },
                    ty: self.ty(&ty.value, false),
                    unique: payload_types.iter().filter(|t| ***t == ty.value).count() == 1,
                });
                let doc = match (&v.description, &payload) {
                    (Some(text), _) => text.clone(),
                    (None, Some(_)) => format!("The discriminator `{}`.", v.name.value),
                    (None, None) => {
                        format!("The discriminator `{}`, without payload.", v.name.value)
                    }
                };
                ir::Variant {
                    json: v.name.value.clone(),
                    rust: names::variant_name(&v.name.value),
                    payload,
                    doc,
                    deprecated: v.deprecated.clone(),
                }
            })
            .collect();
        let tag = u.tag.as_ref().map(
            |t| match self.ty(&TypeExpr::Named(t.value.clone()), false) {
                ir::Ty::Enum(named) => named,
                // `check` guarantees a tag names an enum.
                other => unreachable!("tag `{}` lowered to {other:?}", t.value),
            },
        );
        let (name, doc) = if u.properties.is_empty() {
            (u.name.value.clone(), doc)
        } else {
            let own: Vec<String> = u
                .properties
                .iter()
                .map(|p| format!("`{}`", p.name.value))
                .collect();
            (
                names::union_variant_enum(&u.name.value),
                format!(
                    "The variants of [`{}`], which holds one beside its own {}.",
                    u.name.value,
                    own.join(", ")
                ),
            )
        };
        ir::Union {
            name,
            doc,
            deprecated: u.deprecated.clone(),
            discriminator: u.discriminator.value.clone(),
            value: u.value.as_ref().map(|v| v.value.clone()),
            catch_all: names::catch_all(variants.iter().map(|v| v.rust.as_str())).to_owned(),
            variants,
            tag,
            sent: self.sent.contains(u.name.value.as_str()),
            received: self.received.contains(u.name.value.as_str()),
            shape_name: u.name.value.clone(),
            own: u.properties.iter().map(|p| p.name.value.clone()).collect(),
        }
    }

    fn request(&self, op: &Operation) -> ir::Struct {
        // The one-target selector (`EnterpriseId`, `ChainId`) is required
        // with a portfolio token.
        let portfolio_required = op
            .portfolio
            .as_ref()
            .filter(|p| p.value.required_with_portfolio_token())
            .map(|p| p.value.property());
        let mut fields: Vec<ir::Field> = op
            .request
            .iter()
            .map(|p| {
                let portfolio = portfolio_required == Some(p.name.value.as_str());
                let mut field = self.field(p, false, Some(portfolio));
                if op.pagination.is_some()
                    && p.name.value == "Limitation"
                    && let Some(count) = self.largest_page(p)
                {
                    field.doc.push_str(&format!(
                        "{}Left out, the pager asks for pages of {count}.",
                        if field.doc.contains("\n\n") {
                            " "
                        } else {
                            "\n\n"
                        }
                    ));
                }
                field
            })
            .collect();
        if let Some(w) = &op.time_unit_window {
            window_doc(&mut fields, w);
        }
        let request = names::request_name(&op.path.value);
        let parameter_sets = (!op.parameter_sets.is_empty()).then(|| ir::ParameterSets {
            field: names::PARAMETER_SET_FIELD.to_owned(),
            enum_name: names::parameter_set_enum(&op.path.value),
            wire: names::wire_name(&request),
            sets: op
                .parameter_sets
                .iter()
                .map(|set| ir::ParameterSet {
                    name: set.name.value.clone(),
                    variant: names::parameter_set_variant(&set.name.value),
                    struct_name: names::parameter_set_struct(&op.path.value, &set.name.value),
                    doc: set.description.clone(),
                    fields: set
                        .properties
                        .iter()
                        .map(|p| self.field(p, false, Some(false)))
                        .collect(),
                })
                .collect(),
        });
        ir::Struct {
            name: request,
            doc: format!(
                "{}\n\n[Mews documentation]({})",
                ir::beta_doc(&op.summary, op.beta),
                op.docs
            ),
            deprecated: op.deprecated.clone(),
            fields,
            sent: true,
            received: false,
            request_of: Some(op.path.value.clone()),
            parameter_sets,
            window: op
                .time_unit_window
                .as_ref()
                .and_then(|w| window(w, &op.request, false)),
            time_unit_hint: (op.time_unit_window.is_some() || self.reaches_window(&op.request))
                .then(|| names::TIME_UNIT_HINT_FIELD.to_owned()),
            flat_union: None,
        }
    }

    /// Whether these properties reach, through the types they send, an
    /// object with a time-unit window.
    fn reaches_window(&self, props: &[Property]) -> bool {
        let mut seen = BTreeSet::new();
        let mut todo: Vec<&TypeExpr> = props.iter().map(|p| &p.ty.value).collect();
        while let Some(ty) = todo.pop() {
            match ty {
                TypeExpr::Scalar(_) => {}
                TypeExpr::List(inner) | TypeExpr::Map(inner) | TypeExpr::Update(inner) => {
                    todo.push(inner)
                }
                TypeExpr::Named(name) => {
                    if !seen.insert(name.as_str()) {
                        continue;
                    }
                    match self.symbols.get(name.as_str()) {
                        Some(Symbol::Object(o, _)) => {
                            if o.time_unit_window.is_some() {
                                return true;
                            }
                            todo.extend(o.properties.iter().map(|p| &p.ty.value));
                        }
                        Some(Symbol::Union(u, _)) => {
                            todo.extend(
                                u.variants
                                    .iter()
                                    .filter_map(|v| v.ty.as_ref())
                                    .map(|t| &t.value),
                            );
                        }
                        _ => {}
                    }
                }
            }
        }
        false
    }

    /// The structs of an operation's parameter sets, one per set.
    fn parameter_set_structs(&self, op: &Operation) -> Vec<ir::Struct> {
        let request = names::request_name(&op.path.value);
        op.parameter_sets
            .iter()
            .map(|set| ir::Struct {
                name: names::parameter_set_struct(&op.path.value, &set.name.value),
                doc: format!(
                    "{}\n\nOne of the parameter sets of [`{request}`], which takes exactly one.",
                    set.description
                ),
                deprecated: None,
                fields: set
                    .properties
                    .iter()
                    .map(|p| self.field(p, false, Some(false)))
                    .collect(),
                sent: true,
                received: false,
                request_of: None,
                parameter_sets: None,
                window: None,
                time_unit_hint: None,
                flat_union: None,
            })
            .collect()
    }

    fn operation(&self, op: &Operation) -> ir::Operation {
        let response = match &op.response.value {
            Response::Object(name) => Some(self.ty(&TypeExpr::Named(name.clone()), false)),
            Response::Empty => None,
        };
        let response_object = match &op.response.value {
            Response::Object(name) => match self.symbols.get(name.as_str()) {
                Some(Symbol::Object(o, _)) => Some(*o),
                _ => None,
            },
            Response::Empty => None,
        };
        let method = match &op.method {
            Some(method) => method.value.clone(),
            None => names::method_name(&op.path.value),
        };
        let pagination = op.pagination.as_ref().and_then(|p| {
            let resp = response_object?;
            let items = resp
                .properties
                .iter()
                .find(|x| x.name.value == p.items.value)?;
            let item = match &items.ty.value {
                TypeExpr::List(inner) => self.ty(inner, false),
                _ => return None,
            };
            let limitation = op.request.iter().find(|x| x.name.value == "Limitation")?;
            let default_limitation = match (&limitation.ty.value, self.largest_page(limitation)) {
                (TypeExpr::Named(name), Some(count)) => {
                    let ir::Ty::Object(ty) = self.ty(&TypeExpr::Named(name.clone()), false) else {
                        return None;
                    };
                    Some(ir::DefaultLimitation {
                        ty,
                        count_setter: names::field_name("Count"),
                        count,
                    })
                }
                _ => None,
            };
            let other_lists = resp
                .properties
                .iter()
                .filter(|x| x.name.value != items.name.value)
                .filter(|x| matches!(x.ty.value, TypeExpr::List(_)))
                .map(|x| x.name.value.clone())
                .collect();
            let [pages_method, items_method] = names::pager_methods(&method);
            Some(ir::Pagination {
                pages_method,
                items_method,
                limitation: names::field_name("Limitation"),
                default_limitation,
                count: names::field_name("Count"),
                cursor: names::field_name("Cursor"),
                response_cursor: names::field_name("Cursor"),
                items: names::field_name(&items.name.value),
                items_json: items.name.value.clone(),
                items_optional: self.field(items, true, None).optional,
                item,
                other_lists,
            })
        });
        // A 204 stands for an empty page only if every response field can be empty.
        let empty_page = match (&pagination, response_object) {
            (Some(_), Some(resp)) => resp
                .properties
                .iter()
                .map(|p| {
                    let field = self.field(p, true, None);
                    let value = if field.optional {
                        Some(ir::EmptyValue::None)
                    } else if matches!(field.ty, ir::Ty::List(_)) {
                        Some(ir::EmptyValue::EmptyList)
                    } else {
                        None
                    };
                    value.map(|v| (field.rust, v))
                })
                .collect(),
            _ => None,
        };
        ir::Operation {
            path: op.path.value.clone(),
            method,
            request: names::request_name(&op.path.value),
            response,
            safe_to_retry: op.safe_to_retry,
            pagination,
            summary: op.summary.clone(),
            docs: op.docs.clone(),
            deprecated: op.deprecated.clone(),
            beta: op.beta,
            empty_page,
        }
    }

    /// For an optional `Limitation` property: the page size the pager fills
    /// in, `Count`'s maximum (`check` makes sure it is there and fits an i32).
    fn largest_page(&self, limitation: &Property) -> Option<i64> {
        if limitation.required {
            return None;
        }
        let TypeExpr::Named(name) = &limitation.ty.value else {
            return None;
        };
        let Some(Symbol::Object(object, _)) = self.symbols.get(name.as_str()) else {
            return None;
        };
        let count = object.properties.iter().find(|x| x.name.value == "Count")?;
        Some(count.contracts.maximum.as_ref()?.value as i64)
    }

    /// `received` says the field is read from responses; `portfolio` is
    /// `Some` for request fields, telling whether a portfolio token requires it.
    fn field(&self, p: &Property, received: bool, portfolio: Option<bool>) -> ir::Field {
        let ty = self.ty(&p.ty.value, p.nullable);
        let optional = match ty {
            ir::Ty::Update(..) => false,
            _ => !p.required || p.nullable || (received && p.tolerate_absent.is_some()),
        };
        let required = match ty {
            ir::Ty::Update(..) => p.required,
            _ => !optional,
        };
        let c = &p.contracts;
        let contracts = ir::Contracts {
            min_items: c.min_items.as_ref().map(|l| l.value),
            max_items: c.max_items.as_ref().map(|l| l.value),
            min_length: c.min_length.as_ref().map(|l| l.value),
            max_length: c.max_length.as_ref().map(|l| l.value),
            minimum: c.minimum.as_ref().map(|l| l.value),
            maximum: c.maximum.as_ref().map(|l| l.value),
            max_interval_months: c.max_interval_months.as_ref().map(|l| l.value),
        };
        let portfolio_required = portfolio == Some(true);
        ir::Field {
            json: p.name.value.clone(),
            rust: names::field_name(&p.name.value),
            aliases: p.aliases.iter().map(|a| a.value.clone()).collect(),
            doc: field_doc(p, &ty, portfolio_required),
            ty,
            optional,
            required,
            deprecated: p.deprecated.clone(),
            sensitive: p.sensitive,
            contracts,
            portfolio_required,
        }
    }

    fn ty(&self, t: &TypeExpr, nullable: bool) -> ir::Ty {
        match t {
            TypeExpr::Scalar(s) => ir::Ty::Scalar(s),
            TypeExpr::List(inner) => ir::Ty::List(Box::new(self.ty(inner, false))),
            TypeExpr::Map(inner) => ir::Ty::Map(Box::new(self.ty(inner, false))),
            TypeExpr::Update(inner) => ir::Ty::Update(Box::new(self.ty(inner, false)), nullable),
            TypeExpr::Named(name) => match self.symbols.get(name.as_str()) {
                Some(Symbol::Object(o, file)) => ir::Ty::Object(ir::Named {
                    module: names::module_name(&self.files[*file]),
                    name: name.clone(),
                    interval: o.interval.as_ref().map(|i| {
                        let (start, end) = &i.value;
                        let is_date = o
                            .properties
                            .iter()
                            .any(|p| &p.name.value == start && p.ty.value.is(&scalar::DATE));
                        (names::field_name(start), names::field_name(end), is_date)
                    }),
                    sent: self.sent.contains(name.as_str()),
                }),
                Some(Symbol::Enum(_, file)) => ir::Ty::Enum(ir::Named {
                    module: names::module_name(&self.files[*file]),
                    name: name.clone(),
                    interval: None,
                    sent: false,
                }),
                Some(Symbol::Union(_, file)) => ir::Ty::Union(ir::Named {
                    module: names::module_name(&self.files[*file]),
                    name: name.clone(),
                    interval: None,
                    sent: self.sent.contains(name.as_str()),
                }),
                // `check` guarantees every name resolves.
                None => unreachable!("unresolved type `{name}` after check"),
            },
        }
    }
}

/// A checked `time_unit_window` in IR form; `received` says whether the
/// owner is read from responses too (which decides its fields' `Option`s).
fn window(w: &TimeUnitWindow, props: &[Property], received: bool) -> Option<ir::Window> {
    let field = |name: &str| {
        let p = props.iter().find(|p| p.name.value == name)?;
        let optional = !p.required || p.nullable || (received && p.tolerate_absent.is_some());
        Some((names::field_name(name), optional))
    };
    let (start, start_optional) = field(&w.start.value)?;
    let (end, end_optional) = field(&w.end.value)?;
    // `check` keeps every limit within a century, which fits a u32.
    let limit = |unit| w.limit(unit).and_then(|n| u32::try_from(n).ok());
    Some(ir::Window {
        start_json: w.start.value.clone(),
        start,
        start_optional,
        end_json: w.end.value.clone(),
        end,
        end_optional,
        hours: limit(WindowUnit::Hours),
        days: limit(WindowUnit::Days),
        months: limit(WindowUnit::Months),
    })
}

/// Says on a window's end field how far after the start it may be.
fn window_doc(fields: &mut [ir::Field], w: &TimeUnitWindow) {
    let Some(end) = fields.iter_mut().find(|f| f.json == w.end.value) else {
        return;
    };
    let limits: Vec<String> = w
        .max
        .iter()
        .map(|(unit, n)| format!("{} {}", n.value, unit.key()))
        .collect();
    let listed = match limits.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
        _ => limits.concat(),
    };
    let sep = if end.doc.contains("\n\n") {
        " "
    } else {
        "\n\n"
    };
    end.doc.push_str(&format!(
        "{sep}At most {listed} after `{}`, by the service's time unit (checked against the request's `{}`).",
        w.start.value,
        names::TIME_UNIT_HINT_FIELD
    ));
}

/// The field's rustdoc: the description, then its contracts in words.
fn field_doc(p: &Property, ty: &ir::Ty, portfolio_required: bool) -> String {
    let mut doc = p.description.clone();
    let mut facts = Vec::new();
    if let ir::Ty::Update(_, clearable) = ty {
        facts.push(match (p.required, *clearable) {
            (true, true) => "Required: set or clear it with the builder.".to_owned(),
            (true, false) => "Required: set it with the builder; it cannot be cleared.".to_owned(),
            (false, true) => "Left out: unchanged; set or clear it with the builder.".to_owned(),
            (false, false) => "Left out: unchanged; it can be set but not cleared.".to_owned(),
        });
    } else if p.required {
        facts.push("Required.".to_owned());
    }
    if let Some(why) = &p.tolerate_absent {
        facts.push(format!(
            "Read as optional although documented as required: {why}"
        ));
    }
    if let Some(why) = &p.examples_omit {
        facts.push(format!(
            "The Mews documentation's examples leave it out: {why}"
        ));
    }
    if !p.aliases.is_empty() {
        let names: Vec<String> = p.aliases.iter().map(|a| format!("`{}`", a.value)).collect();
        facts.push(format!(
            "Also read from {}, as the Mews documentation spells it in places; always written as `{}`.",
            names.join(" and "),
            p.name.value
        ));
    }
    if p.nullable && !matches!(ty, ir::Ty::Update(..)) {
        facts.push("May be null.".to_owned());
    }
    let c = &p.contracts;
    if let Some(n) = &c.min_items {
        facts.push(format!("At least {} item{}.", n.value, plural(n.value)));
    }
    if let Some(n) = &c.max_items {
        facts.push(format!("At most {} item{}.", n.value, plural(n.value)));
    }
    // `check` lets length contracts only on scalars that count a length.
    let unit = |n: u64| {
        let units =
            p.ty.value
                .unwrap_update()
                .scalar()
                .and_then(|s| s.contracts.length_unit());
        let (one, many) = units.unwrap_or(("unit", "units"));
        if n == 1 { one } else { many }
    };
    if let Some(n) = &c.min_length {
        facts.push(format!("At least {} {} long.", n.value, unit(n.value)));
    }
    if let Some(n) = &c.max_length {
        facts.push(format!("At most {} {} long.", n.value, unit(n.value)));
    }
    match (&c.minimum, &c.maximum) {
        (Some(lo), Some(hi)) => facts.push(format!("From {} to {}.", lo.value, hi.value)),
        (Some(lo), None) => facts.push(format!("At least {}.", lo.value)),
        (None, Some(hi)) => facts.push(format!("At most {}.", hi.value)),
        (None, None) => {}
    }
    if let Some(n) = &c.max_interval_months {
        facts.push(format!(
            "At most {} month{} long.",
            n.value,
            plural(n.value)
        ));
    }
    if portfolio_required {
        facts.push("Required when the client uses a portfolio access token.".to_owned());
    }
    if p.sensitive {
        facts.push(
            "A secret: `Debug` shows `<redacted>` in its place, and errors never quote it."
                .to_owned(),
        );
    }
    if !facts.is_empty() {
        doc.push_str("\n\n");
        doc.push_str(&facts.join(" "));
    }
    doc
}

fn plural(n: u64) -> &'static str {
    if n == 1 { "" } else { "s" }
}
