//! What the keys for the documentation's quirks change in the generated code,
//! and what they leave alone.

use std::fs;
use std::path::Path;

use codegen::SourceFile;

/// The `quirks` fixture's spec, each file's text passed through `edit`.
fn spec(edit: impl Fn(&str) -> String) -> Vec<SourceFile> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/quirks");
    let mut files: Vec<SourceFile> = fs::read_dir(&dir)
        .expect("the fixture")
        .map(|e| e.expect("a directory entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .map(|p| SourceFile {
            name: p
                .file_name()
                .expect("a name")
                .to_string_lossy()
                .into_owned(),
            text: edit(&fs::read_to_string(&p).expect("a spec file")),
        })
        .collect();
    files.sort_by(|a, b| a.name.cmp(&b.name));
    files
}

fn generated(sources: &[SourceFile]) -> Vec<String> {
    codegen::generate(sources)
        .expect("the fixture is sound")
        .into_iter()
        .flat_map(|f| f.contents.lines().map(str::to_owned).collect::<Vec<_>>())
        .collect()
}

fn without_lines_with(key: &str) -> impl Fn(&str) -> String {
    move |text: &str| {
        text.lines()
            .filter(|l| !l.trim_start().starts_with(key))
            .map(|l| format!("{l}\n"))
            .collect()
    }
}

#[test]
fn examples_omit_changes_the_docs_only_so_required_stays_required() {
    let with = generated(&spec(str::to_owned));
    let without = generated(&spec(without_lines_with("examples_omit:")));
    assert_eq!(with.len(), without.len());
    let changed: Vec<(&String, &String)> =
        with.iter().zip(&without).filter(|(a, b)| a != b).collect();
    // The request's `Options` and the object's: each field and its setter.
    assert_eq!(changed.len(), 3, "{changed:#?}");
    for (a, b) in changed {
        assert!(
            a.trim_start().starts_with("///") && b.trim_start().starts_with("///"),
            "not a doc line:\n- {b}\n+ {a}"
        );
        assert!(a.contains("The Mews documentation's examples leave it out"));
    }
}

#[test]
fn aliases_are_read_under_every_spelling_and_never_written() {
    let squeeze = |text: String| text.split_whitespace().collect::<Vec<_>>().join(" ");
    let with = squeeze(generated(&spec(str::to_owned)).join("\n"));
    let without = squeeze(generated(&spec(without_lines_with("aliases:"))).join("\n"));
    assert!(!without.contains("ContacPerson"), "{without}");
    // Each spelling is read into a slot of its own: the request has one
    // alias, the response object two.
    for (spelling, times) in [
        ("ContactPerson", 2),
        ("ContacPerson", 2),
        ("Contact_Person", 1),
    ] {
        let arm = format!("\"{spelling}\" =>");
        assert_eq!(with.matches(&arm).count(), times, "{spelling}");
    }
    // The property's own name wins over its aliases, in their order.
    assert!(with.contains(
        "contact_person: field_contact_person .flatten() .or(field_contact_person_alias_0.flatten()) .or(field_contact_person_alias_1.flatten())"
    ));
    // Only the property's own name is ever written.
    let written = |spelling: &str| format!("(\"{spelling}\", &self.");
    assert_eq!(with.matches(&written("ContactPerson")).count(), 2);
    assert!(!with.contains(&written("ContacPerson")));
    assert!(!with.contains(&written("Contact_Person")));
}
