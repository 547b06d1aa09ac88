//! A throwaway CA and a certificate for 127.0.0.1 signed by it, as a rustls server config for the test relay.

use std::sync::Arc;

use tokio_rustls::TlsAcceptor;
use tokio_rustls::rustls;

/// The CA's PEM (for the client to trust) and an acceptor presenting the 127.0.0.1 certificate.
pub struct TestPki {
    pub ca_pem: String,
    pub acceptor: TlsAcceptor,
}

pub fn test_pki() -> TestPki {
    let ca_key = rcgen::KeyPair::generate().expect("CA key");
    let mut ca_params = rcgen::CertificateParams::new(Vec::<String>::new()).expect("CA params");
    ca_params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
    ca_params.distinguished_name.push(rcgen::DnType::CommonName, "Locus notifier test CA");
    let ca = rcgen::CertifiedIssuer::self_signed(ca_params, ca_key).expect("CA");
    let key = rcgen::KeyPair::generate().expect("relay key");
    let cert = rcgen::CertificateParams::new(vec!["127.0.0.1".to_owned()])
        .expect("relay params")
        .signed_by(&key, &ca)
        .expect("relay cert");
    let config = rustls::ServerConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
        .with_safe_default_protocol_versions()
        .expect("versions")
        .with_no_client_auth()
        .with_single_cert(vec![cert.der().clone()], rustls::pki_types::PrivateKeyDer::Pkcs8(key.serialize_der().into()))
        .expect("server config");
    TestPki { ca_pem: ca.pem(), acceptor: TlsAcceptor::from(Arc::new(config)) }
}
