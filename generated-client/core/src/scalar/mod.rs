//! The value types Mews writes as formatted JSON text or numbers: exact
//! decimals, ISO 8601 durations, hybrid identifiers and base64 bytes.
//!
//! Each is a spec type (`decimal`, `duration`, `hybrid-id`, `base64`; see
//! `spec/README.md`) and is re-exported at the crate root. Each reads and
//! writes its JSON form losslessly: what a response holds is what the value
//! writes back, and what a caller builds is what is sent.
//!
//! | spec type | Rust type | JSON |
//! |---|---|---|
//! | `decimal` | [`Decimal`] | a number, with exactly its digits (`12.50`) |
//! | `duration` | [`IsoDuration`] | a string, ISO 8601 (`"P0M0DT15H0M0S"`) |
//! | `hybrid-id` | [`HybridId`] | a string, a uuid or `"eid:<external id>"` |
//! | `base64` | [`Base64Data`] | a string, standard base64 |
//!
//! Crates: decimals are `rust_decimal` (96-bit exact decimals), read and
//! written through serde_json's additive `raw_value` feature (never its
//! global `arbitrary_precision`); `docs/PERFORMANCE.md` has the cost and the
//! alternatives. Base64 is the `base64` crate's standard engine. Durations
//! are parsed here: the crates that parse ISO 8601 durations keep their
//! values but not their text (`P0M7DT0H0M0S` would come back as `P7D`), and
//! some have no sign or hold parts as floats.

mod base64_data;
mod decimal;
mod duration;
mod hybrid_id;

pub use base64_data::{Base64Data, Base64Error};
pub use decimal::{Decimal, DecimalError};
pub use duration::{DurationParts, IsoDuration, IsoDurationError};
pub use hybrid_id::{HybridId, HybridIdError};

/// How serde_json itself marks raw JSON text, shared with [`Decimal`].
mod raw_json {
    use std::fmt;
    use std::sync::OnceLock;

    use serde::Serialize;
    use serde::ser::{self, Impossible};
    use serde_json::value::RawValue;

    /// The struct name serde_json's `RawValue` is written and read under.
    ///
    /// serde_json (with its `raw_value` feature) recognises raw JSON by this
    /// name, in `serialize_struct` when writing and in
    /// `deserialize_newtype_struct` when reading. The name is serde_json's
    /// private business, so it is learnt from serde_json itself, once, by
    /// letting a `RawValue` serialize itself, rather than copied here.
    pub(crate) fn token() -> Option<&'static str> {
        static TOKEN: OnceLock<Option<&'static str>> = OnceLock::new();
        *TOKEN.get_or_init(|| match RawValue::NULL.serialize(NameOfStruct) {
            Err(Captured::Name(name)) => Some(name),
            // Not with serde_json 1.x; `Decimal` then falls back to plain
            // numbers and strings rather than write a stray struct.
            _ => None,
        })
    }

    /// Whether `S` is one of serde_json's serializers, which write raw JSON
    /// text for [`token`]. Every other serializer would write that as a
    /// struct, so values that need raw JSON choose another form there.
    ///
    /// `type_name` is the only stable way to ask which serializer this is
    /// without specialisation; the tests of `Decimal` pin what it answers
    /// for each of serde_json's entry points.
    pub(crate) fn writes_raw<S: ?Sized>() -> bool {
        let name = std::any::type_name::<S>();
        name.contains("serde_json::ser::Serializer<")
            || name.contains("serde_json::value::ser::Serializer")
    }

    /// A serializer that only records the name given to `serialize_struct`.
    struct NameOfStruct;

    #[derive(Debug)]
    enum Captured {
        Name(&'static str),
        Other,
    }

    impl fmt::Display for Captured {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("not a struct")
        }
    }

    impl std::error::Error for Captured {}

    impl ser::Error for Captured {
        fn custom<T: fmt::Display>(_: T) -> Self {
            Captured::Other
        }
    }

    macro_rules! refuse {
        ($($method:ident($($arg:ty),*);)*) => {
            $(fn $method(self, $(_: $arg),*) -> Result<(), Captured> {
                Err(Captured::Other)
            })*
        };
    }

    impl ser::Serializer for NameOfStruct {
        type Ok = ();
        type Error = Captured;
        type SerializeSeq = Impossible<(), Captured>;
        type SerializeTuple = Impossible<(), Captured>;
        type SerializeTupleStruct = Impossible<(), Captured>;
        type SerializeTupleVariant = Impossible<(), Captured>;
        type SerializeMap = Impossible<(), Captured>;
        type SerializeStruct = Impossible<(), Captured>;
        type SerializeStructVariant = Impossible<(), Captured>;

        refuse! {
            serialize_bool(bool); serialize_i8(i8); serialize_i16(i16); serialize_i32(i32);
            serialize_i64(i64); serialize_u8(u8); serialize_u16(u16); serialize_u32(u32);
            serialize_u64(u64); serialize_f32(f32); serialize_f64(f64); serialize_char(char);
            serialize_str(&str); serialize_bytes(&[u8]); serialize_none(); serialize_unit();
            serialize_unit_struct(&'static str);
            serialize_unit_variant(&'static str, u32, &'static str);
        }

        fn serialize_some<T: ?Sized + Serialize>(self, _: &T) -> Result<(), Captured> {
            Err(Captured::Other)
        }
        fn serialize_newtype_struct<T: ?Sized + Serialize>(
            self,
            _: &'static str,
            _: &T,
        ) -> Result<(), Captured> {
            Err(Captured::Other)
        }
        fn serialize_newtype_variant<T: ?Sized + Serialize>(
            self,
            _: &'static str,
            _: u32,
            _: &'static str,
            _: &T,
        ) -> Result<(), Captured> {
            Err(Captured::Other)
        }
        fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, Captured> {
            Err(Captured::Other)
        }
        fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, Captured> {
            Err(Captured::Other)
        }
        fn serialize_tuple_struct(
            self,
            _: &'static str,
            _: usize,
        ) -> Result<Self::SerializeTupleStruct, Captured> {
            Err(Captured::Other)
        }
        fn serialize_tuple_variant(
            self,
            _: &'static str,
            _: u32,
            _: &'static str,
            _: usize,
        ) -> Result<Self::SerializeTupleVariant, Captured> {
            Err(Captured::Other)
        }
        fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, Captured> {
            Err(Captured::Other)
        }
        fn serialize_struct(
            self,
            name: &'static str,
            _: usize,
        ) -> Result<Self::SerializeStruct, Captured> {
            Err(Captured::Name(name))
        }
        fn serialize_struct_variant(
            self,
            _: &'static str,
            _: u32,
            _: &'static str,
            _: usize,
        ) -> Result<Self::SerializeStructVariant, Captured> {
            Err(Captured::Other)
        }
    }
}
