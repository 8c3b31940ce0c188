//! Several descendant queries (`$..…`) answered by one walk of the document: on a document
//! larger than the CPU's caches, each walk waits on memory far longer than it computes.

use std::ops::ControlFlow;

use rsonpath_syntax::{JsonPathQuery, Segment, Selector, Selectors};

use super::filter;
use super::target::{Target, Walker, children};
use crate::spec::json::Value;
use crate::spec::pointer::Trail;

/// The pointers each target selects, as [`Target::pointers`] gives them, with every query that
/// starts with a descendant segment sharing one walk of the document.
pub fn select_together(targets: &[&Target], document: &Value) -> Vec<Vec<String>> {
    let mut found: Vec<Vec<String>> = targets.iter().map(|_| Vec::new()).collect();
    let mut members = TestedMembers::default();
    let mut shared = Vec::new();
    for (index, target) in targets.iter().enumerate() {
        match target.query().map(JsonPathQuery::segments) {
            Some([Segment::Descendant(selectors), rest @ ..]) => shared.push(SharedQuery {
                index,
                needs: selectors.iter().map(|s| members.bit_for(s)).collect(),
                selectors,
                rest,
            }),
            _ => found[index] = target.pointers(document),
        }
    }
    if !shared.is_empty() {
        let current = std::cell::Cell::new(0);
        let mut sink = |path: &Trail<'_>, _: &Value| {
            found[current.get()].push(path.pointer());
            ControlFlow::Continue(())
        };
        let mut walker = Walker::new(document, &mut sink);
        let mut shared_walk = SharedWalk {
            queries: &shared,
            members: &members,
            current: &current,
            masks: Vec::new(),
        };
        shared_walk.descend(&mut walker, document);
    }
    found
}

/// A query of a shared walk: its descendant segment's selectors, and for each one the member a
/// child must have for it to select the child, as a bit of [`TestedMembers`].
struct SharedQuery<'q> {
    index: usize,
    selectors: &'q Selectors,
    needs: Vec<Option<u64>>,
    rest: &'q [Segment],
}

/// The members the filters of a shared walk test first. Each child's member names are read
/// once into a bit set, and a filter is only evaluated for children that have its member:
/// several filters each looking a member up in every node cost more than the walk itself.
#[derive(Default)]
struct TestedMembers<'q> {
    names: Vec<&'q str>,
}

impl<'q> TestedMembers<'q> {
    fn bit_for(&mut self, selector: &'q Selector) -> Option<u64> {
        let Selector::Filter(expression) = selector else {
            return None;
        };
        let name = filter::required_member(expression)?;
        let position = match self.names.iter().position(|known| *known == name) {
            Some(position) => position,
            None if self.names.len() < 64 => {
                self.names.push(name);
                self.names.len() - 1
            }
            None => return None,
        };
        Some(1 << position)
    }

    fn present_in(&self, node: &Value) -> u64 {
        let Value::Object(members) = node else {
            return 0;
        };
        if self.names.is_empty() {
            return 0;
        }
        members.keys().fold(0, |mask, key| {
            self.names
                .iter()
                .position(|name| *name == key)
                .map_or(mask, |position| mask | 1 << position)
        })
    }
}

struct SharedWalk<'s, 'q> {
    queries: &'s [SharedQuery<'q>],
    members: &'s TestedMembers<'q>,
    current: &'s std::cell::Cell<usize>,
    /// The member bits of the children of the nodes being visited, innermost last.
    masks: Vec<u64>,
}

impl SharedWalk<'_, '_> {
    /// [`Walker::descend`] for several queries at once: at each node, each query's selectors in
    /// turn, so each query's nodes come out in its own nodelist order.
    fn descend<'d>(&mut self, walker: &mut Walker<'_, 'd>, node: &'d Value) {
        let start = self.masks.len();
        for (_, child) in children(node) {
            self.masks.push(self.members.present_in(child));
        }
        for query in self.queries {
            self.current.set(query.index);
            for (selector, need) in query.selectors.iter().zip(&query.needs) {
                let _ = match need {
                    Some(bit) => {
                        let masks = &self.masks[start..];
                        walker.select_one_where(node, selector, query.rest, |position| {
                            masks[position] & bit != 0
                        })
                    }
                    None => walker.select_one(node, selector, query.rest),
                };
            }
        }
        self.masks.truncate(start);
        for (step, child) in children(node) {
            walker.path.push(step);
            self.descend(walker, child);
            walker.path.pop();
        }
    }
}
