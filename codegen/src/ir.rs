//! The IR: the spec resolved, checked and named for Rust, ready to emit.
//!
//! Invariants (established by `check`, relied on by `emit`): every type
//! reference resolves; names are unique per scope after conversion to Rust;
//! paginated operations have a `Limitation` request property and a `Cursor`
//! plus an item list in the response; portfolio operations have their
//! selector (`EnterpriseId(s)` or `ChainId(s)`); parameter sets are at least
//! two, each with a required property.
//! Everything is in spec order, which is deterministic.

use crate::scalar::Scalar;

/// The whole API: one module per spec file, sorted by module name.
#[derive(Debug)]
pub struct Api {
    /// The modules.
    pub modules: Vec<Module>,
    /// The client's cargo features, one per module not always compiled
    /// (and so the crate of each module's types: [`crate::crates::Layout`]).
    pub features: crate::features::Features,
}

/// One generated file, `generated/<name>.rs`.
#[derive(Debug)]
pub struct Module {
    /// The Rust module name, e.g. `voucher_codes`.
    pub name: String,
    /// The spec file it comes from.
    pub source: String,
    /// Module documentation.
    pub doc: String,
    /// The resource's client, if the file describes a resource.
    pub resource: Option<Resource>,
    /// The request envelope, if defined here.
    pub envelope: Option<Envelope>,
    /// Structs: requests first, then objects, in spec order.
    pub structs: Vec<Struct>,
    /// Enums, in spec order.
    pub enums: Vec<Enum>,
    /// Discriminated unions, in spec order.
    pub unions: Vec<Union>,
    /// The cargo feature that compiles it; `None` when every build does.
    pub feature: Option<String>,
}

/// The request envelope's JSON names, by role.
#[derive(Debug)]
pub struct Envelope {
    /// Documentation link.
    pub docs: String,
    /// `(role, JSON name, description)` in spec order.
    pub properties: Vec<(String, String, String)>,
}

/// A resource's client: `client.voucher_codes()`.
#[derive(Debug)]
pub struct Resource {
    /// The URL segment, e.g. `voucherCodes`.
    pub json_name: String,
    /// The accessor type, e.g. `VoucherCodesApi`.
    pub api_type: String,
    /// The accessor method, e.g. `voucher_codes`.
    pub accessor: String,
    /// One line.
    pub summary: String,
    /// Documentation link.
    pub docs: String,
    /// The operations.
    pub operations: Vec<Operation>,
}

/// One operation.
#[derive(Debug)]
pub struct Operation {
    /// URL path below `/api/connector/v1/`.
    pub path: String,
    /// The method on the resource client, e.g. `get_all`.
    pub method: String,
    /// The request struct's name (in the same module).
    pub request: String,
    /// The response type; `None` for an empty response.
    pub response: Option<Ty>,
    /// Whether repeating the request is harmless.
    pub safe_to_retry: bool,
    /// Set for paginated operations.
    pub pagination: Option<Pagination>,
    /// One line.
    pub summary: String,
    /// Documentation link.
    pub docs: String,
    /// Deprecation message.
    pub deprecated: Option<String>,
    /// Whether Mews marks the operation restricted (beta, subject to change).
    pub beta: bool,
    /// The body of `Operation::empty_response`, when a 204 has a meaning.
    pub empty_page: Option<Vec<(String, EmptyValue)>>,
}

/// The rustdoc of a beta operation's method, pager methods and request
/// type: `first` (their summary) marked in the first paragraph, which
/// rustdoc shows in listings, and why in the second.
pub fn beta_doc(first: &str, beta: bool) -> String {
    if beta {
        format!(
            "**Beta:** {first}\n\nMews marks this operation restricted: it is in beta test and may change, and this client follows such changes even in minor releases."
        )
    } else {
        first.to_owned()
    }
}

/// What a field of an empty page holds.
#[derive(Debug, Clone, Copy)]
pub enum EmptyValue {
    /// `None`
    None,
    /// `Vec::new()`
    EmptyList,
}

/// How a paginated operation's request and response are wired.
#[derive(Debug)]
pub struct Pagination {
    /// The method yielding every page, e.g. `get_all_pages`.
    pub pages_method: String,
    /// The method yielding every item, e.g. `get_all_items`.
    pub items_method: String,
    /// Request field holding the `Limitation`.
    pub limitation: String,
    /// Set when the request's `Limitation` is optional: what the pager fills
    /// in when the caller left it out.
    pub default_limitation: Option<DefaultLimitation>,
    /// `Limitation`'s count field.
    pub count: String,
    /// `Limitation`'s cursor field.
    pub cursor: String,
    /// Response field holding the next cursor.
    pub response_cursor: String,
    /// Response field holding the items.
    pub items: String,
    /// Its JSON name.
    pub items_json: String,
    /// Whether the items field is an `Option<Vec<_>>`.
    pub items_optional: bool,
    /// The item type.
    pub item: Ty,
    /// The JSON names of the response's other lists, which the item stream
    /// leaves out.
    pub other_lists: Vec<String>,
}

