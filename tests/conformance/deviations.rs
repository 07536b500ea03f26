//! What the spec records about the documentation's examples, applied to one
//! example before it is checked.
//!
//! Four keys of properties describe examples that differ from the property
//! tables on purpose (spec/README.md, "Documentation quirks"):
//!
//! - `aliases`: the example spells a property another way (`ContacPerson`).
//!   The example is read as it is, so the client's type must read the
//!   alias; what it writes back is compared with the example spelt the
//!   right way.
//! - `examples_omit`: the example leaves out a property the type requires.
//!   A placeholder of the property's type is put in its place so that the
//!   rest of the example can be checked, and nothing is reported at or
//!   below it.
//! - `examples_break`: the example breaks the property's contract (a longer
//!   interval than the table allows). The contract stays; a contract
//!   violation at the property is not held against the example.
//! - `examples_invalid`: the example gives the property a value its type
//!   cannot read (a base64 text cut short with `...`). Where the example has
//!   the property, a placeholder takes the value's place, as for
//!   `examples_omit`.
//!
//! Each use is a documented deviation, listed with the example's result.
//! The walk follows the spec's types through the example; where the spec
//! has no property for a key, it leaves the key for the comparison to
//! report.

use std::collections::BTreeMap;

use codegen::spec::{Enum, Object, Property, SpecFile, TypeExpr, Union};
use serde_json::{Map, Value};

use super::compare::{Direction, Step, display_path};

/// An example ready to check: what the client's type reads, and what it
/// must write back.
#[derive(Clone, Debug, PartialEq)]
pub struct Example {
    /// The example as the client's type reads it (placeholders filled in).
    pub read: Value,
    /// What the client must write back: the same, every property under the
    /// name the spec gives it.
    pub expect: Value,
}

#[cfg(test)]
impl Example {
    /// An example the spec records nothing about.
    pub fn plain(example: Value) -> Example {
        Example {
            read: example.clone(),
            expect: example,
        }
    }
}

/// An example after the spec's deviations were applied.
#[derive(Debug)]
pub struct Prepared {
    /// What to check.
    pub example: Example,
    /// The deviations used, as `path: what` lines.
    pub deviations: Vec<String>,
    /// Paths (as mismatches write them) of the placeholders: whatever the
    /// check finds at or below them is about the placeholder, not the example.
    filled: Vec<String>,
    /// Paths of the properties whose contract the example may break
    /// (`examples_break`), with the reason.
    excused: Vec<(String, String)>,
}

impl Prepared {
    /// The reason a contract violation at `path` is excused, if it is: the
    /// spec records that the examples break that property's contract.
    pub fn excuse(&self, path: &str) -> Option<&str> {
        self.excused
            .iter()
            .find(|(at, _)| at == path)
            .map(|(_, why)| why.as_str())
    }

    /// Whether a mismatch at `path` is about a placeholder.
    pub fn is_filled(&self, path: &str) -> bool {
        self.filled.iter().any(|f| {
            path.strip_prefix(f.as_str())
                .is_some_and(|rest| rest.is_empty() || rest.starts_with(['.', '[']))
        })
    }
}

/// The spec's types, by name.
pub struct Types {
    objects: BTreeMap<String, Object>,
    enums: BTreeMap<String, Enum>,
    unions: BTreeMap<String, Union>,
}

impl Types {
    pub fn new(files: &[SpecFile]) -> Types {
        let objects = files
            .iter()
            .flat_map(|f| &f.objects)
            .map(|o| (o.name.value.clone(), o.clone()))
            .collect();
        let enums = files
            .iter()
            .flat_map(|f| &f.enums)
            .map(|e| (e.name.value.clone(), e.clone()))
            .collect();
        let unions = files
            .iter()
            .flat_map(|f| &f.unions)
            .map(|u| (u.name.value.clone(), u.clone()))
            .collect();
        Types {
            objects,
            enums,
            unions,
        }
    }

