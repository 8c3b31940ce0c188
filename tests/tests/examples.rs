//! The examples of `portsip-api`, built once and run as a user would, against the mock.
//!
//! They are found by asking cargo to build them (so a new example is run without being listed
//! here) and pointed at the mock through the environment variables they document. They run as
//! plain child processes, so this test adds no tokio features: the build of the examples then
//! reuses the workspace's artifacts.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::OnceLock;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use portsip_api::types::PollingStrategy;
use portsip_api::{ClientBuilder, Credentials, SignIn};
use portsip_api_tests::{DEFAULT_PASSWORD, DEFAULT_USERNAME, MockConfig, MockServer, MockUser};
use serde_json::Value;

const TIME_LIMIT: Duration = Duration::from_secs(60);

/// (name, executable) of every example, built once for all the tests here.
fn examples() -> &'static [(String, PathBuf)] {
    static BUILT: OnceLock<Vec<(String, PathBuf)>> = OnceLock::new();
    BUILT.get_or_init(build_examples)
}

fn build_examples() -> Vec<(String, PathBuf)> {
    let mut command = Command::new(env!("CARGO"));
    command.args([
        "build",
        "-p",
        "portsip-api",
        "--examples",
        "--message-format",
        "json",
    ]);
    if !cfg!(debug_assertions) {
        command.arg("--release");
    }
    let output = command
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stderr(Stdio::inherit())
        .output()
        .expect("cargo runs");
    assert!(output.status.success(), "the examples do not build");
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter_map(|line| serde_json::from_str::<Value>(line).ok())
        .filter(|message| message["target"]["kind"] == serde_json::json!(["example"]))
        .filter_map(|message| {
            let name = message["target"]["name"].as_str()?.to_owned();
            let executable = message["executable"].as_str()?.into();
            Some((name, executable))
        })
        .collect()
}

/// An example process; killed if the test ends before it does.
struct Running {
    name: String,
    child: Child,
    stdout: Option<JoinHandle<String>>,
    stderr: Option<JoinHandle<String>>,
}

fn read_all(mut pipe: impl Read + Send + 'static) -> JoinHandle<String> {
    std::thread::spawn(move || {
        let mut text = String::new();
        let _ = pipe.read_to_string(&mut text);
        text
    })
}

/// What an example needs beyond the connection settings, as its doc comment tells a user:
/// arguments, environment, and what must already be on the PBX.
struct Task {
    args: Vec<&'static str>,
    env: Vec<(&'static str, &'static str)>,
}

impl Task {
    async fn prepare(name: &str, mock: &MockServer) -> Self {
        match name {
            "provision_extension" => Self {
                args: vec!["1099", "alice", "alice@example.com"],
                env: vec![
                    ("NEW_USER_PASSWORD", "Correct-Horse-7"),
                    ("NEW_VOICEMAIL_PIN", "482916"),
                ],
            },
            "queue_agent" => {
                create_queue(mock, "8000").await;
                Self {
                    args: vec!["8000", "1099"],
                    env: Vec::new(),
                }
            }
            _ => Self {
                args: Vec::new(),
                env: Vec::new(),
            },
        }
    }
}

/// A call queue on the mock, made as an administrator would, in a session of its own.
async fn create_queue(mock: &MockServer, extension_number: &str) {
    let credentials = Credentials::new(DEFAULT_USERNAME, DEFAULT_PASSWORD);
    let SignIn::Complete(admin) = ClientBuilder::with_base_url(mock.base_url())
        .sign_in(credentials)
        .await
        .expect("the administrator signs in")
    else {
        panic!("the default user has no second factor");
    };
    admin
        .create_queue()
        .body_map(|queue| {
            queue
                .name("Sales".to_owned())
                .extension_number(extension_number.to_owned())
                .polling_strategy(PollingStrategy::RingSimultaneously)
        })
        .send()
        .await
        .expect("the mock creates the queue");
}

impl Running {
    fn start(
        task: &Task,
        name: &str,
        executable: &Path,
        mock: &MockServer,
        user: (&str, &str),
    ) -> Self {
        let mut child = Command::new(executable)
            .args(&task.args)
            .envs(task.env.iter().copied())
            .env("PORTSIP_URL", mock.base_url())
            .env("PORTSIP_USERNAME", user.0)
            .env("PORTSIP_PASSWORD", user.1)
            .env_remove("PORTSIP_HOST")
            .env_remove("PORTSIP_OTP")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the example starts");
        let stdout = child.stdout.take().map(read_all);
        let stderr = child.stderr.take().map(read_all);
        Self {
            name: name.to_owned(),
            child,
            stdout,
            stderr,
        }
    }

