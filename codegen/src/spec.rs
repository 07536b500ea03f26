//! The spec as written: one [`SpecFile`] per YAML file, nothing resolved yet.
//!
//! `load` builds these from YAML and keeps a [`Location`] on everything a
//! later stage may need to complain about; `check` judges them; `lower` turns
//! them into the IR. See `spec/README.md` for the format itself.

use crate::diagnostic::Location;
use crate::scalar::{self, Scalar};

/// A value together with where it was written.
#[derive(Clone, Debug)]
pub struct Located<T> {
    /// The value.
    pub value: T,
    /// Where it was written.
    pub loc: Location,
}

/// One spec file.
#[derive(Clone, Debug, Default)]
pub struct SpecFile {
    /// The file name, e.g. `voucher_codes.yaml`.
    pub name: String,
    /// The resource this file describes, if any (`_common.yaml` has none).
    pub resource: Option<Resource>,
    /// The request envelope (only in the shared file).
    pub envelope: Option<Envelope>,
    /// Named objects.
    pub objects: Vec<Object>,
    /// Named enums.
    pub enums: Vec<Enum>,
    /// Named discriminated unions.
    pub unions: Vec<Union>,
}

/// A Mews resource: a URL segment with its operations.
#[derive(Clone, Debug)]
pub struct Resource {
    /// The URL segment, e.g. `voucherCodes`.
    pub name: Located<String>,
    /// One line in our own words.
    pub summary: String,
    /// Link to the Mews documentation page.
    pub docs: String,
    /// The operations, in file order.
    pub operations: Vec<Operation>,
}

/// One operation.
#[derive(Clone, Debug)]
pub struct Operation {
    /// The URL path below `/api/connector/v1/`, e.g. `voucherCodes/getAll`.
    pub path: Located<String>,
    /// One line in our own words.
    pub summary: String,
    /// Link to the operation's Mews documentation.
    pub docs: String,
    /// Deprecation message, if the operation is deprecated.
    pub deprecated: Option<String>,
    /// Whether Mews marks the operation restricted: in beta test, subject
    /// to change.
    pub beta: bool,
    /// Whether sending it twice is harmless (reads).
    pub safe_to_retry: bool,
    /// The method name the spec gives, instead of the one made from the path.
    pub method: Option<Located<String>>,
    /// Cursor pagination, if the operation pages.
    pub pagination: Option<Pagination>,
    /// Portfolio access token support, if any.
    pub portfolio: Option<Located<Portfolio>>,
    /// The request's properties, in order: with parameter sets, those that
    /// every set shares.
    pub request: Vec<Property>,
    /// Mutually exclusive groups of further request properties, of which a
    /// request carries exactly one; empty for most operations.
    pub parameter_sets: Vec<ParameterSet>,
    /// What the operation returns.
    pub response: Located<Response>,
    /// A window of time units between two request properties, whose
    /// longest span depends on the service's time unit.
    pub time_unit_window: Option<TimeUnitWindow>,
    /// Where the operation is defined.
    pub loc: Location,
    /// Its intended differences from the Mews documentation.
    pub audit: Vec<AuditNote>,
    /// The documentation's examples that are not of this operation at all
    /// (another operation's answer pasted under it), with the reason:
    /// conformance does not check them and reports them as documented
    /// deviations.
    pub examples_wrong: ExamplesWrong,
}

/// Which of an operation's documented examples belong to another operation
/// (`examples_wrong`), each with the reason.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ExamplesWrong {
    /// Why the request example is not this operation's.
    pub request: Option<String>,
    /// Why the response example is not this operation's.
    pub response: Option<String>,
}

/// What an operation returns.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Response {
    /// A named object.
    Object(String),
    /// Nothing of interest: `{}` or `204 No Content`.
    Empty,
}

/// How an operation pages.
#[derive(Clone, Debug)]
pub struct Pagination {
    /// The response property holding the page's items.
    pub items: Located<String>,
    /// Where the `pagination` block is.
    pub loc: Location,
}

