//! The generator never panics, whatever the spec says: a bounded,
//! deterministic fuzz test.
//!
//! It feeds `codegen::generate` the real spec and every fixture, mutated the
//! way hands and editors break YAML (lines deleted, duplicated, swapped or
//! re-indented, characters replaced, tokens inserted, words swapped for other
//! spec words, files cut short), and also random YAML documents of any shape.
//! Each input must come back as `Ok` or `Err(diagnostics)`; a panic fails the
//! test and prints the input that caused it.
//!
//! `FUZZ_CASES=<n>` and `FUZZ_SEED=<n>` run more cases, or other ones.

use std::fs;
use std::panic::{AssertUnwindSafe, catch_unwind, resume_unwind};
use std::path::Path;

use codegen::SourceFile;
use serde_yaml::{Mapping, Value};

/// A xorshift64* generator: deterministic, no dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// A number in `0..n` (`n` > 0).
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// Text that means something to YAML or to the spec format.
#[rustfmt::skip]
const TOKENS: &[&str] = &[
    ": ", "- ", "{", "}", "[", "]", ",", "&a ", "*a", "!tag ", "<<: ", "\t", "'", "\"", "# ",
    "\n---\n", "~", "null", ".nan", "-.inf", "1e400", "-1", "0", "99999999999999999999", "true",
    "list<", "map<", "update<", ">", "Self", "Unknown", "Build", "type", "\u{301}", "é", "?", "|",
    ">-", "%", "@", "`",
];

/// Words of the spec format, swapped in for other words.
#[rustfmt::skip]
const WORDS: &[&str] = &[
    "type", "description", "required", "nullable", "tolerate_absent", "examples_omit", "aliases",
    "deprecated", "min_items",
    "max_items", "min_length", "max_length", "minimum", "maximum", "max_interval_months",
    "resource", "operations", "objects", "enums", "envelope", "properties", "values", "interval",
    "unions", "variants", "discriminator", "value", "tag", "property", "Discriminator", "Value",
    "start", "end", "pagination", "items", "portfolio", "read", "write", "request", "response",
    "empty", "safe_to_retry", "role", "summary", "docs", "extensible", "string", "boolean",
    "integer", "int64", "number", "uuid", "date-time", "date", "json", "list<uuid>", "map<string>",
    "update<string>", "update<list<uuid>>", "Limitation", "TimeInterval", "Cursor", "Count",
    "EnterpriseId", "EnterpriseIds", "Self", "self", "Unknown", "Option", "Build", "client", "send",
    "Type", "_", "3DSecure", "a/b", "x/y/2023-06-06", "0", "1", "1.5", "-3", ".nan", ".inf", "true",
    "false", "{}", "[]", "method", "parameter_sets", "ChainId", "ChainIds", "get_all_items",
    "parameter_set",
];

/// Names that are hard to turn into Rust: keywords, prelude and runtime
/// names, names without letters.
const NAMES: &[&str] = &[
    "Self", "self", "Type", "type", "Option", "String", "Vec", "Result", "Unknown", "Build",
    "build", "client", "send", "mod", "crate", "super", "_", "3DSecure", "2Fa", "Envelope", "Api",
    "Request", "Builder", "items", "pages",
];

/// The byte ranges of the words (runs of letters, digits and `_`) of `text`.
fn word_spans(text: &str) -> Vec<(usize, usize)> {
    let is_word = |c: char| c.is_alphanumeric() || c == '_';
    let mut spans = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices().chain([(text.len(), ' ')]) {
        match (start, is_word(c)) {
            (None, true) => start = Some(i),
            (Some(s), false) => {
                spans.push((s, i));
                start = None;
            }
            _ => {}
        }
    }
    spans
}

/// `text` with every whole word `from` replaced by `to`.
fn rename(text: &str, from: &str, to: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for (s, e) in word_spans(text) {
        if &text[s..e] == from {
            out.push_str(&text[last..s]);
            out.push_str(to);
            last = e;
        }
    }
    out.push_str(&text[last..]);
    out
}

/// The real spec and every fixture, each a list of files.
fn seeds() -> Vec<Vec<SourceFile>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut folders = vec![root.join("../spec")];
    for entry in fs::read_dir(root.join("tests/fixtures")).expect("the fixtures folder") {
        folders.push(entry.expect("a directory entry").path());
    }
    folders.sort();
    folders
        .iter()
        .map(|dir| {
            let mut files: Vec<SourceFile> = fs::read_dir(dir)
                .expect("a spec folder")
                .map(|e| e.expect("a directory entry").path())
                .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
                .map(|p| SourceFile {
                    name: p
                        .file_name()
                        .expect("a file name")
                        .to_string_lossy()
                        .into_owned(),
                    text: fs::read_to_string(&p).expect("a spec file"),
                })
                .collect();
            files.sort_by(|a, b| a.name.cmp(&b.name));
            files
        })
        .filter(|files| !files.is_empty())
        .collect()
}

