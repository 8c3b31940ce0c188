use futures::TryStreamExt;
use portsip_api::types::{RingGroupAgent, RingStrategy};
use portsip_api::{Error, ListOperation};
use reqwest::StatusCode;

fn member(extension: &str) -> RingGroupAgent {
    RingGroupAgent {
        display_name: None,
        extension_number: Some(extension.to_owned()),
        skill_level: Some(1),
    }
}

e2e_test!(a_ring_group_keeps_its_members_and_settings,
    covers ["createRingGroup", "updateRingGroupMemberList", "listRingGroupAgents", "updateRingGroup",
            "showRingGroup", "listRingGroups", "deleteRingGroup"], |case| {
    let client = case.client().await;
    let id = client
        .create_ring_group()
        .body_map(|group| {
            group
                .name("Front desk".to_owned())
                .extension_number("6000".to_owned())
                .ring_strategy(RingStrategy::RingSimultaneously)
                .ring_time(20)
        })
        .send()
        .await
        .unwrap()
        .into_inner()
        .id
        .expect("the ring group's id");

    let members = || async {
        let listed = client.list_ring_group_agents().id(&id).send().await.unwrap().into_inner();
        listed
            .items
            .unwrap_or_default()
            .into_iter()
            .map(|agent| agent.extension_number.unwrap_or_default())
            .collect::<Vec<_>>()
    };
    assert!(members().await.is_empty(), "a new ring group has no members");
    let set_members = |extensions: &[&str]| {
        let items: Vec<_> = extensions.iter().map(|extension| member(extension)).collect();
        client.update_ring_group_member_list().id(&id).body_map(|body| body.items(items))
    };
    set_members(&["1001", "1002", "1003"]).send().await.unwrap();
    assert_eq!(members().await, ["1001", "1002", "1003"]);
    set_members(&["1003"]).send().await.unwrap();
    assert_eq!(members().await, ["1003"], "the list is replaced, not appended to");

    client
        .update_ring_group()
        .id(&id)
        .body_map(|group| group.name("Reception".to_owned()).ring_strategy(RingStrategy::CyclicHunt).ring_time(45))
        .send()
        .await
        .unwrap();
    let group = client.show_ring_group().id(&id).send().await.unwrap().into_inner();
    assert_eq!(group.name.as_deref(), Some("Reception"));
    assert_eq!(group.ring_strategy, Some(RingStrategy::CyclicHunt));
    assert_eq!(group.ring_time, Some(45));
    assert_eq!(group.extension_number.as_deref(), Some("6000"), "fields not sent are kept");
    assert_eq!(members().await, ["1003"], "an update of the group leaves its members alone");

    let listed: Vec<_> = client.list_ring_groups().stream().try_collect().await.unwrap();
    let names: Vec<_> = listed.iter().map(|group| group.name.as_deref()).collect();
    assert_eq!(names, [Some("Reception")]);

    let deleted = client.delete_ring_group().id(&id).send().await.unwrap();
    assert_eq!(deleted.status(), StatusCode::NO_CONTENT);
    let gone = client.show_ring_group().id(&id).send().await.map_err(Error::from).unwrap_err();
    assert_eq!(gone.status(), Some(StatusCode::NOT_FOUND));
    let orphaned = client.list_ring_group_agents().id(&id).send().await.map_err(Error::from).unwrap_err();
    assert_eq!(orphaned.status(), Some(StatusCode::NOT_FOUND));
});
