//! The Mews documentation as the audit sees it: the operations (a `##`
//! section whose `### Request` names a `/api/connector/v1/` path), and the
//! property tables and value lists of the headings links point at.

use std::collections::BTreeMap;
use std::fmt;
use std::fs;
use std::path::Path;

use anyhow::Context;

use super::markdown::{Block, Page, Row, Section, Table, clean_text};

/// Where the spec's `docs` links point: `https://docs.mews.com/connector-api/<page>#<anchor>`.
pub const DOCS_URL: &str = "https://docs.mews.com/connector-api/";

/// What every operation's URL starts with, after `[PlatformAddress]`.
const API_PREFIX: &str = "/api/connector/v1/";

/// The documentation folder, read once.
#[derive(Debug)]
pub struct Docs {
    /// Every page, by its path below the folder.
    pages: BTreeMap<String, Page>,
    /// The operations, in page order and then section order.
    pub operations: Vec<DocOperation>,
}

/// A place in the docs: a page, the anchor of the nearest heading, a line.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct DocRef {
    /// The page, e.g. `operations/vouchers.md`.
    pub page: String,
    /// The heading's anchor (empty for the top of the page).
    pub anchor: String,
    /// 1-based line.
    pub line: usize,
}

impl fmt::Display for DocRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.anchor.is_empty() {
            write!(f, "{}:{}", self.page, self.line)
        } else {
            write!(f, "{}#{}:{}", self.page, self.anchor, self.line)
        }
    }
}

/// A heading of a page: what links and `docs` URLs name.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Target {
    /// The page, e.g. `operations/_objects.md`.
    pub page: String,
    /// The anchor, e.g. `time-interval`.
    pub anchor: String,
}

/// A property table: a heading's, or an operation's request or response.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct TableId {
    /// The page.
    pub page: String,
    /// The section holding the table.
    pub section: usize,
}

/// One documented operation.
#[derive(Clone, Debug)]
pub struct DocOperation {
    /// The path below `/api/connector/v1/`, e.g. `voucherCodes/getAll`.
    pub path: String,
    /// The heading's place.
    pub at: DocRef,
    /// Struck through, or marked `Deprecated!`.
    pub deprecated: bool,
    /// Marked `Restricted!`: in beta test, subject to change.
    pub restricted: bool,
    /// The links of its `Deprecated!` note, which may name the replacement.
    pub deprecation_links: Vec<String>,
    /// The `### Request` table, when there is one.
    pub request: Option<TableId>,
    /// What `### Response` shows.
    pub response: DocResponse,
}

impl DocOperation {
    /// The URL resource segment, e.g. `voucherCodes`.
    pub fn resource(&self) -> &str {
        self.path.split('/').next().unwrap_or_default()
    }
}

/// What an operation's `### Response` shows.
#[derive(Clone, Debug)]
pub enum DocResponse {
    /// A property table.
    Table(TableId),
    /// `{}` or nothing.
    Empty(DocRef),
}

/// What a heading holds, as far as the audit is concerned.
#[derive(Clone, Debug)]
pub enum Definition {
    /// A property table.
    Object(DocObject),
    /// A list of values.
    Enum(DocEnum),
    /// An operation's section; its response is what an object linked to it
    /// stands for.
    Operation(usize),
    /// Something else: prose, an example, a table of another kind.
    Other,
}

/// A property table and its heading.
#[derive(Clone, Debug)]
pub struct DocObject {
    /// Which table.
    pub id: TableId,
    /// Where the table is.
    pub at: DocRef,
    /// Struck through, or marked deprecated in the text under the heading.
    pub deprecated: bool,
    /// The rows.
    pub properties: Vec<DocProperty>,
}

/// One row of a property table.
#[derive(Clone, Debug)]
pub struct DocProperty {
    /// The JSON name.
    pub name: String,
    /// The type cell, read.
    pub ty: DocType,
    /// The type cell as written, links shown by their titles.
    pub ty_text: String,
    /// `required` in the contract cell.
    pub required: bool,
    /// `max N items`.
    pub max_items: Option<u64>,
    /// `max length N characters`.
    pub max_length: Option<u64>,
    /// `max length N months`.
    pub max_months: Option<u64>,
    /// Parts of the contract cell the reader does not know.
    pub unread: Vec<String>,
    /// Struck through or marked `Deprecated!`.
    pub deprecated: bool,
    /// Where the row is.
    pub at: DocRef,
}

