//! Family members linked to a person, and households.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::areas::area::AreaCode;
use crate::registry::person::Sex;

code_list! {
    /// What a relative is to a person. Labels: `relationship-<code>`.
    Relationship {
        Spouse = "spouse",
        Child = "child",
        Parent = "parent",
        Sibling = "sibling",
        Grandparent = "grandparent",
        Grandchild = "grandchild",
        OtherRelative = "other_relative",
    }
}

impl Relationship {
    /// What the person is to the relative.
    pub fn inverse(self) -> Self {
        match self {
            Relationship::Child => Relationship::Parent,
            Relationship::Parent => Relationship::Child,
            Relationship::Grandparent => Relationship::Grandchild,
            Relationship::Grandchild => Relationship::Grandparent,
            other => other,
        }
    }
}

#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewRelative {
    /// The relative (already registered).
    pub relative_id: Uuid,
    /// What the relative is to the person: `spouse`, `child`, `parent`,
    /// `sibling`, `grandparent`, `grandchild`, `other_relative`.
    #[schema(value_type = crate::registry::family::Relationship)]
    pub relationship: String,
}

/// A stored link: `relative_id` is `relationship` of `person_id`.
#[derive(Debug, Clone, Serialize)]
pub struct FamilyLink {
    pub person_id: Uuid,
    pub relative_id: Uuid,
    pub relationship: Relationship,
    pub created_by: Option<Uuid>,
    pub created_at: DateTime<Utc>,
}

/// A relative as seen from one person.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Relative {
    pub person_id: Uuid,
    pub full_name: String,
    pub sex: Sex,
    /// What this relative is to the person viewed.
    pub relationship: Relationship,
}

#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewHousehold {
    /// The head of the household (a registered person); also a member.
    pub head_id: Uuid,
    /// Other members (registered people).
    #[serde(default)]
    pub member_ids: Vec<Uuid>,
    /// Default: the head's village.
    pub village_code: Option<String>,
    pub address: Option<String>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct HouseholdMember {
    pub person_id: Uuid,
    pub full_name: String,
    pub sex: Sex,
    pub head: bool,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Household {
    pub id: Uuid,
    #[schema(value_type = String)]
    pub district_code: AreaCode,
    #[schema(value_type = Option<String>)]
    pub village_code: Option<AreaCode>,
    pub address: Option<String>,
    pub head_id: Option<Uuid>,
    pub members: Vec<HouseholdMember>,
    pub created_by: Option<Uuid>,
    pub created_at: DateTime<Utc>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inverses_pair_up() {
        for r in Relationship::ALL {
            assert_eq!(r.inverse().inverse(), *r);
        }
        assert_eq!(Relationship::Child.inverse(), Relationship::Parent);
    }
}
