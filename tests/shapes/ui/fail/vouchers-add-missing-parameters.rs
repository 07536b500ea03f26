// vouchers/add cannot be built without VoucherParameters: leaving a required property out is a compile error naming it.
use mews_connector::vouchers::AddVouchersRequest;
use uuid::Uuid;

fn main() {
    let _ = AddVouchersRequest::builder().enterprise_id(Uuid::nil()).build();
}
