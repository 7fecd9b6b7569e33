//! The staff side's contract (DESIGN.md, "Staff API contract"): accounts and their roles, the
//! session, and the assistance-request inbox. The console and the server both read these types,
//! so the console can only ask for what the server answers.

use crate::request::{AssistanceRequest, Proposal, Rating, RequestStatus, Service};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// What a staff account may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Everything, including accounts.
    Admin,
    /// Park editor: the catalog records of the parks assigned.
    Editor,
    /// Request handler (园小二): the inbox of the parks assigned, or of all parks when none is.
    Handler,
}

impl Role {
    /// The code stored and sent.
    pub fn code(self) -> String {
        crate::wire::code(self)
    }

    /// The role for a stored code.
    pub fn from_code(code: &str) -> Option<Self> {
        crate::wire::from_code(code)
    }
}

/// The shortest password accepted.
pub const MIN_PASSWORD_CHARS: usize = 12;

/// A staff account as the API shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StaffUser {
    /// The sign-in name.
    pub username: String,
    /// What the account may do.
    pub role: Role,
    /// The parks in its scope (editors and handlers; empty for an administrator, and for a
    /// handler of every park).
    pub park_ids: Vec<String>,
    /// The county (区县) it works for, in a city's catalog: a county administrator manages that
    /// county's parks, policies, staff and requests, and a handler of every park handles that
    /// county's. None: the city's (a city administrator manages everything).
    #[serde(default)]
    pub region_id: Option<String>,
    /// The name investors see when this person handles their request.
    #[serde(default)]
    pub display_name: String,
    /// The work phone investors see.
    #[serde(default)]
    pub phone: String,
    /// The password was set by an administrator: the user must choose their own first.
    #[serde(default)]
    pub must_change_password: bool,
}

impl StaffUser {
    /// Whether the park `park_id` of `catalog` lies in this account's county (every park does
    /// for the city's accounts).
    pub fn in_county(&self, catalog: &crate::Catalog, park_id: &str) -> bool {
        catalog.in_region(park_id, self.region_id.as_deref())
    }

    /// True for an administrator of the whole catalog (the city's, or the only county's).
    pub fn is_city_admin(&self) -> bool {
        self.role == Role::Admin && self.region_id.is_none()
    }

    /// Whether this administrator manages accounts of the county `region` (none: the city's):
    /// a city administrator every account, a county administrator its county's.
    pub fn manages(&self, region: Option<&str>) -> bool {
        self.role == Role::Admin
            && (self.region_id.is_none() || self.region_id.as_deref() == region)
    }

    /// Whether this account works on requests that concern `park_ids` of `catalog`: an
    /// administrator and a handler of every park on all of their county's (all, for the
    /// city's), a handler of some parks on those naming one of them. Editors have no inbox.
    pub fn handles(&self, park_ids: &[String], catalog: &crate::Catalog) -> bool {
        let everywhere =
            || self.region_id.is_none() || park_ids.iter().any(|p| self.in_county(catalog, p));
        match self.role {
            Role::Admin => everywhere(),
            Role::Editor => false,
            Role::Handler if self.park_ids.is_empty() => everywhere(),
            Role::Handler => park_ids.iter().any(|p| self.park_ids.contains(p)),
        }
    }

    /// The name investors see: the display name, or the user name when there is none.
    pub fn shown_name(&self) -> &str {
        if self.display_name.trim().is_empty() {
            &self.username
        } else {
            &self.display_name
        }
    }
}

/// `POST /api/admin/session`'s body.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct SignIn {
    /// The sign-in name.
    pub username: String,
    /// The password.
    pub password: String,
}

/// The answer of `POST` and `GET /api/admin/session`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Session {
    /// Who is signed in.
    pub user: StaffUser,
    /// The token to send in `X-CSRF-Token` with every change.
    pub csrf_token: String,
}

/// `PUT /api/admin/password`'s body.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct PasswordChange {
    /// The password now.
    pub current: String,
    /// The new one.
    pub new: String,
}

/// The header that carries the session's CSRF token.
pub const CSRF_HEADER: &str = "X-CSRF-Token";

