//! The translation layer: Fluent bundles for Bahasa Indonesia (default) and
//! English, embedded in the binary.

use std::borrow::Cow;
use std::str::FromStr;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use unic_langid::{langid, LanguageIdentifier};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Lang {
    #[default]
    Id,
    En,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::Id, Lang::En];

    pub fn code(self) -> &'static str {
        match self {
            Lang::Id => "id",
            Lang::En => "en",
        }
    }

    fn langid(self) -> LanguageIdentifier {
        match self {
            Lang::Id => langid!("id"),
            Lang::En => langid!("en"),
        }
    }

    /// The best supported language of an `Accept-Language` header, if any.
    pub fn from_accept_language(header: &str) -> Option<Lang> {
        let mut best: Option<(f32, Lang)> = None;
        for part in header.split(',') {
            let mut pieces = part.trim().split(';');
            let tag = pieces.next().unwrap_or("").trim();
            let q = pieces.find_map(|p| p.trim().strip_prefix("q=")).and_then(|q| q.parse::<f32>().ok()).unwrap_or(1.0);
            let primary = tag.split('-').next().unwrap_or("").to_ascii_lowercase();
            if let Ok(lang) = primary.parse::<Lang>() {
                if best.is_none_or(|(bq, _)| q > bq) {
                    best = Some((q, lang));
                }
            }
        }
        best.map(|(_, l)| l)
    }
}

impl FromStr for Lang {
    type Err = ();
    fn from_str(s: &str) -> Result<Self, ()> {
        match s {
            "id" | "in" => Ok(Lang::Id),
            "en" => Ok(Lang::En),
            _ => Err(()),
        }
    }
}

const SOURCES: [(Lang, &str); 2] =
    [(Lang::Id, include_str!("../locales/id.ftl")), (Lang::En, include_str!("../locales/en.ftl"))];

pub struct I18n {
    bundles: Vec<(Lang, FluentBundle<FluentResource>)>,
}

/// Fluent sources that do not parse: a build defect, reported at start-up.
#[derive(Debug, thiserror::Error)]
#[error("locale {lang}: {detail}")]
pub struct LocaleError {
    lang: &'static str,
    detail: String,
}

impl I18n {
    pub fn load() -> Result<Self, LocaleError> {
        let mut bundles = Vec::new();
        for (lang, source) in SOURCES {
            let resource = FluentResource::try_new(source.to_string())
                .map_err(|(_, errors)| LocaleError { lang: lang.code(), detail: format!("{errors:?}") })?;
            let mut bundle = FluentBundle::new_concurrent(vec![lang.langid()]);
            bundle.set_use_isolating(false);
            bundle
                .add_resource(resource)
                .map_err(|errors| LocaleError { lang: lang.code(), detail: format!("{errors:?}") })?;
            bundles.push((lang, bundle));
        }
        Ok(Self { bundles })
    }

    fn bundle(&self, lang: Lang) -> Option<&FluentBundle<FluentResource>> {
        self.bundles.iter().find(|(l, _)| *l == lang).map(|(_, b)| b)
    }

    pub fn has(&self, lang: Lang, key: &str) -> bool {
        self.bundle(lang).is_some_and(|b| b.has_message(key))
    }

    /// The message `key` in `lang`; the key itself when it is missing (a
    /// test makes sure none is).
    pub fn t(&self, lang: Lang, key: &str) -> String {
        self.format(lang, key, None)
    }

    pub fn t_args(&self, lang: Lang, key: &str, args: &[(&str, &str)]) -> String {
        let mut fargs = FluentArgs::new();
        for (k, v) in args {
            fargs.set(*k, FluentValue::from(*v));
        }
        self.format(lang, key, Some(&fargs))
    }

    fn format(&self, lang: Lang, key: &str, args: Option<&FluentArgs>) -> String {
        let Some(bundle) = self.bundle(lang) else {
            return key.to_string();
        };
        let Some(pattern) = bundle.get_message(key).and_then(|m| m.value()) else {
            tracing::warn!(key, lang = lang.code(), "missing translation");
            return key.to_string();
        };
        let mut errors = Vec::new();
        let text: Cow<str> = bundle.format_pattern(pattern, args, &mut errors);
        text.into_owned()
    }

