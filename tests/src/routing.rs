//! Matching request paths against the spec's path templates (`/holidays/{id}`).

use axum::http::Method;

use crate::spec::Operation;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathTemplate {
    raw: String,
    segments: Vec<Segment>,
}

/// Text between slashes, split into literal text and `{parameter}` parts.
type Segment = Vec<Part>;

#[derive(Debug, Clone, PartialEq, Eq)]
enum Part {
    Literal(String),
    Param(String),
}

impl PathTemplate {
    pub fn parse(raw: &str) -> Result<Self, String> {
        if !raw.starts_with('/') {
            return Err("must start with '/'".into());
        }
        let segments = split_path(raw)
            .into_iter()
            .map(parse_segment)
            .collect::<Result<_, _>>()?;
        Ok(Self {
            raw: raw.to_owned(),
            segments,
        })
    }

    pub fn as_str(&self) -> &str {
        &self.raw
    }

    /// Names of the template's parameters, in order.
    pub fn params(&self) -> impl Iterator<Item = &str> {
        self.segments.iter().flat_map(|parts| {
            parts.iter().filter_map(|part| match part {
                Part::Param(name) => Some(name.as_str()),
                Part::Literal(_) => None,
            })
        })
    }

    /// The template minus its last segment when that segment is a lone parameter:
    /// `/holidays/{id}` -> (`/holidays`, `id`).
    pub fn split_trailing_param(&self) -> Option<(String, &str)> {
        let (last, parent) = self.segments.split_last()?;
        match last.as_slice() {
            [Part::Param(name)] => Some((join_raw(&self.raw, parent.len()), name.as_str())),
            _ => None,
        }
    }

    /// The template minus its last segment when that segment is the literal `word`.
    pub fn strip_trailing_literal(&self, word: &str) -> Option<String> {
        let (last, parent) = self.segments.split_last()?;
        match last.as_slice() {
            [Part::Literal(text)] if text == word => Some(join_raw(&self.raw, parent.len())),
            _ => None,
        }
    }

    /// The path with each parameter replaced by its value: `/call_queues/7/agents`.
    pub fn render(&self, value_of: impl Fn(&str) -> String) -> String {
        let segments: Vec<String> = self
            .segments
            .iter()
            .map(|parts| {
                parts
                    .iter()
                    .map(|part| match part {
                        Part::Literal(text) => text.clone(),
                        Part::Param(name) => value_of(name),
                    })
                    .collect()
            })
            .collect();
        format!("/{}", segments.join("/"))
    }

    /// The parameter values when `path` matches, percent-decoded.
    pub fn matches(&self, path: &str) -> Option<Vec<(String, String)>> {
        let actual = split_path(path);
        if actual.len() != self.segments.len() {
            return None;
        }
        let mut values = Vec::new();
        for (parts, text) in self.segments.iter().zip(actual) {
            match_parts(parts, text, &mut values)?;
        }
        Some(
            values
                .into_iter()
                .map(|(name, raw)| {
                    let decoded = percent_encoding::percent_decode_str(raw).decode_utf8_lossy();
                    (name, decoded.into_owned())
                })
                .collect(),
        )
    }

    /// More literal text wins, so `/holidays/export` beats `/holidays/{id}`.
    fn literal_weight(&self) -> usize {
        self.segments
            .iter()
            .flatten()
            .map(|part| match part {
                Part::Literal(text) => text.len(),
                Part::Param(_) => 0,
            })
            .sum()
    }
}

fn split_path(path: &str) -> Vec<&str> {
    let trimmed = path.trim_matches('/');
    if trimmed.is_empty() {
        Vec::new()
    } else {
        trimmed.split('/').collect()
    }
}

fn join_raw(raw: &str, segment_count: usize) -> String {
    let kept: Vec<&str> = split_path(raw).into_iter().take(segment_count).collect();
    format!("/{}", kept.join("/"))
}

