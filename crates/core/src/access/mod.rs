//! Access control: permissions and scopes, who is acting, the permission
//! check every service runs, and need-to-know for restricted records.

pub mod actor;
pub mod grant;
pub mod need_to_know;
pub mod permission;
pub mod protective;

pub use actor::{Actor, AuthCheck, Restriction, Target, User};
pub use grant::beyond_granter;
pub use need_to_know::{person_view, NeedToKnow, PersonSubject, PersonTies, PersonView};
pub use permission::{Grant, Permission, RoleCode, Scope};
pub use protective::{Protective, QueueRole};

/// The context of a call into the services: who acts, and the operation id
/// that ties the audit entry to the request log.
#[derive(Debug, Clone)]
pub struct Ctx {
    pub actor: Actor,
    pub op_id: String,
}

impl Ctx {
    pub fn new(actor: Actor, op_id: impl Into<String>) -> Self {
        Self { actor, op_id: op_id.into() }
    }

    /// The command line and the demo loader act as the system.
    pub fn system() -> Self {
        Self { actor: Actor::System, op_id: "cli".into() }
    }

    pub fn anonymous(op_id: impl Into<String>) -> Self {
        Self { actor: Actor::Anonymous, op_id: op_id.into() }
    }
}
