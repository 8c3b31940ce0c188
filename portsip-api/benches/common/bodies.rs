//! Response bodies as a PBX sends them, every field filled: a full tenant-settings document and
//! a page of holidays. Each is checked against the spec the client was generated from, so a
//! field the spec gains is a failing benchmark setup, not a silently thinner body.

use serde_json::{Value, json};

/// `GET /tenant`: the current tenant's settings (`tenant.json`, compacted as a server sends it).
pub fn tenant() -> String {
    let body: Value = serde_json::from_str(include_str!("tenant.json")).unwrap();
    body.to_string()
}

/// `GET /holidays?top=N`: the first `n` of 360 holidays.
pub fn holiday_page(n: usize) -> String {
    const NAMES: [(&str, u32, u32); 12] = [
        ("New Year's Day", 1, 1),
        ("Martin Luther King Jr. Day", 1, 20),
        ("Presidents' Day", 2, 17),
        ("Good Friday", 4, 18),
        ("Memorial Day", 5, 26),
        ("Independence Day", 7, 4),
        ("Labor Day", 9, 1),
        ("Columbus Day", 10, 13),
        ("Veterans Day", 11, 11),
        ("Thanksgiving Day", 11, 27),
        ("Christmas Eve", 12, 24),
        ("Christmas Day", 12, 25),
    ];
    const REGIONS: [&str; 5] = ["USA", "GBR", "DEU", "FRA", "CAN"];
    let items: Vec<Value> = (0..n)
        .map(|i| {
            let (name, month, day) = NAMES[i % NAMES.len()];
            let consecutive = i % 4 == 0;
            json!({
                "id": format!("66093101086307{:04}", 5000 + i),
                "name": name,
                "region": REGIONS[i / NAMES.len() % REGIONS.len()],
                "every_year": i % 3 != 0,
                "consecutive": consecutive,
                "year_start": 2025 + (i / 60) as u32,
                "year_end": 2025 + (i / 60) as u32,
                "month_start": month,
                "month_end": month,
                "day_start": day,
                "day_end": if consecutive { day + 1 } else { day },
                "hour_start": 0,
                "hour_end": 23,
                "minute_start": 0,
                "minute_end": 59
            })
        })
        .collect();
    json!({"count": 360, "items": items}).to_string()
}

/// Panics unless `body` fills every property of the spec's schema `name`, recursively, and
/// every array has items: a benchmark of a thin body would flatter the decoder.
pub fn assert_fills_schema(body: &str, name: &str) {
    let spec: Value =
        serde_json::from_str(&std::fs::read_to_string(env!("PORTSIP_API_SPEC_PATH")).unwrap())
            .unwrap();
    let schema = json!({ "$ref": portsip_api_build::openapi::refs::to_component(name) });
    let body: Value = serde_json::from_str(body).unwrap();
    check(&spec, &schema, &body, name);
}

fn check(spec: &Value, schema: &Value, value: &Value, at: &str) {
    let schema = portsip_api_build::openapi::refs::follow_value(spec, schema);
    if let Some(properties) = schema.get("properties").and_then(Value::as_object) {
        let object = value
            .as_object()
            .unwrap_or_else(|| panic!("{at}: not an object"));
        for (property, subschema) in properties {
            let field = object
                .get(property)
                .unwrap_or_else(|| panic!("{at}.{property}: missing from the body"));
            check(spec, subschema, field, &format!("{at}.{property}"));
        }
    } else if let Some(items) = schema.get("items") {
        let array = value
            .as_array()
            .unwrap_or_else(|| panic!("{at}: not an array"));
        assert!(!array.is_empty(), "{at}: empty array");
        for item in array {
            check(spec, items, item, &format!("{at}[]"));
        }
    } else {
        assert!(!value.is_null(), "{at}: null");
    }
}
