//! The records the mock remembers: collections of items and settings documents.

use std::collections::HashMap;

use serde_json::{Map, Value};

#[derive(Debug, Default)]
pub struct Store {
    collections: HashMap<String, Collection>,
    settings: HashMap<String, Value>,
    /// By concrete path (`/call_queues/7/agents`).
    member_lists: HashMap<String, Vec<Value>>,
}

#[derive(Debug, Default)]
struct Collection {
    created: u64,
    /// In creation order, which is the order lists are answered in.
    items: Vec<(String, Map<String, Value>)>,
}

/// One page of a collection and the collection's full size.
pub struct Page {
    pub count: usize,
    pub items: Vec<Value>,
}

impl Store {
    /// Stores a new item and returns its id; the id is also written into the item under
    /// `id_field`, as the PBX returns it in listings.
    pub fn create(
        &mut self,
        collection: &str,
        id_field: &str,
        mut item: Map<String, Value>,
    ) -> String {
        let entry = self.collections.entry(collection.to_owned()).or_default();
        entry.created += 1;
        // PBX ids are large numbers sent as strings.
        let id = (100_000_000_000_000_000u64 + entry.created).to_string();
        item.insert(id_field.to_owned(), Value::String(id.clone()));
        entry.items.push((id.clone(), item));
        id
    }

    /// Stores `item` under `id` unless the collection holds that id already; the id is written
    /// into the item's `id_field` only where the item has one, so the item keeps its schema.
    pub fn ensure(
        &mut self,
        collection: &str,
        id_field: &str,
        id: &str,
        mut item: Map<String, Value>,
    ) {
        let entry = self.collections.entry(collection.to_owned()).or_default();
        if entry.items.iter().all(|(candidate, _)| candidate != id) {
            if let Some(field) = item.get_mut(id_field) {
                *field = Value::String(id.to_owned());
            }
            entry.items.push((id.to_owned(), item));
        }
    }

    pub fn page(&self, collection: &str, skip: usize, top: usize) -> Page {
        let items = self
            .collections
            .get(collection)
            .map_or(&[][..], |entry| &entry.items[..]);
        Page {
            count: items.len(),
            items: items
                .iter()
                .skip(skip)
                .take(top)
                .map(|(_, item)| Value::Object(item.clone()))
                .collect(),
        }
    }

    pub fn get(&self, collection: &str, id: &str) -> Option<Value> {
        let entry = self.collections.get(collection)?;
        entry
            .items
            .iter()
            .find(|(candidate, _)| candidate == id)
            .map(|(_, item)| Value::Object(item.clone()))
    }

    /// Merges `changes` into an item's top-level fields; `false` when there is no such item.
    pub fn update(&mut self, collection: &str, id: &str, changes: Map<String, Value>) -> bool {
        let item = self.collections.get_mut(collection).and_then(|entry| {
            entry
                .items
                .iter_mut()
                .find(|(candidate, _)| candidate == id)
        });
        match item {
            Some((_, item)) => {
                item.extend(changes);
                true
            }
            None => false,
        }
    }

    pub fn delete(&mut self, collection: &str, id: &str) -> bool {
        let Some(entry) = self.collections.get_mut(collection) else {
            return false;
        };
        let before = entry.items.len();
        entry.items.retain(|(candidate, _)| candidate != id);
        entry.items.len() != before
    }

    /// The members last written to the list at `path`; none before the first write.
    pub fn members(&self, path: &str) -> &[Value] {
        self.member_lists.get(path).map_or(&[], Vec::as_slice)
    }

    pub fn replace_members(&mut self, path: &str, members: Vec<Value>) {
        self.member_lists.insert(path.to_owned(), members);
    }

    /// The settings document at `path`, created by `initial` on first use.
    pub fn settings(&mut self, path: &str, initial: impl FnOnce() -> Value) -> &mut Value {
        self.settings.entry(path.to_owned()).or_insert_with(initial)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn item(name: &str) -> Map<String, Value> {
        json!({ "name": name }).as_object().unwrap().clone()
    }

    #[test]
    fn pages_cover_the_collection_in_creation_order() {
        let mut store = Store::default();
        let ids: Vec<String> = (0..5)
            .map(|n| store.create("/holidays", "id", item(&format!("h{n}"))))
            .collect();
        let page = store.page("/holidays", 2, 2);
        assert_eq!(page.count, 5);
        assert_eq!(
            page.items,
            vec![
                json!({"name": "h2", "id": ids[2]}),
                json!({"name": "h3", "id": ids[3]})
            ]
        );
        assert!(store.delete("/holidays", &ids[0]));
        assert!(!store.delete("/holidays", &ids[0]));
        assert_eq!(store.page("/holidays", 0, 100).count, 4);
    }

    #[test]
    fn member_lists_are_replaced_whole_and_kept_per_path() {
        let mut store = Store::default();
        assert!(store.members("/call_queues/1/agents").is_empty());
        store.replace_members(
            "/call_queues/1/agents",
            vec![json!({"n": 1}), json!({"n": 2})],
        );
        store.replace_members("/call_queues/2/agents", vec![json!({"n": 3})]);
        store.replace_members("/call_queues/1/agents", vec![json!({"n": 4})]);
        assert_eq!(store.members("/call_queues/1/agents"), [json!({"n": 4})]);
        assert_eq!(store.members("/call_queues/2/agents"), [json!({"n": 3})]);
    }

    #[test]
    fn updates_merge_into_the_item() {
        let mut store = Store::default();
        let id = store.create("/holidays", "id", item("old"));
        let changes = json!({"region": "USA"}).as_object().unwrap().clone();
        assert!(store.update("/holidays", &id, changes));
        assert_eq!(
            store.get("/holidays", &id),
            Some(json!({"name": "old", "id": id, "region": "USA"}))
        );
    }
}
