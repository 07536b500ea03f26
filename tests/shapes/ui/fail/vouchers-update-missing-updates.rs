// vouchers/update cannot be built without VoucherUpdates: leaving a required property out is a compile error naming it.
use mews_connector::vouchers::UpdateVouchersRequest;
use uuid::Uuid;

fn main() {
    let _ = UpdateVouchersRequest::builder().enterprise_id(Uuid::nil()).build();
}
