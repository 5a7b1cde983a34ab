pub(crate) mod pathways;
pub(crate) mod referral_link;
pub(crate) mod referrals;
