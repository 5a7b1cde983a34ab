//! The outbox worker: finds overdue referrals and sends the waiting e-mails
//! over SMTP (lettre). `satuatap outbox send` runs one pass; `serve` runs
//! one every `outbox_seconds`.

use std::sync::Arc;
use std::time::Duration;

use lettre::message::header::{ContentTransferEncoding, ContentType};
use lettre::message::{Mailbox, SinglePart};
use lettre::transport::smtp::AsyncSmtpTransport;
use lettre::{AsyncTransport, Message, Tokio1Executor};
use satuatap_core::access::Ctx;
use satuatap_core::referrals::referral::{MailToSend, Mailer, OutboxRun};
use satuatap_core::App;
use satuatap_web::i18n::I18n;

use crate::config::Config;

/// Sends outbox e-mails through an SMTP server.
pub struct SmtpMailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
    i18n: Arc<I18n>,
    public_url: String,
}

impl SmtpMailer {
    /// From `smtp_url` (`smtp://HOST[:PORT]` plain to a local relay,
    /// `smtp://…:587?tls=required` STARTTLS, `smtps://USER:PASSWORD@HOST[:465]` TLS).
    pub fn new(config: &Config, i18n: Arc<I18n>) -> Result<Option<Self>, String> {
        let Some(url) = &config.smtp_url else { return Ok(None) };
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
            .map_err(|e| format!("smtp_url (SATUATAP_SMTP_URL): {e}"))?
            .timeout(Some(Duration::from_secs(20)))
            .build();
        let from = config.mail_from.parse().map_err(|e| format!("mail_from (SATUATAP_MAIL_FROM): {e}"))?;
        Ok(Some(Self { transport, from, i18n, public_url: config.public_url() }))
    }
}

#[async_trait::async_trait]
impl Mailer for SmtpMailer {
    async fn send(&self, mail: &MailToSend) -> Result<(), String> {
        let to: Mailbox = mail.mail.to_address.parse().map_err(|_| "the address is not valid".to_string())?;
        let (subject, body) = satuatap_web::mail::compose(&self.i18n, &self.public_url, mail);
        let message = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(subject)
            .singlepart(
                SinglePart::builder()
                    .header(ContentType::TEXT_PLAIN)
                    .header(ContentTransferEncoding::QuotedPrintable)
                    .body(body),
            )
            .map_err(|e| format!("message: {e}"))?;
        // The error names the server's answer, never the message.
        self.transport.send(message).await.map(|_| ()).map_err(|e| format!("smtp: {e}"))
    }
}

/// One pass: overdue referrals, then e-mails. Without SMTP configured the
/// e-mails wait (the overdue notices are still made).
pub async fn run_once(app: &App, mailer: Option<&SmtpMailer>) -> Result<OutboxRun, satuatap_core::Error> {
    app.run_outbox(&Ctx::system(), mailer.map(|m| m as &dyn Mailer)).await
}

/// Runs a pass every `every` until the process ends (started by `serve`).
pub fn spawn_worker(app: App, mailer: Option<SmtpMailer>, every: Duration) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(every);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            match run_once(&app, mailer.as_ref()).await {
                Ok(run) if run.sent + run.failed + run.overdue_found > 0 => {
                    tracing::info!(sent = run.sent, failed = run.failed, overdue = run.overdue_found, "outbox");
                }
                Ok(_) => {}
                Err(e) => tracing::error!(error = %e, "outbox pass failed"),
            }
        }
    });
}
