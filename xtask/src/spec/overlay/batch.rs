//! Which consecutive overlay actions may select their targets together, in one walk of the
//! document, without changing what Overlay 1.0's one-action-after-another semantics selects.
//!
//! A descendant query (`$..[?...]`) visits every node; on a document larger than the CPU's
//! caches each such walk runs from memory, so several of them cost far more than one walk doing
//! all their work. Selecting action B's targets before action A has been applied is only sound
//! when A's changes cannot change what B selects. That is decided here from the syntax of B's
//! query and the content of A's update, conservatively: when in doubt, B waits for A.
//!
//! Why the rule below is enough: an `update` merges an object into each target, so every value it
//! adds or replaces sits below a member whose name occurs in the update. A query that never names
//! such a member cannot read a changed value through a name; it can still reach a new node
//! through a wildcard, a descendant walk or a filter, but only select it if its last step accepts
//! any node (a wildcard, an index, or a filter that holds for a node with none of the members it
//! asks about), and only see it from inside a filter through a wildcard, a descendant query, an
//! index or `@` itself. Queries that do any of these count as open and wait. Appending to an array
//! moves indices from the end, so queries with indices wait for updates that hold arrays.
//! Removals close the batch. So does an update that, when applied, turns out not to merge: one
//! whose target is not an object, or that replaces an object or array, or pushes a single value
//! onto an array (`merge_update` reports it); the node replaced may be one a later action of the
//! batch selected. A random differential test holds all of this to one-action-after-another
//! application.

use std::collections::BTreeSet;

use rsonpath_syntax::{
    Comparable, JsonPathQuery, LogicalExpr, Segment, Selector, SingularJsonPathQuery,
    SingularSegment, TestExpr,
};

use super::filter;
use crate::spec::json::Value;

/// What selecting a query's targets depends on.
#[derive(Debug, Default)]
pub struct Reads {
    names: BTreeSet<String>,
    open: bool,
    indexes: bool,
}

/// What applying an action may change.
#[derive(Debug, Default)]
pub struct Writes {
    names: BTreeSet<String>,
    arrays: bool,
    /// Removals, and updates that replace their targets instead of merging into them.
    unbounded: bool,
}

impl Reads {
    /// `None` for a query this module does not analyse: it always waits.
    pub fn of(query: Option<&JsonPathQuery>) -> Option<Self> {
        let query = query?;
        let mut reads = Self::default();
        reads.segments(query.segments());
        if let Some(last) = query.segments().last() {
            reads.open |= last.selectors().iter().any(accepts_any_node);
        }
        Some(reads)
    }

    fn segments(&mut self, segments: &[Segment]) {
        for selector in segments
            .iter()
            .flat_map(|segment| segment.selectors().iter())
        {
            match selector {
                Selector::Name(name) => {
                    self.names.insert(name.unquoted().to_owned());
                }
                Selector::Index(_) | Selector::Slice(_) => self.indexes = true,
                Selector::Wildcard => {}
                Selector::Filter(expression) => self.filter(expression),
            }
        }
    }

    fn filter(&mut self, expression: &LogicalExpr) {
        match expression {
            LogicalExpr::Or(left, right) | LogicalExpr::And(left, right) => {
                self.filter(left);
                self.filter(right);
            }
            LogicalExpr::Not(inner) => self.filter(inner),
            LogicalExpr::Test(TestExpr::Relative(query) | TestExpr::Absolute(query)) => {
                self.inner_query(query.segments());
            }
            LogicalExpr::Comparison(comparison) => {
                for side in [comparison.lhs(), comparison.rhs()] {
                    match side {
                        Comparable::Literal(_) => {}
                        Comparable::RelativeSingularQuery(query) => self.singular(query, true),
                        Comparable::AbsoluteSingularQuery(query) => self.singular(query, false),
                    }
                }
            }
        }
    }

    /// A query inside a filter sees new members through anything but names.
    fn inner_query(&mut self, segments: &[Segment]) {
        self.open |= segments.is_empty()
            || segments.iter().any(|segment| {
                matches!(segment, Segment::Descendant(_))
                    || segment
                        .selectors()
                        .iter()
                        .any(|selector| !matches!(selector, Selector::Name(_)))
            });
        self.segments(segments);
    }

    fn singular(&mut self, query: &SingularJsonPathQuery, relative: bool) {
        let mut steps = 0;
        for segment in query.segments() {
            steps += 1;
            match segment {
                SingularSegment::Name(name) => {
                    self.names.insert(name.unquoted().to_owned());
                }
                SingularSegment::Index(_) => self.open = true,
            }
        }
        // `@` itself: the value of whatever node is being tested, new or not.
        self.open |= relative && steps == 0;
    }

