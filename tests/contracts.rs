//! The spec's contracts as the generated types enforce them before sending:
//! each at its limit passes, one past it fails with the exact violation, and
//! several violations are reported together.

#[path = "support.rs"]
mod support;
use support::{ids, only};

use chrono::{DateTime, Utc};
use mews_connector::common::{Limitation, TimeInterval};
use mews_connector::contract::{Rule, Validate, Violation};
use mews_connector::voucher_codes::{
    AddVoucherCodesRequest, DeleteVoucherCodesRequest, GetAllVoucherCodesRequest,
    VoucherCodeParameters,
};
use uuid::Uuid;

fn at(s: &str) -> DateTime<Utc> {
    s.parse().expect("a valid timestamp")
}

fn get_all(voucher_ids: Vec<Uuid>, count: i32) -> GetAllVoucherCodesRequest {
    GetAllVoucherCodesRequest::builder()
        .voucher_ids(voucher_ids)
        .limitation(Limitation::builder().count(count).build())
        .build()
}

fn code(value: &str) -> VoucherCodeParameters {
    VoucherCodeParameters::builder()
        .voucher_id(Uuid::from_u128(1))
        .value(value)
        .build()
}

fn add(codes: Vec<VoucherCodeParameters>) -> AddVoucherCodesRequest {
    AddVoucherCodesRequest::builder()
        .voucher_code_parameters(codes)
        .build()
}

#[test]
fn max_items_1000_passes_and_1001_fails() {
    get_all(ids(1000), 10).check_contracts(false).unwrap();
    assert_eq!(
        only(&get_all(ids(1001), 10)),
        (
            "VoucherIds".into(),
            Rule::MaxItems {
                max: 1000,
                actual: 1001
            }
        )
    );

    let thousand: Vec<_> = (0..1000).map(|_| code("C")).collect();
    add(thousand.clone()).check_contracts(false).unwrap();
    let mut too_many = thousand;
    too_many.push(code("C"));
    assert_eq!(
        only(&add(too_many)),
        (
            "VoucherCodeParameters".into(),
            Rule::MaxItems {
                max: 1000,
                actual: 1001
            }
        )
    );
}

#[test]
fn empty_lists_are_refused_never_sent_as_empty_filters() {
    assert_eq!(
        only(&get_all(Vec::new(), 10)),
        ("VoucherIds".into(), Rule::MinItems { min: 1, actual: 0 })
    );
    let request = GetAllVoucherCodesRequest::builder()
        .voucher_ids(ids(1))
        .enterprise_ids(Vec::new())
        .limitation(Limitation::builder().count(10).build())
        .build();
    assert_eq!(
        only(&request),
        ("EnterpriseIds".into(), Rule::MinItems { min: 1, actual: 0 })
    );
    let delete = DeleteVoucherCodesRequest::builder()
        .voucher_code_ids(Vec::new())
        .build();
    assert_eq!(
        only(&delete),
        (
            "VoucherCodeIds".into(),
            Rule::MinItems { min: 1, actual: 0 }
        )
    );
}

#[test]
fn max_length_counts_utf16_code_units() {
    // 128 units, whatever their UTF-8 size: ASCII, two-byte and surrogate pairs.
    for value in ["a".repeat(128), "é".repeat(128), "😀".repeat(64)] {
        add(vec![code(&value)]).check_contracts(false).unwrap();
    }
    let path = "VoucherCodeParameters[0].Value".to_owned();
    assert_eq!(
        only(&add(vec![code(&"a".repeat(129))])),
        (
            path.clone(),
            Rule::MaxLength {
                max: 128,
                actual: 129
            }
        )
    );
    // 65 emoji are 65 chars but 130 UTF-16 units.
    assert_eq!(
        only(&add(vec![code(&"😀".repeat(65))])),
        (
            path.clone(),
            Rule::MaxLength {
                max: 128,
                actual: 130
            }
        )
    );
    assert_eq!(
        only(&add(vec![code("")])),
        (path, Rule::MinLength { min: 1, actual: 0 })
    );
}

