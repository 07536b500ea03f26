// A required update value (the `shapeUpdates` fixture of tests/shapes, like
// `UnitCountAdjustment` of services/updateAvailability) must be set or cleared
// before `build()`: leaving it out is a compile error naming both ways.
use shape_tests::shape_updates::StockAdjustment;
use uuid::Uuid;

fn main() {
    let _ = StockAdjustment::builder()
        .shelf_id(Uuid::nil())
        .set_label("Tea")
        .build();
}