    fn type_line(&mut self, line: &str) {
        let mut stdin = self.child.stdin.take().expect("stdin is piped");
        writeln!(stdin, "{line}").expect("the example reads standard input");
    }

    /// Waits (without blocking the mock, which runs on this test's runtime) and returns stdout;
    /// fails unless the example exits successfully within the time limit.
    async fn finish(self) -> String {
        let name = self.name.clone();
        let (status, stdout, stderr) = self.wait().await;
        assert!(
            status.success(),
            "example {name} failed: {status}\nstdout:\n{stdout}\nstderr:\n{stderr}"
        );
        stdout
    }

    /// Like [`Running::finish`], for an example that must fail: returns stderr.
    async fn fail(self) -> String {
        let name = self.name.clone();
        let (status, stdout, stderr) = self.wait().await;
        assert!(
            !status.success(),
            "example {name} succeeded\nstdout:\n{stdout}"
        );
        stderr
    }

    async fn wait(mut self) -> (ExitStatus, String, String) {
        drop(self.child.stdin.take());
        let started = Instant::now();
        let status: ExitStatus = loop {
            if let Some(status) = self
                .child
                .try_wait()
                .expect("the example can be waited for")
            {
                break status;
            }
            assert!(
                started.elapsed() < TIME_LIMIT,
                "example {} did not finish within {TIME_LIMIT:?}",
                self.name
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        };
        let stdout = self.stdout.take().unwrap().join().unwrap();
        let stderr = self.stderr.take().unwrap().join().unwrap();
        (status, stdout, stderr)
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

#[tokio::test]
async fn every_example_runs_against_the_mock() {
    let examples = examples();
    assert!(!examples.is_empty(), "cargo reported no examples");
    for (name, executable) in examples {
        let mock = MockServer::start(MockConfig::default()).await.unwrap();
        let user = (DEFAULT_USERNAME, DEFAULT_PASSWORD);
        let task = Task::prepare(name, &mock).await;
        let calls_before = mock.calls("signOut");
        let stdout = Running::start(&task, name, executable, &mock, user)
            .finish()
            .await;
        assert!(!stdout.trim().is_empty(), "example {name} printed nothing");
        assert!(
            !stdout.contains("Some("),
            "example {name} prints Debug output:\n{stdout}"
        );
        let called = mock.called_operations();
        assert!(called.len() > 2, "example {name} called only {called:?}");
        assert_eq!(
            mock.calls("signOut") - calls_before,
            1,
            "example {name} did not end its session"
        );
        let off_spec = mock.off_spec_answers();
        assert!(off_spec.is_empty(), "{off_spec:#?}");
    }
}

#[tokio::test]
async fn an_example_completes_a_two_factor_sign_in_from_standard_input() {
    let (name, executable) = examples().first().expect("at least one example");
    let config = MockConfig::default().with_user(MockUser::new("guarded", "pw").with_two_factor());
    let mock = MockServer::start(config).await.unwrap();
    let task = Task::prepare(name, &mock).await;
    let mut running = Running::start(&task, name, executable, &mock, ("guarded", "pw"));
    let started = Instant::now();
    let code = loop {
        if let Some(code) = mock.one_time_code("guarded") {
            break code;
        }
        assert!(
            started.elapsed() < TIME_LIMIT,
            "example {name} never asked for a one-time code"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    };
    running.type_line(&code);
    running.finish().await;
    assert_eq!(mock.calls("verifyOTP"), 1);
}

#[tokio::test]
async fn a_failing_example_says_why_in_a_sentence() {
    let (name, executable) = examples().first().expect("at least one example");
    let mock = MockServer::start(MockConfig::default()).await.unwrap();
    let task = Task::prepare(name, &mock).await;
    let stderr = Running::start(&task, name, executable, &mock, (DEFAULT_USERNAME, "wrong"))
        .fail()
        .await;
    let message = stderr.trim();
    assert!(message.starts_with("Error: "), "{message}");
    assert!(message.contains("401"), "{message}");
    let debug_dump = ["Api(", "ApiError {", "Some(", "\"}"];
    assert!(
        !debug_dump.iter().any(|dump| message.contains(dump)),
        "{message}"
    );
}
