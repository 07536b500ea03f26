//! Request path: a `voucherCodes/add` request with 1000 codes, built with the
//! generated builders, contract-checked and serialized inside the envelope
//! the client sends, against a plain serde struct of the same JSON shape.
//!
//! Both sides start from the same owned input, a `Vec<(Uuid, String)>`
//! (made before the clock starts, so neither pays for the strings), and both
//! end with the same bytes (checked below):
//!
//! - generated: `VoucherCodeParameters::builder()` per code, then
//!   `AddVoucherCodesRequest::builder()`, `check_contracts(false)`, and
//!   `serde_json::to_vec` of `common::Envelope { credentials.., body }`,
//!   which is what `Client::send` does before posting;
//! - floor: a `#[derive(Serialize)]` struct holding the credentials and the
//!   codes side by side, with the same optional fields (skipped when `None`),
//!   filled by a plain `map(..).collect()`, and `serde_json::to_vec`. No
//!   checks: they are part of what the generated side is charged for.
//!
//! `cargo bench -p mews-connector --bench request`; target: generated at
//! most 1.15 x the floor.

mod support;

use std::hint::black_box;

use chrono::{DateTime, Utc};
use criterion::{BatchSize, Criterion, Throughput};
use mews_connector::common::Envelope;
use mews_connector::contract::{ContractViolations, Validate, Validator};
use mews_connector::voucher_codes::{AddVoucherCodesRequest, VoucherCodeParameters};
use serde::Serialize;
use support::{ACCESS_TOKEN, CLIENT_NAME, CLIENT_TOKEN, Figures};
use uuid::Uuid;

const CODES: usize = 1000;

type Input = Vec<(Uuid, String)>;

fn input() -> Input {
    (0..CODES)
        .map(|n| (support::voucher_id(), support::code_value(n)))
        .collect()
}

fn build(input: Input) -> AddVoucherCodesRequest {
    AddVoucherCodesRequest::builder()
        .voucher_code_parameters(input.into_iter().map(|(voucher, value)| {
            VoucherCodeParameters::builder()
                .voucher_id(voucher)
                .value(value)
                .build()
        }))
        .build()
}

fn envelope(request: &AddVoucherCodesRequest) -> Envelope<'_, AddVoucherCodesRequest> {
    Envelope {
        client_token: CLIENT_TOKEN,
        access_token: ACCESS_TOKEN,
        client: CLIENT_NAME,
        language_code: None,
        culture_code: None,
        body: request,
    }
}

/// The whole generated path.
fn generated(input: Input) -> Vec<u8> {
    let request = build(input);
    request
        .check_contracts(false)
        .expect("the request keeps its contracts");
    serde_json::to_vec(&envelope(&request)).expect("serializes")
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct PlainAddVoucherCodes<'a> {
    client_token: &'a str,
    access_token: &'a str,
    client: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    language_code: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    culture_code: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    enterprise_id: Option<Uuid>,
    voucher_code_parameters: Vec<PlainVoucherCodeParameters>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct PlainVoucherCodeParameters {
    voucher_id: Uuid,
    value: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    validity_start_utc: Option<DateTime<Utc>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    validity_end_utc: Option<DateTime<Utc>>,
}

fn plain(input: Input) -> PlainAddVoucherCodes<'static> {
    PlainAddVoucherCodes {
        client_token: CLIENT_TOKEN,
        access_token: ACCESS_TOKEN,
        client: CLIENT_NAME,
        language_code: None,
        culture_code: None,
        enterprise_id: None,
        voucher_code_parameters: input
            .into_iter()
            .map(|(voucher_id, value)| PlainVoucherCodeParameters {
                voucher_id,
                value,
                validity_start_utc: None,
                validity_end_utc: None,
            })
            .collect(),
    }
}

/// The floor.
fn floor(input: Input) -> Vec<u8> {
    serde_json::to_vec(&plain(input)).expect("serializes")
}

