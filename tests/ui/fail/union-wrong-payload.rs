// A sent union carries the payload its discriminator names: another payload type is refused by the
// variant and by the builder's setter alike.
use shape_tests::shape_unions::{
    CustomerAccountData, ResourceDataUpdate, ResourceUpdate, SpaceResourceDataUpdate,
};
use uuid::Uuid;

fn main() {
    let customer = CustomerAccountData::builder()
        .customer_id(Uuid::from_u128(1))
        .build();
    let _ = ResourceDataUpdate::Space(customer.clone());
    let _ = ResourceUpdate::builder()
        .resource_id(Uuid::from_u128(2))
        .data(customer)
        .account(SpaceResourceDataUpdate::builder().build())
        .build();
}
