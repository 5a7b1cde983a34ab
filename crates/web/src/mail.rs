//! The text of outbox e-mails, in the deployment's language (Bahasa
//! Indonesia) with English below: what happened to which referral, and for
//! outside providers the link to answer through. No personal data.

use satuatap_core::referrals::referral::{MailToSend, NotificationKind};

use crate::i18n::{I18n, Lang};

/// Subject and plain-text body of an e-mail.
pub fn compose(i18n: &I18n, public_url: &str, mail: &MailToSend) -> (String, String) {
    let subject =
        format!("{} / {}", text(i18n, Lang::Id, public_url, mail).0, text(i18n, Lang::En, public_url, mail).0);
    let body =
        [Lang::Id, Lang::En].iter().map(|l| text(i18n, *l, public_url, mail).1).collect::<Vec<_>>().join("\n\n---\n\n");
    (subject, body)
}

fn text(i18n: &I18n, lang: Lang, public_url: &str, m: &MailToSend) -> (String, String) {
    let kind = m.mail.kind;
    let from = m.from_organisation_name.as_str();
    let subject = i18n.t_args(lang, &format!("mail-subject-{}", kind.as_str()), &[("from", from)]);
    let urgency = i18n.t(lang, &format!("urgency-{}", m.urgency.as_str()));
    let due = m.answer_due.format("%Y-%m-%d %H:%M UTC").to_string();
    let args =
        [("from", from), ("service", m.service_name.as_str()), ("urgency", urgency.as_str()), ("due", due.as_str())];
    let mut lines = Vec::new();
    match kind {
        NotificationKind::ReferralReceived | NotificationKind::ReferralOverdue => {
            lines.push(i18n.t_args(lang, "mail-body-intro", &args));
        }
        NotificationKind::ReferralCancelled => lines.push(i18n.t_args(lang, "mail-body-cancelled", &args)),
        NotificationKind::WarningRaised | NotificationKind::WarningOverdue => {
            lines.push(i18n.t_args(lang, &format!("mail-body-{}", kind.as_str()), &args));
        }
        _ => lines.push(i18n.t(lang, "mail-body-update")),
    }
    if kind != NotificationKind::ReferralCancelled {
        if let Some(link) = &m.link {
            let expires = link.expires_at.format("%Y-%m-%d").to_string();
            lines.push(String::new());
            lines.push(i18n.t_args(lang, "mail-body-link", &[("expires", expires.as_str())]));
            lines.push(format!("{public_url}/r/{}", link.token));
            let code_url = format!("{public_url}/r");
            lines.push(i18n.t_args(
                lang,
                "mail-body-code",
                &[("url", code_url.as_str()), ("code", link.code.as_str())],
            ));
        } else if let Some(path) = &m.internal_path {
            lines.push(String::new());
            let open = if m.mail.warning_id.is_some() { "mail-body-warning-open" } else { "mail-body-internal" };
            lines.push(i18n.t(lang, open));
            lines.push(format!("{public_url}{path}"));
        }
    }
    lines.push(String::new());
    lines.push(i18n.t(lang, "mail-body-footer"));
    (subject, lines.join("\n"))
}
