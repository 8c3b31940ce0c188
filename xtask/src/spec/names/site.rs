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

fn steps(mut rest: &str) -> Vec<Step<'_>> {
    let mut steps = Vec::new();
    while !rest.is_empty() {
        if let Some(tail) = rest.strip_prefix("[]") {
            steps.push(Step::Items);
            rest = tail;
        } else if let Some(tail) = rest.strip_prefix('|') {
            let open = tail.find('[').unwrap_or(tail.len());
            let close = tail.find(']').unwrap_or(tail.len());
            let index = tail.get(open + 1..close).and_then(|i| i.parse().ok());
            steps.push(Step::Alternative {
                keyword: &tail[..open],
                index: index.unwrap_or(0),
            });
            rest = tail.get(close + 1..).unwrap_or("");
        } else {
            let tail = rest.strip_prefix('.').unwrap_or(rest);
            let end = tail.find(['.', '[', '|']).unwrap_or(tail.len());
            let name = &tail[..end];
            // A media type (`application/x-www-form-urlencoded`) names no property.
            if !name.contains('/') && !name.is_empty() {
                steps.push(Step::Property(name));
            }
            rest = &tail[end..];
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
