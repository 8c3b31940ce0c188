//! The state every clone of a [`Client`] shares: its tokens, when to refresh
//! them, and the retry policy. It is the generated client's inner value, which the transport
//! hooks read on every request.

use std::fmt;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use tokio::time::Instant;

use crate::retry::RetryPolicy;
use crate::types::SecretString;
use crate::{Client, auth};

/// Auth and retry state shared by a client and its clones. Shows no secrets when formatted.
#[derive(Clone)]
pub struct Session {
    state: Arc<State>,
}

struct State {
    tokens: Mutex<Option<Tokens>>,
    /// Held while a refresh is in flight, so concurrent requests wait for it instead of
    /// starting their own.
    refreshing: tokio::sync::Mutex<()>,
    retry: RetryPolicy,
}

#[derive(Clone)]
struct Tokens {
    access: SecretString,
    refresh: Option<SecretString>,
    refresh_at: Option<Instant>,
    /// Bumped on every change, so a request can tell whether the token it was refused with is
    /// still the current one.
    generation: u64,
}

/// What the PBX granted at sign-in or refresh.
#[derive(Clone, Debug)]
pub(crate) struct Grant {
    pub access: SecretString,
    pub refresh: Option<SecretString>,
    pub expires_in: Option<Duration>,
}

/// The access token a request is sent with.
#[derive(Clone, Debug)]
pub(crate) struct Bearer {
    pub token: SecretString,
    pub generation: u64,
}

/// How long before expiry a token is refreshed: a tenth of its lifetime, between 1 s and 60 s.
fn refresh_lead(lifetime: Duration) -> Duration {
    (lifetime / 10).clamp(Duration::from_secs(1), Duration::from_secs(60))
}

impl Session {
    pub(crate) fn new(retry: RetryPolicy) -> Self {
        let state = State {
            tokens: Mutex::new(None),
            refreshing: tokio::sync::Mutex::new(()),
            retry,
        };
        Self {
            state: Arc::new(state),
        }
    }

    pub(crate) fn retry(&self) -> RetryPolicy {
        self.state.retry
    }

    fn tokens(&self) -> MutexGuard<'_, Option<Tokens>> {
        // A panic while the lock was held cannot leave the tokens half-written: every write
        // replaces them whole.
        self.state
            .tokens
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Uses `grant` for the requests that follow.
    pub(crate) fn install(&self, grant: Grant) {
        let mut tokens = self.tokens();
        let generation = tokens.as_ref().map_or(0, |t| t.generation + 1);
        let refresh_at = match (&grant.refresh, grant.expires_in) {
            (Some(_), Some(lifetime)) if !lifetime.is_zero() => {
                Some(Instant::now() + lifetime.saturating_sub(refresh_lead(lifetime)))
            }
            _ => None,
        };
        *tokens = Some(Tokens {
            access: grant.access,
            refresh: grant.refresh,
            refresh_at,
            generation,
        });
    }

    /// Stops sending tokens (after sign-out).
    pub(crate) fn forget(&self) {
        *self.tokens() = None;
    }

    pub(crate) fn bearer(&self) -> Option<Bearer> {
        self.tokens().as_ref().map(|t| Bearer {
            token: t.access.clone(),
            generation: t.generation,
        })
    }

    pub(crate) fn can_refresh(&self) -> bool {
        self.tokens().as_ref().is_some_and(|t| t.refresh.is_some())
    }

    /// The generation of the current tokens if they are due for a proactive refresh.
    pub(crate) fn refresh_due(&self) -> Option<u64> {
        let tokens = self.tokens();
        let tokens = tokens.as_ref()?;
        (tokens.refresh.is_some() && tokens.refresh_at.is_some_and(|at| Instant::now() >= at))
            .then_some(tokens.generation)
    }

    /// Refreshes the tokens unless they changed since generation `seen`; either way, `true` when
    /// newer tokens are now in place. Concurrent callers wait for one refresh. A refresh token
    /// the PBX refuses is dropped, so a dead session fails fast instead of retrying forever.
    pub(crate) async fn refresh(&self, client: &Client, seen: u64) -> bool {
        let _only_one = self.state.refreshing.lock().await;
        let refresh_token = match self.tokens().as_ref() {
            Some(current) if current.generation != seen => return true,
            Some(Tokens {
                refresh: Some(refresh),
                ..
            }) => refresh.clone(),
            _ => return false,
        };
        match auth::refresh(client, refresh_token.clone()).await {
            Ok(grant) => {
                let grant = Grant {
                    refresh: grant.refresh.or(Some(refresh_token)),
                    ..grant
                };
                self.install(grant);
                true
            }
            Err(error) => {
                if error.api().is_some()
                    && let Some(tokens) = self.tokens().as_mut()
                {
                    tokens.refresh = None;
                }
                false
            }
        }
    }
}

impl fmt::Debug for Session {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // One lock at a time: a guard in the chain below would live to its end.
        let signed_in = self.tokens().is_some();
        let can_refresh = self.can_refresh();
        f.debug_struct("Session")
            .field("signed_in", &signed_in)
            .field("can_refresh", &can_refresh)
            .field("retry", &self.state.retry)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grant(access: &str, refresh: Option<&str>, seconds: u64) -> Grant {
        Grant {
            access: access.into(),
            refresh: refresh.map(SecretString::from),
            expires_in: Some(Duration::from_secs(seconds)),
        }
    }

    #[tokio::test(start_paused = true)]
    async fn tokens_fall_due_a_tenth_of_their_lifetime_before_expiry() {
        let session = Session::new(RetryPolicy::default());
        session.install(grant("a", Some("r"), 100));
        tokio::time::advance(Duration::from_secs(89)).await;
        assert_eq!(session.refresh_due(), None);
        tokio::time::advance(Duration::from_secs(1)).await;
        assert_eq!(session.refresh_due(), Some(0));
    }

    #[tokio::test(start_paused = true)]
    async fn without_a_refresh_token_nothing_falls_due() {
        let session = Session::new(RetryPolicy::default());
        session.install(grant("a", None, 10));
        tokio::time::advance(Duration::from_secs(3600)).await;
        assert_eq!(session.refresh_due(), None);
        assert!(!session.can_refresh());
    }

    #[test]
    fn debug_shows_state_but_no_token() {
        let session = Session::new(RetryPolicy::disabled());
        session.install(grant("access-secret", Some("refresh-secret"), 60));
        let shown = format!("{session:?}");
        assert!(
            shown.contains("signed_in: true") && shown.contains("can_refresh: true"),
            "{shown}"
        );
        assert!(!shown.contains("secret"), "{shown}");
    }
}