/// How an operation takes portfolio access tokens: the request property
/// that selects the enterprises or chains it acts on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Portfolio {
    /// `EnterpriseIds` (`read`): an optional filter list.
    EnterpriseIds,
    /// `EnterpriseId` (`write`): one enterprise, required with a portfolio token.
    EnterpriseId,
    /// `ChainIds`: an optional filter list.
    ChainIds,
    /// `ChainId`: one chain, required with a portfolio token.
    ChainId,
}

impl Portfolio {
    /// Every selector, as the spec writes it.
    pub const ALL: [Portfolio; 4] = [
        Portfolio::EnterpriseIds,
        Portfolio::EnterpriseId,
        Portfolio::ChainIds,
        Portfolio::ChainId,
    ];

    /// The selector named by a `portfolio` value; `read` and `write` are
    /// short for the enterprise selectors.
    pub fn parse(text: &str) -> Option<Portfolio> {
        match text {
            "read" => Some(Portfolio::EnterpriseIds),
            "write" => Some(Portfolio::EnterpriseId),
            _ => Portfolio::ALL.into_iter().find(|p| p.property() == text),
        }
    }

    /// The request property's JSON name.
    pub fn property(self) -> &'static str {
        match self {
            Portfolio::EnterpriseIds => "EnterpriseIds",
            Portfolio::EnterpriseId => "EnterpriseId",
            Portfolio::ChainIds => "ChainIds",
            Portfolio::ChainId => "ChainId",
        }
    }

    /// Whether it is a filter list (left out: everything the token covers)
    /// rather than one target.
    pub fn is_list(self) -> bool {
        matches!(self, Portfolio::EnterpriseIds | Portfolio::ChainIds)
    }

    /// Whether a portfolio access token makes the property required.
    pub fn required_with_portfolio_token(self) -> bool {
        !self.is_list()
    }

    /// The property's type: `list<uuid>` or `uuid`.
    pub fn ty(self) -> TypeExpr {
        let uuid = TypeExpr::Scalar(&scalar::UUID);
        if self.is_list() {
            TypeExpr::List(Box::new(uuid))
        } else {
            uuid
        }
    }
}

/// One of an operation's mutually exclusive parameter sets.
#[derive(Clone, Debug)]
pub struct ParameterSet {
    /// The set's name, e.g. `ByIds`: a Rust type and variant name.
    pub name: Located<String>,
    /// Our own description.
    pub description: String,
    /// The set's properties, in order.
    pub properties: Vec<Property>,
}

/// The properties every request carries, filled in by the client.
#[derive(Clone, Debug)]
pub struct Envelope {
    /// Link to the Mews documentation.
    pub docs: String,
    /// The properties, in order.
    pub properties: Vec<EnvelopeProperty>,
    /// Where the envelope is defined.
    pub loc: Location,
}

/// One envelope property and what the client puts there.
#[derive(Clone, Debug)]
pub struct EnvelopeProperty {
    /// The JSON name.
    pub name: Located<String>,
    /// What the client puts there.
    pub role: Located<String>,
    /// Our own description.
    pub description: String,
}

/// A named object type.
#[derive(Clone, Debug)]
pub struct Object {
    /// The name, e.g. `VoucherCode`.
    pub name: Located<String>,
    /// Our own description.
    pub description: String,
    /// Link to the Mews documentation.
    pub docs: Option<String>,
    /// Deprecation message.
    pub deprecated: Option<String>,
    /// Set when the object is a time or date interval: its start and end.
    pub interval: Option<Located<(String, String)>>,
    /// A window of time units between two of its properties, whose longest
    /// span depends on the service's time unit.
    pub time_unit_window: Option<TimeUnitWindow>,
    /// The properties, in order.
    pub properties: Vec<Property>,
    /// Its intended differences from the Mews documentation.
    pub audit: Vec<AuditNote>,
}