/// The `Limitation` the pager fills in: the largest page, from the start.
#[derive(Debug)]
pub struct DefaultLimitation {
    /// The `Limitation` object.
    pub ty: Named,
    /// `Count`'s builder method.
    pub count_setter: String,
    /// `Count`'s largest value.
    pub count: i64,
}

/// A struct: a request, or a named object.
#[derive(Debug)]
pub struct Struct {
    /// The Rust and spec name (they are the same).
    pub name: String,
    /// Documentation.
    pub doc: String,
    /// Deprecation message.
    pub deprecated: Option<String>,
    /// The fields.
    pub fields: Vec<Field>,
    /// Whether it is sent: it then gets a builder and contract checks.
    pub sent: bool,
    /// Whether it is received: lists default to empty when absent.
    pub received: bool,
    /// Set for operations' requests: the operation's path.
    pub request_of: Option<String>,
    /// Set for requests made of mutually exclusive parameter sets.
    pub parameter_sets: Option<ParameterSets>,
    /// A window of time units between two of its fields, checked by the
    /// service's time unit.
    pub window: Option<Window>,
    /// Set for requests that have or reach a window: the field (never sent)
    /// and builder method holding the service's time unit.
    pub time_unit_hint: Option<String>,
    /// Set for a union with properties beside its discriminator: the struct
    /// of those properties and, in its last field, the enum of the variants;
    /// written and read flat, as one JSON object.
    pub flat_union: Option<FlatUnion>,
}

/// How a union with properties of its own is held.
#[derive(Debug)]
pub struct FlatUnion {
    /// The enum of the variants, e.g. `AccountUpdateParametersVariant`.
    pub enum_name: String,
    /// The field holding it, `variant`.
    pub field: String,
}

/// A time-unit window: from the start of a first time unit to the start of
/// a last one, at most so many units long, by the service's time unit.
#[derive(Debug)]
pub struct Window {
    /// The start's JSON name.
    pub start_json: String,
    /// The start's Rust field.
    pub start: String,
    /// Whether the start field is an `Option`.
    pub start_optional: bool,
    /// The end's JSON name (violations are reported there).
    pub end_json: String,
    /// The end's Rust field.
    pub end: String,
    /// Whether the end field is an `Option`.
    pub end_optional: bool,
    /// The most hours, days and months.
    pub hours: Option<u32>,
    /// See `hours`.
    pub days: Option<u32>,
    /// See `hours`.
    pub months: Option<u32>,
}

/// A request's mutually exclusive parameter sets: the request holds the
/// chosen one in an enum field, serialized among its own properties.
#[derive(Debug)]
pub struct ParameterSets {
    /// The request field and builder method, `parameter_set`.
    pub field: String,
    /// The enum, e.g. `GetAllFiscalMachineCommandsParameterSet`.
    pub enum_name: String,
    /// The private struct the request is read through.
    pub wire: String,
    /// The sets, in spec order.
    pub sets: Vec<ParameterSet>,
}

/// One parameter set.
#[derive(Debug)]
pub struct ParameterSet {
    /// The spec's name, e.g. `ByIds`.
    pub name: String,
    /// The enum variant.
    pub variant: String,
    /// The set's struct (in the same module), e.g. `GetAllFiscalMachineCommandsByIds`.
    pub struct_name: String,
    /// Documentation.
    pub doc: String,
    /// The set's fields, as in its struct.
    pub fields: Vec<Field>,
}

/// A field of a struct.
#[derive(Debug)]
pub struct Field {
    /// The JSON name.
    pub json: String,
    /// The Rust name.
    pub rust: String,
    /// Other JSON names it is read from (never written).
    pub aliases: Vec<String>,
    /// The value type, without the `Option`.
    pub ty: Ty,
    /// Whether the field is an `Option`.
    pub optional: bool,
    /// Whether a builder insists on it: a field that is not an `Option`,
    /// or a required `update<T>`.
    pub required: bool,
    /// Documentation.
    pub doc: String,
    /// Deprecation message.
    pub deprecated: Option<String>,
    /// Whether the value is a secret: `Debug` shows `<redacted>` in its
    /// place, and a value that does not read is reported without it.
    pub sensitive: bool,
    /// Checks on the value.
    pub contracts: Contracts,
    /// Whether a portfolio access token makes this field required.
    pub portfolio_required: bool,
}

