// Intended use of voucherCodes/getAll: required and optional fields set through the builder, contracts pass, exact JSON.
use mews_connector::common::{Limitation, TimeInterval};
use mews_connector::contract::Validate;
use mews_connector::voucher_codes::GetAllVoucherCodesRequest;
use uuid::Uuid;

fn main() {
    let voucher = Uuid::from_u128(1);
    let start = "2024-01-01T00:00:00Z".parse().unwrap();
    let end = "2024-04-01T00:00:00Z".parse().unwrap();
    let request = GetAllVoucherCodesRequest::builder()
        .voucher_ids([voucher])
        .limitation(Limitation::builder().count(100).build())
        .updated_utc(TimeInterval::builder().start_utc(start).end_utc(end).build())
        .build();
    request.check_contracts(false).unwrap();
    assert_eq!(
        serde_json::to_value(&request).unwrap(),
        serde_json::json!({
            "VoucherIds": ["00000000-0000-0000-0000-000000000001"],
            "UpdatedUtc": { "StartUtc": "2024-01-01T00:00:00Z", "EndUtc": "2024-04-01T00:00:00Z" },
            "Limitation": { "Count": 100 }
        })
    );
}
