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

mod support;

use std::hint::black_box;

use chrono::{DateTime, Utc};
use criterion::{Criterion, Throughput};
use mews_connector::common::ActivityState;
use mews_connector::voucher_codes::{VoucherCode, VoucherCodeResult};
use serde::Deserialize;
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
    c.final_summary();
}
