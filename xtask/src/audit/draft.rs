//! `cargo xtask audit --docs DIR --draft RESOURCE`: the skeleton of a spec
//! file for a resource, from its docs: the maintainer's path to the next
//! Mews endpoint.
//!
//! Facts only: operation paths, property names, types, presence,
//! contracts, enum values, deprecations and links. Every summary,
//! description and deprecation message is `TODO`, which the checker refuses
//! until the author has written it in their own words. Where the docs'
//! `string` is clearly an identifier or a timestamp, the draft proposes
//! `uuid` or `date-time` and shows the docs' word in a comment. Objects and
//! enums the spec already has (found by their `docs` links) are reused by
//! name; the others reached from the resource's operations are drafted too.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use codegen::load::TODO;
use codegen::spec::{SpecFile, TypeExpr};

use super::docs::{
    DOCS_URL, Definition, DocEnum, DocObject, DocOperation, DocProperty, DocResponse, DocType,
    DocValue, Docs, TableId, Target,
};
use super::markdown::slug;
use super::types;

/// The skeleton of `resource`'s spec file, or why there is none.
pub fn draft(docs: &Docs, files: &[SpecFile], resource: &str) -> Result<String, String> {
    let ops: Vec<&DocOperation> = docs
        .operations
        .iter()
        .filter(|o| o.resource() == resource)
        .collect();
    if ops.is_empty() {
        let mut resources: Vec<&str> = docs.operations.iter().map(|o| o.resource()).collect();
        resources.dedup();
        resources.sort_unstable();
        resources.dedup();
        return Err(format!(
            "the docs have no operation on `{resource}` (a URL segment, e.g. `{}`)",
            resources.first().copied().unwrap_or("vouchers")
        ));
    }
    let mut d = Drafter {
        docs,
        names: BTreeMap::new(),
        taken: BTreeSet::new(),
        envelope: files
            .iter()
            .filter_map(|f| f.envelope.as_ref())
            .flat_map(|e| &e.properties)
            .map(|p| p.name.value.clone())
            .collect(),
        todo: Vec::new(),
        received: BTreeSet::new(),
    };
    for file in files {
        let named = file
            .objects
            .iter()
            .map(|o| (&o.name.value, &o.docs))
            .chain(file.enums.iter().map(|e| (&e.name.value, &e.docs)));
        for (name, url) in named {
            d.taken.insert(name.clone());
            if let Some(table) = url.as_deref().and_then(|u| docs.table_of_url(u)) {
                d.names
                    .entry(table)
                    .or_insert_with(|| Known::Spec(name.clone()));
            }
        }
    }
    let page = &ops[0].at.page;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# Drafted by `cargo xtask audit --draft {resource}` from {page}: facts only.\n\
         # Write each `{TODO}` in your own words (the checker refuses it), check the\n\
         # proposed types and names, move shared types where they belong, then run\n\
         # `cargo xtask regen` and `cargo xtask audit`."
    );
    let _ = writeln!(out, "resource: {resource}");
    let _ = writeln!(out, "summary: {TODO}");
    let _ = writeln!(out, "docs: {}", url(page, ""));
    let _ = writeln!(out, "\noperations:");
    for (i, op) in ops.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        d.operation(&mut out, op);
    }
    let mut objects = String::new();
    let mut enums = String::new();
    let mut unions = String::new();
    let mut done = BTreeSet::new();
    while let Some(table) = d.todo.pop() {
        if !done.insert(table.clone()) {
            continue;
        }
        if let Some(object) = docs.object(&table) {
            match union_shape(docs, &object) {
                Some(shape) => d.union(&mut unions, &object, &shape),
                None => d.object(&mut objects, &object),
            }
        } else if let Some(values) = docs.enumeration(&table) {
            let Some(Known::Draft(name)) = d.names.get(&table).cloned() else {
                continue;
            };
            let _ = writeln!(enums, "\n  {name}:");
            let _ = writeln!(enums, "    description: {TODO}");
            let _ = writeln!(
                enums,
                "    docs: {}",
                url(&values.at.page, &values.at.anchor)
            );
            if values.extensible {
                let _ = writeln!(enums, "    extensible: true");
            }
            let _ = writeln!(enums, "    values:");
            for v in &values.values {
                if v.deprecated {
                    let _ = writeln!(
                        enums,
                        "      {}: {{ description: {TODO}, deprecated: {TODO} }}",
                        yaml_key(&v.name)
                    );
                } else {
                    let _ = writeln!(enums, "      {}: {TODO}", yaml_key(&v.name));
                }
            }
        }
    }
    if !objects.is_empty() {
        let _ = write!(out, "\nobjects:{objects}");
    }
    if !enums.is_empty() {
        let _ = write!(out, "\nenums:{enums}");
    }
    if !unions.is_empty() {
        let _ = write!(out, "\nunions:{unions}");
    }
    Ok(out)
}