/// A type cell.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DocType {
    /// A plain word: `string`, `boolean`, `integer`, `number`, `decimal`, `object`...
    Word(String),
    /// A link to another heading; `target` is `None` when the link leads nowhere.
    Link {
        /// The link's text.
        title: String,
        /// The link as written.
        href: String,
        /// Where it leads.
        target: Option<Target>,
    },
    /// `array of X`.
    Array(Box<DocType>),
    /// String keys to X: what the shared dictionary headings stand for
    /// (see `types::linked`); never read from a cell directly.
    Map(Box<DocType>),
}

/// A list of values and its heading.
#[derive(Clone, Debug)]
pub struct DocEnum {
    /// Which section.
    pub id: TableId,
    /// Where the list is.
    pub at: DocRef,
    /// The values.
    pub values: Vec<DocValue>,
    /// Whether the docs say the list is not exhaustive.
    pub extensible: bool,
}

/// One value of a list.
#[derive(Clone, Debug)]
pub struct DocValue {
    /// The JSON string.
    pub name: String,
    /// Struck through, or said to be deprecated.
    pub deprecated: bool,
    /// Where it is.
    pub at: DocRef,
}

impl Docs {
    /// Reads every `*.md` file under `dir`.
    pub fn load(dir: &Path) -> anyhow::Result<Docs> {
        let mut pages = Vec::new();
        let mut todo = vec![dir.to_path_buf()];
        while let Some(d) = todo.pop() {
            let entries = fs::read_dir(&d)
                .with_context(|| format!("cannot read the docs folder {}", d.display()))?;
            for entry in entries {
                let entry = entry.with_context(|| format!("cannot list {}", d.display()))?;
                let path = entry.path();
                // Links are not followed, so a link loop cannot trap the walk.
                let kind = entry
                    .file_type()
                    .with_context(|| format!("cannot read {}", path.display()))?;
                if kind.is_dir() {
                    todo.push(path);
                } else if path.extension().is_some_and(|e| e == "md") {
                    let text = fs::read_to_string(&path)
                        .with_context(|| format!("cannot read {}", path.display()))?;
                    let rel = path.strip_prefix(dir).unwrap_or(&path);
                    let name = rel
                        .components()
                        .map(|c| c.as_os_str().to_string_lossy())
                        .collect::<Vec<_>>()
                        .join("/");
                    pages.push(Page::parse(&name, &text));
                }
            }
        }
        if !pages.iter().any(|p| p.path.starts_with("operations/")) {
            anyhow::bail!(
                "{} has no `operations/*.md` pages: give the `connector-api` folder of the Mews documentation",
                dir.display()
            );
        }
        Ok(Docs::from_pages(pages))
    }

    /// The docs made of these pages.
    pub fn from_pages(pages: Vec<Page>) -> Docs {
        let pages: BTreeMap<String, Page> =
            pages.into_iter().map(|p| (p.path.clone(), p)).collect();
        let mut operations = Vec::new();
        for page in pages.values() {
            if !is_operations_page(page) {
                continue;
            }
            for (i, section) in page.sections.iter().enumerate() {
                if section.level == 2
                    && let Some(op) = operation(page, i)
                {
                    operations.push(op);
                }
            }
        }
        Docs { pages, operations }
    }

    /// Where a spec `docs` URL leads, if it names a page of these docs.
    pub fn resolve_url(&self, url: &str) -> Option<Target> {
        let rest = url.strip_prefix(DOCS_URL)?;
        let (path, anchor) = rest.split_once('#').unwrap_or((rest, ""));
        let path = path.trim_end_matches('/');
        let path = path.strip_suffix(".md").unwrap_or(path);
        let page = [format!("{path}.md"), format!("{path}/README.md")]
            .into_iter()
            .find(|p| self.pages.contains_key(p))?;
        Some(Target {
            page,
            anchor: anchor.to_owned(),
        })
    }

    /// Where a link written on `from` leads (`vouchers.md#voucher`,
    /// `../guidelines/pagination.md#limitation`, `#tax-value`), if the page exists.
    pub fn resolve_link(&self, from: &str, href: &str) -> Option<Target> {
        let (path, anchor) = href.split_once('#').unwrap_or((href, ""));
        let page = if path.is_empty() {
            from.to_owned()
        } else {
            let mut parts: Vec<&str> = from.split('/').collect();
            parts.pop();
            for part in path.split('/') {
                match part {
                    "." | "" => {}
                    ".." => {
                        parts.pop()?;
                    }
                    other => parts.push(other),
                }
            }
            parts.join("/")
        };
        self.pages.contains_key(&page).then(|| Target {
            page,
            anchor: anchor.to_owned(),
        })
    }