    pub fn unaffected_by(&self, writes: &Writes) -> bool {
        let could_be_affected = self.open
            || writes.unbounded
            || (self.indexes && writes.arrays)
            || !self.names.is_disjoint(&writes.names);
        !could_be_affected
    }
}

/// Whether the last step of a query could select a node none of whose members it names.
fn accepts_any_node(selector: &Selector) -> bool {
    match selector {
        Selector::Name(_) => false,
        Selector::Wildcard | Selector::Index(_) | Selector::Slice(_) => true,
        Selector::Filter(expression) => {
            reads_the_root(expression)
                || [Value::Object(Default::default()), Value::Null]
                    .iter()
                    .any(|blank| filter::holds(expression, blank, blank))
        }
    }
}

/// `$` inside a filter: the blank stand-ins above cannot say what the real document holds.
fn reads_the_root(expression: &LogicalExpr) -> bool {
    match expression {
        LogicalExpr::Or(left, right) | LogicalExpr::And(left, right) => {
            reads_the_root(left) || reads_the_root(right)
        }
        LogicalExpr::Not(inner) => reads_the_root(inner),
        LogicalExpr::Test(test) => matches!(test, TestExpr::Absolute(_)),
        LogicalExpr::Comparison(comparison) => [comparison.lhs(), comparison.rhs()]
            .iter()
            .any(|side| matches!(side, Comparable::AbsoluteSingularQuery(_))),
    }
}

impl Writes {
    pub fn of(update: Option<&Value>, remove: bool) -> Self {
        let mut writes = Self {
            unbounded: remove || !matches!(update, Some(Value::Object(_))),
            ..Self::default()
        };
        if let Some(update) = update {
            writes.collect(update);
        }
        writes
    }

    fn collect(&mut self, value: &Value) {
        match value {
            Value::Object(members) => {
                for (name, member) in members {
                    self.names.insert(name.to_string());
                    self.collect(member);
                }
            }
            Value::Array(elements) => {
                self.arrays = true;
                elements.iter().for_each(|element| self.collect(element));
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::spec::json::json;

    use super::*;

    fn reads(query: &str) -> Reads {
        Reads::of(Some(&rsonpath_syntax::parse(query).unwrap())).unwrap()
    }

    fn writes(update: Value) -> Writes {
        Writes::of(Some(&update), false)
    }

    #[test]
    fn a_query_waits_for_an_update_of_a_member_it_names() {
        let update = writes(json!({"required": ["a"]}));
        assert!(!reads("$..[?@.properties.a && !@.required]").unaffected_by(&update));
        assert!(reads("$..[?@.format == 'date_time']").unaffected_by(&update));
        assert!(!reads("$..required").unaffected_by(&update));
        assert!(!reads("$..[?@.x == $.deep.required]").unaffected_by(&update));
    }

    #[test]
    fn names_deep_inside_an_update_count() {
        let update = writes(json!({"content": {"application/json": {"schema": {"$ref": "#/x"}}}}));
        assert!(!reads("$..schema").unaffected_by(&update));
        assert!(reads("$..properties['password']").unaffected_by(&update));
    }

    #[test]
    fn queries_that_could_select_a_new_node_wait() {
        let update = writes(json!({"description": "d"}));
        for open in [
            "$.paths.*",
            "$..*",
            "$..[0]",
            "$..[?!@.x]",
            "$..[?@ == 'd']",
            "$.a[?@ == 'd'].b",
            "$..[?@.*]",
            "$..[?@..x].y",
            "$..[?@.a[0] == 1]",
            "$..[?$.anything]",
            "$..[?@.x == $.y]",
        ] {
            assert!(!reads(open).unaffected_by(&update), "{open}");
        }
        for closed in [
            "$.paths.*.*.responses",
            "$..[?@.x && !@.y]",
            "$..[?@.x == 1].y",
            "$.*[?$.x].y",
        ] {
            assert!(reads(closed).unaffected_by(&update), "{closed}");
        }
    }

    #[test]
    fn removals_and_replacements_close_the_batch_and_arrays_move_indices() {
        let query = reads("$..[?@.x == 1]");
        assert!(!query.unaffected_by(&Writes::of(None, true)));
        assert!(!query.unaffected_by(&writes(json!("replaced"))));
        let appended = writes(json!({"enum": ["a"]}));
        assert!(query.unaffected_by(&appended));
        assert!(!reads("$.list[1:].x").unaffected_by(&appended));
    }
}
