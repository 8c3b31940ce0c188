//! The subschemas of a schema, from one table of the JSON Schema keywords that hold them: how a
//! pointer and a site spell each, and which field each constrains.

use std::fmt::Write as _;

use super::{Tree, pointer};

/// Keywords that describe a schema without changing what it accepts: two schemas that differ
/// only in these are the same type.
pub const ANNOTATIONS: &[&str] = &[
    "description",
    "title",
    "default",
    "example",
    "examples",
    "$comment",
];

/// How a keyword holds its subschemas.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Holds {
    /// A map from names to schemas: `properties`, `$defs`.
    Named,
    /// One schema: `items`, `not`. An array there (`items` before draft 2020-12) is read as a
    /// list.
    One,
    /// A list of schemas: `allOf`, `prefixItems`.
    Listed,
}

/// A keyword whose value is made of subschemas.
struct Applicator {
    keyword: &'static str,
    holds: Holds,
    /// How a site spells a `One` subschema: `items` is `[]`.
    site: &'static str,
    /// Whether the subschemas constrain every value of the field the parent constrains: a
    /// property names its own field; `items`, `allOf` and `prefixItems` constrain the parent's;
    /// alternatives and the other applicators constrain no single field.
    carries_field: bool,
}

const fn applicator(
    keyword: &'static str,
    holds: Holds,
    site: &'static str,
    carries_field: bool,
) -> Applicator {
    Applicator {
        keyword,
        holds,
        site,
        carries_field,
    }
}

/// Every applicator, in the order a walk visits them. `definitions` and `additionalItems` are
/// the older drafts' spellings, which OpenAPI 3.0 documents use.
const APPLICATORS: [Applicator; 20] = [
    applicator("properties", Holds::Named, "", false),
    applicator("patternProperties", Holds::Named, "", false),
    applicator("dependentSchemas", Holds::Named, "", false),
    applicator("$defs", Holds::Named, "", false),
    applicator("definitions", Holds::Named, "", false),
    applicator("items", Holds::One, "[]", true),
    applicator("additionalItems", Holds::One, "[additional]", false),
    applicator("additionalProperties", Holds::One, "{}", false),
    applicator("unevaluatedProperties", Holds::One, "{unevaluated}", false),
    applicator("unevaluatedItems", Holds::One, "[unevaluated]", false),
    applicator("propertyNames", Holds::One, "{names}", false),
    applicator("contains", Holds::One, "[contains]", false),
    applicator("not", Holds::One, "|not", false),
    applicator("if", Holds::One, "|if", false),
    applicator("then", Holds::One, "|then", false),
    applicator("else", Holds::One, "|else", false),
    applicator("allOf", Holds::Listed, "", true),
    applicator("anyOf", Holds::Listed, "", false),
    applicator("oneOf", Holds::Listed, "", false),
    applicator("prefixItems", Holds::Listed, "", true),
];

fn applicator_index(keyword: &str) -> Option<usize> {
    APPLICATORS
        .iter()
        .position(|applicator| applicator.keyword == keyword)
}

/// Whether the value of `keyword` is made of subschemas rather than being a constraint of the
/// schema's own.
pub fn is_applicator(keyword: &str) -> bool {
    applicator_index(keyword).is_some()
}

/// Where a subschema sits in its parent: `properties/name`, `items`, `oneOf/1`. Orders as a
/// walk visits subschemas.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Slot<'a> {
    /// Index into [`APPLICATORS`].
    applicator: u8,
    position: Position<'a>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum Position<'a> {
    Key(&'a str),
    Only,
    Index(usize),
}

impl<'a> Slot<'a> {
    fn new(applicator: usize, position: Position<'a>) -> Self {
        let applicator = u8::try_from(applicator).expect("fewer than 256 applicators");
        Self {
            applicator,
            position,
        }
    }

    fn applicator(&self) -> &'static Applicator {
        &APPLICATORS[usize::from(self.applicator)]
    }

    /// Appends this slot to the pointer of the parent: `/properties/name`, `/items`, `/oneOf/1`.
    pub fn push_pointer(&self, pointer: &mut String) {
        pointer::push_token(pointer, self.applicator().keyword);
        match self.position {
            Position::Key(key) => pointer::push_token(pointer, key),
            Position::Only => {}
            Position::Index(index) => pointer::push_index(pointer, index),
        }
    }

    /// Appends this slot to the site of the parent: `.name`, `.$defs.name`, `[]`, `|oneOf[1]`.
    pub fn push_site(&self, site: &mut String) {
        let applicator = self.applicator();
        match self.position {
            Position::Key(key) if applicator.keyword == "properties" => {
                site.push('.');
                site.push_str(key);
            }
            Position::Key(key) => {
                write!(site, ".{}.{key}", applicator.keyword)
                    .expect("writing to a String cannot fail");
            }
            Position::Only => site.push_str(applicator.site),
            Position::Index(index) => {
                write!(site, "|{}[{index}]", applicator.keyword)
                    .expect("writing to a String cannot fail");
            }
        }
    }

    /// The field the subschema constrains, given the one its parent constrains.
    pub fn field<'f>(&self, parent: Option<&'f str>) -> Option<&'f str>
    where
        'a: 'f,
    {
        match self.position {
            Position::Key(key) if self.applicator().keyword == "properties" => Some(key),
            _ => parent.filter(|_| self.applicator().carries_field),
        }
    }
}