/// One request in the inbox list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InboxItem {
    /// The tracking code.
    pub tracking_code: String,
    /// The company (empty once the investor has deleted their data).
    pub company: String,
    /// Where it stands.
    pub status: RequestStatus,
    /// When it came in.
    #[serde(deserialize_with = "crate::clock::wire::moment")]
    pub created_at: DateTime<Utc>,
    /// Parks it concerns.
    pub park_ids: Vec<String>,
    /// Services asked for.
    pub services: Vec<Service>,
    /// The helper's user name, once assigned.
    pub assignee: Option<String>,
    /// The promised time limit.
    #[serde(deserialize_with = "crate::clock::wire::moment")]
    pub due_at: DateTime<Utc>,
    /// Open and past `due_at`.
    pub overdue: bool,
    /// The investor complained that it is late (督办).
    pub complained: bool,
    /// Changes with every change: send it back with a change so that two people editing one
    /// request at once cannot overwrite each other unseen.
    pub version: i64,
}

/// `GET /api/admin/requests`'s answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Inbox {
    /// The requests that match, in the order asked for.
    pub requests: Vec<InboxItem>,
    /// How many there are.
    pub total: usize,
}

/// What happened to a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    /// A new status (the first is `submitted`).
    Status,
    /// Assigned to a helper (`body` is the user name; empty when unassigned).
    Assigned,
    /// An internal note: never shown to the investor.
    Note,
    /// A message to the investor.
    Message,
    /// A proposal published to the investor.
    Proposal,
    /// The investor complained that the request is late (督办).
    Complaint,
    /// The investor rated the service (`body` is the stars and comment).
    Rating,
    /// The investor deleted their personal data.
    Erased,
}

impl EventKind {
    /// The code stored and sent.
    pub fn code(self) -> String {
        crate::wire::code(self)
    }

    /// The kind for a stored code.
    pub fn from_code(code: &str) -> Option<Self> {
        crate::wire::from_code(code)
    }
}

/// One entry in a request's history as staff see it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Event {
    /// What happened.
    pub kind: EventKind,
    /// The request's status after it.
    pub status: RequestStatus,
    /// When.
    #[serde(deserialize_with = "crate::clock::wire::moment")]
    pub at: DateTime<Utc>,
    /// Who: a staff user name, or `None` for the investor (or the system).
    pub actor: Option<String>,
    /// The note, message, reason or assignee.
    pub body: String,
}

/// `GET /api/admin/requests/{code}`'s answer: everything about one request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InboxDetail {
    /// The summary, as in the list.
    pub item: InboxItem,
    /// The request as the investor sent it (personal fields empty once erased).
    pub request: AssistanceRequest,
    /// Every event, oldest first.
    pub events: Vec<Event>,
    /// The proposal, draft or published.
    pub proposal: Option<Proposal>,
    /// The investor's rating.
    pub rating: Option<Rating>,
    /// Where staff may move it from here.
    pub next: Vec<RequestStatus>,
}

/// A change of status.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StatusBody {
    /// The new status.
    pub to: RequestStatus,
    /// Why (required for a refusal).
    #[serde(default)]
    pub reason: String,
    /// The version the change was made on ([`InboxItem::version`]).
    pub version: i64,
}

/// Assigning a helper.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AssignBody {
    /// The helper's user name; `None` to unassign.
    pub assignee: Option<String>,
    /// The version the change was made on.
    pub version: i64,
}

/// A note or a message.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TextBody {
    /// What it says.
    pub text: String,
    /// The version the change was made on.
    pub version: i64,
}

/// Saving (and with `publish`, publishing) a proposal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProposalBody {
    /// Facilities proposed.
    pub facility_ids: Vec<String>,
    /// Policies that apply.
    pub policy_ids: Vec<String>,
    /// The helper's note.
    #[serde(default)]
    pub note: String,
    /// Show it to the investor now.
    #[serde(default)]
    pub publish: bool,
    /// The version the change was made on.
    pub version: i64,
}

/// The staff a request can be assigned to (`GET /api/admin/helpers`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Helpers {
    /// Handlers and administrators, enabled ones only.
    pub helpers: Vec<StaffUser>,
}

/// An account as administrators see it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Account {
    /// The account.
    #[serde(flatten)]
    pub user: StaffUser,
    /// Disabled accounts cannot sign in.
    pub disabled: bool,
}

/// `GET /api/admin/staff`'s answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Accounts {
    /// Every account, by user name.
    pub accounts: Vec<Account>,
}

