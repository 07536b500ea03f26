// The deprecated VoucherCode.ActivityState is #[deprecated]: using it fails under deny(deprecated).
#![deny(deprecated)]
use mews_connector::voucher_codes::VoucherCode;

fn state(code: &VoucherCode) -> String {
    code.activity_state.as_ref().map(|s| s.to_string()).unwrap_or_default()
}

fn main() {
    let _ = state;
}
