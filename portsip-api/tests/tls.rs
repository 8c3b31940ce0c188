//! TLS against a real HTTPS server on 127.0.0.1, its certificate issued at test time by a
//! throwaway CA for `localhost` and `127.0.0.1`, as on a PBX with a self-issued certificate.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::Json;
use axum::Router;
use axum::routing::get;
use portsip_api::{ClientBuilder, Error, RetryPolicy};
use rcgen::{BasicConstraints, CertificateParams, DnType, IsCa, Issuer, KeyPair, KeyUsagePurpose};
use serde_json::json;
use tokio::net::{TcpListener, TcpStream};
use tokio_rustls::TlsAcceptor;
use tokio_rustls::rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use tokio_rustls::rustls::{self, ServerConfig};
use tokio_rustls::server::TlsStream;

/// A CA and the server certificate it signed.
struct Pki {
    ca_pem: String,
    server_chain: Vec<CertificateDer<'static>>,
    server_key: PrivateKeyDer<'static>,
}

fn pki() -> Pki {
    pki_for(&["localhost", "127.0.0.1"])
}

/// A CA and a server certificate for `names` (DNS names or IP addresses).
fn pki_for(names: &[&str]) -> Pki {
    let ca_key = KeyPair::generate().unwrap();
    let mut ca = CertificateParams::new(Vec::<String>::new()).unwrap();
    ca.distinguished_name
        .push(DnType::CommonName, "portsip-api test CA");
    ca.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    ca.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
    let ca_certificate = ca.self_signed(&ca_key).unwrap();
    let issuer = Issuer::new(ca, ca_key);

    let server_key = KeyPair::generate().unwrap();
    let names: Vec<String> = names.iter().map(|&name| name.to_owned()).collect();
    let mut server = CertificateParams::new(names.clone()).unwrap();
    server
        .distinguished_name
        .push(DnType::CommonName, &names[0]);
    let server_certificate = server.signed_by(&server_key, &issuer).unwrap();
    Pki {
        ca_pem: ca_certificate.pem(),
        server_chain: vec![server_certificate.der().clone()],
        server_key: PrivatePkcs8KeyDer::from(server_key.serialize_der()).into(),
    }
}

/// A certificate for `localhost` that signs itself, with no CA, as many PBXs ship.
fn self_signed() -> Pki {
    let key = KeyPair::generate().unwrap();
    let mut params = CertificateParams::new(["localhost".to_owned()]).unwrap();
    params
        .distinguished_name
        .push(DnType::CommonName, "localhost");
    let certificate = params.self_signed(&key).unwrap();
    Pki {
        ca_pem: certificate.pem(),
        server_chain: vec![certificate.der().clone()],
        server_key: PrivatePkcs8KeyDer::from(key.serialize_der()).into(),
    }
}

/// Accepts TCP connections and completes the TLS handshake; a client that refuses the
/// certificate just costs one connection.
struct TlsListener {
    tcp: TcpListener,
    tls: TlsAcceptor,
}

impl axum::serve::Listener for TlsListener {
    type Io = TlsStream<TcpStream>;
    type Addr = SocketAddr;

    async fn accept(&mut self) -> (Self::Io, Self::Addr) {
        loop {
            let Ok((stream, address)) = self.tcp.accept().await else {
                continue;
            };
            if let Ok(stream) = self.tls.accept(stream).await {
                return (stream, address);
            }
        }
    }

    fn local_addr(&self) -> std::io::Result<Self::Addr> {
        self.tcp.local_addr()
    }
}

/// An HTTPS server answering one holiday for `GET /api/holidays/{id}`; returns its port.
async fn https_server(pki: &Pki) -> u16 {
    // The provider reqwest is built with, named explicitly so no second one is compiled in.
    let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    let config = ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(pki.server_chain.clone(), pki.server_key.clone_key())
        .unwrap();
    let tcp = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = tcp.local_addr().unwrap().port();
    let listener = TlsListener {
        tcp,
        tls: TlsAcceptor::from(Arc::new(config)),
    };
    let router = Router::new().route(
        "/api/holidays/{id}",
        get(|| async { Json(json!({"id": "h1", "name": "New Year", "consecutive": false})) }),
    );
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    port
}

