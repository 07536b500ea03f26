//! Where in a JSON text a decoding error is, as a JSON path.
//!
//! serde_json's errors say only the line and column. `serde_path_to_error`
//! would say the path, but its wrapper breaks values read through
//! `RawValue` (exact decimals), so the path is found here instead, from the
//! position: the innermost value at it.

use serde_json::Error;

/// One step of a path into a JSON document.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Step {
    Key(String),
    Index(usize),
}

/// Where `error`, from decoding `text`, is: the path of the value it is in
/// (plus the missing property, for a missing one), and serde's message
/// without the position.
pub(crate) struct Located {
    pub(crate) at: Vec<Step>,
    /// The property that is missing, already the last step of `at`.
    pub(crate) missing: bool,
    pub(crate) message: String,
}

/// Locates `error` in `text`.
pub(crate) fn locate(text: &str, error: &Error) -> Located {
    let mut at = path_at(text, offset(text, error.line(), error.column()));
    let full = error.to_string();
    // serde_json appends " at line L column C"; the path says it better.
    let message = match full.rfind(" at line ") {
        Some(cut) => full[..cut].to_owned(),
        None => full,
    };
    let missing = match missing_field(&message) {
        Some(field) => {
            at.push(Step::Key(field.to_owned()));
            true
        }
        None => false,
    };
    Located {
        at,
        missing,
        message,
    }
}

/// The property named by serde's "missing field `X`" message.
fn missing_field(message: &str) -> Option<&str> {
    let rest = message.strip_prefix("missing field `")?;
    Some(&rest[..rest.find('`')?])
}

/// Steps as the client's contract errors write JSON paths:
/// `VoucherCodeParameters[0].Value`; empty at the top.
pub(crate) fn render(at: &[Step]) -> String {
    let mut out = String::new();
    for step in at {
        match step {
            Step::Key(key) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(key);
            }
            Step::Index(index) => out.push_str(&format!("[{index}]")),
        }
    }
    out
}

/// Where serde_json stopped, as a byte offset: just after the byte at
/// 1-based `line` and `column`, the last it consumed (it counts bytes).
fn offset(text: &str, line: usize, column: usize) -> usize {
    let line_start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    line_start + column
}

/// The path of the innermost value of `text` that `offset` is in or at an
/// end of: serde_json stops just after a value it found wrong or an object
/// that lacks a property, or just before a value it only peeked at. Empty
/// when none is (or the text is not JSON up to there).
pub(crate) fn path_at(text: &str, offset: usize) -> Vec<Step> {
    let mut scan = Scan {
        bytes: text.as_bytes(),
        pos: 0,
        target: offset,
        found: None,
    };
    let mut path = Vec::new();
    scan.value(&mut path);
    scan.found.unwrap_or_default()
}

struct Scan<'a> {
    bytes: &'a [u8],
    pos: usize,
    target: usize,
    found: Option<Vec<Step>>,
}

