//! `Validate` impls: the spec's contracts as code, walked with JSON paths.

use proc_macro2::TokenStream;
use quote::quote;

use super::Scope;
use crate::ir::{self, Ty};
use crate::names::ident;
use crate::scalar::ScalarContracts;

/// The `Validate` impl of a sent struct.
pub fn validate(s: &ir::Struct, here: Scope) -> TokenStream {
    let name = quote::format_ident!("{}", s.name);
    let rt = here.runtime();
    let mut checks: Vec<TokenStream> = Vec::new();
    // Set first: the windows of nested objects read it.
    if let Some(hint) = &s.time_unit_hint {
        let rust = ident(hint);
        checks.push(quote!(v.set_time_unit(self.#rust);));
    }
    for f in &s.fields {
        match &s.flat_union {
            // The variant's payload sits beside the union's own properties.
            Some(flat) if f.rust == flat.field => {
                if matches!(&f.ty, Ty::Union(named) if named.sent) {
                    let rust = ident(&f.rust);
                    checks.push(quote!(#rt::contract::Validate::validate(&self.#rust, v);));
                }
            }
            _ => checks.extend(field(f, &rt)),
        }
    }
    if let Some(w) = &s.window {
        checks.push(window(w, &rt));
    }
    let mut sets = None;
    if let Some(p) = &s.parameter_sets {
        // The set's properties are the request's: no path step of their own.
        let rust = ident(&p.field);
        checks.push(quote!(#rt::contract::Validate::validate(&self.#rust, v);));
        let e = quote::format_ident!("{}", p.enum_name);
        let arms = p.sets.iter().map(|set| {
            let variant = quote::format_ident!("{}", set.variant);
            quote!(Self::#variant(set) => #rt::contract::Validate::validate(set, v),)
        });
        sets = Some(quote! {
            impl #rt::contract::Validate for #e {
                fn validate(&self, v: &mut #rt::contract::Validator) {
                    match self {
                        #(#arms)*
                    }
                }
            }
        });
    }
    let v = if checks.is_empty() {
        quote!(_v)
    } else {
        quote!(v)
    };
    quote! {
        impl #rt::contract::Validate for #name {
            fn validate(&self, #v: &mut #rt::contract::Validator) {
                #(#checks)*
            }
        }
        #sets
    }
}

/// The check of a time-unit window, reported at its end property; a window
/// with a side left out is not checked.
fn window(w: &ir::Window, rt: &TokenStream) -> TokenStream {
    let mut conditions = Vec::new();
    let mut bindings = Vec::new();
    for (name, field, optional) in [
        ("start", &w.start, w.start_optional),
        ("end", &w.end, w.end_optional),
    ] {
        let (name, rust) = (quote::format_ident!("{name}"), ident(field));
        if optional {
            conditions.push(quote!(let Some(#name) = &self.#rust));
        } else {
            bindings.push(quote!(let #name = &self.#rust;));
        }
    }
    let limit = |n: Option<u32>| match n {
        Some(n) => quote!(Some(#n)),
        None => quote!(None),
    };
    let (hours, days, months) = (limit(w.hours), limit(w.days), limit(w.months));
    let (start_json, end_json) = (&w.start_json, &w.end_json);
    let body = quote! {
        #(#bindings)*
        v.push_property(#end_json);
        v.time_unit_window(
            #start_json,
            start,
            end,
            #rt::contract::TimeUnitLimits { hours: #hours, days: #days, months: #months },
        );
        v.pop();
    };
    if conditions.is_empty() {
        quote!({ #body })
    } else {
        quote!(if #(#conditions)&&* { #body })
    }
}

/// `rt` is the runtime's path root (see [`Scope::runtime`]).
fn field(f: &ir::Field, rt: &TokenStream) -> Option<TokenStream> {
    let rust = ident(&f.rust);
    let json = &f.json;
    let value = quote!(value);
    let check = value_checks(&f.ty, &f.contracts, &value, rt);
    let portfolio = f
        .portfolio_required
        .then(|| quote!(v.required_with_portfolio_token(self.#rust.is_some());));
    // The builder insists on a required update, but the field is public.
    let kept = (f.required && matches!(f.ty, Ty::Update(..))).then(
        || quote!(if self.#rust.is_keep() { v.report(#rt::contract::Rule::RequiredUpdate); }),
    );
    if check.is_none() && portfolio.is_none() && kept.is_none() {
        return None;
    }
    let check = check.map(|check| {
        if f.optional {
            quote!(if let Some(value) = &self.#rust { #check })
        } else {
            quote!({ let value = &self.#rust; #check })
        }
    });
    Some(quote! {
        v.push_property(#json);
        #portfolio
        #kept
        #check
        v.pop();
    })
}

/// Checks on `value` (a reference to a value of type `ty`), if any apply.
fn value_checks(
    ty: &Ty,
    c: &ir::Contracts,
    value: &TokenStream,
    rt: &TokenStream,
) -> Option<TokenStream> {
    let opt = |n: Option<u64>| match n {
        Some(n) => {
            let n = n as usize;
            quote!(Some(#n))
        }
        None => quote!(None),
    };
    match ty {
        Ty::List(inner) => {
            let count = (c.min_items.is_some() || c.max_items.is_some()).then(|| {
                let (min, max) = (opt(c.min_items), opt(c.max_items));
                quote!(v.items(#value.len(), #min, #max);)
            });
            let nested =
                needs_walk(inner).then(|| quote!(#rt::contract::Validate::validate(#value, v);));
            (count.is_some() || nested.is_some()).then(|| quote!(#count #nested))
        }
        Ty::Scalar(s) => match &s.contracts {
            ScalarContracts::None => None,
            ScalarContracts::Utf16Length => (c.min_length.is_some() || c.max_length.is_some())
                .then(|| {
                    let (min, max) = (opt(c.min_length), opt(c.max_length));
                    quote!(v.length(#value, #min, #max);)
                }),
            ScalarContracts::ByteLength => {
                (c.min_length.is_some() || c.max_length.is_some()).then(|| {
                    let (min, max) = (opt(c.min_length), opt(c.max_length));
                    quote!(v.bytes(#value.len(), #min, #max);)
                })
            }
            ScalarContracts::Range(range) => {
                (c.minimum.is_some() || c.maximum.is_some()).then(|| {
                    let bound = |b: Option<f64>| match b {
                        Some(b) => quote!(Some(#b)),
                        None => quote!(None),
                    };
                    let (min, max) = (bound(c.minimum), bound(c.maximum));
                    let value = if range.cast_to_f64 {
                        // Mews' integers fit f64 exactly well past any limit it states.
                        quote!(*#value as f64)
                    } else {
                        quote!(*#value)
                    };
                    quote!(v.range(#value, #min, #max);)
                })
            }
        },
        Ty::Object(named) => {
            let interval = named.interval.as_ref().map(|(start, end, is_date)| {
                let (start, end) = (ident(start), ident(end));
                let months = match c.max_interval_months {
                    Some(m) => {
                        let m = m as u32;
                        quote!(Some(#m))
                    }
                    None => quote!(None),
                };
                if *is_date {
                    quote!(v.date_interval(&#value.#start, &#value.#end, #months);)
                } else {
                    quote!(v.interval(&#value.#start, &#value.#end, #months);)
                }
            });
            let nested = named
                .sent
                .then(|| quote!(#rt::contract::Validate::validate(#value, v);));
            (interval.is_some() || nested.is_some()).then(|| quote!(#interval #nested))
        }
        Ty::Union(named) => named
            .sent
            .then(|| quote!(#rt::contract::Validate::validate(#value, v);)),
        Ty::Update(inner, clearable) => {
            let inner_value = quote!(inner);
            let set = value_checks(inner, c, &inner_value, rt)
                .map(|check| quote!(if let #rt::update::Update::Set(inner) = #value { #check }));
            // The builder offers no `clear_x` here, but the field is public.
            let clear = (!clearable).then(|| {
                quote!(if let #rt::update::Update::Clear = #value { v.report(#rt::contract::Rule::NotClearable); })
            });
            (set.is_some() || clear.is_some()).then(|| quote!(#set #clear))
        }
        _ => None,
    }
}

/// Whether list elements of this type carry checks of their own.
fn needs_walk(ty: &Ty) -> bool {
    matches!(ty, Ty::Object(named) | Ty::Union(named) if named.sent)
}
