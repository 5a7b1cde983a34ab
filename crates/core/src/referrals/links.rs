//! Outside providers without accounts: a signed, expiring link per referral
//! (and the code of its printed form) through which they acknowledge,
//! decline or report completion. Every use is audited.

use chrono::Utc;
use serde_json::json;
use uuid::Uuid;

use crate::access::Ctx;
use crate::app::App;
use crate::audit::chain::AuditRecord;
use crate::audit::{AuditAction, AuditEntity};
use crate::error::{Error, Result};
use crate::referrals::referral::{
    link_message, link_token, parse_link_token, AnswerChannel, LinkView, ReferralAction, ReferralLink, ReferralRecord,
    SharedInfo, SharedItem,
};
use crate::referrals::service::{bound, Side};

impl App {
    /// The link of a referral to an outside provider, for its sender (to
    /// send or print).
    pub async fn referral_link(&self, ctx: &Ctx, id: Uuid) -> Result<ReferralLink> {
        let record = self.store.get_referral(id).await?.ok_or(Error::not_found("referral"))?;
        let (side, _) = self.side_of(ctx, &record.referral).await?;
        if side == Side::Receiver {
            return Err(Error::not_found("referral"));
        }
        self.link_of(&record)?.ok_or(Error::Conflict { code: "no_link", field: None })
    }

    /// A new link for a referral still open (the old one stops working), e.g.
    /// when the first has expired or was lost.
    pub async fn renew_referral_link(&self, ctx: &Ctx, id: Uuid) -> Result<ReferralLink> {
        let mut record = self.store.get_referral(id).await?.ok_or(Error::not_found("referral"))?;
        let (side, case) = self.side_of(ctx, &record.referral).await?;
        if side == Side::Receiver {
            return Err(Error::not_found("referral"));
        }
        if let Some(case) = case {
            self.workable_case(ctx, case.id).await?;
        }
        if !record.referral.external {
            return Err(Error::Conflict { code: "no_link", field: None });
        }
        let status = record.referral.status;
        if status.allowed().is_empty() {
            return Err(Error::Conflict { code: "referral_closed", field: None });
        }
        let now = Utc::now();
        self.new_link(&mut record, now)?;
        record.referral.updated_at = now;
        let audit = AuditRecord::new(
            ctx,
            AuditAction::ReferralLinkRenewed,
            AuditEntity::Case,
            Some(record.referral.case_id.to_string()),
            json!({ "referral_id": id }),
        );
        self.store.update_referral(&record, status, &[], &[], &audit).await?;
        self.link_of(&record)?.ok_or_else(|| Error::internal("renewed link missing"))
    }

    /// The token and code of a referral's current link.
    pub(crate) fn link_of(&self, record: &ReferralRecord) -> Result<Option<ReferralLink>> {
        let r = &record.referral;
        let (Some(nonce), Some((_, sealed_code)), Some(expires_at)) =
            (&record.link_nonce, &record.link_code, r.link_expires_at)
        else {
            return Ok(None);
        };
        let keyring = self.keyring()?;
        let expires = expires_at.timestamp();
        let signature = keyring.sign(&link_message(r.id, expires, nonce))?;
        Ok(Some(ReferralLink {
            token: link_token(r.id, expires, nonce, &signature),
            code: keyring.open(sealed_code, &bound("code", r.id))?,
            expires_at,
        }))
    }

