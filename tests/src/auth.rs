//! Accounts, tokens and one-time codes, behaving like the PBX's sign-in flow.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasher, RandomState};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant, SystemTime};

use crate::errors::{Failure, code};

/// An account the mock accepts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MockUser {
    pub username: String,
    pub password: String,
    /// When set, a sign-in naming another domain is refused.
    pub domain: Option<String>,
    pub role: String,
    /// Sign-in answers with a one-time-code challenge instead of tokens.
    pub two_factor: bool,
}

impl MockUser {
    pub fn new(username: impl Into<String>, password: impl Into<String>) -> Self {
        Self {
            username: username.into(),
            password: password.into(),
            domain: None,
            role: "Admin".into(),
            two_factor: false,
        }
    }

    #[must_use]
    pub fn with_domain(mut self, domain: impl Into<String>) -> Self {
        self.domain = Some(domain.into());
        self
    }

    #[must_use]
    pub fn with_role(mut self, role: impl Into<String>) -> Self {
        self.role = role.into();
        self
    }

    #[must_use]
    pub fn with_two_factor(mut self) -> Self {
        self.two_factor = true;
        self
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenPair {
    pub access_token: String,
    pub refresh_token: String,
    pub expires_in: u64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignIn {
    Tokens(TokenPair),
    /// The user must prove a one-time code; `token` identifies this attempt.
    TwoFactor {
        token: String,
    },
}

/// The PBX's clock: real time moved by what the tests ask, so that they can let a token's
/// lifetime pass, or make the PBX lag the client, without waiting.
#[derive(Debug, Clone, Copy, Default)]
struct PbxClock {
    ahead: Duration,
    behind: Duration,
}

impl PbxClock {
    fn now(self) -> Instant {
        let real = Instant::now() + self.ahead;
        real.checked_sub(self.behind).unwrap_or(real)
    }

    fn wall(self) -> SystemTime {
        let real = SystemTime::now() + self.ahead;
        real.checked_sub(self.behind).unwrap_or(real)
    }
}

#[derive(Debug, Clone)]
struct Grant {
    username: String,
    expires_at: Instant,
    expires_at_wall: SystemTime,
    refresh_token: String,
}

#[derive(Debug, Default)]
struct Challenge {
    username: String,
    code: Option<String>,
}

/// Who made an authenticated request.
#[derive(Debug, Clone)]
pub struct Caller {
    pub role: String,
    pub access_token: String,
    pub expires_in: u64,
    pub expires_at: SystemTime,
}

pub struct AuthBook {
    users: Vec<MockUser>,
    lifetime: Duration,
    clock: PbxClock,
    grants: HashMap<String, Grant>,
    /// refresh token -> username
    refresh_tokens: HashMap<String, String>,
    challenges: HashMap<String, Challenge>,
    last_codes: HashMap<String, String>,
    /// Two-factor users who proved a code and have not signed in since.
    verified: HashSet<String>,
    reset_tokens: HashMap<String, String>,
    random: RandomState,
    counter: AtomicU64,
}

impl AuthBook {
    pub fn new(users: Vec<MockUser>, lifetime: Duration) -> Self {
        Self {
            users,
            lifetime,
            clock: PbxClock::default(),
            grants: HashMap::new(),
            refresh_tokens: HashMap::new(),
            challenges: HashMap::new(),
            last_codes: HashMap::new(),
            verified: HashSet::new(),
            reset_tokens: HashMap::new(),
            random: RandomState::new(),
            counter: AtomicU64::new(0),
        }
    }

    /// Unpredictable enough for a mock, and unique per book.
    fn fresh(&self, prefix: &str) -> String {
        let n = self.counter.fetch_add(1, Ordering::Relaxed);
        let a = self.random.hash_one((n, 1u8));
        let b = self.random.hash_one((n, 2u8));
        format!("{prefix}{a:016x}{b:016x}")
    }

    fn user(&self, username: &str) -> Option<&MockUser> {
        self.users.iter().find(|user| user.username == username)
    }

    /// An account that signs in without a second factor, if there is one.
    pub fn plain_user(&self) -> Option<MockUser> {
        self.users.iter().find(|user| !user.two_factor).cloned()
    }

    /// Adds `user` unless an account of that name exists.
    pub fn ensure_user(&mut self, user: MockUser) {
        if self.user(&user.username).is_none() {
            self.users.push(user);
        }
    }

    pub fn sign_in(
        &mut self,
        username: &str,
        password: &str,
        domain: Option<&str>,
    ) -> Result<SignIn, Failure> {
        let user = self
            .user(username)
            .filter(|user| user.password == password)
            .filter(|user| match (&user.domain, domain) {
                (Some(expected), Some(given)) => expected.eq_ignore_ascii_case(given),
                _ => true,
            })
            .ok_or_else(|| {
                Failure::unauthorized(code::INVALID_CREDENTIALS, "wrong username or password")
            })?
            .clone();
        // `verifyOTP` documents no body, so a client may sign in again once the code is proved:
        // that one sign-in gets tokens without a new challenge.
        if user.two_factor && !self.verified.remove(&user.username) {
            let token = self.fresh("otp-session-");
            self.challenges.insert(
                token.clone(),
                Challenge {
                    username: user.username,
                    code: None,
                },
            );
            return Ok(SignIn::TwoFactor { token });
        }
        Ok(SignIn::Tokens(self.issue(&user.username)))
    }

    fn issue(&mut self, username: &str) -> TokenPair {
        let access_token = self.fresh("access-");
        let refresh_token = self.fresh("refresh-");
        self.grants.insert(
            access_token.clone(),
            Grant {
                username: username.to_owned(),
                expires_at: self.clock.now() + self.lifetime,
                expires_at_wall: self.clock.wall() + self.lifetime,
                refresh_token: refresh_token.clone(),
            },
        );
        self.refresh_tokens
            .insert(refresh_token.clone(), username.to_owned());
        TokenPair {
            access_token,
            refresh_token,
            expires_in: self.lifetime.as_secs(),
        }
    }

    /// Sends (here: records) a fresh one-time code for a pending two-factor sign-in.
    pub fn send_code(&mut self, session: &str) -> Result<String, Failure> {
        let code = {
            let n = self.counter.fetch_add(1, Ordering::Relaxed);
            format!("{:06}", self.random.hash_one((n, 3u8)) % 1_000_000)
        };
        let challenge = self
            .challenges
            .get_mut(session)
            .ok_or_else(|| Failure::unauthorized(code::UNAUTHORIZED, "unknown session token"))?;
        challenge.code = Some(code.clone());
        self.last_codes
            .insert(challenge.username.clone(), code.clone());
        Ok(code)
    }

    pub fn verify_code(&mut self, session: &str, code: &str) -> Result<TokenPair, Failure> {
        let challenge = self
            .challenges
            .get(session)
            .ok_or_else(|| Failure::unauthorized(code::UNAUTHORIZED, "unknown session token"))?;
        if challenge.code.as_deref() != Some(code) {
            return Err(Failure::unauthorized(
                code::INVALID_OTP,
                "the one-time code is wrong or was never sent",
            ));
        }
        let username = challenge.username.clone();
        self.challenges.remove(session);
        self.verified.insert(username.clone());
        Ok(self.issue(&username))
    }

    /// The last one-time code sent to a user.
    pub fn last_code(&self, username: &str) -> Option<String> {
        self.last_codes.get(username).cloned()
    }

    /// Exchanges a refresh token for a new pair; the old refresh token stops working.
    pub fn refresh(&mut self, refresh_token: &str) -> Result<TokenPair, Failure> {
        let username = self.refresh_tokens.remove(refresh_token).ok_or_else(|| {
            Failure::unauthorized(code::UNAUTHORIZED, "unknown or already used refresh token")
        })?;
        Ok(self.issue(&username))
    }

    pub fn authenticate(&self, access_token: Option<&str>) -> Result<Caller, Failure> {
        let token = access_token.ok_or_else(|| {
            Failure::unauthorized(code::UNAUTHORIZED, "a bearer token is required")
        })?;
        let grant = self
            .grants
            .get(token)
            .ok_or_else(|| Failure::unauthorized(code::UNAUTHORIZED, "unknown access token"))?;
        let now = self.clock.now();
        if grant.expires_at <= now {
            return Err(Failure::unauthorized(
                code::TOKEN_EXPIRED,
                "the access token has expired",
            ));
        }
        let role = self
            .user(&grant.username)
            .map_or_else(String::new, |user| user.role.clone());
        Ok(Caller {
            role,
            access_token: token.to_owned(),
            expires_in: (grant.expires_at - now).as_secs(),
            expires_at: grant.expires_at_wall,
        })
    }

    /// Ends the session of an access token: it and its refresh token stop working.
    pub fn sign_out(&mut self, access_token: &str) {
        if let Some(grant) = self.grants.remove(access_token) {
            self.refresh_tokens.remove(&grant.refresh_token);
        }
    }

    /// Every access token issued so far is expired from now on; refresh tokens still work.
    pub fn expire_access_tokens(&mut self) {
        let (now, wall) = (self.clock.now(), self.clock.wall());
        for grant in self.grants.values_mut() {
            grant.expires_at = now;
            grant.expires_at_wall = wall;
        }
    }

    /// Lets `by` pass on the PBX's clock only.
    pub fn advance_clock(&mut self, by: Duration) {
        self.clock.ahead += by;
    }

    /// Sets the PBX's clock `by` behind the client's, as a PBX whose clock is off would be.
    pub fn set_clock_behind(&mut self, by: Duration) {
        self.clock.behind = by;
    }

    /// Every token issued so far stops working, refresh tokens included, as when an
    /// administrator ends all sessions.
    pub fn revoke_all(&mut self) {
        self.grants.clear();
        self.refresh_tokens.clear();
    }

    /// Starts a forgotten-password flow; the token would be mailed to the user.
    pub fn forget_password(&mut self, username: &str) {
        if self.user(username).is_some() {
            let token = self.fresh("reset-");
            self.reset_tokens.insert(username.to_owned(), token);
        }
    }

    pub fn reset_token(&self, username: &str) -> Option<String> {
        self.reset_tokens.get(username).cloned()
    }

    pub fn reset_password(&mut self, token: &str, new_password: &str) -> Result<(), Failure> {
        let username = self
            .reset_tokens
            .iter()
            .find(|(_, candidate)| *candidate == token)
            .map(|(username, _)| username.clone())
            .ok_or_else(|| Failure::unauthorized(code::UNAUTHORIZED, "unknown reset token"))?;
        self.reset_tokens.remove(&username);
        if let Some(user) = self.users.iter_mut().find(|user| user.username == username) {
            user.password = new_password.to_owned();
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn book(lifetime: Duration) -> AuthBook {
        AuthBook::new(
            vec![
                MockUser::new("admin", "secret"),
                MockUser::new("guarded", "secret").with_two_factor(),
            ],
            lifetime,
        )
    }

    #[test]
    fn refresh_rotates_the_refresh_token() {
        let mut book = book(Duration::from_secs(60));
        let SignIn::Tokens(first) = book.sign_in("admin", "secret", None).unwrap() else {
            panic!("admin has no second factor");
        };
        let second = book.refresh(&first.refresh_token).unwrap();
        assert_ne!(first.access_token, second.access_token);
        assert!(book.refresh(&first.refresh_token).is_err());
        assert!(book.authenticate(Some(&second.access_token)).is_ok());
    }

    #[test]
    fn expired_tokens_are_told_apart_from_unknown_ones() {
        let mut book = book(Duration::ZERO);
        let SignIn::Tokens(pair) = book.sign_in("admin", "secret", None).unwrap() else {
            panic!("admin has no second factor");
        };
        let expired = book.authenticate(Some(&pair.access_token)).unwrap_err();
        assert_eq!(expired.errors[0].code, code::TOKEN_EXPIRED);
        let unknown = book.authenticate(Some("nonsense")).unwrap_err();
        assert_eq!(unknown.errors[0].code, code::UNAUTHORIZED);
    }

    #[test]
    fn a_lagging_pbx_clock_accepts_tokens_past_their_lifetime() {
        let mut book = book(Duration::from_secs(2));
        let SignIn::Tokens(pair) = book.sign_in("admin", "secret", None).unwrap() else {
            panic!("admin has no second factor");
        };
        book.advance_clock(Duration::from_secs(5));
        assert!(book.authenticate(Some(&pair.access_token)).is_err());
        book.set_clock_behind(Duration::from_secs(10));
        let caller = book.authenticate(Some(&pair.access_token)).unwrap();
        assert!(
            caller.expires_in >= 6,
            "2 s of life, 5 s ahead, 10 s behind"
        );
    }

    #[test]
    fn two_factor_needs_the_code_that_was_sent() {
        let mut book = book(Duration::from_secs(60));
        let SignIn::TwoFactor { token } = book.sign_in("guarded", "secret", None).unwrap() else {
            panic!("guarded has a second factor");
        };
        assert!(book.verify_code(&token, "000000").is_err());
        let code = book.send_code(&token).unwrap();
        assert_eq!(book.last_code("guarded"), Some(code.clone()));
        assert!(book.verify_code(&token, &code).is_ok());
        assert!(matches!(
            book.sign_in("guarded", "secret", None),
            Ok(SignIn::Tokens(_))
        ));
        assert!(matches!(
            book.sign_in("guarded", "secret", None),
            Ok(SignIn::TwoFactor { .. })
        ));
    }
}
