//! What an overlay (see [`crate::generate_overlay`]) may not do although
//! the spec format allows it.
//!
//! The client's types are generated from the client's spec alone: an object
//! it never sends has no builder and no contract checks, one it never
//! receives is not read tolerantly. An overlay that sends or receives such an
//! object would need a different client, so it is refused where it uses it.

use crate::check::{self, Side, Symbol, Symbols};
use crate::diagnostic::{Diagnostic, Diagnostics, Location};
use crate::spec::{Property, Response, SpecFile};

/// Checks the overlay's files, `files[in_base..]`, against the client's.
pub(crate) fn check<'s>(
    files: &'s [SpecFile],
    in_base: usize,
    symbols: &Symbols,
    diags: &mut Diagnostics,
) {
    // The whole spec is sound, so the client's alone is (it was checked on its own).
    let base = &files[..in_base];
    let base_symbols = check::check(base, &mut Diagnostics::default());
    for side in [Side::Sent, Side::Received] {
        let in_client = check::reachable(base, &base_symbols, side);
        let in_all = check::reachable(files, symbols, side);
        // Every named type the overlay puts on this side, and where.
        let mut uses: Vec<(&str, &Location)> = Vec::new();
        let props = |props: &'s [Property]| {
            props
                .iter()
                .filter_map(|p| Some((p.ty.value.named()?, &p.ty.loc)))
        };
        for file in &files[in_base..] {
            for object in &file.objects {
                if in_all.contains(object.name.value.as_str()) {
                    uses.extend(props(&object.properties));
                }
            }
            for op in file.resource.iter().flat_map(|r| &r.operations) {
                match (side, &op.response.value) {
                    (Side::Sent, _) => uses.extend(props(&op.request)),
                    (Side::Received, Response::Object(name)) => uses.push((name, &op.response.loc)),
                    (Side::Received, Response::Empty) => {}
                }
            }
        }
        for (name, loc) in uses {
            let in_base_spec =
                matches!(symbols.get(name), Some(Symbol::Object(_, i)) if *i < in_base);
            if in_base_spec && !in_client.contains(name) {
                diags.push(refusal(name, side, loc));
            }
        }
    }
}

fn refusal(name: &str, side: Side, loc: &Location) -> Diagnostic {
    let (verb, lacks, place) = match side {
        Side::Sent => (
            "sends",
            "has no builder and no contract checks",
            "in a request",
        ),
        Side::Received => (
            "reads",
            "is not made to be read from responses",
            "in a response",
        ),
    };
    Diagnostic::new(
        loc.clone(),
        format!(
            "the overlay {verb} `{name}`, which the client's spec never {verb}: the client's `{name}` {lacks}"
        ),
    )
    .help(format!(
        "use `{name}` {place} of the client's spec first, or give the overlay an object of its own"
    ))
}
