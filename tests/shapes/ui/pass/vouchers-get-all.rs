// Intended use of vouchers/getAll: the extent asks for vouchers and assignments only; unset flags and filters are not sent.
use mews_connector::common::{ActivityState, Limitation};
use mews_connector::contract::Validate;
use mews_connector::vouchers::{GetAllVouchersRequest, VoucherExtent};
use uuid::Uuid;

fn main() {
    let request = GetAllVouchersRequest::builder()
        .extent(
            VoucherExtent::builder()
                .vouchers(true)
                .voucher_assignments(true)
                .build(),
        )
        .service_ids([Uuid::from_u128(1)])
        .activity_states([ActivityState::Active])
        .limitation(Limitation::builder().count(100).build())
        .build();
    request.check_contracts(false).unwrap();
    assert_eq!(
        serde_json::to_value(&request).unwrap(),
        serde_json::json!({
            "Extent": { "Vouchers": true, "VoucherAssignments": true },
            "ServiceIds": ["00000000-0000-0000-0000-000000000001"],
            "ActivityStates": ["Active"],
            "Limitation": { "Count": 100 }
        })
    );
}