/// How a docs table is called in the draft.
#[derive(Clone)]
enum Known {
    /// By a type the spec already has.
    Spec(String),
    /// By a type the draft defines.
    Draft(String),
}

struct Drafter<'d> {
    docs: &'d Docs,
    names: BTreeMap<TableId, Known>,
    taken: BTreeSet<String>,
    envelope: BTreeSet<String>,
    /// Tables to draft, last first.
    todo: Vec<TableId>,
    /// Tables met in a response (their optional properties may be null).
    received: BTreeSet<TableId>,
}

impl Drafter<'_> {
    fn operation(&mut self, out: &mut String, op: &DocOperation) {
        let _ = writeln!(out, "  {}:", op.path);
        let _ = writeln!(out, "    summary: {TODO}");
        let _ = writeln!(out, "    docs: {}", url(&op.at.page, &op.at.anchor));
        if op.deprecated {
            let _ = writeln!(out, "    deprecated: {TODO}");
        }
        if op.restricted {
            let _ = writeln!(out, "    beta: true  # the docs: Restricted!");
        }
        let action = op.path.split('/').nth(1).unwrap_or_default();
        if action.starts_with("get") {
            let _ = writeln!(out, "    safe_to_retry: true  # a read");
        }
        let request: Vec<DocProperty> = op
            .request
            .as_ref()
            .and_then(|t| self.docs.object(t))
            .map(|o| o.properties)
            .unwrap_or_default()
            .into_iter()
            .filter(|p| !self.envelope.contains(&p.name))
            .collect();
        let response = match &op.response {
            DocResponse::Table(t) => self.docs.object(t),
            DocResponse::Empty(_) => None,
        };
        let has = |props: &[DocProperty], name: &str| props.iter().any(|p| p.name == name);
        if has(&request, "Limitation")
            && let Some(response) = &response
            && has(&response.properties, "Cursor")
        {
            let lists: Vec<&str> = response
                .properties
                .iter()
                .filter(|p| matches!(p.ty, DocType::Array(_)))
                .map(|p| p.name.as_str())
                .collect();
            match lists.as_slice() {
                [one] => {
                    let _ = writeln!(out, "    pagination: {{ items: {one} }}");
                }
                _ => {
                    let _ = writeln!(
                        out,
                        "    pagination: {{ items: {} }}  # {TODO}: which list pages? {}",
                        lists.first().copied().unwrap_or(TODO),
                        lists.join(", ")
                    );
                }
            }
        }
        if has(&request, "EnterpriseIds") {
            let _ = writeln!(out, "    portfolio: read");
        } else if has(&request, "EnterpriseId") {
            let _ = writeln!(out, "    portfolio: write");
        }
        if request.is_empty() {
            let _ = writeln!(out, "    request: {{}}");
        } else {
            let _ = writeln!(out, "    request:");
            for p in &request {
                self.property(out, p, false, "      ");
            }
        }
        match (&op.response, response) {
            (DocResponse::Table(table), Some(_)) => {
                self.received.insert(table.clone());
                let name = self.name_for(table, &format!("{}Result", pascal(&op.path)));
                let _ = writeln!(out, "    response: {name}");
            }
            _ => {
                let _ = writeln!(out, "    response: empty");
            }
        }
    }

    fn object(&mut self, out: &mut String, object: &DocObject) {
        let Some(Known::Draft(name)) = self.names.get(&object.id).cloned() else {
            return;
        };
        let received = self.received.contains(&object.id);
        let _ = writeln!(out, "\n  {name}:");
        let _ = writeln!(out, "    description: {TODO}");
        let _ = writeln!(out, "    docs: {}", url(&object.at.page, &object.at.anchor));
        if object.deprecated {
            let _ = writeln!(out, "    deprecated: {TODO}");
        }
        let interval = interval(&object.properties);
        if let Some((start, end)) = interval {
            let _ = writeln!(out, "    interval: {{ start: {start}, end: {end} }}");
        }
        let _ = writeln!(out, "    properties:");
        for p in &object.properties {
            if interval.is_some() && matches!(p.name.as_str(), "Start" | "End") {
                // A date interval: the docs' `string` holds a date.
                let _ = writeln!(out, "      {}:", p.name);
                let _ = writeln!(out, "        type: date  # the docs say `string`");
                let _ = writeln!(out, "        required: true");
                let _ = writeln!(out, "        description: {TODO}");
                continue;
            }
            self.property(out, p, received, "      ");
        }
    }

    fn union(&mut self, out: &mut String, object: &DocObject, shape: &UnionShape) {
        let Some(Known::Draft(name)) = self.names.get(&object.id).cloned() else {
            return;
        };
        let received = self.received.contains(&object.id);
        let _ = writeln!(out, "\n  {name}:");
        let _ = writeln!(out, "    description: {TODO}");
        let _ = writeln!(out, "    docs: {}", url(&object.at.page, &object.at.anchor));
        if object.deprecated {
            let _ = writeln!(out, "    deprecated: {TODO}");
        }
        let _ = writeln!(out, "    discriminator: {}", shape.discriminator);
        if let Some(value) = &shape.value {
            let _ = writeln!(out, "    value: {value}");
        }
        let tag = self.name_for(&shape.values.id, &pascal(&format!("{name} discriminator")));
        let _ = writeln!(out, "    tag: {tag}");
        let _ = writeln!(out, "    variants:");
        for (value, payload) in &shape.variants {
            let mut fields = Vec::new();
            if let Some(payload) = payload {
                if received {
                    self.received.insert(payload.table.clone());
                }
                let title = table_title(self.docs, &payload.table);
                let ty = self.name_for(&payload.table, &pascal(&title));
                fields.push(format!("type: {ty}"));
                if let Some(property) = payload.property.as_ref().filter(|p| **p != value.name) {
                    fields.push(format!("property: {property}"));
                }
            }
            fields.push(format!("description: {TODO}"));
            if value.deprecated {
                fields.push(format!("deprecated: {TODO}"));
            }
            let note = match (payload, &shape.value) {
                (None, Some(_)) => "  # no payload table found: add `type` if it has one",
                _ => "",
            };
            let _ = writeln!(
                out,
                "      {}: {{ {} }}{note}",
                yaml_key(&value.name),
                fields.join(", ")
            );
        }
    }

    fn property(&mut self, out: &mut String, p: &DocProperty, received: bool, indent: &str) {
        let _ = writeln!(out, "{indent}{}:", yaml_key(&p.name));
        let mut max_items = p.max_items;
        let mut max_length = p.max_length;
        let mut nullable = received && !p.required;
        let wrapper = self.docs.update_wrapper(&p.ty, &p.at.page);
        let inner_ty = match &wrapper {
            Some((value, inner)) => {
                max_items = max_items.or(value.max_items);
                max_length = max_length.or(value.max_length);
                nullable = !value.required;
                inner.clone()
            }
            None => p.ty.clone(),
        };
        let (value_ty, note) = self.type_of(&inner_ty, p, received, max_length.is_some());
        let ty = match wrapper {
            Some(_) => format!("update<{value_ty}>"),
            None => value_ty.clone(),
        };
        match note {
            Some(note) => {
                let _ = writeln!(out, "{indent}  type: {ty}  # {note}");
            }
            None => {
                let _ = writeln!(out, "{indent}  type: {ty}");
            }
        }
        if p.required {
            let _ = writeln!(out, "{indent}  required: true");
        }
        if nullable {
            let _ = writeln!(out, "{indent}  nullable: true");
        }
        if p.deprecated {
            let _ = writeln!(out, "{indent}  deprecated: {TODO}");
        }
        // A contract the docs put on a type it cannot apply to stays a comment.
        let is_list = value_ty.starts_with("list<");
        for (key, value, fits) in [
            ("max_items", max_items, is_list),
            ("max_length", max_length, value_ty == "string"),
            ("max_interval_months", p.max_months, !is_list),
        ] {
            match value {
                Some(n) if fits => {
                    let _ = writeln!(out, "{indent}  {key}: {n}");
                }
                Some(n) => {
                    let _ = writeln!(
                        out,
                        "{indent}  # {TODO}: the docs give `{value_ty}` a `{key}` of {n}"
                    );
                }
                None => {}
            }
        }
        for part in &p.unread {
            let _ = writeln!(out, "{indent}  # the docs' contract also says: {part}");
        }
        let _ = writeln!(out, "{indent}  description: {TODO}");
    }

    /// The spec type for a docs type, and a note when the draft chose more
    /// than the docs say or could not decide.
    fn type_of(
        &mut self,
        ty: &DocType,
        p: &DocProperty,
        received: bool,
        has_length: bool,
    ) -> (String, Option<String>) {
        let shared = match ty {
            DocType::Link {
                target: Some(t), ..
            } => types::linked(t),
            _ => None,
        };
        match shared.as_ref().unwrap_or(ty) {
            DocType::Array(inner) => {
                let (t, note) = self.type_of(inner, p, received, has_length);
                (format!("list<{t}>"), note)
            }
            DocType::Map(inner) => {
                let (t, note) = self.type_of(inner, p, received, has_length);
                (format!("map<{t}>"), note)
            }
            DocType::Word(word) => scalar(word, &p.name, has_length),
            DocType::Link {
                target: None, href, ..
            } => (
                "json".to_owned(),
                Some(format!("{TODO}: the docs link `{href}` leads nowhere")),
            ),
            DocType::Link {
                target: Some(target),
                title,
                ..
            } => {
                let table = match self.docs.definition(target) {
                    Some(Definition::Object(o)) => o.id,
                    Some(Definition::Enum(e)) => e.id,
                    _ => {
                        return (
                            "json".to_owned(),
                            Some(format!(
                                "{TODO}: `{title}` has no property table or value list"
                            )),
                        );
                    }
                };
                if received {
                    self.received.insert(table.clone());
                }
                let name = self.name_for(&table, &pascal(title));
                (name, None)
            }
        }
    }

    /// The name of the spec type for a docs table, drafting it when new.
    fn name_for(&mut self, table: &TableId, wanted: &str) -> String {
        if let Some(Known::Spec(name) | Known::Draft(name)) = self.names.get(table) {
            return name.clone();
        }
        let mut name = wanted.to_owned();
        let mut n = 1;
        while self.taken.contains(&name) {
            n += 1;
            name = format!("{wanted}{n}");
        }
        self.taken.insert(name.clone());
        self.names.insert(table.clone(), Known::Draft(name.clone()));
        self.todo.insert(0, table.clone());
        name
    }
}

