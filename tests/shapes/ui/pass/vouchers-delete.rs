// Intended use of vouchers/delete: the ids, and EnterpriseId only when given.
use mews_connector::contract::Validate;
use mews_connector::vouchers::DeleteVouchersRequest;
use uuid::Uuid;

fn main() {
    let request = DeleteVouchersRequest::builder()
        .voucher_ids([Uuid::from_u128(1)])
        .build();
    request.check_contracts(false).unwrap();
    assert_eq!(
        serde_json::to_value(&request).unwrap(),
        serde_json::json!({ "VoucherIds": ["00000000-0000-0000-0000-000000000001"] })
    );
}
