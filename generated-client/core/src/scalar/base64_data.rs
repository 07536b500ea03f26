//! `Base64Data`: bytes that travel as base64 text.

use std::fmt;

use base64::Engine as _;
use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig, STANDARD};
use base64::engine::{DecodePaddingMode, general_purpose};
use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

/// Reads standard base64 with or without its `=` padding.
const READ: GeneralPurpose = GeneralPurpose::new(
    &base64::alphabet::STANDARD,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// Bytes, such as an uploaded file or a bill's PDF, which Mews carries as a
/// base64 string (spec type `base64`).
///
/// In Rust they are plain bytes (`Vec<u8>` inside); on the wire, standard
/// base64 (`+`, `/`, `=` padding). Reading accepts the padding or its
/// absence but nothing else: no line breaks, no URL-safe alphabet.
/// Length contracts (`min_length`/`max_length`) count the bytes, not the
/// base64 characters. `Debug` shows the length, not the bytes.
///
/// ```
/// use mews_connector::Base64Data;
///
/// let file = Base64Data::from(b"%PDF-1.0".to_vec());
/// assert_eq!(serde_json::to_string(&file)?, r#""JVBERi0xLjA=""#);
/// assert_eq!(format!("{file:?}"), "Base64Data(8 bytes)");
/// let back: Base64Data = serde_json::from_str(r#""JVBERi0xLjA=""#)?;
/// assert_eq!(back.as_ref(), b"%PDF-1.0");
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Default, PartialEq, Eq, Hash)]
pub struct Base64Data(Vec<u8>);

impl Base64Data {
    /// Wraps the bytes.
    pub fn new(bytes: impl Into<Vec<u8>>) -> Base64Data {
        Base64Data(bytes.into())
    }

    /// Decodes standard base64 text (padding optional).
    pub fn from_base64(text: &str) -> Result<Base64Data, Base64Error> {
        READ.decode(text)
            .map(Base64Data)
            .map_err(|error| Base64Error {
                chars: text.chars().count(),
                reason: error.to_string(),
            })
    }

    /// The standard base64 text, with padding.
    pub fn to_base64(&self) -> String {
        STANDARD.encode(&self.0)
    }

    /// The bytes.
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    /// The number of bytes (not of base64 characters).
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are no bytes.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The bytes, without copying.
    pub fn into_vec(self) -> Vec<u8> {
        self.0
    }
}

impl AsRef<[u8]> for Base64Data {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

impl From<Vec<u8>> for Base64Data {
    fn from(bytes: Vec<u8>) -> Self {
        Base64Data(bytes)
    }
}

impl From<&[u8]> for Base64Data {
    fn from(bytes: &[u8]) -> Self {
        Base64Data(bytes.to_vec())
    }
}

impl From<Base64Data> for Vec<u8> {
    fn from(data: Base64Data) -> Self {
        data.0
    }
}

impl fmt::Debug for Base64Data {
    /// The length only: these are often whole files.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.0.len();
        write!(f, "Base64Data({n} byte{})", if n == 1 { "" } else { "s" })
    }
}

/// Why text is not base64.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Base64Error {
    chars: usize,
    reason: String,
}

impl fmt::Display for Base64Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "a text of {} characters is not standard base64: {}",
            self.chars, self.reason
        )
    }
}

impl std::error::Error for Base64Error {}

impl Serialize for Base64Data {
    /// Base64 text in text formats such as JSON; plain bytes in binary ones.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if serializer.is_human_readable() {
            // Written straight into the output, without a String between.
            serializer.collect_str(&base64::display::Base64Display::new(
                &self.0,
                &general_purpose::STANDARD,
            ))
        } else {
            serializer.serialize_bytes(&self.0)
        }
    }
}

impl<'de> Deserialize<'de> for Base64Data {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Data;
        impl Visitor<'_> for Data {
            type Value = Base64Data;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a base64 string")
            }
            fn visit_str<E: de::Error>(self, text: &str) -> Result<Base64Data, E> {
                Base64Data::from_base64(text).map_err(E::custom)
            }
            fn visit_bytes<E: de::Error>(self, bytes: &[u8]) -> Result<Base64Data, E> {
                Ok(Base64Data(bytes.to_vec()))
            }
            fn visit_byte_buf<E: de::Error>(self, bytes: Vec<u8>) -> Result<Base64Data, E> {
                Ok(Base64Data(bytes))
            }
        }
        if deserializer.is_human_readable() {
            deserializer.deserialize_str(Data)
        } else {
            deserializer.deserialize_byte_buf(Data)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bytes_round_trip_through_standard_base64() {
        let pdf = b"%PDF-1.0\n1 0 obj<</Pages 2 0 R>>endobj".to_vec();
        let data = Base64Data::from(pdf.clone());
        let json = serde_json::to_string(&data).unwrap();
        assert_eq!(json, format!("\"{}\"", STANDARD.encode(&pdf)));
        let back: Base64Data = serde_json::from_str(&json).unwrap();
        assert_eq!(back.as_bytes(), pdf.as_slice());
        assert_eq!(back.len(), pdf.len());
        // Every byte value and every padding length.
        let all: Vec<u8> = (0..=255).collect();
        for n in 0..=all.len() {
            let data = Base64Data::new(&all[..n]);
            let text = data.to_base64();
            assert_eq!(Base64Data::from_base64(&text).unwrap(), data);
            assert_eq!(serde_json::to_string(&data).unwrap(), format!("\"{text}\""));
        }
        assert_eq!(Base64Data::default().to_base64(), "");
        assert!(Base64Data::from_base64("").unwrap().is_empty());
    }

    #[test]
    fn the_examples_document_decodes() {
        // The start of `customers/addFile`'s example `Data`: a PDF.
        let data = Base64Data::from_base64("JVBERi0xLjAKMSAwIG9iajw8L1BhZ2VzIDIgMCBSPj5lbmRvYmoK")
            .unwrap();
        assert!(data.as_bytes().starts_with(b"%PDF-1.0\n"));
    }

    #[test]
    fn padding_may_be_left_out_but_nothing_else_is_tolerated() {
        assert_eq!(Base64Data::from_base64("YQ").unwrap().as_bytes(), b"a");
        assert_eq!(Base64Data::from_base64("YQ==").unwrap().as_bytes(), b"a");
        for bad in ["Y", "YQ==\n", "YW Jj", "-_8=", "YWJj!"] {
            let err = Base64Data::from_base64(bad).unwrap_err().to_string();
            assert!(
                err.starts_with(&format!(
                    "a text of {} characters is not standard base64: ",
                    bad.chars().count()
                )),
                "{bad:?}: {err}"
            );
        }
        let err = serde_json::from_str::<Base64Data>("\"YWJj!\"")
            .unwrap_err()
            .to_string();
        assert!(err.contains("not standard base64"), "{err}");
        let err = serde_json::from_str::<Base64Data>("[1,2]")
            .unwrap_err()
            .to_string();
        assert!(err.contains("a base64 string"), "{err}");
    }

    #[test]
    fn debug_shows_the_length_only() {
        let big = Base64Data::new(vec![7u8; 5 * 1024 * 1024]);
        assert_eq!(format!("{big:?}"), "Base64Data(5242880 bytes)");
        assert_eq!(
            format!("{:?}", Base64Data::new([1u8])),
            "Base64Data(1 byte)"
        );
    }

    #[test]
    fn conversions() {
        let data = Base64Data::from(&b"abc"[..]);
        assert_eq!(data.as_ref(), b"abc");
        assert_eq!(Vec::from(data.clone()), b"abc".to_vec());
        assert_eq!(data.into_vec(), b"abc".to_vec());
    }
}
