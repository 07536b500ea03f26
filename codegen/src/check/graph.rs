//! Questions about the type graph: which objects travel in requests or
//! responses, and objects that contain themselves (types of infinite size).

use super::*;

/// Which side of an operation an object can travel on.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// In a request.
    Sent,
    /// In a response.
    Received,
}

/// The named objects and unions reachable from the operations' requests or
/// responses (through properties and union variants).
pub fn reachable<'s>(
    files: &'s [SpecFile],
    symbols: &Symbols<'s>,
    side: Side,
) -> BTreeSet<&'s str> {
    let operations = files
        .iter()
        .filter_map(|f| f.resource.as_ref())
        .flat_map(|r| &r.operations);
    let mut todo: Vec<&str> = Vec::new();
    for op in operations {
        match side {
            Side::Sent => todo.extend(
                op.request
                    .iter()
                    .chain(op.parameter_sets.iter().flat_map(|set| &set.properties))
                    .filter_map(|p| p.ty.value.named()),
            ),
            Side::Received => {
                if let Response::Object(name) = &op.response.value {
                    todo.push(name);
                }
            }
        }
    }
    let mut seen = BTreeSet::new();
    while let Some(name) = todo.pop() {
        match symbols.get_key_value(name) {
            Some((key, Symbol::Object(object, _))) if seen.insert(*key) => {
                todo.extend(object.properties.iter().filter_map(|p| p.ty.value.named()));
            }
            Some((key, Symbol::Union(union, _))) if seen.insert(*key) => {
                todo.extend(
                    union
                        .variants
                        .iter()
                        .filter_map(|v| v.ty.as_ref()?.value.named()),
                );
                todo.extend(union.properties.iter().filter_map(|p| p.ty.value.named()));
            }
            _ => {}
        }
    }
    seen
}

impl<'s> Checker<'s, '_> {
    /// Objects that contain themselves other than through a list or map
    /// (directly, or through the variants of a union) would be types of
    /// infinite size: report each such cycle once, at the property of its
    /// first object (by name) that starts it.
    pub(super) fn containment_cycles(&mut self) {
        // Each step of a route: where it was written, what it is called
        // (a property, or a union's variant), and the type it leads to.
        type Step<'s> = (&'s Location, &'s str, &'s str);
        let symbols = &self.symbols;
        let direct = |name: &str| -> Vec<Step<'s>> {
            match symbols.get(name) {
                Some(Symbol::Object(object, _)) => object
                    .properties
                    .iter()
                    .filter_map(|p| match p.ty.value.unwrap_update() {
                        TypeExpr::Named(to) => {
                            Some((&p.name.loc, p.name.value.as_str(), to.as_str()))
                        }
                        _ => None,
                    })
                    .collect(),
                Some(Symbol::Union(union, _)) => union
                    .variants
                    .iter()
                    .filter_map(|v| match &v.ty.as_ref()?.value {
                        TypeExpr::Named(to) => {
                            Some((&v.name.loc, v.name.value.as_str(), to.as_str()))
                        }
                        _ => None,
                    })
                    .chain(union.properties.iter().filter_map(
                        |p| match p.ty.value.unwrap_update() {
                            TypeExpr::Named(to) => {
                                Some((&p.name.loc, p.name.value.as_str(), to.as_str()))
                            }
                            _ => None,
                        },
                    ))
                    .collect(),
                _ => Vec::new(),
            }
        };
        let objects: Vec<&'s str> = self
            .symbols
            .iter()
            .filter(|(_, symbol)| matches!(symbol, Symbol::Object(..)))
            .map(|(name, _)| *name)
            .collect();
        let mut found: Vec<(String, Location)> = Vec::new();
        let mut reported: BTreeSet<Vec<&str>> = BTreeSet::new();
        for start in objects {
            // Depth-first search for a way back to `start`, keeping the path.
            let mut stack: Vec<(Vec<Step<'s>>, &'s str)> = vec![(Vec::new(), start)];
            let mut seen: BTreeSet<&str> = BTreeSet::new();
            while let Some((path, current)) = stack.pop() {
                for step in direct(current) {
                    let target = step.2;
                    let mut path = path.clone();
                    path.push(step);
                    if target == start {
                        let mut members: Vec<&str> = path.iter().map(|(_, _, t)| *t).collect();
                        members.sort_unstable();
                        if reported.insert(members) {
                            let route: Vec<String> = std::iter::once(start.to_owned())
                                .chain(path.iter().map(|(_, label, t)| format!("{label} ({t})")))
                                .collect();
                            let msg =
                                format!("object `{start}` contains itself: {}", route.join(" -> "));
                            found.push((msg, path[0].0.clone()));
                        }
                    } else if seen.insert(target) {
                        stack.push((path, target));
                    }
                }
            }
        }
        for (msg, loc) in found {
            self.error(
                &loc,
                msg,
                Some("a type cannot hold itself directly; make one of these properties a `list<...>`".into()),
            );
        }
    }
}
