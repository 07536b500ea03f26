// A property takes only its spec type: VoucherId is a UUID, not a string.
use mews_connector::voucher_codes::VoucherCodeParameters;

fn main() {
    let _ = VoucherCodeParameters::builder()
        .voucher_id("8c364829-c7ae-4972-b67f-93ea704d7228")
        .value("CODE")
        .build();
}