/// `time_unit_window`: the span from the start of a first time unit to the
/// start of a last one (`FirstTimeUnitStartUtc`, `LastTimeUnitStartUtc`),
/// at most so many time units long, by the service's time unit.
#[derive(Clone, Debug)]
pub struct TimeUnitWindow {
    /// The property holding the start of the first time unit.
    pub start: Located<String>,
    /// The property holding the start of the last time unit.
    pub end: Located<String>,
    /// The most time units, per time unit, in the order written.
    pub max: Vec<(WindowUnit, Located<u64>)>,
    /// Where the `time_unit_window` block is.
    pub loc: Location,
}

/// A time unit, as `time_unit_window.max` names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum WindowUnit {
    /// `hours`
    Hours,
    /// `days`
    Days,
    /// `months`
    Months,
}

impl WindowUnit {
    /// Every unit, shortest first.
    pub const ALL: [WindowUnit; 3] = [WindowUnit::Hours, WindowUnit::Days, WindowUnit::Months];

    /// The key in `max`.
    pub fn key(self) -> &'static str {
        match self {
            WindowUnit::Hours => "hours",
            WindowUnit::Days => "days",
            WindowUnit::Months => "months",
        }
    }

    /// The largest limit the checker takes: a century.
    pub fn most(self) -> u64 {
        match self {
            WindowUnit::Hours => 876_600,
            WindowUnit::Days => 36_525,
            WindowUnit::Months => 1_200,
        }
    }
}

impl TimeUnitWindow {
    /// The limit stated for `unit`.
    pub fn limit(&self, unit: WindowUnit) -> Option<u64> {
        self.max
            .iter()
            .find(|(u, _)| *u == unit)
            .map(|(_, n)| n.value)
    }
}

/// A named enum.
#[derive(Clone, Debug)]
pub struct Enum {
    /// The name, e.g. `ActivityState`.
    pub name: Located<String>,
    /// Our own description.
    pub description: String,
    /// Link to the Mews documentation.
    pub docs: Option<String>,
    /// Whether Mews says the list may grow (`x-extensible`).
    pub extensible: bool,
    /// The values, in order.
    pub values: Vec<EnumValue>,
    /// Its intended differences from the Mews documentation.
    pub audit: Vec<AuditNote>,
}

/// One enum value.
#[derive(Clone, Debug)]
pub struct EnumValue {
    /// The JSON string.
    pub name: Located<String>,
    /// Our own description.
    pub description: Option<String>,
    /// Deprecation message.
    pub deprecated: Option<String>,
    /// Its intended differences from the Mews documentation.
    pub audit: Vec<AuditNote>,
}

/// A named discriminated union: an object whose discriminator property
/// says which of several payload types it carries.
#[derive(Clone, Debug)]
pub struct Union {
    /// The name, e.g. `ServiceData`.
    pub name: Located<String>,
    /// Our own description.
    pub description: String,
    /// Link to the Mews documentation.
    pub docs: Option<String>,
    /// Deprecation message.
    pub deprecated: Option<String>,
    /// The JSON property that names the variant, e.g. `Discriminator`.
    pub discriminator: Located<String>,
    /// The JSON property holding the payload, e.g. `Value`; `None` when each
    /// variant's payload has a property of its own.
    pub value: Option<Located<String>>,
    /// An enum listing the same discriminator values, if the spec has one.
    pub tag: Option<Located<String>>,
    /// Properties beside the discriminator and payloads, the same in every
    /// variant (`accounts/update`'s `Id`); empty for most unions.
    pub properties: Vec<Property>,
    /// The variants, in order.
    pub variants: Vec<Variant>,
    /// Its intended differences from the Mews documentation.
    pub audit: Vec<AuditNote>,
}

/// One variant of a union.
#[derive(Clone, Debug)]
pub struct Variant {
    /// The discriminator value, e.g. `Bookable`.
    pub name: Located<String>,
    /// The payload type (an object); `None` for a variant without payload.
    pub ty: Option<Located<TypeExpr>>,
    /// For unions without `value`: the JSON property holding this variant's
    /// payload, when it is not named like the discriminator value.
    pub property: Option<Located<String>>,
    /// Our own description.
    pub description: Option<String>,
    /// Deprecation message.
    pub deprecated: Option<String>,
    /// Its intended differences from the Mews documentation.
    pub audit: Vec<AuditNote>,
}

