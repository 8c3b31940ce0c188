use futures::TryStreamExt;
use portsip_api::types::NewHoliday;
use portsip_api::{Error, ListOperation};
use reqwest::StatusCode;

fn new_holiday(name: &str) -> NewHoliday {
    NewHoliday {
        name: name.into(),
        region: "USA".into(),
        consecutive: false,
        every_year: true,
        month_start: Some(1),
        day_start: Some(1),
        month_end: None,
        day_end: None,
        hour_start: None,
        hour_end: None,
        minute_start: None,
        minute_end: None,
        year_start: None,
        year_end: None,
    }
}

e2e_test!(a_holiday_lives_through_create_show_update_and_delete,
    covers ["createHoliday", "showHoliday", "updateHoliday", "deleteHoliday", "listHolidays"], |case| {
    let client = case.client().await;
    let created = client
        .create_holiday()
        .body(new_holiday("New Year"))
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), StatusCode::CREATED);
    let id = created.into_inner().id.expect("the new holiday's id");

    let shown = client.show_holiday().id(&id).send().await.unwrap().into_inner();
    assert_eq!(shown.name.as_deref(), Some("New Year"));
    assert_eq!(shown.id.as_deref(), Some(id.as_str()));

    client
        .update_holiday()
        .id(&id)
        .body_map(|body| body.name("Hogmanay".to_owned()).day_end(2))
        .send()
        .await
        .unwrap();
    let shown = client.show_holiday().id(&id).send().await.unwrap().into_inner();
    assert_eq!(shown.name.as_deref(), Some("Hogmanay"));
    assert_eq!(shown.day_end, Some(2));
    assert_eq!(shown.region.as_deref(), Some("USA"));

    let page = client.list_holidays().send().await.unwrap().into_inner();
    assert_eq!(page.count, Some(1));

    let deleted = client.delete_holiday().id(&id).send().await.unwrap();
    assert_eq!(deleted.status(), StatusCode::NO_CONTENT);
    let gone = client.show_holiday().id(&id).send().await.map_err(Error::from).unwrap_err();
    let api = gone.api().expect("an API error");
    assert_eq!(api.status(), StatusCode::NOT_FOUND);
    assert_eq!(api.detail(), Some(&serde_json::json!("/path/id")));
});

e2e_test!(the_holiday_stream_pages_through_the_whole_collection, covers ["listHolidays", "createHoliday"], |case| {
    let client = case.client().await;
    for n in 0..7 {
        client
            .create_holiday()
            .body(new_holiday(&format!("Holiday {n}")))
            .send()
            .await
            .unwrap();
    }
    let before = case.mock.calls("listHolidays");
    let names: Vec<String> = client
        .list_holidays()
        .stream_with_page_size(3)
        .map_ok(|holiday| holiday.name.unwrap_or_default())
        .try_collect()
        .await
        .unwrap();
    let expected: Vec<String> = (0..7).map(|n| format!("Holiday {n}")).collect();
    assert_eq!(names, expected);
    assert_eq!(case.mock.calls("listHolidays") - before, 3, "pages of 3, 3 and 1");
});

e2e_test!(
    a_request_the_spec_forbids_comes_back_as_a_typed_validation_error,
    covers["createHoliday"],
    |case| {
        let client = case.client().await;
        let error = client
            .create_holiday()
            .body(new_holiday(""))
            .send()
            .await
            .map_err(Error::from)
            .unwrap_err();
        let api = error.api().expect("an API error");
        assert_eq!(api.status(), StatusCode::BAD_REQUEST);
        assert_eq!(api.code(), Some("VALIDATE_FAILED"));
        assert_eq!(api.detail(), Some(&serde_json::json!("/body/name")));
    }
);
