//! Typestate builders: `build()` exists only once every required property is set.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::{Scope, deprecated_attr, doc_attrs, sensitive, ty_tokens};
use crate::ir::{self, Ty};
use crate::names::{self, ident};

/// One type parameter of a builder: a value `build()` insists on.
struct Slot {
    /// The struct field it fills.
    field: String,
    /// The field's type.
    ty: TokenStream,
    /// The hidden trait that says it is set.
    trait_name: String,
    /// What the compiler says when it is not.
    message: String,
    label: String,
    note: String,
    /// What the builder's documentation calls it.
    shown: String,
}

/// The builder of a sent struct, with one marker trait per required field
/// whose `on_unimplemented` message names the missing property, for the
/// `builders` submodule of the struct's module (`here`). The struct's
/// `builder()` is among them: an inherent impl may sit in a child module.
pub fn builder(s: &ir::Struct, here: Scope) -> TokenStream {
    let here = here.builders();
    let rt = here.runtime();
    let name = here.own_type(&s.name);
    let link = |type_name: &str| here.doc_link(here.module(), type_name);
    let builder = format_ident!("{}", names::builder_name(&s.name));
    let build = ident(names::BUILD_METHOD);
    let mut slots: Vec<Slot> = s
        .fields
        .iter()
        .filter(|f| f.required)
        .map(|f| {
            let calls = match &f.ty {
                Ty::Update(_, clearable) => {
                    let [set, clear] = names::update_setters(&f.rust);
                    if *clearable {
                        format!("`.{}(...)` or `.{}()`", ident(&set), ident(&clear))
                    } else {
                        format!("`.{}(...)`", ident(&set))
                    }
                }
                _ => format!("`.{}(...)`", ident(&f.rust)),
            };
            Slot {
                field: f.rust.clone(),
                ty: ty_tokens(&f.ty, here),
                trait_name: names::is_set_trait(&s.name, &f.rust),
                message: format!("`{}` needs its required property `{}`", s.name, f.json),
                label: format!("`{}` was never set", f.json),
                note: format!("call {calls} on the builder before `.{build}()`"),
                shown: format!("`{}`", f.json),
            }
        })
        .collect();
    if let Some(sets) = &s.parameter_sets {
        let e = here.own_type(&sets.enum_name);
        let listed: Vec<String> = sets.sets.iter().map(|x| format!("`{}`", x.name)).collect();
        slots.push(Slot {
            field: sets.field.clone(),
            ty: quote!(#e),
            trait_name: names::is_set_trait(&s.name, &sets.field),
            message: format!(
                "`{}` needs one of its parameter sets: {}",
                s.name,
                listed.join(", ")
            ),
            label: "no parameter set was chosen".to_owned(),
            note: format!(
                "call `.{}(...)` with one set on the builder before `.{build}()`",
                ident(&sets.field)
            ),
            shown: "a parameter set".to_owned(),
        });
    }
    let params: Vec<_> = (0..slots.len()).map(|i| format_ident!("P{i}")).collect();
    let slot_of = |field: &str| slots.iter().position(|x| x.field == field);
    let must = if slots.is_empty() {
        "Every property is optional: `build()` is available at once.".to_owned()
    } else {
        let shown: Vec<&str> = slots.iter().map(|x| x.shown.as_str()).collect();
        let listed = match shown.split_last() {
            Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
            _ => shown.concat(),
        };
        format!(
            "`build()` becomes available once {listed} {} set.",
            if shown.len() == 1 { "is" } else { "are" }
        )
    };
    let builder_doc = doc_attrs(&format!("Builds a {}. {must}", link(&s.name)));
    let start_doc = doc_attrs(&format!("Starts a {}. {must}", link(&s.name)));
    let defaults = if params.is_empty() {
        quote!()
    } else {
        quote!(<#(#params = #rt::builder::Unset),*>)
    };
    let generics = if params.is_empty() {
        quote!()
    } else {
        quote!(<#(#params),*>)
    };
    let where_clause = if slots.is_empty() {
        quote!()
    } else {
        quote!(where)
    };

    // Every field of the struct, plus the parameter set's, by Rust name.
    let mut all_fields: Vec<&str> = s.fields.iter().map(|f| f.rust.as_str()).collect();
    if let Some(sets) = &s.parameter_sets {
        all_fields.push(&sets.field);
    }
    // Where the builder keeps a field: under its own name, but the parameter
    // set under another, since its method exists only until a set is chosen
    // and rustc would point a second call at a field of the same name.
    let kept = |field: &str| match &s.parameter_sets {
        Some(sets) if sets.field == field => ident(names::PARAMETER_SET_STORAGE),
        _ => ident(field),
    };
    let storage = s
        .fields
        .iter()
        .map(|f| {
            let rust = ident(&f.rust);
            let ty = ty_tokens(&f.ty, here);
            match slot_of(&f.rust) {
                Some(i) => {
                    let p = &params[i];
                    quote!(#rust: #p,)
                }
                None if matches!(f.ty, Ty::Update(..)) => quote!(#rust: #ty,),
                None => quote!(#rust: Option<#ty>,),
            }
        })
        .chain(s.parameter_sets.as_ref().map(|sets| {
            let rust = kept(&sets.field);
            let p = &params[params.len() - 1];
            quote!(#rust: #p,)
        }));
    let storage: Vec<TokenStream> = storage.collect();
    let init = all_fields.iter().map(|field| {
        let rust = kept(field);
        let is_update = s
            .fields
            .iter()
            .any(|f| f.rust == *field && matches!(f.ty, Ty::Update(..)));
        if slot_of(field).is_some() {
            quote!(#rust: #rt::builder::Unset,)
        } else if is_update {
            quote!(#rust: #rt::update::Update::Keep,)
        } else {
            quote!(#rust: None,)
        }
    });
    // The builder after filling slot `i` with `value`: every other field moves.
    let filled = |i: usize, value: TokenStream| {
        let out_params = params.iter().enumerate().map(|(j, q)| {
            if j == i {
                let ty = &slots[i].ty;
                quote!(#rt::builder::Set<#ty>)
            } else {
                quote!(#q)
            }
        });
        let moves = all_fields.iter().map(|g| {
            let g_rust = kept(g);
            if *g == slots[i].field {
                quote!(#g_rust: #rt::builder::Set(#value),)
            } else {
                quote!(#g_rust: self.#g_rust,)
            }
        });
        let out_params: Vec<TokenStream> = out_params.collect();
        (
            quote!(#builder<#(#out_params),*>),
            quote!(#builder { #(#moves)* }),
        )
    };

    let traits = slots.iter().map(|slot| {
        let trait_name = format_ident!("{}", slot.trait_name);
        let ty = &slot.ty;
        let (message, label, note) = (&slot.message, &slot.label, &slot.note);
        let trait_doc = doc_attrs(&format!(
            "Implemented once {} of {} is set.",
            slot.shown,
            link(&s.name)
        ));
        quote! {
            #trait_doc
            #[doc(hidden)]
            #[diagnostic::on_unimplemented(message = #message, label = #label, note = #note)]
            pub trait #trait_name {
                #[doc(hidden)]
                fn take(self) -> #ty;
            }
            #[diagnostic::do_not_recommend]
            impl #trait_name for #rt::builder::Set<#ty> {
                fn take(self) -> #ty { self.into_inner() }
            }
        }
    });
    let bounds = slots.iter().zip(&params).map(|(slot, p)| {
        let trait_name = format_ident!("{}", slot.trait_name);
        quote!(#p: #trait_name)
    });

    let mut setters = Vec::new();
    for f in &s.fields {
        let rust = ident(&f.rust);
        let doc = doc_attrs(&f.doc);
        let deprecated = deprecated_attr(&f.deprecated);
        let slot = slot_of(&f.rust);
        if let Ty::Update(inner, clearable) = &f.ty {
            let [set, clear] = names::update_setters(&f.rust);
            let (set, clear) = (ident(&set), ident(&clear));
            let (inner_arg, inner_convert) = argument(inner, here);
            let set_doc = doc_attrs(&format!("Sets `{}` to a new value.\n\n{}", f.json, f.doc));
            let clear_doc = doc_attrs(&format!(
                "Clears `{}` (sends `{{\"Value\": null}}`).",
                f.json
            ));
            let set_value = quote!(#rt::update::Update::Set(#inner_convert));
            let clear_value = quote!(#rt::update::Update::Clear);
            match slot {
                Some(i) => {
                    let (out, body) = filled(i, set_value);
                    setters.push(quote! {
                        #set_doc #deprecated
                        pub fn #set(self, value: #inner_arg) -> #out { #body }
                    });
                    if *clearable {
                        let (out, body) = filled(i, clear_value);
                        setters.push(quote! {
                            #clear_doc #deprecated
                            pub fn #clear(self) -> #out { #body }
                        });
                    }
                }
                None => {
                    setters.push(quote! {
                        #set_doc #deprecated
                        pub fn #set(mut self, value: #inner_arg) -> Self {
                            self.#rust = #set_value;
                            self
                        }
                    });
                    if *clearable {
                        setters.push(quote! {
                            #clear_doc #deprecated
                            pub fn #clear(mut self) -> Self {
                                self.#rust = #clear_value;
                                self
                            }
                        });
                    }
                }
            }
            continue;
        }
        let (arg_ty, convert) = argument(&f.ty, here);
        match slot {
            Some(i) => {
                let (out, body) = filled(i, convert);
                setters.push(quote! {
                    #doc #deprecated
                    pub fn #rust(self, value: #arg_ty) -> #out { #body }
                });
            }
            None => setters.push(quote! {
                #doc #deprecated
                pub fn #rust(mut self, value: #arg_ty) -> Self {
                    self.#rust = Some(#convert);
                    self
                }
            }),
        }
    }
    // The parameter set can be chosen once: a second choice does not compile.
    let choose = s.parameter_sets.as_ref().map(|sets| {
        let i = params.len() - 1;
        let rust = ident(&sets.field);
        let e = here.own_type(&sets.enum_name);
        let (out, body) = filled(i, quote!(value.into()));
        let free = &params[..i];
        let listed: Vec<String> = sets.sets.iter().map(|x| link(&x.struct_name)).collect();
        let doc = doc_attrs(&format!(
            "Chooses the parameter set: {} (or a {}). Only one can be chosen.",
            listed.join(", "),
            link(&sets.enum_name)
        ));
        quote! {
            impl<#(#free),*> #builder<#(#free,)* #rt::builder::Unset> {
                #doc
                pub fn #rust(self, value: impl Into<#e>) -> #out { #body }
            }
        }
    });
    let build_fields = all_fields.iter().map(|field| {
        let rust = ident(field);
        let from = kept(field);
        match slot_of(field) {
            Some(i) => {
                let trait_name = format_ident!("{}", slots[i].trait_name);
                quote!(#rust: #trait_name::take(self.#from),)
            }
            None => quote!(#rust: self.#from,),
        }
    });
    let build_doc = doc_attrs(&format!(
        "Finishes the {}. Contracts are checked when it is sent, or by [`Validate::check_contracts`]({}).",
        link(&s.name),
        here.runtime_text("contract::Validate::check_contracts")
    ));
    // The builder of a deprecated request or object is deprecated with it,
    // for code that names the builder type without the type it builds.
    let struct_deprecated = deprecated_attr(&s.deprecated);
    // A secret's value never reaches `Debug`: a required one is shown
    // redacted whether set or not, an optional one as its field would be.
    let (derive_debug, debug) = if s.fields.iter().any(|f| f.sensitive) {
        let shown: Vec<(String, TokenStream)> = s
            .fields
            .iter()
            .map(|f| {
                let shown = match slot_of(&f.rust) {
                    Some(_) if f.sensitive => quote!(&#rt::sensitive::Redacted),
                    Some(_) => {
                        let rust = ident(&f.rust);
                        quote!(&self.#rust)
                    }
                    // Kept as an `Option` unless it is an update value.
                    None => sensitive::shown_as(f, !matches!(f.ty, Ty::Update(..)), here),
                };
                (f.rust.clone(), shown)
            })
            .chain(s.parameter_sets.iter().map(|sets| {
                let kept = kept(&sets.field);
                (kept.to_string(), quote!(&self.#kept))
            }))
            .collect();
        let debug = sensitive::debug_impl(&quote!(#builder), &builder.to_string(), &params, &shown);
        (quote!(), Some(debug))
    } else {
        (quote!(, Debug), None)
    };
    quote! {
        impl #name {
            #start_doc
            pub fn builder() -> #builder {
                #builder { #(#init)* }
            }
        }

        #builder_doc
        #struct_deprecated
        #[derive(Clone #derive_debug)]
        #[must_use = "a builder does nothing until `build()` is called"]
        pub struct #builder #defaults { #(#storage)* }
        #debug

        #(#traits)*

        impl #generics #builder #generics {
            #(#setters)*

            #build_doc
            pub fn #build(self) -> #name #where_clause #(#bounds),* {
                #name { #(#build_fields)* }
            }
        }

        #choose
    }
}

/// A setter's argument type and the expression turning `value` into the field type.
fn argument(ty: &Ty, here: Scope) -> (TokenStream, TokenStream) {
    match ty {
        Ty::Scalar(s) if s.setter_into => {
            let ty = ty_tokens(ty, here);
            (quote!(impl Into<#ty>), quote!(value.into()))
        }
        Ty::List(inner) => {
            let inner = ty_tokens(inner, here);
            (
                quote!(impl IntoIterator<Item = #inner>),
                quote!(value.into_iter().collect()),
            )
        }
        // A union takes its payload as well: `.data(BookableServiceData {..})`.
        Ty::Union(_) => {
            let ty = ty_tokens(ty, here);
            (quote!(impl Into<#ty>), quote!(value.into()))
        }
        other => (ty_tokens(other, here), quote!(value)),
    }
}