impl Variant {
    /// The JSON property holding the payload in a union without `value`.
    pub fn own_property(&self) -> &Located<String> {
        self.property.as_ref().unwrap_or(&self.name)
    }
}

/// A property of an object or a request.
#[derive(Clone, Debug)]
pub struct Property {
    /// The JSON name, e.g. `VoucherIds`.
    pub name: Located<String>,
    /// The type.
    pub ty: Located<TypeExpr>,
    /// Whether the property must be present.
    pub required: bool,
    /// Whether the property may be `null` (for `update<T>`: may be cleared).
    pub nullable: bool,
    /// Set when the docs call the property required but the API may leave
    /// it out of its answers: responses then read it as optional. The text
    /// says why.
    pub tolerate_absent: Option<String>,
    /// Set when the documentation's examples leave out this required
    /// property: a fact about the examples only, so the Rust type keeps it
    /// required and conformance reports such examples as documented
    /// deviations. The text says why.
    pub examples_omit: Option<String>,
    /// Set when the documentation's examples break this property's contract
    /// (a longer interval than the table allows): the contract stays, and
    /// conformance reports such examples as documented deviations. The text
    /// says why.
    pub examples_break: Option<String>,
    /// Set when the documentation's examples give this property a value its
    /// type cannot read (a base64 text cut short with `...`, `null` for a
    /// required update value): the type stays, and conformance checks the
    /// rest of such examples and reports them as documented deviations. The
    /// text says why.
    pub examples_invalid: Option<String>,
    /// Other JSON names the property is read from (a misspelling in the
    /// Mews examples, e.g. `ContacPerson`); it is always written by `name`.
    pub aliases: Vec<Located<String>>,
    /// Our own description.
    pub description: String,
    /// Deprecation message.
    pub deprecated: Option<String>,
    /// Whether the value is a secret (a card token, a door code): `Debug`
    /// shows `<redacted>` in its place, and no error quotes it.
    pub sensitive: bool,
    /// Contracts on the value.
    pub contracts: Contracts,
    /// Its intended differences from the Mews documentation.
    pub audit: Vec<AuditNote>,
}

/// A difference from the Mews documentation that the spec makes on purpose,
/// with its reason: one entry of an `audit:` mapping. `cargo xtask audit`
/// accepts a difference only when a note of its facet, on the item that
/// differs, explains it, and reports a note that explains nothing.
#[derive(Clone, Debug)]
pub struct AuditNote {
    /// What differs.
    pub facet: AuditFacet,
    /// For [`AuditFacet::Missing`]: the documented property or enum value the
    /// spec leaves out.
    pub name: Option<String>,
    /// Why, in our own words.
    pub reason: String,
    /// Where the note is written.
    pub loc: Location,
}

/// The kinds of difference an [`AuditNote`] can explain; each is a key of
/// `audit:`, allowed on the items listed in [`AuditFacet::allowed_on`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum AuditFacet {
    /// The property's type or format differs from the documented one.
    Type,
    /// Required in one, optional in the other.
    Required,
    /// The spec lets a value be `null` where the docs call it required.
    Nullable,
    /// Deprecated in one and not in the other.
    Deprecated,
    /// The operation is beta (`Restricted!` in the docs) in one and not in
    /// the other.
    Beta,
    /// A contract differs or is stated by one side only.
    MinItems,
    /// See [`AuditFacet::MinItems`].
    MaxItems,
    /// See [`AuditFacet::MinItems`].
    MinLength,
    /// See [`AuditFacet::MinItems`].
    MaxLength,
    /// See [`AuditFacet::MinItems`].
    Minimum,
    /// See [`AuditFacet::MinItems`].
    Maximum,
    /// See [`AuditFacet::MinItems`].
    MaxIntervalMonths,
    /// The item (property, enum value, operation) is not in the docs.
    Undocumented,
    /// Documented properties, enum values or discriminator values the spec
    /// leaves out, by name.
    Missing,
    /// The operation returns nothing in one and an object in the other.
    Response,
    /// The enum's list may grow in one (`extensible`) and not in the other.
    Extensible,
    /// The object or enum has no table in the docs to compare with.
    Docs,
}

