//! Runs the mock PortSIP PBX on 127.0.0.1 until interrupted.

use std::path::PathBuf;
use std::time::Duration;

use clap::Parser;
use portsip_api_tests::{
    DEFAULT_PASSWORD, DEFAULT_USERNAME, MockConfig, MockServer, MockUser, default_spec_path,
};

/// A mock PortSIP PBX REST API, generated from the OpenAPI spec, for trying the SDK and its
/// examples without a real PBX.
#[derive(Parser)]
#[command(name = "portsip-mock")]
struct Args {
    /// Port to listen on (127.0.0.1 only); 0 picks a free one.
    #[arg(long, default_value_t = 8887)]
    port: u16,
    /// The OpenAPI document to serve.
    #[arg(long, default_value_os_t = default_spec_path())]
    spec: PathBuf,
    /// An account as USERNAME:PASSWORD (repeatable). Default: admin:portsip-mock.
    #[arg(long = "user", value_parser = parse_user)]
    users: Vec<MockUser>,
    /// An account that must confirm sign-in with a one-time code (printed here when sent).
    #[arg(long = "two-factor-user", value_parser = parse_user)]
    two_factor_users: Vec<MockUser>,
    /// Access token lifetime in seconds.
    #[arg(long, default_value_t = 3600)]
    token_lifetime: u64,
    /// Print nothing per request.
    #[arg(long)]
    quiet: bool,
}

fn parse_user(text: &str) -> Result<MockUser, String> {
    let (username, password) = text
        .split_once(':')
        .ok_or_else(|| format!("{text:?} is not USERNAME:PASSWORD"))?;
    Ok(MockUser::new(username, password))
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let mut users = args.users;
    if users.is_empty() && args.two_factor_users.is_empty() {
        users.push(MockUser::new(DEFAULT_USERNAME, DEFAULT_PASSWORD));
    }
    users.extend(
        args.two_factor_users
            .into_iter()
            .map(MockUser::with_two_factor),
    );
    let accounts: Vec<String> = users
        .iter()
        .map(|user| format!("{}:{}", user.username, user.password))
        .collect();
    let config = MockConfig {
        spec_path: args.spec,
        users,
        token_lifetime: Duration::from_secs(args.token_lifetime),
        port: args.port,
        verbose: !args.quiet,
    };
    let mock = MockServer::start(config).await?;
    println!("portsip-mock serving {}", mock.base_url());
    println!("accounts: {}", accounts.join(", "));
    // Serves until the process is interrupted; the OS closes the socket.
    std::future::pending::<()>().await;
    drop(mock);
    Ok(())
}
