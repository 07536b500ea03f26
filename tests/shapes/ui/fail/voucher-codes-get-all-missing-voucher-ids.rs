// voucherCodes/getAll cannot be built without VoucherIds: leaving a required property out is a compile error naming it.
#![allow(unused_imports)]
use mews_connector::common::Limitation;
use mews_connector::voucher_codes::*;
use uuid::Uuid;

fn main() {
    let _ = GetAllVoucherCodesRequest::builder().limitation(Limitation::builder().count(10).build()).build();
}
