use std::time::Duration;

use futures_util::TryStreamExt;
use mews_connector::common::Limitation;
use mews_connector::voucher_codes::{
    AddVoucherCodesRequest, GetAllVoucherCodesRequest, VoucherCode, VoucherCodeParameters,
    VoucherCodeResult,
};
use mews_connector::{Client, Error};
use mews_connector_mock::{Failure, MockMews, from_json};
use serde_json::json;
use uuid::Uuid;

/// The integration under test: gives a voucher the code `value`, unless one
/// of its codes already has it.
async fn ensure_code(client: &Client, voucher: Uuid, value: &str) -> Result<VoucherCode, Error> {
    let request = GetAllVoucherCodesRequest::builder()
        .voucher_ids([voucher])
        .limitation(Limitation::builder().count(100).build())
        .build();
    let mut codes = client.voucher_codes().get_all_items(request);
    while let Some(code) = codes.try_next().await? {
        if code.value.as_deref() == Some(value) {
            return Ok(code);
        }
    }
    let add = AddVoucherCodesRequest::builder()
        .voucher_code_parameters([VoucherCodeParameters::builder()
            .voucher_id(voucher)
            .value(value)
            .build()])
        .build();
    let added = client.voucher_codes().add(add).await?;
    Ok(added
        .voucher_codes
        .into_iter()
        .next()
        .expect("Mews returns the code it added"))
}

#[tokio::test]
async fn ensure_code_pages_through_the_codes_then_adds_one_despite_a_429() {
    let mews = MockMews::start();
    let voucher = Uuid::from_u128(7);
    // 250 codes, newest first, as Mews lists them; none is "SUMMER-2025".
    let codes: Vec<VoucherCode> = (0..250)
        .map(|n| from_json(json!({ "Id": Uuid::from_u128(1000 - n), "VoucherId": voucher, "Value": format!("CODE-{n}") })))
        .collect();
    mews.on::<GetAllVoucherCodesRequest>().items(codes);
    // The first add is refused with 429 and Retry-After: 1; the client waits
    // and sends it again, and the stand-in answers with the code it was given.
    mews.on::<AddVoucherCodesRequest>()
        .fail_next(Failure::too_many_requests(Duration::from_secs(1)))
        .respond_with(|request| {
            let code = &request.voucher_code_parameters[0];
            from_json::<VoucherCodeResult>(json!({
                "VoucherCodes": [{ "Id": Uuid::from_u128(1001), "VoucherId": code.voucher_id, "Value": code.value }]
            }))
        });

    let code = ensure_code(&mews.client(), voucher, "SUMMER-2025")
        .await
        .unwrap();

    assert_eq!(
        (code.id, code.value.as_deref()),
        (Uuid::from_u128(1001), Some("SUMMER-2025"))
    );
    // Three pages of at most 100 (the last one short), each after the one before.
    let pages = mews.requests::<GetAllVoucherCodesRequest>();
    let cursors: Vec<Option<Uuid>> = pages.iter().map(|p| p.limitation.cursor).collect();
    assert_eq!(
        cursors,
        [None, Some(Uuid::from_u128(901)), Some(Uuid::from_u128(801))]
    );
    // The add twice: refused with 429, then accepted.
    let statuses: Vec<Option<u16>> = mews.received().iter().skip(3).map(|r| r.status()).collect();
    assert_eq!(statuses, [Some(429), Some(200)]);
    assert_eq!(
        mews.requests::<AddVoucherCodesRequest>()[1].voucher_code_parameters[0].value,
        "SUMMER-2025"
    );
}