    /// Applies the deviations to `example`, the body of a request made of
    /// `properties` or of a response of type `response` (`None`: empty).
    pub fn prepare(&self, example: Value, body: Body<'_>, direction: Direction) -> Prepared {
        let mut walk = Walk {
            types: self,
            direction,
            path: Vec::new(),
            deviations: Vec::new(),
            filled: Vec::new(),
            excused: Vec::new(),
        };
        let (read, expect) = match body {
            Body::Properties(properties) => walk.object(example, properties),
            Body::Type(ty) => walk.value(example, ty),
            Body::Empty => (example.clone(), example),
        };
        Prepared {
            example: Example { read, expect },
            deviations: walk.deviations,
            filled: walk.filled,
            excused: walk.excused,
        }
    }
}

/// What an example's body is, in the spec.
#[derive(Clone, Copy)]
pub enum Body<'s> {
    /// A request: its properties.
    Properties(&'s [Property]),
    /// A response object.
    Type(&'s TypeExpr),
    /// An empty response.
    Empty,
}

struct Walk<'t> {
    types: &'t Types,
    /// Responses read `tolerate_absent` properties as optional.
    direction: Direction,
    path: Vec<Step>,
    deviations: Vec<String>,
    filled: Vec<String>,
    excused: Vec<(String, String)>,
}

