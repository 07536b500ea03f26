// A union's catch-all cannot be made by hand, so a union sent to Mews names a discriminator the spec
// lists, with that discriminator's payload type (or is one read from Mews, sent on as it came).
use mews_connector::UnknownVariant;

fn main() {
    let _ = UnknownVariant {
        discriminator: "Later".to_owned(),
        properties: Vec::new(),
    };
    let _ = UnknownVariant::default();
    let _: UnknownVariant = "Later".into();
}
