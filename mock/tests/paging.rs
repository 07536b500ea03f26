//! Paging through items given by the test, the way Mews pages: newest
//! first, `Count` at a time, the cursor of each page's last item, a short or
//! empty last page.

use futures_util::TryStreamExt;
use mews_connector::common::Limitation;
use mews_connector::voucher_codes::{GetAllVoucherCodesRequest, VoucherCode, VoucherCodeResult};
use mews_connector::vouchers::{GetAllVouchersRequest, Voucher, VoucherExtent, VoucherResult};
use mews_connector::{ApiErrorKind, Client, Error, RetryPolicy};
use mews_connector_mock::{MockMews, from_json, smallest};
use serde_json::json;
use uuid::Uuid;

fn id(n: u128) -> Uuid {
    Uuid::from_u128(n)
}

fn client(mews: &MockMews) -> Client {
    mews.client_builder()
        .retry_policy(RetryPolicy::disabled())
        .build()
        .unwrap()
}

/// Code `n` of voucher `voucher`.
fn code(voucher: u128, n: u128) -> VoucherCode {
    from_json(json!({ "Id": id(n), "VoucherId": id(voucher), "Value": format!("CODE-{n}") }))
}

fn get_all(vouchers: &[u128], count: i32) -> GetAllVoucherCodesRequest {
    GetAllVoucherCodesRequest::builder()
        .voucher_ids(vouchers.iter().copied().map(id))
        .limitation(Limitation::builder().count(count).build())
        .build()
}

fn ids(codes: &[VoucherCode]) -> Vec<u128> {
    codes.iter().map(|c| c.id.as_u128()).collect()
}

fn cursors(mews: &MockMews) -> Vec<Option<u128>> {
    mews.requests::<GetAllVoucherCodesRequest>()
        .iter()
        .map(|r| r.limitation.cursor.map(|c| c.as_u128()))
        .collect()
}

#[tokio::test]
async fn pages_hold_count_items_in_the_given_order_with_the_last_ones_id() {
    let mews = MockMews::start();
    mews.on::<GetAllVoucherCodesRequest>()
        .items([15, 14, 13, 12, 11].map(|n| code(1, n)));

    let pages: Vec<VoucherCodeResult> = client(&mews)
        .voucher_codes()
        .get_all_pages(get_all(&[1], 2))
        .try_collect()
        .await
        .unwrap();

    let shown: Vec<(Vec<u128>, Option<Uuid>)> = pages
        .iter()
        .map(|p| (ids(&p.voucher_codes), p.cursor))
        .collect();
    assert_eq!(
        shown,
        [
            (vec![15, 14], Some(id(14))),
            (vec![13, 12], Some(id(12))),
            // Short: the client stops here.
            (vec![11], Some(id(11))),
        ]
    );
    assert_eq!(cursors(&mews), [None, Some(14), Some(12)]);
}

#[tokio::test]
async fn after_a_full_last_page_comes_an_empty_one_without_cursor() {
    let mews = MockMews::start();
    mews.on::<GetAllVoucherCodesRequest>()
        .items([4, 3, 2, 1].map(|n| code(1, n)));

    let codes: Vec<VoucherCode> = client(&mews)
        .voucher_codes()
        .get_all_items(get_all(&[1], 2))
        .try_collect()
        .await
        .unwrap();

    assert_eq!(ids(&codes), [4, 3, 2, 1]);
    assert_eq!(cursors(&mews), [None, Some(3), Some(1)]);
    let last = client(&mews)
        .voucher_codes()
        .get_all({
            let mut request = get_all(&[1], 2);
            request.limitation.cursor = Some(id(1));
            request
        })
        .await
        .unwrap();
    assert_eq!((last.voucher_codes.len(), last.cursor), (0, None));
}

#[tokio::test]
async fn a_cursor_that_names_no_item_is_refused() {
    let mews = MockMews::start();
    mews.on::<GetAllVoucherCodesRequest>().items([code(1, 1)]);
    let mut request = get_all(&[1], 10);
    request.limitation.cursor = Some(id(99));

    let error = client(&mews).voucher_codes().get_all(request).await;

    let Err(Error::Api(error)) = error else {
        panic!("expected a 400, got {error:?}")
    };
    assert_eq!(error.kind, ApiErrorKind::BadRequest);
    assert_eq!(error.message.as_deref(), Some("Invalid Limitation.Cursor."));
}

#[tokio::test]
async fn items_may_depend_on_the_request() {
    let mews = MockMews::start();
    let all: Vec<VoucherCode> = (1..=6).rev().map(|n| code(n % 2, n)).collect();
    mews.on::<GetAllVoucherCodesRequest>()
        .items_with(move |request| {
            all.iter()
                .filter(|c| request.voucher_ids.contains(&c.voucher_id))
                .cloned()
                .collect()
        });

    let odd: Vec<VoucherCode> = client(&mews)
        .voucher_codes()
        .get_all_items(get_all(&[1], 2))
        .try_collect()
        .await
        .unwrap();

    assert_eq!(ids(&odd), [5, 3, 1]);
}

#[tokio::test]
async fn an_optional_item_list_is_filled_in_too() {
    let mews = MockMews::start();
    let vouchers: Vec<Voucher> = (1..=3)
        .rev()
        .map(|n| {
            let mut voucher: Voucher = smallest();
            voucher.id = id(n);
            voucher.name = format!("Voucher {n}");
            voucher
        })
        .collect();
    mews.on::<GetAllVouchersRequest>().items(vouchers);
    let request = GetAllVouchersRequest::builder()
        .extent(VoucherExtent::builder().vouchers(true).build())
        .service_ids([id(100)])
        .limitation(Limitation::builder().count(2).build())
        .build();

    let pages: Vec<VoucherResult> = client(&mews)
        .vouchers()
        .get_all_pages(request)
        .try_collect()
        .await
        .unwrap();

    let names: Vec<Vec<String>> = pages
        .iter()
        .map(|p| {
            p.vouchers
                .iter()
                .flatten()
                .map(|v| v.name.clone())
                .collect()
        })
        .collect();
    assert_eq!(names, [vec!["Voucher 3", "Voucher 2"], vec!["Voucher 1"]]);
    // The page's other lists stay as small as they can be.
    assert_eq!(pages[0].voucher_assignments, None);
}
