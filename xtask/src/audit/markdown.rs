//! A small reader for the Mews documentation's Markdown: headings with their
//! GitBook anchors, pipe tables, bullet lists and text, each with its line.
//!
//! The pages are generated from Mews' OpenAPI definition, so their layout is
//! regular; this reads only what the audit needs and never fails: anything
//! it does not recognise is kept as text.

/// One Markdown page.
#[derive(Clone, Debug)]
pub struct Page {
    /// The path below the docs folder, with `/` separators, e.g. `operations/vouchers.md`.
    pub path: String,
    /// The text of the first level-1 heading, if any.
    pub title: Option<String>,
    /// The headings in page order, each with what follows it up to the next one.
    pub sections: Vec<Section>,
}

/// A heading and the blocks under it (up to the next heading of any level).
#[derive(Clone, Debug)]
pub struct Section {
    /// 1 for `#`, 2 for `##`, ...
    pub level: usize,
    /// The heading's text, without strike-through or HTML entities.
    pub title: String,
    /// Whether the heading was struck through (`## ~~Old operation~~`).
    pub struck: bool,
    /// The GitBook anchor: the slug of the title, `-1`, `-2`... on repeats.
    pub anchor: String,
    /// 1-based line of the heading.
    pub line: usize,
    /// What follows the heading.
    pub blocks: Vec<Block>,
}

/// A block of a section.
#[derive(Clone, Debug)]
pub enum Block {
    /// A pipe table.
    Table(Table),
    /// Consecutive `*` or `-` items.
    Bullets(Vec<Bullet>),
    /// A paragraph, a quote, a hint tag: consecutive lines of text, joined
    /// with spaces, quote markers removed.
    Text(String),
    /// A fenced code block: an example, whose content the audit does not read.
    Code,
}

/// A pipe table: its header cells and rows.
#[derive(Clone, Debug)]
pub struct Table {
    /// The header's cells, trimmed.
    pub header: Vec<String>,
    /// The rows after the separator row.
    pub rows: Vec<Row>,
    /// 1-based line of the header.
    pub line: usize,
}

/// A table row.
#[derive(Clone, Debug)]
pub struct Row {
    /// The cells, trimmed, with `\|` read as `|`.
    pub cells: Vec<String>,
    /// 1-based line.
    pub line: usize,
}

/// A bullet item.
#[derive(Clone, Debug)]
pub struct Bullet {
    /// The text after the marker.
    pub text: String,
    /// 1-based line.
    pub line: usize,
}

impl Page {
    /// Reads a page; never fails.
    pub fn parse(path: &str, text: &str) -> Page {
        let mut title = None;
        let mut sections: Vec<Section> = Vec::new();
        // Text before the first heading has nowhere to go; the pages have none
        // that matters, so it is kept under a level-0 section without anchor.
        let mut current = Section {
            level: 0,
            title: String::new(),
            struck: false,
            anchor: String::new(),
            line: 1,
            blocks: Vec::new(),
        };
        let mut lines = text.lines().enumerate().map(|(i, l)| (i + 1, l)).peekable();
        while let Some((n, line)) = lines.next() {
            let trimmed = line.trim();
            if let Some(fence) = fence(trimmed) {
                for (_, inner) in lines.by_ref() {
                    if inner.trim_start().starts_with(fence) {
                        break;
                    }
                }
                current.blocks.push(Block::Code);
            } else if let Some((level, text)) = heading(line) {
                let (text, struck) = unstrike(text);
                let clean = clean_text(&text);
                if level == 1 && title.is_none() {
                    title = Some(clean.clone());
                }
                sections.push(std::mem::replace(
                    &mut current,
                    Section {
                        level,
                        anchor: slug(&clean),
                        title: clean,
                        struck,
                        line: n,
                        blocks: Vec::new(),
                    },
                ));
            } else if trimmed.starts_with('|') {
                let mut rows = vec![(n, split_row(trimmed))];
                while let Some((m, next)) = lines.next_if(|(_, l)| l.trim().starts_with('|')) {
                    rows.push((m, split_row(next.trim())));
                }
                let mut rows = rows.into_iter();
                let (line, header) = rows.next().unwrap_or_default();
                let rows = rows
                    .filter(|(_, cells)| !is_separator(cells))
                    .map(|(line, cells)| Row { cells, line })
                    .collect();
                current
                    .blocks
                    .push(Block::Table(Table { header, rows, line }));
            } else if let Some(item) = bullet(trimmed) {
                let mut items = vec![Bullet {
                    text: item.to_owned(),
                    line: n,
                }];
                while let Some((m, item)) = lines.next_if(|(_, l)| bullet(l.trim()).is_some()) {
                    items.push(Bullet {
                        text: bullet(item.trim()).unwrap_or_default().to_owned(),
                        line: m,
                    });
                }
                current.blocks.push(Block::Bullets(items));
            } else if !trimmed.is_empty() {
                let mut text = vec![unquote(trimmed)];
                while let Some((_, next)) = lines.next_if(|(_, l)| {
                    let t = l.trim();
                    !t.is_empty()
                        && heading(l).is_none()
                        && !t.starts_with('|')
                        && bullet(t).is_none()
                        && fence(t).is_none()
                }) {
                    text.push(unquote(next.trim()));
                }
                current.blocks.push(Block::Text(text.join(" ")));
            }
        }
        sections.push(current);
        sections.retain(|s| s.level > 0 || !s.blocks.is_empty());
        dedup_anchors(&mut sections);
        Page {
            path: path.to_owned(),
            title,
            sections,
        }
    }

