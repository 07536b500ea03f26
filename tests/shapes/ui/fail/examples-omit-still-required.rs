// `Options` is `examples_omit` in the `shapeQuirks` fixture (tests/shapes): the
// documentation's examples leave it out, but the builder still insists on it.
use shape_tests::shape_quirks::QuirkCompanyParameters;

fn main() {
    let _ = QuirkCompanyParameters::builder().name("Acme").build();
}
