//! Structs and enums with their serde shape.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::{Scope, deprecated_attr, doc_attrs, sensitive, ty_tokens};
use crate::ir::{self, Ty};
use crate::names::{self, ident};

/// A struct with serde attributes carrying the exact JSON names.
///
/// Unknown JSON properties are ignored (serde's default), so new Mews fields
/// never break a response. `#[non_exhaustive]` keeps adding fields
/// compatible for callers; sent structs are made through their builders.
pub fn structure(s: &ir::Struct, here: Scope) -> TokenStream {
    let name = format_ident!("{}", s.name);
    let mut doc = s.doc.clone();
    if s.sent {
        doc.push_str(&format!("\n\nBuild it with [`{}::builder`].", s.name));
    }
    if s.received && !s.sent {
        doc.push_str("\n\nRead from responses: properties this version does not know are ignored.");
    }
    let doc = doc_attrs(&doc);
    let deprecated = deprecated_attr(&s.deprecated);
    let fields = s.fields.iter().map(|f| {
        let rust = ident(&f.rust);
        let ty = ty_tokens(&f.ty, here);
        let ty = if f.optional { quote!(Option<#ty>) } else { ty };
        let doc = doc_attrs(&f.doc);
        let deprecated = deprecated_attr(&f.deprecated);
        // Only a request with parameter sets still derives serde; other
        // structs have impls written by `object_serde` or `flat_union_serde`.
        if s.parameter_sets.is_none() {
            return quote! { #doc #deprecated pub #rust: #ty, };
        }
        let serde = field_serde(f, s.received, here);
        let read = sensitive::deserialize_attr(f, here);
        quote! { #doc #deprecated #serde #read pub #rust: #ty, }
    });
    if let Some(flat) = &s.flat_union {
        let serde = flat_union_serde(s, flat, here);
        return quote! {
            #doc
            #deprecated
            #[derive(Clone, Debug, PartialEq)]
            #[non_exhaustive]
            pub struct #name { #(#fields)* }
            #serde
        };
    }
    let (container, sets) = match &s.parameter_sets {
        Some(sets) => {
            let wire = &sets.wire;
            let rust = ident(&sets.field);
            let e = format_ident!("{}", sets.enum_name);
            let field = quote! {
                /// The chosen parameter set; its properties sit beside the
                /// request's own in the JSON.
                #[serde(flatten)]
                pub #rust: #e,
            };
            (
                quote!(#[serde(try_from = #wire)]),
                Some((field, parameter_sets(s, sets, here))),
            )
        }
        None => (quote!(), None),
    };
    let (set_field, set_items) = sets.unzip();
    let hint = s.time_unit_hint.as_ref().map(|field| {
        let rust = ident(field);
        let rt = here.runtime();
        let unit = quote!(#rt::contract::TimeUnit);
        let doc = doc_attrs(&format!(
            "The service's time unit, against which the request's time-unit windows are checked; never sent. Left out, only a window no time unit allows is refused. Set it with the builder's `{field}`."
        ));
        let skip = s.parameter_sets.is_some().then(|| quote!(#[serde(skip)]));
        quote! { #doc #skip pub #rust: Option<#unit>, }
    });
    let (derive_serde, read_derive, serde) = if s.parameter_sets.is_some() {
        // A request: reading it is for the roundtrip feature only.
        let read = here.roundtrip_attr(s.received, quote!(derive(::serde::Deserialize)));
        (quote!(, ::serde::Serialize), read, None)
    } else {
        (quote!(), quote!(), Some(object_serde(s, here)))
    };
    // A secret's value never reaches `Debug`: derived for other structs.
    let (derive_debug, debug) = if s.fields.iter().any(|f| f.sensitive) {
        let mut shown: Vec<(String, TokenStream)> = s
            .fields
            .iter()
            .map(|f| (f.rust.clone(), sensitive::shown(f, here)))
            .collect();
        if let Some(sets) = &s.parameter_sets {
            let rust = ident(&sets.field);
            shown.push((sets.field.clone(), quote!(&self.#rust)));
        }
        if let Some(hint) = &s.time_unit_hint {
            let rust = ident(hint);
            shown.push((hint.clone(), quote!(&self.#rust)));
        }
        let debug = sensitive::debug_impl(&quote!(#name), &s.name, &[], &shown);
        (quote!(), Some(debug))
    } else {
        (quote!(Debug,), None)
    };
    quote! {
        #doc
        #deprecated
        #[derive(Clone, #derive_debug PartialEq #derive_serde)]
        #read_derive
        #container
        #[non_exhaustive]
        pub struct #name { #(#fields)* #set_field #hint }
        #debug
        #set_items
        #serde
    }
}

/// `Serialize` and `Deserialize` of a union with properties of its own: one
/// JSON object with its properties, the discriminator and the payloads,
/// written and read through the runtime's `union` module (no serde
/// `flatten`, which would buffer the object and read numbers as `f64`).
fn flat_union_serde(s: &ir::Struct, flat: &ir::FlatUnion, here: Scope) -> TokenStream {
    let rt = here.runtime();
    let name = format_ident!("{}", s.name);
    let e = format_ident!("{}", flat.enum_name);
    let variant = ident(&flat.field);
    let own: Vec<&ir::Field> = s.fields.iter().filter(|f| f.rust != flat.field).collect();
    let writes = own.iter().map(|f| {
        let rust = ident(&f.rust);
        let json = &f.json;
        if f.optional {
            quote!(if let Some(value) = &self.#rust { map.serialize_entry(#json, value)?; })
        } else {
            quote!(map.serialize_entry(#json, &self.#rust)?;)
        }
    });
    let names = own.iter().map(|f| &f.json);
    let reads = own.iter().map(|f| {
        let rust = ident(&f.rust);
        let json = &f.json;
        let ty = ty_tokens(&f.ty, here);
        if f.optional {
            // Absent or null: `None`.
            quote!(#rust: received.take::<Option<#ty>>(#json)?.flatten(),)
        } else if s.received && matches!(f.ty, Ty::List(_)) {
            quote!(#rust: received.take(#json)?.unwrap_or_default(),)
        } else {
            quote!(#rust: received.take_required(#json)?,)
        }
    });
    // Each direction the client does not use itself is compiled only with
    // the roundtrip feature.
    let write_cfg = here.roundtrip_only(s.sent);
    let read_cfg = here.roundtrip_only(s.received);
    quote! {
        #write_cfg
        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                use ::serde::ser::SerializeMap;
                let mut map = serializer.serialize_map(None)?;
                #(#writes)*
                self.#variant.serialize_entries(&mut map)?;
                map.end()
            }
        }

        #read_cfg
        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                #rt::union::deserialize_with_properties(
                    deserializer,
                    &#e::SHAPE,
                    &[#(#names),*],
                    |mut received| {
                        Ok(Self {
                            #(#reads)*
                            #variant: #e::read_variant(received)?,
                        })
                    },
                )
            }
        }
    }
}

/// `Serialize` and `Deserialize` of a struct, written out rather than
/// derived: serde's derive emits several times as much code, which at the
/// size of the whole API dominated the client's compile time (the runtime's
/// `object` module, docs/PERFORMANCE.md).
///
/// Written: the properties in order, an absent optional one and an update
/// to `Keep` left out. Read: each property into a slot, unknown ones
/// skipped; a property with aliases is read under every spelling, and when
/// several hold a value the property's own name wins (serde's `alias` would
/// refuse a body with both spellings, failing a whole response over a
/// property Mews happened to send twice).
fn object_serde(s: &ir::Struct, here: Scope) -> TokenStream {
    let rt = here.runtime();
    let name = format_ident!("{}", s.name);
    let type_name = &s.name;
    let is_update = |f: &ir::Field| !f.optional && matches!(f.ty, Ty::Update(..));
    // A field that reads as its default when absent (else: a missing field).
    let defaults =
        |f: &ir::Field| f.optional || is_update(f) || (s.received && matches!(f.ty, Ty::List(_)));

    let writes: Vec<TokenStream> = s
        .fields
        .iter()
        .map(|f| {
            let rust = ident(&f.rust);
            let json = &f.json;
            if f.optional {
                quote!(out.optional(#json, &self.#rust);)
            } else if is_update(f) {
                quote!(out.update(#json, &self.#rust);)
            } else {
                quote!(out.entry(#json, &self.#rust);)
            }
        })
        .collect();
    // The runtime's helpers this struct uses (an unused import would warn).
    let helpers = |used: &[(&str, bool)]| {
        let used: Vec<Ident> = used
            .iter()
            .filter(|(_, on)| *on)
            .map(|(name, _)| ident(name))
            .collect();
        (!used.is_empty()).then(|| quote!(use #rt::object::{#(#used),*};))
    };
    let readers = helpers(&[
        ("read", s.fields.iter().any(|f| !f.sensitive)),
        ("read_sensitive", s.fields.iter().any(|f| f.sensitive)),
        ("required", s.fields.iter().any(|f| !defaults(f))),
        ("skip", true),
    ]);
    let out = if writes.is_empty() {
        quote!(out)
    } else {
        quote!(mut out)
    };

    let mut slots = Vec::new();
    let mut arms = Vec::new();
    let mut init = Vec::new();
    for f in &s.fields {
        let rust = ident(&f.rust);
        let read = if f.sensitive {
            quote!(read_sensitive)
        } else {
            quote!(read)
        };
        let spellings = std::iter::once((names::slot(&f.rust), &f.json)).chain(
            f.aliases
                .iter()
                .enumerate()
                .map(|(n, alias)| (names::slot(&names::alias_field(&f.rust, n)), alias)),
        );
        let mut read_into = Vec::new();
        for (slot, json) in spellings {
            let slot = ident(&slot);
            // The slot's type, `Option<field type>`, is inferred.
            slots.push(quote!(let mut #slot = None;));
            arms.push(quote!(#json => #read(&mut map, &mut #slot, &key),));
            read_into.push(slot);
        }
        let first = &read_into[0];
        let json = &f.json;
        init.push(if f.optional {
            // Absent and null are both no value, under any spelling.
            let others = read_into[1..]
                .iter()
                .map(|slot| quote!(.or(#slot.flatten())));
            quote! { #rust: #first.flatten() #(#others)*, }
        } else {
            let others = read_into[1..].iter().map(|slot| quote!(.or(#slot)));
            let value = quote!(#first #(#others)*);
            // Absent under every spelling: what absence means for the field.
            if defaults(f) {
                quote! { #rust: #value.unwrap_or_default(), }
            } else {
                quote! { #rust: required(#value, #json)?, }
            }
        });
    }
    if let Some(field) = &s.time_unit_hint {
        let rust = ident(field);
        init.push(quote! { #rust: None, });
    }
    let names = s.fields.iter().map(|f| &f.json);
    let each = if arms.is_empty() {
        quote! {
            while map.next_key::<#rt::object::Key<'de>>()?.is_some() {
                skip(&mut map)?;
            }
        }
    } else {
        quote! {
            // One `?` after the `match` rather than one in each arm: a
            // smaller body for the compiler to check.
            while let Some(key) = map.next_key::<#rt::object::Key<'de>>()? {
                match key.as_str() {
                    #(#arms)*
                    _ => skip(&mut map),
                }?;
            }
        }
    };
    // Each direction the client does not use itself is compiled only with
    // the roundtrip feature.
    let write_cfg = here.roundtrip_only(s.sent);
    let read_cfg = here.roundtrip_only(s.received);
    quote! {
        #write_cfg
        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                let #out = #rt::object::writer(serializer)?;
                #(#writes)*
                out.end()
            }
        }

        #read_cfg
        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                #rt::object::deserialize(deserializer)
            }
        }

        #read_cfg
        impl #rt::object::Object for #name {
            const NAME: &'static str = #type_name;
            const PROPERTIES: &'static [&'static str] = &[#(#names),*];

            fn read<'de, A: ::serde::de::MapAccess<'de>>(mut map: A) -> Result<Self, A::Error> {
                #readers
                #(#slots)*
                #each
                Ok(Self { #(#init)* })
            }
        }
    }
}

/// The serde attribute of a field: its JSON name, and how absence reads and writes.
fn field_serde(f: &ir::Field, received: bool, here: Scope) -> TokenStream {
    let json = &f.json;
    if f.optional {
        quote!(#[serde(rename = #json, default, skip_serializing_if = "Option::is_none")])
    } else if matches!(f.ty, Ty::Update(..)) {
        // `Keep` is never sent, required or not: a required one is refused
        // by the contract checks before sending.
        let is_keep = here.runtime_text("update::Update::is_keep");
        quote!(#[serde(rename = #json, default, skip_serializing_if = #is_keep)])
    } else if received && matches!(f.ty, Ty::List(_)) {
        // An absent list reads as empty rather than failing the whole response.
        quote!(#[serde(rename = #json, default)])
    } else {
        quote!(#[serde(rename = #json)])
    }
}

/// The enum of a request's parameter sets, and how the request is read.
///
/// Writing needs nothing more: the enum writes the chosen set's properties,
/// flattened into the request's. Reading goes through a private struct with
/// every set's properties, all optional, so that serde never buffers the
/// body (as `flatten` and `untagged` would when reading); the properties
/// present then tell which set the JSON carries.
fn parameter_sets(s: &ir::Struct, sets: &ir::ParameterSets, here: Scope) -> TokenStream {
    let read_cfg = here.roundtrip_only(s.received);
    let request = format_ident!("{}", s.name);
    let e = format_ident!("{}", sets.enum_name);
    let wire = format_ident!("{}", sets.wire);
    let doc = doc_attrs(&format!(
        "The mutually exclusive parameter sets of [`{}`]: a request carries exactly one.",
        s.name
    ));
    let variants = sets.sets.iter().map(|set| {
        let variant = format_ident!("{}", set.variant);
        let inner = format_ident!("{}", set.struct_name);
        let doc = doc_attrs(&set.doc);
        quote! { #doc #variant(#inner), }
    });
    let froms = sets.sets.iter().map(|set| {
        let variant = format_ident!("{}", set.variant);
        let inner = format_ident!("{}", set.struct_name);
        quote! {
            impl From<#inner> for #e {
                fn from(value: #inner) -> Self {
                    Self::#variant(value)
                }
            }
        }
    });
    // The wire struct: the request's fields as they are, every set's optional.
    let own = s.fields.iter().map(|f| {
        let rust = ident(&f.rust);
        let json = &f.json;
        let ty = ty_tokens(&f.ty, here);
        let read = sensitive::deserialize_attr(f, here);
        if f.optional {
            quote! { #[serde(rename = #json, default)] #read #rust: Option<#ty>, }
        } else if matches!(f.ty, Ty::Update(..)) {
            quote! { #[serde(rename = #json, default)] #read #rust: #ty, }
        } else {
            quote! { #[serde(rename = #json)] #read #rust: #ty, }
        }
    });
    let optional = sets.sets.iter().flat_map(|set| &set.fields).map(|f| {
        let rust = ident(&f.rust);
        let json = &f.json;
        let ty = ty_tokens(&f.ty, here);
        let read = sensitive::deserialize_attr(f, here);
        if matches!(f.ty, Ty::Update(..)) {
            quote! { #[serde(rename = #json, default)] #read #rust: #ty, }
        } else {
            quote! { #[serde(rename = #json, default)] #read #rust: Option<#ty>, }
        }
    });
    let present = |f: &ir::Field| {
        let rust = ident(&f.rust);
        if matches!(f.ty, Ty::Update(..)) {
            quote!(!wire.#rust.is_keep())
        } else {
            quote!(wire.#rust.is_some())
        }
    };
    let chosen = sets.sets.iter().map(|set| {
        let any = set.fields.iter().map(present);
        quote!(#(#any)||*)
    });
    let described: Vec<String> = sets
        .sets
        .iter()
        .map(|set| {
            let props: Vec<String> = set.fields.iter().map(|f| format!("`{}`", f.json)).collect();
            format!("`{}` ({})", set.name, props.join(", "))
        })
        .collect();
    let several = format!(
        "the properties of several parameter sets are present; give those of one only: {}",
        described.join(" or ")
    );
    let neither = format!(
        "no parameter set is present; give the properties of one: {}",
        described.join(" or ")
    );
    let arms = sets.sets.iter().enumerate().map(|(i, set)| {
        let pattern = (0..sets.sets.len()).map(|j| i == j);
        let variant = format_ident!("{}", set.variant);
        let inner = format_ident!("{}", set.struct_name);
        let fields = set.fields.iter().map(|f| {
            let rust = ident(&f.rust);
            if f.optional || matches!(f.ty, Ty::Update(..)) {
                quote!(#rust: wire.#rust,)
            } else {
                let missing = format!(
                    "parameter set `{}` lacks its required property `{}`",
                    set.name, f.json
                );
                quote!(#rust: wire.#rust.ok_or(#missing)?,)
            }
        });
        quote! {
            [#(#pattern),*] => #e::#variant(#inner { #(#fields)* }),
        }
    });
    let moves = s.fields.iter().map(|f| {
        let rust = ident(&f.rust);
        quote!(#rust: wire.#rust,)
    });
    let field = ident(&sets.field);
    quote! {
        #doc
        #[derive(Clone, Debug, PartialEq, ::serde::Serialize)]
        #[serde(untagged)]
        #[non_exhaustive]
        pub enum #e { #(#variants)* }

        #(#froms)*

        #read_cfg
        #[derive(::serde::Deserialize)]
        struct #wire { #(#own)* #(#optional)* }

        #read_cfg
        impl TryFrom<#wire> for #request {
            type Error = String;
            fn try_from(wire: #wire) -> Result<Self, String> {
                let present = [#(#chosen),*];
                let #field = match present {
                    #(#arms)*
                    _ if present.contains(&true) => return Err(#several.to_owned()),
                    _ => return Err(#neither.to_owned()),
                };
                Ok(#request { #(#moves)* #field })
            }
        }
    }
}

/// An enum that keeps values it does not know in its catch-all variant
/// (`Unknown`, or `Unrecognized` when Mews lists a value `Unknown`).
pub fn enumeration(e: &ir::Enum, here: Scope) -> TokenStream {
    let name = format_ident!("{}", e.name);
    let catch_all = format_ident!("{}", e.catch_all);
    let growth = if e.extensible {
        "Mews says this list may grow"
    } else {
        "Mews may add values without notice"
    };
    let mut doc = format!(
        "{}\n\n{growth}: a value this version does not know is kept in `{}`, never an error.",
        e.doc, e.catch_all
    );
    if e.catch_all != names::CATCH_ALL {
        doc.push_str(&format!(
            " `{}` is one of Mews' own values here, not the catch-all.",
            names::CATCH_ALL
        ));
    }
    let doc = doc_attrs(&doc);
    let variants = e.values.iter().map(|v| {
        let variant = format_ident!("{}", v.rust);
        let doc = doc_attrs(v.doc.as_deref().unwrap_or(&format!("`{}`", v.json)));
        let deprecated = deprecated_attr(&v.deprecated);
        quote! { #doc #deprecated #variant, }
    });
    let to_str = e.values.iter().map(|v| {
        let variant = format_ident!("{}", v.rust);
        let json = &v.json;
        quote! { Self::#variant => #json, }
    });
    let from_str = e.values.iter().map(|v| {
        let variant = format_ident!("{}", v.rust);
        let json = &v.json;
        quote! { #json => Self::#variant, }
    });
    let rt = here.runtime();
    quote! {
        #doc
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            /// A value this version of the client does not know, as received.
            #catch_all(String),
        }

        impl #name {
            /// Whether the value is one this version of the spec lists.
            pub fn is_known(&self) -> bool {
                !matches!(self, Self::#catch_all(_))
            }

            /// The value as Mews spells it.
            pub fn as_str(&self) -> &str {
                match self {
                    #(#to_str)*
                    Self::#catch_all(value) => value,
                }
            }
        }

        impl From<&str> for #name {
            fn from(value: &str) -> Self {
                match value {
                    #(#from_str)*
                    other => Self::#catch_all(other.to_owned()),
                }
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                #rt::string_enum::deserialize(deserializer)
            }
        }
    }
}
