//! An overlay action's target: an RFC 9535 JSONPath query, evaluated to the JSON pointers of the
//! nodes it selects.
//!
//! serde_json_path can report locations, but it clones a location for every node it visits, and
//! most overlay targets are descendant queries that visit the whole document: fourteen of them
//! made the overlay the slowest stage of the pipeline. So the query is parsed into
//! rsonpath-syntax's syntax tree and walked here with one path stack, spelling out a pointer
//! only for a selected node. rsonpath-syntax does not parse function extensions (`length(@)`,
//! `match(...)`); such queries still go through serde_json_path, which is also the reference the
//! tests hold this walk to.

use std::ops::ControlFlow;

use rsonpath_syntax::{Index, JsonPathQuery, Segment, Selector, Selectors, Slice, Step};
use serde_json_path::JsonPath;

use super::filter;
use crate::spec::json::Value;
use crate::spec::pointer::{self, Trail};

#[derive(Debug)]
pub enum Target {
    Walked(JsonPathQuery),
    Located(JsonPath),
}

impl Target {
    /// Parses `text`; the error is serde_json_path's description of what is wrong with it.
    pub fn parse(text: &str) -> Result<Self, String> {
        let reference = JsonPath::parse(text).map_err(|error| error.to_string())?;
        Ok(match rsonpath_syntax::parse(text) {
            Ok(query) => Self::Walked(query),
            Err(_) => Self::Located(reference),
        })
    }

    /// The JSON pointers of the selected nodes, in the order RFC 9535 gives the nodelist.
    pub fn pointers(&self, document: &Value) -> Vec<String> {
        match self {
            Self::Walked(query) => {
                let mut found = Vec::new();
                let _ = walk(document, document, query.segments(), &mut |path, _| {
                    found.push(path.pointer());
                    ControlFlow::Continue(())
                });
                found
            }
            // serde_json_path reads only serde_json's own value: the rare query with a function
            // pays for a copy of the document.
            Self::Located(path) => path
                .query_located(&document.into())
                .locations()
                .map(|location| location.to_json_pointer())
                .collect(),
        }
    }

    /// The syntax tree, for queries walked here.
    pub fn query(&self) -> Option<&JsonPathQuery> {
        match self {
            Self::Walked(query) => Some(query),
            Self::Located(_) => None,
        }
    }
}

/// A node's children in document order, with the step to each.
pub(super) fn children(node: &Value) -> impl Iterator<Item = (pointer::Step<'_>, &Value)> {
    let members = node.as_object().into_iter().flatten();
    let elements = node.as_array().into_iter().flatten().enumerate();
    members
        .map(|(name, child)| (pointer::Step::Key(name), child))
        .chain(elements.map(|(at, child)| (pointer::Step::Index(at), child)))
}

/// Whether `segments` select anything from `start`: the existence test of a filter.
pub(super) fn selects_any(start: &Value, root: &Value, segments: &[Segment]) -> bool {
    walk(start, root, segments, &mut |_, _| ControlFlow::Break(())).is_break()
}

pub(super) type Found<'f, 'd> = dyn FnMut(&Trail<'d>, &'d Value) -> ControlFlow<()> + 'f;

/// Calls `found` for every node `segments` select from `start`, in nodelist order, with the
/// path from `start` to it; stops when `found` breaks.
fn walk<'d>(
    start: &'d Value,
    root: &'d Value,
    segments: &[Segment],
    found: &mut Found<'_, 'd>,
) -> ControlFlow<()> {
    Walker::new(root, found).segments(start, segments)
}

pub(super) struct Walker<'w, 'd> {
    root: &'d Value,
    /// The steps from the root to the node being looked at.
    pub(super) path: Trail<'d>,
    found: &'w mut Found<'w, 'd>,
}

