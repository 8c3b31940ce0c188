//! Records a test puts in a collection directly, for what the API cannot create (call records
//! are written by calls, not by requests).

use serde_json::{Value, json};

use crate::behaviour::Behaviour;
use crate::server::Shared;

#[derive(Debug, thiserror::Error)]
pub enum SeedError {
    #[error("{0} is not a collection: no list operation reads it")]
    NotACollection(String),
    #[error("item {index} is not a JSON object")]
    NotAnObject { index: usize },
    /// The list answer holding these items would be off the spec; seeding them would only
    /// move the failure to the first read.
    #[error("a list of these items is off the spec: {problems:?}")]
    OffSpec { problems: Vec<String> },
}

pub(crate) fn seed(
    shared: &Shared,
    collection: &str,
    items: Vec<Value>,
) -> Result<Vec<String>, SeedError> {
    let compiled = &shared.compiled;
    let lister = compiled
        .behaviours
        .iter()
        .position(
            |behaviour| matches!(behaviour, Behaviour::List { collection: c } if c == collection),
        )
        .ok_or_else(|| SeedError::NotACollection(collection.to_owned()))?;
    let objects = items
        .iter()
        .enumerate()
        .map(|(index, item)| {
            item.as_object()
                .cloned()
                .ok_or(SeedError::NotAnObject { index })
        })
        .collect::<Result<Vec<_>, _>>()?;
    let page = json!({ "count": items.len(), "items": items });
    let status = compiled.operation(lister).success.status;
    let problems = compiled.answer_problems(lister, status, Some("application/json"), Some(&page));
    if !problems.is_empty() {
        return Err(SeedError::OffSpec { problems });
    }
    // Ids go where the collection's creations put them, so shows find seeded items too.
    let id_param = compiled
        .behaviours
        .iter()
        .find_map(|behaviour| match behaviour {
            Behaviour::Show {
                collection: c,
                id_param,
                ..
            } if c == collection => Some(id_param.as_str()),
            _ => None,
        })
        .unwrap_or("id");
    let mut store = shared.store();
    Ok(objects
        .into_iter()
        .map(|item| store.create(collection, id_param, item))
        .collect())
}
