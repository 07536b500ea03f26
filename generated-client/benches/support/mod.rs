//! What the client benchmarks share: the voucher-code pages they read, the
//! hand-written "floor" types they are compared with, the interleaved
//! same-run ratio, and the figures file `cargo xtask bench` collects.
//!
//! Not a benchmark itself (cargo only discovers `benches/*.rs` and
//! `benches/*/main.rs`); each bench includes it with `mod support;`.

#![allow(dead_code)] // each bench uses a different part

use std::fmt::Write as _;
use std::hint::black_box;
use std::io::Write as _;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use serde::Deserialize;
use uuid::Uuid;

pub const CLIENT_TOKEN: &str = "E0D439EE522F44368DC78E1BFB03710C-D24FB11DBE31D4621C4817E028D9E1D";
pub const ACCESS_TOKEN: &str = "C66EF7B239D24632943D115EDE9CB810-EA00F8FD8294692C940F6B5A8F9453D";
pub const CLIENT_NAME: &str = "mews-connector-bench 1.0";

/// Codes per page, as the pager asks for them (`Limitation.Count`).
pub const PAGE: usize = 1000;

/// The id of the `n`th code overall (0-based): distinct, varied hex digits.
pub fn code_id(n: usize) -> Uuid {
    Uuid::from_u128(
        0x8c36_4829_c7ae_4972_b67f_0000_0000_0000 ^ ((n as u128 + 1) * 0x9e37_79b9_7f4a_7c15),
    )
}

/// The voucher every code belongs to.
pub fn voucher_id() -> Uuid {
    Uuid::from_u128(0xfe56_8bbd_1ecb_4bb2_bf77_96c3_698d_e20d)
}

/// A 20-character code value, like `0E5856B0A73E62B7E446` in the Mews
/// documentation's example.
pub fn code_value(n: usize) -> String {
    let h = (n as u64 + 1).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    format!("{:016X}{:04X}", h, n % 0x1_0000)
}

/// Page `page` (0-based) of codes `page * PAGE ..`, `len` codes long, as Mews
/// sends it: compact JSON shaped like the documentation's
/// `voucherCodes/getAll` example, plus `IsActive` and the `Cursor` (the last
/// code's id, or `null` on the last page).
///
/// Every other code has validity dates (the rest `null`); one in 50 is
/// deleted.
pub fn page_json(page: usize, len: usize, last: bool) -> Vec<u8> {
    let mut out = String::with_capacity(len * 330 + 64);
    out.push_str("{\"VoucherCodes\":[");
    for i in 0..len {
        let n = page * PAGE + i;
        if i > 0 {
            out.push(',');
        }
        let (start, end) = if i % 2 == 0 {
            ("null".to_owned(), "null".to_owned())
        } else {
            (
                "\"2023-10-09T22:00:00Z\"".to_owned(),
                format!("\"2024-{:02}-{:02}T21:59:59Z\"", 1 + n % 12, 1 + n % 28),
            )
        };
        let deleted = n % 50 == 49;
        write!(
            out,
            "{{\"Id\":\"{id}\",\"VoucherId\":\"{voucher}\",\"Value\":\"{value}\",\"ValidityStartUtc\":{start},\
             \"ValidityEndUtc\":{end},\"CreatedUtc\":\"2023-10-30T13:37:{s:02}Z\",\"UpdatedUtc\":\"2023-10-30T13:37:{s:02}.123Z\",\
             \"IsActive\":{active},\"ActivityState\":\"{state}\"}}",
            id = code_id(n),
            voucher = voucher_id(),
            value = code_value(n),
            s = n % 60,
            active = !deleted,
            state = if deleted { "Deleted" } else { "Active" },
        )
        .unwrap();
    }
    out.push_str("],\"Cursor\":");
    if last || len == 0 {
        out.push_str("null");
    } else {
        write!(out, "\"{}\"", code_id(page * PAGE + len - 1)).unwrap();
    }
    out.push('}');
    out.into_bytes()
}