    /// What the heading `target` holds; `None` when the page has no such anchor.
    pub fn definition(&self, target: &Target) -> Option<Definition> {
        let page = self.pages.get(&target.page)?;
        let index = page.section(&target.anchor)?;
        if let Some(op) = self
            .operations
            .iter()
            .position(|op| op.at.page == page.path && op.at.anchor == page.sections[index].anchor)
        {
            return Some(Definition::Operation(op));
        }
        let id = TableId {
            page: page.path.clone(),
            section: index,
        };
        if let Some(object) = self.object(&id) {
            return Some(Definition::Object(object));
        }
        if let Some(values) = self.enumeration(&id) {
            return Some(Definition::Enum(values));
        }
        Some(Definition::Other)
    }

    /// The value list of a section: its first bullet list of `` `Value` `` items.
    pub fn enumeration(&self, id: &TableId) -> Option<DocEnum> {
        let page = self.pages.get(&id.page)?;
        let section = page.sections.get(id.section)?;
        section.blocks.iter().find_map(|block| {
            let Block::Bullets(items) = block else {
                return None;
            };
            let values: Vec<DocValue> = items
                .iter()
                .filter_map(|b| {
                    let (name, rest) = code_span(&b.text)?;
                    Some(DocValue {
                        name: name.to_owned(),
                        deprecated: b.text.starts_with("~~")
                            || rest.to_ascii_lowercase().contains("deprecated"),
                        at: at(page, section, b.line),
                    })
                })
                .collect();
            let extensible = section.blocks.iter().any(|b| {
                matches!(b, Block::Text(text) if text.to_ascii_lowercase().contains("not exhaustive"))
            });
            (!values.is_empty()).then(|| DocEnum {
                extensible,
                id: id.clone(),
                at: at(page, section, items[0].line),
                values,
            })
        })
    }

    /// The `Value` row of the partial-update wrapper a type cell links to, and
    /// the type of that value. A wrapper is a table whose only row is
    /// `Value`; when the link's own title names a heading of the page
    /// (`[Voucher Type update value](_objects.md#string-update-value)` on a
    /// page with `Voucher Type`), that heading is the value's type.
    pub fn update_wrapper(&self, ty: &DocType, page: &str) -> Option<(DocProperty, DocType)> {
        let DocType::Link {
            title,
            target: Some(target),
            ..
        } = ty
        else {
            return None;
        };
        let Definition::Object(object) = self.definition(target)? else {
            return None;
        };
        let [value] = object.properties.as_slice() else {
            return None;
        };
        if value.name != "Value" {
            return None;
        }
        let named = title
            .to_ascii_lowercase()
            .strip_suffix(super::types::UPDATE_SUFFIX)
            .map(|_| &title[..title.len() - super::types::UPDATE_SUFFIX.len()])
            .and_then(|name| {
                let anchor = super::markdown::slug(name);
                let own = Target {
                    page: page.to_owned(),
                    anchor: anchor.clone(),
                };
                matches!(
                    self.definition(&own),
                    Some(Definition::Object(_) | Definition::Enum(_))
                )
                .then(|| DocType::Link {
                    title: name.to_owned(),
                    href: format!("#{anchor}"),
                    target: Some(own),
                })
            });
        let ty = match (&value.ty, named) {
            (DocType::Word(w), Some(named)) if w == "string" => named,
            (other, _) => other.clone(),
        };
        Some((value.clone(), ty))
    }

    /// The title of the heading of a table or value list.
    pub fn title(&self, id: &TableId) -> Option<String> {
        let section = self.pages.get(&id.page)?.sections.get(id.section)?;
        Some(section.title.clone())
    }

    /// The table or value list a spec `docs` URL names: a heading's, or for
    /// an operation's section, its response table.
    pub fn table_of_url(&self, url: &str) -> Option<TableId> {
        let target = self.resolve_url(url)?;
        match self.definition(&target)? {
            Definition::Object(o) => Some(o.id),
            Definition::Enum(e) => Some(e.id),
            Definition::Operation(i) => match &self.operations[i].response {
                DocResponse::Table(t) => Some(t.clone()),
                DocResponse::Empty(_) => None,
            },
            Definition::Other => None,
        }
    }

