//! Where the nodes a JSONPath query selected sit in the document, as JSON pointers.
//!
//! serde_json_path's located query builds a path for every node a descendant query (`$..`)
//! visits; on the vendor's 40 pages that doubled the cost of each `$..` action (BENCHMARKS.md).
//! Its plain query hands back references into the document instead, and one walk that spells a
//! pointer only where it meets a selected node finds where they are. The walk asks at every node
//! of the document whether it was selected, so that question is a binary search over the few
//! selected addresses rather than a hash of each node's.

use portsip_api_build::openapi::pointer::Trail;
use serde_json::Value;

/// The pointer of each of `nodes`, in their order. `nodes` must be references into `document`,
/// as a query's results are.
pub(super) fn pointers(document: &Value, nodes: &[&Value]) -> Vec<String> {
    let mut wanted: Vec<(*const Value, usize)> = nodes
        .iter()
        .enumerate()
        .map(|(index, node)| (*node as *const Value, index))
        .collect();
    wanted.sort_unstable();
    let mut walk = Walk {
        wanted,
        found: vec![None; nodes.len()],
        missing: nodes.len(),
        trail: Trail::default(),
    };
    walk.visit(document);
    walk.found
        .into_iter()
        .map(|pointer| pointer.expect("every selected node lies in the document"))
        .collect()
}

struct Walk<'a> {
    /// Selected nodes by address, with their positions among the results, sorted.
    wanted: Vec<(*const Value, usize)>,
    found: Vec<Option<String>>,
    missing: usize,
    trail: Trail<'a>,
}

impl<'a> Walk<'a> {
    fn visit(&mut self, node: &'a Value) {
        let address = node as *const Value;
        let first = self.wanted.partition_point(|(wanted, _)| *wanted < address);
        let selected = self.wanted[first..]
            .iter()
            .take_while(|(wanted, _)| *wanted == address)
            .count();
        for &(_, position) in &self.wanted[first..first + selected] {
            self.found[position] = Some(self.trail.pointer());
        }
        self.missing -= selected;
        match node {
            Value::Object(members) => {
                for (name, member) in members {
                    if self.missing == 0 {
                        return;
                    }
                    self.trail.push_key(name);
                    self.visit(member);
                    self.trail.pop();
                }
            }
            Value::Array(items) => {
                for (index, item) in items.iter().enumerate() {
                    if self.missing == 0 {
                        return;
                    }
                    self.trail.push_index(index);
                    self.visit(item);
                    self.trail.pop();
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use serde_json_path::JsonPath;

    use super::*;

    /// The same pointers, in the same order, as serde_json_path's located query, including the
    /// orders RFC 9535 gives descendant queries and repeated selections.
    #[test]
    fn pointers_are_what_the_located_query_gives() {
        let document = json!({
            "a/b": {"x": 1, "inner": {"x": 1, "list": [{"x": 1}, 2]}},
            "c~d": [{"x": 2}, {"y": [{"x": 1}]}],
            "e": "x"
        });
        for query in [
            "$..[?@.x == 1]",
            "$..*",
            "$..x",
            "$['a/b'].inner.list[0, 0, -1]",
            "$..[?@ == 2]",
            "$.nothing",
            "$",
        ] {
            let path = JsonPath::parse(query).unwrap();
            let expected: Vec<String> = path
                .query_located(&document)
                .locations()
                .map(|location| location.to_json_pointer())
                .collect();
            let nodes = path.query(&document).all();
            assert_eq!(pointers(&document, &nodes), expected, "{query}");
        }
    }
}
