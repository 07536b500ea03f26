//! The vouchers operations' contracts and update values, as the generated
//! types enforce them: each limit passes at its value and fails one past it
//! with the exact path and rule; contracts inside `{"Value": ...}` update
//! wrappers apply to the wrapped value; the three update intents have
//! distinct wire forms and read back as themselves; responses are read
//! tolerantly.

#[path = "support.rs"]
mod support;
use support::{ids, only, violations};

use mews_connector::common::{ActivityState, Limitation, TimeInterval};
use mews_connector::contract::{Rule, Validate, Violation};
use mews_connector::update::Update;
use mews_connector::vouchers::{
    AddVouchersRequest, DeleteVouchersRequest, GetAllVouchersRequest, UpdateVouchersRequest,
    Voucher, VoucherExtent, VoucherParameters, VoucherResult, VoucherType, VoucherUpdateParameters,
};
use serde_json::json;
use uuid::Uuid;

fn max_items(max: usize, actual: usize) -> Rule {
    Rule::MaxItems { max, actual }
}

fn max_length(max: usize, actual: usize) -> Rule {
    Rule::MaxLength { max, actual }
}

fn extent() -> VoucherExtent {
    VoucherExtent::builder().vouchers(true).build()
}

fn get_all(service_ids: Vec<Uuid>) -> GetAllVouchersRequest {
    GetAllVouchersRequest::builder()
        .extent(extent())
        .service_ids(service_ids)
        .limitation(Limitation::builder().count(100).build())
        .build()
}

fn voucher() -> mews_connector::vouchers::builders::VoucherParametersBuilder<
    mews_connector::builder::Set<Uuid>,
    mews_connector::builder::Set<String>,
    mews_connector::builder::Set<VoucherType>,
> {
    VoucherParameters::builder()
        .service_id(Uuid::from_u128(1))
        .name("Weekend")
        .r#type(VoucherType::Public)
}

fn add(vouchers: Vec<VoucherParameters>) -> AddVouchersRequest {
    AddVouchersRequest::builder()
        .voucher_parameters(vouchers)
        .build()
}

fn change() -> mews_connector::vouchers::builders::VoucherUpdateParametersBuilder<
    mews_connector::builder::Set<Uuid>,
> {
    VoucherUpdateParameters::builder().voucher_id(Uuid::from_u128(1))
}

fn update(updates: Vec<VoucherUpdateParameters>) -> UpdateVouchersRequest {
    UpdateVouchersRequest::builder()
        .voucher_updates(updates)
        .build()
}

#[test]
fn assigned_rate_ids_hold_1_to_10_on_add() {
    add(vec![voucher().assigned_rate_ids(ids(10)).build()])
        .check_contracts(false)
        .unwrap();
    add(vec![voucher().assigned_rate_ids(ids(1)).build()])
        .check_contracts(false)
        .unwrap();
    let path = "VoucherParameters[0].AssignedRateIds".to_owned();
    assert_eq!(
        only(&add(vec![voucher().assigned_rate_ids(ids(11)).build()])),
        (path.clone(), max_items(10, 11))
    );
    // An empty list is refused rather than sent; leaving it out is the way to assign none.
    assert_eq!(
        only(&add(vec![voucher().assigned_rate_ids(Vec::new()).build()])),
        (path, Rule::MinItems { min: 1, actual: 0 })
    );
    add(vec![voucher().build()]).check_contracts(false).unwrap();
}

#[test]
fn assigned_rate_ids_hold_at_most_10_inside_the_update_wrapper() {
    update(vec![change().set_assigned_rate_ids(ids(10)).build()])
        .check_contracts(false)
        .unwrap();
    // Setting no rates at all is a legal update (unlike on add), and so is clearing.
    update(vec![change().set_assigned_rate_ids(Vec::new()).build()])
        .check_contracts(false)
        .unwrap();
    update(vec![change().clear_assigned_rate_ids().build()])
        .check_contracts(false)
        .unwrap();
    let second = change().set_assigned_rate_ids(ids(11)).build();
    assert_eq!(
        only(&update(vec![change().build(), second])),
        (
            "VoucherUpdates[1].AssignedRateIds".into(),
            max_items(10, 11)
        )
    );
}

#[test]
fn name_is_1_to_128_utf16_units_on_add_and_in_updates() {
    for name in ["a".repeat(128), "é".repeat(128), "😀".repeat(64)] {
        add(vec![voucher().name(name.clone()).build()])
            .check_contracts(false)
            .unwrap();
        update(vec![change().set_name(name).build()])
            .check_contracts(false)
            .unwrap();
    }
    let too_long = "😀".repeat(65);
    assert_eq!(
        only(&add(vec![voucher().name(too_long.clone()).build()])),
        ("VoucherParameters[0].Name".into(), max_length(128, 130))
    );
    assert_eq!(
        only(&update(vec![change().set_name(too_long).build()])),
        ("VoucherUpdates[0].Name".into(), max_length(128, 130))
    );
    assert_eq!(
        only(&update(vec![change().set_name("a".repeat(129)).build()])),
        ("VoucherUpdates[0].Name".into(), max_length(128, 129))
    );
    assert_eq!(
        only(&update(vec![change().set_name("").build()])),
        (
            "VoucherUpdates[0].Name".into(),
            Rule::MinLength { min: 1, actual: 0 }
        )
    );
    // Keep sends nothing, so there is nothing to check.
    update(vec![change().build()])
        .check_contracts(false)
        .unwrap();
}