    /// The property table of a section, read.
    pub fn object(&self, id: &TableId) -> Option<DocObject> {
        let page = self.pages.get(&id.page)?;
        let section = page.sections.get(id.section)?;
        let table = section.blocks.iter().find_map(|b| match b {
            Block::Table(t) if is_property_table(t) => Some(t),
            _ => None,
        })?;
        let deprecated = section.struck
            || section.blocks.iter().any(|b| match b {
                Block::Text(text) => text.to_ascii_lowercase().contains("**deprecated"),
                _ => false,
            });
        // An operation's own tables are named after their operation.
        let anchor_section = if matches!(section.title.as_str(), "Request" | "Response") {
            page.sections[..id.section]
                .iter()
                .rev()
                .find(|s| s.level == 2)
                .unwrap_or(section)
        } else {
            section
        };
        Some(DocObject {
            id: id.clone(),
            at: at(page, anchor_section, table.line),
            deprecated,
            properties: properties(self, page, anchor_section, table),
        })
    }
}

/// Pages whose operations count: the resource pages, not `discontinued.md`
/// (operations Mews has switched off, kept for reference).
fn is_operations_page(page: &Page) -> bool {
    page.path.starts_with("operations/")
        && !page
            .title
            .as_deref()
            .is_some_and(|t| t.to_ascii_lowercase().starts_with("discontinued"))
}

/// The operation whose `##` heading is section `index`, if it has a request URL.
fn operation(page: &Page, index: usize) -> Option<DocOperation> {
    let head = &page.sections[index];
    let end = page.sections[index + 1..]
        .iter()
        .position(|s| s.level <= 2)
        .map_or(page.sections.len(), |n| index + 1 + n);
    let sub = |title: &str| {
        (index + 1..end).find(|&i| {
            page.sections[i].level == 3 && page.sections[i].title.eq_ignore_ascii_case(title)
        })
    };
    let request = sub("Request")?;
    let path = page.sections[request].blocks.iter().find_map(|b| match b {
        Block::Text(text) => {
            let (span, _) = code_span(text)?;
            let at = span.find(API_PREFIX)?;
            Some(span[at + API_PREFIX.len()..].trim().to_owned())
        }
        _ => None,
    })?;
    let deprecated = head.struck
        || head.blocks.iter().any(|b| match b {
            Block::Text(text) => text.contains("Deprecated!"),
            _ => false,
        });
    let deprecation_links = head
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Text(text) if text.contains("Deprecated!") => Some(links(text)),
            _ => None,
        })
        .flatten()
        .collect();
    let restricted = head.blocks.iter().any(|b| match b {
        Block::Text(text) => text.contains("Restricted!"),
        _ => false,
    });
    let has_table = |i: usize| {
        page.sections[i]
            .blocks
            .iter()
            .any(|b| matches!(b, Block::Table(t) if is_property_table(t)))
    };
    let request = has_table(request).then(|| TableId {
        page: page.path.clone(),
        section: request,
    });
    let response = match sub("Response") {
        Some(i) if has_table(i) => DocResponse::Table(TableId {
            page: page.path.clone(),
            section: i,
        }),
        Some(i) => DocResponse::Empty(at(page, head, page.sections[i].line)),
        None => DocResponse::Empty(at(page, head, head.line)),
    };
    Some(DocOperation {
        path,
        at: at(page, head, head.line),
        deprecated,
        restricted,
        deprecation_links,
        request,
        response,
    })
}

fn at(page: &Page, section: &Section, line: usize) -> DocRef {
    DocRef {
        page: page.path.clone(),
        anchor: section.anchor.clone(),
        line,
    }
}

/// A `| Property | Type | Contract | ... |` table.
fn is_property_table(table: &Table) -> bool {
    let has = |name: &str| table.header.iter().any(|h| h.eq_ignore_ascii_case(name));
    has("Property") && has("Type") && has("Contract")
}

/// The rows of a property table.
fn properties(docs: &Docs, page: &Page, section: &Section, table: &Table) -> Vec<DocProperty> {
    let col = |name: &str| {
        table
            .header
            .iter()
            .position(|h| h.eq_ignore_ascii_case(name))
    };
    let (Some(name_col), Some(type_col), Some(contract_col)) =
        (col("Property"), col("Type"), col("Contract"))
    else {
        return Vec::new();
    };
    table
        .rows
        .iter()
        .filter_map(|row| {
            let cell = |i: usize| row.cells.get(i).map(String::as_str).unwrap_or_default();
            let name = clean_text(cell(name_col));
            if name.is_empty() {
                return None;
            }
            Some(property(
                docs,
                page,
                section,
                row,
                name,
                cell(type_col),
                cell(contract_col),
            ))
        })
        .collect()
}

