// Intended use of vouchers/update: each property is kept (not sent), set ({"Value": x}) or cleared ({"Value": null}), and reads back as the same intent.
use mews_connector::contract::Validate;
use mews_connector::update::Update;
use mews_connector::vouchers::{UpdateVouchersRequest, VoucherType, VoucherUpdateParameters};
use uuid::Uuid;

fn main() {
    let start = "2025-01-01T00:00:00Z".parse().unwrap();
    let rename = VoucherUpdateParameters::builder()
        .voucher_id(Uuid::from_u128(1))
        .set_name("Weekend 2025")
        .set_type(VoucherType::PartnerCompany)
        .set_company_id(Uuid::from_u128(2))
        .build();
    let detach = VoucherUpdateParameters::builder()
        .voucher_id(Uuid::from_u128(3))
        .clear_company_id()
        .set_assigned_rate_ids([Uuid::from_u128(4)])
        .set_occupiable_interval_start_utc(start)
        .clear_occupiable_interval_end_utc()
        .clear_external_identifier()
        .build();
    // Untouched properties stay `Keep`.
    assert_eq!(rename.external_identifier, Update::Keep);
    assert_eq!(detach.name, Update::Keep);
    assert_eq!(detach.company_id, Update::Clear);

    let request = UpdateVouchersRequest::builder()
        .voucher_updates([rename, detach])
        .build();
    request.check_contracts(false).unwrap();
    let wire = serde_json::to_value(&request).unwrap();
    assert_eq!(
        wire,
        serde_json::json!({
            "VoucherUpdates": [
                {
                    "VoucherId": "00000000-0000-0000-0000-000000000001",
                    "Name": { "Value": "Weekend 2025" },
                    "Type": { "Value": "PartnerCompany" },
                    "CompanyId": { "Value": "00000000-0000-0000-0000-000000000002" }
                },
                {
                    "VoucherId": "00000000-0000-0000-0000-000000000003",
                    "CompanyId": { "Value": null },
                    "AssignedRateIds": { "Value": ["00000000-0000-0000-0000-000000000004"] },
                    "OccupiableIntervalStartUtc": { "Value": "2025-01-01T00:00:00Z" },
                    "OccupiableIntervalEndUtc": { "Value": null },
                    "ExternalIdentifier": { "Value": null }
                }
            ]
        })
    );
    let back: UpdateVouchersRequest = serde_json::from_value(wire).unwrap();
    assert_eq!(back, request);
}