#[test]
fn limitation_count_is_1_to_1000() {
    get_all(ids(1), 1).check_contracts(false).unwrap();
    get_all(ids(1), 1000).check_contracts(false).unwrap();
    let range = |actual: f64| Rule::Range {
        min: Some(1.0),
        max: Some(1000.0),
        actual,
    };
    assert_eq!(
        only(&get_all(ids(1), 0)),
        ("Limitation.Count".into(), range(0.0))
    );
    assert_eq!(
        only(&get_all(ids(1), 1001)),
        ("Limitation.Count".into(), range(1001.0))
    );
}

fn updated(start: &str, end: &str) -> GetAllVoucherCodesRequest {
    GetAllVoucherCodesRequest::builder()
        .voucher_ids(ids(1))
        .limitation(Limitation::builder().count(10).build())
        .updated_utc(
            TimeInterval::builder()
                .start_utc(at(start))
                .end_utc(at(end))
                .build(),
        )
        .build()
}

#[test]
fn intervals_are_ordered_and_at_most_3_calendar_months() {
    updated("2024-01-15T10:00:00Z", "2024-04-15T10:00:00Z")
        .check_contracts(false)
        .unwrap();
    // Month ends clamp: 30 November + 3 months is 28 February.
    updated("2024-11-30T00:00:00Z", "2025-02-28T00:00:00Z")
        .check_contracts(false)
        .unwrap();
    updated("2024-05-05T00:00:00Z", "2024-05-05T00:00:00Z")
        .check_contracts(false)
        .unwrap();

    let (path, rule) = only(&updated("2024-01-15T10:00:00Z", "2024-04-15T10:00:01Z"));
    assert_eq!(path, "UpdatedUtc");
    assert_eq!(
        rule,
        Rule::IntervalLength {
            max_months: 3,
            start: "2024-01-15T10:00:00Z".into(),
            end: "2024-04-15T10:00:01Z".into()
        }
    );
    let (_, rule) = only(&updated("2024-11-30T00:00:00Z", "2025-02-28T00:00:01Z"));
    assert!(matches!(rule, Rule::IntervalLength { max_months: 3, .. }));
    let (path, rule) = only(&updated("2024-02-01T00:00:00Z", "2024-01-01T00:00:00Z"));
    assert_eq!(path, "UpdatedUtc");
    assert_eq!(
        rule,
        Rule::IntervalOrder {
            start: "2024-02-01T00:00:00Z".into(),
            end: "2024-01-01T00:00:00Z".into()
        }
    );
}

#[test]
fn portfolio_tokens_make_enterprise_id_required_on_writes() {
    let request = add(vec![code("C")]);
    request.check_contracts(false).unwrap();
    let err = request.check_contracts(true).unwrap_err();
    assert_eq!(
        err.violations(),
        [Violation {
            path: "EnterpriseId".into(),
            rule: Rule::RequiredWithPortfolioToken
        }]
    );
    let with_id = AddVoucherCodesRequest::builder()
        .voucher_code_parameters(vec![code("C")])
        .enterprise_id(Uuid::from_u128(5))
        .build();
    with_id.check_contracts(true).unwrap();
    // Reads filter by EnterpriseIds instead and need nothing extra.
    get_all(ids(1), 10).check_contracts(true).unwrap();
}

#[test]
fn every_violation_is_reported_with_its_path() {
    let mut codes: Vec<_> = (0..1001).map(|_| code("ok")).collect();
    codes[3] = code(&"x".repeat(129));
    codes[998] = code("");
    let err = add(codes).check_contracts(true).unwrap_err();
    let got: Vec<String> = err.violations().iter().map(ToString::to_string).collect();
    assert_eq!(
        got,
        [
            "EnterpriseId: is required when the client uses a portfolio access token",
            "VoucherCodeParameters: has 1001 items, more than the maximum of 1000",
            "VoucherCodeParameters[3].Value: is 129 UTF-16 code units long, more than the maximum of 128",
            "VoucherCodeParameters[998].Value: is 0 UTF-16 code units long, less than the minimum of 1",
        ]
    );
    assert!(
        err.to_string()
            .starts_with("the request breaks 4 contracts: EnterpriseId")
    );
}
