// a nested VoucherParameters cannot be built without Type, a Rust keyword: the message names the escaped setter `.r#type(...)`.
use mews_connector::vouchers::VoucherParameters;
use uuid::Uuid;

fn main() {
    let _ = VoucherParameters::builder().service_id(Uuid::nil()).name("Weekend").build();
}
