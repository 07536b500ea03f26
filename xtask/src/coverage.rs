//! README's list of the operations the spec covers, written by `cargo xtask
//! regen` between two markers, so that adding an endpoint stays a change to
//! `spec/` (and the regenerated files) alone.

use codegen::spec::SpecFile;

const START: &str = "<!-- coverage: written by `cargo xtask regen` from spec/ -->\n";
const END: &str = "<!-- /coverage -->";

/// The block for `files`: the count, then one line per resource (sorted), its
/// operations in spec order, beta and deprecated ones marked.
pub fn block(files: &[SpecFile]) -> String {
    let mut resources: Vec<(&str, Vec<String>)> = files
        .iter()
        .filter_map(|file| file.resource.as_ref())
        .map(|resource| {
            let operations = resource
                .operations
                .iter()
                .map(|op| {
                    let path = op.path.value.as_str();
                    let action = path.split_once('/').map_or(path, |(_, action)| action);
                    let mark = match (op.beta, op.deprecated.is_some()) {
                        (true, true) => " (beta, deprecated)",
                        (true, false) => " (beta)",
                        (false, true) => " (deprecated)",
                        (false, false) => "",
                    };
                    format!("`{action}`{mark}")
                })
                .collect();
            (resource.name.value.as_str(), operations)
        })
        .collect();
    resources.sort();
    let count: usize = resources.iter().map(|(_, ops)| ops.len()).sum();
    let mut block = format!(
        "{START}Covered: {count} of the 200 operations the Mews documentation lists, on {} \
         resources (beta: Mews may still change it; deprecated: Mews names a replacement):\n\n",
        resources.len()
    );
    for (resource, operations) in resources {
        block.push_str(&format!("- `{resource}`: {}\n", operations.join(", ")));
    }
    block.push_str(END);
    block
}

/// `readme` with its coverage block replaced by `block`.
pub fn splice(readme: &str, block: &str) -> anyhow::Result<String> {
    crate::marked::splice(readme, "README.md", "coverage block", START, END, block)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(files: &[(&str, &str)]) -> Vec<SpecFile> {
        let sources: Vec<codegen::SourceFile> = files
            .iter()
            .map(|(name, text)| codegen::SourceFile {
                name: (*name).into(),
                text: (*text).into(),
            })
            .collect();
        codegen::load_spec(&sources).expect("the test spec loads")
    }

    const COMMON: &str = "envelope:
  docs: https://docs.mews.com/connector-api/guidelines/requests
  properties:
    ClientToken: { role: client_token, description: Token of the integration. }
    AccessToken: { role: access_token, description: Token of the property. }
    Client: { role: client, description: Name and version of the integration. }
    LanguageCode: { role: language_code, description: Language of texts. }
    CultureCode: { role: culture_code, description: Culture of texts. }
";

    const THINGS: &str = "resource: things
summary: Things.
docs: https://docs.mews.com/connector-api/operations/things
operations:
  things/getAll:
    summary: Lists things.
    docs: https://docs.mews.com/connector-api/operations/things#get-all-things
    safe_to_retry: true
    request: {}
    response: empty
  things/delete:
    summary: Deletes things.
    docs: https://docs.mews.com/connector-api/operations/things#delete-things
    deprecated: Use `things/remove` instead.
    beta: true
    request: {}
    response: empty
";

    #[test]
    fn the_block_lists_each_resource_with_its_operations_marked() {
        let block = block(&spec(&[("_common.yaml", COMMON), ("things.yaml", THINGS)]));
        assert_eq!(
            block,
            "<!-- coverage: written by `cargo xtask regen` from spec/ -->\n\
             Covered: 2 of the 200 operations the Mews documentation lists, on 1 resources \
             (beta: Mews may still change it; deprecated: Mews names a replacement):\n\n\
             - `things`: `getAll`, `delete` (beta, deprecated)\n\
             <!-- /coverage -->"
        );
    }

    #[test]
    fn splicing_replaces_only_the_block() {
        let readme = format!("# Title\n\n{START}old\n{END}\n\n## Next\n");
        let spliced = splice(&readme, &format!("{START}new\n{END}")).unwrap();
        assert_eq!(
            spliced,
            format!("# Title\n\n{START}new\n{END}\n\n## Next\n")
        );
        assert!(splice("# no block\n", "x").is_err());
        assert!(splice(&format!("{START}no end"), "x").is_err());
    }
}
