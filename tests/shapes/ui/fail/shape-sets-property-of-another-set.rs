// Each parameter set has only its own properties: a property of another set cannot be mixed in
// (the `shapeSets` fixture of tests/shapes).
use shape_tests::shape_sets::GetAllShapeSetsByIds;
use uuid::Uuid;

fn main() {
    let _ = GetAllShapeSetsByIds::builder()
        .job_ids([Uuid::nil()])
        .printer_ids([Uuid::nil()])
        .build();
}
