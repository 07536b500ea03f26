// Intended use of voucherCodes/delete, and the client method signatures of all three operations (futures built, never polled: no I/O).
use mews_connector::voucher_codes::{DeleteVoucherCodesRequest, GetAllVoucherCodesRequest};
use mews_connector::common::Limitation;
use mews_connector::{Client, Credentials, Environment};
use uuid::Uuid;

fn main() {
    let request = DeleteVoucherCodesRequest::builder().voucher_code_ids([Uuid::from_u128(3)]).build();
    assert_eq!(
        serde_json::to_string(&request).unwrap(),
        r#"{"VoucherCodeIds":["00000000-0000-0000-0000-000000000003"]}"#
    );
    let client = Client::builder(Environment::Demo, Credentials::new("client-token", "access-token", "ui-test 1.0"))
        .build()
        .unwrap();
    let api = client.voucher_codes();
    let _delete = api.delete(request);
    let get_all = GetAllVoucherCodesRequest::builder()
        .voucher_ids([Uuid::from_u128(1)])
        .limitation(Limitation::builder().count(10).build())
        .build();
    let _pages = api.get_all_pages(get_all.clone());
    let _items = api.get_all_items(get_all);
}