    /// The section an anchor names (compared without case, as browsers do
    /// for GitBook's anchors: the docs link `#get-image-URLs`).
    pub fn section(&self, anchor: &str) -> Option<usize> {
        self.sections
            .iter()
            .position(|s| s.level > 0 && s.anchor.eq_ignore_ascii_case(anchor))
    }
}

/// The GitBook anchor of a heading: lower case, letters and digits kept,
/// spaces and hyphens as `-`, everything else dropped, runs of `-` merged.
pub fn slug(title: &str) -> String {
    let mut out = String::new();
    for c in clean_text(title).chars() {
        if c.is_alphanumeric() || c == '_' {
            out.extend(c.to_lowercase());
        } else if (c == ' ' || c == '-') && !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_matches('-').to_owned()
}

/// The text of a cell or heading as a reader sees it: HTML entities decoded,
/// `**`, `~~` and backticks removed, spaces collapsed.
pub fn clean_text(text: &str) -> String {
    let decoded = decode_entities(text);
    let plain = decoded.replace("**", "").replace("~~", "").replace('`', "");
    plain.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// GitBook numbers repeated anchors of a page: the second `x` is `x-1`.
fn dedup_anchors(sections: &mut [Section]) {
    let mut seen: Vec<String> = Vec::new();
    for s in sections.iter_mut().filter(|s| s.level > 0) {
        let base = s.anchor.clone();
        let mut n = 0;
        while seen.contains(&s.anchor) {
            n += 1;
            s.anchor = format!("{base}-{n}");
        }
        seen.push(s.anchor.clone());
    }
}

/// `## Title` (up to six `#`, then a space).
fn heading(line: &str) -> Option<(usize, &str)> {
    let level = line.bytes().take_while(|b| *b == b'#').count();
    if (1..=6).contains(&level) {
        let rest = &line[level..];
        if rest.starts_with(' ') || rest.is_empty() {
            return Some((level, rest.trim()));
        }
    }
    None
}

/// The fence of a code block's opening line.
fn fence(line: &str) -> Option<&'static str> {
    if line.starts_with("```") {
        Some("```")
    } else if line.starts_with("~~~") {
        Some("~~~")
    } else {
        None
    }
}

/// The item text of a `* item` or `- item` line.
fn bullet(line: &str) -> Option<&str> {
    line.strip_prefix("* ")
        .or_else(|| line.strip_prefix("- "))
        .map(str::trim)
}

/// A line without its quote markers.
fn unquote(line: &str) -> String {
    let mut line = line;
    while let Some(rest) = line.strip_prefix('>') {
        line = rest.trim_start();
    }
    line.to_owned()
}

/// The heading text without a strike-through around it, and whether it had one.
fn unstrike(text: &str) -> (String, bool) {
    match text
        .strip_prefix("~~")
        .and_then(|t| t.trim_end().strip_suffix("~~"))
    {
        Some(inner) => (inner.to_owned(), true),
        None => (text.to_owned(), false),
    }
}

/// The cells of `| a | b |`, trimmed; `\|` is a literal bar.
fn split_row(line: &str) -> Vec<String> {
    let inner = line.strip_prefix('|').unwrap_or(line);
    let inner = inner.strip_suffix('|').unwrap_or(inner);
    let mut cells = Vec::new();
    let mut cell = String::new();
    let mut chars = inner.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek() == Some(&'|') => {
                cell.push('|');
                chars.next();
            }
            '|' => cells.push(std::mem::take(&mut cell).trim().to_owned()),
            _ => cell.push(c),
        }
    }
    cells.push(cell.trim().to_owned());
    cells
}

/// Whether a row is the `| :-- | --: |` line under a header.
fn is_separator(cells: &[String]) -> bool {
    cells
        .iter()
        .all(|c| !c.is_empty() && c.chars().all(|ch| matches!(ch, '-' | ':' | ' ')))
}

