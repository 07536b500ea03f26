//! Helpers shared by the contract tests (`#[path]`-included, not a test of its own).

use mews_connector::contract::{Rule, Validate, Violation};
use uuid::Uuid;

/// `n` distinct UUIDs.
pub fn ids(n: usize) -> Vec<Uuid> {
    (0..n as u128).map(Uuid::from_u128).collect()
}

/// Every violation of a request that must break a contract.
pub fn violations(request: &impl Validate) -> Vec<Violation> {
    request
        .check_contracts(false)
        .expect_err("the request breaks a contract")
        .into_violations()
}

/// The single violation of a request that breaks exactly one contract.
pub fn only(request: &impl Validate) -> (String, Rule) {
    let v = violations(request);
    assert_eq!(v.len(), 1, "expected exactly one violation, got {v:?}");
    (v[0].path.clone(), v[0].rule.clone())
}
