// Intended use of a sent union (the `shapeUnions` fixture of tests/shapes): made from the payload its
// discriminator names, by `From` or by the variant; read ones are matched with a catch-all arm.
use mews_connector::contract::Validate;
use shape_tests::shape_unions::{
    DemoAccountData, DemoCustomerAccountData, DemoResourceDataUpdate, DemoResourceUpdate, DemoServiceData,
    DemoSpaceResourceDataUpdate, UpdateShapeUnionsRequest,
};
use uuid::Uuid;

fn describe(data: &DemoServiceData) -> String {
    match data {
        DemoServiceData::Bookable(bookable) => format!("bookable from {}", bookable.start_offset),
        DemoServiceData::Additional(_) => "additional".to_owned(),
        // Kinds Mews adds later, and the catch-all that holds them.
        other => format!("{} (not known to this version)", other.discriminator()),
    }
}

fn main() {
    let space = DemoSpaceResourceDataUpdate::builder().set_floor_number("2").build();
    let request = UpdateShapeUnionsRequest::builder()
        .resource_updates([
            DemoResourceUpdate::builder()
                .resource_id(Uuid::from_u128(1))
                .data(space)
                .build(),
            DemoResourceUpdate::builder()
                .resource_id(Uuid::from_u128(2))
                .data(DemoResourceDataUpdate::Object)
                .account(DemoAccountData::Customer(
                    DemoCustomerAccountData::builder()
                        .customer_id(Uuid::from_u128(3))
                        .build(),
                ))
                .build(),
        ])
        .build();
    request.check_contracts(false).unwrap();

    let later: DemoServiceData =
        serde_json::from_str(r#"{"Discriminator":"Parking","Value":{"Spots":12}}"#).unwrap();
    assert_eq!(describe(&later), "Parking (not known to this version)");
}
