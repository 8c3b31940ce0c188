//! Reading a [`Value`] from any serde format and writing one out, members in name order.

use std::fmt;

use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::{Serialize, SerializeMap, Serializer};

use super::map::sort_keeping_last;
use super::{Key, Map, Number, Value};

impl Serialize for Value {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Value::Null => serializer.serialize_unit(),
            Value::Bool(flag) => serializer.serialize_bool(*flag),
            Value::Number(number) => number.serialize(serializer),
            Value::String(text) => serializer.serialize_str(text),
            Value::Array(items) => serializer.collect_seq(items),
            Value::Object(map) => map.serialize(serializer),
        }
    }
}

impl Serialize for Map {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut out = serializer.serialize_map(Some(self.len()))?;
        for (name, value) in self {
            out.serialize_entry(name, value)?;
        }
        out.end()
    }
}

impl<'de> Deserialize<'de> for Value {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ValueVisitor)
    }
}

struct ValueVisitor;

impl<'de> Visitor<'de> for ValueVisitor {
    type Value = Value;

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("any JSON value")
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        Value::deserialize(deserializer)
    }

    fn visit_bool<E>(self, flag: bool) -> Result<Value, E> {
        Ok(Value::Bool(flag))
    }

    fn visit_u64<E>(self, number: u64) -> Result<Value, E> {
        Ok(Value::Number(number.into()))
    }

    fn visit_i64<E>(self, number: i64) -> Result<Value, E> {
        Ok(Value::Number(number.into()))
    }

    /// serde_json reads a non-finite number as `null` too.
    fn visit_f64<E>(self, number: f64) -> Result<Value, E> {
        Ok(Number::from_f64(number).map_or(Value::Null, Value::Number))
    }

    fn visit_str<E>(self, text: &str) -> Result<Value, E> {
        Ok(Value::String(text.to_owned()))
    }

    fn visit_string<E>(self, text: String) -> Result<Value, E> {
        Ok(Value::String(text))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut items: A) -> Result<Value, A::Error> {
        let mut all = Vec::with_capacity(items.size_hint().unwrap_or(0));
        while let Some(item) = items.next_element()? {
            all.push(item);
        }
        all.shrink_to_fit();
        Ok(Value::Array(all))
    }

    /// A name given twice keeps its last value, as serde_json's own `Value` does.
    fn visit_map<A: MapAccess<'de>>(self, mut members: A) -> Result<Value, A::Error> {
        let mut all: Vec<(Key, Value)> = Vec::with_capacity(members.size_hint().unwrap_or(0));
        while let Some(member) = members.next_entry()? {
            all.push(member);
        }
        if !all.is_sorted_by(|a, b| a.0 < b.0) {
            sort_keeping_last(&mut all);
        }
        // Objects are mostly read once and never grow: spare room would only take cache.
        all.shrink_to_fit();
        Ok(Value::Object(Map::from_sorted(all)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn objects_read_in_any_order_write_out_sorted_with_the_last_of_a_repeated_name() {
        let value: Value =
            serde_json::from_str(r#"{"b": [1, 2.5, null], "a": {"z": true, "y": "s"}, "b": -3}"#)
                .unwrap();
        assert_eq!(
            serde_json::to_string(&value).unwrap(),
            r#"{"a":{"y":"s","z":true},"b":-3}"#
        );
    }
}
