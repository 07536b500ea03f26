//! How the generated structs are read from and written to JSON objects:
//! what their `Deserialize` and `Serialize` impls share.
//!
//! The generator writes each struct's `Serialize` and `Deserialize` itself
//! instead of deriving them: serde's derive also emits a field-identifier
//! enum, a sequence visitor and byte-string matching for every struct, which
//! at the size of the whole API made up half of the code the compiler
//! type-checked (docs/PERFORMANCE.md, "Issue 17: the levers, measured").
//! What is left per struct is a [`Writer`] call per property, and one
//! [`Object::read`]: a slot per property, one `match` on the names, and the
//! checks below, which behave as serde's derive does: unknown properties
//! are skipped, a property given twice is an error, a missing required one
//! is serde's `missing field` error.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{DeserializeSeed, Deserializer, Error, IgnoredAny, MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Serialize, Serializer};

use crate::update::Update;

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
    read_seed(map, slot, key, PhantomData)
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

    read_seed(map, slot, key, Sensitive(PhantomData))
}

/// Reads the value of property `key` into its slot with `seed`; a property
/// given twice is refused in serde's own words.
fn read_seed<'de, A: MapAccess<'de>, S: DeserializeSeed<'de>>(
    map: &mut A,
    slot: &mut Option<S::Value>,
    key: &Key<'_>,
    seed: S,
) -> Result<(), A::Error> {
    if slot.is_some() {
        return Err(A::Error::custom(format_args!(
            "duplicate field `{}`",
            key.as_str()
        )));
    }
    *slot = Some(map.next_value_seed(seed)?);
    Ok(())
}

/// Skips the value of a property this version does not know.
pub fn skip<'de, A: MapAccess<'de>>(map: &mut A) -> Result<(), A::Error> {
    map.next_value::<IgnoredAny>().map(|_| ())
}

/// The value of a required property, or serde's `missing field` error.
pub fn required<T, E: Error>(slot: Option<T>, name: &'static str) -> Result<T, E> {
    slot.ok_or_else(|| E::missing_field(name))
}

/// Starts writing a struct as a JSON object.
pub fn writer<S: Serializer>(serializer: S) -> Result<Writer<S::SerializeMap>, S::Error> {
    Ok(Writer {
        map: serializer.serialize_map(None)?,
        error: None,
    })
}

/// Writes a struct's properties, keeping the first error for [`Writer::end`].
///
/// The generated `Serialize` impls call it once per property without a `?`:
/// each `?` costs the compiler a conversion to resolve, and with one per
/// property they cost ~3 s of the crate's ~20 s build (docs/PERFORMANCE.md).
pub struct Writer<M: SerializeMap> {
    map: M,
    error: Option<M::Error>,
}

impl<M: SerializeMap> Writer<M> {
    /// Writes a property.
    pub fn entry<T: Serialize + ?Sized>(&mut self, name: &'static str, value: &T) {
        if self.error.is_none()
            && let Err(error) = self.map.serialize_entry(name, value)
        {
            self.error = Some(error);
        }
    }

    /// Writes an optional property: an absent one is left out.
    pub fn optional<T: Serialize>(&mut self, name: &'static str, value: &Option<T>) {
        if let Some(value) = value {
            self.entry(name, value);
        }
    }

    /// Writes an update value: `Keep` is left out (a required one is refused
    /// by the contract checks before sending).
    pub fn update<T: Serialize>(&mut self, name: &'static str, value: &Update<T>) {
        if !value.is_keep() {
            self.entry(name, value);
        }
    }

    /// Ends the object, or returns the first error.
    pub fn end(self) -> Result<M::Ok, M::Error> {
        match self.error {
            Some(error) => Err(error),
            None => self.map.end(),
        }
    }
}
