//! Adds an agent to a call queue, keeping the agents it already has.
//!
//! **Changes a real PBX:** the queue with the given extension number gets the given extension
//! as an agent (skill level 1), unless it is one already.
//!
//! ```sh
//! cargo run -p portsip-api --example queue_agent -- <queue extension> <agent extension>
//! ```
//!
//! Connection settings: see `common/mod.rs`.

mod common;

use futures::TryStreamExt;
use portsip_api::Client;
use portsip_api::ListOperation;
use portsip_api::types::{QueueAgent, QueueAgentListItem};

#[tokio::main]
async fn main() -> Result<(), common::Failure> {
    let mut args = std::env::args().skip(1);
    let (Some(queue_number), Some(agent_number)) = (args.next(), args.next()) else {
        return Err("usage: queue_agent <queue extension> <agent extension>".into());
    };
    let client = common::sign_in().await?;

    let queues: Vec<_> = client.list_queues().stream().try_collect().await?;
    let queue = queues
        .iter()
        .find(|queue| queue.extension_number.as_deref() == Some(queue_number.as_str()))
        .ok_or_else(|| format!("no call queue has the extension number {queue_number}"))?;
    let queue_id = queue
        .id
        .as_deref()
        .ok_or("the PBX listed a queue without its id")?;
    let queue_name = queue.name.as_deref().unwrap_or(&queue_number);

    let agents = agents_of(&client, queue_id).await?;
    if agents
        .iter()
        .any(|agent| agent.extension_number.as_deref() == Some(agent_number.as_str()))
    {
        println!("{agent_number} already answers calls in {queue_name}.");
    } else {
        let mut items: Vec<QueueAgentListItem> = agents
            .iter()
            .map(|agent| QueueAgentListItem {
                extension_number: agent.extension_number.clone(),
                skill_level: agent.skill_level,
            })
            .collect();
        items.push(QueueAgentListItem {
            extension_number: Some(agent_number.clone()),
            skill_level: Some(1),
        });
        client
            .update_queue_agent_list()
            .id(queue_id)
            .body_map(|body| body.items(items))
            .send()
            .await?;
        println!("Added {agent_number} to {queue_name}.");
    }

    let agents = agents_of(&client, queue_id).await?;
    println!("Agents of {queue_name} ({queue_number}):");
    for agent in &agents {
        println!(
            "  {} {} (skill {})",
            agent.extension_number.as_deref().unwrap_or("?"),
            agent.display_name.as_deref().unwrap_or(""),
            agent.skill_level.unwrap_or(1),
        );
    }

    client.end_session().await?;
    Ok(())
}

async fn agents_of(client: &Client, queue_id: &str) -> Result<Vec<QueueAgent>, common::Failure> {
    let agents = client.list_queue_agents().id(queue_id).send().await?;
    Ok(agents.into_inner().items.unwrap_or_default())
}
