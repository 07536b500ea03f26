// a nested VoucherParameters cannot be built without Name: leaving a required property out is a compile error naming it.
use mews_connector::vouchers::{VoucherParameters, VoucherType};
use uuid::Uuid;

fn main() {
    let _ = VoucherParameters::builder().service_id(Uuid::nil()).r#type(VoucherType::Public).build();
}
