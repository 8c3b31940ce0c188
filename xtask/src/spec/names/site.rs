//! Sites, as the survey spells them and the naming file pins them, read back into parts:
//! `listQueues.response.200.items[].status`, `createVr.request.custom_forward_rules[]`,
//! `listThings.param.order_by`, `signIn.response.200|oneOf[1]`, `ErrorResponse.errors[]`.

/// Where a schema tree starts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Origin<'s> {
    Request {
        operation: &'s str,
    },
    Response {
        operation: &'s str,
        status: &'s str,
    },
    Parameter {
        operation: &'s str,
        name: &'s str,
    },
    /// A vendor component, a header, or anything else named by its first segment.
    Named(&'s str),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step<'s> {
    Property(&'s str),
    /// The items of an array.
    Items,
    /// The alternative or part at `index` of `oneOf`, `anyOf` or `allOf`.
    Alternative {
        keyword: &'s str,
        index: usize,
    },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Site<'s> {
    pub origin: Origin<'s>,
    pub steps: Vec<Step<'s>>,
}

impl<'s> Site<'s> {
    /// Reads a site. Segments the survey writes but naming has no use for (a media type, a
    /// `$defs` keyword) are skipped.
    pub fn parse(site: &'s str) -> Self {
        let mut rest = site;
        let first = segment(&mut rest);
        let origin = match rest.split(['.', '[', '|']).next() {
            Some("request") => {
                segment(&mut rest);
                Origin::Request { operation: first }
            }
            Some("response") => {
                segment(&mut rest);
                let status = segment(&mut rest);
                Origin::Response {
                    operation: first,
                    status,
                }
            }
            Some("param") => {
                segment(&mut rest);
                let name = segment(&mut rest);
                Origin::Parameter {
                    operation: first,
                    name,
                }
            }
            _ => Origin::Named(first),
        };
        Site {
            origin,
            steps: steps(rest),
        }
    }
}

/// Takes the segment up to the next `.`, `[` or `|` off the front of `rest`, and the `.`.
fn segment<'s>(rest: &mut &'s str) -> &'s str {
    let end = rest.find(['.', '[', '|']).unwrap_or(rest.len());
    let (head, tail) = rest.split_at(end);
    *rest = tail.strip_prefix('.').unwrap_or(tail);
    head
}

/// `items[].status|oneOf[1].token`: alternatives after each `|`, and in between, properties
/// after each `.`, every `[]` the items of an array.
fn steps(path: &str) -> Vec<Step<'_>> {
    let mut steps = Vec::new();
    for (position, part) in path.split('|').enumerate() {
        let mut members = part;
        if position > 0 {
            let (keyword, tail) = part.split_once('[').unwrap_or((part, ""));
            let (index, tail) = tail.split_once(']').unwrap_or((tail, ""));
            steps.push(Step::Alternative {
                keyword,
                index: index.parse().unwrap_or(0),
            });
            members = tail;
        }
        for member in members.split('.') {
            let name = member.trim_end_matches("[]");
            // A media type (`application/x-www-form-urlencoded`) names no property.
            if !name.is_empty() && !name.contains('/') {
                steps.push(Step::Property(name));
            }
            steps.extend(member.matches("[]").map(|_| Step::Items));
        }
    }
    steps
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sites_read_back_into_parts() {
        let site = Site::parse("listQueues.response.200.items[].status");
        assert_eq!(
            site.origin,
            Origin::Response {
                operation: "listQueues",
                status: "200"
            }
        );
        assert_eq!(
            site.steps,
            [
                Step::Property("items"),
                Step::Items,
                Step::Property("status")
            ]
        );
        let site = Site::parse("signIn.response.200|oneOf[1].token");
        assert_eq!(
            site.steps,
            [
                Step::Alternative {
                    keyword: "oneOf",
                    index: 1
                },
                Step::Property("token")
            ]
        );
        let site = Site::parse("pickNumbers.request.ranges[][]|anyOf[12]");
        assert_eq!(
            site.steps,
            [
                Step::Property("ranges"),
                Step::Items,
                Step::Items,
                Step::Alternative {
                    keyword: "anyOf",
                    index: 12
                }
            ]
        );
        let site = Site::parse("loginWithMicrosoft.request.application/x-www-form-urlencoded");
        assert_eq!(
            site.origin,
            Origin::Request {
                operation: "loginWithMicrosoft"
            }
        );
        assert!(site.steps.is_empty());
        let site = Site::parse("listThings.param.order_by");
        assert_eq!(
            site.origin,
            Origin::Parameter {
                operation: "listThings",
                name: "order_by"
            }
        );
        let site = Site::parse("ErrorResponse.errors[].code");
        assert_eq!(site.origin, Origin::Named("ErrorResponse"));
        assert_eq!(
            site.steps,
            [
                Step::Property("errors"),
                Step::Items,
                Step::Property("code")
            ]
        );
    }
}