/// `https://{host}:{port}/api`, the way users configure a PBX.
fn builder(host: &str, port: u16) -> ClientBuilder {
    ClientBuilder::new(host)
        .port(port)
        .retry(RetryPolicy::disabled())
}

async fn holiday_name(builder: ClientBuilder) -> Result<Option<String>, Error> {
    let holiday = builder
        .build()?
        .show_holiday()
        .id("h1")
        .send()
        .await?
        .into_inner();
    Ok(holiday.name)
}

#[tokio::test]
async fn an_untrusted_certificate_is_refused_with_a_certificate_error() {
    let pki = pki();
    let port = https_server(&pki).await;
    let error = holiday_name(builder("localhost", port)).await.unwrap_err();
    assert!(matches!(error, Error::Certificate(_)), "{error:?}");
    assert!(
        error.to_string().contains("root_certificate_pem"),
        "{error}"
    );
}

#[tokio::test]
async fn a_certificate_failure_is_not_retried_like_a_connection_failure() {
    let pki = pki();
    let port = https_server(&pki).await;
    let patient = ClientBuilder::new("localhost").port(port).retry(
        RetryPolicy::default()
            .max_attempts(3)
            .backoff(Duration::from_secs(5), Duration::from_secs(5)),
    );
    let started = Instant::now();
    let error = holiday_name(patient).await.unwrap_err();
    assert!(matches!(error, Error::Certificate(_)), "{error:?}");
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "waited {:?} to retry a certificate failure",
        started.elapsed()
    );
}

#[tokio::test]
async fn the_issuing_ca_makes_the_certificate_trusted_by_name_and_by_address() {
    let pki = pki();
    let port = https_server(&pki).await;
    for host in ["localhost", "127.0.0.1"] {
        let trusting = builder(host, port).root_certificate_pem(pki.ca_pem.clone());
        assert_eq!(
            holiday_name(trusting).await.unwrap().as_deref(),
            Some("New Year"),
            "{host}"
        );
    }
}

#[tokio::test]
async fn a_self_signed_certificate_is_trusted_as_its_own_root() {
    let pki = self_signed();
    let port = https_server(&pki).await;
    let error = holiday_name(builder("localhost", port)).await.unwrap_err();
    assert!(matches!(error, Error::Certificate(_)), "{error:?}");
    let trusting = builder("localhost", port).root_certificate_pem(pki.ca_pem.clone());
    assert_eq!(
        holiday_name(trusting).await.unwrap().as_deref(),
        Some("New Year")
    );
}

#[tokio::test]
async fn another_ca_does_not_make_the_certificate_trusted() {
    let (pki, stranger) = (pki(), pki());
    let port = https_server(&pki).await;
    let trusting_a_stranger = builder("localhost", port).root_certificate_pem(stranger.ca_pem);
    let error = holiday_name(trusting_a_stranger).await.unwrap_err();
    assert!(matches!(error, Error::Certificate(_)), "{error:?}");
}

#[tokio::test]
async fn a_trusted_certificate_must_name_the_host() {
    let pki = pki_for(&["pbx.example.com"]);
    let port = https_server(&pki).await;
    let misnamed = builder("127.0.0.1", port).root_certificate_pem(pki.ca_pem.clone());
    let error = holiday_name(misnamed).await.unwrap_err();
    assert!(matches!(error, Error::Certificate(_)), "{error:?}");
}

#[tokio::test]
async fn the_insecure_switch_accepts_the_certificate_without_its_ca() {
    let pki = pki();
    let port = https_server(&pki).await;
    let insecure = builder("localhost", port).danger_accept_invalid_certificates(true);
    assert_eq!(
        holiday_name(insecure).await.unwrap().as_deref(),
        Some("New Year")
    );
}

#[test]
fn a_host_means_https_on_port_8887_under_api() {
    assert_eq!(
        ClientBuilder::new("pbx.example.com").base_url().unwrap(),
        "https://pbx.example.com:8887/api"
    );
    assert_eq!(portsip_api::DEFAULT_PORT, 8887);
}
