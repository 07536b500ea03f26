//! Rust names for spec names: casing by heck, keywords escaped.

use heck::{ToSnakeCase, ToUpperCamelCase};
use proc_macro2::{Ident, Span};

use crate::spec::SpecFile;

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

/// The Rust module a spec file becomes.
pub fn module_name(file: &SpecFile) -> String {
    match &file.resource {
        Some(r) => snake(&r.name.value),
        None => {
            let stem = file.name.rsplit('/').next().unwrap_or(&file.name);
            let stem = stem
                .strip_suffix(".yaml")
                .or_else(|| stem.strip_suffix(".yml"))
                .unwrap_or(stem);
            snake(stem.trim_start_matches('_'))
        }
    }
}

/// The extension trait that adds a resource's accessor to `Client` when the
/// resource is generated outside the client crate, e.g. `ShapeDemoClientExt`.
pub fn client_extension(resource: &str) -> String {
    format!("{}ClientExt", camel(resource))
}

/// The request struct's name for an operation path, e.g. `GetAllVoucherCodesRequest`.
pub fn request_name(path: &str) -> String {
    let mut parts = path.split('/');
    let resource = parts.next().unwrap_or_default();
    let action = parts.next().unwrap_or_default();
    let version: String = parts
        .next()
        .unwrap_or_default()
        .chars()
        .filter(char::is_ascii_digit)
        .collect();
    format!("{}{}{}Request", camel(action), camel(resource), version)
}

/// The method name for an operation path, e.g. `get_all` or `get_all_2023_06_06`.
pub fn method_name(path: &str) -> String {
    let mut parts = path.split('/').skip(1);
    let action = snake(parts.next().unwrap_or_default());
    match parts.next() {
        Some(version) => format!("{action}_{}", version.replace('-', "_")),
        None => action,
    }
}

/// The Rust variant for an enum value, e.g. `PartnerCompany`, `Value1`.
///
/// A value that starts with a digit keeps its own casing behind `Value`
/// (`3DSecure` -> `Value3DSecure`), where UpperCamelCase would blur it.
pub fn variant_name(value: &str) -> String {
    if value.starts_with(|c: char| c.is_ascii_digit())
        && value.chars().all(|c| c.is_ascii_alphanumeric())
    {
        return format!("Value{value}");
    }
    let camel = camel(value);
    if camel.starts_with(|c: char| c.is_ascii_digit()) {
        format!("Value{camel}")
    } else {
        camel
    }
}

/// The catch-all variant of a generated enum or union: where a value (or
/// discriminator) this version does not know is kept.
///
/// It is `Unknown`, unless one of the listed values itself becomes the
/// variant `Unknown` (Mews' loyalty program type has a value `Unknown`):
/// then that value keeps the name, and the catch-all is `Unrecognized`.
/// `variants` are the Rust variant names, as [`variant_name`] makes them.
pub fn catch_all<'a>(variants: impl IntoIterator<Item = &'a str>) -> &'static str {
    if variants.into_iter().any(|v| v == CATCH_ALL) {
        CATCH_ALL_ALTERNATIVE
    } else {
        CATCH_ALL
    }
}

/// The usual name of the catch-all variant.
pub const CATCH_ALL: &str = "Unknown";

/// The catch-all's name when a listed value takes [`CATCH_ALL`].
pub const CATCH_ALL_ALTERNATIVE: &str = "Unrecognized";

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

    #[test]
    fn catch_all_steps_aside_for_a_value_named_unknown() {
        assert_eq!(catch_all(["Active", "Deleted"]), "Unknown");
        assert_eq!(catch_all(["Unknown", "Gold"]), "Unrecognized");
        assert_eq!(
            catch_all([variant_name("UNKNOWN").as_str()]),
            "Unrecognized"
        );
        // Only the whole name counts.
        assert_eq!(catch_all(["UnknownGuest"]), "Unknown");
    }
}
