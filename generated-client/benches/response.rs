//! Response path: a `voucherCodes/getAll` page of 1000 codes, from JSON
//! bytes to the generated `VoucherCodeResult`, against a plain serde struct
//! with the same field types (see `support::PlainVoucherCodeResult`).
//!
//! Both read the same bytes with `serde_json::from_slice`, as the client
//! does with the body it received. The page is shaped like the Mews
//! documentation's example (`Value`, four nullable dates, `ActivityState`)
//! plus `IsActive` and `Cursor`; half the codes have validity dates.
//!
//! The floor is honest rather than flattering: `Uuid`, `DateTime<Utc>` and
//! `Option` as in the generated struct (parsing dates and UUIDs is most of
//! the work, and any client must do it), and `ActivityState` as a derived
//! enum with `#[serde(other)]`, the cheapest tolerant reading serde's derive
//! offers (a `String` would allocate for every code). What the generated
//! side adds is its own: `#[serde(default)]` on every optional field,
//! `Unknown(String)` for unknown enum values and `#[non_exhaustive]`.
//!
//! `cargo bench -p mews-connector --bench response`; target: generated at
//! most 1.10 x the floor.
//!
//! A second group, `response_amounts_1000`, prices exact decimals: a page
//! of 1000 `Amount`-like objects (three amounts and a tax list each) read
//! with `mews_connector::Decimal`, against the same struct with `f64`
//! (fast but inexact), and against a `Decimal` read through serde_json's
//! public `Box<RawValue>` (one allocation per number), the obvious
//! alternative to the token `Decimal` borrows.

mod support;

use std::hint::black_box;

use chrono::{DateTime, Utc};
use criterion::{Criterion, Throughput};
use mews_connector::Decimal;
use mews_connector::common::ActivityState;
use mews_connector::voucher_codes::{VoucherCode, VoucherCodeResult};
use serde::{Deserialize, Deserializer};
use support::{Figures, PAGE, PlainVoucherCode, PlainVoucherCodeResult};
use uuid::Uuid;

fn generated(bytes: &[u8]) -> VoucherCodeResult {
    serde_json::from_slice(bytes).expect("a valid page")
}

fn floor(bytes: &[u8]) -> PlainVoucherCodeResult {
    serde_json::from_slice(bytes).expect("a valid page")
}

/// The floor with the generated `ActivityState` (which keeps unknown values
/// in `Unknown(String)`) in place of the derived one: what the rest of the
/// generated struct costs, apart from the enum.
#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct FloorWithGeneratedEnum {
    #[allow(dead_code)]
    voucher_codes: Vec<FloorCodeWithGeneratedEnum>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
#[allow(dead_code)]
struct FloorCodeWithGeneratedEnum {
    id: Uuid,
    voucher_id: Uuid,
    value: Option<String>,
    validity_start_utc: Option<DateTime<Utc>>,
    validity_end_utc: Option<DateTime<Utc>>,
    created_utc: Option<DateTime<Utc>>,
    updated_utc: Option<DateTime<Utc>>,
    is_active: Option<bool>,
    activity_state: Option<ActivityState>,
}

/// One priced item of `amounts_json`, generic over the number type.
#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
#[allow(dead_code)]
struct Priced<N> {
    id: Uuid,
    currency: String,
    net_value: N,
    gross_value: N,
    tax_values: Vec<N>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct PricedPage<N> {
    items: Vec<Priced<N>>,
}

/// A decimal read as serde_json's owned `Box<RawValue>`, then parsed.
#[allow(dead_code)]
struct BoxedRawDecimal(rust_decimal::Decimal);

impl<'de> Deserialize<'de> for BoxedRawDecimal {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let raw = Box::<serde_json::value::RawValue>::deserialize(d)?;
        rust_decimal::Decimal::from_str_exact(raw.get())
            .map(BoxedRawDecimal)
            .map_err(serde::de::Error::custom)
    }
}

/// 1000 items like `{"Id":"…","Currency":"EUR","NetValue":1234.56,
/// "GrossValue":1493.82,"TaxValues":[259.26]}`: two decimal places, varied
/// digits, one tax in most items and two in every fifth.
fn amounts_json() -> Vec<u8> {
    use std::fmt::Write as _;
    let mut out = String::from("{\"Items\":[");
    for i in 0..PAGE {
        if i > 0 {
            out.push(',');
        }
        let net = (i as u64 * 7919) % 1_000_000;
        let tax = net * 21 / 100;
        let taxes = if i % 5 == 0 {
            format!(
                "{}.{:02},{}.{:02}",
                tax / 200,
                tax % 100,
                tax / 100,
                (tax + 7) % 100
            )
        } else {
            format!("{}.{:02}", tax / 100, tax % 100)
        };
        write!(
            out,
            "{{\"Id\":\"{}\",\"Currency\":\"EUR\",\"NetValue\":{}.{:02},\"GrossValue\":{}.{:02},\"TaxValues\":[{taxes}]}}",
            support::code_id(i),
            net / 100,
            net % 100,
            (net + tax) / 100,
            (net + tax) % 100,
        )
        .unwrap();
    }
    out.push_str("]}");
    out.into_bytes()
}

