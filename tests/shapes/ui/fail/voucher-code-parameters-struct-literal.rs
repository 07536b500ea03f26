// Requests cannot be written as struct literals outside the crate: the builder (and its required-field check) is the only way in.
use mews_connector::voucher_codes::VoucherCodeParameters;
use uuid::Uuid;

fn main() {
    let _ = VoucherCodeParameters {
        voucher_id: Uuid::nil(),
        value: "CODE".to_owned(),
        validity_start_utc: None,
        validity_end_utc: None,
    };
}
