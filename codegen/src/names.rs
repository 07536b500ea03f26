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

/// What an operation's type names start with, e.g. `GetAllVoucherCodes` or
/// `GetAllReservations20230606`.
fn operation_stem(path: &str) -> String {
    let mut parts = path.split('/');
    let resource = parts.next().unwrap_or_default();
    let action = parts.next().unwrap_or_default();
    let version: String = parts
        .next()
        .unwrap_or_default()
        .chars()
        .filter(char::is_ascii_digit)
        .collect();
    format!("{}{}{}", camel(action), camel(resource), version)
}

/// The request struct's name for an operation path, e.g. `GetAllVoucherCodesRequest`.
pub fn request_name(path: &str) -> String {
    format!("{}Request", operation_stem(path))
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

/// The pager methods a paginated operation's `method` adds: every page, and
/// every item (`get_all_pages`, `get_all_items`).
pub fn pager_methods(method: &str) -> [String; 2] {
    [format!("{method}_pages"), format!("{method}_items")]
}

/// A resource's client type, e.g. `VoucherCodesApi`.
pub fn api_name(resource: &str) -> String {
    format!("{}Api", camel(resource))
}

/// A resource's accessor on `Client`, e.g. `voucher_codes`.
pub fn accessor_name(resource: &str) -> String {
    snake(resource)
}

/// The Rust field of a JSON property, e.g. `voucher_ids`.
pub fn field_name(property: &str) -> String {
    snake(property)
}

/// The builder of a struct, e.g. `VoucherCodeParametersBuilder`.
pub fn builder_name(type_name: &str) -> String {
    format!("{type_name}Builder")
}

/// The submodule of each generated module that holds its builders and
/// their hidden traits, out of the way of the module's own page:
/// `voucher_codes::builders::GetAllVoucherCodesRequestBuilder`.
pub const BUILDERS_MODULE: &str = "builders";

/// The method that finishes every builder.
pub const BUILD_METHOD: &str = "build";

/// The hidden trait that says a builder's required `field` is set, e.g.
/// `VoucherCodeParametersValueIsSet`.
pub fn is_set_trait(type_name: &str, field: &str) -> String {
    format!("{type_name}{}IsSet", camel(field))
}

/// The builder methods of an `update<T>` field: set it, and clear it.
pub fn update_setters(field: &str) -> [String; 2] {
    [format!("set_{field}"), format!("clear_{field}")]
}

/// The enum of an operation's parameter sets, e.g.
/// `GetAllFiscalMachineCommandsParameterSet`.
pub fn parameter_set_enum(path: &str) -> String {
    format!("{}ParameterSet", operation_stem(path))
}

/// The struct of one parameter set, e.g. `GetAllFiscalMachineCommandsByIds`.
pub fn parameter_set_struct(path: &str, set: &str) -> String {
    format!("{}{}", operation_stem(path), camel(set))
}

/// The variant of a parameter set in its enum, e.g. `ByIds`.
pub fn parameter_set_variant(set: &str) -> String {
    camel(set)
}

/// The request field holding the chosen parameter set, and its builder method.
pub const PARAMETER_SET_FIELD: &str = "parameter_set";

/// Where a request's builder keeps the chosen parameter set: not under the
/// method's name, which is only there until a set is chosen.
pub const PARAMETER_SET_STORAGE: &str = "chosen_set";

/// The request field, never sent, and builder method that hold the
/// service's time unit, against which the request's time-unit windows are
/// checked (`.time_unit_for_checks(TimeUnit::Day)`).
pub const TIME_UNIT_HINT_FIELD: &str = "time_unit_for_checks";

/// The enum of the variants of a union with properties beside its
/// discriminator; the union's own name is the struct that holds both:
/// `AccountUpdateParameters { id, variant: AccountUpdateParametersVariant }`.
pub fn union_variant_enum(union: &str) -> String {
    format!("{union}Variant")
}

/// The field (and builder method) of such a struct that holds the variant.
pub const UNION_VARIANT_FIELD: &str = "variant";

/// The private struct a request with parameter sets is read through: every
/// property of every set, to find out which set the JSON carries.
pub fn wire_name(request: &str) -> String {
    format!("{request}Wire")
}

/// The spec name for an object or enum title of the Mews documentation:
/// `Order item` -> `OrderItem`, and a dated title keeps its date as digits
/// where it stands, as request names do: `Reservation (ver 2023-06-06)` ->
/// `Reservation20230606`, `Currency value (ver 2018-06-07) update value` ->
/// `CurrencyValue20180607UpdateValue`.
pub fn type_name_for_title(title: &str) -> String {
    let dated = title
        .find("(ver")
        .and_then(|start| Some((start, start + title[start..].find(')')?)));
    let Some((start, end)) = dated else {
        return camel(title);
    };
    let date: String = title[start..end]
        .chars()
        .filter(char::is_ascii_digit)
        .collect();
    if date.is_empty() {
        return camel(title);
    }
    format!(
        "{}{date}{}",
        camel(&title[..start]),
        camel(&title[end + 1..])
    )
}

/// The client's cargo feature that compiles the serde impls it does not
/// use itself: `Serialize` of what it only receives, `Deserialize` of what
/// it only sends (and `for_each_operation`, which needs both). Off by
/// default: they add 10–30% to the crate's compile time.
pub const ROUNDTRIP_FEATURE: &str = "roundtrip";

/// The client's cargo feature that compiles every generated module.
pub const FULL_FEATURE: &str = "full";

/// The cargo features the client has whatever the spec: a module's feature
/// may not take one of these names.
pub const CLIENT_FEATURES: &[&str] = &["default", FULL_FEATURE, ROUNDTRIP_FEATURE];

/// The client's cargo feature that compiles a module (and, through the
/// features it requires, the modules whose types it uses): its own name.
pub fn feature(module: &str) -> String {
    module.to_owned()
}

/// A crate's name in paths: its package's, `-` made `_`.
pub fn crate_name(package: &str) -> String {
    package.replace('-', "_")
}

/// The client's package, which users depend on.
pub const CLIENT_PACKAGE: &str = "mews-connector";
/// The package of the runtime's value side and the always compiled modules.
pub const CORE_PACKAGE: &str = "mews-connector-core";
/// The packages of the generated types ([`crate::crates::Crate`]).
pub const SHARED_PACKAGE: &str = "mews-connector-shared";
/// See [`SHARED_PACKAGE`].
pub const LINKED_PACKAGE: &str = "mews-connector-linked";
/// See [`SHARED_PACKAGE`].
pub const STANDALONE_PACKAGE: &str = "mews-connector-standalone";

/// What a property's `n`th alias is read into, inside the generated
/// `Deserialize` of its struct (as a [`slot`]): `contact_person_alias_0`.
pub fn alias_field(field: &str, n: usize) -> String {
    format!("{field}_alias_{n}")
}

/// The local variable a struct's generated `Deserialize` reads a field (or
/// an alias's field, [`alias_field`]) into: `field_contact_person`. The
/// prefix keeps it apart from the reader's own variables (`map`, `key`).
pub fn slot(field: &str) -> String {
    format!("field_{field}")
}

/// A spec name qualified with the documentation page it comes from, for a
/// title that names different objects on different pages:
/// (`accounts`, `Customer`) -> `AccountsCustomer`.
pub fn qualified_type_name(page: &str, name: &str) -> String {
    format!("{}{name}", camel(page))
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

    #[test]
    fn derived_names() {
        assert_eq!(
            request_name("voucherCodes/getAll"),
            "GetAllVoucherCodesRequest"
        );
        assert_eq!(
            request_name("reservations/getAll/2023-06-06"),
            "GetAllReservations20230606Request"
        );
        assert_eq!(
            method_name("reservations/getAll/2023-06-06"),
            "get_all_2023_06_06"
        );
        assert_eq!(pager_methods("get_all"), ["get_all_pages", "get_all_items"]);
        assert_eq!(api_name("voucherCodes"), "VoucherCodesApi");
        assert_eq!(builder_name("Limitation"), "LimitationBuilder");
        assert_eq!(is_set_trait("Limitation", "count"), "LimitationCountIsSet");
        assert_eq!(update_setters("name"), ["set_name", "clear_name"]);
        assert_eq!(
            parameter_set_enum("fiscalMachineCommands/getAll"),
            "GetAllFiscalMachineCommandsParameterSet"
        );
        assert_eq!(
            parameter_set_struct("fiscalMachineCommands/getAll", "ByIds"),
            "GetAllFiscalMachineCommandsByIds"
        );
        assert_eq!(variant_name("PartnerCompany"), "PartnerCompany");
        assert_eq!(variant_name("3DSecure"), "Value3DSecure");
    }

    #[test]
    fn names_for_documentation_titles() {
        assert_eq!(type_name_for_title("Order item"), "OrderItem");
        assert_eq!(
            type_name_for_title("Reservation (ver 2023-06-06)"),
            "Reservation20230606"
        );
        assert_eq!(
            type_name_for_title("Fiscal machine command data (ver. 2025-06-23)"),
            "FiscalMachineCommandData20250623"
        );
        assert_eq!(
            type_name_for_title("Currency value (ver 2018-06-07) update value"),
            "CurrencyValue20180607UpdateValue"
        );
        assert_eq!(type_name_for_title("Version (verbose"), "VersionVerbose");
        assert_eq!(type_name_for_title("A (version) b"), "AVersionB");
        assert_eq!(
            qualified_type_name("accounts", "Customer"),
            "AccountsCustomer"
        );
        assert_eq!(
            qualified_type_name("accountingItems", "OrderItem"),
            "AccountingItemsOrderItem"
        );
    }
}