impl Scan<'_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn skip_whitespace(&mut self) {
        while self.peek().is_some_and(|b| b.is_ascii_whitespace()) {
            self.pos += 1;
        }
    }

    /// Reads one value; `None` where the text stops being JSON. Inner values
    /// end first, so the first value found to hold the target is the
    /// innermost.
    fn value(&mut self, path: &mut Vec<Step>) -> Option<()> {
        self.skip_whitespace();
        let start = self.pos;
        let read = match self.peek()? {
            b'{' => self.object(path),
            b'[' => self.array(path),
            b'"' => self.string().map(drop),
            _ => {
                while self.peek().is_some_and(|b| !b",]} \t\r\n".contains(&b)) {
                    self.pos += 1;
                }
                (self.pos > start).then_some(())
            }
        };
        // Even a value cut short holds the bytes read so far.
        if self.found.is_none() && (start..=self.pos).contains(&self.target) {
            self.found = Some(path.clone());
        }
        read
    }

    fn object(&mut self, path: &mut Vec<Step>) -> Option<()> {
        self.pos += 1;
        self.skip_whitespace();
        if self.peek()? == b'}' {
            self.pos += 1;
            return Some(());
        }
        loop {
            self.skip_whitespace();
            let key = self.string()?;
            self.skip_whitespace();
            if self.peek()? != b':' {
                return None;
            }
            self.pos += 1;
            path.push(Step::Key(key));
            let read = self.value(path);
            path.pop();
            read?;
            self.skip_whitespace();
            match self.peek()? {
                b',' => self.pos += 1,
                b'}' => {
                    self.pos += 1;
                    return Some(());
                }
                _ => return None,
            }
        }
    }

    fn array(&mut self, path: &mut Vec<Step>) -> Option<()> {
        self.pos += 1;
        self.skip_whitespace();
        if self.peek()? == b']' {
            self.pos += 1;
            return Some(());
        }
        for index in 0.. {
            path.push(Step::Index(index));
            let read = self.value(path);
            path.pop();
            read?;
            self.skip_whitespace();
            match self.peek()? {
                b',' => self.pos += 1,
                b']' => {
                    self.pos += 1;
                    return Some(());
                }
                _ => return None,
            }
        }
        None
    }

    /// Reads a string; its text, escapes resolved (a key's name).
    fn string(&mut self) -> Option<String> {
        let start = self.pos;
        if self.peek()? != b'"' {
            return None;
        }
        self.pos += 1;
        loop {
            match self.peek()? {
                b'\\' => self.pos += 2,
                b'"' => {
                    self.pos += 1;
                    break;
                }
                _ => self.pos += 1,
            }
        }
        let raw = std::str::from_utf8(self.bytes.get(start..self.pos)?).ok()?;
        serde_json::from_str(raw).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Deserialize, Debug)]
    #[allow(dead_code)]
    struct Inner {
        #[serde(rename = "A")]
        a: u32,
        #[serde(rename = "B")]
        b: uuid::Uuid,
    }

    #[derive(Deserialize, Debug)]
    #[allow(dead_code)]
    struct Outer {
        #[serde(rename = "X")]
        x: Vec<Inner>,
        #[serde(rename = "S")]
        s: String,
    }

    fn where_(text: &str) -> (String, String) {
        let error = serde_json::from_str::<Outer>(text).unwrap_err();
        let located = locate(text, &error);
        (render(&located.at), located.message)
    }

    #[test]
    fn errors_are_found_at_their_value_or_missing_property() {
        let nil = "00000000-0000-0000-0000-000000000000";
        let cases = [
            (
                format!(r#"{{"X":[{{"A":1,"B":"{nil}"}},{{"A":1}}],"S":""}}"#),
                "X[1].B",
            ),
            (r#"{"X":[{"A":"no","B":"x"}],"S":""}"#.to_owned(), "X[0].A"),
            (r#"{"X":[{"A":1,"B":"x"}],"S":""}"#.to_owned(), "X[0].B"),
            (r#"{"X":[],"S":5}"#.to_owned(), "S"),
            (r#"{"X":[]}"#.to_owned(), "S"),
            (r#"{"X":{},"S":""}"#.to_owned(), "X"),
            (
                "{\n  \"X\": [\n    {}\n  ],\n  \"S\": \"\"\n}".to_owned(),
                "X[0].A",
            ),
            (
                r#"{"X\"y":1, "X":[{ "A" : 1 , "B" : 7 }],"S":""}"#.to_owned(),
                "X[0].B",
            ),
        ];
        for (text, path) in cases {
            assert_eq!(where_(&text).0, path, "{text}");
        }
        let (_, message) = where_(r#"{"X":[]}"#);
        assert_eq!(message, "missing field `S`");
    }

    #[test]
    fn a_text_cut_short_is_read_as_far_as_it_goes() {
        // The element being read when the text broke off.
        assert_eq!(
            path_at("{\"A\": [1, }", 10),
            [Step::Key("A".into()), Step::Index(1)]
        );
        assert_eq!(path_at("", 0), []);
    }
}
