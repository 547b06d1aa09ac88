//! Email delivery over SMTP submission with STARTTLS (lettre on tokio and rustls): one plain-text message per
//! recipient, so each is retried and reported on its own. With `starttls_required` a relay that does not offer
//! STARTTLS gets nothing (not even the login); otherwise STARTTLS is used whenever offered. The relay's
//! certificate is checked against the OS roots plus the policy's extra CA. The password never reaches an error.

use std::time::Duration;

use lettre::message::header::ContentType;
use lettre::message::{Mailbox, Message};
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Certificate, Tls, TlsParameters};
use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};

use super::notice::EmergencyNotice;
use super::retry::AttemptError;
use super::targets::SmtpSettings;

/// A relay connection recipe plus the parts of the message every recipient shares.
pub(crate) struct EmailSender {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
    subject: String,
    text: String,
}

impl EmailSender {
    /// Prepares sending `notice` through `smtp`, each SMTP exchange bounded by `timeout`.
    pub(crate) fn new(
        smtp: Option<&SmtpSettings>,
        notice: &EmergencyNotice,
        timeout: Duration,
    ) -> Result<Self, AttemptError> {
        let smtp = smtp.ok_or_else(|| AttemptError::permanent("no SMTP relay is configured"))?;
        let from: Mailbox = smtp
            .from
            .parse()
            .map_err(|e| AttemptError::permanent(format!("invalid From address \"{}\": {e}", smtp.from)))?;
        let mut tls = TlsParameters::builder(smtp.host.clone());
        if let Some(pem) = &smtp.extra_root_ca_pem {
            let ca = Certificate::from_pem(pem.as_bytes())
                .map_err(|e| AttemptError::permanent(format!("invalid extra root CA: {e}")))?;
            tls = tls.add_root_certificate(ca);
        }
        let tls = tls.build_rustls().map_err(|e| AttemptError::permanent(format!("could not set up TLS: {e}")))?;
        let tls = if smtp.starttls_required { Tls::Required(tls) } else { Tls::Opportunistic(tls) };
        let mut builder =
            AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(smtp.host.as_str()).port(smtp.port).tls(tls);
        builder = builder.timeout(Some(timeout));
        if !smtp.username.is_empty() {
            builder = builder.credentials(Credentials::new(smtp.username.clone(), smtp.password.expose().to_owned()));
        }
        Ok(Self { transport: builder.build(), from, subject: notice.email_subject(), text: notice.to_email_text() })
    }

    /// One attempt to hand the message for `recipient` to the relay.
    pub(crate) async fn send(&self, recipient: &str) -> Result<(), AttemptError> {
        let to: Mailbox = recipient
            .parse()
            .map_err(|e| AttemptError::permanent(format!("invalid recipient \"{recipient}\": {e}")))?;
        let message = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(self.subject.clone())
            .header(ContentType::TEXT_PLAIN)
            .body(self.text.clone())
            .map_err(|e| AttemptError::permanent(format!("could not build the message: {e}")))?;
        self.transport
            .send(message)
            .await
            .map(|_| ())
            .map_err(|e| AttemptError::retry(format!("SMTP delivery failed: {e}")))
    }
}
