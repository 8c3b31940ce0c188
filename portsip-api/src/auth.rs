//! Signing in: credentials → tokens, or a two-factor challenge finished with the one-time code
//! the PBX e-mails. Also the refresh exchange the transport runs, and signing out.

use std::time::Duration;

use futures::future::BoxFuture;
use progenitor_client::ClientInfo;

use crate::session::{Grant, Session};
use crate::types::{SecretString, SignInResult, TokenPair};
use crate::{Client, Error, Result};

/// A user's sign-in credentials. The password never shows in `Debug` output.
#[derive(Clone, Debug)]
pub struct Credentials {
    username: String,
    password: SecretString,
    tenant_domain: Option<String>,
}

impl Credentials {
    pub fn new(username: impl Into<String>, password: impl Into<SecretString>) -> Self {
        Self {
            username: username.into(),
            password: password.into(),
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

/// How a sign-in ended.
#[derive(Debug)]
pub enum SignIn {
    /// Signed in: the client sends the access token and keeps it fresh.
    Complete(Client),
    /// The account has two-factor authentication: send the code, then verify it.
    TwoFactorRequired(PendingTwoFactor),
}

/// A sign-in waiting for the one-time code. The session token never shows in `Debug` output.
#[derive(Debug)]
pub struct PendingTwoFactor {
    client: Client,
    credentials: Credentials,
    session_token: SecretString,
}

impl PendingTwoFactor {
    /// Asks the PBX to e-mail the one-time code.
    pub async fn send_code(&self) -> Result<()> {
        let token = self.session_token.clone();
        self.client
            .send_otp()
            .body_map(|body| body.token(token))
            .send()
            .await?;
        Ok(())
    }

    /// Verifies `code`. The verify operation answers no tokens, so the client then signs in
    /// again with the same credentials, which the PBX now answers with tokens.
    pub async fn verify(self, code: impl Into<SecretString>) -> Result<Client> {
        let (token, code) = (self.session_token.clone(), code.into());
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
                .password(password)
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
                session_token: token,
            }))
        }
    }
}

fn grant(pair: TokenPair) -> Result<Grant> {
    let access = pair
        .access_token
        .ok_or_else(|| Error::SignIn("the token answer carries no access token".into()))?;
    Ok(Grant {
        access,
        refresh: pair.refresh_token,
        expires_in: pair
            .expires_in
            .and_then(|s| u64::try_from(s).ok())
            .map(Duration::from_secs),
    })
}

/// Exchanges `refresh_token` for new tokens. It runs on a client without tokens (the operation
/// is public), and returns a boxed future because it is itself called from the transport hook
/// of every request, this one included.
pub(crate) fn refresh(
    client: &Client,
    refresh_token: SecretString,
) -> BoxFuture<'static, Result<Grant>> {
    let bare = Client::new_with_client(
        client.baseurl(),
        client.client().clone(),
        Session::new(client.inner().retry()),
    );
    Box::pin(async move {
        let pair = bare
            .refresh_token()
            .body_map(|body| body.refresh_token(refresh_token))
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