/// Calls `visit` with each subschema of `schema` (nothing unless it is an object), in a fixed
/// order: applicators as listed in `APPLICATORS`, then map or list order. Members of maps
/// and lists are visited whatever their type; a single subschema only if it is an object.
/// Boolean schemas hold nothing to visit.
pub fn for_each_subschema<'a, T: Tree<'a>>(schema: T, mut visit: impl FnMut(Slot<'a>, T)) {
    let mut held: [Option<T>; APPLICATORS.len()] = std::array::from_fn(|_| None);
    for (keyword, value) in schema.into_entries() {
        if let Some(index) = applicator_index(keyword) {
            held[index] = Some(value);
        }
    }
    for (index, value) in held.into_iter().enumerate() {
        let Some(value) = value else {
            continue;
        };
        match APPLICATORS[index].holds {
            Holds::Named => {
                for (key, child) in value.into_entries() {
                    visit(Slot::new(index, Position::Key(key)), child);
                }
            }
            Holds::One if value.value().is_object() => {
                visit(Slot::new(index, Position::Only), value);
            }
            Holds::One | Holds::Listed => {
                for (position, child) in value.into_items().enumerate() {
                    visit(Slot::new(index, Position::Index(position)), child);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::*;

    fn children(schema: &Value) -> Vec<String> {
        let mut found = Vec::new();
        for_each_subschema(schema, |slot, _| {
            let mut pointer = String::new();
            slot.push_pointer(&mut pointer);
            found.push(pointer);
        });
        found
    }

    #[test]
    fn subschemas_come_in_table_order_and_values_that_only_look_like_schemas_are_skipped() {
        let schema = json!({
            "oneOf": [{"type": "string"}, true],
            "properties": {"b": {}, "a/x": {}},
            "items": {"type": "string"},
            "not": true,
            "example": {"properties": {"x": {}}},
            "enum": [{"properties": {}}]
        });
        assert_eq!(
            children(&schema),
            [
                "/properties/a~1x",
                "/properties/b",
                "/items",
                "/oneOf/0",
                "/oneOf/1"
            ]
        );
    }

    #[test]
    fn older_drafts_spellings_are_walked_too() {
        let schema = json!({
            "definitions": {"d": {}},
            "items": [{"type": "string"}, {"type": "integer"}],
            "additionalItems": {"type": "boolean"}
        });
        assert_eq!(
            children(&schema),
            ["/definitions/d", "/items/0", "/items/1", "/additionalItems"]
        );
    }

    #[test]
    fn applicators_are_the_keywords_that_hold_subschemas() {
        assert!(is_applicator("properties"));
        assert!(is_applicator("$defs"));
        assert!(!is_applicator("maxLength"));
        assert!(!is_applicator("example"));
    }

    #[test]
    fn a_definition_is_no_property_and_constrains_no_field() {
        let schema = json!({"$defs": {"Id": {}}});
        let mut seen = Vec::new();
        for_each_subschema(&schema, |slot, _| {
            let mut site = String::from("Thing");
            slot.push_site(&mut site);
            seen.push((site, slot.field(Some("owner"))));
        });
        assert_eq!(seen, [("Thing.$defs.Id".to_owned(), None)]);
    }

    #[test]
    fn sites_and_fields_follow_the_keyword() {
        let schema = json!({"properties": {"a": {"items": {"oneOf": [{}]}}}});
        let mut seen = Vec::new();
        for_each_subschema(&schema, |slot, property| {
            let mut site = String::from("op");
            slot.push_site(&mut site);
            let field = slot.field(None);
            for_each_subschema(property, |slot, items| {
                let mut items_site = site.clone();
                slot.push_site(&mut items_site);
                let items_field = slot.field(field);
                for_each_subschema(items, |slot, _| {
                    let mut alternative = items_site.clone();
                    slot.push_site(&mut alternative);
                    seen.push((alternative, slot.field(items_field)));
                });
                seen.push((items_site, items_field));
            });
            seen.push((site, field));
        });
        assert_eq!(
            seen,
            [
                ("op.a[]|oneOf[0]".to_owned(), None),
                ("op.a[]".to_owned(), Some("a")),
                ("op.a".to_owned(), Some("a")),
            ]
        );
    }
}
