use std::collections::BTreeSet;

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use portsip_api_tests::SeedError;

use crate::support::Harness;

fn holiday(n: usize) -> Value {
    json!({"name": format!("Holiday {n}"), "region": "USA", "consecutive": false,
           "every_year": true, "month_start": 1 + n % 12, "day_start": 1})
}

#[tokio::test]
async fn holidays_can_be_created_read_updated_and_destroyed() {
    let harness = Harness::start().await;
    let token = harness.sign_in().await;
    let created = harness.post("/holidays", &token, holiday(1)).await;
    let id = created.body["id"].as_str().unwrap().to_owned();

    let shown = harness.get(&format!("/holidays/{id}"), &token).await;
    assert_eq!(shown.status, StatusCode::OK);
    assert_eq!(shown.body["name"], "Holiday 1");
    assert_eq!(shown.body["id"], id.as_str());

    let update = harness
        .post(
            &format!("/holidays/{id}"),
            &token,
            json!({"name": "Renamed", "day_end": 2}),
        )
        .await;
    assert_eq!(update.status, StatusCode::OK);
    let shown = harness.get(&format!("/holidays/{id}"), &token).await;
    assert_eq!(shown.body["name"], "Renamed");
    assert_eq!(shown.body["day_end"], 2);
    assert_eq!(shown.body["region"], "USA");

    let destroyed = harness
        .send(
            Method::POST,
            &format!("/holidays/{id}/destroy"),
            Some(&token),
            None,
        )
        .await;
    assert_eq!(destroyed.status, StatusCode::NO_CONTENT);
    let gone = harness.get(&format!("/holidays/{id}"), &token).await;
    assert_eq!(gone.status, StatusCode::NOT_FOUND);
    assert_eq!(gone.error_details(), ["/path/id"]);
    assert_eq!(harness.get("/holidays", &token).await.body["count"], 0);
    harness.assert_answers_were_on_spec();
}

#[tokio::test]
async fn holidays_page_with_skip_and_top() {
    let harness = Harness::start().await;
    let token = harness.sign_in().await;
    for n in 0..7 {
        harness.post("/holidays", &token, holiday(n)).await;
    }
    let mut seen = BTreeSet::new();
    let mut sizes = Vec::new();
    for skip in [0, 3, 6] {
        let page = harness
            .get(&format!("/holidays?skip={skip}&top=3"), &token)
            .await;
        assert_eq!(page.body["count"], 7);
        let items = page.body["items"].as_array().unwrap();
        sizes.push(items.len());
        seen.extend(
            items
                .iter()
                .map(|item| item["name"].as_str().unwrap().to_owned()),
        );
    }
    assert_eq!(sizes, [3, 3, 1]);
    assert_eq!(seen.len(), 7);
    let beyond = harness.get("/holidays?skip=10", &token).await;
    assert_eq!(beyond.body["items"], json!([]));
    assert_eq!(beyond.body["count"], 7);
    harness.assert_answers_were_on_spec();
}

#[tokio::test]
async fn settings_read_back_what_was_posted() {
    let harness = Harness::start().await;
    let token = harness.sign_in().await;
    let cases = [
        (
            "/tenant",
            json!({"name": "Acme Ltd", "timezone": "Europe/Paris"}),
        ),
        (
            "/tenant/password_policy",
            json!({"min_length": 10, "contains_numbers": false}),
        ),
        (
            "/tenant/custom_headers",
            json!({"add": [{"name": "X-Mock", "value": "1", "scope": "ALL"}], "relay": []}),
        ),
        (
            "/voicemail",
            json!({"extension_number": "999", "retain_days": 7}),
        ),
    ];
    for (path, posted) in cases {
        let before = harness.get(path, &token).await;
        assert_eq!(before.status, StatusCode::OK, "{path}");
        let written = harness.post(path, &token, posted.clone()).await;
        assert_eq!(written.status, StatusCode::OK, "{path}: {}", written.body);
        let after = harness.get(path, &token).await;
        for (field, value) in posted.as_object().unwrap() {
            assert_eq!(&after.body[field], value, "{path} {field}");
        }
        // Fields not posted keep their value.
        for (field, value) in before.body.as_object().unwrap() {
            if !posted.as_object().unwrap().contains_key(field) {
                assert_eq!(&after.body[field], value, "{path} {field}");
            }
        }
    }
    harness.assert_answers_were_on_spec();
}

