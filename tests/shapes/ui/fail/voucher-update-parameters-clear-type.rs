// VoucherUpdateParameters.Type can be set but not cleared (the spec does not make it nullable): there is no clear_type().
use mews_connector::vouchers::VoucherUpdateParameters;
use uuid::Uuid;

fn main() {
    let _ = VoucherUpdateParameters::builder().voucher_id(Uuid::nil()).clear_type().build();
}
