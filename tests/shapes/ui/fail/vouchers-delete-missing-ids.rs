// vouchers/delete cannot be built without VoucherIds: leaving a required property out is a compile error naming it.
use mews_connector::vouchers::DeleteVouchersRequest;
use uuid::Uuid;

fn main() {
    let _ = DeleteVouchersRequest::builder().enterprise_id(Uuid::nil()).build();
}
