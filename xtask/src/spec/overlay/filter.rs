//! Filter selectors (`[?...]`, RFC 9535 §2.3.5): whether a child passes the logical expression.

use rsonpath_syntax::num::JsonNumber;
use rsonpath_syntax::{
    Comparable, ComparisonExpr, ComparisonOp, Literal, LogicalExpr, Segment, Selector,
    SingularJsonPathQuery, SingularSegment, TestExpr,
};

use super::target::{resolve, selects_any};
use crate::spec::json::Value;

/// Whether `expression` holds for `current`; `root` is the document, for absolute queries.
pub fn holds(expression: &LogicalExpr, current: &Value, root: &Value) -> bool {
    match expression {
        LogicalExpr::Or(left, right) => holds(left, current, root) || holds(right, current, root),
        LogicalExpr::And(left, right) => holds(left, current, root) && holds(right, current, root),
        LogicalExpr::Not(inner) => !holds(inner, current, root),
        LogicalExpr::Test(TestExpr::Relative(query)) => {
            selects_any(current, root, query.segments())
        }
        LogicalExpr::Test(TestExpr::Absolute(query)) => selects_any(root, root, query.segments()),
        LogicalExpr::Comparison(comparison) => compares(comparison, current, root),
    }
}

/// A member a node must have for `expression` to hold for it, if there is one: a test of
/// `@.name…`, or a comparison of it with a literal other than by `!=`, is false for a node that
/// has no `name`. Lets a walk skip the filter for nodes it has already seen lack the member.
pub fn required_member(expression: &LogicalExpr) -> Option<&str> {
    match expression {
        LogicalExpr::And(left, right) => required_member(left).or_else(|| required_member(right)),
        LogicalExpr::Or(left, right) => {
            let name = required_member(left)?;
            (required_member(right)? == name).then_some(name)
        }
        LogicalExpr::Not(_) | LogicalExpr::Test(TestExpr::Absolute(_)) => None,
        LogicalExpr::Test(TestExpr::Relative(query)) => match query.segments().first()? {
            Segment::Child(selectors) => match selectors.as_slice() {
                [Selector::Name(name)] => Some(name.unquoted()),
                _ => None,
            },
            Segment::Descendant(_) => None,
        },
        LogicalExpr::Comparison(comparison) => {
            if comparison.op() == ComparisonOp::NotEqualTo {
                return None;
            }
            match (comparison.lhs(), comparison.rhs()) {
                (Comparable::RelativeSingularQuery(query), Comparable::Literal(_))
                | (Comparable::Literal(_), Comparable::RelativeSingularQuery(query)) => {
                    match query.segments().next()? {
                        SingularSegment::Name(name) => Some(name.unquoted()),
                        SingularSegment::Index(_) => None,
                    }
                }
                _ => None,
            }
        }
    }
}

/// A side of a comparison: a literal, a value a singular query found, or nothing.
#[derive(Clone, Copy)]
enum Operand<'a> {
    Nothing,
    Literal(&'a Literal),
    Value(&'a Value),
}

fn compares(comparison: &ComparisonExpr, current: &Value, root: &Value) -> bool {
    let left = operand(comparison.lhs(), current, root);
    let right = operand(comparison.rhs(), current, root);
    match comparison.op() {
        ComparisonOp::EqualTo => equal(left, right),
        ComparisonOp::NotEqualTo => !equal(left, right),
        ComparisonOp::LessThan => less(left, right),
        ComparisonOp::GreaterThan => less(right, left),
        ComparisonOp::LesserOrEqualTo => less(left, right) || equal(left, right),
        ComparisonOp::GreaterOrEqualTo => less(right, left) || equal(left, right),
    }
}

fn operand<'a>(comparable: &'a Comparable, current: &'a Value, root: &'a Value) -> Operand<'a> {
    let found = match comparable {
        Comparable::Literal(literal) => return Operand::Literal(literal),
        Comparable::RelativeSingularQuery(query) => singular(current, query),
        Comparable::AbsoluteSingularQuery(query) => singular(root, query),
    };
    found.map_or(Operand::Nothing, Operand::Value)
}

fn singular<'a>(start: &'a Value, query: &SingularJsonPathQuery) -> Option<&'a Value> {
    query
        .segments()
        .try_fold(start, |node, segment| match (segment, node) {
            (SingularSegment::Name(name), Value::Object(members)) => members.get(name.unquoted()),
            (SingularSegment::Index(index), Value::Array(elements)) => {
                resolve(*index, elements.len()).map(|at| &elements[at])
            }
            _ => None,
        })
}

/// §2.3.5.2.2: nothing equals only nothing; numbers compare by value; arrays and objects
/// element by element.
fn equal(left: Operand<'_>, right: Operand<'_>) -> bool {
    match (left, right) {
        (Operand::Nothing, Operand::Nothing) => true,
        (Operand::Nothing, _) | (_, Operand::Nothing) => false,
        (Operand::Literal(a), Operand::Literal(b)) => a == b,
        (Operand::Literal(literal), Operand::Value(value))
        | (Operand::Value(value), Operand::Literal(literal)) => literal_equals(literal, value),
        (Operand::Value(a), Operand::Value(b)) => values_equal(a, b),
    }
}

fn literal_equals(literal: &Literal, value: &Value) -> bool {
    match (literal, value) {
        (Literal::String(text), Value::String(other)) => text.unquoted() == other,
        (Literal::Number(number), Value::Number(other)) => {
            other.as_f64() == Some(number_value(number))
        }
        (Literal::Bool(flag), Value::Bool(other)) => flag == other,
        (Literal::Null, Value::Null) => true,
        _ => false,
    }
}

fn values_equal(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(a), Value::Number(b)) => a.as_f64() == b.as_f64(),
        (Value::Array(a), Value::Array(b)) => {
            a.len() == b.len() && a.iter().zip(b).all(|(a, b)| values_equal(a, b))
        }
        (Value::Object(a), Value::Object(b)) => {
            a.len() == b.len()
                && a.iter().all(|(name, value)| {
                    b.get(name).is_some_and(|other| values_equal(value, other))
                })
        }
        (a, b) => a == b,
    }
}

/// §2.3.5.2.2: only numbers and strings are ordered, and only against their own kind.
fn less(left: Operand<'_>, right: Operand<'_>) -> bool {
    match (orderable(left), orderable(right)) {
        (Some(Orderable::Number(a)), Some(Orderable::Number(b))) => a < b,
        (Some(Orderable::Text(a)), Some(Orderable::Text(b))) => a < b,
        _ => false,
    }
}

enum Orderable<'a> {
    Number(f64),
    Text(&'a str),
}

fn orderable(operand: Operand<'_>) -> Option<Orderable<'_>> {
    match operand {
        Operand::Literal(Literal::Number(number)) => Some(Orderable::Number(number_value(number))),
        Operand::Literal(Literal::String(text)) => Some(Orderable::Text(text.unquoted())),
        Operand::Value(Value::Number(number)) => number.as_f64().map(Orderable::Number),
        Operand::Value(Value::String(text)) => Some(Orderable::Text(text)),
        _ => None,
    }
}

fn number_value(number: &JsonNumber) -> f64 {
    match number {
        JsonNumber::Int(int) => int.as_i64() as f64,
        JsonNumber::Float(float) => float.as_f64(),
    }
}
