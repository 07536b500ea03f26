// a nested VoucherUpdateParameters cannot be built without VoucherId: leaving a required property out is a compile error naming it.
use mews_connector::vouchers::VoucherUpdateParameters;

fn main() {
    let _ = VoucherUpdateParameters::builder().set_name("Weekend").build();
}
