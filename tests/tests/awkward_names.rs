//! The client generated from `fixtures/awkward-names.json` (see `build.rs`): that it compiles at
//! all is the first test. The rest hold the generated names to the wire: every awkward enum value
//! and property name goes out and comes back exactly as the spec spells it, through serde, the
//! string conversions and a real request.

// Generated code is not ours to lint, as in `portsip-api`. The idempotence table is for a retry
// layer, which this bare client has none of.
#[allow(clippy::all, dead_code)]
mod generated {
    include!(concat!(env!("OUT_DIR"), "/awkward_names.rs"));
}
pub use generated::*;

use std::future::IntoFuture;
use std::sync::{Arc, Mutex};

use axum::http::{Method, Uri};
use axum::response::IntoResponse;
use serde_json::{Value, json};
use types::{Delivery, Thing, ThingMode};

impl progenitor_client::ClientHooks<()> for Client {}

/// Every value of `Delivery` in the fixture, with the variant it generates.
fn deliveries() -> Vec<(Delivery, &'static str)> {
    vec![
        (Delivery::Err, "Err"),
        (Delivery::Ok, "Ok"),
        (Delivery::Some, "Some"),
        (Delivery::None, "None"),
        (Delivery::SelfValue, "Self"),
        (Delivery::SelfValue5, "self"),
        (Delivery::Type, "Type"),
        (Delivery::Type7, "type"),
        (Delivery::Match, "match"),
        (Delivery::Crate, "crate"),
        (Delivery::Async, "async"),
        (Delivery::Value1st, "1st"),
        (Delivery::Value8, "8"),
        (Delivery::AB, "a-b"),
        (Delivery::AB14, "a_b"),
        (Delivery::AB15, "A_B"),
        (Delivery::On, "ON"),
        (Delivery::On17, "on"),
        (Delivery::Empty, ""),
        (Delivery::GrU00f6U00dfE, "größe"),
        (Delivery::U65e5U672c, "日本"),
        (Delivery::Unknown, "Unknown"),
        (Delivery::UnknownValue, "UnknownValue"),
    ]
}

#[test]
fn every_enum_value_keeps_its_exact_wire_string() {
    let mut all = deliveries();
    all.push((Delivery::UnknownValue2("Err ".into()), "Err "));
    for (variant, wire) in all {
        let json = serde_json::to_string(&variant).unwrap();
        assert_eq!(json, serde_json::to_string(wire).unwrap(), "{variant:?}");
        assert_eq!(serde_json::from_str::<Delivery>(&json).unwrap(), variant);
        assert_eq!(wire.parse::<Delivery>(), Ok(variant.clone()));
        assert_eq!(variant.to_string(), wire);
        assert_eq!(Delivery::from(wire.to_owned()), variant);
    }
    for (variant, wire) in [
        (ThingMode::On, "ON"),
        (ThingMode::On1, "on"),
        (ThingMode::SelfValue, "Self"),
        (ThingMode::Empty, ""),
        (ThingMode::Unknown("Unknown".into()), "Unknown"),
    ] {
        assert_eq!(serde_json::to_value(&variant).unwrap(), json!(wire));
        assert_eq!(
            serde_json::from_value::<ThingMode>(json!(wire)).unwrap(),
            variant
        );
    }
}

/// A `Thing` with every property set to a value naming it, so a swapped field shows.
fn awkward_thing() -> Value {
    let mut thing = serde_json::Map::new();
    for name in [
        "Err", "Ok", "Some", "None", "Self", "self", "Type", "type", "match", "crate", "async",
        "super", "1st", "8", "a-b", "a_b", "A_B", "ON", "on", "", "größe", "default", "from",
        "try_from", "into", "builder", "value", "client",
    ] {
        thing.insert(name.into(), json!(format!("<{name}>")));
    }
    thing.insert("delivery".into(), json!("Err"));
    thing.insert("mode".into(), json!("Self"));
    let all: Vec<&str> = deliveries().into_iter().map(|(_, wire)| wire).collect();
    thing.insert("list".into(), json!(all));
    Value::Object(thing)
}

#[test]
fn every_property_name_keeps_its_exact_wire_name() {
    let thing: Thing = serde_json::from_value(awkward_thing()).unwrap();
    let fields = [
        (&thing.self_, "Self"),
        (&thing.self_2, "self"),
        (&thing.type_, "Type"),
        (&thing.type_2, "type"),
        (&thing.a_b, "a_b"),
        (&thing.a_b_2, "A_B"),
        (&thing.a_b_3, "a-b"),
        (&thing.on, "on"),
        (&thing.on_2, "ON"),
        (&thing.x, ""),
        (&thing.x1st, "1st"),
        (&thing.gr_u00f6_u00df_e, "größe"),
        (&thing.err, "Err"),
        (&thing.crate_, "crate"),
        (&thing.try_from, "try_from"),
    ];
    for (field, wire) in fields {
        assert_eq!(field.as_deref(), Some(format!("<{wire}>").as_str()));
    }
    assert_eq!(thing.delivery, Some(Delivery::Err));
    assert_eq!(serde_json::to_value(&thing).unwrap(), awkward_thing());

    let built: Thing = Thing::builder()
        .a_b_3(Some("<a-b>".to_owned()))
        .self_("<Self>".to_owned())
        .type_2(Some("<type>".to_owned()))
        .try_into()
        .unwrap();
    assert_eq!(
        serde_json::to_value(&built).unwrap(),
        json!({"a-b": "<a-b>", "Self": "<Self>", "type": "<type>"})
    );
}

#[test]
fn the_decoder_table_decodes_the_awkward_response() {
    let (_, decode) = response_decoders::DECODERS
        .iter()
        .find(|(operation, _)| *operation == "showThing")
        .unwrap();
    let (back, _debug) = decode(awkward_thing()).unwrap();
    assert_eq!(back, awkward_thing());
}

/// A local server that answers a GET with the awkward `Thing` and anything else with nothing,
/// and records each request's method, URI and body.
async fn serve() -> (String, Arc<Mutex<Vec<String>>>) {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let record = seen.clone();
    let app = axum::Router::new().fallback(move |method: Method, uri: Uri, body: String| {
        let record = record.clone();
        async move {
            record
                .lock()
                .unwrap()
                .push(format!("{method} {uri} {body}"));
            match method {
                Method::GET => axum::Json(awkward_thing()).into_response(),
                _ => ().into_response(),
            }
        }
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}/api", listener.local_addr().unwrap());
    tokio::spawn(axum::serve(listener, app).into_future());
    (base, seen)
}

#[tokio::test]
async fn awkward_parameters_and_bodies_go_out_and_come_back_exactly() {
    let (base, seen) = serve().await;
    let client = Client::new_with_client(&base, reqwest::Client::new(), ());
    let thing = client
        .show_thing()
        .id("1")
        .type_(Delivery::SelfValue)
        .self_("me")
        .async_("")
        .send()
        .await
        .unwrap()
        .into_inner();
    assert_eq!(serde_json::to_value(&thing).unwrap(), awkward_thing());
    client.match_().id("1").body(thing).send().await.unwrap();

    let seen = seen.lock().unwrap();
    let query = seen[0].split(' ').nth(1).unwrap();
    for pair in ["type=Self", "self=me", "async="] {
        assert!(query.contains(pair), "{query}");
    }
    let (line, body) = seen[1].split_at(seen[1].find('{').unwrap());
    assert_eq!(line, "POST /api/things/1 ");
    assert_eq!(
        serde_json::from_str::<Value>(body).unwrap(),
        awkward_thing()
    );
}
