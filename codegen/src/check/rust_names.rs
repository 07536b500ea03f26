//! Names inside a definition that Rust must be able to hold: type names,
//! enum variants (and the catch-all), method names, the fields and setters
//! of a struct's properties, and the fields that read aliases.

use super::*;

/// Type names the generated code itself uses unqualified (or that Rust
/// reserves): a spec type of that name would shadow them.
pub(super) const RESERVED_TYPES: &[&str] = &[
    "Self",
    "Option",
    "Some",
    "None",
    "Result",
    "Ok",
    "Err",
    "String",
    "Vec",
    "Box",
    "From",
    "Into",
    "IntoIterator",
    "Envelope",
];

pub(super) fn is_type_name(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_uppercase())
        && name.chars().all(|c| c.is_ascii_alphanumeric())
}

pub(super) fn is_lower_camel(s: &str) -> bool {
    s.starts_with(|c: char| c.is_ascii_lowercase()) && s.chars().all(|c| c.is_ascii_alphanumeric())
}

impl<'s> Checker<'s, '_> {
    /// Checks the Rust variants that enum values or union discriminators
    /// (`what`) become: usable, distinct, and clear of the catch-all.
    pub(super) fn variant_names(&mut self, values: &[&Located<String>], what: &str) {
        let rust: Vec<String> = values
            .iter()
            .map(|v| names::variant_name(&v.value))
            .collect();
        let catch_all = names::catch_all(rust.iter().map(String::as_str));
        let mut seen: BTreeMap<&str, &Located<String>> = BTreeMap::new();
        for (value, rust) in values.iter().zip(&rust) {
            let usable = rust.starts_with(|c: char| c.is_ascii_uppercase())
                && rust.chars().all(|c| c.is_ascii_alphanumeric());
            if !usable || rust == catch_all || rust == "Self" {
                let (msg, help) = if rust == catch_all {
                    (
                        format!(
                            "becomes `{catch_all}`, the variant that holds what the spec does not list (named so because `{}` is listed too)",
                            names::CATCH_ALL
                        ),
                        "this needs a change in the generator; report it to the generator's maintainers",
                    )
                } else if rust == "Self" {
                    (
                        "becomes `Self`, a Rust keyword".to_owned(),
                        "this needs a change in the generator; report it to the generator's maintainers",
                    )
                } else {
                    (
                        "has no ASCII letter or digit to make a Rust variant of".to_owned(),
                        "check the value against the Mews documentation",
                    )
                };
                let msg = format!("{what} `{}` {msg}", value.value);
                self.error(&value.loc, msg, Some(help.to_owned()));
            } else if let Some(first) = seen.get(rust.as_str()) {
                let msg = format!(
                    "{what}s `{}` and `{}` both become the variant `{rust}`",
                    first.value, value.value
                );
                let first = first.loc.clone();
                self.error_with(
                    &value.loc,
                    msg,
                    ("the other value", &first),
                    Some("Mews spells each value differently; check this one".into()),
                );
            } else {
                seen.insert(rust, value);
            }
        }
    }

    /// Reports an object, enum or union name that cannot be a Rust type name.
    pub(super) fn type_name(&mut self, name: &Located<String>) {
        let value = &name.value;
        if !is_type_name(value) {
            let msg = format!("`{value}` is not usable as a type name");
            self.error(
                &name.loc,
                msg,
                Some(format!(
                    "use UpperCamelCase ASCII letters and digits, e.g. `{}`",
                    names::type_name_for_title(value)
                )),
            );
        } else if RESERVED_TYPES.contains(&value.as_str()) {
            let why = if value == "Self" {
                "a Rust keyword"
            } else {
                "used by the generated code itself"
            };
            let msg = format!("`{value}` is not usable as a type name: it is {why}");
            self.error(
                &name.loc,
                msg,
                Some(
                    "rename it: the names of objects, enums and unions are not sent to Mews"
                        .to_owned(),
                ),
            );
        }
    }

    /// The operation's method name: the spec's `method`, or the one made
    /// from its path. `None` when the spec's is not usable (reported here).
    pub(super) fn method(&mut self, op: &Operation) -> Option<String> {
        let Some(method) = &op.method else {
            return Some(names::method_name(&op.path.value));
        };
        let name = &method.value;
        let snake_case = name.starts_with(|c: char| c.is_ascii_lowercase())
            && name
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
        if !snake_case {
            let msg = format!("`method` `{name}` is not a snake_case Rust method name");
            let help = format!(
                "use lower-case ASCII letters, digits and `_`, e.g. `{}`",
                names::snake(name)
            );
            self.error(&method.loc, msg, Some(help));
            None
        } else if names::is_keyword(name) {
            let msg = format!("`method` `{name}` is a Rust keyword");
            self.error(
                &method.loc,
                msg,
                Some("choose another name, e.g. with the action's own words".into()),
            );
            None
        } else {
            Some(name.clone())
        }
    }

    /// The field and setter names of one property: usable, and unlike the
    /// other properties' of the same struct (`sent`: it gets a builder).
    pub(super) fn property_names(
        &mut self,
        prop: &'s Property,
        owner: &str,
        sent: bool,
        fields: &mut BTreeMap<String, &'s Located<String>>,
        setters: &mut BTreeMap<String, &'s Located<String>>,
    ) {
        let name = &prop.name.value;
        let field = names::field_name(name);
        if field.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            let msg = format!("property `{name}` of {owner} cannot become a Rust field");
            self.error(&prop.name.loc, msg, Some("property names are JSON names such as `VoucherIds`: ASCII letters, digits and `_`".into()));
        } else if let Some(first) = fields.get(&field) {
            let msg = format!(
                "properties `{}` and `{name}` of {owner} both become the field `{field}`",
                first.value
            );
            let first = first.loc.clone();
            self.error_with(
                &prop.name.loc,
                msg,
                ("the other property", &first),
                Some("Mews spells each property differently; check this one".into()),
            );
        } else {
            fields.insert(field.clone(), &prop.name);
            if sent {
                let own = match (&prop.ty.value, prop.nullable) {
                    (TypeExpr::Update(_), true) => names::update_setters(&field).to_vec(),
                    (TypeExpr::Update(_), false) => {
                        let [set, _] = names::update_setters(&field);
                        vec![set]
                    }
                    _ => vec![field],
                };
                for setter in own {
                    if setter == names::BUILD_METHOD {
                        let msg = format!(
                            "property `{name}` of {owner} makes the builder method `build`, which finishes the builder"
                        );
                        self.error(&prop.name.loc, msg, Some("the generator cannot name this setter yet; report it to the generator's maintainers".into()));
                    } else if let Some(first) = setters.get(&setter) {
                        let msg = format!(
                            "properties `{}` and `{name}` of {owner} both make the builder method `{setter}`",
                            first.value
                        );
                        let first = first.loc.clone();
                        self.error_with(&prop.name.loc, msg, ("the other property", &first), Some("an `update<T>` property `X` makes `set_x` (and `clear_x` when nullable)".into()));
                    } else {
                        setters.insert(setter, &prop.name);
                    }
                }
            }
        }
    }

    /// The slots that read a property's aliases (`contact_person_alias_0`)
    /// sit beside those of the struct's own fields when it is read: no
    /// field may be named like one.
    pub(super) fn alias_fields(
        &mut self,
        props: &[Property],
        owner: &str,
        fields: &BTreeMap<String, &Located<String>>,
    ) {
        for prop in props {
            let field = names::field_name(&prop.name.value);
            for (n, alias) in prop.aliases.iter().enumerate() {
                let reader = names::alias_field(&field, n);
                if let Some(other) = fields.get(&reader) {
                    let msg = format!(
                        "alias `{}` of property `{}` of {owner} is read through the slot `{reader}`, which property `{}` already becomes",
                        alias.value, prop.name.value, other.value
                    );
                    let other = other.loc.clone();
                    self.error_with(
                        &alias.loc,
                        msg,
                        ("the other property", &other),
                        Some("the generator cannot name this reader yet; report it to the generator's maintainers".into()),
                    );
                }
            }
        }
    }
}
