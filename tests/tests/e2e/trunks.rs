use futures::TryStreamExt;
use portsip_api::types::{SecretString, TransportProtocol};
use portsip_api::{Client, Error, ListOperation};
use reqwest::StatusCode;

async fn create_trunk(client: &Client, name: &str, hostname: &str) -> String {
    let created = client
        .create_provider()
        .body_map(|trunk| {
            trunk
                .name(name.to_owned())
                .transport(TransportProtocol::Udp)
                .hostname(hostname.to_owned())
                .port(5060)
                .outbound_server(hostname.to_owned())
                .outbound_server_port(5060)
                .concurrency(30)
                .username("pbx-account".to_owned())
                .password(SecretString::new("Trunk-Secret-1"))
        })
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), StatusCode::CREATED);
    created.into_inner().id.expect("the trunk's id")
}

e2e_test!(a_trunk_lives_through_create_show_update_list_and_delete,
    covers ["createProvider", "getProvider", "updateProvider", "listProviders", "deleteProvider"], |case| {
    let client = case.client().await;
    let id = create_trunk(&client, "Carrier A", "sip.carrier-a.example").await;
    let backup = create_trunk(&client, "Carrier B", "sip.carrier-b.example").await;

    let trunk = client.get_provider().id(&id).send().await.unwrap().into_inner();
    assert_eq!(trunk.id.as_deref(), Some(id.as_str()));
    assert_eq!(trunk.name.as_deref(), Some("Carrier A"));
    assert_eq!(trunk.hostname.as_deref(), Some("sip.carrier-a.example"));
    assert_eq!(trunk.transport, Some(TransportProtocol::Udp));
    assert_eq!(trunk.concurrency, Some(30));

    client
        .update_provider()
        .id(&id)
        .body_map(|trunk| trunk.transport(TransportProtocol::Tls).port(5061).concurrency(60))
        .send()
        .await
        .unwrap();
    let trunk = client.get_provider().id(&id).send().await.unwrap().into_inner();
    assert_eq!(trunk.transport, Some(TransportProtocol::Tls));
    assert_eq!(trunk.port, Some(5061));
    assert_eq!(trunk.concurrency, Some(60));
    assert_eq!(trunk.hostname.as_deref(), Some("sip.carrier-a.example"), "fields not sent are kept");

    let listed: Vec<_> = client.list_providers().stream().try_collect().await.unwrap();
    let ports: Vec<_> = listed.iter().map(|trunk| (trunk.id.clone().unwrap_or_default(), trunk.port)).collect();
    assert_eq!(ports, [(id.clone(), Some(5061)), (backup.clone(), Some(5060))]);

    let deleted = client.delete_provider().id(&id).send().await.unwrap();
    assert_eq!(deleted.status(), StatusCode::NO_CONTENT);
    let gone = client.get_provider().id(&id).send().await.map_err(Error::from).unwrap_err();
    assert_eq!(gone.status(), Some(StatusCode::NOT_FOUND));
    let left: Vec<_> = client
        .list_providers()
        .stream()
        .map_ok(|trunk| trunk.id.unwrap_or_default())
        .try_collect()
        .await
        .unwrap();
    assert_eq!(left, [backup]);
});
