// Intended use of vouchers/add: nested VoucherParameters with their own builder; `type` is spelled r#type; optional fields left out are not sent.
use mews_connector::contract::Validate;
use mews_connector::vouchers::{AddVouchersRequest, VoucherParameters, VoucherType};
use uuid::Uuid;

fn main() {
    let voucher = VoucherParameters::builder()
        .service_id(Uuid::from_u128(1))
        .name("Partner stays")
        .r#type(VoucherType::PartnerCompany)
        .company_id(Uuid::from_u128(2))
        .assigned_rate_ids([Uuid::from_u128(3)])
        .build();
    let request = AddVouchersRequest::builder()
        .voucher_parameters([voucher])
        .enterprise_id(Uuid::from_u128(9))
        .build();
    request.check_contracts(true).unwrap();
    assert_eq!(
        serde_json::to_value(&request).unwrap(),
        serde_json::json!({
            "EnterpriseId": "00000000-0000-0000-0000-000000000009",
            "VoucherParameters": [{
                "ServiceId": "00000000-0000-0000-0000-000000000001",
                "Name": "Partner stays",
                "Type": "PartnerCompany",
                "CompanyId": "00000000-0000-0000-0000-000000000002",
                "AssignedRateIds": ["00000000-0000-0000-0000-000000000003"]
            }]
        })
    );
}
