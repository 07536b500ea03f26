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
fn aliases_are_read_by_a_deserialize_of_their_own_and_never_written() {
    let with = generated(&spec(str::to_owned)).join("\n");
    let without = generated(&spec(without_lines_with("aliases:"))).join("\n");
    assert!(!without.contains("Deserialize<'de> for"), "{without}");
    assert!(!without.contains("ContacPerson"), "{without}");
    // The two structs with aliases read through a `Wire` struct instead of
    // deriving `Deserialize`; the other structs derive it as before.
    for name in ["AddCompaniesRequest", "Company"] {
        assert!(
            with.contains(&format!(
                "impl<'de> ::serde::Deserialize<'de> for {name} {{"
            )),
            "{name}"
        );
    }
    assert_eq!(
        with.matches("::serde::Serialize, ::serde::Deserialize)]")
            .count(),
        without
            .matches("::serde::Serialize, ::serde::Deserialize)]")
            .count()
            - 2
    );
    let spellings: Vec<&str> = with
        .lines()
        .map(str::trim)
        .filter(|l| l.starts_with("#[serde(rename = \"Contac"))
        .collect();
    assert_eq!(
        spellings,
        [
            // The request: its field, then its `Wire` (own name, alias).
            "#[serde(rename = \"ContactPerson\", default, skip_serializing_if = \"Option::is_none\")]",
            "#[serde(rename = \"ContactPerson\", default)]",
            "#[serde(rename = \"ContacPerson\", default)]",
            // The response object, with two aliases.
            "#[serde(rename = \"ContactPerson\", default, skip_serializing_if = \"Option::is_none\")]",
            "#[serde(rename = \"ContactPerson\", default)]",
            "#[serde(rename = \"ContacPerson\", default)]",
            "#[serde(rename = \"Contact_Person\", default)]",
        ]
    );
}
