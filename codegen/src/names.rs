//! Rust names for spec names: casing by heck, keywords escaped.

use heck::{ToSnakeCase, ToUpperCamelCase};
use proc_macro2::{Ident, Span};

/// Rust's keywords, strict and reserved, as of edition 2024.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "Self", "static", "struct", "super", "trait", "true", "try", "type",
    "typeof", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Keywords that cannot be raw identifiers; they get a trailing `_` instead.
const NOT_RAW: &[&str] = &["crate", "self", "Self", "super"];

/// `VoucherCodeIds` -> `voucher_code_ids`, for fields, methods and modules.
pub fn snake(name: &str) -> String {
    name.to_snake_case()
}

/// `voucherCodes` -> `VoucherCodes`, for types and variants.
pub fn camel(name: &str) -> String {
    name.to_upper_camel_case()
}

/// Whether `name` needs escaping to be used as an identifier.
pub fn is_keyword(name: &str) -> bool {
    KEYWORDS.contains(&name)
}

/// An identifier for `name`, escaped when it is a keyword or starts with a digit.
pub fn ident(name: &str) -> Ident {
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        Ident::new(&format!("_{name}"), Span::call_site())
    } else if NOT_RAW.contains(&name) {
        Ident::new(&format!("{name}_"), Span::call_site())
    } else if is_keyword(name) {
        Ident::new_raw(name, Span::call_site())
    } else {
        Ident::new(name, Span::call_site())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn casing_and_escaping() {
        assert_eq!(snake("VoucherCodeIds"), "voucher_code_ids");
        assert_eq!(snake("getAll"), "get_all");
        assert_eq!(camel("voucherCodes"), "VoucherCodes");
        assert_eq!(ident("type").to_string(), "r#type");
        assert_eq!(ident("self").to_string(), "self_");
        assert_eq!(ident("2023").to_string(), "_2023");
        assert_eq!(ident("value").to_string(), "value");
    }
}
