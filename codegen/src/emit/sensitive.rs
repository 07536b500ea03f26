//! What a `sensitive` field changes: a hand-made `Debug` that shows
//! `<redacted>` in place of the value but keeps its shape (`None`, how many
//! items, which update), and a reader whose errors do not quote the value.

use proc_macro2::TokenStream;
use quote::quote;

use super::Scope;
use crate::ir::{self, Ty};

/// `impl Debug` for `name` (with `generics`, each bounded by `Debug`): each
/// field is `(Rust name, what Debug shows)`, in declaration order, as
/// `derive(Debug)` would print them.
pub fn debug_impl(
    name: &TokenStream,
    shown_name: &str,
    generics: &[proc_macro2::Ident],
    fields: &[(String, TokenStream)],
) -> TokenStream {
    let entries = fields.iter().map(|(rust, value)| {
        // `derive(Debug)` prints the Rust name without a raw prefix.
        let label = rust.trim_start_matches("r#");
        quote!(.field(#label, #value))
    });
    let (params, args) = if generics.is_empty() {
        (quote!(), quote!())
    } else {
        (
            quote!(<#(#generics: ::std::fmt::Debug),*>),
            quote!(<#(#generics),*>),
        )
    };
    quote! {
        impl #params ::std::fmt::Debug for #name #args {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_struct(#shown_name) #(#entries)* .finish()
            }
        }
    }
}

/// What `Debug` shows of a field: the field itself, or for a sensitive one
/// its shape with every value redacted.
pub fn shown(f: &ir::Field, here: Scope) -> TokenStream {
    shown_as(f, f.optional, here)
}

/// The same, for a field kept as an `Option` (`optional`) or not, as a
/// builder keeps its optional fields.
pub fn shown_as(f: &ir::Field, optional: bool, here: Scope) -> TokenStream {
    let rust = crate::names::ident(&f.rust);
    if !f.sensitive {
        return quote!(&self.#rust);
    }
    let (reads, inner) = redacted(&f.ty, here);
    let pattern = if reads { quote!(v) } else { quote!(_) };
    if optional {
        quote!(&self.#rust.as_ref().map(|#pattern| #inner))
    } else if reads {
        quote!(&{ let v = &self.#rust; #inner })
    } else {
        quote!(&#inner)
    }
}

/// An expression showing `v` (a reference to a `ty`) with every scalar
/// redacted, and whether it reads `v` at all.
fn redacted(ty: &Ty, here: Scope) -> (bool, TokenStream) {
    let rt = here.runtime();
    let inner = |ty: &Ty| {
        let (reads, inner) = redacted(ty, here);
        let pattern = if reads { quote!(v) } else { quote!(_) };
        (pattern, inner)
    };
    match ty {
        Ty::List(item) => {
            let (pattern, item) = inner(item);
            (
                true,
                quote!(v.iter().map(|#pattern| #item).collect::<Vec<_>>()),
            )
        }
        Ty::Map(value) => {
            let (reads, value) = redacted(value, here);
            let pairs = if reads {
                quote!(v.iter().map(|(k, v)| (k, #value)))
            } else {
                quote!(v.keys().map(|k| (k, #value)))
            };
            (
                true,
                quote!(#pairs.collect::<::std::collections::BTreeMap<_, _>>()),
            )
        }
        Ty::Update(value, _) => {
            let (pattern, value) = inner(value);
            let update = quote!(#rt::update::Update);
            (
                true,
                quote! {
                    match v {
                        #update::Keep => #update::Keep,
                        #update::Set(#pattern) => #update::Set(#value),
                        #update::Clear => #update::Clear,
                    }
                },
            )
        }
        // `check` lets `sensitive` on scalars only (and lists, maps and
        // updates of them); a named type would be redacted whole.
        _ => (false, quote!(#rt::sensitive::Redacted)),
    }
}

/// The serde attribute that reads a sensitive field without quoting it in
/// an error; nothing for other fields.
pub fn deserialize_attr(f: &ir::Field, here: Scope) -> TokenStream {
    if !f.sensitive {
        return quote!();
    }
    let with = here.runtime_text("sensitive::deserialize");
    quote!(#[serde(deserialize_with = #with)])
}
