//! A synthetic spec of any size, made on the fly from the real one: the
//! shared `_common.yaml` plus `copies` renamed copies of
//! `voucher_codes.yaml` (3 operations each, so 67 copies give 201).
//!
//! Used by `codegen/benches/generate.rs` and by `cargo xtask bench`
//! (`xtask/src/bench.rs` includes this file), never checked in as YAML.

use codegen::SourceFile;

/// The resource file that is copied.
pub const TEMPLATE: &str = "voucher_codes.yaml";

/// Operations in one copy of [`TEMPLATE`].
pub const OPERATIONS_PER_COPY: usize = 3;

/// `_common.yaml` from `spec` plus `copies` copies of [`TEMPLATE`], each
/// under its own resource, operation and type names (`xaaVoucherCodes`,
/// `XaaVoucherCodeParameters`, ...). `None` when `spec` lacks either file.
pub fn spec(spec: &[SourceFile], copies: usize) -> Option<Vec<SourceFile>> {
    let find = |name: &str| spec.iter().find(|s| s.name == name);
    let common = find("_common.yaml")?.clone();
    let template = &find(TEMPLATE)?.text;
    let mut out = vec![common];
    for i in 0..copies {
        let tag = tag(i);
        let upper = format!("{}{}", tag[..1].to_uppercase(), &tag[1..]);
        // Type names (`VoucherCode...`) first, through a placeholder, so the
        // resource name inserted next is not renamed again.
        let text = template
            .replace("VoucherCode", "\u{0}")
            .replace("voucherCodes", &format!("{tag}VoucherCodes"))
            .replace('\u{0}', &format!("{upper}VoucherCode"));
        out.push(SourceFile {
            name: format!("{tag}_voucher_codes.yaml"),
            text,
        });
    }
    Some(out)
}

/// `xaa`, `xab`, ...: letters only, so module names stay plain snake case.
fn tag(i: usize) -> String {
    let letter = |n: usize| char::from(b'a' + (n % 26) as u8);
    format!("x{}{}", letter(i / 26), letter(i))
}
