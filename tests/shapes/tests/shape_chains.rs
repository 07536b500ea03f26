//! The `shapeChains` fixture (tests/shapes/spec/shape_chains.yaml): portfolio
//! operations that select chains. The portfolio rule is the enterprises'
//! one: with a portfolio access token the one chain a write acts on must be
//! named, and a read may leave its filter list out.

use mews_connector::contract::Rule;
use serde_json::json;
use shape_tests::harness::{client_with, received, refused, server, url_path, with_credentials};
use shape_tests::shape_chains::{
    AddShapeChainsRequest, GetAllShapeChainsRequest, ShapeChainsClientExt,
};
use uuid::Uuid;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn id(n: u128) -> Uuid {
    Uuid::from_u128(n)
}

async fn answering(operation: &str) -> MockServer {
    let server = server().await;
    Mock::given(method("POST"))
        .and(path(url_path(operation)))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "Clubs": [{ "Id": id(1), "ChainId": id(100), "Name": "Rowing" }]
        })))
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn a_chain_read_with_a_portfolio_token_may_leave_its_chains_out() {
    let server = answering("shapeChains/getAll").await;
    let client = client_with(&server, true);

    let all = client
        .shape_chains()
        .get_all(GetAllShapeChainsRequest::builder().build())
        .await
        .unwrap();
    let some = client
        .shape_chains()
        .get_all(
            GetAllShapeChainsRequest::builder()
                .chain_ids([id(100), id(101)])
                .build(),
        )
        .await
        .unwrap();

    assert_eq!(all.clubs[0].chain_id, id(100));
    assert_eq!(some, all);
    assert_eq!(
        received(&server).await,
        [
            (url_path("shapeChains/getAll"), with_credentials(json!({}))),
            (
                url_path("shapeChains/getAll"),
                with_credentials(json!({ "ChainIds": [id(100), id(101)] }))
            ),
        ]
    );
}

#[tokio::test]
async fn a_chain_write_with_a_portfolio_token_must_name_its_chain() {
    let server = answering("shapeChains/add").await;
    let client = client_with(&server, true);

    let err = client
        .shape_chains()
        .add(AddShapeChainsRequest::builder().name("Rowing").build())
        .await
        .unwrap_err();

    let found = refused(&err);
    assert_eq!(found, [("ChainId", &Rule::RequiredWithPortfolioToken)]);
    assert!(received(&server).await.is_empty(), "nothing was sent");

    client
        .shape_chains()
        .add(
            AddShapeChainsRequest::builder()
                .chain_id(id(100))
                .name("Rowing")
                .build(),
        )
        .await
        .unwrap();
    assert_eq!(
        received(&server).await,
        [(
            url_path("shapeChains/add"),
            with_credentials(json!({ "ChainId": id(100), "Name": "Rowing" }))
        )]
    );
}

#[tokio::test]
async fn a_chain_write_with_an_ordinary_token_may_leave_its_chain_out() {
    let server = answering("shapeChains/add").await;

    client_with(&server, false)
        .shape_chains()
        .add(AddShapeChainsRequest::builder().name("Rowing").build())
        .await
        .unwrap();

    assert_eq!(
        received(&server).await,
        [(
            url_path("shapeChains/add"),
            with_credentials(json!({ "Name": "Rowing" }))
        )]
    );
}
