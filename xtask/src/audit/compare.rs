//! The comparison: each spec operation with its documented operation, and
//! every object and enum it reaches with the docs table its link names.
//!
//! Pairs are found by walking: an operation gives its request and response
//! tables; a property whose docs type links to another heading binds the
//! spec type of that property to the heading's table. So the same title on
//! two pages, or a dated title, is never guessed: the links decide. A spec
//! object's own `docs` link must then name one of the tables it was bound to.
//!
//! What counts as a difference is every fact the two state differently, or
//! that only one of them states, in either direction: a spec stricter than
//! the docs (a `min_items` the docs do not show) refuses requests Mews would
//! take, a looser one lets through requests Mews refuses, and both deserve a
//! recorded reason. The one exception is precision about the same fact: the
//! docs' `string` read as `uuid` or `date-time` (see `types`).

use std::collections::{BTreeMap, BTreeSet};

use codegen::Location;
use codegen::check::type_text;
use codegen::spec::*;

use super::docs::{
    Definition, DocEnum, DocObject, DocProperty, DocRef, DocResponse, DocType, Docs, TableId,
};
use super::types;

/// One difference between the spec and the docs.
#[derive(Clone, Debug)]
pub struct Finding {
    /// What differs.
    pub facet: AuditFacet,
    /// Where the spec says it.
    pub spec: Location,
    /// What it is about, e.g. `VoucherCode.Value` or `vouchers/getAll request.Extent`.
    pub subject: String,
    /// What differs, in a sentence.
    pub message: String,
    /// Where the docs say it.
    pub docs: Option<DocRef>,
    /// The spec's reason, when a note explains the difference.
    pub reason: Option<String>,
}

/// The outcome of one audit.
#[derive(Debug, Default)]
pub struct Report {
    /// Every documented operation's path, by resource, and whether the spec has it.
    pub coverage: BTreeMap<String, Vec<(String, bool)>>,
    /// The differences, explained or not, and the notes that explain nothing.
    pub findings: Vec<Finding>,
}

impl Report {
    /// How many documented operations the spec covers, and how many there are.
    pub fn covered(&self) -> (usize, usize) {
        let ops = self.coverage.values().flatten();
        let total = ops.clone().count();
        (ops.filter(|(_, covered)| *covered).count(), total)
    }

    /// The differences no note explains, and the notes that explain nothing.
    pub fn unexplained(&self) -> impl Iterator<Item = &Finding> {
        self.findings.iter().filter(|f| f.reason.is_none())
    }

    /// Resolves each finding's line and column in the spec texts (by file
    /// name), then orders the findings by file and position.
    pub fn locate(&mut self, texts: &BTreeMap<&str, &str>) {
        for f in &mut self.findings {
            if let Some(text) = texts.get(f.spec.file.as_str()) {
                f.spec.line_col = codegen::load::locate(text, &f.spec);
            }
        }
        self.sort();
    }

    /// Orders the findings by spec file and place, and drops repeats (an
    /// object compared with two tables that differ from it alike).
    fn sort(&mut self) {
        self.findings.sort_by(|x, y| {
            let key = |f: &Finding| {
                (
                    f.spec.file.clone(),
                    f.spec.line_col,
                    f.spec.path.clone(),
                    f.facet,
                    f.docs.clone(),
                    f.message.clone(),
                )
            };
            key(x).cmp(&key(y))
        });
        self.findings.dedup_by(|x, y| {
            x.spec == y.spec && x.facet == y.facet && x.message == y.message && x.docs == y.docs
        });
    }
}

