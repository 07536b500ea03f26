// Matching a union must handle the discriminators Mews adds later: listing today's variants is not
// enough.
use shape_tests::shape_unions::DemoServiceData;

fn kind(data: &DemoServiceData) -> &'static str {
    match data {
        DemoServiceData::Bookable(_) => "bookable",
        DemoServiceData::Additional(_) => "additional",
    }
}

fn main() {
    let _ = kind;
}
