// A request made of mutually exclusive parameter sets (the `shapeSets` fixture of tests/shapes,
// like fiscalMachineCommands/getAll) cannot be built without one of its sets.
use mews_connector::common::Limitation;
use shape_tests::shape_sets::GetAllShapeSetsRequest;

fn main() {
    let _ = GetAllShapeSetsRequest::builder()
        .limitation(Limitation::builder().count(10).build())
        .build();
}