/// Checks on a field's value (for `update<T>`, on the wrapped value).
#[derive(Debug, Default, Clone)]
pub struct Contracts {
    /// Fewest items.
    pub min_items: Option<u64>,
    /// Most items.
    pub max_items: Option<u64>,
    /// Shortest string, UTF-16 units.
    pub min_length: Option<u64>,
    /// Longest string, UTF-16 units.
    pub max_length: Option<u64>,
    /// Smallest number.
    pub minimum: Option<f64>,
    /// Largest number.
    pub maximum: Option<f64>,
    /// Longest interval, in months.
    pub max_interval_months: Option<u64>,
}

impl Contracts {
    /// Whether no check is needed.
    pub fn is_empty(&self) -> bool {
        self.min_items.is_none()
            && self.max_items.is_none()
            && self.min_length.is_none()
            && self.max_length.is_none()
            && self.minimum.is_none()
            && self.maximum.is_none()
            && self.max_interval_months.is_none()
    }
}

/// A value type.
#[derive(Debug, Clone, PartialEq)]
pub enum Ty {
    /// A scalar: its Rust type, setter and checks are in its table entry.
    Scalar(&'static Scalar),
    /// `Vec<T>`
    List(Box<Ty>),
    /// `BTreeMap<String, T>`
    Map(Box<Ty>),
    /// `Update<T>`; `clearable` when the value may be cleared.
    Update(Box<Ty>, bool),
    /// A named object.
    Object(Named),
    /// A named enum.
    Enum(Named),
    /// A named discriminated union.
    Union(Named),
}

/// A reference to a named type.
#[derive(Debug, Clone, PartialEq)]
pub struct Named {
    /// The module that defines it.
    pub module: String,
    /// Its name.
    pub name: String,
    /// For interval objects: start and end field names, and whether they are dates.
    pub interval: Option<(String, String, bool)>,
    /// Whether it is sent (so implements `Validate`).
    pub sent: bool,
}

/// An enum.
#[derive(Debug)]
pub struct Enum {
    /// The name.
    pub name: String,
    /// Documentation.
    pub doc: String,
    /// Whether Mews says the list may grow.
    pub extensible: bool,
    /// `(JSON value, Rust variant, doc, deprecation)`.
    pub values: Vec<EnumValue>,
    /// The variant holding values this version does not know.
    pub catch_all: String,
}

/// One enum value.
#[derive(Debug)]
pub struct EnumValue {
    /// The JSON string.
    pub json: String,
    /// The Rust variant.
    pub rust: String,
    /// Documentation.
    pub doc: Option<String>,
    /// Deprecation message.
    pub deprecated: Option<String>,
}

/// A discriminated union: a Rust enum with one variant per discriminator value.
#[derive(Debug)]
pub struct Union {
    /// The name.
    pub name: String,
    /// Documentation.
    pub doc: String,
    /// Deprecation message.
    pub deprecated: Option<String>,
    /// The JSON property naming the variant.
    pub discriminator: String,
    /// The JSON property holding the payload; `None` when each variant has a
    /// property of its own.
    pub value: Option<String>,
    /// The variants.
    pub variants: Vec<Variant>,
    /// The variant holding discriminators this version does not know.
    pub catch_all: String,
    /// The enum listing the same discriminator values, if any.
    pub tag: Option<Named>,
    /// Whether it is sent (so implements `Validate`).
    pub sent: bool,
    /// Whether it is received.
    pub received: bool,
    /// The name messages give the union: its spec name (for a union with
    /// properties of its own, the struct's, not this enum's).
    pub shape_name: String,
    /// The JSON names of its properties beside the discriminator and
    /// payloads, which the struct of the same spec name holds.
    pub own: Vec<String>,
}

/// One variant of a union.
#[derive(Debug)]
pub struct Variant {
    /// The discriminator value.
    pub json: String,
    /// The Rust variant.
    pub rust: String,
    /// The payload, if the variant has one.
    pub payload: Option<Payload>,
    /// Documentation.
    pub doc: String,
    /// Deprecation message.
    pub deprecated: Option<String>,
}

/// A variant's payload.
#[derive(Debug)]
pub struct Payload {
    /// The JSON property holding it (the union's `value`, or the variant's own).
    pub property: String,
    /// Its type, an object.
    pub ty: Ty,
    /// Whether no other variant has the same type, so that `From` can turn
    /// the payload into the union.
    pub unique: bool,
}
