//! Retries of idempotent requests: a PBX behind a proxy or restarting answers 502/503/504 or
//! refuses connections for a moment. Only `GET` (and `HEAD`) is retried; a `POST` may already
//! have had its effect, so it is never sent twice. The spec overrides the method with
//! `x-idempotent` where the vendor breaks the rule: `GET /sessions/directly` places a call.

use std::time::Duration;

use reqwest::{Method, Request, Response, StatusCode};

/// How often and how patiently idempotent requests are retried.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    max_attempts: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
}

impl Default for RetryPolicy {
    /// At most 3 attempts, waiting 200 ms and then 400 ms in between.
    fn default() -> Self {
        Self {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(200),
            max_backoff: Duration::from_secs(5),
        }
    }
}

impl RetryPolicy {
    /// Every request is sent once.
    pub fn disabled() -> Self {
        Self {
            max_attempts: 1,
            ..Self::default()
        }
    }

    /// At most `max_attempts` sends in total (0 is treated as 1).
    pub fn max_attempts(self, max_attempts: u32) -> Self {
        Self {
            max_attempts: max_attempts.max(1),
            ..self
        }
    }

    /// The wait before the first retry, doubling for each further one up to `max`.
    pub fn backoff(self, initial: Duration, max: Duration) -> Self {
        Self {
            initial_backoff: initial,
            max_backoff: max.max(initial),
            ..self
        }
    }

    /// The wait before retry number `retry` (1-based).
    pub(crate) fn delay(&self, retry: u32) -> Duration {
        let factor = 2u32.saturating_pow(retry.saturating_sub(1));
        self.initial_backoff
            .saturating_mul(factor)
            .min(self.max_backoff)
    }
}

/// Whether the operation `operation_id` (as progenitor's hooks name it) may be sent twice.
pub(crate) fn is_idempotent(method: &Method, operation_id: &str) -> bool {
    crate::generated::idempotence::declared(operation_id)
        .unwrap_or(*method == Method::GET || *method == Method::HEAD)
}

fn is_transient(outcome: &reqwest::Result<Response>) -> bool {
    match outcome {
        Err(error) => error.is_connect() && !crate::error::is_certificate_failure(error),
        Ok(response) => matches!(
            response.status(),
            StatusCode::BAD_GATEWAY | StatusCode::SERVICE_UNAVAILABLE | StatusCode::GATEWAY_TIMEOUT
        ),
    }
}

/// Sends `request`, retrying it under `policy` when it is `retryable` and the failure transient.
/// The last outcome is returned as it came.
pub(crate) async fn send(
    http: &reqwest::Client,
    request: Request,
    retryable: bool,
    policy: &RetryPolicy,
) -> reqwest::Result<Response> {
    let mut next = request;
    let mut attempt = 1;
    loop {
        let spare = if retryable && attempt < policy.max_attempts {
            next.try_clone()
        } else {
            None
        };
        let outcome = http.execute(next).await;
        match spare {
            Some(spare) if is_transient(&outcome) => {
                tokio::time::sleep(policy.delay(attempt)).await;
                next = spare;
                attempt += 1;
            }
            _ => return outcome,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_up_to_the_cap() {
        let policy =
            RetryPolicy::default().backoff(Duration::from_millis(100), Duration::from_millis(300));
        let delays: Vec<_> = (1..=4).map(|n| policy.delay(n).as_millis()).collect();
        assert_eq!(delays, [100, 200, 300, 300]);
    }

    #[test]
    fn the_spec_overrides_the_method() {
        assert!(is_idempotent(&Method::GET, "list_call_sessions"));
        assert!(!is_idempotent(&Method::GET, "create_call_session_directly"));
        assert!(!is_idempotent(&Method::POST, "update_settings"));
    }

    #[test]
    fn disabled_means_one_attempt() {
        assert_eq!(RetryPolicy::disabled().max_attempts, 1);
        assert_eq!(RetryPolicy::default().max_attempts(0).max_attempts, 1);
    }
}
