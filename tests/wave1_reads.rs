//! Wave 1's onboarding reads through the runtime, against a local server:
//! exact money in an `Amount` (values `f64` cannot hold), a page with a
//! second list the pager does not follow (`products/getAll`), the tax rate
//! strategy union with a discriminator this version does not know
//! (`taxations/getAll`), and an answer that spells a list by its older name
//! (`countries/getAll`).

use futures_util::TryStreamExt;
use mews_connector::common::Limitation;
use mews_connector::countries::GetAllCountriesRequest;
use mews_connector::products::{GetAllProductsRequest, ProductsGetAllResult};
use mews_connector::taxations::{GetAllTaxationsRequest, TaxRateStrategy};
use mews_connector::{Client, Credentials, Decimal, Environment, RetryPolicy};
use serde_json::{Value, json};
use uuid::Uuid;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

fn id(n: u128) -> Uuid {
    Uuid::from_u128(n)
}

/// One attempt per call, no rate limit: what is sent is exactly what the
/// test caused.
fn client(server: &MockServer) -> Client {
    let environment = Environment::custom(&server.uri()).unwrap();
    Client::builder(
        environment,
        Credentials::new("CT-wave1", "AT-wave1", "client-tests 1.0"),
    )
    .no_rate_limit()
    .retry_policy(RetryPolicy::disabled())
    .build()
    .unwrap()
}

/// A body of raw JSON text, so that numbers reach the client with exactly
/// these digits (a `serde_json::Value` would round them through `f64`).
fn raw(text: String) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_raw(text.into_bytes(), "application/json")
}

/// A product as Mews writes it, priced at `net`/`gross`/`tax` (JSON number text).
fn product(n: u128, net: &str, gross: &str, tax: &str) -> String {
    format!(
        r#"{{"Id":"{id}","ServiceId":"{service}","CategoryId":null,"AccountingCategoryId":null,
        "IsActive":true,"Names":{{"en-US":"Breakfast"}},"ExternalNames":{{}},"ShortNames":{{}},
        "Descriptions":null,"ChargingMode":"PerPersonPerTimeUnit","PostingMode":"Once",
        "Options":{{"BillAsPackage":false,"ExcludePriceFromOffer":false}},
        "Promotions":{{"BeforeCheckIn":false,"AfterCheckIn":false,"DuringStay":true,
          "BeforeCheckOut":false,"AfterCheckOut":false,"DuringCheckOut":false}},
        "Classifications":{{"Food":true,"Beverage":false,"Wellness":false,"CityTax":false,"Fee":false}},
        "Price":{{"Currency":"EUR","NetValue":{net},"GrossValue":{gross},
          "TaxValues":[{{"Code":"FR-T","Value":{tax}}}],
          "Breakdown":{{"Items":[{{"TaxRateCode":"FR-T","NetValue":{net},"TaxValue":{tax}}}]}}}},
        "ImageIds":null,"Ordering":{n},"ExternalIdentifier":null,"CreatedUtc":"2023-10-01T11:48:57Z",
        "UpdatedUtc":"2023-10-28T11:48:57Z","ConsumptionMoment":"ServiceOrderStart"}}"#,
        id = id(n),
        service = id(100),
    )
}

/// Answers `products/getAll` from pages of products keyed by the request's
/// cursor; every page also carries one customer product.
struct ProductPages;

impl Respond for ProductPages {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let body: Value = serde_json::from_slice(&request.body).unwrap();
        let cursor = body["Limitation"]["Cursor"].as_str().map(str::to_owned);
        let customer = product(900, "1", "1.1", "0.1");
        let page = match cursor.as_deref() {
            None => format!(
                r#"{{"Products":[{},{}],"CustomerProducts":[{customer}],"Cursor":"{}"}}"#,
                product(
                    1,
                    "100000000000000000.01",
                    "121000000000000000.0121",
                    "21000000000000000.0021"
                ),
                product(2, "0.1", "0.121", "0.021"),
                id(2),
            ),
            Some(c) if c == id(2).to_string() => format!(
                r#"{{"Products":[{}],"CustomerProducts":[{customer}],"Cursor":"{}"}}"#,
                product(3, "12.50", "15.125", "2.625"),
                id(3),
            ),
            Some(other) => panic!("unexpected cursor {other}"),
        };
        raw(page)
    }
}