    /// The referral behind a link, if the link is genuine, current and not
    /// expired. A refusal of a real referral's link is audited too.
    async fn by_link(&self, ctx: &Ctx, token: &str) -> Result<ReferralRecord> {
        let unknown = || Error::not_found("referral_link");
        let (id, expires, nonce, signature) = parse_link_token(token).ok_or_else(unknown)?;
        let record = self.store.get_referral(id).await?.ok_or_else(unknown)?;
        let keyring = self.keyring()?;
        let genuine = keyring.verify(&link_message(id, expires, nonce), signature)
            && record.link_nonce.as_deref() == Some(nonce)
            && record.referral.link_expires_at.map(|e| e.timestamp()) == Some(expires);
        let refuse = |why: &'static str| {
            AuditRecord::new(
                ctx,
                AuditAction::LinkRefused,
                AuditEntity::Referral,
                Some(id.to_string()),
                json!({ "why": why }),
            )
        };
        if !genuine {
            self.store.append_audit(&refuse("not_genuine")).await?;
            return Err(unknown());
        }
        if Utc::now().timestamp() >= expires {
            self.store.append_audit(&refuse("expired")).await?;
            return Err(Error::Conflict { code: "link_expired", field: None });
        }
        Ok(record)
    }

    /// What the link shows (audited as a read of the referral).
    pub async fn referral_by_link(&self, ctx: &Ctx, token: &str) -> Result<LinkView> {
        let record = self.by_link(ctx, token).await?;
        let audit = AuditRecord::new(
            ctx,
            AuditAction::LinkViewed,
            AuditEntity::Referral,
            Some(record.referral.id.to_string()),
            json!({}),
        );
        self.store.append_audit(&audit).await?;
        self.link_view(&record).await
    }

    /// The provider's answer through the link: `accept`, `decline` (with a
    /// reason) or `complete` (with feedback).
    pub async fn answer_by_link(
        &self,
        ctx: &Ctx,
        token: &str,
        action: ReferralAction,
        text: Option<&str>,
    ) -> Result<LinkView> {
        if action == ReferralAction::Cancel {
            return Err(Error::Forbidden);
        }
        let record = self.by_link(ctx, token).await?;
        let record = self.apply(ctx, record, action, text, AnswerChannel::Link).await?;
        self.link_view(&record).await
    }

    /// The link of a printed form's code (typed in at `/r`), if it is
    /// current; audited.
    pub async fn link_by_code(&self, ctx: &Ctx, code: &str) -> Result<String> {
        let typed = crate::identity::secrets::normalise_code(code);
        if typed.len() != 12 {
            return Err(Error::invalid("code", "invalid_code"));
        }
        let record = self
            .store
            .referral_by_code_hash(&crate::identity::secrets::secret_hash(&typed))
            .await?
            .ok_or_else(|| Error::invalid("code", "invalid_code"))?;
        let link = self.link_of(&record)?.ok_or_else(|| Error::invalid("code", "invalid_code"))?;
        let id = record.referral.id.to_string();
        if link.expires_at <= Utc::now() {
            let audit = AuditRecord::new(
                ctx,
                AuditAction::LinkRefused,
                AuditEntity::Referral,
                Some(id),
                json!({ "why": "expired" }),
            );
            self.store.append_audit(&audit).await?;
            return Err(Error::Conflict { code: "link_expired", field: None });
        }
        let audit = AuditRecord::new(ctx, AuditAction::LinkCodeUsed, AuditEntity::Referral, Some(id), json!({}));
        self.store.append_audit(&audit).await?;
        Ok(link.token)
    }

    /// Records that typing codes was refused for too many wrong ones, for a
    /// client address or (`everyone`) for all: once per lock-out, without the
    /// address or any code.
    pub async fn record_code_lockout(&self, ctx: &Ctx, scope: &'static str) -> Result<()> {
        let audit =
            AuditRecord::new(ctx, AuditAction::LinkCodeLocked, AuditEntity::Referral, None, json!({ "scope": scope }));
        self.store.append_audit(&audit).await.map(|_| ())
    }

    async fn link_view(&self, record: &ReferralRecord) -> Result<LinkView> {
        let r = self.opened(record, Side::Receiver)?;
        // Who and where, as chosen; never the case, incident or notes.
        let full =
            self.shared_info(&r, None, &[SharedItem::Identity, SharedItem::Contact, SharedItem::Address]).await?;
        let person = SharedInfo {
            full_name: full.full_name,
            sex: full.sex,
            age: full.age,
            phone: full.phone,
            village_code: full.village_code,
            village_name: full.village_name,
            address: full.address,
            ..SharedInfo::default()
        };
        let from = self.store.get_organisation(r.from_organisation_id).await?;
        let to = self.organisation_names(&[r.to_organisation_id]).await?;
        let service_name = self.store.get_service(r.service_id).await?.map(|s| s.name).unwrap_or_default();
        Ok(LinkView {
            referral_id: r.id,
            status: r.status,
            urgency: r.urgency,
            need: r.need,
            answer_due: r.answer_due,
            completion_due: r.completion_due,
            service_name,
            to_organisation_name: to.into_iter().next().map(|(_, n)| n).unwrap_or_default(),
            from_organisation_name: from.as_ref().map(|o| o.name.clone()).unwrap_or_default(),
            from_organisation_phone: from.and_then(|o| o.phone),
            person,
            actions: r.status.allowed().iter().copied().filter(|a| *a != ReferralAction::Cancel).collect(),
            expires_at: r.link_expires_at.unwrap_or(r.answer_due),
            reason: r.reason,
        })
    }
}
