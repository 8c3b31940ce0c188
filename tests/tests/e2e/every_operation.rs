//! Every operation of the spec through the typed client, from a table `build.rs` generates:
//! twice each, once with only the required parameters and body fields, once with all of them,
//! from samples the mock generates from the spec. Each call must succeed; what the mock
//! received must be the sample (so every field the client serializes reaches the wire as the
//! spec spells it); what the client decoded must be what the mock sent (so every field of the
//! answer is read back); and the mock must never have answered off-spec.
//!
//! `PORTSIP_E2E_ONLY=opA,opB` narrows the run to some operations, for debugging.

use futures::future::BoxFuture;
use futures::{StreamExt, TryStreamExt};
use portsip_api::{Client, types};
use portsip_api_tests::{Fill, MockConfig, SampleBody, SampleRequest};
use progenitor_client::{ByteStream, ResponseValue};
use serde_json::Value;

use crate::support::Case;

/// What a call brought back through the client: its status and decoded body.
#[derive(Debug)]
enum Decoded {
    Json(Value),
    Bytes(Vec<u8>),
}

type Outcome = Result<(u16, Decoded), Failed>;

#[derive(Debug)]
struct Failed {
    status: Option<u16>,
    message: String,
}

impl From<String> for Failed {
    fn from(message: String) -> Self {
        Self {
            status: None,
            message,
        }
    }
}

struct Operation {
    id: &'static str,
    call: for<'a> fn(&'a Client, &'a SampleRequest) -> BoxFuture<'a, Outcome>,
}

/// One table entry per line of the generated file:
/// `"opId" => method("spec name" setter: Type, …) [body json(Type) | body bytes] answers json|bytes;`
macro_rules! every_operation {
    ($($id:literal => $method:ident($($name:literal $setter:ident: $ty:ty),*)
        $(body $body:ident $(($body_ty:ty))?)? answers $answer:ident;)*) => {
        inventory::submit! {
            crate::support::Covered {
                test: concat!(module_path!(), "::every_operation_through_the_typed_client"),
                operations: &[$($id),*],
            }
        }

        const OPERATIONS: &[Operation] = &[$(Operation {
            id: $id,
            call: |client, sample| Box::pin(async move {
                // Operations without parameters or body leave the sample unread.
                let _: &SampleRequest = sample;
                let request = client.$method();
                $(let request = match sample.param($name) {
                    Some(value) => request.$setter(parse::<$ty>($name, value)?),
                    None => request,
                };)*
                $(let request = every_operation!(@body request, sample, $body $(($body_ty))?);)?
                every_operation!(@answer $answer, request.send().await)
            }),
        }),*];
    };
    (@body $request:ident, $sample:ident, json($ty:ty)) => {
        match &$sample.body {
            Some(SampleBody::Json(body)) => $request.body(parse::<$ty>("body", body)?),
            _ => $request,
        }
    };
    (@body $request:ident, $sample:ident, bytes) => {
        match &$sample.body {
            Some(SampleBody::Bytes(bytes)) => $request.body(bytes.clone()),
            _ => $request,
        }
    };
    (@answer json, $sent:expr) => { json_answer($sent) };
    (@answer bytes, $sent:expr) => { bytes_answer($sent).await };
}

include!(concat!(env!("OUT_DIR"), "/every_operation.rs"));

fn parse<T: serde::de::DeserializeOwned>(name: &str, value: &Value) -> Result<T, String> {
    serde_json::from_value(value.clone())
        .map_err(|error| format!("the sample's {name} does not fit the client's type: {error}"))
}

type Sent<T> = Result<ResponseValue<T>, progenitor_client::Error<()>>;

fn refused(error: progenitor_client::Error<()>) -> Outcome {
    let error = portsip_api::Error::from(error);
    Err(Failed {
        status: error.status().map(|status| status.as_u16()),
        message: format!("{error:?}"),
    })
}

fn json_answer<T: serde::Serialize>(sent: Sent<T>) -> Outcome {
    let response = match sent {
        Ok(response) => response,
        Err(error) => return refused(error),
    };
    let status = response.status().as_u16();
    let decoded = serde_json::to_value(response.into_inner()).map_err(|e| e.to_string())?;
    Ok((status, Decoded::Json(decoded)))
}

async fn bytes_answer(sent: Sent<ByteStream>) -> Outcome {
    let response = match sent {
        Ok(response) => response,
        Err(error) => return refused(error),
    };
    let status = response.status().as_u16();
    let bytes = response
        .into_inner_stream()
        .try_fold(Vec::new(), |mut all, chunk| async move {
            all.extend_from_slice(&chunk);
            Ok(all)
        })
        .await
        .map_err(|error| error.to_string())?;
    Ok((status, Decoded::Bytes(bytes)))
}