/// The nearest char boundary at or below `i`.
fn boundary(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// One to three random edits of `text`.
fn mutate(text: &str, rng: &mut Rng) -> String {
    let mut text = text.to_owned();
    for _ in 0..=rng.below(3) {
        let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
        if lines.is_empty() {
            lines.push(String::new());
        }
        let (a, b) = (rng.below(lines.len()), rng.below(lines.len()));
        match rng.below(10) {
            0 => {
                lines.remove(a);
            }
            1 => {
                let line = lines[a].clone();
                lines.insert(b, line);
            }
            2 => lines.swap(a, b),
            3 => lines[a].insert_str(0, "  "),
            4 => {
                let trimmed = lines[a].strip_prefix("  ").unwrap_or(&lines[a]).to_owned();
                lines[a] = trimmed;
            }
            5 => {
                // Swap one word of the line for a spec word.
                let words = word_spans(&lines[a]);
                if !words.is_empty() {
                    let (start, end) = *rng.pick(&words);
                    let word = rng.pick(WORDS);
                    lines[a] = format!("{}{word}{}", &lines[a][..start], &lines[a][end..]);
                }
            }
            9 => {
                // Rename a word everywhere, as a refactoring would: the spec
                // stays consistent, so the new name reaches every stage.
                let mut words: Vec<&str> = word_spans(&text)
                    .into_iter()
                    .map(|(s, e)| &text[s..e])
                    .collect();
                words.sort_unstable();
                words.dedup();
                if !words.is_empty() {
                    let from = rng.pick(&words).to_string();
                    let to = if rng.below(2) == 0 {
                        rng.pick(NAMES)
                    } else {
                        rng.pick(WORDS)
                    };
                    text = rename(&text, &from, to);
                }
                continue;
            }
            6 => {
                if !text.is_empty() {
                    let cut = boundary(&text, rng.below(text.len()));
                    text.truncate(cut);
                    continue;
                }
            }
            7 => {
                let at = boundary(&text, rng.below(text.len() + 1));
                let token = *rng.pick(TOKENS);
                text.insert_str(at, token);
                continue;
            }
            _ => {
                if !text.is_empty() {
                    let at = boundary(&text, rng.below(text.len()));
                    let len = text[at..].chars().next().map_or(0, char::len_utf8);
                    let with = rng.pick(TOKENS);
                    text.replace_range(
                        at..at + len,
                        &with[..with.chars().next().map_or(0, char::len_utf8)],
                    );
                    continue;
                }
            }
        }
        text = lines.join("\n");
        text.push('\n');
    }
    text
}

/// A random YAML value of any shape, keys often taken from the spec format.
fn random_value(rng: &mut Rng, depth: usize) -> Value {
    let scalar = |rng: &mut Rng| match rng.below(6) {
        0 => Value::Null,
        1 => Value::Bool(rng.below(2) == 0),
        2 => Value::Number((rng.below(2000) as i64 - 1000).into()),
        3 => Value::Number((rng.below(1000) as f64 / 7.0).into()),
        _ => Value::String(rng.pick(WORDS).to_string()),
    };
    if depth == 0 {
        return scalar(rng);
    }
    match rng.below(5) {
        0 | 1 => {
            let mut map = Mapping::new();
            for _ in 0..rng.below(6) {
                let key = if rng.below(8) == 0 {
                    scalar(rng)
                } else {
                    Value::String(rng.pick(WORDS).to_string())
                };
                map.insert(key, random_value(rng, depth - 1));
            }
            Value::Mapping(map)
        }
        2 => Value::Sequence(
            (0..rng.below(4))
                .map(|_| random_value(rng, depth - 1))
                .collect(),
        ),
        _ => scalar(rng),
    }
}

/// Runs the generator on `sources`; a panic fails the test, naming the case.
fn run(case: usize, sources: &[SourceFile]) -> bool {
    match catch_unwind(AssertUnwindSafe(|| codegen::generate(sources))) {
        Ok(result) => result.is_ok(),
        Err(panic) => {
            eprintln!("fuzz case {case} panicked on this spec:");
            for s in sources {
                eprintln!(
                    "---- {} ----\n{}",
                    s.name,
                    s.text.chars().take(4000).collect::<String>()
                );
            }
            resume_unwind(panic)
        }
    }
}

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

#[test]
fn mutated_specs_never_panic() {
    let seeds = seeds();
    let mut rng = Rng(env_number("FUZZ_SEED", 0x5eed_cafe_f00d_d00d) | 1);
    let (mut ok, mut err) = (0, 0);
    for case in 0..env_number("FUZZ_CASES", 400) as usize {
        let mut sources = rng.pick(&seeds).clone();
        // Mostly one broken file among sound ones, sometimes all of them,
        // sometimes a name changed in every file.
        let strategy = rng.below(8);
        if strategy == 0 {
            for s in &mut sources {
                s.text = mutate(&s.text, &mut rng);
            }
        } else if strategy <= 2 {
            // Mostly a name the spec defines (a mapping key), else any word.
            let keys_only = rng.below(4) != 0;
            let mut words: Vec<String> = sources
                .iter()
                .flat_map(|s| {
                    let text = &s.text;
                    word_spans(text)
                        .into_iter()
                        .filter(move |&(_, b)| !keys_only || text[b..].starts_with(':'))
                        .map(move |(a, b)| text[a..b].to_owned())
                })
                .collect();
            words.sort_unstable();
            words.dedup();
            let from = rng.pick(&words).clone();
            let to = if rng.below(4) == 0 {
                rng.pick(WORDS)
            } else {
                rng.pick(NAMES)
            };
            for s in &mut sources {
                s.text = rename(&s.text, &from, to);
            }
        } else {
            let i = rng.below(sources.len());
            sources[i].text = mutate(&sources[i].text, &mut rng);
        }
        if run(case, &sources) {
            ok += 1
        } else {
            err += 1
        }
    }
    // Both outcomes must occur: otherwise the mutations are too weak (or too
    // strong) to exercise the whole pipeline and its diagnostics.
    assert!(
        ok > 0 && err > 0,
        "mutations gave {ok} sound and {err} broken specs"
    );
}

#[test]
fn random_yaml_never_panics() {
    let mut rng = Rng(env_number("FUZZ_SEED", 0x0dd_ba11_5eed) | 1);
    let common = seeds()
        .into_iter()
        .flatten()
        .find(|s| s.name == "_common.yaml")
        .expect("a shared file");
    for case in 0..env_number("FUZZ_CASES", 400) as usize {
        let value = random_value(&mut rng, 5);
        let text = serde_yaml::to_string(&value).expect("a value serializes");
        let sources = [
            common.clone(),
            SourceFile {
                name: "random.yaml".to_owned(),
                text,
            },
        ];
        run(case, &sources);
    }
}

#[test]
fn arbitrary_text_never_panics() {
    let mut rng = Rng(env_number("FUZZ_SEED", 0xfeed_beef) | 1);
    for case in 0..env_number("FUZZ_CASES", 400) as usize {
        let text: String = (0..rng.below(80)).map(|_| *rng.pick(TOKENS)).collect();
        run(
            case,
            &[SourceFile {
                name: "noise.yaml".to_owned(),
                text,
            }],
        );
    }
}

#[test]
fn every_defined_name_renamed_to_a_hard_one_never_panics() {
    // Not random: each name the sound fixtures define (a mapping key that is
    // not a word of the format: objects, enums, values, properties,
    // resources, actions), renamed in every file to each hard name.
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut case = 0;
    for fixture in ["types", "operations", "keywords"] {
        let sources: Vec<SourceFile> = seeds()
            .into_iter()
            .find(|files| {
                files
                    .iter()
                    .all(|f| root.join(fixture).join(&f.name).exists())
            })
            .expect("the fixture is a seed");
        let mut names: Vec<String> = sources
            .iter()
            .flat_map(|s| {
                word_spans(&s.text)
                    .into_iter()
                    .filter(|&(_, b)| s.text[b..].starts_with(':'))
                    .map(|(a, b)| s.text[a..b].to_owned())
                    .collect::<Vec<_>>()
            })
            .filter(|w| !WORDS.contains(&w.as_str()) && !["name", "https"].contains(&w.as_str()))
            .collect();
        names.sort_unstable();
        names.dedup();
        // A third of the pairs, a different third for each name: every hard
        // name still meets every kind of definition, in a second or two.
        for (i, name) in names.iter().enumerate() {
            for hard in NAMES.iter().skip(i % 3).step_by(3) {
                let renamed: Vec<SourceFile> = sources
                    .iter()
                    .map(|s| SourceFile {
                        name: s.name.clone(),
                        text: rename(&s.text, name, hard),
                    })
                    .collect();
                run(case, &renamed);
                case += 1;
            }
        }
    }
    assert!(case > 300, "only {case} renames tried");
}
