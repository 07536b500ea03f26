// A required update value that cannot be cleared (`Label` of the `shapeUpdates` fixture of
// tests/shapes) has no `clear_x()`, so only `set_x(v)` satisfies the builder.
use shape_tests::shape_updates::StockAdjustment;
use uuid::Uuid;

fn main() {
    let _ = StockAdjustment::builder()
        .shelf_id(Uuid::nil())
        .clear_count_adjustment()
        .clear_label()
        .build();
}
