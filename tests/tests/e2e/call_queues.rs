use portsip_api::Error;
use portsip_api::types::{PollingStrategy, QueueAgentListItem};
use reqwest::StatusCode;

fn agent(extension: &str, skill_level: i64) -> QueueAgentListItem {
    QueueAgentListItem {
        extension_number: Some(extension.to_owned()),
        skill_level: Some(skill_level),
    }
}

e2e_test!(a_call_queue_keeps_the_agents_it_was_given,
    covers ["createQueue", "showQueue", "updateQueueAgentList", "listQueueAgents", "showQueueAgent",
            "deleteQueue"], |case| {
    let client = case.client().await;
    let create = |number: &'static str| {
        client.create_queue().body_map(move |queue| {
            queue
                .name(format!("Queue {number}"))
                .extension_number(number.to_owned())
                .polling_strategy(PollingStrategy::SkillBasedRoutingPrioritizedHunt)
        })
    };
    let id = create("8000").send().await.unwrap().into_inner().id.expect("the queue's id");
    let other = create("8001").send().await.unwrap().into_inner().id.expect("the queue's id");
    let queue = client.show_queue().id(&id).send().await.unwrap().into_inner();
    assert_eq!(queue.extension_number.as_deref(), Some("8000"));
    assert_eq!(queue.polling_strategy, Some(PollingStrategy::SkillBasedRoutingPrioritizedHunt));

    let agents_of = |queue: String| {
        let client = &client;
        async move {
            let listed = client.list_queue_agents().id(queue).send().await.unwrap().into_inner();
            listed
                .items
                .unwrap_or_default()
                .into_iter()
                .map(|agent| (agent.extension_number.unwrap_or_default(), agent.skill_level.unwrap_or_default()))
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(agents_of(id.clone()).await, [], "a new queue has no agents");

    let set_agents = |queue: &str, agents: Vec<QueueAgentListItem>| {
        client.update_queue_agent_list().id(queue).body_map(|body| body.items(agents))
    };
    set_agents(&id, vec![agent("1001", 5), agent("1002", 10)]).send().await.unwrap();
    set_agents(&other, vec![agent("1003", 1)]).send().await.unwrap();
    assert_eq!(agents_of(id.clone()).await, [("1001".to_owned(), 5), ("1002".to_owned(), 10)]);
    assert_eq!(agents_of(other.clone()).await, [("1003".to_owned(), 1)], "each queue has its own");

    // A write is the whole new list, as on the PBX: 1001 leaves, 1004 joins.
    set_agents(&id, vec![agent("1002", 20), agent("1004", 3)]).send().await.unwrap();
    assert_eq!(agents_of(id.clone()).await, [("1002".to_owned(), 20), ("1004".to_owned(), 3)]);

    let one = client.show_queue_agent().id(&id).agent_number("1004").send().await.unwrap().into_inner();
    assert_eq!(one.extension_number.as_deref(), Some("1004"));
    assert_eq!(one.skill_level, Some(3));
    let former = client
        .show_queue_agent()
        .id(&id)
        .agent_number("1001")
        .send()
        .await
        .map_err(Error::from)
        .unwrap_err();
    assert_eq!(former.status(), Some(StatusCode::NOT_FOUND));

    let deleted = client.delete_queue().id(&id).send().await.unwrap();
    assert_eq!(deleted.status(), StatusCode::NO_CONTENT);
    let gone = client.show_queue().id(&id).send().await.map_err(Error::from).unwrap_err();
    assert_eq!(gone.status(), Some(StatusCode::NOT_FOUND));
    let orphaned = client.list_queue_agents().id(&id).send().await.map_err(Error::from).unwrap_err();
    assert_eq!(orphaned.status(), Some(StatusCode::NOT_FOUND), "the agents went with the queue");
    assert_eq!(agents_of(other).await, [("1003".to_owned(), 1)]);
});
