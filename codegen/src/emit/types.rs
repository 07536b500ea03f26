//! Structs and enums with their serde shape.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::{Scope, deprecated_attr, doc_attrs, ty_tokens};
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
        let json = &f.json;
        let ty = ty_tokens(&f.ty, here);
        let ty = if f.optional { quote!(Option<#ty>) } else { ty };
        let doc = doc_attrs(&f.doc);
        let deprecated = deprecated_attr(&f.deprecated);
        let serde = if f.optional {
            quote!(#[serde(rename = #json, default, skip_serializing_if = "Option::is_none")])
        } else if matches!(f.ty, Ty::Update(..)) {
            let is_keep = here.runtime_text("update::Update::is_keep");
            quote!(#[serde(rename = #json, default, skip_serializing_if = #is_keep)])
        } else if s.received && matches!(f.ty, Ty::List(_)) {
            // An absent list reads as empty rather than failing the whole response.
            quote!(#[serde(rename = #json, default)])
        } else {
            quote!(#[serde(rename = #json)])
        };
        quote! { #doc #deprecated #serde pub #rust: #ty, }
    });
    quote! {
        #doc
        #deprecated
        #[derive(Clone, Debug, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
        #[non_exhaustive]
        pub struct #name { #(#fields)* }
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

        #[allow(deprecated)]
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

        #[allow(deprecated)]
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