// Both cores: the mocks' validation and the clients' decoding are the work here.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_operation_through_the_typed_client() {
    let only: Option<Vec<String>> = std::env::var("PORTSIP_E2E_ONLY")
        .ok()
        .map(|list| list.split(',').map(str::to_owned).collect());
    let chosen = OPERATIONS.iter().filter(|op| {
        only.as_ref()
            .is_none_or(|only| only.iter().any(|id| id == op.id))
    });
    let problems: Vec<String> = futures::stream::iter(chosen)
        .map(check)
        .buffer_unordered(8)
        .flat_map(futures::stream::iter)
        .collect()
        .await;
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

/// Both calls of one operation, on a mock of its own; every problem found, as a line each.
async fn check(op: &Operation) -> Vec<String> {
    let case = Case::start(MockConfig::default()).await;
    let mut problems = Vec::new();
    let mut client = case.client().await;
    for fill in [Fill::Required, Fill::All] {
        let mut problem = |what: String| problems.push(format!("{} ({fill:?}): {what}", op.id));
        let sample = case
            .mock
            .sample_request(op.id, fill)
            .expect("the mock serves every operation of the table");
        let mut outcome = (op.call)(&client, &sample).await;
        // Signing out ends the session the next call would use; building a client costs more
        // than the calls (its TLS roots are loaded each time), so a new one only then.
        if matches!(
            &outcome,
            Err(Failed {
                status: Some(401),
                ..
            })
        ) {
            client = case.client().await;
            outcome = (op.call)(&client, &sample).await;
        }
        let (status, decoded) = match outcome {
            Ok(outcome) => outcome,
            Err(failed) => {
                problem(format!("the call failed: {}", failed.message));
                continue;
            }
        };
        let Some(received) = case.mock.last_request(op.id) else {
            problem("the mock accepted no request".into());
            continue;
        };
        for (name, sent) in &sample.params {
            let got = received.params.get(name).unwrap_or(&Value::Null);
            if !same_json(sent, got) {
                problem(format!(
                    "parameter {name}: sent {sent}, the mock read {got}"
                ));
            }
        }
        match (&sample.body, &received.body) {
            (None, None) => {}
            (Some(SampleBody::Json(sent)), Some(got)) if same_json(sent, got) => {}
            (Some(SampleBody::Bytes(sent)), Some(Value::String(got)))
                if got.as_bytes() == sent.as_slice() => {}
            (sent, got) => problem(format!("body: sent {sent:?}, the mock read {got:?}")),
        }
        let answer = case
            .mock
            .last_answer(op.id)
            .expect("an answer was recorded");
        // A client that follows a redirect decodes the target's answer, not the mock's.
        if (300..400).contains(&answer.status) && (200..300).contains(&status) {
            continue;
        }
        if status != answer.status {
            problem(format!("status {status}, the mock sent {}", answer.status));
        }
        match decoded {
            Decoded::Json(decoded) => {
                let sent = answer.json.unwrap_or(Value::Null);
                if !same_json(&sent, &decoded) {
                    problem(format!("decoded {decoded}, the mock sent {sent}"));
                }
            }
            Decoded::Bytes(bytes) => {
                if answer.bytes.as_deref() != Some(bytes.as_slice()) {
                    problem(format!(
                        "decoded {} bytes unlike the file sent",
                        bytes.len()
                    ));
                }
            }
        }
    }
    problems.extend(
        case.mock
            .off_spec_answers()
            .into_iter()
            .map(|answer| format!("{}: answered off-spec: {answer}", op.id)),
    );
    problems
}

/// Equal as JSON values once a `null` field counts as absent (an unset `Option` is left out
/// when serialized) and numbers compare by value (`1` and `1.0`).
fn same_json(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Object(a), Value::Object(b)) => {
            let present = |map: &serde_json::Map<String, Value>| {
                map.iter().filter(|(_, v)| !v.is_null()).count()
            };
            present(a) == present(b)
                && a.iter()
                    .filter(|(_, v)| !v.is_null())
                    .all(|(k, v)| b.get(k).is_some_and(|w| same_json(v, w)))
        }
        (Value::Array(a), Value::Array(b)) => {
            a.len() == b.len() && a.iter().zip(b).all(|(v, w)| same_json(v, w))
        }
        (Value::Number(a), Value::Number(b)) => a.as_f64() == b.as_f64(),
        _ => a == b,
    }
}
