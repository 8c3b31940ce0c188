//! A JSON object as one array of members sorted by name: a lookup scans a small object and
//! binary-searches a large one, and iteration is in name order, as serde_json's default
//! `BTreeMap` gives it.
//!
//! Inserting one member shifts the ones after it, which is nothing for the few members most
//! objects have. The large maps (`paths`, `components/schemas`) are built with
//! [`FromIterator`] or [`Extend`], which sort once.

use std::borrow::Borrow;

use compact_str::CompactString;

use super::Value;

/// A member name. Names of up to 24 bytes, nearly all of them in an OpenAPI document, are held
/// in the member itself: finding a member compares names without following a pointer each.
pub type Key = CompactString;

/// Up to this many members, a lookup compares every name (see [`Map::find`]).
const LINEAR_SEARCH_UP_TO: usize = 12;

/// The members of a JSON object, sorted by name, each name once.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Map {
    members: Vec<(Key, Value)>,
}

impl Default for Map {
    fn default() -> Self {
        Self::new()
    }
}

impl Map {
    pub const fn new() -> Self {
        Self {
            members: Vec::new(),
        }
    }

    /// Members already sorted by name with no name twice, as a parser that checked gives them.
    pub(super) fn from_sorted(members: Vec<(Key, Value)>) -> Self {
        debug_assert!(members.is_sorted_by(|a, b| a.0 < b.0));
        Self { members }
    }

    /// Where the member `name` is. Most objects have a handful of members: comparing names
    /// for equality, which for names of different lengths reads no bytes, beats a binary search
    /// whose every step orders two names byte by byte.
    fn find(&self, name: &str) -> Option<usize> {
        if self.members.len() <= LINEAR_SEARCH_UP_TO {
            self.members.iter().position(|(member, _)| member == name)
        } else {
            self.position(name).ok()
        }
    }

    /// Where the member `name` is, or where it would go.
    fn position(&self, name: &str) -> Result<usize, usize> {
        self.members
            .binary_search_by(|(member, _)| member.as_str().cmp(name))
    }

    pub fn len(&self) -> usize {
        self.members.len()
    }

    pub fn is_empty(&self) -> bool {
        self.members.is_empty()
    }

    pub fn get<Q: Borrow<str> + ?Sized>(&self, name: &Q) -> Option<&Value> {
        let at = self.find(name.borrow())?;
        Some(&self.members[at].1)
    }

    pub fn get_mut<Q: Borrow<str> + ?Sized>(&mut self, name: &Q) -> Option<&mut Value> {
        let at = self.find(name.borrow())?;
        Some(&mut self.members[at].1)
    }

    pub fn get_key_value<Q: Borrow<str> + ?Sized>(&self, name: &Q) -> Option<(&Key, &Value)> {
        let at = self.find(name.borrow())?;
        let (name, value) = &self.members[at];
        Some((name, value))
    }

    pub fn contains_key<Q: Borrow<str> + ?Sized>(&self, name: &Q) -> bool {
        self.find(name.borrow()).is_some()
    }

    /// Sets the member `name`; returns the value it replaced.
    pub fn insert(&mut self, name: impl Into<Key>, value: Value) -> Option<Value> {
        let name = name.into();
        match self.position(&name) {
            Ok(at) => Some(std::mem::replace(&mut self.members[at].1, value)),
            Err(at) => {
                self.members.insert(at, (name, value));
                None
            }
        }
    }

    pub fn remove<Q: Borrow<str> + ?Sized>(&mut self, name: &Q) -> Option<Value> {
        let at = self.find(name.borrow())?;
        Some(self.members.remove(at).1)
    }

