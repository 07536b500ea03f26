//! The scalar types of the spec format, as data.
//!
//! Everything the generator knows about a scalar type is its entry in
//! [`SCALARS`]: the name the spec writes, the Rust type the generated code
//! uses, how builders take it, and which contracts fit it and how they are
//! checked. `spec` parses the names from this table, `check` judges
//! contracts by it, `lower` and `emit` write types, setters, docs and checks
//! from it. A new scalar is a new entry here (plus, for a type of our own,
//! its runtime type in `generated-client/core/src/scalar/`).

/// One scalar type of the spec format.
#[derive(Debug, PartialEq)]
pub struct Scalar {
    /// The name in the spec's `type:` syntax, e.g. `date-time`.
    pub name: &'static str,
    /// The Rust type in generated code.
    pub rust: Rust,
    /// What values of the type are called in messages, in the plural.
    pub plural: &'static str,
    /// Whether builder setters take `impl Into<T>` rather than `T`.
    pub setter_into: bool,
    /// The contracts that fit the type, and how they are checked.
    pub contracts: ScalarContracts,
}

/// Where a scalar's Rust type lives.
#[derive(Debug, PartialEq)]
pub enum Rust {
    /// A path valid from any crate: a prelude type or `::crate_name::...`.
    Path(&'static str),
    /// A path below the client's runtime (`scalar::Decimal`): `crate::...`
    /// in the client, `::mews_connector::...` in an overlay.
    Runtime(&'static str),
}

impl Rust {
    /// The path as written in the table.
    pub fn text(&self) -> &'static str {
        match self {
            Rust::Path(p) | Rust::Runtime(p) => p,
        }
    }
}

/// The contracts a scalar takes, and the runtime check they become.
#[derive(Debug, PartialEq)]
pub enum ScalarContracts {
    /// None.
    None,
    /// `min_length`/`max_length` in UTF-16 code units:
    /// `v.length(value, min, max)`.
    Utf16Length,
    /// `min_length`/`max_length` in bytes: `v.bytes(value.len(), min, max)`.
    ByteLength,
    /// `minimum`/`maximum`: `v.range(value, min, max)`.
    Range(Range),
}

/// How a numeric scalar takes `minimum`/`maximum`.
#[derive(Debug, PartialEq)]
pub struct Range {
    /// Whether the value is passed as `*value as f64` (types `Validator::range`
    /// does not take as they are) rather than `*value`.
    pub cast_to_f64: bool,
    /// Whether the bounds must be whole numbers.
    pub whole: bool,
    /// The bounds a spec may give, when the type has a narrower range than `f64`.
    pub limits: Option<(f64, f64)>,
}

impl ScalarContracts {
    /// The contract keys that fit.
    pub fn keys(&self) -> &'static [&'static str] {
        match self {
            ScalarContracts::None => &[],
            ScalarContracts::Utf16Length | ScalarContracts::ByteLength => {
                &["min_length", "max_length"]
            }
            ScalarContracts::Range(_) => &["minimum", "maximum"],
        }
    }

    /// What a length is counted in, singular and plural, for docs.
    pub fn length_unit(&self) -> Option<(&'static str, &'static str)> {
        match self {
            ScalarContracts::Utf16Length => Some(("UTF-16 code unit", "UTF-16 code units")),
            ScalarContracts::ByteLength => Some(("byte", "bytes")),
            _ => None,
        }
    }
}

/// `string`: `String`.
pub const STRING: Scalar = Scalar {
    name: "string",
    rust: Rust::Path("String"),
    plural: "strings",
    setter_into: true,
    contracts: ScalarContracts::Utf16Length,
};

/// `boolean`: `bool`.
pub const BOOLEAN: Scalar = Scalar {
    name: "boolean",
    rust: Rust::Path("bool"),
    plural: "booleans",
    setter_into: false,
    contracts: ScalarContracts::None,
};

/// `integer`: `i32`.
pub const INTEGER: Scalar = Scalar {
    name: "integer",
    rust: Rust::Path("i32"),
    plural: "integers",
    setter_into: false,
    contracts: ScalarContracts::Range(Range {
        cast_to_f64: true,
        whole: true,
        limits: Some((i32::MIN as f64, i32::MAX as f64)),
    }),
};

/// `int64`: `i64`. Its bounds stay within ±2^53, where `f64` (the type of
/// bounds at run time) is exact.
pub const INT64: Scalar = Scalar {
    name: "int64",
    rust: Rust::Path("i64"),
    plural: "integers",
    setter_into: false,
    contracts: ScalarContracts::Range(Range {
        cast_to_f64: true,
        whole: true,
        limits: Some((-9_007_199_254_740_992.0, 9_007_199_254_740_992.0)),
    }),
};

