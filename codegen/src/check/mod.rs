//! Stage 2: judge the loaded spec as a whole.
//!
//! Finds everything that would make the output wrong or uncompilable:
//! references to undefined types, duplicates, names that collide once made
//! Rust names, contracts that do not fit their type, malformed operation
//! paths, and pagination or portfolio wiring that does not match the Mews
//! conventions. It reports all of them and builds the symbol table `lower`
//! uses; `lower` runs only when this found nothing.
//!
//! This module walks the files (`file`, `properties`); each concern is a
//! submodule of `impl Checker` methods: `symbols` (the symbol table,
//! duplicates, every derived Rust type and trait name claimed once),
//! `rust_names` (names inside a definition), `graph` (reachability,
//! containment cycles), `contracts`, `conventions` (paths, pagination,
//! portfolio, parameter sets, envelope), `unions`, `quirks` (documentation
//! quirks, names for one title on two pages).

use std::collections::{BTreeMap, BTreeSet};

use crate::diagnostic::{Diagnostic, Diagnostics, Location};
use crate::names;
use crate::scalar::{self, ScalarContracts};
use crate::spec::*;

mod contracts;
mod conventions;
mod graph;
mod quirks;
mod rust_names;
mod symbols;
mod unions;

pub use conventions::ROLES;
pub use graph::{Side, reachable};
pub use symbols::{CLIENT_METHODS, RUNTIME_MODULES};

use conventions::*;
use rust_names::*;
use symbols::*;

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

    fn file(&mut self, file: &'s SpecFile) {
        for object in &file.objects {
            self.type_name(&object.name);
            let sent = self.sent.contains(object.name.value.as_str());
            let received = self.received.contains(object.name.value.as_str());
            let owner = format!("object `{}`", object.name.value);
            self.properties(&object.properties, &owner, sent);
            self.quirks(&object.properties, &owner, sent, received);
            self.interval(object);
            if let Some(window) = &object.time_unit_window {
                let (props, at) = Self::object_properties(object);
                self.time_unit_window(window, props, &at, &owner);
            }
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

    /// Checks the properties of one struct; `sent` when it gets a builder.
    fn properties(&mut self, props: &'s [Property], owner: &str, sent: bool) {
        let mut fields: BTreeMap<String, &Located<String>> = BTreeMap::new();
        let mut setters: BTreeMap<String, &Located<String>> = BTreeMap::new();
        for prop in props {
            let name = &prop.name.value;
            self.property_names(prop, owner, sent, &mut fields, &mut setters);
            self.type_ref(&prop.ty);
            self.contracts(prop);
            self.sensitive(prop);
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