/// Where an `audit:` mapping can be written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AuditSite {
    /// An operation.
    Operation,
    /// A property of an object or a request.
    Property,
    /// An object.
    Object,
    /// An enum.
    Enum,
    /// An enum value (in its mapping form).
    EnumValue,
    /// A union.
    Union,
    /// A variant of a union (in its mapping form).
    Variant,
}

impl AuditFacet {
    /// Every facet, in the order the audit reports them.
    pub const ALL: [AuditFacet; 17] = [
        AuditFacet::Type,
        AuditFacet::Required,
        AuditFacet::Nullable,
        AuditFacet::Deprecated,
        AuditFacet::Beta,
        AuditFacet::MinItems,
        AuditFacet::MaxItems,
        AuditFacet::MinLength,
        AuditFacet::MaxLength,
        AuditFacet::Minimum,
        AuditFacet::Maximum,
        AuditFacet::MaxIntervalMonths,
        AuditFacet::Undocumented,
        AuditFacet::Missing,
        AuditFacet::Response,
        AuditFacet::Extensible,
        AuditFacet::Docs,
    ];

    /// The key in the YAML, e.g. `min_items`.
    pub const fn key(self) -> &'static str {
        match self {
            AuditFacet::Type => "type",
            AuditFacet::Required => "required",
            AuditFacet::Nullable => "nullable",
            AuditFacet::Deprecated => "deprecated",
            AuditFacet::Beta => "beta",
            AuditFacet::MinItems => "min_items",
            AuditFacet::MaxItems => "max_items",
            AuditFacet::MinLength => "min_length",
            AuditFacet::MaxLength => "max_length",
            AuditFacet::Minimum => "minimum",
            AuditFacet::Maximum => "maximum",
            AuditFacet::MaxIntervalMonths => "max_interval_months",
            AuditFacet::Undocumented => "undocumented",
            AuditFacet::Missing => "missing",
            AuditFacet::Response => "response",
            AuditFacet::Extensible => "extensible",
            AuditFacet::Docs => "docs",
        }
    }

    /// Whether a note of this facet can be written on `site`.
    pub fn allowed_on(self, site: AuditSite) -> bool {
        use AuditFacet::*;
        match site {
            AuditSite::Property => !matches!(self, Beta | Missing | Response | Extensible | Docs),
            AuditSite::Operation => {
                matches!(self, Deprecated | Beta | Undocumented | Missing | Response)
            }
            AuditSite::Object => matches!(self, Deprecated | Missing | Docs),
            AuditSite::Enum => matches!(self, Missing | Extensible | Docs),
            AuditSite::EnumValue => matches!(self, Deprecated | Undocumented),
            AuditSite::Union => matches!(self, Deprecated | Missing | Docs),
            AuditSite::Variant => matches!(self, Type | Deprecated | Undocumented),
        }
    }
}

/// The contracts a property may carry; each with where it was written.
#[derive(Clone, Debug, Default)]
pub struct Contracts {
    /// Fewest array items.
    pub min_items: Option<Located<u64>>,
    /// Most array items.
    pub max_items: Option<Located<u64>>,
    /// Shortest string, in UTF-16 code units.
    pub min_length: Option<Located<u64>>,
    /// Longest string, in UTF-16 code units.
    pub max_length: Option<Located<u64>>,
    /// Smallest number.
    pub minimum: Option<Located<f64>>,
    /// Largest number.
    pub maximum: Option<Located<f64>>,
    /// Longest interval, in calendar months.
    pub max_interval_months: Option<Located<u64>>,
}