fn property(
    docs: &Docs,
    page: &Page,
    section: &Section,
    row: &Row,
    name: String,
    ty: &str,
    contract: &str,
) -> DocProperty {
    let contract = Contract::parse(contract);
    DocProperty {
        name,
        ty: parse_type(docs, &page.path, ty),
        ty_text: type_text(ty),
        required: contract.required,
        max_items: contract.max_items,
        max_length: contract.max_length,
        max_months: contract.max_months,
        unread: contract.unread,
        deprecated: row.cells.first().is_some_and(|c| c.contains("~~"))
            || row.cells.iter().any(|c| c.contains("Deprecated!")),
        at: at(page, section, row.line),
    }
}

/// A contract cell, read: `required, max 1000 items`, `optional, max length 3 months`...
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Contract {
    /// `required` (otherwise `optional`).
    pub required: bool,
    /// `max N items`.
    pub max_items: Option<u64>,
    /// `max length N characters`.
    pub max_length: Option<u64>,
    /// `max length N months`.
    pub max_months: Option<u64>,
    /// What was not understood.
    pub unread: Vec<String>,
}

impl Contract {
    /// Reads a contract cell.
    pub fn parse(cell: &str) -> Contract {
        let mut c = Contract::default();
        for part in clean_text(cell).split(',') {
            let part = part.trim().to_ascii_lowercase();
            let words: Vec<&str> = part.split_whitespace().collect();
            let number = |w: &str| w.parse::<u64>().ok();
            match words.as_slice() {
                [] | ["optional"] => {}
                ["required"] => c.required = true,
                ["max", n, "item" | "items"] if number(n).is_some() => c.max_items = number(n),
                ["max", "length", n, "character" | "characters"] if number(n).is_some() => {
                    c.max_length = number(n)
                }
                ["max", "length", n, "month" | "months"] if number(n).is_some() => {
                    c.max_months = number(n)
                }
                _ => c.unread.push(part.clone()),
            }
        }
        c
    }
}

/// Reads a type cell written on `page`.
fn parse_type(docs: &Docs, page: &str, cell: &str) -> DocType {
    let cell = cell.replace("~~", "");
    let cell = cell.trim();
    let lower = cell.to_ascii_lowercase();
    for prefix in ["array of ", "array "] {
        if lower.starts_with(prefix) {
            return DocType::Array(Box::new(parse_type(docs, page, &cell[prefix.len()..])));
        }
    }
    if let Some((title, href)) = link(cell) {
        return DocType::Link {
            title: clean_text(title),
            href: href.to_owned(),
            target: docs.resolve_link(page, href),
        };
    }
    let word = clean_text(&lower);
    DocType::Word(match word.as_str() {
        "strings" => "string".to_owned(),
        "array,null" | "array" => return DocType::Array(Box::new(DocType::Word(String::new()))),
        _ => word,
    })
}

/// A type cell as a reader sees it: links by their text.
fn type_text(cell: &str) -> String {
    let mut out = String::new();
    let mut rest = cell;
    while let Some((before, title, after)) = split_link(rest) {
        out.push_str(before);
        out.push_str(title);
        rest = after;
    }
    out.push_str(rest);
    clean_text(&out)
}

/// The first `[title](href)` of a cell.
fn link(cell: &str) -> Option<(&str, &str)> {
    let open = cell.find('[')?;
    let close = open + cell[open..].find("](")?;
    let end = close + cell[close..].find(')')?;
    Some((&cell[open + 1..close], &cell[close + 2..end]))
}

/// The targets of every `[title](href)` of a text.
fn links(mut text: &str) -> Vec<String> {
    let mut out = Vec::new();
    while let Some((_, href)) = link(text) {
        out.push(href.to_owned());
        let Some(at) = text.find(&format!("]({href})")) else {
            break;
        };
        text = &text[at + href.len() + 3..];
    }
    out
}

/// Text before the first link, the link's title, and the text after it.
fn split_link(text: &str) -> Option<(&str, &str, &str)> {
    let open = text.find('[')?;
    let close = open + text[open..].find("](")?;
    let end = close + text[close..].find(')')?;
    Some((&text[..open], &text[open + 1..close], &text[end + 1..]))
}