    pub fn entry<S: Into<Key> + Borrow<str>>(&mut self, name: S) -> Entry<'_> {
        match self.position(name.borrow()) {
            Ok(at) => Entry::Occupied { map: self, at },
            Err(at) => Entry::Vacant {
                map: self,
                at,
                name: name.into(),
            },
        }
    }

    pub fn retain(&mut self, mut keep: impl FnMut(&Key, &mut Value) -> bool) {
        self.members.retain_mut(|(name, value)| keep(name, value));
    }

    pub fn iter(&self) -> Iter<'_> {
        self.members.iter().map(|(name, value)| (name, value))
    }

    pub fn iter_mut(&mut self) -> IterMut<'_> {
        self.members.iter_mut().map(|(name, value)| (&*name, value))
    }

    pub fn keys(&self) -> impl DoubleEndedIterator<Item = &Key> + ExactSizeIterator {
        self.members.iter().map(|(name, _)| name)
    }

    pub fn values(&self) -> impl DoubleEndedIterator<Item = &Value> + ExactSizeIterator {
        self.members.iter().map(|(_, value)| value)
    }

    pub fn values_mut(
        &mut self,
    ) -> impl DoubleEndedIterator<Item = &mut Value> + ExactSizeIterator {
        self.members.iter_mut().map(|(_, value)| value)
    }
}

/// A place in a [`Map`] for one name, filled or not.
pub enum Entry<'a> {
    Occupied {
        map: &'a mut Map,
        at: usize,
    },
    Vacant {
        map: &'a mut Map,
        at: usize,
        name: Key,
    },
}

impl<'a> Entry<'a> {
    pub fn or_insert(self, value: Value) -> &'a mut Value {
        self.or_insert_with(|| value)
    }

    pub fn or_insert_with(self, make: impl FnOnce() -> Value) -> &'a mut Value {
        match self {
            Entry::Occupied { map, at } => &mut map.members[at].1,
            Entry::Vacant { map, at, name } => {
                map.members.insert(at, (name, make()));
                &mut map.members[at].1
            }
        }
    }
}

pub type Iter<'a> = std::iter::Map<
    std::slice::Iter<'a, (Key, Value)>,
    fn(&'a (Key, Value)) -> (&'a Key, &'a Value),
>;
pub type IterMut<'a> = std::iter::Map<
    std::slice::IterMut<'a, (Key, Value)>,
    fn(&'a mut (Key, Value)) -> (&'a Key, &'a mut Value),
>;

impl<'a> IntoIterator for &'a Map {
    type Item = (&'a Key, &'a Value);
    type IntoIter = Iter<'a>;

    fn into_iter(self) -> Iter<'a> {
        self.iter()
    }
}

impl<'a> IntoIterator for &'a mut Map {
    type Item = (&'a Key, &'a mut Value);
    type IntoIter = IterMut<'a>;

    fn into_iter(self) -> IterMut<'a> {
        self.iter_mut()
    }
}

impl IntoIterator for Map {
    type Item = (Key, Value);
    type IntoIter = std::vec::IntoIter<(Key, Value)>;

    fn into_iter(self) -> Self::IntoIter {
        self.members.into_iter()
    }
}

/// Sorts once; where a name comes twice the later value wins, as with repeated `insert`s.
impl<K: Into<Key>> FromIterator<(K, Value)> for Map {
    fn from_iter<I: IntoIterator<Item = (K, Value)>>(members: I) -> Self {
        let mut map = Map::new();
        map.extend(members);
        map
    }
}

/// Appends, then sorts once; where a name comes twice the later value wins.
impl<K: Into<Key>> Extend<(K, Value)> for Map {
    fn extend<I: IntoIterator<Item = (K, Value)>>(&mut self, members: I) {
        let before = self.members.len();
        self.members.extend(
            members
                .into_iter()
                .map(|(name, value)| (name.into(), value)),
        );
        let appended_in_order =
            self.members[before.saturating_sub(1)..].is_sorted_by(|a, b| a.0 < b.0);
        if !appended_in_order {
            sort_keeping_last(&mut self.members);
        }
    }
}

/// Sorts members by name; of members with the same name only the last one listed stays.
pub(super) fn sort_keeping_last(members: &mut Vec<(Key, Value)>) {
    // A stable sort keeps members of one name in the order they were listed.
    members.sort_by(|a, b| a.0.cmp(&b.0));
    if members.windows(2).all(|pair| pair[0].0 != pair[1].0) {
        return;
    }
    let mut kept: Vec<(Key, Value)> = Vec::with_capacity(members.len());
    for member in members.drain(..) {
        match kept.last_mut() {
            Some(last) if last.0 == member.0 => *last = member,
            _ => kept.push(member),
        }
    }
    *members = kept;
}

