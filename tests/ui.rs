//! trybuild cases pinning down the generated API (filled in below).
#[test]
fn ui() {}
