// A sent union carries the payload its discriminator names: another payload type is refused by the
// variant and by the builder's setter alike.
use shape_tests::shape_unions::{
    DemoCustomerAccountData, DemoResourceDataUpdate, DemoResourceUpdate, DemoSpaceResourceDataUpdate,
};
use uuid::Uuid;

fn main() {
    let customer = DemoCustomerAccountData::builder()
        .customer_id(Uuid::from_u128(1))
        .build();
    let _ = DemoResourceDataUpdate::Space(customer.clone());
    let _ = DemoResourceUpdate::builder()
        .resource_id(Uuid::from_u128(2))
        .data(customer)
        .account(DemoSpaceResourceDataUpdate::builder().build())
        .build();
}
