//! Who may do what: roles, the actions a command or an op asks permission for, the rule each
//! synced table declares for its rows, and the judge that applies those rules.
//!
//! A leaf: nothing here opens the store. The judge reads the facts it needs — an author's role,
//! a link's value, a holder's id — through [`Facts`], which the caller answers either "as the
//! log stood just before the op's clock" (a received op, [`crate::oplog`]) or "now" (a local
//! command). So a rule is written once, in the table's declaration, and answered the same way
//! for both.
//!
//! Adding a relationship rule ("the junior an item is delegated to writes its stories") is one
//! [`Rule`] in the table's declaration: the action, and the path from the row to the member
//! whose relation to the author decides it.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{Error, Result};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Leadership,
    Senior,
    Junior,
}

impl Role {
    pub const ALL: [Role; 3] = [Role::Leadership, Role::Senior, Role::Junior];
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Leadership => "leadership",
            Role::Senior => "senior",
            Role::Junior => "junior",
        }
    }
    pub fn parse(s: &str) -> Result<Role> {
        match s {
            "leadership" => Ok(Role::Leadership),
            "senior" => Ok(Role::Senior),
            "junior" => Ok(Role::Junior),
            other => Err(Error::invalid(format!("unknown role {other:?}: use leadership, senior or junior"))),
        }
    }
    /// The role in a sentence: "Ana is a junior PM".
    pub fn label(self) -> &'static str {
        match self {
            Role::Leadership => "leadership",
            Role::Senior => "a senior PM",
            Role::Junior => "a junior PM",
        }
    }
}

/// Everything a command or an op may ask permission for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Add a member with this role.
    AddMember(Role),
    /// Rename a member who has this role, or set their manager.
    EditMember(Role),
    /// Change a member's role.
    ChangeRole,
    /// Remove a member from the workspace, or bring them back.
    RemoveMember,
    /// Rename the workspace.
    EditWorkspace,
    EditGoals,
    CreateProduct,
    /// Edit the roadmap of a product; `owns` says whether the actor owns that product.
    EditRoadmap {
        owns: bool,
    },
    /// Hand work to a junior PM, shape the brief, review their stories; `holds` says whether
    /// the actor is the delegator (owns the item's product, manages the junior, made the
    /// delegation).
    Delegate {
        holds: bool,
    },
    /// Take up delegated work: answer an offer, write stories, check in; `holds` says whether
    /// the work is delegated to the actor.
    Work {
        holds: bool,
    },
    /// Take part in a delegation's conversation as the junior's mentor.
    Mentor {
        holds: bool,
    },
    /// Record a decision on a submitted idea (go-ahead, not now, no): leadership's alone.
    Decide,
    /// Add customer feedback and triage it (link it to an idea or an item, or dismiss it):
    /// every member.
    Feedback,
    /// Write what is one's own alone, whatever one's role — a journal: `holds` says whether it
    /// is the actor's. Leadership's say over everything stops here.
    Own {
        holds: bool,
    },
}

/// The role × action rules. Leadership may do everything; a senior PM adds and edits junior
/// PMs, edits goals, their products and those products' roadmaps; a junior PM reads strategy
/// and works stories. Changing roles, removing members and renaming the workspace are
/// leadership's. (What no role may do — change one's own role, remove oneself — and what every
/// member may — rename oneself — is said by [`Rule::Member`].)
pub fn allowed(role: Role, action: Action) -> bool {
    match (role, action) {
        (_, Action::Own { holds }) => holds,
        (Role::Leadership, _) => true,
        (_, Action::Feedback) => true,
        (Role::Senior, Action::AddMember(r) | Action::EditMember(r)) => r == Role::Junior,
        (Role::Senior, Action::EditGoals | Action::CreateProduct) => true,
        (Role::Senior, Action::EditRoadmap { owns }) => owns,
        (Role::Senior, Action::Delegate { holds } | Action::Mentor { holds }) => holds,
        (_, Action::Work { holds }) => holds,
        (Role::Senior, Action::ChangeRole | Action::RemoveMember | Action::EditWorkspace | Action::Decide) => false,
        (Role::Junior, _) => false,
    }
}

/// The fields every verdict reads about the op's author, whatever the rule: whether they were a
/// member (their role) and whether they had been removed.
pub const AUTHOR_FIELDS: [(&str, &str); 2] = [("member", "role"), ("member", "deleted")];

/// The member a command acts as.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub id: String,
    pub name: String,
    pub role: Role,
}

impl Actor {
    /// Refuses, in words, an action the actor's role does not allow.
    pub fn require(&self, action: Action, what: &str) -> Result<()> {
        if allowed(self.role, action) {
            Ok(())
        } else {
            Err(Error::denied(format!("{} is {} and may not {what}", self.name, self.role.label())))
        }
    }
}