#[tokio::test]
async fn amounts_come_back_with_exactly_their_digits_and_customer_products_do_not_page() {
    let server = MockServer::builder().start().await;
    Mock::given(method("POST"))
        .and(path("/api/connector/v1/products/getAll"))
        .respond_with(ProductPages)
        .mount(&server)
        .await;
    let client = client(&server);
    let request = || {
        GetAllProductsRequest::builder()
            .service_ids([id(100)])
            .limitation(Limitation::builder().count(2).build())
            .build()
    };

    // The items: the `Products` of both pages, never the customer products.
    let products: Vec<_> = client
        .products()
        .get_all_items(request())
        .try_collect()
        .await
        .unwrap();
    let ids: Vec<Uuid> = products.iter().map(|p| p.id).collect();
    assert_eq!(ids, [id(1), id(2), id(3)]);

    // Money keeps its text: neither value fits an f64 exactly.
    let price = &products[0].price;
    assert_eq!(price.net_value.to_string(), "100000000000000000.01");
    assert_eq!(price.gross_value.to_string(), "121000000000000000.0121");
    assert_eq!(
        price.tax_values[0].value.to_string(),
        "21000000000000000.0021"
    );
    assert_eq!(
        price.breakdown.items[0].net_value,
        "100000000000000000.01".parse::<Decimal>().unwrap()
    );
    assert_ne!(
        price.net_value.to_string(),
        "100000000000000000.01".parse::<f64>().unwrap().to_string(),
        "the test's value must be one f64 cannot hold"
    );
    // A caller's trailing zero is kept too.
    assert_eq!(products[2].price.net_value.to_string(), "12.50");

    // Written back, the amount is the same JSON text Mews sent.
    let written = serde_json::to_string(price).unwrap();
    assert!(
        written.contains(r#""NetValue":100000000000000000.01"#),
        "{written}"
    );
    assert!(
        written.contains(r#""GrossValue":121000000000000000.0121"#),
        "{written}"
    );

    // The pages: each keeps its customer products beside the items.
    let pages: Vec<ProductsGetAllResult> = client
        .products()
        .get_all_pages(request())
        .try_collect()
        .await
        .unwrap();
    assert_eq!(pages.len(), 2);
    for page in &pages {
        assert_eq!(page.customer_products.len(), 1);
        assert_eq!(page.customer_products[0].id, id(900));
    }
}

#[tokio::test]
async fn tax_rate_strategies_read_as_their_variants_and_a_new_one_is_kept_raw() {
    let server = MockServer::builder().start().await;
    let body = r#"{
      "Taxations": [{"Code": "AT-2020", "Name": "VAT", "LocalName": "MWST"}],
      "TaxRates": [
        {"Code": "AT-21%", "TaxationCode": "AT-2020", "Value": 0.21, "ValidityInvervalsUtc": null,
         "Strategy": {"Discriminator": "Relative", "Value": {"Value": 0.21}}},
        {"Code": "AT-5-EUR", "TaxationCode": "AT-2020", "Value": 5, "ValidityInvervalsUtc": null,
         "Strategy": {"Discriminator": "Flat", "Value": {"CurrencyCode": "EUR", "Value": 5.00}}},
        {"Code": "QC-9.975%", "TaxationCode": "CA-QC", "Value": 0,
         "ValidityInvervalsUtc": [{"StartUtc": "2023-10-19T19:00:00Z", "EndUtc": null}],
         "Strategy": {"Discriminator": "Dependent",
                      "Value": {"Value": 0.09975, "BaseTaxationCodes": ["CA-QC-LO"]}}},
        {"Code": "XX-STEP", "TaxationCode": "XX", "Value": 0.1, "ValidityInvervalsUtc": null,
         "Strategy": {"Discriminator": "Stepped", "Value": {"Steps": [0.1, 0.2]}}}
      ]
    }"#;
    Mock::given(method("POST"))
        .and(path("/api/connector/v1/taxations/getAll"))
        .respond_with(raw(body.to_owned()))
        .mount(&server)
        .await;

    let result = client(&server)
        .taxations()
        .get_all(GetAllTaxationsRequest::builder().build())
        .await
        .unwrap();
    let rates = &result.tax_rates;
    assert_eq!(rates.len(), 4);
    match &rates[0].strategy {
        TaxRateStrategy::Relative(data) => assert_eq!(data.value.to_string(), "0.21"),
        other => panic!("expected Relative, got {other:?}"),
    }
    match &rates[1].strategy {
        TaxRateStrategy::Flat(data) => {
            assert_eq!(data.currency_code, "EUR");
            assert_eq!(data.value.to_string(), "5.00");
        }
        other => panic!("expected Flat, got {other:?}"),
    }
    match &rates[2].strategy {
        TaxRateStrategy::Dependent(data) => {
            assert_eq!(data.value.to_string(), "0.09975");
            assert_eq!(data.base_taxation_codes, ["CA-QC-LO"]);
        }
        other => panic!("expected Dependent, got {other:?}"),
    }
    // A validity period open at its end.
    let validity = rates[2].validity_invervals_utc.as_ref().unwrap();
    assert!(validity[0].start_utc.is_some());
    assert_eq!(validity[0].end_utc, None);
    match &rates[3].strategy {
        TaxRateStrategy::Unknown(unknown) => {
            assert_eq!(unknown.discriminator(), "Stepped");
            assert_eq!(
                unknown.property("Value").unwrap().get(),
                r#"{"Steps": [0.1, 0.2]}"#
            );
        }
        other => panic!("expected Unknown, got {other:?}"),
    }
    // The unknown strategy is written back as it came.
    let written: Value = serde_json::to_value(&rates[3].strategy).unwrap();
    assert_eq!(
        written,
        json!({"Discriminator": "Stepped", "Value": {"Steps": [0.1, 0.2]}})
    );
}

#[tokio::test]
async fn country_groups_are_read_under_their_older_name_too() {
    let server = MockServer::builder().start().await;
    let body = json!({
        "Countries": [{"Code": "GB", "SovereignCountryCode": "GB", "EnglishName": "United Kingdom"}],
        "CountrySubdivisions": [],
        "CountryRules": [],
        "CountryAlliances": [
            {"Code": "SCHENGEN", "EnglishName": "Schengen Area", "CountryCodes": ["AT", "BE"]}
        ]
    });
    Mock::given(method("POST"))
        .and(path("/api/connector/v1/countries/getAll"))
        .respond_with(ResponseTemplate::new(200).set_body_json(body))
        .mount(&server)
        .await;

    let result = client(&server)
        .countries()
        .get_all(GetAllCountriesRequest::builder().build())
        .await
        .unwrap();
    assert_eq!(result.country_groups.len(), 1);
    assert_eq!(result.country_groups[0].code, "SCHENGEN");
    assert_eq!(result.country_groups[0].country_codes, ["AT", "BE"]);
    // Written under the name the docs' tables give.
    let written = serde_json::to_value(&result).unwrap();
    assert!(written.get("CountryGroups").is_some(), "{written}");
    assert!(written.get("CountryAlliances").is_none(), "{written}");
}