impl Contracts {
    /// Whether the property states no contract at all.
    pub fn is_empty(&self) -> bool {
        let Contracts {
            min_items,
            max_items,
            min_length,
            max_length,
            minimum,
            maximum,
            max_interval_months,
        } = self;
        [
            min_items,
            max_items,
            min_length,
            max_length,
            max_interval_months,
        ]
        .iter()
        .all(|c| c.is_none())
            && minimum.is_none()
            && maximum.is_none()
    }
}

/// A type as written, e.g. `list<uuid>`.
#[derive(Clone, Debug, PartialEq)]
pub enum TypeExpr {
    /// A scalar: `string`, `uuid`, `decimal`, ... (the table in [`crate::scalar`]).
    Scalar(&'static Scalar),
    /// `list<T>`
    List(Box<TypeExpr>),
    /// `map<T>`: string keys.
    Map(Box<TypeExpr>),
    /// `update<T>`: Mews' `{"Value": ...}` partial-update wrapper.
    Update(Box<TypeExpr>),
    /// A named object, enum or union.
    Named(String),
}

impl TypeExpr {
    /// Parses the type syntax; the error says what was expected.
    pub fn parse(text: &str) -> Result<TypeExpr, String> {
        let text = text.trim();
        for (prefix, wrap) in [
            ("list<", TypeExpr::List as fn(Box<TypeExpr>) -> TypeExpr),
            ("map<", TypeExpr::Map),
            ("update<", TypeExpr::Update),
        ] {
            if let Some(rest) = text.strip_prefix(prefix) {
                let inner = rest
                    .strip_suffix('>')
                    .ok_or_else(|| format!("`{text}` lacks its closing `>`"))?;
                return Ok(wrap(Box::new(TypeExpr::parse(inner)?)));
            }
        }
        if let Some(scalar) = scalar::by_name(text) {
            return Ok(TypeExpr::Scalar(scalar));
        }
        Ok(match text {
            "" => return Err("the type is empty".to_owned()),
            name if name.chars().all(|c| c.is_ascii_alphanumeric())
                && name.starts_with(|c: char| c.is_ascii_uppercase()) =>
            {
                TypeExpr::Named(name.to_owned())
            }
            other => return Err(format!("`{other}` is not a type")),
        })
    }

    /// The scalar this type is, if it is one (not inside a list, map or update).
    pub fn scalar(&self) -> Option<&'static Scalar> {
        match self {
            TypeExpr::Scalar(s) => Some(s),
            _ => None,
        }
    }

    /// Whether this type is the scalar `s`.
    pub fn is(&self, s: &Scalar) -> bool {
        self.scalar() == Some(s)
    }

    /// The innermost type of a `list<...>`/`map<...>`/`update<...>` chain.
    pub fn leaf(&self) -> &TypeExpr {
        match self {
            TypeExpr::List(t) | TypeExpr::Map(t) | TypeExpr::Update(t) => t.leaf(),
            other => other,
        }
    }

    /// The named type (object, enum or union) this type holds, through any
    /// `list<...>`/`map<...>`/`update<...>`.
    pub fn named(&self) -> Option<&str> {
        match self.leaf() {
            TypeExpr::Named(name) => Some(name),
            _ => None,
        }
    }

    /// The type a contract applies to: the wrapped value for `update<T>`.
    pub fn unwrap_update(&self) -> &TypeExpr {
        match self {
            TypeExpr::Update(t) => t,
            other => other,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::TypeExpr;
    use crate::scalar;

    #[test]
    fn type_syntax() {
        assert_eq!(
            TypeExpr::parse("update<list<uuid>>"),
            Ok(TypeExpr::Update(Box::new(TypeExpr::List(Box::new(
                TypeExpr::Scalar(&scalar::UUID)
            )))))
        );
        assert_eq!(
            TypeExpr::parse("VoucherCode"),
            Ok(TypeExpr::Named("VoucherCode".into()))
        );
        assert!(
            TypeExpr::parse("list<uuid")
                .unwrap_err()
                .contains("closing")
        );
        assert!(TypeExpr::parse("strin").unwrap_err().contains("not a type"));
    }
}