impl<'w, 'd> Walker<'w, 'd> {
    pub(super) fn new(root: &'d Value, found: &'w mut Found<'w, 'd>) -> Self {
        Self {
            root,
            path: Trail::default(),
            found,
        }
    }

    fn segments(&mut self, node: &'d Value, segments: &[Segment]) -> ControlFlow<()> {
        let Some((segment, rest)) = segments.split_first() else {
            return (self.found)(&self.path, node);
        };
        match segment {
            Segment::Child(selectors) => self.select(node, selectors, rest),
            Segment::Descendant(selectors) => self.descend(node, selectors, rest),
        }
    }

    /// RFC 9535 §2.5.2: the selectors apply to `node`'s children, then to each descendant's, in
    /// document order.
    fn descend(
        &mut self,
        node: &'d Value,
        selectors: &Selectors,
        rest: &[Segment],
    ) -> ControlFlow<()> {
        self.select(node, selectors, rest)?;
        for (step, child) in children(node) {
            self.path.push(step);
            self.descend(child, selectors, rest)?;
            self.path.pop();
        }
        ControlFlow::Continue(())
    }

    fn select(
        &mut self,
        node: &'d Value,
        selectors: &Selectors,
        rest: &[Segment],
    ) -> ControlFlow<()> {
        for selector in selectors.iter() {
            self.select_one(node, selector, rest)?;
        }
        ControlFlow::Continue(())
    }

    pub(super) fn select_one(
        &mut self,
        node: &'d Value,
        selector: &Selector,
        rest: &[Segment],
    ) -> ControlFlow<()> {
        self.select_one_where(node, selector, rest, |_| true)
    }

    /// Applies `selector` to `node`'s children; wildcards and filters skip the children whose
    /// position `may_match` rules out.
    pub(super) fn select_one_where(
        &mut self,
        node: &'d Value,
        selector: &Selector,
        rest: &[Segment],
        may_match: impl Fn(usize) -> bool,
    ) -> ControlFlow<()> {
        match (selector, node) {
            (Selector::Name(name), Value::Object(members)) => {
                if let Some((name, child)) = members.get_key_value(name.unquoted()) {
                    self.enter(pointer::Step::Key(name), child, rest)?;
                }
            }
            (Selector::Index(index), Value::Array(elements)) => {
                if let Some(at) = resolve(*index, elements.len()) {
                    self.enter(pointer::Step::Index(at), &elements[at], rest)?;
                }
            }
            (Selector::Slice(slice), Value::Array(elements)) => {
                for at in slice_indices(slice, elements.len()) {
                    self.enter(pointer::Step::Index(at), &elements[at], rest)?;
                }
            }
            (Selector::Wildcard | Selector::Filter(_), Value::Object(_) | Value::Array(_)) => {
                for (position, (step, child)) in children(node).enumerate() {
                    if may_match(position) && self.passes(selector, child) {
                        self.enter(step, child, rest)?;
                    }
                }
            }
            _ => {}
        }
        ControlFlow::Continue(())
    }

    fn passes(&self, selector: &Selector, child: &'d Value) -> bool {
        match selector {
            Selector::Filter(expression) => filter::holds(expression, child, self.root),
            _ => true,
        }
    }

    fn enter(
        &mut self,
        step: pointer::Step<'d>,
        child: &'d Value,
        rest: &[Segment],
    ) -> ControlFlow<()> {
        self.path.push(step);
        let flow = self.segments(child, rest);
        self.path.pop();
        flow
    }
}

/// The array position an index selector names, if the array has it.
pub(super) fn resolve(index: Index, len: usize) -> Option<usize> {
    match index {
        Index::FromStart(at) => usize::try_from(at.as_u64()).ok().filter(|&at| at < len),
        Index::FromEnd(back) => usize::try_from(back.as_u64())
            .ok()
            .and_then(|back| len.checked_sub(back)),
    }
}

