// Intended use of a sent union (the `shapeUnions` fixture of tests/shapes): made from the payload its
// discriminator names, by `From` or by the variant; read ones are matched with a catch-all arm.
use mews_connector::contract::Validate;
use shape_tests::shape_unions::{
    AccountData, CustomerAccountData, ResourceDataUpdate, ResourceUpdate, ServiceData,
    SpaceResourceDataUpdate, UpdateShapeUnionsRequest,
};
use uuid::Uuid;

fn describe(data: &ServiceData) -> String {
    match data {
        ServiceData::Bookable(bookable) => format!("bookable from {}", bookable.start_offset),
        ServiceData::Additional(_) => "additional".to_owned(),
        // Kinds Mews adds later, and the catch-all that holds them.
        other => format!("{} (not known to this version)", other.discriminator()),
    }
}

fn main() {
    let space = SpaceResourceDataUpdate::builder().set_floor_number("2").build();
    let request = UpdateShapeUnionsRequest::builder()
        .resource_updates([
            ResourceUpdate::builder()
                .resource_id(Uuid::from_u128(1))
                .data(space)
                .build(),
            ResourceUpdate::builder()
                .resource_id(Uuid::from_u128(2))
                .data(ResourceDataUpdate::Object)
                .account(AccountData::Customer(
                    CustomerAccountData::builder()
                        .customer_id(Uuid::from_u128(3))
                        .build(),
                ))
                .build(),
        ])
        .build();
    request.check_contracts(false).unwrap();

    let later: ServiceData =
        serde_json::from_str(r#"{"Discriminator":"Parking","Value":{"Spots":12}}"#).unwrap();
    assert_eq!(describe(&later), "Parking (not known to this version)");
}
