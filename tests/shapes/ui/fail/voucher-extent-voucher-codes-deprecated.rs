// The deprecated VoucherExtent.VoucherCodes flag is #[deprecated]: asking for it fails under deny(deprecated).
#![deny(deprecated)]
use mews_connector::vouchers::VoucherExtent;

fn main() {
    let _ = VoucherExtent::builder().vouchers(true).voucher_codes(true).build();
}