/// A docs word as a spec scalar. A `string` whose name says it is an
/// identifier (`...Id`, `...Ids`, `Cursor`) and that has no length limit is
/// proposed as `uuid`, one named `...Utc` as `date-time`; both noted.
fn scalar(word: &str, name: &str, has_length: bool) -> (String, Option<String>) {
    let supported = |t: &str| TypeExpr::parse(t).is_ok();
    let noted = |t: &str| (t.to_owned(), Some(format!("the docs say `{word}`")));
    match word {
        "string" => {
            let singular = name.strip_suffix('s').unwrap_or(name);
            if !has_length && (singular.ends_with("Id") || name == "Cursor") {
                noted("uuid")
            } else if name.ends_with("Utc") {
                noted("date-time")
            } else {
                ("string".to_owned(), None)
            }
        }
        "boolean" | "integer" | "number" => (word.to_owned(), None),
        "decimal" if supported("decimal") => ("decimal".to_owned(), None),
        "decimal" => noted("number"),
        "hybrid identifier" if supported("hybrid-id") => ("hybrid-id".to_owned(), None),
        "hybrid identifier" => noted("string"),
        "object" | "any" => ("json".to_owned(), None),
        other => (
            "json".to_owned(),
            Some(format!(
                "{TODO}: the docs' type `{other}` is not one the draft knows"
            )),
        ),
    }
}

