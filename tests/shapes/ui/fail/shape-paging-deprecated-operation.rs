// A deprecated operation is #[deprecated] with its replacement named: its method, its pagers, its
// request type and that type's builder. Under deny(deprecated) code using it does not compile
// (the `shapePaging` fixture of tests/shapes; `reservations/getAll` is the real one).
#![deny(deprecated)]
use mews_connector::Client;
use shape_tests::shape_paging::{GetAllShapePagingRequest, ShapePagingClientExt};

async fn old_way(client: &Client, request: GetAllShapePagingRequest) {
    let _ = client.shape_paging().get_all_2017_04_12(request.clone()).await;
    let _ = client.shape_paging().get_all_2017_04_12_items(request);
}

fn builder_by_name() -> shape_tests::shape_paging::builders::GetAllShapePagingRequestBuilder {
    unimplemented!()
}

fn main() {
    let _ = (old_way, builder_by_name);
}
