//! Typestate builders: `build()` exists only once every required property is set.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::{Scope, deprecated_attr, doc_attrs, ty_tokens};
use crate::ir::{self, Ty};
use crate::names::{camel, ident};

/// The builder of a sent struct, with one marker trait per required field
/// whose `on_unimplemented` message names the missing property.
pub fn builder(s: &ir::Struct, here: Scope) -> TokenStream {
    let rt = here.runtime();
    let name = format_ident!("{}", s.name);
    let builder = format_ident!("{}Builder", s.name);
    let required: Vec<&ir::Field> = s.fields.iter().filter(|f| is_required(f)).collect();
    let params: Vec<_> = (0..required.len()).map(|i| format_ident!("P{i}")).collect();
    let must = if required.is_empty() {
        "Every property is optional: `build()` is available at once.".to_owned()
    } else {
        let names: Vec<String> = required.iter().map(|f| format!("`{}`", f.json)).collect();
        format!(
            "`build()` becomes available once {} {} set.",
            names.join(", "),
            if names.len() == 1 { "is" } else { "are" }
        )
    };
    let builder_doc = doc_attrs(&format!("Builds a [`{}`]. {must}", s.name));
    let start_doc = doc_attrs(&format!("Starts a [`{}`]. {must}", s.name));
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
    let where_clause = if required.is_empty() {
        quote!()
    } else {
        quote!(where)
    };

    let mut slot = 0;
    let storage = s.fields.iter().map(|f| {
        let rust = ident(&f.rust);
        let ty = ty_tokens(&f.ty, here);
        if is_required(f) {
            let p = &params[slot];
            slot += 1;
            quote!(#rust: #p,)
        } else if matches!(f.ty, Ty::Update(..)) {
            quote!(#rust: #ty,)
        } else {
            quote!(#rust: Option<#ty>,)
        }
    });
    let init = s.fields.iter().map(|f| {
        let rust = ident(&f.rust);
        if is_required(f) {
            quote!(#rust: #rt::builder::Unset,)
        } else if matches!(f.ty, Ty::Update(..)) {
            quote!(#rust: #rt::update::Update::Keep,)
        } else {
            quote!(#rust: None,)
        }
    });

    let mut traits = Vec::new();
    let mut setters = Vec::new();
    let mut bounds = Vec::new();
    let mut slot = 0;
    for f in &s.fields {
        let rust = ident(&f.rust);
        let ty = ty_tokens(&f.ty, here);
        let doc = doc_attrs(&f.doc);
        let deprecated = deprecated_attr(&f.deprecated);
        let (arg_ty, convert) = argument(&f.ty, here);
        if is_required(f) {
            let p = &params[slot];
            let trait_name = format_ident!("{}{}IsSet", s.name, camel(&f.rust));
            let message = format!("`{}` needs its required property `{}`", s.name, f.json);
            let label = format!("`{}` was never set", f.json);
            let note = format!(
                "call `.{}(...)` on the builder before `.build()`",
                ident(&f.rust)
            );
            let trait_doc = doc_attrs(&format!(
                "Implemented once `{}` of [`{}`] is set.",
                f.json, s.name
            ));
            traits.push(quote! {
                #trait_doc
                #[doc(hidden)]
                #[allow(deprecated)]
                #[diagnostic::on_unimplemented(message = #message, label = #label, note = #note)]
                pub trait #trait_name {
                    #[doc(hidden)]
                    fn take(self) -> #ty;
                }
                #[diagnostic::do_not_recommend]
                #[allow(deprecated)]
                impl #trait_name for #rt::builder::Set<#ty> {
                    fn take(self) -> #ty { self.into_inner() }
                }
            });
            bounds.push(quote!(#p: #trait_name));
            let out_params = params.iter().enumerate().map(|(i, q)| {
                if i == slot {
                    quote!(#rt::builder::Set<#ty>)
                } else {
                    quote!(#q)
                }
            });
            let moves = s.fields.iter().map(|g| {
                let g_rust = ident(&g.rust);
                if g.rust == f.rust {
                    quote!(#g_rust: #rt::builder::Set(#convert),)
                } else {
                    quote!(#g_rust: self.#g_rust,)
                }
            });
            setters.push(quote! {
                #doc #deprecated
                pub fn #rust(self, value: #arg_ty) -> #builder<#(#out_params),*> {
                    #builder { #(#moves)* }
                }
            });
            slot += 1;
        } else if let Ty::Update(inner, clearable) = &f.ty {
            let set = format_ident!("set_{}", f.rust);
            let (inner_arg, inner_convert) = argument(inner, here);
            let set_doc = doc_attrs(&format!("Sets `{}` to a new value.\n\n{}", f.json, f.doc));
            setters.push(quote! {
                #set_doc #deprecated
                pub fn #set(mut self, value: #inner_arg) -> Self {
                    self.#rust = #rt::update::Update::Set(#inner_convert);
                    self
                }
            });
            if *clearable {
                let clear = format_ident!("clear_{}", f.rust);
                let clear_doc = doc_attrs(&format!(
                    "Clears `{}` (sends `{{\"Value\": null}}`).",
                    f.json
                ));
                setters.push(quote! {
                    #clear_doc #deprecated
                    pub fn #clear(mut self) -> Self {
                        self.#rust = #rt::update::Update::Clear;
                        self
                    }
                });
            }
        } else {
            setters.push(quote! {
                #doc #deprecated
                pub fn #rust(mut self, value: #arg_ty) -> Self {
                    self.#rust = Some(#convert);
                    self
                }
            });
        }
    }
    let build_fields = s.fields.iter().map(|f| {
        let rust = ident(&f.rust);
        if is_required(f) {
            let trait_name = format_ident!("{}{}IsSet", s.name, camel(&f.rust));
            quote!(#rust: #trait_name::take(self.#rust),)
        } else {
            quote!(#rust: self.#rust,)
        }
    });
    let build_doc = doc_attrs(&format!(
        "Finishes the [`{}`]. Contracts are checked when it is sent, or by [`Validate::check_contracts`]({}).",
        s.name,
        here.runtime_text("contract::Validate::check_contracts")
    ));
    quote! {
        #[allow(deprecated)]
        impl #name {
            #start_doc
            pub fn builder() -> #builder {
                #builder { #(#init)* }
            }
        }

        #builder_doc
        #[allow(deprecated)]
        #[derive(Clone, Debug)]
        #[must_use = "a builder does nothing until `build()` is called"]
        pub struct #builder #defaults { #(#storage)* }

        #(#traits)*

        #[allow(deprecated)]
        impl #generics #builder #generics {
            #(#setters)*

            #build_doc
            pub fn build(self) -> #name #where_clause #(#bounds),* {
                #name { #(#build_fields)* }
            }
        }
    }
}

/// Whether the builder must be given this field before `build()`.
fn is_required(f: &ir::Field) -> bool {
    !f.optional && !matches!(f.ty, Ty::Update(..))
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