/// `POST /api/admin/staff`: a new account with a temporary password.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct NewAccount {
    /// The sign-in name.
    pub username: String,
    /// `admin`, `editor` or `handler`.
    pub role: Option<Role>,
    /// Its parks.
    pub park_ids: Vec<String>,
    /// Its county, in a city's catalog (none: the city's).
    pub region_id: Option<String>,
    /// The name investors see.
    pub display_name: String,
    /// The work phone investors see.
    pub phone: String,
    /// A temporary password (12 characters at least) the user replaces at the first sign-in.
    pub password: String,
}

/// `PUT /api/admin/staff/{username}`: role, parks, names, enabled.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct AccountChange {
    /// The role.
    pub role: Option<Role>,
    /// Its parks.
    pub park_ids: Vec<String>,
    /// Its county, in a city's catalog (none: the city's).
    pub region_id: Option<String>,
    /// The name investors see.
    pub display_name: String,
    /// The work phone investors see.
    pub phone: String,
    /// Disable (or enable again).
    pub disabled: bool,
}

/// `POST /api/admin/staff/{username}/password`: a temporary password.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct PasswordReset {
    /// The temporary password.
    pub password: String,
}

/// The longest note, message or reason.
pub const MAX_TEXT_CHARS: usize = 2000;

#[cfg(test)]
mod tests {
    use super::*;

    fn user(role: Role, parks: &[&str]) -> StaffUser {
        StaffUser {
            username: "u".into(),
            role,
            park_ids: parks.iter().map(|p| (*p).to_owned()).collect(),
            region_id: None,
            display_name: String::new(),
            phone: String::new(),
            must_change_password: false,
        }
    }

    fn of_county(mut u: StaffUser, region: &str) -> StaffUser {
        u.region_id = Some(region.to_owned());
        u
    }

    #[test]
    fn scope_of_the_inbox() {
        let c = crate::catalog::tests::sample();
        let a = vec!["park-industrial".to_owned()];
        let none: Vec<String> = Vec::new();
        assert!(user(Role::Admin, &[]).handles(&a, &c));
        assert!(user(Role::Handler, &[]).handles(&a, &c));
        assert!(user(Role::Handler, &["park-industrial"]).handles(&a, &c));
        assert!(!user(Role::Handler, &["park-agri"]).handles(&a, &c));
        // A request naming no park is for the city's own handlers.
        assert!(!user(Role::Handler, &["park-agri"]).handles(&none, &c));
        assert!(user(Role::Handler, &[]).handles(&none, &c));
        assert!(!user(Role::Editor, &["park-industrial"]).handles(&a, &c));
    }

    #[test]
    fn a_county_s_accounts_work_in_their_county() {
        let c = crate::catalog::tests::sample();
        let shili = vec!["park-industrial".to_owned()];
        let dongyuan = vec!["park-dongyuan-etdz".to_owned()];
        let both = vec![
            "park-industrial".to_owned(),
            "park-dongyuan-etdz".to_owned(),
        ];
        let admin = of_county(user(Role::Admin, &[]), "dongyuan");
        assert!(admin.handles(&dongyuan, &c) && admin.handles(&both, &c));
        assert!(!admin.handles(&shili, &c));
        assert!(
            !admin.handles(&[], &c),
            "a request naming no park is the city's"
        );
        let handler = of_county(user(Role::Handler, &[]), "dongyuan");
        assert!(handler.handles(&dongyuan, &c) && !handler.handles(&shili, &c));
        assert!(admin.in_county(&c, "park-dongyuan-etdz") && !admin.in_county(&c, "park-agri"));
        assert!(!admin.in_county(&c, "no-such-park"));
        assert!(!admin.is_city_admin() && user(Role::Admin, &[]).is_city_admin());
        assert!(
            admin.manages(Some("dongyuan"))
                && !admin.manages(Some("shili"))
                && !admin.manages(None)
        );
        assert!(
            user(Role::Admin, &[]).manages(Some("shili")) && user(Role::Admin, &[]).manages(None)
        );
        assert!(!of_county(user(Role::Handler, &[]), "dongyuan").manages(Some("dongyuan")));
    }

    #[test]
    fn role_codes_round_trip() {
        for r in [Role::Admin, Role::Editor, Role::Handler] {
            assert_eq!(Role::from_code(&r.code()), Some(r));
        }
    }
}
