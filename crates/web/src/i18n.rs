//! The translation layer: Fluent bundles for Bahasa Indonesia (default) and
//! English, embedded in the binary. Each language has one file per domain
//! (`locales/<lang>/<domain>.ftl`, the domain names of `core` and `web`) and
//! `shared.ftl` for what several domains use.

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

    /// How numbers (amounts) are written in this language.
    pub fn number_style(self) -> satuatap_core::money::NumberStyle {
        match self {
            Lang::Id => satuatap_core::money::NumberStyle::Indonesian,
            Lang::En => satuatap_core::money::NumberStyle::English,
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

/// The account setting's language is one of the pages' languages.
impl From<satuatap_core::identity::users::Language> for Lang {
    fn from(language: satuatap_core::identity::users::Language) -> Self {
        use satuatap_core::identity::users::Language;
        match language {
            Language::Id => Lang::Id,
            Language::En => Lang::En,
        }
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

/// The Fluent files of one language: (file name without `.ftl`, source).
type Files = &'static [(&'static str, &'static str)];

/// The files of each language, embedded at build time from one list of
/// names, so both languages have the same files and a missing one does not
/// compile.
macro_rules! sources {
    ($($file:literal),+ $(,)?) => {
        [
            (Lang::Id, &[$(($file, include_str!(concat!("../locales/id/", $file, ".ftl")))),+]),
            (Lang::En, &[$(($file, include_str!(concat!("../locales/en/", $file, ".ftl")))),+]),
        ]
    };
}

const SOURCES: [(Lang, Files); 2] = sources!(
    "shared",
    "access",
    "areas",
    "organisations",
    "identity",
    "audit",
    "registry",
    "cases",
    "referrals",
    "directory",
    "reports",
    "community",
);

pub struct I18n {
    bundles: Vec<(Lang, FluentBundle<FluentResource>)>,
}

/// A Fluent file that does not parse, or a key given in two files (or twice
/// in one): a build defect, reported at start-up.
#[derive(Debug, thiserror::Error)]
#[error("locale {lang}/{file}.ftl: {detail}")]
pub struct LocaleError {
    lang: &'static str,
    file: &'static str,
    detail: String,
}

impl I18n {
    pub fn load() -> Result<Self, LocaleError> {
        let bundles =
            SOURCES.iter().map(|(lang, files)| Ok((*lang, load_bundle(*lang, files)?))).collect::<Result<_, _>>()?;
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
        files(lang).iter().flat_map(|(_, source)| message_ids(source)).map(str::to_string).collect()
    }
}

/// One language's bundle of all its files. Fluent keeps the first of two
/// messages with the same id and reports the other as `Overriding`: refused.
fn load_bundle(
    lang: Lang,
    files: &[(&'static str, &'static str)],
) -> Result<FluentBundle<FluentResource>, LocaleError> {
    let mut bundle = FluentBundle::new_concurrent(vec![lang.langid()]);
    bundle.set_use_isolating(false);
    for (file, source) in files {
        let error = |detail: String| LocaleError { lang: lang.code(), file, detail };
        let resource =
            FluentResource::try_new(source.to_string()).map_err(|(_, errors)| error(format!("{errors:?}")))?;
        bundle
            .add_resource(resource)
            .map_err(|errors| error(errors.iter().map(ToString::to_string).collect::<Vec<_>>().join(" ")))?;
    }
    Ok(bundle)
}

/// The files of a language.
fn files(lang: Lang) -> Files {
    SOURCES.iter().find(|(l, _)| *l == lang).map_or(&[], |(_, files)| *files)
}

/// The message ids of one Fluent source, in order.
fn message_ids(source: &str) -> impl Iterator<Item = &str> {
    source.lines().filter_map(|line| {
        let (id, _) = line.split_once(" =")?;
        let valid = !id.is_empty() && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        valid.then_some(id)
    })
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

    /// The message ids of each file of a language, in the order of `SOURCES`.
    fn ids_by_file(lang: Lang) -> Vec<(&'static str, Vec<&'static str>)> {
        files(lang).iter().map(|(file, source)| (*file, message_ids(source).collect())).collect()
    }

    #[test]
    fn both_languages_have_the_same_messages_in_the_same_files() {
        let i18n = I18n::load().unwrap_or_else(|e| panic!("{e}"));
        let (id, en) = (ids_by_file(Lang::Id), ids_by_file(Lang::En));
        let names = |files: &[(&str, Vec<&str>)]| files.iter().map(|(f, _)| f.to_string()).collect::<Vec<_>>();
        assert_eq!(names(&id), names(&en));
        for ((file, id_keys), (_, en_keys)) in id.iter().zip(&en) {
            assert!(!id_keys.is_empty(), "{file}.ftl has no message");
            let only_id: Vec<_> = id_keys.iter().filter(|k| !en_keys.contains(k)).collect();
            let only_en: Vec<_> = en_keys.iter().filter(|k| !id_keys.contains(k)).collect();
            assert!(
                only_id.is_empty() && only_en.is_empty(),
                "{file}.ftl: only in id: {only_id:?}; only in en: {only_en:?}"
            );
        }
        for key in i18n.keys(Lang::Id) {
            assert!(i18n.has(Lang::Id, &key) && i18n.has(Lang::En, &key), "{key} does not parse");
        }
    }

    #[test]
    fn every_key_is_in_exactly_one_file_of_a_language() {
        for lang in Lang::ALL {
            let mut seen: std::collections::HashMap<&str, &str> = std::collections::HashMap::new();
            for (file, ids) in ids_by_file(lang) {
                for id in ids {
                    if let Some(first) = seen.insert(id, file) {
                        panic!("{}: {id} is in {first}.ftl and in {file}.ftl", lang.code());
                    }
                }
            }
        }
    }

    /// A file added to `locales/<lang>/` but not to `SOURCES` would be left
    /// out silently: each language folder holds exactly the listed files.
    #[test]
    fn the_locale_folders_hold_exactly_the_listed_files() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("locales");
        let entries = |dir: &std::path::Path| {
            let mut names: Vec<String> = std::fs::read_dir(dir)
                .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
                .map(|e| e.unwrap_or_else(|e| panic!("{e}")).file_name().to_string_lossy().into_owned())
                .collect();
            names.sort();
            names
        };
        let mut langs: Vec<String> = Lang::ALL.iter().map(|l| l.code().to_string()).collect();
        langs.sort();
        assert_eq!(entries(&root), langs, "locales/ holds one folder per language and nothing else");
        for lang in Lang::ALL {
            let mut listed: Vec<String> = files(lang).iter().map(|(f, _)| format!("{f}.ftl")).collect();
            listed.sort();
            assert_eq!(entries(&root.join(lang.code())), listed, "locales/{}", lang.code());
        }
    }

    #[test]
    fn a_key_in_two_files_is_refused_at_load() {
        let files = [("shared", "same = one\n"), ("cases", "other = two\nsame = three\n")];
        let error = load_bundle(Lang::En, &files).err().map(|e| e.to_string());
        assert_eq!(error.as_deref(), Some("locale en/cases.ftl: Attempt to override an existing message: \"same\"."));
        let twice_in_one = [("cases", "same = one\nsame = two\n")];
        assert!(load_bundle(Lang::Id, &twice_in_one).is_err(), "a key twice in one file");
        assert!(load_bundle(Lang::En, &files[..1]).is_ok());
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
            "audit-entity" => satuatap_core::audit::AuditEntity,
            "dimension" => satuatap_core::reports::catalogue::Dimension,
            "unit" => satuatap_core::reports::catalogue::Unit,
            "registration-status" => satuatap_core::community::registration::RegistrationStatus,
            "registration-decision" => satuatap_core::community::registration::RegistrationDecision,
            "expected" => satuatap_core::community::registration::ExpectedReason,
            "departure-channel" => satuatap_core::community::notice::DepartureChannel,
            "reported-by" => satuatap_core::community::notice::ReportedBy,
            "return-reason" => satuatap_core::community::notice::ReturnReason,
            "return-need" => satuatap_core::community::notice::ReturnNeed,
            "return-follow-up" => satuatap_core::community::notice::ReturnFollowUp,
            "notice-kind" => satuatap_core::community::notice::NoticeKind,
            "warning-kind" => satuatap_core::community::warning::WarningKind,
            "warning-urgency" => satuatap_core::community::warning::WarningUrgency,
            "warning-outcome" => satuatap_core::community::warning::WarningOutcome,
            "warning-status" => satuatap_core::community::warning::WarningStatus,
            "activity-kind" => satuatap_core::community::activity::ActivityKind,
            "activity-topic" => satuatap_core::community::activity::ActivityTopic,
            "age-group" => satuatap_core::community::activity::AgeGroup,
            "participant" => satuatap_core::community::activity::ParticipantKind,
            "sex" => satuatap_core::community::activity::AttendeeSex,
            "task-force-role" => satuatap_core::community::roster::TaskForceRole,
            "action-status" => satuatap_core::community::forum::ActionStatus,
            "hotline-channel" => satuatap_core::community::hotline::HotlineChannel,
            "hotline-topic" => satuatap_core::community::hotline::HotlineTopic,
            "hotline-outcome" => satuatap_core::community::hotline::HotlineOutcome,
            "competency-result" => satuatap_core::community::competency::CompetencyResult,
            "regulation-level" => satuatap_core::community::forum::RegulationLevel,
            "regulation-status" => satuatap_core::community::forum::RegulationStatus,
            "task-force-origin" => satuatap_core::community::roster::TaskForceOrigin,
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
