use futures::TryStreamExt;
use portsip_api::types::SecretString;
use portsip_api::{Client, Error, ListOperation};
use reqwest::StatusCode;

async fn create_user(client: &Client, extension: &str, name: &str) -> String {
    let created = client
        .create_user()
        .body_map(|user| {
            user.name(name.to_owned())
                .display_name(format!("{name} (desk)"))
                .email(format!("{name}@example.com"))
                .role("StandardUser".to_owned())
                .extension_number(extension.to_owned())
                .password(SecretString::new("Secret-Pass-1"))
                .extension_password("Ext-Pass-1".to_owned())
                .voicemail_pin("246810".to_owned())
        })
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), StatusCode::CREATED);
    created.into_inner().id.expect("the new user's id")
}

e2e_test!(an_extension_lives_through_create_show_update_list_and_delete,
    covers ["createUser", "showUser", "updateUser", "listUsers", "deleteUser"], |case| {
    let client = case.client().await;
    // Neighbours on either side, so the listing has to be searched, not just read.
    create_user(&client, "1098", "before").await;
    let id = create_user(&client, "1099", "alice").await;
    create_user(&client, "1100", "after").await;

    let shown = client.show_user().id(&id).send().await.unwrap().into_inner();
    assert_eq!(shown.id.as_deref(), Some(id.as_str()));
    assert_eq!(shown.extension_number.as_deref(), Some("1099"));
    assert_eq!(shown.display_name.as_deref(), Some("alice (desk)"));
    assert_eq!(shown.email.as_deref(), Some("alice@example.com"));

    client
        .update_user()
        .id(&id)
        .body_map(|user| user.display_name("Alice Smith".to_owned()).department("Sales".to_owned()))
        .send()
        .await
        .unwrap();
    let shown = client.show_user().id(&id).send().await.unwrap().into_inner();
    assert_eq!(shown.display_name.as_deref(), Some("Alice Smith"));
    assert_eq!(shown.department.as_deref(), Some("Sales"));
    assert_eq!(shown.email.as_deref(), Some("alice@example.com"), "fields not sent are kept");

    let listed: Vec<_> = client.list_users().stream_with_page_size(2).try_collect().await.unwrap();
    let extensions: Vec<_> = listed.iter().map(|user| user.extension_number.as_deref()).collect();
    assert_eq!(extensions, [Some("1098"), Some("1099"), Some("1100")]);
    let alice = listed.iter().find(|user| user.id.as_deref() == Some(id.as_str())).expect("alice listed");
    assert_eq!(alice.display_name.as_deref(), Some("Alice Smith"));

    let deleted = client.delete_user().id(&id).send().await.unwrap();
    assert_eq!(deleted.status(), StatusCode::NO_CONTENT);
    let gone = client.show_user().id(&id).send().await.map_err(Error::from).unwrap_err();
    assert_eq!(gone.status(), Some(StatusCode::NOT_FOUND));
    let left: Vec<_> = client
        .list_users()
        .stream()
        .map_ok(|user| user.extension_number.unwrap_or_default())
        .try_collect()
        .await
        .unwrap();
    assert_eq!(left, ["1098", "1100"]);
});
