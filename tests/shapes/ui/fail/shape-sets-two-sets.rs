// A parameter set is chosen once: the builder has no `parameter_set` once one is chosen, so two
// sets cannot be combined (the `shapeSets` fixture of tests/shapes).
use shape_tests::shape_sets::{GetAllShapeSetsByIds, GetAllShapeSetsByPrinters, GetAllShapeSetsRequest};
use shape_tests::shape_sets::JobState;
use uuid::Uuid;

fn main() {
    let _ = GetAllShapeSetsRequest::builder()
        .parameter_set(GetAllShapeSetsByIds::builder().job_ids([Uuid::nil()]).build())
        .parameter_set(
            GetAllShapeSetsByPrinters::builder()
                .printer_ids([Uuid::nil()])
                .states([JobState::Pending])
                .build(),
        );
}