/// `number`: `f64`.
pub const NUMBER: Scalar = Scalar {
    name: "number",
    rust: Rust::Path("f64"),
    plural: "numbers",
    setter_into: false,
    contracts: ScalarContracts::Range(Range {
        cast_to_f64: false,
        whole: false,
        limits: None,
    }),
};

/// `uuid`: `uuid::Uuid`.
pub const UUID: Scalar = Scalar {
    name: "uuid",
    rust: Rust::Path("::uuid::Uuid"),
    plural: "uuids",
    setter_into: false,
    contracts: ScalarContracts::None,
};

/// `date-time`: a UTC timestamp.
pub const DATE_TIME: Scalar = Scalar {
    name: "date-time",
    rust: Rust::Path("::chrono::DateTime<::chrono::Utc>"),
    plural: "timestamps",
    setter_into: false,
    contracts: ScalarContracts::None,
};

/// `date`: a calendar date.
pub const DATE: Scalar = Scalar {
    name: "date",
    rust: Rust::Path("::chrono::NaiveDate"),
    plural: "dates",
    setter_into: false,
    contracts: ScalarContracts::None,
};

/// `json`: any JSON value, kept as is.
pub const JSON: Scalar = Scalar {
    name: "json",
    rust: Rust::Path("::serde_json::Value"),
    plural: "JSON values",
    setter_into: false,
    contracts: ScalarContracts::None,
};

/// `decimal`: an exact decimal (money), read and written with its own digits.
/// Its bounds are compared exactly, by their shortest text.
pub const DECIMAL: Scalar = Scalar {
    name: "decimal",
    rust: Rust::Runtime("scalar::Decimal"),
    plural: "decimals",
    setter_into: true,
    contracts: ScalarContracts::Range(Range {
        cast_to_f64: false,
        whole: false,
        // Within the decimal range (±7.9 × 10^28), and exact as an f64.
        limits: Some((-1e28, 1e28)),
    }),
};

/// `duration`: an ISO 8601 duration, kept as written.
pub const DURATION: Scalar = Scalar {
    name: "duration",
    rust: Rust::Runtime("scalar::IsoDuration"),
    plural: "durations",
    setter_into: false,
    contracts: ScalarContracts::None,
};

/// `hybrid-id`: a uuid or `eid:<external id>`. No Mews table states a
/// length for one, so it takes no contract.
pub const HYBRID_ID: Scalar = Scalar {
    name: "hybrid-id",
    rust: Rust::Runtime("scalar::HybridId"),
    plural: "hybrid identifiers",
    setter_into: true,
    contracts: ScalarContracts::None,
};

/// `base64`: bytes, base64 text on the wire; lengths count the bytes.
pub const BASE64: Scalar = Scalar {
    name: "base64",
    rust: Rust::Runtime("scalar::Base64Data"),
    plural: "base64 data",
    setter_into: true,
    contracts: ScalarContracts::ByteLength,
};

/// Every scalar, in the order the spec format documents them.
pub const SCALARS: &[&Scalar] = &[
    &STRING, &BOOLEAN, &INTEGER, &INT64, &NUMBER, &UUID, &DATE_TIME, &DATE, &JSON, &DECIMAL,
    &DURATION, &HYBRID_ID, &BASE64,
];

/// The scalar a spec type name stands for.
pub fn by_name(name: &str) -> Option<&'static Scalar> {
    SCALARS.iter().copied().find(|s| s.name == name)
}

/// What the scalars that take `key` are called, e.g. "integers and
/// numbers", in table order without repeats.
pub fn taking(key: &str) -> String {
    let mut names: Vec<&str> = Vec::new();
    for s in SCALARS {
        if s.contracts.keys().contains(&key) && !names.contains(&s.plural) {
            names.push(s.plural);
        }
    }
    match names.as_slice() {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_rust_types_parse() {
        for (i, s) in SCALARS.iter().enumerate() {
            assert_eq!(by_name(s.name), Some(*s));
            assert!(
                SCALARS[..i].iter().all(|t| t.name != s.name),
                "`{}` twice",
                s.name
            );
            assert!(
                syn::parse_str::<syn::Type>(s.rust.text()).is_ok(),
                "`{}` is not a Rust type",
                s.rust.text()
            );
        }
        assert_eq!(by_name("strin"), None);
    }

    #[test]
    fn messages_name_the_types_that_take_a_contract() {
        assert_eq!(taking("max_length"), "strings and base64 data");
        assert_eq!(taking("minimum"), "integers, numbers and decimals");
        assert_eq!(taking("max_items"), "");
    }
}
