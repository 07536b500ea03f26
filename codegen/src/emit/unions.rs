//! Discriminated unions: an enum with one variant per discriminator value,
//! read and written through the runtime's `union` module.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::{Scope, deprecated_attr, doc_attrs, named_path, ty_tokens};
use crate::ir;

/// The enum, its serde impls, its accessors, `From` for each payload type
/// only one variant carries, and `Validate` when it is sent.
pub fn union(u: &ir::Union, here: Scope) -> TokenStream {
    let rt = here.runtime();
    let name = format_ident!("{}", u.name);
    let catch_all = format_ident!("{}", u.catch_all);
    let deprecated = deprecated_attr(&u.deprecated);
    let doc = doc_attrs(&union_doc(u));

    let variants = u.variants.iter().map(|v| {
        let variant = format_ident!("{}", v.rust);
        let doc = doc_attrs(&v.doc);
        let deprecated = deprecated_attr(&v.deprecated);
        match &v.payload {
            Some(payload) => {
                let ty = ty_tokens(&payload.ty, here);
                quote! { #doc #deprecated #variant(#ty), }
            }
            None => quote! { #doc #deprecated #variant, },
        }
    });

    let value = match &u.value {
        Some(value) => quote!(Some(#value)),
        None => quote!(None),
    };
    let union_name = &u.shape_name;
    let discriminator = &u.discriminator;
    let shape_variants = u.variants.iter().map(|v| {
        let json = &v.json;
        match &v.payload {
            Some(p) => {
                let property = &p.property;
                quote!((#json, Some(#property)))
            }
            None => quote!((#json, None)),
        }
    });

    let pattern = |v: &ir::Variant, binding: TokenStream| {
        let variant = format_ident!("{}", v.rust);
        match v.payload {
            Some(_) => quote!(Self::#variant(#binding)),
            None => quote!(Self::#variant),
        }
    };
    let names = u.variants.iter().map(|v| {
        let pattern = pattern(v, quote!(_));
        let json = &v.json;
        quote!(#pattern => #json,)
    });
    let reads: Vec<TokenStream> = u
        .variants
        .iter()
        .map(|v| {
            let variant = format_ident!("{}", v.rust);
            let json = &v.json;
            match &v.payload {
                Some(p) => {
                    let property = &p.property;
                    quote!(#json => Self::#variant(received.payload(#property)?),)
                }
                None => quote!(#json => Self::#variant,),
            }
        })
        .collect();
    let writes = u.variants.iter().map(|v| {
        let pattern = pattern(v, quote!(value));
        let json = &v.json;
        let payload = match v.payload {
            Some(_) => quote!(Some(value)),
            None => quote!(None::<&()>),
        };
        quote! {
            #pattern => #rt::union::serialize(serializer, &Self::SHAPE, #json, #payload),
        }
    });
    // The direction the client does not use itself: with the roundtrip
    // feature only (see `types::object_serde`).
    let write_cfg = here.roundtrip_only(u.sent);
    let read_cfg = here.roundtrip_only(u.received);
    // What both share: unused, and so a warning, when neither is compiled
    // (a union no operation reaches, as in a part of the spec).
    let shape_cfg = here.roundtrip_only(u.sent || u.received);
    // A union with properties of its own is read and written by its
    // struct, into the same JSON object.
    let flat = (!u.own.is_empty()).then(|| {
        let entries = u.variants.iter().map(|v| {
            let pattern = pattern(v, quote!(value));
            let json = &v.json;
            let payload = match v.payload {
                Some(_) => quote!(Some(value)),
                None => quote!(None::<&()>),
            };
            quote! {
                #pattern => #rt::union::serialize_entries(map, &Self::SHAPE, #json, #payload),
            }
        });
        quote! {
            impl #name {
                #read_cfg
                fn read_variant(
                    received: #rt::union::Received,
                ) -> Result<Self, #rt::union::PayloadError> {
                    Ok(match received.discriminator() {
                        #(#reads)*
                        _ => Self::#catch_all(received.into_unknown()),
                    })
                }

                #write_cfg
                fn serialize_entries<M: ::serde::ser::SerializeMap>(
                    &self,
                    map: &mut M,
                ) -> Result<(), M::Error> {
                    match self {
                        #(#entries)*
                        Self::#catch_all(unknown) => unknown.serialize_entries(map),
                    }
                }
            }
        }
    });

    let tag = u.tag.as_ref().map(|tag| {
        let path = named_path(tag, here);
        // Linked by its path: the tag enum may live in another module.
        let link = here.doc_link(&tag.module, &tag.name);
        let doc = doc_attrs(&format!(
            "The discriminator as a {link}; one this version does not know is its catch-all."
        ));
        quote! {
            #doc
            pub fn tag(&self) -> #path {
                #path::from(self.discriminator())
            }
        }
    });

    let froms = u.variants.iter().filter_map(|v| {
        let payload = v.payload.as_ref().filter(|p| p.unique)?;
        let ty = ty_tokens(&payload.ty, here);
        let variant = format_ident!("{}", v.rust);
        let doc = doc_attrs(&format!("The variant `{}` with this payload.", v.json));
        Some(quote! {
            impl From<#ty> for #name {
                #doc
                fn from(value: #ty) -> Self {
                    Self::#variant(value)
                }
            }
        })
    });

    let validate = u.sent.then(|| validate(u, &rt));

    quote! {
        #doc
        #deprecated
        #[derive(Clone, Debug, PartialEq)]
        #[non_exhaustive]
        // The variants are the payloads themselves, as in the JSON; boxing
        // them would cost every caller who builds or matches one.
        #[allow(clippy::large_enum_variant)]
        pub enum #name {
            #(#variants)*
            /// A discriminator this version of the client does not know, with
            /// the object's other properties exactly as received.
            #catch_all(#rt::union::UnknownVariant),
        }

        impl #name {
            #shape_cfg
            const SHAPE: #rt::union::Shape = #rt::union::Shape {
                name: #union_name,
                discriminator: #discriminator,
                value: #value,
                variants: &[#(#shape_variants),*],
            };

            /// The discriminator, as Mews spells it.
            pub fn discriminator(&self) -> &str {
                match self {
                    #(#names)*
                    Self::#catch_all(unknown) => unknown.discriminator(),
                }
            }

            /// Whether the discriminator is one this version of the spec lists.
            pub fn is_known(&self) -> bool {
                !matches!(self, Self::#catch_all(_))
            }

            #tag
        }

        #(#froms)*

        #read_cfg
        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                #rt::union::deserialize(deserializer, &Self::SHAPE, |received| {
                    Ok(match received.discriminator() {
                        #(#reads)*
                        _ => Self::#catch_all(received.into_unknown()),
                    })
                })
            }
        }

        #write_cfg
        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                match self {
                    #(#writes)*
                    Self::#catch_all(unknown) => ::serde::Serialize::serialize(unknown, serializer),
                }
            }
        }

        #validate
        #flat
    }
}

/// The union's rustdoc: its description, then how it travels.
fn union_doc(u: &ir::Union) -> String {
    let mut doc = u.doc.clone();
    let placement = match &u.value {
        Some(value) => format!(
            "Mews names the variant in `{}` and sends its payload in `{value}`.",
            u.discriminator
        ),
        None => format!(
            "Mews names the variant in `{}` and sends its payload in a property of its own.",
            u.discriminator
        ),
    };
    doc.push_str(&format!("\n\n{placement}"));
    if u.received {
        doc.push_str(&format!(
            " A discriminator this version does not know is kept in `{}`, never an error.",
            u.catch_all
        ));
    }
    if u.sent {
        doc.push_str(" Build it from the payload of the variant to send.");
    }
    doc
}

/// `Validate`: the payload's contracts, below its property.
fn validate(u: &ir::Union, rt: &TokenStream) -> TokenStream {
    let name = format_ident!("{}", u.name);
    let checked: Vec<(proc_macro2::Ident, &str)> = u
        .variants
        .iter()
        .filter_map(|v| {
            let payload = v.payload.as_ref()?;
            let sent = matches!(&payload.ty, ir::Ty::Object(named) if named.sent);
            sent.then(|| (format_ident!("{}", v.rust), payload.property.as_str()))
        })
        .collect();
    let check = |property: &str| {
        quote! {
            v.push_property(#property);
            #rt::contract::Validate::validate(value, v);
            v.pop();
        }
    };
    let body = match checked.as_slice() {
        [] => quote!(),
        // A `match` of one arm and a wildcard is what clippy wants as `if let`.
        [(variant, property)] => {
            let check = check(property);
            quote!(if let Self::#variant(value) = self { #check })
        }
        many => {
            let arms = many.iter().map(|(variant, property)| {
                let check = check(property);
                quote!(Self::#variant(value) => { #check })
            });
            quote! {
                match self {
                    #(#arms)*
                    _ => {}
                }
            }
        }
    };
    let v = if checked.is_empty() {
        quote!(_v)
    } else {
        quote!(v)
    };
    quote! {
        impl #rt::contract::Validate for #name {
            fn validate(&self, #v: &mut #rt::contract::Validator) {
                #body
            }
        }
    }
}