/// RFC 9535 §2.3.4.2.2: the positions a slice selects, in the order it selects them.
fn slice_indices(slice: &Slice, len: usize) -> Vec<usize> {
    let len = i64::try_from(len).unwrap_or(i64::MAX);
    let signed = |index: Index| match index {
        Index::FromStart(at) => i64::try_from(at.as_u64()).unwrap_or(i64::MAX),
        Index::FromEnd(back) => i64::try_from(back.as_u64()).map_or(i64::MIN, |b| -b),
    };
    let normalize = |index: i64| if index >= 0 { index } else { len + index };
    let as_position = |index: i64| usize::try_from(index).expect("bounds keep it in the array");
    match slice.step() {
        Step::Forward(step) => {
            let Ok(step @ 1..) = i64::try_from(step.as_u64()) else {
                return Vec::new();
            };
            let lower = normalize(signed(slice.start())).clamp(0, len);
            let upper = slice
                .end()
                .map_or(len, |end| normalize(signed(end)).clamp(0, len));
            std::iter::successors(Some(lower), |at| at.checked_add(step))
                .take_while(|&at| at < upper)
                .map(as_position)
                .collect()
        }
        Step::Backward(step) => {
            let step = i64::try_from(step.as_u64()).unwrap_or(i64::MAX);
            let upper = normalize(signed(slice.start())).clamp(-1, len - 1);
            let lower = slice
                .end()
                .map_or(-1, |end| normalize(signed(end)).clamp(-1, len - 1));
            std::iter::successors(Some(upper), |at| at.checked_sub(step))
                .take_while(|&at| at > lower)
                .map(as_position)
                .collect()
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::spec::json::json;

    use super::*;

    /// A document with every kind of node the selectors distinguish: nested objects and arrays,
    /// strings, numbers (integer and not), booleans, null, and member names that need escaping.
    fn document() -> Value {
        json!({
            "paths": {
                "/a/{id}": {
                    "get": {
                        "operationId": "showA",
                        "responses": {
                            "200": {"description": "ok", "content": {"application/json": {
                                "schema": {"type": "object", "properties": {
                                    "when": {"type": "string", "format": "date_time"},
                                    "url": {"type": "string", "pattern": "[a-z]+"},
                                    "password": {"type": "string"},
                                    "count": {"type": "integer", "minimum": 1, "maximum": 2.5}
                                }}
                            }}},
                            "4XX": {"description": "bad"}
                        }
                    },
                    "parameters": [
                        {"name": "id", "in": "path", "required": true, "schema": {"type": "integer"}},
                        {"name": "q", "in": "query", "required": false, "schema": {"type": "string", "format": "date_time"}},
                        {"name": "n", "in": "query", "deprecated": null}
                    ]
                }
            },
            "list": [0, 1, 2, 3, 4, 5, 6],
            "mixed": ["a", "b", 3, 3.0, true, null, {"k": "v"}, ["x"]],
            "a~b": {"c/d": "escaped"},
            "limits": {"low": 1, "high": 10, "name": "limits"}
        })
    }

    const QUERIES: &[&str] = &[
        "$",
        "$.paths",
        "$.paths.*",
        "$.paths.*.*",
        "$..*",
        "$..[*]",
        "$..format",
        "$..['format','type']",
        "$..[?@.format == 'date_time']",
        "$..[?@.format == 'date_time'].format",
        "$..[?@.format != 'date_time']",
        "$..[?@.pattern].pattern",
        "$..[?!@.pattern]",
        "$..[?@.required == true]",
        "$..[?@.required == false && @.in == 'query']",
        "$..[?@.required || @.deprecated == null]",
        "$..[?@.minimum < @.maximum]",
        "$..[?@.maximum > 2]",
        "$..[?@.maximum >= 2.5]",
        "$..[?@.minimum <= 1]",
        "$..[?@.name > 'm']",
        "$..[?@.name < 'id']",
        "$..[?@ == 3]",
        "$..[?@ == 'v']",
        "$..[?@ == null]",
        "$..[?@ == true]",
        "$..[?@ == $.mixed[6]]",
        "$..[?@ == $.mixed[7]]",
        "$..[?@ == $.limits.low]",
        "$..[?@.k == 'v' && $.limits]",
        "$..[?$.nothing]",
        "$..[?@.properties.url.pattern == '[a-z]+'].properties.url",
        "$..[?@..format]",
        "$..[?@.*]",
        "$.list[0]",
        "$.list[-1]",
        "$.list[-7]",
        "$.list[-8]",
        "$.list[7]",
        "$.list[1:3]",
        "$.list[:2]",
        "$.list[5:]",
        "$.list[::2]",
        "$.list[::-1]",
        "$.list[5:1:-2]",
        "$.list[-2:]",
        "$.list[:-5]",
        "$.list[1:10:3]",
        "$.list[::0]",
        "$.list[0, -1, 0]",
        "$.mixed[?@ > 2]",
        "$.mixed[?@ == 3]",
        "$.mixed[*][0]",
        "$['a~b']['c/d']",
        "$..[?@['c/d']]",
        "$.paths['/a/{id}'].parameters[?@.schema.type == 'string'].name",
        "$.paths.*.*.responses[?@.description == 'bad']",
        "$.paths.*.*[?@['4XX'] && !@['4XX'].content]['4XX']",
        "$..properties['password','when']",
        "$..[?@.limits.low == 1 || @.low == 1]",
        "$..[?(@.type == 'string' || @.type == 'integer') && !@.format]",
        "$.missing.*",
    ];

    fn reference(query: &str, document: &Value) -> Vec<String> {
        JsonPath::parse(query)
            .unwrap()
            .query_located(&document.into())
            .locations()
            .map(|location| location.to_json_pointer())
            .collect()
    }

    #[test]
    fn the_walk_selects_what_serde_json_path_selects_in_the_same_order() {
        let document = document();
        let differ: Vec<String> = QUERIES
            .iter()
            .filter_map(|query| {
                let target = Target::parse(query).unwrap();
                assert!(matches!(target, Target::Walked(_)), "{query} is walked");
                let (walked, expected) = (target.pointers(&document), reference(query, &document));
                (walked != expected)
                    .then(|| format!("{query}\n  walk: {walked:?}\n  reference: {expected:?}"))
            })
            .collect();
        assert!(differ.is_empty(), "{}", differ.join("\n"));
    }

    #[test]
    fn descendant_queries_walked_together_select_what_each_selects_alone() {
        let document = document();
        let targets: Vec<Target> = QUERIES
            .iter()
            .map(|query| Target::parse(query).unwrap())
            .collect();
        let shared = targets
            .iter()
            .filter(|target| {
                matches!(
                    target.query().map(JsonPathQuery::segments),
                    Some([Segment::Descendant(_), ..])
                )
            })
            .count();
        assert!(shared > 30, "most of the queries share the walk");
        let together = crate::spec::overlay::shared::select_together(
            &targets.iter().collect::<Vec<_>>(),
            &document,
        );
        for ((query, target), found) in QUERIES.iter().zip(&targets).zip(together) {
            assert_eq!(found, target.pointers(&document), "{query}");
        }
    }

    #[test]
    fn queries_with_functions_go_through_serde_json_path() {
        let document = document();
        for query in ["$..[?length(@) > 3]", "$..[?match(@.format, 'date_.*')]"] {
            let target = Target::parse(query).unwrap();
            assert!(matches!(target, Target::Located(_)), "{query}");
            let found = target.pointers(&document);
            assert!(!found.is_empty(), "{query}");
            assert_eq!(found, reference(query, &document), "{query}");
        }
    }

    #[test]
    fn an_invalid_query_is_described() {
        let error = Target::parse("$..[?@.format = 'x']").unwrap_err();
        assert!(!error.is_empty());
    }
}
