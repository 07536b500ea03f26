// a nested VoucherParameters cannot be built without ServiceId: leaving a required property out is a compile error naming it.
use mews_connector::vouchers::{VoucherParameters, VoucherType};

fn main() {
    let _ = VoucherParameters::builder().name("Weekend").r#type(VoucherType::Public).build();
}