    /// Every message id of a language, for completeness tests.
    pub fn keys(&self, lang: Lang) -> Vec<String> {
        let source = SOURCES.iter().find(|(l, _)| *l == lang).map(|(_, s)| *s).unwrap_or("");
        source
            .lines()
            .filter_map(|line| {
                let (id, _) = line.split_once(" =")?;
                let valid = !id.is_empty() && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
                valid.then(|| id.to_string())
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_language_prefers_the_highest_quality_supported_tag() {
        assert_eq!(Lang::from_accept_language("en-US,en;q=0.9"), Some(Lang::En));
        assert_eq!(Lang::from_accept_language("fr, id;q=0.8, en;q=0.5"), Some(Lang::Id));
        assert_eq!(Lang::from_accept_language("fr, de"), None);
    }

    #[test]
    fn both_languages_have_the_same_messages() {
        let i18n = I18n::load().unwrap_or_else(|e| panic!("{e}"));
        let mut id = i18n.keys(Lang::Id);
        let mut en = i18n.keys(Lang::En);
        id.sort();
        en.sort();
        let only_id: Vec<_> = id.iter().filter(|k| !en.contains(k)).collect();
        let only_en: Vec<_> = en.iter().filter(|k| !id.contains(k)).collect();
        assert!(only_id.is_empty() && only_en.is_empty(), "only in id: {only_id:?}; only in en: {only_en:?}");
        for key in &id {
            assert!(i18n.has(Lang::Id, key) && i18n.has(Lang::En, key), "{key} does not parse");
        }
    }

    #[test]
    fn every_code_has_a_label() {
        use satuatap_core::{
            access, cases::case, cases::complaint, cases::record, registry::consent, registry::episode,
            registry::family, registry::person, registry::visit,
        };
        let i18n = I18n::load().unwrap_or_else(|e| panic!("{e}"));
        let mut keys: Vec<String> = Vec::new();
        macro_rules! labels {
            ($($prefix:literal => $list:ty),+ $(,)?) => {$(
                keys.extend(<$list>::ALL.iter().map(|c| format!("{}-{}", $prefix, c.as_str())));
            )+};
        }
        labels!(
            "sex" => person::Sex,
            "marital" => person::MaritalStatus,
            "education" => person::Education,
            "stage" => episode::MigrationStage,
            "sector" => episode::Sector,
            "cost" => episode::CostItem,
            "external-id" => episode::ExternalIdScheme,
            "relationship" => family::Relationship,
            "consent-purpose" => consent::ConsentPurpose,
            "consent-status" => consent::ConsentStatus,
            "consent-method" => consent::ConsentMethod,
            "channel" => visit::Channel,
            "permission" => access::Permission,
            "role" => access::RoleCode,
            "scope" => access::Scope,
            "case-kind" => case::CaseKind,
            "case-status" => case::CaseStatus,
            "case-stage" => case::CaseStage,
            "risk" => case::RiskLevel,
            "closure-reason" => case::ClosureReason,
            "transition" => case::Transition,
            "labour" => case::LabourCategory,
            "ilo" => case::ForcedLabourIndicator,
            "trafficking" => case::TraffickingDimension,
            "gbv-type" => case::GbvType,
            "gbv-context" => case::GbvContext,
            "delay" => case::ReportingDelay,
            "perpetrator" => case::PerpetratorRelationship,
            "approval-kind" => record::ApprovalKind,
            "approval-status" => record::ApprovalStatus,
            "mediation-result" => complaint::MediationResult,
            "escalation" => complaint::EscalationChannel,
            "transfer-status" => complaint::TransferStatus,
            "service-status" => satuatap_core::directory::model::ServiceStatus,
            "service-group" => satuatap_core::directory::model::ServiceGroup,
            "service-category" => satuatap_core::directory::model::ServiceCategory,
            "spoken-language" => satuatap_core::directory::model::Language,
            "weekday" => satuatap_core::directory::model::Weekday,
            "phone-kind" => satuatap_core::directory::model::PhoneKind,
            "notification" => satuatap_core::referrals::referral::NotificationKind,
            "restricted-access" => satuatap_core::identity::users::RestrictedAccess,
            "audit-action" => satuatap_core::audit::AuditAction,
        );
        for lang in [Lang::Id, Lang::En] {
            let missing: Vec<_> = keys.iter().filter(|k| !i18n.has(lang, k)).collect();
            assert!(missing.is_empty(), "{lang:?} lacks {missing:?}");
        }
    }

    #[test]
    fn arguments_are_substituted() {
        let i18n = I18n::load().unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(i18n.t_args(Lang::En, "error-too_long", &[("max", "200")]), "is longer than 200 characters");
    }
}