/// The first `` `code` `` of a text and what follows it.
fn code_span(text: &str) -> Option<(&str, &str)> {
    let text = text.trim_start_matches('~');
    let rest = text.strip_prefix('`')?;
    let end = rest.find('`')?;
    Some((&rest[..end], &rest[end + 1..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_contract_cells() {
        assert_eq!(
            Contract::parse("required, max 1000 items"),
            Contract {
                required: true,
                max_items: Some(1000),
                ..Contract::default()
            }
        );
        assert_eq!(
            Contract::parse("~~optional, max length 3 months~~"),
            Contract {
                max_months: Some(3),
                ..Contract::default()
            }
        );
        assert_eq!(
            Contract::parse("optional, max length 1 month"),
            Contract {
                max_months: Some(1),
                ..Contract::default()
            }
        );
        let odd = Contract::parse("required, max length 128 characters, at least 2 items");
        assert_eq!(odd.max_length, Some(128));
        assert_eq!(odd.unread, ["at least 2 items"]);
    }

    fn docs() -> Docs {
        Docs::from_pages(vec![
            Page::parse(
                "operations/a.md",
                "# A\n## Op\n### Request\n`[PlatformAddress]/api/connector/v1/as/getAll`\n",
            ),
            Page::parse("operations/_objects.md", "# Common\n### Time interval\n"),
            Page::parse("guidelines/pagination.md", "# Paging\n#### Limitation\n"),
            Page::parse("deprecations/README.md", "# Deprecations\n"),
        ])
    }

    #[test]
    fn resolves_links_and_urls() {
        let docs = docs();
        let target = |page: &str, anchor: &str| {
            Some(Target {
                page: page.into(),
                anchor: anchor.into(),
            })
        };
        assert_eq!(
            docs.resolve_link("operations/a.md", "_objects.md#time-interval"),
            target("operations/_objects.md", "time-interval")
        );
        assert_eq!(
            docs.resolve_link("operations/a.md", "../guidelines/pagination.md#limitation"),
            target("guidelines/pagination.md", "limitation")
        );
        assert_eq!(
            docs.resolve_link("operations/a.md", "#op"),
            target("operations/a.md", "op")
        );
        assert_eq!(docs.resolve_link("operations/a.md", "_object.md#x"), None);
        assert_eq!(docs.resolve_link("operations/a.md", "../../x.md"), None);
        assert_eq!(
            docs.resolve_url(
                "https://docs.mews.com/connector-api/guidelines/pagination#limitation"
            ),
            target("guidelines/pagination.md", "limitation")
        );
        assert_eq!(
            docs.resolve_url("https://docs.mews.com/connector-api/deprecations"),
            target("deprecations/README.md", "")
        );
        assert_eq!(docs.resolve_url("https://example.com/operations/a"), None);
        assert!(matches!(
            docs.definition(&Target {
                page: "operations/a.md".into(),
                anchor: "op".into()
            }),
            Some(Definition::Operation(0))
        ));
        assert_eq!(docs.operations[0].path, "as/getAll");
        assert_eq!(docs.operations[0].resource(), "as");
    }

    #[test]
    fn reads_type_cells() {
        let docs = docs();
        let ty = |cell: &str| parse_type(&docs, "operations/a.md", cell);
        assert_eq!(ty("string"), DocType::Word("string".into()));
        assert_eq!(
            ty("array of strings"),
            DocType::Array(Box::new(DocType::Word("string".into())))
        );
        let interval = DocType::Link {
            title: "Time interval".into(),
            href: "_objects.md#time-interval".into(),
            target: Some(Target {
                page: "operations/_objects.md".into(),
                anchor: "time-interval".into(),
            }),
        };
        assert_eq!(
            ty("~~[Time interval](_objects.md#time-interval)~~"),
            interval
        );
        assert_eq!(
            ty("array of [Time interval](_objects.md#time-interval)"),
            DocType::Array(Box::new(interval.clone()))
        );
        // A word before the link only says how the linked format is written.
        assert_eq!(
            ty("string [Time interval](_objects.md#time-interval)"),
            interval
        );
        assert!(matches!(
            ty("[X](nowhere.md#x)"),
            DocType::Link { target: None, .. }
        ));
        assert_eq!(
            type_text("array of [Voucher](vouchers.md#voucher)"),
            "array of Voucher"
        );
    }
}