/// A docs table that is a discriminated union.
struct UnionShape {
    /// The row naming the variant.
    discriminator: String,
    /// The row holding every payload, for the `{Discriminator, Value}` shape.
    value: Option<String>,
    /// The discriminator's value list.
    values: DocEnum,
    /// Each value, with its payload when the docs have a table for it.
    variants: Vec<(DocValue, Option<Payload>)>,
}

/// Where a variant's payload is.
struct Payload {
    /// The row holding it, for the shape with one row per variant.
    property: Option<String>,
    /// Its table.
    table: TableId,
}

/// Whether a table is a union: a `Discriminator` row linking to a value
/// list, and either a `Value` row of type `object` (the payload tables are
/// then the headings named after a value and the table's own title, like
/// `Bookable service data` beside `Service data`) or only optional rows
/// linking to tables, each named after a value (`EnterpriseProfile` for
/// `Enterprise`).
fn union_shape(docs: &Docs, object: &DocObject) -> Option<UnionShape> {
    let discriminator = object
        .properties
        .iter()
        .find(|p| p.name == "Discriminator")?;
    let DocType::Link {
        target: Some(target),
        ..
    } = &discriminator.ty
    else {
        return None;
    };
    let Some(Definition::Enum(values)) = docs.definition(target) else {
        return None;
    };
    let others: Vec<&DocProperty> = object
        .properties
        .iter()
        .filter(|p| p.name != discriminator.name)
        .collect();
    let table_at = |target: &Option<Target>| match target.as_ref().and_then(|t| docs.definition(t))
    {
        Some(Definition::Object(o)) => Some(o.id),
        _ => None,
    };
    let value_shape = matches!(others.as_slice(),
        [value] if value.name == "Value" && value.ty == DocType::Word("object".to_owned()));
    let variants = if value_shape {
        values
            .values
            .iter()
            .map(|v| {
                let anchor = format!("{}-{}", slug(&v.name), object.at.anchor);
                let target = Target {
                    page: object.at.page.clone(),
                    anchor,
                };
                let payload = table_at(&Some(target)).map(|table| Payload {
                    property: None,
                    table,
                });
                (v.clone(), payload)
            })
            .collect()
    } else {
        let mut variants = Vec::new();
        for v in &values.values {
            let row = others.iter().find(|p| p.name.starts_with(&v.name));
            let payload = match row {
                Some(row) if !row.required => match &row.ty {
                    DocType::Link { target, .. } => Some(Payload {
                        property: Some(row.name.clone()),
                        table: table_at(target)?,
                    }),
                    _ => return None,
                },
                Some(_) => return None,
                None => None,
            };
            variants.push((v.clone(), payload));
        }
        // Every other row must hold a variant's payload.
        let used = variants.iter().filter(|(_, p)| p.is_some()).count();
        if used != others.len() {
            return None;
        }
        variants
    };
    Some(UnionShape {
        discriminator: discriminator.name.clone(),
        value: value_shape.then(|| "Value".to_owned()),
        values,
        variants,
    })
}

