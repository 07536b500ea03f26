//! How the generated structs are read from and written to JSON objects:
//! what their `Deserialize` and `Serialize` impls share.
//!
//! The generator writes each struct's `Serialize` and `Deserialize` itself
//! instead of deriving them: serde's derive also emits a field-identifier
//! enum, a sequence visitor and byte-string matching for every struct, which
//! at the size of the whole API made up half of the code the compiler
//! type-checked (docs/PERFORMANCE.md, "Compile time"). What is left per
//! struct is one [`Object::read`]: a slot per property, one `match` on the
//! names, and the checks below, which behave as serde's derive does:
//! unknown properties are skipped, a property given twice is an error, a
//! missing required one is serde's `missing field` error.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use serde::ser::SerializeMap;
use serde::{Deserialize, Serialize};

use crate::update::Update;
use serde::de::{DeserializeSeed, Deserializer, Error, IgnoredAny, MapAccess, Visitor};

/// A generated struct read from a JSON object.
pub trait Object: Sized {
    /// The struct's name, for errors (`expected struct VoucherCode`).
    const NAME: &'static str;
    /// The JSON names of its properties.
    const PROPERTIES: &'static [&'static str];

    /// Reads the object's properties from `map`.
    fn read<'de, A: MapAccess<'de>>(map: A) -> Result<Self, A::Error>;
}

/// `Deserialize::deserialize` of every generated struct.
pub fn deserialize<'de, D: Deserializer<'de>, T: Object>(deserializer: D) -> Result<T, D::Error> {
    struct ObjectVisitor<T>(PhantomData<T>);

    impl<'de, T: Object> Visitor<'de> for ObjectVisitor<T> {
        type Value = T;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            write!(f, "struct {}", T::NAME)
        }

        fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
            T::read(map)
        }
    }

    deserializer.deserialize_struct(T::NAME, T::PROPERTIES, ObjectVisitor(PhantomData))
}

/// A property's name, borrowed from the input where it can be.
pub struct Key<'de>(Cow<'de, str>);

impl Key<'_> {
    /// The name as received.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;

        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a property name")
            }

            fn visit_borrowed_str<E: Error>(self, value: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(value)))
            }

            fn visit_str<E: Error>(self, value: &str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(value.to_owned())))
            }

            fn visit_string<E: Error>(self, value: String) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(value)))
            }
        }

        deserializer.deserialize_identifier(KeyVisitor)
    }
}

/// Reads the value of property `key` into its slot.
pub fn read<'de, A: MapAccess<'de>, T: Deserialize<'de>>(
    map: &mut A,
    slot: &mut Option<T>,
    key: &Key<'_>,
) -> Result<(), A::Error> {
    if slot.is_some() {
        return Err(duplicate(key));
    }
    *slot = Some(map.next_value()?);
    Ok(())
}

/// [`read`] for a sensitive value: an error never quotes it (see
/// [`crate::sensitive::deserialize`]).
pub fn read_sensitive<'de, A: MapAccess<'de>, T: Deserialize<'de>>(
    map: &mut A,
    slot: &mut Option<T>,
    key: &Key<'_>,
) -> Result<(), A::Error> {
    struct Sensitive<T>(PhantomData<T>);

    impl<'de, T: Deserialize<'de>> DeserializeSeed<'de> for Sensitive<T> {
        type Value = T;

        fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<T, D::Error> {
            crate::sensitive::deserialize(deserializer)
        }
    }

    if slot.is_some() {
        return Err(duplicate(key));
    }
    *slot = Some(map.next_value_seed(Sensitive(PhantomData))?);
    Ok(())
}

/// serde's own words for a property given twice.
fn duplicate<E: Error>(key: &Key<'_>) -> E {
    E::custom(format_args!("duplicate field `{}`", key.as_str()))
}

/// Skips the value of a property this version does not know.
pub fn skip<'de, A: MapAccess<'de>>(map: &mut A) -> Result<(), A::Error> {
    map.next_value::<IgnoredAny>().map(|_| ())
}

/// The value of a required property, or serde's `missing field` error.
pub fn required<T, E: Error>(slot: Option<T>, name: &'static str) -> Result<T, E> {
    slot.ok_or_else(|| E::missing_field(name))
}

/// Writes an optional property: an absent one is left out.
pub fn write_optional<M: SerializeMap, T: Serialize>(
    out: &mut M,
    name: &'static str,
    value: &Option<T>,
) -> Result<(), M::Error> {
    match value {
        Some(value) => out.serialize_entry(name, value),
        None => Ok(()),
    }
}

/// Writes an update value: `Keep` is left out (a required one is refused by
/// the contract checks before sending).
pub fn write_update<M: SerializeMap, T: Serialize>(
    out: &mut M,
    name: &'static str,
    value: &Update<T>,
) -> Result<(), M::Error> {
    if value.is_keep() {
        return Ok(());
    }
    out.serialize_entry(name, value)
}
