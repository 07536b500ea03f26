use std::time::Duration;

use futures_util::TryStreamExt;
use mews_connector::common::Limitation;
use mews_connector::voucher_codes::{
    AddVoucherCodesRequest, GetAllVoucherCodesRequest, VoucherCode, VoucherCodeParameters,
    VoucherCodeResult,
};
use mews_connector::{Client, Error};
use mews_connector_mock::{Failure, MockMews, smallest};
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
        .expect("the code added"))
}

/// Test data: response types are `#[non_exhaustive]`, so start from the
/// smallest value and set what matters.
fn code(id: u128, voucher: Uuid, value: &str) -> VoucherCode {
    let mut code: VoucherCode = smallest();
    code.id = Uuid::from_u128(id);
    code.voucher_id = voucher;
    code.value = Some(value.to_owned());
    code
}

#[tokio::test]
async fn ensure_code_pages_through_the_codes_then_adds_one_despite_a_429() {
    let mews = MockMews::start();
    let voucher = Uuid::from_u128(7);
    // 250 codes, newest first as Mews lists them; none is "SUMMER-2025".
    let codes = (0..250).map(|n| code(1000 - n, voucher, &format!("CODE-{n}")));
    mews.on::<GetAllVoucherCodesRequest>().items(codes);
    // The first add gets a 429 with `Retry-After: 1`; the client waits and
    // sends it again, and this time the stand-in answers with the new code.
    mews.on::<AddVoucherCodesRequest>()
        .fail_next(Failure::too_many_requests(Duration::from_secs(1)))
        .respond_with(move |request| {
            let given = &request.voucher_code_parameters[0];
            let mut result: VoucherCodeResult = smallest();
            result.voucher_codes = vec![code(2000, given.voucher_id, &given.value)];
            result
        });

    let added = ensure_code(&mews.client(), voucher, "SUMMER-2025")
        .await
        .unwrap();

    assert_eq!(added.id, Uuid::from_u128(2000));
    // Three pages of up to 100 codes, each starting after the last one's
    // cursor; the third is short, so it is the last.
    let cursors: Vec<Option<Uuid>> = mews
        .requests::<GetAllVoucherCodesRequest>()
        .iter()
        .map(|page| page.limitation.cursor)
        .collect();
    assert_eq!(
        cursors,
        [None, Some(Uuid::from_u128(901)), Some(Uuid::from_u128(801))]
    );
    // The add went out twice: refused with 429, then answered.
    let adds: Vec<Option<u16>> = mews
        .received()
        .iter()
        .filter(|r| r.operation() == Some("voucherCodes/add"))
        .map(|r| r.status())
        .collect();
    assert_eq!(adds, [Some(429), Some(200)]);
}
