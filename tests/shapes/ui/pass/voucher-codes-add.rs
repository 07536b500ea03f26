// Intended use of voucherCodes/add: nested parameters built with their own builder; optional fields left out are not sent.
use mews_connector::contract::Validate;
use mews_connector::voucher_codes::{AddVoucherCodesRequest, VoucherCodeParameters};
use uuid::Uuid;

fn main() {
    let code = VoucherCodeParameters::builder()
        .voucher_id(Uuid::from_u128(7))
        .value("SUMMER-2024")
        .build();
    let request = AddVoucherCodesRequest::builder()
        .voucher_code_parameters(vec![code])
        .enterprise_id(Uuid::from_u128(9))
        .build();
    // With a portfolio token EnterpriseId is required; it is set here.
    request.check_contracts(true).unwrap();
    assert_eq!(
        serde_json::to_value(&request).unwrap(),
        serde_json::json!({
            "EnterpriseId": "00000000-0000-0000-0000-000000000009",
            "VoucherCodeParameters": [
                { "VoucherId": "00000000-0000-0000-0000-000000000007", "Value": "SUMMER-2024" }
            ]
        })
    );
}
