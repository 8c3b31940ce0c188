use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

use reqwest::StatusCode;
use serde_json::json;

/// Ends the child even when an assertion fails first.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[tokio::test]
async fn the_binary_serves_the_accounts_it_is_given() {
    let child = Command::new(env!("CARGO_BIN_EXE_portsip-mock"))
        .args(["--port", "0", "--quiet", "--user", "ops:s3cret"])
        .stdout(Stdio::piped())
        .spawn()
        .expect("portsip-mock starts");
    let mut running = Running(child);
    let stdout = running.0.stdout.take().unwrap();
    // Kept open so the banner's later lines have somewhere to go.
    let mut banner = BufReader::new(stdout).lines();
    let first_line = banner.next().unwrap().unwrap();
    let base_url = first_line
        .strip_prefix("portsip-mock serving ")
        .unwrap_or_else(|| panic!("unexpected banner {first_line:?}"))
        .to_owned();
    assert!(base_url.starts_with("http://127.0.0.1:") && base_url.ends_with("/api"));

    let sign_in = |password: &str| {
        reqwest::Client::new()
            .post(format!("{base_url}/auth/sign_in"))
            .json(&json!({"username": "ops", "password": password}))
            .send()
    };
    assert_eq!(sign_in("s3cret").await.unwrap().status(), StatusCode::OK);
    assert_eq!(banner.next().unwrap().unwrap(), "accounts: ops:s3cret");
    assert_eq!(
        sign_in("wrong").await.unwrap().status(),
        StatusCode::UNAUTHORIZED
    );
}