#[test]
fn external_identifier_is_at_most_255_units_on_add_and_in_updates() {
    add(vec![voucher().external_identifier("x".repeat(255)).build()])
        .check_contracts(false)
        .unwrap();
    update(vec![
        change().set_external_identifier("x".repeat(255)).build(),
    ])
    .check_contracts(false)
    .unwrap();
    update(vec![change().clear_external_identifier().build()])
        .check_contracts(false)
        .unwrap();
    assert_eq!(
        only(&add(vec![
            voucher().external_identifier("x".repeat(256)).build()
        ])),
        (
            "VoucherParameters[0].ExternalIdentifier".into(),
            max_length(255, 256)
        )
    );
    assert_eq!(
        only(&update(vec![
            change().set_external_identifier("é".repeat(256)).build()
        ])),
        (
            "VoucherUpdates[0].ExternalIdentifier".into(),
            max_length(255, 256)
        )
    );
}

#[test]
fn service_ids_hold_1_to_1000() {
    get_all(ids(1)).check_contracts(false).unwrap();
    get_all(ids(1000)).check_contracts(false).unwrap();
    assert_eq!(
        only(&get_all(ids(1001))),
        ("ServiceIds".into(), max_items(1000, 1001))
    );
    assert_eq!(
        only(&get_all(Vec::new())),
        ("ServiceIds".into(), Rule::MinItems { min: 1, actual: 0 })
    );
}

#[test]
fn get_all_filters_are_never_empty_and_updated_utc_spans_at_most_3_months() {
    let at = |s: &str| s.parse().unwrap();
    let request = GetAllVouchersRequest::builder()
        .extent(extent())
        .service_ids(ids(1))
        .activity_states(Vec::<ActivityState>::new())
        .voucher_code_values(Vec::<String>::new())
        .external_identifiers(vec!["E".to_owned(); 1001])
        .updated_utc(
            TimeInterval::builder()
                .start_utc(at("2024-01-31T00:00:00Z"))
                .end_utc(at("2024-05-01T00:00:00Z"))
                .build(),
        )
        .limitation(Limitation::builder().count(1001).build())
        .build();
    let got: Vec<String> = violations(&request)
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        got,
        [
            "VoucherCodeValues: has 0 items, fewer than the minimum of 1",
            "ActivityStates: has 0 items, fewer than the minimum of 1",
            "UpdatedUtc: runs from 2024-01-31T00:00:00Z to 2024-05-01T00:00:00Z, longer than the maximum of 3 months",
            "ExternalIdentifiers: has 1001 items, more than the maximum of 1000",
            "Limitation.Count: is 1001, outside the allowed range 1..=1000",
        ]
    );
}

#[test]
fn writes_need_enterprise_id_with_a_portfolio_token() {
    let required = [Violation {
        path: "EnterpriseId".into(),
        rule: Rule::RequiredWithPortfolioToken,
    }];
    let add = add(vec![voucher().build()]);
    let update = update(vec![change().build()]);
    let delete = DeleteVouchersRequest::builder().voucher_ids(ids(1)).build();
    add.check_contracts(false).unwrap();
    update.check_contracts(false).unwrap();
    delete.check_contracts(false).unwrap();
    assert_eq!(
        add.check_contracts(true).unwrap_err().violations(),
        required
    );
    assert_eq!(
        update.check_contracts(true).unwrap_err().violations(),
        required
    );
    assert_eq!(
        delete.check_contracts(true).unwrap_err().violations(),
        required
    );
    let with_id = DeleteVouchersRequest::builder()
        .voucher_ids(ids(1))
        .enterprise_id(Uuid::from_u128(9))
        .build();
    with_id.check_contracts(true).unwrap();
    // Reads filter by EnterpriseIds and need nothing more.
    get_all(ids(1)).check_contracts(true).unwrap();
}

#[test]
fn updates_and_lists_are_at_most_1000_and_never_empty() {
    let thousand: Vec<_> = (0..1000).map(|_| change().build()).collect();
    update(thousand.clone()).check_contracts(false).unwrap();
    let mut too_many = thousand;
    too_many.push(change().build());
    assert_eq!(
        only(&update(too_many)),
        ("VoucherUpdates".into(), max_items(1000, 1001))
    );
    assert_eq!(
        only(&update(Vec::new())),
        (
            "VoucherUpdates".into(),
            Rule::MinItems { min: 1, actual: 0 }
        )
    );
    assert_eq!(
        only(&add(Vec::new())),
        (
            "VoucherParameters".into(),
            Rule::MinItems { min: 1, actual: 0 }
        )
    );
    let delete = DeleteVouchersRequest::builder()
        .voucher_ids(ids(1001))
        .build();
    assert_eq!(only(&delete), ("VoucherIds".into(), max_items(1000, 1001)));
}

