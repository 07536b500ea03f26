// vouchers/getAll cannot be built without ServiceIds: leaving a required property out is a compile error naming it.
use mews_connector::common::Limitation;
use mews_connector::vouchers::{GetAllVouchersRequest, VoucherExtent};

fn main() {
    let _ = GetAllVouchersRequest::builder()
        .extent(VoucherExtent::builder().vouchers(true).build())
        .limitation(Limitation::builder().count(10).build())
        .build();
}