fn decimals(bytes: &[u8]) -> PricedPage<Decimal> {
    serde_json::from_slice(bytes).expect("a valid page")
}

fn floats(bytes: &[u8]) -> PricedPage<f64> {
    serde_json::from_slice(bytes).expect("a valid page")
}

fn amounts(c: &mut Criterion) -> Option<Figures> {
    let page = amounts_json();
    let (d, f) = (decimals(&page), floats(&page));
    assert_eq!(d.items.len(), PAGE);
    // Both read the same numbers (the page's amounts have two decimals,
    // which f64's shortest text gives back).
    for (d, f) in d.items.iter().zip(&f.items) {
        assert_eq!(d.net_value.to_string().parse::<f64>().unwrap(), f.net_value);
        assert_eq!(d.tax_values.len(), f.tax_values.len());
    }
    let mut g = c.benchmark_group("response_amounts_1000");
    g.throughput(Throughput::Bytes(page.len() as u64));
    g.bench_function("decimal", |b| {
        b.iter_with_large_drop(|| decimals(black_box(&page)))
    });
    g.bench_function("f64", |b| {
        b.iter_with_large_drop(|| floats(black_box(&page)))
    });
    g.bench_function("decimal_boxed_raw_value", |b| {
        b.iter_with_large_drop(|| {
            serde_json::from_slice::<PricedPage<BoxedRawDecimal>>(black_box(&page))
                .expect("a valid page")
        })
    });
    g.finish();

    if !support::benchmarking() {
        return None;
    }
    let mut figures = Figures::new("response_amounts");
    let (d_t, f_t) = support::interleaved(100, 10, || page.as_slice(), decimals, floats);
    figures.add("interleaved_decimal_ns", support::ns(d_t));
    figures.add("interleaved_f64_ns", support::ns(f_t));
    figures.add(
        "interleaved_decimal_f64_ratio",
        format!("{:.3}", d_t.as_secs_f64() / f_t.as_secs_f64()),
    );
    let (b_t, d2_t) = support::interleaved(
        100,
        10,
        || page.as_slice(),
        |p| serde_json::from_slice::<PricedPage<BoxedRawDecimal>>(p).expect("a valid page"),
        decimals,
    );
    figures.add("interleaved_boxed_raw_value_ns", support::ns(b_t));
    figures.add(
        "interleaved_boxed_raw_value_decimal_ratio",
        format!("{:.3}", b_t.as_secs_f64() / d2_t.as_secs_f64()),
    );
    figures.add("amounts_page_bytes", page.len());
    figures.add("size_of_decimal", std::mem::size_of::<Decimal>());
    Some(figures)
}

fn benches(c: &mut Criterion) {
    let page = support::page_json(0, PAGE, false);
    let (g_page, f_page) = (generated(&page), floor(&page));
    assert_eq!(g_page.voucher_codes.len(), PAGE);
    assert_eq!(f_page.voucher_codes.len(), PAGE);
    assert_eq!(g_page.cursor, f_page.cursor);

    let mut g = c.benchmark_group("response_getall_1000");
    g.throughput(Throughput::Bytes(page.len() as u64));
    // The pages are dropped outside the timing, as in the interleaved run.
    g.bench_function("generated", |b| {
        b.iter_with_large_drop(|| generated(black_box(&page)))
    });
    g.bench_function("floor", |b| {
        b.iter_with_large_drop(|| floor(black_box(&page)))
    });
    g.bench_function("floor_with_generated_enum", |b| {
        b.iter_with_large_drop(|| {
            serde_json::from_slice::<FloorWithGeneratedEnum>(black_box(&page))
                .expect("a valid page")
        })
    });
    // For scale: JSON syntax alone, no types at all.
    g.bench_function("ignored_any", |b| {
        b.iter(|| {
            serde_json::from_slice::<serde::de::IgnoredAny>(black_box(&page)).expect("valid JSON")
        })
    });
    g.finish();

    if support::benchmarking() {
        let mut figures = Figures::new("response");
        let (generated_t, floor_t) =
            support::interleaved(100, 10, || page.as_slice(), generated, floor);
        figures.add("interleaved_generated_ns", support::ns(generated_t));
        figures.add("interleaved_floor_ns", support::ns(floor_t));
        figures.add(
            "interleaved_ratio",
            format!("{:.3}", generated_t.as_secs_f64() / floor_t.as_secs_f64()),
        );
        // The floor against itself: how far from 1 noise alone moves a ratio.
        let (a, b) = support::interleaved(100, 10, || page.as_slice(), floor, floor);
        figures.add(
            "interleaved_aa_ratio",
            format!("{:.3}", a.as_secs_f64() / b.as_secs_f64()),
        );
        figures.add("size_of_generated_code", std::mem::size_of::<VoucherCode>());
        figures.add(
            "size_of_floor_code",
            std::mem::size_of::<PlainVoucherCode>(),
        );
        figures.add(
            "size_of_generated_activity_state",
            std::mem::size_of::<Option<ActivityState>>(),
        );
        figures.add("page_bytes", page.len());
        figures.write();
    }
}

fn main() {
    let mut c = support::criterion();
    benches(&mut c);
    if let Some(figures) = amounts(&mut c) {
        figures.write();
    }
    c.final_summary();
}
