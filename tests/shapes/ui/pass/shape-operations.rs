// Intended use of the operation shapes of tests/shapes: a chain selector, a required update value
// set or cleared, a parameter set chosen by its struct or at run time through the enum, and the
// pager methods of a paginated operation whose method the spec names. Runs without network I/O.
use mews_connector::common::Limitation;
use mews_connector::contract::Validate;
use mews_connector::{Client, Credentials, Environment, Items, Pages};
use shape_tests::shape_chains::AddShapeChainsRequest;
use shape_tests::shape_paging::{
    GetAllByIdsShapePagingRequest, GetAllItemsShapePagingRequest, ShapePagingClientExt,
};
use shape_tests::shape_sets::{
    GetAllShapeSetsByIds, GetAllShapeSetsByPrinters, GetAllShapeSetsParameterSet,
    GetAllShapeSetsRequest, JobState,
};
use shape_tests::shape_updates::StockAdjustment;
use uuid::Uuid;

fn set(by_printer: bool) -> GetAllShapeSetsParameterSet {
    if by_printer {
        GetAllShapeSetsByPrinters::builder()
            .printer_ids([Uuid::nil()])
            .states([JobState::Pending])
            .build()
            .into()
    } else {
        GetAllShapeSetsByIds::builder().job_ids([Uuid::nil()]).build().into()
    }
}

fn main() {
    let add = AddShapeChainsRequest::builder()
        .chain_id(Uuid::nil())
        .name("Rowing")
        .build();
    add.check_contracts(true).unwrap();

    for adjustment in [
        StockAdjustment::builder()
            .shelf_id(Uuid::nil())
            .set_count_adjustment(3)
            .set_label("Tea")
            .build(),
        StockAdjustment::builder()
            .set_label("Tea")
            .clear_count_adjustment()
            .shelf_id(Uuid::nil())
            .build(),
    ] {
        adjustment.check_contracts(false).unwrap();
    }

    for by_printer in [false, true] {
        GetAllShapeSetsRequest::builder()
            .parameter_set(set(by_printer))
            .limitation(Limitation::builder().count(10).build())
            .build()
            .check_contracts(false)
            .unwrap();
    }

    let client = Client::new(
        Environment::Demo,
        Credentials::new("client token", "access token", "ui test 1.0"),
    )
    .unwrap();
    let request = GetAllByIdsShapePagingRequest::builder()
        .parcel_ids([Uuid::nil()])
        .build();
    let _: Pages<GetAllByIdsShapePagingRequest> =
        client.shape_paging().get_all_by_ids_pages(request.clone());
    let _: Items<GetAllByIdsShapePagingRequest> = client.shape_paging().get_all_by_ids_items(request);
    // `get_all_items` is `shapePaging/getAllItems`'s own method, not a pager.
    let _ = client.shape_paging().get_all_items(
        GetAllItemsShapePagingRequest::builder()
            .parcel_ids([Uuid::nil()])
            .build(),
    );
}