impl Walk<'_> {
    /// `(read, expect)` for a value of type `ty`.
    fn value(&mut self, value: Value, ty: &TypeExpr) -> (Value, Value) {
        match (ty, value) {
            (TypeExpr::Named(name), value) => {
                if let Some(object) = self.types.objects.get(name) {
                    self.object(value, &object.properties)
                } else if let Some(union) = self.types.unions.get(name) {
                    self.union(value, union)
                } else {
                    (value.clone(), value)
                }
            }
            (TypeExpr::List(inner), Value::Array(items)) => {
                let (mut read, mut expect) = (Vec::new(), Vec::new());
                for (i, item) in items.into_iter().enumerate() {
                    self.path.push(Step::Index(i));
                    let (r, e) = self.value(item, inner);
                    self.path.pop();
                    read.push(r);
                    expect.push(e);
                }
                (Value::Array(read), Value::Array(expect))
            }
            (TypeExpr::Map(inner), Value::Object(entries)) => {
                let (mut read, mut expect) = (Map::new(), Map::new());
                for (key, item) in entries {
                    self.path.push(Step::Key(key.clone()));
                    let (r, e) = self.value(item, inner);
                    self.path.pop();
                    read.insert(key.clone(), r);
                    expect.insert(key, e);
                }
                (Value::Object(read), Value::Object(expect))
            }
            // `{"Value": ...}`: the wrapped value is the update's type.
            (TypeExpr::Update(inner), Value::Object(mut wrapper)) => {
                let Some(inner_value) = wrapper.remove("Value") else {
                    return (Value::Object(wrapper.clone()), Value::Object(wrapper));
                };
                self.path.push(Step::Key("Value".to_owned()));
                let (r, e) = self.value(inner_value, inner);
                self.path.pop();
                let mut expect = wrapper.clone();
                wrapper.insert("Value".to_owned(), r);
                expect.insert("Value".to_owned(), e);
                (Value::Object(wrapper), Value::Object(expect))
            }
            (_, value) => (value.clone(), value),
        }
    }

    /// `(read, expect)` for a union: the payload of the variant its
    /// discriminator names, where the union keeps it.
    fn union(&mut self, value: Value, union: &Union) -> (Value, Value) {
        let Value::Object(mut entries) = value else {
            return (value.clone(), value);
        };
        let discriminator = entries
            .get(&union.discriminator.value)
            .and_then(Value::as_str);
        let variant = union
            .variants
            .iter()
            .find(|v| Some(v.name.value.as_str()) == discriminator);
        let (Some(variant), Some(ty)) = (variant, variant.and_then(|v| v.ty.as_ref())) else {
            return (Value::Object(entries.clone()), Value::Object(entries));
        };
        let key = match &union.value {
            Some(key) => key.value.clone(),
            None => variant.own_property().value.clone(),
        };
        let Some(payload) = entries.remove(&key) else {
            return (Value::Object(entries.clone()), Value::Object(entries));
        };
        self.path.push(Step::Key(key.clone()));
        let (r, e) = self.value(payload, &ty.value);
        self.path.pop();
        let mut expect = entries.clone();
        entries.insert(key.clone(), r);
        expect.insert(key, e);
        (Value::Object(entries), Value::Object(expect))
    }

    /// `(read, expect)` for an object made of `properties`.
    fn object(&mut self, value: Value, properties: &[Property]) -> (Value, Value) {
        let Value::Object(entries) = value else {
            return (value.clone(), value);
        };
        let (mut read, mut expect) = (Map::new(), Map::new());
        for (key, item) in entries {
            let own = properties.iter().find(|p| p.name.value == key);
            let aliased = properties
                .iter()
                .find(|p| p.aliases.iter().any(|a| a.value == key));
            let (property, name) = match (own, aliased) {
                (Some(p), _) => (Some(p), key.clone()),
                (None, Some(p)) => {
                    self.path.push(Step::Key(key.clone()));
                    let at = display_path(&self.path);
                    self.path.pop();
                    self.deviations
                        .push(format!("{at}: an alias of `{}` (aliases)", p.name.value));
                    (Some(p), p.name.value.clone())
                }
                (None, None) => (None, key.clone()),
            };
            self.path.push(Step::Key(name.clone()));
            if let Some(why) = property.and_then(|p| p.examples_break.as_ref()) {
                self.excused.push((display_path(&self.path), why.clone()));
            }
            let invalid = property.and_then(|p| Some((p, p.examples_invalid.as_ref()?)));
            let (r, e) = match (property, invalid) {
                (_, Some((p, why))) => {
                    let at = display_path(&self.path);
                    self.deviations
                        .push(format!("{at}: replaced (examples_invalid): {why}"));
                    self.filled.push(at);
                    let placeholder = self.placeholder(&p.ty.value, 0);
                    (placeholder.clone(), placeholder)
                }
                (Some(p), None) => self.value(item, &p.ty.value),
                (None, None) => (item.clone(), item),
            };
            self.path.pop();
            read.insert(key, r);
            expect.insert(name, e);
        }
        for p in properties {
            let name = &p.name.value;
            let Some(why) = &p.examples_omit else {
                continue;
            };
            let present = expect.contains_key(name);
            // Absent is fine where the client's type reads it as optional.
            let optional = !p.required
                || p.nullable
                || matches!(p.ty.value, TypeExpr::Update(_))
                || (self.direction == Direction::Response && p.tolerate_absent.is_some());
            if present || optional {
                continue;
            }
            self.path.push(Step::Key(name.clone()));
            let at = display_path(&self.path);
            self.path.pop();
            self.deviations
                .push(format!("{at}: left out (examples_omit): {why}"));
            self.filled.push(at);
            let placeholder = self.placeholder(&p.ty.value, 0);
            read.insert(name.clone(), placeholder.clone());
            expect.insert(name.clone(), placeholder);
        }
        (Value::Object(read), Value::Object(expect))
    }

    /// A union's first variant, its payload a placeholder (`null` for a
    /// variant without payload), written in the union's shape.
    fn union_placeholder(&self, union: &Union, depth: usize) -> Value {
        let Some(variant) = union.variants.first() else {
            return Value::Null;
        };
        let payload = match &variant.ty {
            Some(ty) if depth <= 16 => self.placeholder(&ty.value, depth + 1),
            _ => Value::Null,
        };
        let mut entries = Map::new();
        entries.insert(
            union.discriminator.value.clone(),
            Value::from(variant.name.value.as_str()),
        );
        match &union.value {
            Some(key) => {
                entries.insert(key.value.clone(), payload);
            }
            // Every variant's property is written, `null` but the chosen one's.
            None => {
                for other in &union.variants {
                    entries.insert(other.own_property().value.clone(), Value::Null);
                }
                entries.insert(variant.own_property().value.clone(), payload);
            }
        }
        Value::Object(entries)
    }

    /// A value of type `ty` that the client's type reads; never compared.
    fn placeholder(&self, ty: &TypeExpr, depth: usize) -> Value {
        match ty {
            TypeExpr::Scalar(scalar) => match scalar.name {
                "string" | "base64" => Value::from(""),
                "boolean" => Value::from(false),
                "integer" | "int64" | "number" | "decimal" => Value::from(0),
                "uuid" | "hybrid-id" => Value::from("00000000-0000-0000-0000-000000000000"),
                "date-time" => Value::from("2000-01-01T00:00:00Z"),
                "date" => Value::from("2000-01-01"),
                "duration" => Value::from("PT0S"),
                // `json`, and a scalar this walk does not know: `null`, which
                // a required value of another type refuses, so that the
                // example fails rather than passes unchecked.
                _ => Value::Null,
            },
            TypeExpr::List(_) => Value::Array(Vec::new()),
            TypeExpr::Map(_) => Value::Object(Map::new()),
            TypeExpr::Named(name) => {
                if let Some(e) = self.types.enums.get(name) {
                    return e
                        .values
                        .first()
                        .map_or(Value::Null, |v| Value::from(v.name.value.as_str()));
                }
                if let Some(union) = self.types.unions.get(name) {
                    return self.union_placeholder(union, depth);
                }
                let Some(object) = self.types.objects.get(name) else {
                    return Value::Null;
                };
                // Objects cannot contain themselves other than through a
                // list or map (the checker sees to it); the bound is a guard.
                if depth > 16 {
                    return Value::Null;
                }
                let fields = object
                    .properties
                    .iter()
                    .filter(|p| p.required && !p.nullable)
                    .map(|p| {
                        (
                            p.name.value.clone(),
                            self.placeholder(&p.ty.value, depth + 1),
                        )
                    })
                    .collect();
                Value::Object(fields)
            }
            // `{"Value": ...}`, which a required update value needs.
            TypeExpr::Update(inner) => {
                let mut wrapper = Map::new();
                wrapper.insert("Value".to_owned(), self.placeholder(inner, depth + 1));
                Value::Object(wrapper)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    const SPEC: &str = r#"
resource: companies
summary: Companies.
docs: https://example.com/companies
operations:
  companies/add:
    summary: Adds companies.
    docs: https://example.com/companies#add
    request:
      Companies: { type: list<CompanyParameters>, required: true, description: The companies. }
      Note: { type: update<CompanyParameters>, description: An update. }
    response: Company
objects:
  CompanyParameters:
    description: One company.
    properties:
      Name: { type: string, required: true, max_length: 3, examples_break: one example's name is longer., description: Its name. }
      ContactPerson: { type: string, aliases: [ContacPerson], description: Who. }
      Options:
        type: CompanyOptions
        required: true
        examples_omit: the examples send none.
        description: Options.
      Kind:
        type: Kind
        required: true
        examples_omit: the examples send none.
        description: Its kind.
      Listed:
        type: update<boolean>
        required: true
        examples_invalid: an example sends `null`.
        description: Whether it is listed.
  CompanyOptions:
    description: Options.
    properties:
      Invoiceable: { type: boolean, required: true, description: Yes or no. }
      CreditLimit: { type: decimal, required: true, description: Money. }
      PaymentTerm: { type: duration, required: true, description: A duration. }
      Note: { type: string, description: Optional. }
      Since: { type: date, required: true, nullable: true, description: Maybe. }
  Company:
    description: A company.
    properties:
      Id: { type: uuid, required: true, description: Id. }
      Email:
        type: string
        required: true
        tolerate_absent: Mews may leave it out.
        examples_omit: the examples leave it out.
        description: Email.
      Logo: { type: base64, examples_invalid: the examples cut it short., description: Logo. }
enums:
  Kind:
    description: A kind.
    values: { Partner: Partner., Agency: Agency. }
"#;

    fn types() -> (Types, Vec<Property>) {
        let mut diags = codegen::Diagnostics::default();
        let file = codegen::load::load("companies.yaml", SPEC, &mut diags).expect("loads");
        assert!(diags.is_empty(), "{diags}");
        let request = file.resource.as_ref().unwrap().operations[0]
            .request
            .clone();
        (Types::new(&[file]), request)
    }

    #[test]
    fn an_alias_is_read_as_it_is_and_expected_under_the_name() {
        let (types, request) = types();
        let example = json!({"Companies": [
            {"Name": "A", "ContacPerson": "Ann", "Options": {"Invoiceable": true}, "Kind": "Partner"}
        ]});
        let prepared = types.prepare(
            example.clone(),
            Body::Properties(&request),
            Direction::Request,
        );
        assert_eq!(prepared.example.read, example);
        assert_eq!(
            prepared.example.expect,
            json!({"Companies": [
                {"Name": "A", "ContactPerson": "Ann", "Options": {"Invoiceable": true}, "Kind": "Partner"}
            ]})
        );
        assert_eq!(
            prepared.deviations,
            ["Companies[0].ContacPerson: an alias of `ContactPerson` (aliases)"]
        );
        assert!(!prepared.is_filled("Companies[0].ContactPerson"));
    }

    #[test]
    fn a_value_the_examples_give_wrong_is_replaced_where_it_is() {
        let (types, request) = types();
        let example = json!({"Companies": [
            {"Name": "A", "Options": {"Invoiceable": true}, "Kind": "Partner", "Listed": null},
            {"Name": "B", "Options": {"Invoiceable": true}, "Kind": "Partner"}
        ]});
        let prepared = types.prepare(example, Body::Properties(&request), Direction::Request);
        // A required update value gets `{"Value": ...}`; where the example
        // leaves the property out, nothing is put in.
        let expected = json!({"Companies": [
            {"Name": "A", "Options": {"Invoiceable": true}, "Kind": "Partner", "Listed": {"Value": false}},
            {"Name": "B", "Options": {"Invoiceable": true}, "Kind": "Partner"}
        ]});
        assert_eq!(prepared.example.read, expected);
        assert_eq!(prepared.example.expect, expected);
        assert_eq!(
            prepared.deviations,
            ["Companies[0].Listed: replaced (examples_invalid): an example sends `null`."]
        );
        assert!(prepared.is_filled("Companies[0].Listed"));
        assert!(!prepared.is_filled("Companies[1].Listed"));

        let company = TypeExpr::Named("Company".into());
        let example = json!({"Id": "00000000-0000-0000-0000-000000000001", "Email": "a@b", "Logo": "JVBER..."});
        let prepared = types.prepare(example, Body::Type(&company), Direction::Response);
        assert_eq!(prepared.example.read["Logo"], json!(""));
        assert_eq!(prepared.example.read["Email"], json!("a@b"));
        assert_eq!(
            prepared.deviations,
            ["Logo: replaced (examples_invalid): the examples cut it short."]
        );
    }

    #[test]
    fn a_contract_the_examples_break_is_excused_where_the_property_is() {
        let (types, request) = types();
        let example =
            json!({"Companies": [{"Name": "Alpha"}], "Note": {"Value": {"Name": "Beta"}}});
        let prepared = types.prepare(example, Body::Properties(&request), Direction::Request);
        let why = Some("one example's name is longer.");
        assert_eq!(prepared.excuse("Companies[0].Name"), why);
        assert_eq!(prepared.excuse("Note.Value.Name"), why);
        // Only where the example has the property, and only at it.
        assert_eq!(prepared.excuse("Companies[1].Name"), None);
        assert_eq!(prepared.excuse("Companies[0]"), None);
        assert_eq!(prepared.excuse("Companies[0].ContactPerson"), None);
    }

    #[test]
    fn a_property_the_examples_omit_gets_a_placeholder_and_is_not_judged() {
        let (types, request) = types();
        let example = json!({
            "Companies": [{"Name": "A"}, {"Name": "B", "Options": {"Invoiceable": false}, "Kind": "Agency"}],
            "Note": {"Value": {"Name": "C"}}
        });
        let prepared = types.prepare(example, Body::Properties(&request), Direction::Request);
        let filled = json!({
            "Name": "A",
            "Options": {"Invoiceable": false, "CreditLimit": 0, "PaymentTerm": "PT0S"},
            "Kind": "Partner"
        });
        assert_eq!(prepared.example.read["Companies"][0], filled);
        assert_eq!(prepared.example.expect["Companies"][0], filled);
        // Present where given, also inside an update's value.
        assert_eq!(prepared.example.read["Companies"][1]["Kind"], "Agency");
        assert_eq!(
            prepared.example.read["Note"]["Value"]["Options"],
            filled["Options"]
        );
        assert_eq!(
            prepared.deviations,
            [
                "Companies[0].Options: left out (examples_omit): the examples send none.",
                "Companies[0].Kind: left out (examples_omit): the examples send none.",
                "Note.Value.Options: left out (examples_omit): the examples send none.",
                "Note.Value.Kind: left out (examples_omit): the examples send none.",
            ]
        );
        assert!(prepared.is_filled("Companies[0].Options"));
        assert!(prepared.is_filled("Companies[0].Options.Invoiceable"));
        assert!(!prepared.is_filled("Companies[0].OptionsX"));
        assert!(!prepared.is_filled("Companies[1].Options"));
        assert!(!prepared.is_filled("Companies"));
    }

    #[test]
    fn responses_read_tolerate_absent_properties_as_optional_already() {
        let (types, _) = types();
        let ty = TypeExpr::Named("Company".into());
        let example = json!({"Id": "8c364829-c7ae-4972-b67f-93ea704d7228"});
        let prepared = types.prepare(example.clone(), Body::Type(&ty), Direction::Response);
        assert_eq!(prepared.example, Example::plain(example));
        assert!(prepared.deviations.is_empty());
    }

    #[test]
    fn the_walk_follows_a_union_to_its_variant_s_payload() {
        let spec = r#"
objects:
  Holder:
    description: Holds unions.
    properties:
      Data: { type: Data, required: true, description: In `Value`. }
      Profile: { type: Profile, required: true, description: One property per variant. }
  Payload:
    description: A payload.
    properties:
      ContactPerson: { type: string, aliases: [ContacPerson], description: Who. }
unions:
  Data:
    description: Data.
    discriminator: Discriminator
    value: Value
    variants:
      Some: { type: Payload, description: Some. }
      None: Nothing.
  Profile:
    description: A profile.
    discriminator: Discriminator
    variants:
      Staff: { type: Payload, property: StaffProfile, description: Staff. }
"#;
        let mut diags = codegen::Diagnostics::default();
        let file = codegen::load::load("u.yaml", spec, &mut diags).expect("loads");
        assert!(diags.is_empty(), "{diags}");
        let types = Types::new(&[file]);
        let ty = TypeExpr::Named("Holder".into());
        let example = json!({
            "Data": {"Discriminator": "Some", "Value": {"ContacPerson": "Ann"}},
            "Profile": {"Discriminator": "Staff", "StaffProfile": {"ContacPerson": "Bob"}}
        });
        let prepared = types.prepare(example.clone(), Body::Type(&ty), Direction::Response);
        assert_eq!(prepared.example.read, example);
        assert_eq!(
            prepared.example.expect,
            json!({
                "Data": {"Discriminator": "Some", "Value": {"ContactPerson": "Ann"}},
                "Profile": {"Discriminator": "Staff", "StaffProfile": {"ContactPerson": "Bob"}}
            })
        );
        assert_eq!(
            prepared.deviations,
            [
                "Data.Value.ContacPerson: an alias of `ContactPerson` (aliases)",
                "Profile.StaffProfile.ContacPerson: an alias of `ContactPerson` (aliases)",
            ]
        );
        // A discriminator the spec does not list leaves the payload as it is.
        let other = json!({"Data": {"Discriminator": "Later", "Value": {"ContacPerson": "C"}}});
        let prepared = types.prepare(other.clone(), Body::Type(&ty), Direction::Response);
        assert_eq!(prepared.example, Example::plain(other));
    }

    #[test]
    fn keys_the_spec_does_not_know_are_left_for_the_comparison() {
        let (types, request) = types();
        let example = json!({"Colour": "red", "Companies": "not a list"});
        let prepared = types.prepare(
            example.clone(),
            Body::Properties(&request),
            Direction::Request,
        );
        assert_eq!(prepared.example, Example::plain(example));
        assert!(prepared.deviations.is_empty());
    }
}