/// Compares the spec with the docs.
pub fn audit(files: &[SpecFile], docs: &Docs) -> Report {
    let mut named: Vec<Named> = Vec::new();
    for file in files {
        named.extend(file.objects.iter().map(|o| Named {
            name: &o.name.value,
            kind: Kind::Object(o),
            docs: o.docs.as_deref(),
            about: Subject::new(&o.audit, AuditSite::Object, &o.name.value),
            loc: &o.name.loc,
        }));
        named.extend(file.enums.iter().map(|e| Named {
            name: &e.name.value,
            kind: Kind::Enum(e),
            docs: e.docs.as_deref(),
            about: Subject::new(&e.audit, AuditSite::Enum, &e.name.value),
            loc: &e.name.loc,
        }));
        named.extend(file.unions.iter().map(|u| Named {
            name: &u.name.value,
            kind: Kind::Union(u),
            docs: u.docs.as_deref(),
            about: Subject::new(&u.audit, AuditSite::Union, &u.name.value),
            loc: &u.name.loc,
        }));
    }
    let mut a = Auditor {
        docs,
        named,
        envelope: files
            .iter()
            .filter_map(|f| f.envelope.as_ref())
            .flat_map(|e| &e.properties)
            .map(|p| p.name.value.as_str())
            .collect(),
        findings: Vec::new(),
        used: BTreeSet::new(),
        audited: BTreeSet::new(),
        bound: BTreeSet::new(),
        todo: Vec::new(),
    };
    let operations: Vec<&Operation> = files
        .iter()
        .filter_map(|f| f.resource.as_ref())
        .flat_map(|r| &r.operations)
        .collect();
    let mut coverage: BTreeMap<String, Vec<(String, bool)>> = BTreeMap::new();
    for op in &docs.operations {
        let covered = operations.iter().any(|o| o.path.value == op.path);
        coverage
            .entry(op.resource().to_owned())
            .or_default()
            .push((op.path.clone(), covered));
    }
    for op in &operations {
        a.operation(op);
    }
    a.drain();
    // What no covered operation reaches is compared with its own link.
    let unbound: Vec<(&str, TableId)> = a
        .named
        .iter()
        .filter(|n| !a.bound.iter().any(|b| b.name == n.name))
        .filter_map(|n| Some((n.name, docs.table_of_url(n.docs?)?)))
        .collect();
    for (name, table) in unbound {
        a.bind(name, table);
    }
    a.drain();
    a.links();
    a.stale(files);
    let mut report = Report {
        coverage,
        findings: a.findings,
    };
    report.sort();
    report
}

/// The spec item a difference is about: its notes, where those may be
/// written, and its name in the report.
#[derive(Clone)]
struct Subject<'s> {
    notes: &'s [AuditNote],
    site: AuditSite,
    name: String,
}

impl<'s> Subject<'s> {
    fn new(notes: &'s [AuditNote], site: AuditSite, name: &str) -> Self {
        Subject {
            notes,
            site,
            name: name.to_owned(),
        }
    }
}

/// A difference, before its explanation is looked up.
struct Diff<'a> {
    /// Where the spec says it.
    spec: &'a Location,
    message: String,
    docs: Option<&'a DocRef>,
}

/// A named object, enum or union of the spec.
struct Named<'s> {
    name: &'s str,
    kind: Kind<'s>,
    docs: Option<&'s str>,
    about: Subject<'s>,
    loc: &'s Location,
}

/// What a spec name stands for.
#[derive(Clone, Copy)]
enum Kind<'s> {
    Object(&'s Object),
    Enum(&'s Enum),
    Union(&'s Union),
}

/// Where a property's differences go when the property itself is not there.
#[derive(Clone, Copy)]
enum Owner<'s> {
    Object(&'s Object),
    Request(&'s Operation),
}

impl<'s> Owner<'s> {
    /// The owner itself, as the subject of a missing property.
    fn about(&self, property: &str) -> Subject<'s> {
        match self {
            Owner::Object(o) => Subject::new(&o.audit, AuditSite::Object, &self.name(property)),
            Owner::Request(op) => {
                Subject::new(&op.audit, AuditSite::Operation, &self.name(property))
            }
        }
    }

    fn loc(&self) -> &'s Location {
        match self {
            Owner::Object(o) => &o.name.loc,
            Owner::Request(op) => &op.path.loc,
        }
    }

    /// How the report names one of its properties.
    fn name(&self, property: &str) -> String {
        match self {
            Owner::Object(o) => format!("{}.{property}", o.name.value),
            Owner::Request(op) => format!("{} request.{property}", op.path.value),
        }
    }
}

/// A spec type bound to a docs table or value list.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Binding {
    name: String,
    table: TableId,
}