/// An action whose answer depends on whether the author holds the row a rule leads to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Relational {
    /// [`Action::EditRoadmap`], holding = owning the product.
    EditRoadmap,
    /// [`Action::Delegate`].
    Delegate,
    /// [`Action::Work`].
    Work,
    /// [`Action::Mentor`].
    Mentor,
    /// [`Action::Own`]: the holder alone.
    Own,
    /// [`Action::Decide`], whatever the relation (leadership's alone); declared as a relation so
    /// that its path tells re-judging which rows a decision hangs on.
    Decide,
}

impl Relational {
    /// The action asked of the author's role, given whether they hold the row.
    pub fn at(self, holds: bool) -> Action {
        match self {
            Relational::EditRoadmap => Action::EditRoadmap { owns: holds },
            Relational::Delegate => Action::Delegate { holds },
            Relational::Work => Action::Work { holds },
            Relational::Mentor => Action::Mentor { holds },
            Relational::Decide => Action::Decide,
            Relational::Own => Action::Own { holds },
        }
    }
}

/// One step from a row to another: the row's `field` holds the id of a row of `to`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Link {
    pub field: &'static str,
    pub to: &'static str,
}

/// Who may write a synced table's rows. Declared once per table (its `rule`), read by the
/// judge for every op, local or received, and by re-judging to know what an op decides.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    /// Decided by the author's role: `allowed(role, action)`. `what` ends "… could not {what}".
    Role { action: Action, what: &'static str },
    /// Decided by whether the author holds the row reached from this one: follow `path`
    /// (empty: the row itself), then read `holder` there (a member id). `action(holds)` is
    /// asked of the author's role. A row whose holder is not set yet is being created, and
    /// counts as held. Setting the path's first link (moving a row to another parent) needs
    /// the right over both the old and the new one. `what` is "named|unknown": the first part
    /// with `{}` standing for the holder row's name ("edit the roadmap of {}"), the second said
    /// when the path leads nowhere ("edit roadmaps").
    Holds { path: &'static [Link], holder: &'static str, action: Relational, what: &'static str },
    /// The workspace row: [`Action::EditWorkspace`] (leadership), except while the workspace is
    /// being founded (see [`Facts::founding`]).
    Workspace,
    /// Member rows, decided per field by the author's role and the member's role then:
    /// - a row with no role yet is a member being added: its `role` op needs
    ///   [`Action::AddMember`] of that role, its other fields that of a junior PM (the row's
    ///   default role);
    /// - `role`: [`Action::ChangeRole`], never one's own;
    /// - `deleted`: [`Action::RemoveMember`], never oneself;
    /// - `name`: one's own always, another's [`Action::EditMember`] of their role;
    /// - `manager_id`, `mentor_id` (and any other field): [`Action::EditMember`] of the
    ///   member's role.
    ///
    /// While the workspace is being founded, its founder writes their own row freely.
    Member,
    /// Different rules for different fields: the first entry whose field list names the op's
    /// field decides; an entry with an empty list decides every other field. A field no entry
    /// covers may not be written.
    Split(&'static [(&'static [&'static str], Rule)]),
    /// Allowed when any of the rules allows (a comment's author may be the delegator, the
    /// junior or the junior's mentor); the first rule's refusal is the one said.
    AnyOf(&'static [Rule]),
    /// The field names who wrote the row: it is set once, to its author, when the row is made
    /// ("Kim may not write a comment in Ana's name").
    Claim { what: &'static str },
    /// The `device` table: a laptop's enrolment (its member and public key). Every field is
    /// written once, by the laptop itself (the op's device is the row), for the op's author
    /// (`member_id` names the author), and only when one of these lets the laptop in:
    /// - the workspace is being founded by the author ([`Facts::founding`]): the founder's
    ///   first laptop;
    /// - the row's invite (`invite_id`): an invite row naming the author, not revoked, not
    ///   expired at the op's clock, and used by no other laptop's enrolment earlier in clock
    ///   order ([`Facts::invite_used`]);
    /// - the laptop wrote changes as the author before this op ([`Facts::wrote_before`]): a
    ///   laptop from before signatures, trusted on first use (the migration).
    Device,
    /// `rule`, and only while (`set: false`) or once (`set: true`) the number `field` of the row
    /// reached by `path` (empty: the row itself) is non-zero, as it stood then: an idea's
    /// content is written only until it is submitted, a decision only until it is recorded, and
    /// a decision is made only on a submitted idea. Asked before `rule`; `what` ends "… could
    /// not {what}" ("edit an idea once it is submitted").
    State { path: &'static [Link], field: &'static str, set: bool, rule: &'static Rule, what: &'static str },
    /// The `invite` table: an invite for a member is written by whoever may add a member of
    /// their role ([`Action::AddMember`]), or by the member themselves (their own next laptop);
    /// the member it names is set once. Revoking is the same right.
    Invite,
}

impl Rule {
    /// Every `Holds` rule inside this one (itself, or the parts of a `Split` or `AnyOf`).
    pub fn holds(&self) -> Vec<&Rule> {
        match self {
            Rule::Holds { .. } => vec![self],
            Rule::Split(parts) => parts.iter().flat_map(|(_, r)| r.holds()).collect(),
            Rule::AnyOf(parts) => parts.iter().flat_map(Rule::holds).collect(),
            Rule::State { rule, .. } => rule.holds(),
            Rule::Role { .. } | Rule::Workspace | Rule::Member | Rule::Claim { .. } | Rule::Device | Rule::Invite => {
                Vec::new()
            }
        }
    }

    /// The fields whose values a verdict under this rule reads, besides the author's role:
    /// the path's links and the holder field, each as (table, field).
    pub fn authority_fields(&self, table: &'static str) -> Vec<(&'static str, &'static str)> {
        match self {
            Rule::Role { .. } | Rule::Workspace => Vec::new(),
            Rule::Split(_) | Rule::AnyOf(_) => {
                let parts: Vec<&Rule> = match self {
                    Rule::Split(parts) => parts.iter().map(|(_, r)| r).collect(),
                    Rule::AnyOf(parts) => parts.iter().collect(),
                    _ => Vec::new(),
                };
                let mut out = Vec::new();
                // Every part's (a state's field decides as much as a holder).
                for part in parts {
                    for f in part.authority_fields(table) {
                        if !out.contains(&f) {
                            out.push(f);
                        }
                    }
                }
                out
            }
            // The state field decides, besides the inner rule's (the path's links too).
            Rule::State { path, field, rule, .. } => {
                let mut out = Vec::new();
                let mut at = table;
                for link in *path {
                    out.push((at, link.field));
                    at = link.to;
                }
                out.push((at, *field));
                for f in rule.authority_fields(table) {
                    if !out.contains(&f) {
                        out.push(f);
                    }
                }
                out
            }
            // The claimed field is set once and decides nothing else.
            Rule::Claim { .. } => Vec::new(),
            // The member's own role decides who may edit their row.
            Rule::Member => vec![("member", "role")],
            // An enrolment reads the row's invite and the invite's fields; another laptop's
            // earlier enrolment with the same invite decides it too.
            Rule::Device => vec![
                ("device", "invite_id"),
                ("device", "member_id"),
                ("invite", "member_id"),
                ("invite", "expires_ms"),
                ("invite", "revoked"),
            ],
            // The invited member's role decides who may write the invite; its maker, expiry
            // and revoke are written once (an earlier one arriving late refuses a later one).
            Rule::Invite => {
                vec![("invite", "member_id"), ("invite", "created_by"), ("invite", "expires_ms"), ("invite", "revoked")]
            }
            Rule::Holds { path, holder, .. } => {
                let mut out = Vec::new();
                let mut at = table;
                for link in *path {
                    out.push((at, link.field));
                    at = link.to;
                }
                out.push((at, *holder));
                out
            }
        }
    }

    /// The table whose rows hold the deciding member (the end of the path).
    pub fn holder_table(&self, table: &'static str) -> &'static str {
        match self {
            Rule::Holds { path, .. } => path.last().map_or(table, |l| l.to),
            _ => table,
        }
    }
}

/// The op (or the local edit) being judged.
#[derive(Debug, Clone, Copy)]
pub struct Target<'a> {
    pub author: &'a str,
    pub table: &'static str,
    pub entity: &'a str,
    pub field: &'a str,
    /// The value the op sets, as text when it is one (a link's new target).
    pub value: Option<&'a str>,
    /// The laptop that made the op (empty for a local edit asked about now: this laptop).
    pub device: &'a str,
}

/// What the judge may ask about the workspace, answered as of one point: just before the op's
/// clock for a received op, now for a local command.
pub trait Facts {
    /// The role `member` held then (`None`: not a member then).
    fn role(&mut self, member: &str) -> Result<Option<Role>>;
    /// The text value `table.field` of `entity` held then.
    fn text(&mut self, table: &str, entity: &str, field: &str) -> Result<Option<String>>;
    /// Whether the boolean `table.field` of `entity` was true then (unset: false).
    fn flag(&mut self, table: &str, entity: &str, field: &str) -> Result<bool>;
    /// Whether the workspace was still being founded by `author` then: no op in the log before
    /// this point (applied or refused) sets a member's role, except the author's own, by the
    /// author. `init` writes the workspace's name and its founder's row in that window; the
    /// first role op of anyone else ends it for good. (Reads which ops are in the log, not their
    /// verdicts, so it changes only when a role op arrives with an earlier clock.)
    fn founding(&mut self, author: &str) -> Result<bool>;
    /// A readable name for a row (its name or title now), or its id.
    fn name(&mut self, table: &str, id: &str) -> String;
    /// The number `table.field` of `entity` held then.
    fn number(&mut self, table: &str, entity: &str, field: &str) -> Result<Option<i64>>;
    /// The wall-clock time of the point asked about (the op's clock, or now), in ms.
    fn at_ms(&mut self) -> i64;
    /// Whether another laptop's enrolment than `device`'s named `invite` before this point
    /// (an applied op setting `device.invite_id` to it): an invite lets in one laptop, the
    /// first in clock order.
    fn invite_used(&mut self, invite: &str, device: &str) -> Result<bool>;
    /// Whether `device` made an op authored by `author` before this point, other than on its
    /// own enrolment (a laptop from before signatures).
    fn wrote_before(&mut self, device: &str, author: &str) -> Result<bool>;
    /// Whether the log holds, before this point, an op setting `table.field` of `entity`,
    /// applied or refused (an enrolment tried, even if it was refused).
    fn ever_set(&mut self, table: &str, entity: &str, field: &str) -> Result<bool>;
}

/// The member a laptop is enrolled for, if it is (its `device.member_id`).
pub const DEVICE_MEMBER: (&str, &str) = ("device", "member_id");

/// Whether a verdict speaks of an op already made (received, or in the log) or of an edit
/// being asked for now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tense {
    /// "Kim was a junior PM and could not edit …"
    Past,
    /// "Kim is a junior PM and may not edit …"
    Present,
}

/// Why `target` may not be made under `rule`, or `None` when its author was allowed.
pub fn judge(facts: &mut impl Facts, target: Target<'_>, rule: &Rule, tense: Tense) -> Result<Option<String>> {
    // An op is its laptop's member's: a laptop enrolled for Ana makes no change in Sam's name.
    if !target.device.is_empty() {
        match facts.text(DEVICE_MEMBER.0, target.device, DEVICE_MEMBER.1)? {
            Some(member) if member != target.author => {
                let (claimed, owner) = (called(facts, target.author)?, called(facts, &member)?);
                return Ok(Some(format!(
                    "this change says {claimed} made it, but it was made on a laptop enrolled for {owner}"
                )));
            }
            Some(_) => {}
            // A laptop whose enrolment was refused makes no change at all (its own enrolment
            // ops are judged by the device rule).
            None if target.table != DEVICE_MEMBER.0
                && facts.ever_set(DEVICE_MEMBER.0, target.device, DEVICE_MEMBER.1)? =>
            {
                return Ok(Some("it was made on a laptop whose enrolment in the workspace was refused".to_owned()));
            }
            None => {}
        }
    }
    let verdict = judge_rule(facts, target, rule, tense)?;
    // The founder writes the workspace row and their own member row while founding it. Asked
    // only of what the rule refuses, so the log is searched only then.
    let founds = match rule {
        Rule::Workspace => true,
        Rule::Member => target.entity == target.author,
        Rule::Role { .. }
        | Rule::Holds { .. }
        | Rule::Split(_)
        | Rule::AnyOf(_)
        | Rule::Claim { .. }
        | Rule::State { .. }
        | Rule::Device
        | Rule::Invite => false,
    };
    if verdict.is_some() && founds && facts.founding(target.author)? {
        return Ok(None);
    }
    Ok(verdict)
}

fn judge_rule(facts: &mut impl Facts, target: Target<'_>, rule: &Rule, tense: Tense) -> Result<Option<String>> {
    // The founder's first laptop enrols itself before the founder is a member.
    if let Rule::Device = rule {
        return judge_device(facts, target, tense);
    }
    let Some(role) = facts.role(target.author)? else {
        let when = match tense {
            Tense::Past => "when this change was made",
            Tense::Present => "now",
        };
        return Ok(Some(format!("{} was not a member of the workspace {when}", target.author)));
    };
    if facts.flag("member", target.author, "deleted")? {
        let who = called(facts, target.author)?;
        return Ok(Some(match tense {
            Tense::Past => format!("{who} had been removed from the workspace when this change was made"),
            Tense::Present => format!("{who} has been removed from the workspace and may not change it"),
        }));
    }
    let (action_if, what) = match rule {
        Rule::Role { what, .. } => (None, *what),
        Rule::Holds { action, what, .. } => (Some(*action), *what),
        Rule::Workspace => {
            if allowed(role, Action::EditWorkspace) {
                return Ok(None);
            }
            let what = if target.field == "name" { "rename the workspace" } else { "change the workspace" };
            return Ok(Some(sentence(facts, target.author, role, what, tense)?));
        }
        Rule::Member => return judge_member(facts, target, role, tense),
        Rule::Device => return judge_device(facts, target, tense),
        Rule::Invite => return judge_invite(facts, target, role, tense),
        Rule::Split(parts) => {
            let part = parts.iter().find(|(fields, _)| fields.contains(&target.field) || fields.is_empty());
            return match part {
                Some((_, rule)) => judge_rule(facts, target, rule, tense),
                None => Ok(Some(format!(
                    "the {} of a {} is not written by anyone",
                    target.field,
                    target.table.replace('_', " ")
                ))),
            };
        }
        Rule::AnyOf(parts) => {
            let mut first = None;
            for part in *parts {
                match judge_rule(facts, target, part, tense)? {
                    None => return Ok(None),
                    Some(why) => {
                        first.get_or_insert(why);
                    }
                }
            }
            return Ok(first);
        }
        Rule::State { path, field, set, rule, what } => {
            // Who may comes first: "Jo may not decide on ideas" says more than the idea's state.
            if let Some(why) = judge_rule(facts, target, rule, tense)? {
                return Ok(Some(why));
            }
            let (at, row) = match path.last() {
                None => (target.table, Some(target.entity.to_owned())),
                Some(last) => {
                    let first = path[0];
                    let start = if target.field == first.field {
                        target.value.map(str::to_owned)
                    } else {
                        facts.text(target.table, target.entity, first.field)?
                    };
                    (last.to, follow(facts, first.to, start, &path[1..])?)
                }
            };
            let value = match &row {
                Some(row) => facts.number(at, row, field)?.unwrap_or(0),
                None => 0,
            };
            if (value != 0) != *set {
                let who = called(facts, target.author)?;
                let may = match tense {
                    Tense::Past => "could not",
                    Tense::Present => "may not",
                };
                return Ok(Some(format!("{who} {may} {what}")));
            }
            return Ok(None);
        }
        Rule::Claim { what } => {
            let set = facts.text(target.table, target.entity, target.field)?;
            if set.is_none() && target.value == Some(target.author) {
                return Ok(None);
            }
            let who = called(facts, target.author)?;
            let may = match tense {
                Tense::Past => "could not",
                Tense::Present => "may not",
            };
            return Ok(Some(match set {
                Some(_) => format!("{who} {may} change who made this {}", target.table.replace('_', " ")),
                None => format!("{who} {may} {what} in another member's name"),
            }));
        }
    };
    let (if_holder, if_not) = match (rule, action_if) {
        (Rule::Role { action, .. }, _) => (allowed(role, *action), allowed(role, *action)),
        (_, Some(f)) => (allowed(role, f.at(true)), allowed(role, f.at(false))),
        _ => return Ok(None),
    };
    // Most verdicts are the same either way (leadership may, a junior PM may not): then the
    // relation is not looked up.
    if if_holder && if_not {
        return Ok(None);
    }
    let Rule::Holds { path, holder, .. } = rule else {
        return Ok(Some(denial(facts, target.author, role, what, None, tense)?));
    };
    let holder_table = rule.holder_table(target.table);
    // The holder rows the author needs: the row reached now, and when the op moves the row to
    // another parent, the one it leaves.
    let mut rows: Vec<Option<String>> = Vec::new();
    match path.first() {
        None => rows.push(Some(target.entity.to_owned())),
        Some(first) => {
            let new_parent = if target.field == first.field {
                target.value.map(str::to_owned)
            } else {
                facts.text(target.table, target.entity, first.field)?
            };
            rows.push(follow(facts, first.to, new_parent, &path[1..])?);
            if target.field == first.field {
                let old_parent = facts.text(target.table, target.entity, first.field)?;
                let old = follow(facts, first.to, old_parent, &path[1..])?;
                if old.is_some() && old != rows[0] {
                    rows.push(old);
                }
            }
        }
    }
    if !if_holder {
        let named = rows.first().cloned().flatten();
        return Ok(Some(denial(facts, target.author, role, what, named.as_deref().map(|r| (holder_table, r)), tense)?));
    }
    let Some(Some(named)) = rows.first().cloned() else {
        return Ok(Some(format!(
            "this {} belongs to no known {}",
            target.table.replace('_', " "),
            holder_table.replace('_', " ")
        )));
    };
    for row in &rows {
        let Some(row) = row else { continue };
        let held = facts.text(holder_table, row, holder)?;
        // A row with no holder yet is being created by the author.
        let holds = match held {
            None => path.is_empty(),
            Some(h) => h == target.author,
        };
        if !holds {
            return Ok(Some(denial(facts, target.author, role, what, Some((holder_table, &named)), tense)?));
        }
    }
    Ok(None)
}

/// [`Rule::Member`]: who may set `target.field` of the member `target.entity`.
fn judge_member(facts: &mut impl Facts, target: Target<'_>, role: Role, tense: Tense) -> Result<Option<String>> {
    let own = target.entity == target.author;
    let name = called(facts, target.entity)?;
    let (action, what) = match (target.field, facts.role(target.entity)?) {
        // No role yet: the member is being added, as the role op says (the row's default
        // role, junior, for its other fields).
        ("role", None) => {
            let added = target.value.and_then(|v| Role::parse(v).ok()).unwrap_or(Role::Junior);
            (Some(Action::AddMember(added)), format!("add {}", added.label()))
        }
        (_, None) => (Some(Action::AddMember(Role::Junior)), format!("add {}", Role::Junior.label())),
        ("role", Some(_)) if own => (None, "change their own role".to_owned()),
        ("role", Some(_)) => (Some(Action::ChangeRole), format!("change the role of {name}")),
        ("deleted", Some(_)) if own => (None, "remove themselves from the workspace".to_owned()),
        ("deleted", Some(_)) => (Some(Action::RemoveMember), format!("remove {name} from the workspace")),
        ("name", Some(_)) if own => return Ok(None),
        ("name", Some(theirs)) => (Some(Action::EditMember(theirs)), format!("rename {name}")),
        ("mentor_id", Some(theirs)) => (Some(Action::EditMember(theirs)), format!("change the mentor of {name}")),
        (_, Some(theirs)) => (Some(Action::EditMember(theirs)), format!("change the manager of {name}")),
    };
    if action.is_some_and(|a| allowed(role, a)) {
        return Ok(None);
    }
    Ok(Some(sentence(facts, target.author, role, &what, tense)?))
}

/// [`Rule::Device`]: may `target.author` write this field of a laptop's enrolment?
fn judge_device(facts: &mut impl Facts, target: Target<'_>, tense: Tense) -> Result<Option<String>> {
    let who = called(facts, target.author)?;
    let may = match tense {
        Tense::Past => "could not",
        Tense::Present => "may not",
    };
    let founding = facts.founding(target.author)?;
    if !founding {
        if facts.role(target.author)?.is_none() {
            let when = if tense == Tense::Past { "when this change was made" } else { "now" };
            return Ok(Some(format!("{} was not a member of the workspace {when}", target.author)));
        }
        if facts.flag("member", target.author, "deleted")? {
            return Ok(Some(format!("{who} had been removed from the workspace and {may} enrol a laptop")));
        }
    }
    if !target.device.is_empty() && target.device != target.entity {
        return Ok(Some(format!("{who} {may} enrol another laptop: a laptop enrols only itself")));
    }
    if facts.text(target.table, target.entity, target.field)?.is_some() {
        return Ok(Some(format!("{who} {may} change a laptop's enrolment")));
    }
    let member = if target.field == "member_id" {
        target.value.map(str::to_owned)
    } else {
        facts.text(target.table, target.entity, "member_id")?
    };
    if member.as_deref().is_some_and(|m| m != target.author) {
        return Ok(Some(format!("{who} {may} enrol a laptop for another member")));
    }
    let invite = if target.field == "invite_id" {
        target.value.map(str::to_owned)
    } else {
        facts.text(target.table, target.entity, "invite_id")?
    };
    let Some(invite) = invite.filter(|i| !i.is_empty()) else {
        // A laptop from before signatures, never enrolled with an invite (one whose invite was
        // refused may not fall back on this).
        let legacy = !founding
            && facts.wrote_before(target.entity, target.author)?
            && !facts.ever_set(target.table, target.entity, "invite_id")?;
        if founding || legacy {
            return Ok(None);
        }
        return Ok(Some(format!("{who} {may} enrol a laptop without an invite")));
    };
    let Some(invited) = facts.text("invite", &invite, "member_id")? else {
        return Ok(Some(format!("{who} {may} enrol a laptop with an invite the workspace does not know")));
    };
    if invited != target.author {
        let them = called(facts, &invited)?;
        return Ok(Some(format!("{who} {may} enrol a laptop with an invite made for {them}")));
    }
    if facts.flag("invite", &invite, "revoked")? {
        return Ok(Some(format!("{who} {may} enrol a laptop with an invite that had been revoked")));
    }
    let expires = facts.number("invite", &invite, "expires_ms")?.unwrap_or(0);
    if expires > 0 && facts.at_ms() >= expires {
        return Ok(Some(format!("{who} {may} enrol a laptop with an invite that had expired")));
    }
    if facts.invite_used(&invite, target.entity)? {
        return Ok(Some(format!("{who} {may} enrol a laptop with an invite another laptop had already used")));
    }
    Ok(None)
}

/// [`Rule::Invite`]: may `target.author` write this field of an invite?
fn judge_invite(facts: &mut impl Facts, target: Target<'_>, role: Role, tense: Tense) -> Result<Option<String>> {
    let set = facts.text(target.table, target.entity, "member_id")?;
    if target.field == "member_id" && set.is_some() {
        let who = called(facts, target.author)?;
        let may = if tense == Tense::Past { "could not" } else { "may not" };
        return Ok(Some(format!("{who} {may} change whom an invite is for")));
    }
    let Some(member) = (if target.field == "member_id" { target.value.map(str::to_owned) } else { set }) else {
        return Ok(Some("an invite must name its member first".to_owned()));
    };
    // Who made it and when it expires are written once, with the invite; a revoke is final.
    let fixed = match target.field {
        "created_by" if facts.text(target.table, target.entity, target.field)?.is_some() => {
            Some("change an invite once it is made")
        }
        "expires_ms" if facts.number(target.table, target.entity, target.field)?.is_some() => {
            Some("change an invite once it is made")
        }
        "created_by" if target.value != Some(target.author) => Some("sign an invite in someone else's name"),
        "revoked" if facts.flag(target.table, target.entity, "revoked")? => Some("change an invite once it is revoked"),
        _ => None,
    };
    if let Some(what) = fixed {
        let who = called(facts, target.author)?;
        let may = if tense == Tense::Past { "could not" } else { "may not" };
        return Ok(Some(format!("{who} {may} {what}")));
    }
    if member == target.author {
        return Ok(None);
    }
    let theirs = facts.role(&member)?.unwrap_or(Role::Junior);
    if allowed(role, Action::AddMember(theirs)) {
        return Ok(None);
    }
    let name = called(facts, &member)?;
    sentence(facts, target.author, role, &format!("invite {name}"), tense).map(Some)
}

/// A member as they were called then (a rename being judged, or one made later, is not their
/// name yet); their name now, or their id, if they had none.
fn called(facts: &mut impl Facts, member: &str) -> Result<String> {
    let then = facts.text("member", member, "name")?.filter(|n| !n.is_empty());
    Ok(then.unwrap_or_else(|| facts.name("member", member)))
}

/// Follows `path` from `id` (a row of `table`), answering the row at its end.
fn follow(facts: &mut impl Facts, table: &'static str, id: Option<String>, path: &[Link]) -> Result<Option<String>> {
    let (mut at, mut id) = (table, id);
    for link in path {
        let Some(current) = id else { return Ok(None) };
        id = facts.text(at, &current, link.field)?;
        at = link.to;
    }
    Ok(id)
}

fn denial(
    facts: &mut impl Facts,
    author: &str,
    role: Role,
    what: &str,
    row: Option<(&str, &str)>,
    tense: Tense,
) -> Result<String> {
    let what = match (what.split_once('|'), row) {
        (Some((named, _)), Some((table, id))) => named.replace("{}", &facts.name(table, id)),
        (Some((_, unknown)), None) => unknown.to_owned(),
        (None, _) => what.to_owned(),
    };
    sentence(facts, author, role, &what, tense)
}

/// "Ana was a junior PM and could not {what}" (or "is … may not" in the present tense).
fn sentence(facts: &mut impl Facts, author: &str, role: Role, what: &str, tense: Tense) -> Result<String> {
    let (is, may) = match tense {
        Tense::Past => ("was", "could not"),
        Tense::Present => ("is", "may not"),
    };
    Ok(format!("{} {is} {} and {may} {what}", called(facts, author)?, role.label()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    /// Facts from a fixed map, to test the rules without a store.
    #[derive(Default)]
    struct Map {
        roles: HashMap<&'static str, Role>,
        values: HashMap<(&'static str, &'static str, &'static str), &'static str>,
        /// Who is founding the workspace, if it is being founded.
        founder: Option<&'static str>,
    }

    impl Facts for Map {
        fn role(&mut self, member: &str) -> Result<Option<Role>> {
            Ok(self.roles.get(member).copied())
        }
        fn text(&mut self, table: &str, entity: &str, field: &str) -> Result<Option<String>> {
            Ok(self
                .values
                .iter()
                .find(|((t, e, f), _)| *t == table && *e == entity && *f == field)
                .map(|(_, v)| (*v).to_owned()))
        }
        fn flag(&mut self, table: &str, entity: &str, field: &str) -> Result<bool> {
            Ok(self.text(table, entity, field)?.as_deref() == Some("true"))
        }
        fn founding(&mut self, author: &str) -> Result<bool> {
            Ok(self.founder == Some(author))
        }
        fn name(&mut self, _: &str, id: &str) -> String {
            id.to_owned()
        }
        fn number(&mut self, table: &str, entity: &str, field: &str) -> Result<Option<i64>> {
            Ok(self.text(table, entity, field)?.and_then(|v| v.parse().ok()))
        }
        fn at_ms(&mut self) -> i64 {
            1_000
        }
        fn invite_used(&mut self, invite: &str, device: &str) -> Result<bool> {
            Ok(self
                .values
                .iter()
                .any(|((t, e, f), v)| *t == "device" && *f == "invite_id" && *v == invite && *e != device))
        }
        fn wrote_before(&mut self, device: &str, _: &str) -> Result<bool> {
            Ok(device == "old")
        }
        fn ever_set(&mut self, _: &str, entity: &str, _: &str) -> Result<bool> {
            Ok(entity == "refused")
        }
    }

    const OWNED: Rule = Rule::Holds {
        path: &[Link { field: "item_id", to: "item" }, Link { field: "product_id", to: "product" }],
        holder: "owner_id",
        action: Relational::EditRoadmap,
        what: "edit the roadmap of {}|edit roadmaps",
    };

    fn world() -> Map {
        let mut m = Map::default();
        m.roles.extend([
            ("sam", Role::Senior),
            ("lee", Role::Senior),
            ("ana", Role::Junior),
            ("boss", Role::Leadership),
        ]);
        m.values.extend([
            (("guard", "g1", "item_id"), "i1"),
            (("item", "i1", "product_id"), "p1"),
            (("item", "i2", "product_id"), "p2"),
            (("product", "p1", "owner_id"), "sam"),
            (("product", "p2", "owner_id"), "lee"),
        ]);
        m
    }

    fn edit<'a>(author: &'a str, field: &'a str, value: Option<&'a str>) -> Target<'a> {
        Target { author, table: "guard", entity: "g1", field, value, device: "" }
    }

    #[test]
    fn a_rule_is_followed_along_its_path_to_the_holder() -> Result<()> {
        let mut f = world();
        assert_eq!(judge(&mut f, edit("sam", "statement", None), &OWNED, Tense::Past)?, None, "the owner");
        assert_eq!(judge(&mut f, edit("boss", "statement", None), &OWNED, Tense::Past)?, None, "leadership");
        assert_eq!(
            judge(&mut f, edit("lee", "statement", None), &OWNED, Tense::Past)?.as_deref(),
            Some("lee was a senior PM and could not edit the roadmap of p1")
        );
        assert_eq!(
            judge(&mut f, edit("ana", "statement", None), &OWNED, Tense::Past)?.as_deref(),
            Some("ana was a junior PM and could not edit the roadmap of p1")
        );
        assert_eq!(
            judge(&mut f, edit("nobody", "statement", None), &OWNED, Tense::Past)?.as_deref(),
            Some("nobody was not a member of the workspace when this change was made")
        );
        Ok(())
    }

    #[test]
    fn moving_a_row_needs_the_right_over_both_ends() -> Result<()> {
        let mut f = world();
        // Sam owns p1 (where g1 is), not p2 (where i2 is).
        assert!(judge(&mut f, edit("sam", "item_id", Some("i2")), &OWNED, Tense::Past)?.is_some());
        f.values.insert(("product", "p2", "owner_id"), "sam");
        assert_eq!(judge(&mut f, edit("sam", "item_id", Some("i2")), &OWNED, Tense::Past)?, None);
        assert_eq!(
            judge(&mut f, edit("sam", "item_id", Some("nowhere")), &OWNED, Tense::Past)?.as_deref(),
            Some("this guard belongs to no known product")
        );
        Ok(())
    }

    #[test]
    fn a_row_without_a_holder_is_being_created_by_its_author() -> Result<()> {
        let own: Rule = Rule::Holds {
            path: &[],
            holder: "owner_id",
            action: Relational::EditRoadmap,
            what: "edit the product {}|edit products",
        };
        let mut f = world();
        let new = Target { author: "sam", table: "product", entity: "p9", field: "name", value: None, device: "" };
        assert_eq!(judge(&mut f, new, &own, Tense::Past)?, None);
        let others = Target { author: "sam", table: "product", entity: "p2", field: "name", value: None, device: "" };
        assert_eq!(
            judge(&mut f, others, &own, Tense::Past)?.as_deref(),
            Some("sam was a senior PM and could not edit the product p2")
        );
        Ok(())
    }

    #[test]
    fn a_state_rule_holds_only_while_or_once_its_field_is_set() -> Result<()> {
        const ANYONE: Rule = Rule::Role { action: Action::Feedback, what: "triage feedback" };
        const UNTIL: Rule =
            Rule::State { path: &[], field: "sent_ms", set: false, rule: &ANYONE, what: "edit it once sent" };
        const ONCE: Rule = Rule::State {
            path: &[Link { field: "item_id", to: "item" }],
            field: "ok_ms",
            set: true,
            rule: &ANYONE,
            what: "do it before the item is approved",
        };
        let mut f = world();
        let t = |field| Target { author: "ana", table: "guard", entity: "g1", field, value: None, device: "" };
        assert_eq!(judge(&mut f, t("statement"), &UNTIL, Tense::Past)?, None);
        assert_eq!(
            judge(&mut f, t("statement"), &ONCE, Tense::Present)?.as_deref(),
            Some("ana may not do it before the item is approved")
        );
        f.values.insert(("guard", "g1", "sent_ms"), "5");
        f.values.insert(("item", "i1", "ok_ms"), "7");
        assert_eq!(
            judge(&mut f, t("statement"), &UNTIL, Tense::Past)?.as_deref(),
            Some("ana could not edit it once sent")
        );
        assert_eq!(judge(&mut f, t("statement"), &ONCE, Tense::Past)?, None);
        // Who may comes first: a non-member hears that, not the state.
        let stranger = Target { author: "nobody", ..t("statement") };
        assert!(judge(&mut f, stranger, &UNTIL, Tense::Past)?.is_some_and(|w| w.contains("not a member")));
        // Inside a split, the state's fields decide too (a late one re-judges what it decides).
        const SPLIT: Rule = Rule::Split(&[(&["statement"], UNTIL), (&[], ONCE)]);
        let fields = SPLIT.authority_fields("guard");
        assert!(fields.contains(&("guard", "sent_ms")) && fields.contains(&("item", "ok_ms")), "{fields:?}");
        assert!(fields.contains(&("guard", "item_id")));
        Ok(())
    }

    #[test]
    fn role_rules_read_no_relation() -> Result<()> {
        let goals = Rule::Role { action: Action::EditGoals, what: "edit organisation goals" };
        let mut f = world();
        let t = |a| Target { author: a, table: "goal", entity: "x", field: "title", value: None, device: "" };
        assert_eq!(judge(&mut f, t("lee"), &goals, Tense::Past)?, None);
        assert_eq!(
            judge(&mut f, t("ana"), &goals, Tense::Past)?.as_deref(),
            Some("ana was a junior PM and could not edit organisation goals")
        );
        assert_eq!(goals.authority_fields("goal"), Vec::new());
        assert_eq!(
            OWNED.authority_fields("guard"),
            vec![("guard", "item_id"), ("item", "product_id"), ("product", "owner_id")]
        );
        Ok(())
    }
}
