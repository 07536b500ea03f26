//! The client's Rust types of each operation the spec covers.
//!
//! The list comes from the generated client itself
//! (`mews_connector::for_each_operation`), so it cannot fall behind the
//! spec: each entry is one generic instantiation, with the path from the
//! type's `Operation::PATH` and the response type from `Operation::Response`.

use mews_connector::operation::{Operation, OperationVisitor};
use serde::Serialize;
use serde::de::DeserializeOwned;

use super::compare::{self, Direction, Mismatch, Problem};
use super::deviations::Example;

/// One operation: its path and the checks of its request and response
/// examples, bound to its Rust types.
pub struct Entry {
    /// The URL path below `/api/connector/v1/`, from `Operation::PATH`.
    pub path: &'static str,
    /// Checks a request example, credentials already taken out.
    pub request: fn(&Example) -> Vec<Mismatch>,
    /// Checks a response example.
    pub response: fn(&Example) -> Vec<Mismatch>,
}

const fn entry<O>() -> Entry
where
    O: Operation + DeserializeOwned,
    O::Response: Serialize,
{
    Entry {
        path: O::PATH,
        request: check_request::<O>,
        response: check_response::<O::Response>,
    }
}

/// Every operation of the generated client, in spec order.
pub fn all() -> Vec<Entry> {
    struct Collect(Vec<Entry>);
    impl OperationVisitor for Collect {
        fn visit<O>(&mut self)
        where
            O: Operation + DeserializeOwned,
            O::Response: Serialize,
        {
            self.0.push(entry::<O>());
        }
    }
    let mut collect = Collect(Vec::new());
    mews_connector::for_each_operation(&mut collect);
    collect.0
}

/// A request example: it reads as `O`, keeps `O`'s contracts (as sent with
/// an ordinary, non-portfolio access token) and is written back unchanged.
fn check_request<O: Operation + DeserializeOwned>(example: &Example) -> Vec<Mismatch> {
    let request: O = match compare::read(&example.read) {
        Ok(request) => request,
        Err(unreadable) => return vec![unreadable],
    };
    let mut out: Vec<Mismatch> = match request.check_contracts(false) {
        Ok(()) => Vec::new(),
        Err(violations) => violations
            .violations()
            .iter()
            .map(|v| Mismatch {
                path: v.path.clone(),
                problem: Problem::Contract(v.rule.to_string()),
            })
            .collect(),
    };
    out.extend(compare::compare(
        &example.expect,
        &request,
        Direction::Request,
    ));
    out
}

/// A response example: it reads as `R` and nothing it holds is lost.
fn check_response<R: DeserializeOwned + Serialize>(example: &Example) -> Vec<Mismatch> {
    match compare::read::<R>(&example.read) {
        Ok(response) => compare::compare(&example.expect, &response, Direction::Response),
        Err(unreadable) => vec![unreadable],
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn find(path: &str) -> Entry {
        all()
            .into_iter()
            .find(|e| e.path == path)
            .expect("a generated operation")
    }

    fn lines(mismatches: Vec<Mismatch>) -> Vec<String> {
        mismatches.iter().map(ToString::to_string).collect()
    }

    #[test]
    fn no_operation_is_in_the_table_twice() {
        let paths: Vec<&str> = all().iter().map(|e| e.path).collect();
        let mut unique = paths.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(
            unique.len(),
            paths.len(),
            "an operation is in the table twice: {paths:?}"
        );
    }

    #[test]
    fn update_intents_survive_the_round_trip() {
        let body = json!({
            "VoucherUpdates": [{
                "VoucherId": "fe568bbd-1ecb-4bb2-bf77-96c3698de20d",
                "Name": {"Value": "Weekend"},
                "CompanyId": {"Value": null},
                "ExternalIdentifier": null
            }]
        });
        assert_eq!(
            lines((find("vouchers/update").request)(&Example::plain(body))),
            Vec::<String>::new()
        );
    }

    #[test]
    fn a_request_that_breaks_a_contract_fails_with_the_contract_path() {
        let rates: Vec<String> = (0..11)
            .map(|i| format!("00000000-0000-0000-0000-0000000000{i:02}"))
            .collect();
        let body = json!({
            "VoucherParameters": [{
                "ServiceId": "bd26d8db-86da-4f96-9efc-e5a4654a4a94",
                "Name": "Weekend",
                "Type": "Public",
                "AssignedRateIds": rates
            }]
        });
        assert_eq!(
            lines((find("vouchers/add").request)(&Example::plain(body))),
            [
                "VoucherParameters[0].AssignedRateIds: breaks a contract: has 11 items, more than the maximum of 10"
            ]
        );
    }

    #[test]
    fn a_request_property_the_spec_lacks_is_lost() {
        let body = json!({"VoucherIds": ["fe568bbd-1ecb-4bb2-bf77-96c3698de20d"], "Force": true});
        assert_eq!(
            lines((find("vouchers/delete").request)(&Example::plain(body))),
            ["Force: lost: the example has true; the client's type does not read this property"]
        );
    }

    #[test]
    fn a_request_missing_a_required_property_does_not_read() {
        let body = json!({"ServiceIds": ["bd26d8db-86da-4f96-9efc-e5a4654a4a94"], "Limitation": {"Count": 10}});
        let got = (find("vouchers/getAll").request)(&Example::plain(body));
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].path, "(root)");
        assert!(
            got[0].to_string().contains("missing field `Extent`"),
            "{}",
            got[0]
        );
    }

    #[test]
    fn responses_tolerate_absent_properties_and_keep_unknown_enum_values() {
        // No IsActive (tolerate_absent), no Cursor, a VoucherType this
        // version does not know, nulls for nullable properties.
        let body = json!({
            "VoucherCodes": [{
                "Id": "8c364829-c7ae-4972-b67f-93ea704d7228",
                "VoucherId": "fe568bbd-1ecb-4bb2-bf77-96c3698de20d",
                "Value": null,
                "ActivityState": "Active"
            }]
        });
        assert_eq!(
            lines((find("voucherCodes/getAll").response)(&Example::plain(
                body
            ))),
            Vec::<String>::new()
        );
        let body = json!({"Vouchers": [{
            "Id": "fe568bbd-1ecb-4bb2-bf77-96c3698de20d",
            "ServiceId": "bd26d8db-86da-4f96-9efc-e5a4654a4a94",
            "Name": "Staff",
            "CreatedUtc": "2023-12-01T08:17:05Z",
            "UpdatedUtc": "2023-12-02T13:38:49Z",
            "Type": "Employee",
            "TravelAgencyId": null,
            "IsActive": false
        }]});
        assert_eq!(
            lines((find("vouchers/add").response)(&Example::plain(body))),
            Vec::<String>::new()
        );
    }

    #[test]
    fn a_response_property_the_spec_lacks_is_lost_even_when_null() {
        let body = json!({"Vouchers": null, "Rates": null, "Discounts": null, "Cursor": null});
        assert_eq!(
            lines((find("vouchers/getAll").response)(&Example::plain(body))),
            [
                "Discounts: lost: the example has null; the client's type does not read this property"
            ]
        );
    }

    #[test]
    fn an_empty_response_is_any_object_without_properties() {
        assert_eq!(
            lines((find("vouchers/delete").response)(&Example::plain(json!(
                {}
            )))),
            Vec::<String>::new()
        );
        assert_eq!(
            lines((find("vouchers/delete").response)(&Example::plain(
                json!({"Deleted": 2})
            ))),
            ["Deleted: lost: the example has 2; the client's type does not read this property"]
        );
    }
}