/// Decodes the few HTML entities the pages use (`&#x27;`, `&amp;`, ...).
fn decode_entities(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(start) = rest.find('&') {
        out.push_str(&rest[..start]);
        let after = &rest[start..];
        let decoded = after.find(';').filter(|end| *end <= 10).and_then(|end| {
            let name = &after[1..end];
            let c = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "nbsp" => Some(' '),
                _ => name
                    .strip_prefix("#x")
                    .or_else(|| name.strip_prefix("#X"))
                    .and_then(|hex| u32::from_str_radix(hex, 16).ok())
                    .or_else(|| name.strip_prefix('#').and_then(|d| d.parse().ok()))
                    .and_then(char::from_u32),
            };
            c.map(|c| (c, end))
        });
        match decoded {
            Some((c, end)) => {
                out.push(c);
                rest = &after[end + 1..];
            }
            None => {
                out.push('&');
                rest = &after[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_follow_gitbook() {
        assert_eq!(slug("Get all voucher codes"), "get-all-voucher-codes");
        assert_eq!(
            slug("Currency value (ver 2018-06-07)"),
            "currency-value-ver-2018-06-07"
        );
        assert_eq!(
            slug("Fiscal machine command data (ver. 2025-06-23)"),
            "fiscal-machine-command-data-ver-2025-06-23"
        );
        assert_eq!(
            slug("Company data for payment terminal command."),
            "company-data-for-payment-terminal-command"
        );
        assert_eq!(
            slug("Get resources&#x27; occupancy state"),
            "get-resources-occupancy-state"
        );
        assert_eq!(slug("Voucher Extent"), "voucher-extent");
        assert_eq!(slug("  Odd  -  spacing "), "odd-spacing");
    }

    #[test]
    fn entities_and_markup_are_read_as_text() {
        assert_eq!(
            clean_text("a &amp; b&#39;s &unknown; &"),
            "a & b's &unknown; &"
        );
        assert_eq!(clean_text("~~`Name`~~ **Deprecated!**"), "Name Deprecated!");
    }

    const PAGE: &str = "\
<!-- AUTOMATICALLY GENERATED -->
# Things

## ~~Get all things~~

> ### Deprecated!
> Use something else.

### Request

`[PlatformAddress]/api/connector/v1/things/getAll`

```javascript
{
  \"| not a table\": 1,
  ## not a heading
}
```

| Property | Type | Contract | Description |
| :-- | :-- | :-- | :-- |
| `ThingIds` | array of string | required, max 10 items | Which a \\| b. |
| ~~`Old`~~ | ~~string~~ | ~~optional~~ | ~~Gone.~~ **Deprecated!** |

#### Thing kind

* `Big` - large
- `Small`

#### Thing kind
Second text
line two.
";

    #[test]
    fn reads_headings_tables_bullets_and_text() {
        let page = Page::parse("operations/things.md", PAGE);
        assert_eq!(page.title.as_deref(), Some("Things"));
        let titles: Vec<(usize, &str, &str, bool)> = page
            .sections
            .iter()
            .map(|s| (s.level, s.title.as_str(), s.anchor.as_str(), s.struck))
            .collect();
        assert_eq!(
            titles,
            [
                (0, "", "", false),
                (1, "Things", "things", false),
                (2, "Get all things", "get-all-things", true),
                (3, "Request", "request", false),
                (4, "Thing kind", "thing-kind", false),
                (4, "Thing kind", "thing-kind-1", false),
            ]
        );
        // The quoted `### Deprecated!` stays text of the operation's section.
        let op = &page.sections[2];
        assert!(
            matches!(&op.blocks[0], Block::Text(text) if text == "### Deprecated! Use something else.")
        );
        let request = &page.sections[3];
        assert!(matches!(&request.blocks[0], Block::Text(text) if text.contains("things/getAll")));
        assert!(matches!(&request.blocks[1], Block::Code));
        let Block::Table(table) = &request.blocks[2] else {
            panic!("a table: {:?}", request.blocks[2]);
        };
        assert_eq!(
            table.header,
            ["Property", "Type", "Contract", "Description"]
        );
        assert_eq!(table.line, 20);
        assert_eq!(table.rows.len(), 2);
        assert_eq!(table.rows[0].line, 22);
        assert_eq!(table.rows[0].cells[3], "Which a | b.");
        assert_eq!(table.rows[1].cells[0], "~~`Old`~~");
        let Block::Bullets(items) = &page.sections[4].blocks[0] else {
            panic!("bullets");
        };
        assert_eq!(items.len(), 2);
        assert_eq!(items[1].text, "`Small`");
        assert_eq!(items[1].line, 28);
        assert!(
            matches!(&page.sections[5].blocks[0], Block::Text(text) if text == "Second text line two.")
        );
        assert_eq!(page.section("THING-KIND-1"), Some(5));
        assert_eq!(page.section("request"), Some(3));
        assert_eq!(page.section("nothing"), None);
    }

    #[test]
    fn odd_input_does_not_panic() {
        for text in [
            "", "#", "|", "| a |\n|", "```", "* ", "&#xZZ;", "# ~~", "> > >",
        ] {
            let _ = Page::parse("x.md", text);
        }
    }
}