struct Auditor<'s, 'd> {
    docs: &'d Docs,
    named: Vec<Named<'s>>,
    envelope: BTreeSet<&'s str>,
    findings: Vec<Finding>,
    /// The notes that explained something, by where they are written.
    used: BTreeSet<String>,
    /// The items compared with the docs, by where they are defined.
    audited: BTreeSet<String>,
    bound: BTreeSet<Binding>,
    todo: Vec<Binding>,
}

/// The key of a spec place, for the sets above.
fn key(loc: &Location) -> String {
    format!("{}:{}", loc.file, loc.path_text())
}

impl<'s> Auditor<'s, '_> {
    /// Records a difference; a note of the subject with its facet (and, for
    /// `missing`, the name) explains it.
    fn differ(&mut self, about: &Subject, facet: AuditFacet, missing: Option<&str>, diff: Diff) {
        let note = about
            .notes
            .iter()
            .filter(|_| facet.allowed_on(about.site))
            .find(|n| n.facet == facet && n.name.as_deref() == missing);
        if let Some(note) = note {
            self.used.insert(key(&note.loc));
        }
        self.findings.push(Finding {
            facet,
            spec: diff.spec.clone(),
            subject: about.name.clone(),
            message: diff.message,
            docs: diff.docs.cloned(),
            reason: note.map(|n| n.reason.clone()),
        });
    }

    fn find(&self, name: &str) -> Option<&Named<'s>> {
        self.named.iter().find(|n| n.name == name)
    }

    fn operation(&mut self, op: &'s Operation) {
        let path = &op.path.value;
        let about = Subject::new(&op.audit, AuditSite::Operation, path);
        let Some(index) = self.docs.operations.iter().position(|d| d.path == *path) else {
            let diff = Diff {
                spec: &op.path.loc,
                message: "the docs have no operation with this path".into(),
                docs: None,
            };
            self.differ(&about, AuditFacet::Undocumented, None, diff);
            return;
        };
        self.audited.insert(key(&op.loc));
        let doc = &self.docs.operations[index];
        let target = self.docs.resolve_url(&op.docs);
        if !matches!(target.and_then(|t| self.docs.definition(&t)), Some(Definition::Operation(i)) if i == index)
        {
            let diff = Diff {
                spec: &op.loc.key("docs"),
                message: format!(
                    "the `docs` link `{}` does not lead to the operation's section {}#{}",
                    op.docs, doc.at.page, doc.at.anchor
                ),
                docs: Some(&doc.at),
            };
            // Not a difference to explain: a wrong link is fixed.
            self.differ(&about, AuditFacet::Docs, None, diff);
        }
        if op.deprecated.is_some() != doc.deprecated {
            let diff = Diff {
                spec: &op.path.loc,
                message: deprecation(op.deprecated.is_some()),
                docs: Some(&doc.at),
            };
            self.differ(&about, AuditFacet::Deprecated, None, diff);
        }
        // The operations the docs' deprecation note links to are the
        // replacement, which the spec's message must name by its path.
        if let Some(message) = &op.deprecated {
            let replacements = doc.deprecation_links.iter().filter_map(|href| {
                let target = self.docs.resolve_link(&doc.at.page, href)?;
                match self.docs.definition(&target)? {
                    Definition::Operation(i) if i != index => {
                        Some(self.docs.operations[i].path.clone())
                    }
                    _ => None,
                }
            });
            let unnamed: Vec<String> = replacements
                .filter(|path| !message.contains(&format!("`{path}`")))
                .collect();
            if !unnamed.is_empty() {
                let named: Vec<String> = unnamed.iter().map(|p| format!("`{p}`")).collect();
                let diff = Diff {
                    spec: &op.loc.key("deprecated"),
                    message: format!(
                        "the docs name the replacement {}; the spec's deprecation message does not name it by its path",
                        named.join(" and ")
                    ),
                    docs: Some(&doc.at),
                };
                self.differ(&about, AuditFacet::Deprecated, None, diff);
            }
        }
        if op.beta != doc.restricted {
            let message = if op.beta {
                "`beta` in the spec; the docs do not mark the operation `Restricted!`"
            } else {
                "the docs mark the operation `Restricted!` (beta, subject to change); the spec lacks `beta: true`"
            };
            let diff = Diff {
                spec: &op.path.loc,
                message: message.into(),
                docs: Some(&doc.at),
            };
            self.differ(&about, AuditFacet::Beta, None, diff);
        }
        let request = doc.request.as_ref().and_then(|id| self.docs.object(id));
        let rows: Vec<DocProperty> = request
            .iter()
            .flat_map(|r| &r.properties)
            .filter(|p| !self.envelope.contains(p.name.as_str()))
            .cloned()
            .collect();
        let at = request.as_ref().map_or(&doc.at, |r| &r.at).clone();
        self.properties(Owner::Request(op), &op.request, &rows, &at);
        match (&op.response.value, doc.response.clone()) {
            (Response::Empty, DocResponse::Empty(_)) => {}
            (Response::Object(name), DocResponse::Table(table)) => self.bind(name, table),
            (Response::Empty, DocResponse::Table(table)) => {
                let at = self.docs.object(&table).map(|o| o.at);
                let diff = Diff {
                    spec: &op.response.loc,
                    message: "the spec returns nothing; the docs show a response table".into(),
                    docs: at.as_ref(),
                };
                self.differ(&about, AuditFacet::Response, None, diff);
            }
            (Response::Object(name), DocResponse::Empty(at)) => {
                let diff = Diff {
                    spec: &op.response.loc,
                    message: format!("the spec returns `{name}`; the docs show no response table"),
                    docs: Some(&at),
                };
                self.differ(&about, AuditFacet::Response, None, diff);
            }
        }
    }

    /// Compares the bound pairs until no new pair turns up.
    fn drain(&mut self) {
        while let Some(binding) = self.todo.pop() {
            let Some(named) = self.find(&binding.name) else {
                continue;
            };
            match named.kind {
                Kind::Object(object) => {
                    if let Some(doc) = self.docs.object(&binding.table) {
                        self.object(object, &doc);
                    }
                }
                Kind::Enum(enumeration) => {
                    if let Some(doc) = self.docs.enumeration(&binding.table) {
                        self.enumeration(enumeration, &doc);
                    }
                }
                Kind::Union(union) => {
                    if let Some(doc) = self.docs.object(&binding.table) {
                        self.union(union, &doc);
                    }
                }
            }
        }
    }

    fn bind(&mut self, name: &str, table: TableId) {
        let binding = Binding {
            name: name.to_owned(),
            table,
        };
        if self.bound.insert(binding.clone()) {
            self.todo.push(binding);
        }
    }

    fn object(&mut self, object: &'s Object, doc: &DocObject) {
        self.audited.insert(key(&object.name.loc));
        if object.deprecated.is_some() != doc.deprecated {
            let about = Subject::new(&object.audit, AuditSite::Object, &object.name.value);
            let diff = Diff {
                spec: &object.name.loc,
                message: deprecation(object.deprecated.is_some()),
                docs: Some(&doc.at),
            };
            self.differ(&about, AuditFacet::Deprecated, None, diff);
        }
        let owner = Owner::Object(object);
        self.properties(owner, &object.properties, &doc.properties, &doc.at);
    }

    fn enumeration(&mut self, e: &'s Enum, doc: &DocEnum) {
        self.audited.insert(key(&e.name.loc));
        if e.extensible != doc.extensible {
            let about = Subject::new(&e.audit, AuditSite::Enum, &e.name.value);
            let message = if e.extensible {
                "extensible in the spec; the docs do not say the list may grow"
            } else {
                "the docs say the list may grow; not `extensible` in the spec"
            };
            let diff = Diff {
                spec: &e.name.loc,
                message: message.into(),
                docs: Some(&doc.at),
            };
            self.differ(&about, AuditFacet::Extensible, None, diff);
        }
        for value in &doc.values {
            let name = format!("{}.{}", e.name.value, value.name);
            match e.values.iter().find(|v| v.name.value == value.name) {
                None => {
                    let about = Subject::new(&e.audit, AuditSite::Enum, &name);
                    let diff = Diff {
                        spec: &e.name.loc,
                        message: "the docs list this value; the spec does not".into(),
                        docs: Some(&value.at),
                    };
                    self.differ(&about, AuditFacet::Missing, Some(&value.name), diff);
                }
                Some(v) if v.deprecated.is_some() != value.deprecated => {
                    let about = Subject::new(&v.audit, AuditSite::EnumValue, &name);
                    let diff = Diff {
                        spec: &v.name.loc,
                        message: deprecation(v.deprecated.is_some()),
                        docs: Some(&value.at),
                    };
                    self.differ(&about, AuditFacet::Deprecated, None, diff);
                }
                Some(_) => {}
            }
        }
        for v in &e.values {
            if !doc.values.iter().any(|d| d.name == v.name.value) {
                let name = format!("{}.{}", e.name.value, v.name.value);
                let about = Subject::new(&v.audit, AuditSite::EnumValue, &name);
                let diff = Diff {
                    spec: &v.name.loc,
                    message: "the docs' list does not have this value".into(),
                    docs: Some(&doc.at),
                };
                self.differ(&about, AuditFacet::Undocumented, None, diff);
            }
        }
    }

    /// A union and the docs table of its shape: the discriminator row, whose
    /// value list gives the variants, and the `Value` row or one row per
    /// variant's payload.
    fn union(&mut self, u: &'s Union, doc: &DocObject) {
        self.audited.insert(key(&u.name.loc));
        let about = Subject::new(&u.audit, AuditSite::Union, &u.name.value);
        if u.deprecated.is_some() != doc.deprecated {
            let diff = Diff {
                spec: &u.name.loc,
                message: deprecation(u.deprecated.is_some()),
                docs: Some(&doc.at),
            };
            self.differ(&about, AuditFacet::Deprecated, None, diff);
        }
        let variant_about = |v: &'s Variant| {
            let name = format!("{}.{}", u.name.value, v.name.value);
            Subject::new(&v.audit, AuditSite::Variant, &name)
        };
        // The discriminator's values are the variants.
        let row = |name: &str| doc.properties.iter().find(|p| p.name == name);
        let values = row(&u.discriminator.value).and_then(|r| match &r.ty {
            DocType::Link {
                target: Some(t), ..
            } => match self.docs.definition(t) {
                Some(Definition::Enum(e)) => Some(e),
                _ => None,
            },
            _ => None,
        });
        match &values {
            Some(values) => {
                if let Some(tag) = &u.tag {
                    self.bind(&tag.value, values.id.clone());
                }
                for value in &values.values {
                    match u.variants.iter().find(|v| v.name.value == value.name) {
                        None => {
                            let about = Subject::new(
                                &u.audit,
                                AuditSite::Union,
                                &format!("{}.{}", u.name.value, value.name),
                            );
                            let diff = Diff {
                                spec: &u.name.loc,
                                message: "the docs list this discriminator value; the spec has no such variant".into(),
                                docs: Some(&value.at),
                            };
                            self.differ(&about, AuditFacet::Missing, Some(&value.name), diff);
                        }
                        Some(v) if v.deprecated.is_some() != value.deprecated => {
                            let diff = Diff {
                                spec: &v.name.loc,
                                message: deprecation(v.deprecated.is_some()),
                                docs: Some(&value.at),
                            };
                            self.differ(&variant_about(v), AuditFacet::Deprecated, None, diff);
                        }
                        Some(_) => {}
                    }
                }
                for v in &u.variants {
                    if !values.values.iter().any(|d| d.name == v.name.value) {
                        let diff = Diff {
                            spec: &v.name.loc,
                            message: "the docs' discriminator values do not have this variant"
                                .into(),
                            docs: Some(&values.at),
                        };
                        self.differ(&variant_about(v), AuditFacet::Undocumented, None, diff);
                    }
                }
            }
            None => {
                let diff = Diff {
                    spec: &u.discriminator.loc,
                    message: format!(
                        "the docs' table has no `{}` row that links to a list of values",
                        u.discriminator.value
                    ),
                    docs: Some(&doc.at),
                };
                self.differ(&about, AuditFacet::Docs, None, diff);
            }
        }
        // The payload rows: `value` holds every payload, or each variant has its own.
        let mut known: Vec<&str> = vec![&u.discriminator.value];
        match &u.value {
            Some(value) => {
                known.push(&value.value);
                if row(&value.value).is_none() {
                    let diff = Diff {
                        spec: &value.loc,
                        message: format!("the docs' table has no `{}` row", value.value),
                        docs: Some(&doc.at),
                    };
                    self.differ(&about, AuditFacet::Docs, None, diff);
                }
            }
            None => {
                for v in &u.variants {
                    let property = v.own_property();
                    let Some(payload) = &v.ty else {
                        continue;
                    };
                    known.push(&property.value);
                    let diff_type = match row(&property.value) {
                        None => Some(format!(
                            "the docs' table has no `{}` row for this variant's payload",
                            property.value
                        )),
                        Some(r) if !self.types_agree(&payload.value, &r.ty) => Some(format!(
                            "payload `{}` in the spec; `{}` in the docs",
                            type_text(&payload.value),
                            r.ty_text
                        )),
                        Some(_) => None,
                    };
                    if let Some(message) = diff_type {
                        let diff = Diff {
                            spec: &payload.loc,
                            message,
                            docs: Some(&doc.at),
                        };
                        self.differ(&variant_about(v), AuditFacet::Type, None, diff);
                    }
                }
            }
        }
        for r in doc
            .properties
            .iter()
            .filter(|r| !known.contains(&r.name.as_str()))
        {
            let about = Subject::new(
                &u.audit,
                AuditSite::Union,
                &format!("{}.{}", u.name.value, r.name),
            );
            let diff = Diff {
                spec: &u.name.loc,
                message: "the docs list this property; the spec's union does not".into(),
                docs: Some(&r.at),
            };
            self.differ(&about, AuditFacet::Missing, Some(&r.name), diff);
        }
    }

    fn properties(
        &mut self,
        owner: Owner<'s>,
        props: &'s [Property],
        rows: &[DocProperty],
        table: &DocRef,
    ) {
        for row in rows {
            match props.iter().find(|p| p.name.value == row.name) {
                Some(prop) => self.property(owner, prop, row),
                None => {
                    let diff = Diff {
                        spec: owner.loc(),
                        message: "the docs list this property; the spec does not".into(),
                        docs: Some(&row.at),
                    };
                    let about = owner.about(&row.name);
                    self.differ(&about, AuditFacet::Missing, Some(&row.name), diff);
                }
            }
        }
        for prop in props {
            if !rows.iter().any(|r| r.name == prop.name.value) {
                let about = Subject::new(
                    &prop.audit,
                    AuditSite::Property,
                    &owner.name(&prop.name.value),
                );
                let diff = Diff {
                    spec: &prop.name.loc,
                    message: "the docs' table does not list this property".into(),
                    docs: Some(table),
                };
                self.differ(&about, AuditFacet::Undocumented, None, diff);
            }
        }
    }

    fn property(&mut self, owner: Owner<'s>, prop: &'s Property, row: &DocProperty) {
        let about = Subject::new(
            &prop.audit,
            AuditSite::Property,
            &owner.name(&prop.name.value),
        );
        let differ = |a: &mut Self, facet: AuditFacet, spec: &Location, message: String| {
            let diff = Diff {
                spec,
                message,
                docs: Some(&row.at),
            };
            a.differ(&about, facet, None, diff);
        };
        if prop.deprecated.is_some() != row.deprecated {
            let message = deprecation(prop.deprecated.is_some());
            differ(self, AuditFacet::Deprecated, &prop.name.loc, message);
        }
        // Presence: the docs' `required` is present and never null; their
        // `optional` may be absent or null.
        let presence = match (row.required, prop.required, prop.nullable) {
            (true, false, _) => Some((
                AuditFacet::Required,
                "optional in the spec; required in the docs",
            )),
            (true, true, true) => Some((
                AuditFacet::Nullable,
                "nullable in the spec; required (never null) in the docs",
            )),
            (false, true, _) => Some((
                AuditFacet::Required,
                "required in the spec; optional in the docs",
            )),
            _ => None,
        };
        if let Some((facet, message)) = presence {
            differ(self, facet, &prop.name.loc, message.into());
        }
        // An update value compares its wrapped value with the wrapper's `Value` row.
        let mut value_row = None;
        let pair = match &prop.ty.value {
            TypeExpr::Update(inner) => {
                self.docs
                    .update_wrapper(&row.ty, &row.at.page)
                    .map(|(value, ty)| {
                        value_row = Some(value);
                        (inner.as_ref(), ty)
                    })
            }
            other => Some((other, row.ty.clone())),
        };
        if let Some(value) = &value_row
            && prop.nullable == value.required
        {
            let message = if prop.nullable {
                "clearable (`nullable`) in the spec; the docs' update value requires its `Value`"
            } else {
                "not clearable in the spec; the docs' update value lets its `Value` be null"
            };
            differ(self, AuditFacet::Nullable, &prop.name.loc, message.into());
        }
        if !pair.is_some_and(|(spec, docs)| self.types_agree(spec, &docs)) {
            let message = format!(
                "type `{}` in the spec; `{}` in the docs",
                type_text(&prop.ty.value),
                row.ty_text
            );
            differ(self, AuditFacet::Type, &prop.ty.loc, message);
        }
        // The docs write an update value's limits on its row or on the
        // wrapper's `Value` row.
        let limit = |own: Option<u64>, inner: fn(&DocProperty) -> Option<u64>| {
            own.or_else(|| value_row.as_ref().and_then(inner))
        };
        let c = &prop.contracts;
        let contracts = [
            (AuditFacet::MinItems, whole(&c.min_items), None),
            (
                AuditFacet::MaxItems,
                whole(&c.max_items),
                limit(row.max_items, |v| v.max_items),
            ),
            (AuditFacet::MinLength, whole(&c.min_length), None),
            (
                AuditFacet::MaxLength,
                whole(&c.max_length),
                limit(row.max_length, |v| v.max_length),
            ),
            (AuditFacet::Minimum, real(&c.minimum), None),
            (AuditFacet::Maximum, real(&c.maximum), None),
            (
                AuditFacet::MaxIntervalMonths,
                whole(&c.max_interval_months),
                limit(row.max_months, |v| v.max_months),
            ),
        ];
        for (facet, spec, docs) in contracts {
            let docs = docs.map(|d| d as f64);
            if spec.map(|(v, _)| v) == docs {
                continue;
            }
            let shown = |v: Option<f64>| v.map_or_else(|| "none".to_owned(), |v| v.to_string());
            let message = format!(
                "`{}` {} in the spec; {} in the docs",
                facet.key(),
                shown(spec.map(|(v, _)| v)),
                shown(docs)
            );
            differ(
                self,
                facet,
                spec.map_or(&prop.name.loc, |(_, loc)| loc),
                message,
            );
        }
        for part in &row.unread {
            let message =
                format!("the docs' contract says `{part}`, which the audit cannot compare");
            differ(self, AuditFacet::Type, &prop.name.loc, message);
        }
    }

    /// Whether the spec type states the docs type; binds the named types met.
    fn types_agree(&mut self, spec: &TypeExpr, docs: &DocType) -> bool {
        let shared = match docs {
            DocType::Link {
                target: Some(t), ..
            } => types::linked(t),
            _ => None,
        };
        match (spec, shared.as_ref().unwrap_or(docs)) {
            (TypeExpr::List(s), DocType::Array(d)) | (TypeExpr::Map(s), DocType::Map(d)) => {
                self.types_agree(s, d)
            }
            (
                TypeExpr::Named(name),
                DocType::Link {
                    target: Some(target),
                    ..
                },
            ) => {
                let Some(named) = self.find(name) else {
                    return false;
                };
                let table = match (self.docs.definition(target), named.kind) {
                    (Some(Definition::Object(o)), Kind::Object(_) | Kind::Union(_)) => o.id,
                    (Some(Definition::Enum(e)), Kind::Enum(_)) => e.id,
                    _ => return false,
                };
                self.bind(name, table);
                true
            }
            (
                TypeExpr::List(_) | TypeExpr::Map(_) | TypeExpr::Update(_) | TypeExpr::Named(_),
                _,
            ) => false,
            (scalar, DocType::Word(word)) => types::word_matches(&type_text(scalar), word),
            _ => false,
        }
    }

    /// Checks that each object's and enum's `docs` link names a table it
    /// was compared with (for an operation's section: its response table).
    fn links(&mut self) {
        let mut diffs = Vec::new();
        for named in &self.named {
            let tables: Vec<&TableId> = self
                .bound
                .iter()
                .filter(|b| b.name == named.name)
                .map(|b| &b.table)
                .collect();
            let linked = named.docs.and_then(|u| self.docs.table_of_url(u));
            let message = match (&linked, tables.first()) {
                (Some(t), _) if tables.contains(&t) => continue,
                (Some(_), None) => continue,
                (Some(t), Some(used)) => format!(
                    "the `docs` link names the table at {}, but the docs use {} here",
                    self.place(t),
                    self.place(used)
                ),
                (None, _) => match named.docs {
                    Some(url) => format!(
                        "the `docs` link `{url}` names no property table or value list of the docs"
                    ),
                    None => "no `docs` link, so nothing to compare with".to_owned(),
                },
            };
            let docs = tables.first().map(|t| self.place_ref(t));
            diffs.push((named.about.clone(), named.loc, message, docs));
        }
        for (about, spec, message, docs) in diffs {
            let diff = Diff {
                spec,
                message,
                docs: docs.as_ref(),
            };
            self.differ(&about, AuditFacet::Docs, None, diff);
        }
    }

    /// Where a bound table is: its rows' heading (the operation's, for an
    /// operation's own tables) and line.
    fn place_ref(&self, table: &TableId) -> DocRef {
        let object = self.docs.object(table).map(|o| o.at);
        let values = || self.docs.enumeration(table).map(|e| e.at);
        object.or_else(values).unwrap_or_else(|| DocRef {
            page: table.page.clone(),
            anchor: String::new(),
            line: 0,
        })
    }

    fn place(&self, table: &TableId) -> String {
        let r = self.place_ref(table);
        format!("{}#{}", r.page, r.anchor)
    }

    /// Reports the notes of compared items that explained nothing.
    fn stale(&mut self, files: &'s [SpecFile]) {
        let audited = |loc: &Location| self.audited.contains(&key(loc));
        let mut notes: Vec<&AuditNote> = Vec::new();
        for file in files {
            let ops = file.resource.iter().flat_map(|r| &r.operations);
            for op in ops.filter(|op| audited(&op.loc)) {
                notes.extend(&op.audit);
                notes.extend(op.request.iter().flat_map(|p| &p.audit));
            }
            for o in file.objects.iter().filter(|o| audited(&o.name.loc)) {
                notes.extend(&o.audit);
                notes.extend(o.properties.iter().flat_map(|p| &p.audit));
            }
            for e in file.enums.iter().filter(|e| audited(&e.name.loc)) {
                notes.extend(&e.audit);
                notes.extend(e.values.iter().flat_map(|v| &v.audit));
            }
            for u in file.unions.iter().filter(|u| audited(&u.name.loc)) {
                notes.extend(&u.audit);
                notes.extend(u.variants.iter().flat_map(|v| &v.audit));
            }
        }
        for note in notes {
            if self.used.contains(&key(&note.loc)) {
                continue;
            }
            let what = match &note.name {
                Some(name) => format!("`{}: {name}`", note.facet.key()),
                None => format!("`{}`", note.facet.key()),
            };
            self.findings.push(Finding {
                facet: note.facet,
                spec: note.loc.clone(),
                subject: "audit note".to_owned(),
                message: format!(
                    "{what} explains nothing: the spec and the docs agree there; remove the note"
                ),
                docs: None,
                reason: None,
            });
        }
    }
}

/// A whole-number contract as compared: its value and where it is written.
fn whole(l: &Option<Located<u64>>) -> Option<(f64, &Location)> {
    l.as_ref().map(|l| (l.value as f64, &l.loc))
}

/// A numeric bound as compared: its value and where it is written.
fn real(l: &Option<Located<f64>>) -> Option<(f64, &Location)> {
    l.as_ref().map(|l| (l.value, &l.loc))
}

fn deprecation(in_spec: bool) -> String {
    if in_spec {
        "deprecated in the spec; not in the docs".into()
    } else {
        "deprecated in the docs; not in the spec".into()
    }
}
