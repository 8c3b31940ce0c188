//! Signing in: credentials → tokens, or a two-factor challenge finished with the one-time code
//! the PBX e-mails. Also the refresh exchange the transport runs, and signing out.

use std::fmt;
use std::time::Duration;

use futures::future::BoxFuture;
use progenitor_client::ClientInfo;

use crate::secret::Secret;
use crate::session::{Grant, Session};
use crate::types::{SignInResult, TokenPair};
use crate::{Client, Error, Result};

/// A user's sign-in credentials. The password never shows in `Debug` output.
#[derive(Clone)]
pub struct Credentials {
    username: String,
    password: Secret,
    tenant_domain: Option<String>,
}

impl Credentials {
    pub fn new(username: impl Into<String>, password: impl Into<String>) -> Self {
        Self {
            username: username.into(),
            password: Secret::new(password),
            tenant_domain: None,
        }
    }

    /// The tenant's SIP domain; needed for tenant users, not for the system administrator.
    pub fn tenant_domain(self, domain: impl Into<String>) -> Self {
        Self {
            tenant_domain: Some(domain.into()),
            ..self
        }
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("username", &self.username)
            .field("password", &self.password)
            .field("tenant_domain", &self.tenant_domain)
            .finish()
    }
}

/// How a sign-in ended.
#[derive(Debug)]
pub enum SignIn {
    /// Signed in: the client sends the access token and keeps it fresh.
    Complete(Client),
    /// The account has two-factor authentication: send the code, then verify it.
    TwoFactorRequired(PendingTwoFactor),
}

/// A sign-in waiting for the one-time code. The session token never shows in `Debug` output.
pub struct PendingTwoFactor {
    client: Client,
    credentials: Credentials,
    session_token: Secret,
}

impl fmt::Debug for PendingTwoFactor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PendingTwoFactor")
            .field("credentials", &self.credentials)
            .finish_non_exhaustive()
    }
}

impl PendingTwoFactor {
    /// Asks the PBX to e-mail the one-time code.
    pub async fn send_code(&self) -> Result<()> {
        let token = self.session_token.expose().to_owned();
        self.client
            .send_otp()
            .body_map(|body| body.token(token))
            .send()
            .await?;
        Ok(())
    }

    /// Verifies `code`. The verify operation answers no tokens, so the client then signs in
    /// again with the same credentials, which the PBX now answers with tokens.
    pub async fn verify(self, code: impl Into<String>) -> Result<Client> {
        let (token, code) = (self.session_token.expose().to_owned(), code.into());
        self.client
            .verify_otp()
            .body_map(|body| body.token(token).code(code))
            .send()
            .await?;
        match sign_in(self.client, self.credentials).await? {
            SignIn::Complete(client) => Ok(client),
            SignIn::TwoFactorRequired(_) => Err(Error::SignIn(
                "the PBX still asks for a one-time code after verifying it".into(),
            )),
        }
    }
}

/// Signs `client` in; on success its session holds the tokens.
pub(crate) async fn sign_in(client: Client, credentials: Credentials) -> Result<SignIn> {
    let Credentials {
        username,
        password,
        tenant_domain,
    } = credentials.clone();
    let answer = client
        .sign_in_with_credentials()
        .body_map(|body| {
            body.username(username)
                .password(password.expose().to_owned())
                .domain(tenant_domain)
        })
        .send()
        .await?
        .into_inner();
    match answer {
        SignInResult::TokenPair(pair) => {
            client.inner().install(grant(pair)?);
            Ok(SignIn::Complete(client))
        }
        SignInResult::TwoFactorChallenge(challenge) => {
            let token = challenge.token.ok_or_else(|| {
                Error::SignIn("the two-factor challenge carries no session token".into())
            })?;
            Ok(SignIn::TwoFactorRequired(PendingTwoFactor {
                client,
                credentials,
                session_token: Secret::new(token),
            }))
        }
    }
}

fn grant(pair: TokenPair) -> Result<Grant> {
    let access = pair
        .access_token
        .ok_or_else(|| Error::SignIn("the token answer carries no access token".into()))?;
    Ok(Grant {
        access: Secret::new(access),
        refresh: pair.refresh_token.map(Secret::new),
        expires_in: pair
            .expires_in
            .and_then(|s| u64::try_from(s).ok())
            .map(Duration::from_secs),
    })
}

/// Exchanges `refresh_token` for new tokens. It runs on a client without tokens (the operation
/// is public), and returns a boxed future because it is itself called from the transport hook
/// of every request, this one included.
pub(crate) fn refresh(client: &Client, refresh_token: Secret) -> BoxFuture<'static, Result<Grant>> {
    let bare = Client::new_with_client(
        client.baseurl(),
        client.client().clone(),
        Session::new(client.inner().retry()),
    );
    Box::pin(async move {
        let token = refresh_token.expose().to_owned();
        let pair = bare
            .refresh_token()
            .body_map(|body| body.refresh_token(token))
            .send()
            .await?
            .into_inner();
        grant(pair)
    })
}

impl Client {
    /// Signs out on the PBX and stops sending this session's tokens (in every clone of this
    /// client), even if the PBX could not be reached.
    pub async fn end_session(&self) -> Result<()> {
        let outcome = self.sign_out().send().await;
        self.inner().forget();
        outcome?;
        Ok(())
    }
}