#[test]
fn the_three_update_intents_on_the_wire_and_back() {
    let keep = change().build();
    let set = change().set_external_identifier("EXT-1").build();
    let clear = change().clear_external_identifier().build();
    let id = "00000000-0000-0000-0000-000000000001";
    let wire = |u: &VoucherUpdateParameters| serde_json::to_value(u).unwrap();
    assert_eq!(wire(&keep), json!({ "VoucherId": id }));
    assert_eq!(
        wire(&set),
        json!({ "VoucherId": id, "ExternalIdentifier": { "Value": "EXT-1" } })
    );
    assert_eq!(
        wire(&clear),
        json!({ "VoucherId": id, "ExternalIdentifier": { "Value": null } })
    );

    let back = |v: serde_json::Value| serde_json::from_value::<VoucherUpdateParameters>(v).unwrap();
    assert_eq!(back(wire(&keep)).external_identifier, Update::Keep);
    assert_eq!(
        back(wire(&set)).external_identifier,
        Update::Set("EXT-1".to_owned())
    );
    assert_eq!(back(wire(&clear)).external_identifier, Update::Clear);
    assert_eq!(back(wire(&set)), set);
    // A null wrapper is Mews' other spelling of "keep".
    assert_eq!(
        back(json!({ "VoucherId": id, "ExternalIdentifier": null })),
        keep
    );
}

#[test]
fn each_update_property_has_its_own_intent() {
    let start = "2025-01-01T00:00:00Z".parse().unwrap();
    let update = change()
        .set_type(VoucherType::TravelAgency)
        .set_company_id(Uuid::from_u128(2))
        .clear_assigned_rate_ids()
        .set_occupiable_interval_start_utc(start)
        .clear_occupiable_interval_end_utc()
        .build();
    assert_eq!(
        serde_json::to_value(&update).unwrap(),
        json!({
            "VoucherId": "00000000-0000-0000-0000-000000000001",
            "Type": { "Value": "TravelAgency" },
            "CompanyId": { "Value": "00000000-0000-0000-0000-000000000002" },
            "AssignedRateIds": { "Value": null },
            "OccupiableIntervalStartUtc": { "Value": "2025-01-01T00:00:00Z" },
            "OccupiableIntervalEndUtc": { "Value": null }
        })
    );
    // The last call for a property wins: set then clear clears.
    let cleared = change()
        .set_company_id(Uuid::from_u128(2))
        .clear_company_id()
        .build();
    assert_eq!(cleared.company_id, Update::Clear);
}

#[test]
#[allow(deprecated)]
fn responses_are_read_tolerantly() {
    let page: VoucherResult = serde_json::from_value(json!({
        "Vouchers": [{
            "Id": "00000000-0000-0000-0000-000000000001",
            "ServiceId": "00000000-0000-0000-0000-000000000002",
            "Name": "Weekend",
            "CreatedUtc": "2024-01-01T00:00:00Z",
            "UpdatedUtc": "2024-01-02T00:00:00Z",
            "Type": "LoyaltyMember",
            "TravelAgencyId": null,
            "IsActive": true,
            "Colour": "red"
        }],
        "Rates": [{ "Id": "r", "Anything": [1, 2] }],
        "Companies": null
    }))
    .unwrap();
    let vouchers: &[Voucher] = page.vouchers.as_deref().unwrap();
    let voucher = &vouchers[0];
    // Absent though documented as required (older answers): read as None.
    assert_eq!(voucher.enterprise_id, None);
    assert_eq!(voucher.activity_state, None);
    // A type this version does not know is kept, not an error.
    assert_eq!(voucher.r#type, VoucherType::Unknown("LoyaltyMember".into()));
    assert_eq!(voucher.r#type.as_str(), "LoyaltyMember");
    // Raw rates are kept as they came.
    assert_eq!(
        page.rates,
        Some(vec![json!({ "Id": "r", "Anything": [1, 2] })])
    );
    assert_eq!(page.companies, None);
    assert_eq!(page.cursor, None);
    assert_eq!(page.voucher_codes, None);

    // IsActive has no tolerance on vouchers: a voucher without it is refused.
    let err = serde_json::from_value::<Voucher>(json!({
        "Id": "00000000-0000-0000-0000-000000000001",
        "ServiceId": "00000000-0000-0000-0000-000000000002",
        "Name": "Weekend",
        "CreatedUtc": "2024-01-01T00:00:00Z",
        "UpdatedUtc": "2024-01-02T00:00:00Z",
        "Type": "Public"
    }))
    .unwrap_err();
    assert!(
        err.to_string().contains("missing field `IsActive`"),
        "{err}"
    );
}

#[test]
fn a_value_mews_cannot_clear_is_refused_even_when_set_by_hand() {
    // The builder has no `clear_name`, but the field is public.
    let mut change = change().build();
    change.name = Update::Clear;
    assert_eq!(
        only(&update(vec![change])),
        ("VoucherUpdates[0].Name".into(), Rule::NotClearable)
    );
    // Clearable values may be cleared.
    update(vec![self::change().clear_company_id().build()])
        .check_contracts(false)
        .unwrap();
}
