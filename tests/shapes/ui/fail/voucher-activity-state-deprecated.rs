// The deprecated Voucher.ActivityState is #[deprecated]: reading it fails under deny(deprecated).
#![deny(deprecated)]
use mews_connector::vouchers::Voucher;

fn state(voucher: &Voucher) -> String {
    voucher.activity_state.as_ref().map(|s| s.to_string()).unwrap_or_default()
}

fn main() {
    let _ = state;
}