fn parse_segment(segment: &str) -> Result<Vec<Part>, String> {
    let mut parts = Vec::new();
    let mut rest = segment;
    while !rest.is_empty() {
        match rest.find('{') {
            Some(0) => {
                let end = rest
                    .find('}')
                    .ok_or_else(|| format!("unclosed '{{' in segment {segment:?}"))?;
                let name = &rest[1..end];
                if name.is_empty() {
                    return Err(format!("empty parameter name in segment {segment:?}"));
                }
                if matches!(parts.last(), Some(Part::Param(_))) {
                    return Err(format!("two adjacent parameters in segment {segment:?}"));
                }
                parts.push(Part::Param(name.to_owned()));
                rest = &rest[end + 1..];
            }
            Some(start) => {
                parts.push(Part::Literal(rest[..start].to_owned()));
                rest = &rest[start..];
            }
            None => {
                parts.push(Part::Literal(rest.to_owned()));
                rest = "";
            }
        }
    }
    Ok(parts)
}

fn match_parts<'a>(
    parts: &[Part],
    text: &'a str,
    values: &mut Vec<(String, &'a str)>,
) -> Option<()> {
    match parts.split_first() {
        None => text.is_empty().then_some(()),
        Some((Part::Literal(literal), rest)) => {
            match_parts(rest, text.strip_prefix(literal.as_str())?, values)
        }
        Some((Part::Param(name), rest)) => {
            // A parameter runs up to the next literal (or to the end of the segment).
            let end = match rest.first() {
                Some(Part::Literal(next)) => text.find(next.as_str())?,
                _ => text.len(),
            };
            if end == 0 {
                return None;
            }
            values.push((name.clone(), &text[..end]));
            match_parts(rest, &text[end..], values)
        }
    }
}

pub struct Routes {
    /// Indices into the operation list, most literal templates first.
    order: Vec<usize>,
}

pub enum RouteMiss {
    NotFound,
    MethodNotAllowed,
}

pub struct RouteMatch {
    pub operation: usize,
    pub path_params: Vec<(String, String)>,
}

impl Routes {
    pub fn new(operations: &[Operation]) -> Self {
        let mut order: Vec<usize> = (0..operations.len()).collect();
        order.sort_by_key(|&index| std::cmp::Reverse(operations[index].path.literal_weight()));
        Self { order }
    }

    pub fn find(
        &self,
        operations: &[Operation],
        method: &Method,
        path: &str,
    ) -> Result<RouteMatch, RouteMiss> {
        let mut path_known = false;
        for &index in &self.order {
            let operation = &operations[index];
            if let Some(path_params) = operation.path.matches(path) {
                if operation.method == method {
                    return Ok(RouteMatch {
                        operation: index,
                        path_params,
                    });
                }
                path_known = true;
            }
        }
        Err(if path_known {
            RouteMiss::MethodNotAllowed
        } else {
            RouteMiss::NotFound
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parameters_match_whole_segments_and_are_decoded() {
        let template = PathTemplate::parse("/holidays/{id}").unwrap();
        assert_eq!(
            template.matches("/holidays/a%20b"),
            Some(vec![("id".into(), "a b".into())])
        );
        assert_eq!(template.matches("/holidays"), None);
        assert_eq!(template.matches("/holidays/1/destroy"), None);
    }

    #[test]
    fn parameters_can_share_a_segment_with_literals() {
        let template = PathTemplate::parse("/files/{name}.{ext}").unwrap();
        assert_eq!(
            template.matches("/files/report.pdf"),
            Some(vec![
                ("name".into(), "report".into()),
                ("ext".into(), "pdf".into())
            ])
        );
    }

    #[test]
    fn resource_shapes_are_recognised() {
        let item = PathTemplate::parse("/holidays/{id}").unwrap();
        assert_eq!(
            item.split_trailing_param(),
            Some(("/holidays".into(), "id"))
        );
        let destroy = PathTemplate::parse("/holidays/{id}/destroy").unwrap();
        assert_eq!(
            destroy.strip_trailing_literal("destroy"),
            Some("/holidays/{id}".into())
        );
    }

    #[test]
    fn malformed_templates_are_rejected() {
        assert!(PathTemplate::parse("/holidays/{id").is_err());
        assert!(PathTemplate::parse("holidays").is_err());
    }
}