/// What the envelope could cost without `#[serde(flatten)]`: the credential
/// properties written by hand, then the request's own object spliced in
/// after its opening brace. A sketch of a possible `Client::prepare`, timed
/// to size the proposal in docs/PERFORMANCE.md.
fn spliced(request: &AddVoucherCodesRequest) -> Vec<u8> {
    let mut out = Vec::with_capacity(64 * CODES);
    out.extend_from_slice(b"{\"ClientToken\":");
    serde_json::to_writer(&mut out, CLIENT_TOKEN).expect("serializes");
    out.extend_from_slice(b",\"AccessToken\":");
    serde_json::to_writer(&mut out, ACCESS_TOKEN).expect("serializes");
    out.extend_from_slice(b",\"Client\":");
    serde_json::to_writer(&mut out, CLIENT_NAME).expect("serializes");
    let at = out.len();
    serde_json::to_writer(&mut out, request).expect("serializes");
    // The request is an object: `{}` or `{"..."`; replace its `{` by `,`
    // unless it is empty.
    if out[at..] == *b"{}" {
        out.truncate(at);
        out.push(b'}');
    } else {
        out[at] = b',';
    }
    out
}

/// The same rules as the generated `validate`, without the JSON path
/// bookkeeping (`push_property`/`push_index`/`pop` around every value): what
/// a fast first pass could cost, re-walking with paths only when it finds a
/// violation. Timed to size the proposal in docs/PERFORMANCE.md.
fn check_without_paths(request: &AddVoucherCodesRequest) -> Result<(), ContractViolations> {
    let mut v = Validator::new(false);
    v.required_with_portfolio_token(request.enterprise_id.is_some());
    let parameters = &request.voucher_code_parameters;
    v.items(parameters.len(), Some(1), Some(1000));
    for p in parameters {
        v.length(&p.value, Some(1), Some(128));
    }
    v.finish()
}

fn benches(c: &mut Criterion) {
    // Same bytes on both sides, or the comparison means nothing.
    let expected = floor(input());
    assert_eq!(
        generated(input()),
        expected,
        "generated and floor bodies differ"
    );
    assert_eq!(spliced(&build(input())), expected, "spliced body differs");

    let mut g = c.benchmark_group("request_add_1000");
    g.throughput(Throughput::Elements(CODES as u64));
    g.bench_function("generated", |b| {
        b.iter_batched(input, generated, BatchSize::SmallInput)
    });
    g.bench_function("floor", |b| {
        b.iter_batched(input, floor, BatchSize::SmallInput)
    });
    g.finish();

    // Where the generated path's time goes, step by step, each against the
    // floor's equivalent.
    let mut g = c.benchmark_group("request_add_1000_parts");
    g.throughput(Throughput::Elements(CODES as u64));
    g.bench_function("build_generated", |b| {
        b.iter_batched(input, build, BatchSize::SmallInput)
    });
    g.bench_function("build_floor", |b| {
        b.iter_batched(input, plain, BatchSize::SmallInput)
    });
    let request = build(input());
    g.bench_function("check_contracts", |b| {
        b.iter(|| black_box(&request).check_contracts(false))
    });
    g.bench_function("check_contracts_without_paths", |b| {
        b.iter(|| check_without_paths(black_box(&request)))
    });
    g.bench_function("serialize_envelope_generated", |b| {
        b.iter(|| serde_json::to_vec(&envelope(black_box(&request))).expect("serializes"))
    });
    g.bench_function("serialize_envelope_spliced", |b| {
        b.iter(|| spliced(black_box(&request)))
    });
    let plain_request = plain(input());
    g.bench_function("serialize_floor", |b| {
        b.iter(|| serde_json::to_vec(black_box(&plain_request)).expect("serializes"))
    });
    g.finish();

    if support::benchmarking() {
        let mut figures = Figures::new("request");
        let (generated_t, floor_t) = support::interleaved(100, 20, input, generated, floor);
        figures.add("interleaved_generated_ns", support::ns(generated_t));
        figures.add("interleaved_floor_ns", support::ns(floor_t));
        figures.add(
            "interleaved_ratio",
            format!("{:.3}", generated_t.as_secs_f64() / floor_t.as_secs_f64()),
        );
        // The floor against itself: how far from 1 noise alone moves a ratio.
        let (a, b) = support::interleaved(100, 20, input, floor, floor);
        figures.add(
            "interleaved_aa_ratio",
            format!("{:.3}", a.as_secs_f64() / b.as_secs_f64()),
        );
        figures.add("body_bytes", expected.len());
        figures.write();
    }
}

fn main() {
    let mut c = support::criterion();
    benches(&mut c);
    c.final_summary();
}
