//! Read-only or mutable access to a JSON value, so that one walk serves both the stages that
//! read schemas and those that rewrite them in place.

use serde_json::Value;

pub trait Tree<'a>: Sized {
    fn value(&self) -> &Value;
    /// The members of an object in the map's order; nothing for any other value.
    fn into_entries(self) -> impl Iterator<Item = (&'a str, Self)>;
    /// The items of an array; nothing for any other value.
    fn into_items(self) -> impl Iterator<Item = Self>;
}

impl<'a> Tree<'a> for &'a Value {
    fn value(&self) -> &Value {
        self
    }

    fn into_entries(self) -> impl Iterator<Item = (&'a str, Self)> {
        self.as_object()
            .into_iter()
            .flatten()
            .map(|(key, value)| (key.as_str(), value))
    }

    fn into_items(self) -> impl Iterator<Item = Self> {
        self.as_array().into_iter().flatten()
    }
}

impl<'a> Tree<'a> for &'a mut Value {
    fn value(&self) -> &Value {
        self
    }

    fn into_entries(self) -> impl Iterator<Item = (&'a str, Self)> {
        self.as_object_mut()
            .into_iter()
            .flat_map(|map| map.iter_mut())
            .map(|(key, value)| (key.as_str(), value))
    }

    fn into_items(self) -> impl Iterator<Item = Self> {
        self.as_array_mut().into_iter().flatten()
    }
}
