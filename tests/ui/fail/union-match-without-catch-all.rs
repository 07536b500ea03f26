// Matching a union must handle the discriminators Mews adds later: listing today's variants is not
// enough.
use shape_tests::shape_unions::ServiceData;

fn kind(data: &ServiceData) -> &'static str {
    match data {
        ServiceData::Bookable(_) => "bookable",
        ServiceData::Additional(_) => "additional",
    }
}

fn main() {
    let _ = kind;
}