#[tokio::test]
async fn recharges_add_up() {
    let harness = Harness::start().await;
    let token = harness.sign_in().await;
    let balance = |answer: &crate::support::Answer| answer.body["balance"].as_f64().unwrap();
    let start = balance(&harness.get("/tenant/balance", &token).await);
    for amount in [10.25, 4.75] {
        let answer = harness
            .post("/tenant/balance", &token, json!({"balance": amount}))
            .await;
        assert_eq!(answer.status, StatusCode::OK);
    }
    let end = balance(&harness.get("/tenant/balance", &token).await);
    assert!((end - start - 15.0).abs() < 1e-9, "{start} -> {end}");
}

#[tokio::test]
async fn each_server_starts_empty() {
    let first = Harness::start().await;
    let token = first.sign_in().await;
    first.post("/holidays", &token, holiday(0)).await;
    let second = Harness::start().await;
    let token = second.sign_in().await;
    assert_eq!(second.get("/holidays", &token).await.body["count"], 0);
}

#[tokio::test]
async fn seeded_records_are_listed_and_shown_like_created_ones() {
    let harness = Harness::start().await;
    let token = harness.sign_in().await;
    let calls = [
        json!({"call_id": "a", "started_at": "2024-03-14T09:00:00Z"}),
        json!({"call_id": "b", "started_at": "2024-03-15T09:00:00Z"}),
    ];
    let ids = harness.mock.seed("/cdrs", calls.clone()).unwrap();
    let listed = harness.get("/cdrs", &token).await;
    assert_eq!(listed.body["count"], 2);
    assert_eq!(listed.body["items"][1]["call_id"], "b");
    assert_eq!(listed.body["items"][1]["id"], ids[1].as_str());
    // The vendor documents one call record as the single entry of `items`.
    let shown = harness.get(&format!("/cdrs/{}", ids[0]), &token).await;
    assert_eq!(shown.status, StatusCode::OK);
    assert_eq!(shown.body["items"][0]["call_id"], "a");
    assert_eq!(shown.body["items"].as_array().map(Vec::len), Some(1));
    harness.assert_answers_were_on_spec();
}

#[tokio::test]
async fn seeding_refuses_what_no_list_could_answer() {
    let harness = Harness::start().await;
    assert!(matches!(
        harness.mock.seed("/cdrs/{id}", [json!({})]),
        Err(SeedError::NotACollection(_))
    ));
    assert!(matches!(
        harness.mock.seed("/cdrs", [json!({}), json!("call")]),
        Err(SeedError::NotAnObject { index: 1 })
    ));
    assert!(matches!(
        harness.mock.seed("/cdrs", [json!({"duration": "long"})]),
        Err(SeedError::OffSpec { .. })
    ));
}

#[tokio::test]
async fn a_groups_member_list_is_replaced_whole_and_gone_with_the_group() {
    let harness = Harness::start().await;
    let token = harness.sign_in().await;
    let queue = harness
        .post(
            "/call_queues",
            &token,
            json!({"name": "Support", "extension_number": "8000", "polling_strategy": "RING_SIMULTANEOUSLY"}),
        )
        .await;
    let id = queue.body["id"].as_str().unwrap().to_owned();
    let agents = format!("/call_queues/{id}/agents");
    assert_eq!(
        harness.get(&agents, &token).await.body,
        json!({"items": []})
    );
    for items in [
        json!([{"extension_number": "1001", "skill_level": 2}, {"extension_number": "1002"}]),
        json!([{"extension_number": "1002", "skill_level": 9}]),
    ] {
        let written = harness
            .post(&agents, &token, json!({ "items": items }))
            .await;
        assert_eq!(written.status, StatusCode::OK);
        assert_eq!(harness.get(&agents, &token).await.body["items"], items);
    }
    let agent = harness.get(&format!("{agents}/1002"), &token).await;
    assert_eq!(
        agent.body,
        json!({"extension_number": "1002", "skill_level": 9})
    );
    let former = harness.get(&format!("{agents}/1001"), &token).await;
    assert_eq!(former.status, StatusCode::NOT_FOUND);
    assert_eq!(former.error_details(), ["/path/agent_number"]);

    harness
        .send(
            Method::POST,
            &format!("/call_queues/{id}/destroy"),
            Some(&token),
            None,
        )
        .await;
    let orphaned = harness.get(&agents, &token).await;
    assert_eq!(orphaned.status, StatusCode::NOT_FOUND);
    assert_eq!(orphaned.error_details(), ["/path/id"]);
    harness.assert_answers_were_on_spec();
}
