// vouchers/getAll cannot be built without Extent: leaving a required property out is a compile error naming it.
use mews_connector::common::Limitation;
use mews_connector::vouchers::GetAllVouchersRequest;
use uuid::Uuid;

fn main() {
    let _ = GetAllVouchersRequest::builder()
        .service_ids([Uuid::nil()])
        .limitation(Limitation::builder().count(10).build())
        .build();
}
