//! The README's "Testing your integration" shows a test that is run:
//! `testing_your_integration.rs`, whole.

#[test]
fn the_readme_shows_the_tested_example_as_it_is() {
    let readme = include_str!("../../README.md");
    let example = include_str!("testing_your_integration.rs");
    let block = format!("```rust,ignore\n{example}```\n");
    assert!(
        readme.contains(&block),
        "README.md's example under \"Testing your integration\" differs from \
         mock/tests/testing_your_integration.rs: copy the file into it"
    );
}