/// The floor for reading a page: what a careful hand-written client would
/// declare, with the same field types as the generated `VoucherCodeResult`
/// (`Uuid`, `DateTime<Utc>`, `Option`), every attribute left to serde's
/// derive, and the activity state as a derived enum whose unknown values all
/// map to one unit variant (the cheapest tolerant reading serde offers).
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct PlainVoucherCodeResult {
    pub voucher_codes: Vec<PlainVoucherCode>,
    pub cursor: Option<Uuid>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct PlainVoucherCode {
    pub id: Uuid,
    pub voucher_id: Uuid,
    pub value: Option<String>,
    pub validity_start_utc: Option<DateTime<Utc>>,
    pub validity_end_utc: Option<DateTime<Utc>>,
    pub created_utc: Option<DateTime<Utc>>,
    pub updated_utc: Option<DateTime<Utc>>,
    pub is_active: Option<bool>,
    pub activity_state: Option<PlainActivityState>,
}

#[derive(Debug, Deserialize)]
pub enum PlainActivityState {
    Active,
    Deleted,
    #[serde(other)]
    Unknown,
}

/// Whether the binary runs as a benchmark (`cargo bench`), rather than as
/// `cargo test --benches` running each benchmark once.
pub fn benchmarking() -> bool {
    std::env::args().any(|a| a == "--bench")
}

/// Criterion settings modest enough for the whole suite to take a few
/// minutes on two cores.
pub fn criterion() -> criterion::Criterion {
    criterion::Criterion::default()
        .sample_size(30)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(3))
        .configure_from_args()
}

/// Times `a` and `b` alternately, `rounds` times `iters` calls each, and
/// gives the median time of one call of each. Each call gets a fresh input
/// from `setup`, made before the clock starts, and its output is dropped
/// after the clock stops (as criterion's `iter_batched` does).
///
/// Alternating puts both under the same machine load, which matters on a
/// shared two-core machine: this ratio is the one the targets are judged
/// by; criterion's separate means are reported beside it.
pub fn interleaved<I, S, A, RA, B, RB>(
    rounds: usize,
    iters: usize,
    mut setup: S,
    mut a: A,
    mut b: B,
) -> (Duration, Duration)
where
    S: FnMut() -> I,
    A: FnMut(I) -> RA,
    B: FnMut(I) -> RB,
{
    let mut ta = Vec::with_capacity(rounds);
    let mut tb = Vec::with_capacity(rounds);
    for round in 0..rounds {
        // Alternate which goes first, so neither always follows the other.
        for which in [round % 2, 1 - round % 2] {
            let inputs: Vec<I> = (0..iters).map(|_| setup()).collect();
            if which == 0 {
                ta.push(time_batch(inputs, &mut a));
            } else {
                tb.push(time_batch(inputs, &mut b));
            }
        }
    }
    (median(ta), median(tb))
}

fn time_batch<I, R>(inputs: Vec<I>, f: &mut impl FnMut(I) -> R) -> Duration {
    let n = inputs.len() as u32;
    let mut outputs = Vec::with_capacity(inputs.len());
    let start = Instant::now();
    for input in inputs {
        outputs.push(black_box(f(black_box(input))));
    }
    let elapsed = start.elapsed();
    drop(outputs);
    elapsed / n
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

/// The figures of one bench binary: printed, and written as `key=value`
/// lines to `<target>/bench-figures/<bench>.txt` for `cargo xtask bench`.
pub struct Figures {
    bench: &'static str,
    lines: Vec<String>,
}

impl Figures {
    pub fn new(bench: &'static str) -> Self {
        Figures {
            bench,
            lines: Vec::new(),
        }
    }

    pub fn add(&mut self, key: &str, value: impl std::fmt::Display) {
        let line = format!("{key}={value}");
        println!("figure {}: {line}", self.bench);
        self.lines.push(line);
    }

    pub fn write(self) {
        let dir = figures_dir();
        let path = dir.join(format!("{}.txt", self.bench));
        let result = std::fs::create_dir_all(&dir).and_then(|()| {
            let mut file = std::fs::File::create(&path)?;
            for line in &self.lines {
                writeln!(file, "{line}")?;
            }
            Ok(())
        });
        match result {
            Ok(()) => println!("figures written to {}", path.display()),
            Err(e) => eprintln!("cannot write {}: {e}", path.display()),
        }
    }
}

/// `$MEWS_BENCH_FIGURES`, or `bench-figures` in the target folder this
/// binary was built into (`target/release/deps/<bench>-<hash>`).
fn figures_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("MEWS_BENCH_FIGURES") {
        return PathBuf::from(dir);
    }
    let exe = std::env::current_exe().unwrap_or_default();
    exe.ancestors()
        .nth(3)
        .map(|t| t.join("bench-figures"))
        .unwrap_or_else(|| PathBuf::from("bench-figures"))
}

/// Nanoseconds, for the figures file.
pub fn ns(d: Duration) -> String {
    format!("{}", d.as_nanos())
}