/// The heading of a table, for naming its draft.
fn table_title(docs: &Docs, table: &TableId) -> String {
    docs.title(table).unwrap_or_else(|| "Payload".to_owned())
}

/// The start and end of an object that is a time or date interval: its
/// only two properties, both required, named `StartUtc`/`EndUtc` or `Start`/`End`.
fn interval(props: &[DocProperty]) -> Option<(&str, &str)> {
    match props {
        [start, end] if start.required && end.required => {
            match (start.name.as_str(), end.name.as_str()) {
                (s @ "StartUtc", e @ "EndUtc") | (s @ "Start", e @ "End") => Some((s, e)),
                _ => None,
            }
        }
        _ => None,
    }
}

/// A docs URL for a page and anchor.
fn url(page: &str, anchor: &str) -> String {
    let page = page.strip_suffix(".md").unwrap_or(page);
    let page = page.strip_suffix("/README").unwrap_or(page);
    if anchor.is_empty() {
        format!("{DOCS_URL}{page}")
    } else {
        format!("{DOCS_URL}{page}#{anchor}")
    }
}

/// A spec type name from a docs title or path: `Voucher code parameters`
/// gives `VoucherCodeParameters`, `Reservation (ver 2023-06-06)`
/// `ReservationVer20230606`, `voucherCodes/getAll` `VoucherCodesGetAll`.
fn pascal(text: &str) -> String {
    let mut out = String::new();
    for word in text
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        let mut chars = word.chars();
        if let Some(first) = chars.next() {
            out.push(first.to_ascii_uppercase());
            out.push_str(chars.as_str());
        }
    }
    if out.is_empty() || out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, 'T');
    }
    out
}

/// A mapping key, quoted when YAML would read it as something else.
fn yaml_key(key: &str) -> String {
    let plain = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        && !key.starts_with(|c: char| c.is_ascii_digit() || c == '-')
        && !matches!(
            key.to_ascii_lowercase().as_str(),
            "true" | "false" | "null" | "yes" | "no" | "on" | "off" | "y" | "n"
        );
    if plain {
        key.to_owned()
    } else {
        format!("'{}'", key.replace('\'', "''"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_from_titles() {
        assert_eq!(pascal("Voucher code parameters"), "VoucherCodeParameters");
        assert_eq!(
            pascal("Reservation (ver 2023-06-06)"),
            "ReservationVer20230606"
        );
        assert_eq!(pascal("voucherCodes/getAll"), "VoucherCodesGetAll");
        assert_eq!(pascal("3D secure"), "T3DSecure");
    }

    #[test]
    fn keys_yaml_would_misread_are_quoted() {
        assert_eq!(yaml_key("Public"), "Public");
        assert_eq!(yaml_key("No"), "'No'");
        assert_eq!(yaml_key("3DSecure"), "'3DSecure'");
        assert_eq!(yaml_key("a b"), "'a b'");
        assert_eq!(yaml_key("it's"), "'it''s'");
    }
}