impl<Q: Borrow<str> + ?Sized> std::ops::Index<&Q> for Map {
    type Output = Value;

    fn index(&self, name: &Q) -> &Value {
        self.get(name).expect("no such member")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(members: &[(&str, i64)]) -> Map {
        members
            .iter()
            .map(|&(name, value)| (name.to_owned(), Value::from(value)))
            .collect()
    }

    fn names(map: &Map) -> Vec<&str> {
        map.keys().map(Key::as_str).collect()
    }

    #[test]
    fn members_stay_sorted_by_name_whatever_order_they_come_in() {
        let mut members = map(&[("b", 1), ("a", 2), ("c", 3)]);
        assert_eq!(names(&members), ["a", "b", "c"]);
        members.insert("ab", Value::Null);
        members.entry("0").or_insert(Value::Null);
        members.extend([
            ("bb".to_owned(), Value::Null),
            ("aa".to_owned(), Value::Null),
        ]);
        assert_eq!(names(&members), ["0", "a", "aa", "ab", "b", "bb", "c"]);
    }

    #[test]
    fn a_name_given_twice_keeps_the_last_value() {
        let mut members = map(&[("a", 1), ("b", 2), ("a", 3)]);
        assert_eq!(members.get("a"), Some(&Value::from(3)));
        assert_eq!(members.len(), 2);
        members.extend([("b".to_owned(), Value::from(4))]);
        assert_eq!(members["b"], 4);
        assert_eq!(members.insert("b", Value::from(5)), Some(Value::from(4)));
        assert_eq!(members.len(), 2);
    }

    /// Random operations on a `Map` and on a `BTreeMap`, serde_json's own map, side by side:
    /// after each one both hold the same members in the same order.
    #[test]
    fn random_operations_leave_what_a_btree_map_would_hold() {
        let mut next = crate::spec::test_random::numbers_below();
        // Names long enough to be stored on the heap as well as inline.
        let name = |n: usize| {
            format!(
                "{}{n}",
                if n.is_multiple_of(3) {
                    "long-member-name-"
                } else {
                    ""
                }
            )
        };
        let mut ours = Map::new();
        let mut model: std::collections::BTreeMap<String, Value> = Default::default();
        for step in 0..4000 {
            let (key, value) = (name(next(40)), Value::from(step));
            match next(6) {
                0 => assert_eq!(
                    ours.insert(key.clone(), value.clone()),
                    model.insert(key, value)
                ),
                1 => assert_eq!(ours.remove(&key), model.remove(&key)),
                2 => {
                    let existing = ours.entry(key.clone()).or_insert(value.clone()).clone();
                    assert_eq!(existing, *model.entry(key).or_insert(value));
                }
                3 => {
                    let batch: Vec<(String, Value)> = (0..next(8))
                        .map(|offset| (name(next(40)), Value::from(step * 10 + offset)))
                        .collect();
                    ours.extend(batch.clone());
                    model.extend(batch);
                }
                4 => {
                    let cut = next(40);
                    ours.retain(|name, _| name.len() % 7 != cut % 7);
                    model.retain(|name, _| name.len() % 7 != cut % 7);
                }
                _ => assert_eq!(ours.get(&key), model.get(&key)),
            }
            assert!(
                ours.iter()
                    .map(|(name, value)| (name.as_str(), value))
                    .eq(model.iter().map(|(name, value)| (name.as_str(), value))),
                "after step {step}"
            );
        }
    }

    #[test]
    fn removing_and_retaining_keep_the_rest_in_order() {
        let mut members = map(&[("a", 1), ("b", 2), ("c", 3), ("d", 4)]);
        assert_eq!(members.remove("b"), Some(Value::from(2)));
        assert_eq!(members.remove("b"), None);
        members.retain(|name, _| name != "c");
        assert_eq!(names(&members), ["a", "d"]);
        assert!(members.contains_key("d") && !members.contains_key("c"));
    }
}
