//! Plan-level checks: rows grouped by plan id, checked for what the guidance
//! asks of a whole plan. Per row only the facts the checks need are kept.

use super::columns::Section;
use super::plan_facts::{name_hash, read_scores, Facts, Score};
use crate::record::{Kind, OwnerKind, Record, TimeKind};
use crate::rules::Rule;
use chrono::{Datelike, NaiveDate};
use hashbrown::HashMap;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::hash::{Hash, Hasher};
use std::io::{self, BufReader, BufWriter, Read, Seek, Write};
use std::path::PathBuf;

/// The plans JSONL shape is defined once, beside the report that reads it.
/// One plan's record as `smartplan audit` writes it (plans JSONL).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanRecord {
    /// The plan's id, as the export gives it.
    pub plan: String,
    /// How many rows of the export belong to the plan.
    #[serde(default)]
    pub rows: usize,
    /// The plan's score, 0–100: the share of its checks passed.
    pub score: u8,
    /// Each plan-level check, passed or not.
    #[serde(default)]
    pub checks: Vec<PlanCheck>,
    /// The plan's values in the columns given with `--group-by` (column → value).
    #[serde(default)]
    pub group: BTreeMap<String, String>,
    /// The plan's 0–10 scaling, and how it moved since the last plan for
    /// the same child, when the plan records any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scaling: Option<Scaling>,
}

/// One plan-level check (e.g. every action has an owner).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanCheck {
    /// The check's stable id (e.g. `agreement-recorded`).
    pub check: String,
    /// Whether the plan meets it.
    pub passed: bool,
    /// What was found, in plain words (what is missing, or what was seen).
    #[serde(default)]
    pub message: String,
    /// The ids of the rows the check points at, for a reviewer to go to.
    #[serde(default)]
    pub rows: Vec<String>,
}

/// A plan's scaling scores, and the last plan before it (by plan date) for
/// the same child that has scores.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Scaling {
    /// The scores this plan records.
    pub scores: Vec<ScaledBy>,
    /// The last earlier plan of the same child with scores, when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous: Option<PreviousScaling>,
    /// "up", "down", "same" or "mixed", when there is a previous plan whose
    /// scores can be set beside these (same person, or one score each).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub moved: Option<String>,
}

/// One score (0–10) and who gave it, when the plan says.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScaledBy {
    /// Who gave the score ("Mum", "SW"), when the plan says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub who: Option<String>,
    /// The score, 0–10.
    pub score: f64,
}

/// The scores of the plan before.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PreviousScaling {
    /// The earlier plan's id.
    pub plan: String,
    /// Its plan date, YYYY-MM-DD.
    pub date: String,
    /// The scores it recorded.
    pub scores: Vec<ScaledBy>,
}

/// The facts of one statement that the plan checks read.
pub(crate) struct Item<'a> {
    pub id: &'a str,
    /// The section the row or column files it under.
    pub section: Option<Section>,
    pub record: &'a Record,
    /// What the plan checks read from the statement (none when not analysed
    /// or not read).
    pub facts: Option<&'a Facts>,
    /// The row had a concern cell and a blank outcome cell (side-by-side layout).
    pub concern_without_outcome: bool,
    /// The row had an outcome cell and a blank action cell.
    pub outcome_without_action: bool,
    /// The row's "responsible" cell names someone.
    pub owner_cell: bool,
    /// The row's "by when" cell holds a date.
    pub due_date_cell: bool,
}

/// The cells of one row that the plan checks read.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Row<'a> {
    pub plan: &'a str,
    /// The id of the row's first statement, for lists of rows.
    pub row_id: &'a str,
    pub plan_date: Option<NaiveDate>,
    pub review: Option<&'a str>,
    pub agreed: Option<&'a str>,
    pub child_view: Option<&'a str>,
    pub child: Option<&'a str>,
    pub child_name: Option<&'a str>,
    /// The plan type cell names a child protection plan.
    pub child_protection: bool,
    pub scaling: Option<&'a str>,
    pub group: &'a [(&'a str, &'a str)],
}

/// A plan's yes/no facts, one bit each.
const REVIEW: u8 = 1;
const CHILD_VIEW: u8 = 2;
const CP: u8 = 4;
const STRENGTH: u8 = 8;
const NETWORK: u8 = 16;

#[derive(Default)]
struct Plan {
    id: String,
    rows: usize,
    concerns: usize,
    outcomes: usize,
    actions: usize,
    family_actions: usize,
    /// Plan date and review date (the first read), as days from the common
    /// era; 0 when none.
    date: i32,
    review_date: i32,
    flags: u8,
    /// Row ids behind each check, the children, the parties, the scores,
    /// and the plan's value of each group column (in `Plans::group_columns`
    /// order).
    lists: Lists,
}

/// Bounded entries kept per list, so a huge plan cannot grow without limit.
const MAX_IDS: usize = 50;
/// Names used in outcomes, at most, per plan.
const MAX_NAMES: usize = 200;

/// The lists a plan keeps (and its group values), all packed into one
/// buffer per plan: an audit holds every plan until the end, and most lists
/// hold a few short entries, so one allocation per plan instead of one per entry.
#[derive(Clone, Copy, PartialEq, Eq)]
enum List {
    ConcernIds,
    OutcomeIds,
    NoOutcome,
    NoAction,
    Unowned,
    Undated,
    NotAgreed,
    Group,
    /// Concerns that do not say what they mean for the child.
    NoImpact,
    /// Each child: its id, `\x1f`, its name (if the export gives one).
    Child,
    /// Children with an outcome filed under them.
    ChildFiled,
    /// Hashes (4 bytes) of the capitalised words used in outcomes.
    OutcomeName,
    /// Parties named in concerns or outcomes.
    Named,
    /// Parties that do an action.
    Doer,
    /// Scaling scores: the score in tenths (1 byte), then who gave it.
    Score,
}

const LISTS: usize = 15;

impl List {
    /// Lists of distinct entries: an entry already there is not added again.
    fn is_set(tag: u8) -> bool {
        tag >= List::Child as u8
    }
    fn cap(tag: u8) -> usize {
        if tag == List::OutcomeName as u8 {
            MAX_NAMES
        } else {
            MAX_IDS
        }
    }
}

#[derive(Default)]
struct Lists {
    /// Entries of `[list, length (u32 LE), bytes]`.
    packed: Vec<u8>,
    counts: [u8; LISTS],
}

impl Lists {
    /// Adds `id` to `list`, up to its cap.
    fn push(&mut self, list: List, id: &str) {
        self.push_tagged(list as u8, id.as_bytes());
    }
    /// Adds an entry by its packed tag (as [`Lists::entries`] gives it back);
    /// a set list keeps each entry once.
    fn push_tagged(&mut self, tag: u8, id: &[u8]) {
        let n = self.counts[tag as usize] as usize;
        if n >= List::cap(tag) || (List::is_set(tag) && n > 0 && self.contains_tagged(tag, id)) {
            return;
        }
        self.counts[tag as usize] += 1;
        self.packed.push(tag);
        self.packed.extend_from_slice(&(id.len() as u32).to_le_bytes());
        self.packed.extend_from_slice(id);
    }
    fn contains_tagged(&self, tag: u8, id: &[u8]) -> bool {
        self.entries().any(|(t, e)| t == tag && e == id)
    }
    fn len(&self, list: List) -> usize {
        self.counts[list as usize] as usize
    }
    fn is_empty(&self, list: List) -> bool {
        self.len(list) == 0
    }
    /// Every entry as `(list tag, id bytes)`, in the order pushed.
    fn entries(&self) -> impl Iterator<Item = (u8, &[u8])> + '_ {
        let mut rest = &self.packed[..];
        std::iter::from_fn(move || {
            let (&tag, tail) = rest.split_first()?;
            let (n, tail) = tail.split_first_chunk::<4>()?;
            let n = u32::from_le_bytes(*n) as usize;
            let (id, tail) = tail.split_at(n);
            rest = tail;
            Some((tag, id))
        })
    }
    fn of(&self, list: List) -> impl Iterator<Item = &[u8]> + '_ {
        self.entries()
            .filter(move |&(tag, _)| tag == list as u8)
            .map(|(_, id)| id)
    }
    fn to_vec(&self, list: List) -> Vec<String> {
        self.of(list)
            .map(|id| String::from_utf8_lossy(id).into_owned())
            .collect()
    }
}

/// Days from the common era, 0 for none (no real plan date is day 0).
fn day_number(d: Option<NaiveDate>) -> i32 {
    d.map_or(0, |d| d.num_days_from_ce())
}

fn date_of(days: i32) -> Option<NaiveDate> {
    (days != 0)
        .then(|| NaiveDate::from_num_days_from_ce_opt(days))
        .flatten()
}

impl Plan {
    /// Adds a later part of the same plan (its rows came after a spill).
    fn absorb(&mut self, later: Plan) {
        self.rows += later.rows;
        self.concerns += later.concerns;
        self.outcomes += later.outcomes;
        self.actions += later.actions;
        self.family_actions += later.family_actions;
        if self.date == 0 {
            self.date = later.date;
        }
        if self.review_date == 0 {
            self.review_date = later.review_date;
        }
        self.flags |= later.flags;
        for (tag, id) in later.lists.entries() {
            self.lists.push_tagged(tag, id);
        }
    }

    fn write_to(&self, place: u32, w: &mut impl Write) -> io::Result<()> {
        w.write_all(&place.to_le_bytes())?;
        for n in [
            self.rows,
            self.concerns,
            self.outcomes,
            self.actions,
            self.family_actions,
        ] {
            w.write_all(&(n as u64).to_le_bytes())?;
        }
        w.write_all(&self.date.to_le_bytes())?;
        w.write_all(&self.review_date.to_le_bytes())?;
        w.write_all(&[self.flags])?;
        w.write_all(&self.lists.counts)?;
        for bytes in [self.id.as_bytes(), &self.lists.packed] {
            w.write_all(&(bytes.len() as u32).to_le_bytes())?;
            w.write_all(bytes)?;
        }
        Ok(())
    }

    /// The next `(place, plan)` written by [`Plan::write_to`], `None` at the end.
    fn read_from(r: &mut impl Read) -> io::Result<Option<(u32, Plan)>> {
        let mut place = [0u8; 4];
        match r.read_exact(&mut place) {
            Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => return Ok(None),
            other => other?,
        }
        let mut n = [0u8; 8];
        let mut counts = [0usize; 5];
        for c in &mut counts {
            r.read_exact(&mut n)?;
            *c = u64::from_le_bytes(n) as usize;
        }
        let mut day = [0u8; 4];
        r.read_exact(&mut day)?;
        let date = i32::from_le_bytes(day);
        r.read_exact(&mut day)?;
        let review_date = i32::from_le_bytes(day);
        let mut flags = [0u8; 1];
        r.read_exact(&mut flags)?;
        let mut list_counts = [0u8; LISTS];
        r.read_exact(&mut list_counts)?;
        let mut bytes = || -> io::Result<Vec<u8>> {
            let mut len = [0u8; 4];
            r.read_exact(&mut len)?;
            let mut v = vec![0u8; u32::from_le_bytes(len) as usize];
            r.read_exact(&mut v)?;
            Ok(v)
        };
        let id = String::from_utf8(bytes()?).map_err(io::Error::other)?;
        let packed = bytes()?;
        let [rows, concerns, outcomes, actions, family_actions] = counts;
        Ok(Some((
            u32::from_le_bytes(place),
            Plan {
                id,
                rows,
                concerns,
                outcomes,
                actions,
                family_actions,
                date,
                review_date,
                flags: flags[0],
                lists: Lists {
                    packed,
                    counts: list_counts,
                },
            },
        )))
    }

    fn has(&self, flag: u8) -> bool {
        self.flags & flag != 0
    }

    fn scores(&self) -> Vec<(Option<String>, u8)> {
        self.lists
            .of(List::Score)
            .filter_map(|e| {
                let (&tenths, who) = e.split_first()?;
                let who = String::from_utf8_lossy(who).into_owned();
                Some(((!who.is_empty()).then_some(who), tenths))
            })
            .collect()
    }

    /// Each child's id and name (empty when the export gives none).
    fn children(&self) -> Vec<(String, String)> {
        self.lists
            .of(List::Child)
            .map(|e| {
                let e = String::from_utf8_lossy(e);
                let (id, name) = e.split_once('\x1f').unwrap_or((&e, ""));
                (id.to_string(), name.to_string())
            })
            .collect()
    }

    fn add_score(&mut self, s: &Score) {
        let mut e = vec![s.tenths];
        e.extend_from_slice(s.who.as_deref().unwrap_or("").as_bytes());
        self.lists.push_tagged(List::Score as u8, &e);
    }
}

/// Plans checked at once before their state is spilled to a temporary file.
const OPEN_PLANS: usize = 16_384;

/// Every plan of an export, checked as its rows go by: feed it rows (through
/// [`crate::batch::account`]), then [`Plans::finish`] gives one
/// [`PlanRecord`] per plan, in order of first appearance.
pub struct Plans {
    /// Each plan's place in order of first appearance, keyed by a 128-bit
    /// hash of its id, so a plan costs 21 bytes a table slot however long
    /// its id (as four u32s: a u128 key would pad each slot to 33 bytes).
    /// Two ids would have to share all 128 bits to be taken for one plan.
    index: HashMap<[u32; 4], u32>,
    /// The last plan looked up: an export's rows come plan by plan.
    last: Option<(String, u32)>,
    /// The child of the row given last to [`Plans::add_row`] (empty: none).
    row_child: String,
    /// The plan whose child list last had a child added, and that child:
    /// a plan's rows mostly repeat one child.
    last_child: (u32, String),
    /// The last scaling cell read, and the plan it was read for: a plan's
    /// rows usually repeat it.
    last_scaling: (u32, String),
    /// Check state of the plans met since the last spill, by place.
    open: BTreeMap<u32, Plan>,
    /// Spilled check state: unnamed temporary files, each in place order.
    runs: Vec<std::fs::File>,
    /// Where spilled state goes (the plan records' folder).
    spill_dir: PathBuf,
    open_limit: usize,
    /// The group columns' names, from the first row (every row has the same).
    group_columns: Vec<String>,
    /// Only count plans (no plan records asked for): then a plan costs its
    /// index entry, not its check state.
    count_only: bool,
    /// Some row had a child and a plan date, and a child protection plan
    /// type or a scaling score: plans may need their history.
    history_wanted: bool,
    /// The export has a column recording agreement: only then is each plan
    /// checked for agreement on every row. Set from the mapped columns.
    pub has_agreement_column: bool,
    /// The export has a review date column: a missing review date is then
    /// the plan's gap, not the export's.
    pub has_review_column: bool,
    /// The export has a column for the child's view: a blank one is then
    /// worded as not recorded for this plan.
    pub has_child_view_column: bool,
}

impl Default for Plans {
    fn default() -> Self {
        Plans::checking(std::env::temp_dir())
    }
}

impl Plans {
    /// Plans checked for plan records. Check state beyond a few thousand
    /// plans is spilled to unnamed temporary files in `spill_dir`, so memory
    /// stays flat however many plans the export holds.
    pub fn checking(spill_dir: PathBuf) -> Self {
        Plans {
            index: HashMap::default(),
            last: None,
            row_child: String::new(),
            last_child: (u32::MAX, String::new()),
            last_scaling: (u32::MAX, String::new()),
            open: BTreeMap::new(),
            runs: Vec::new(),
            spill_dir,
            open_limit: OPEN_PLANS,
            group_columns: Vec::new(),
            count_only: false,
            history_wanted: false,
            has_agreement_column: false,
            has_review_column: false,
            has_child_view_column: false,
        }
    }

    /// Plans that are counted but not checked, for an audit that writes no
    /// plan records.
    pub fn counting_only() -> Self {
        Plans {
            count_only: true,
            ..Plans::default()
        }
    }

    /// As [`Plans::checking`], spilling after `open_limit` plans (tests).
    #[doc(hidden)]
    pub fn checking_with_limit(spill_dir: PathBuf, open_limit: usize) -> Self {
        Plans {
            open_limit: open_limit.max(1),
            ..Plans::checking(spill_dir)
        }
    }

    /// Whether plans are checked (not only counted).
    pub fn checks(&self) -> bool {
        !self.count_only
    }

    /// The plan's place, and whether this row is its first.
    fn place(&mut self, plan: &str) -> (u32, bool) {
        if let Some((id, place)) = &self.last {
            if id == plan {
                return (*place, false);
            }
        }
        let key = id_key(plan);
        let next = self.index.len() as u32;
        let place = *self.index.entry(key).or_insert(next);
        let last = self.last.get_or_insert_with(|| (String::new(), 0));
        last.0.clear();
        last.0.push_str(plan);
        last.1 = place;
        (place, place == next)
    }

    /// The open state of the plan at `place`, spilling the others first when
    /// too many are open.
    fn open_state(&mut self, place: u32, plan: &str) -> io::Result<&mut Plan> {
        if !self.open.contains_key(&place) && self.open.len() >= self.open_limit {
            self.spill()?;
        }
        Ok(self.open.entry(place).or_insert_with(|| Plan {
            id: plan.to_string(),
            ..Plan::default()
        }))
    }

    fn spill(&mut self) -> io::Result<()> {
        let f = self.spill_file()?;
        let open = std::mem::take(&mut self.open);
        self.runs.push(write_run(f, open.into_iter().map(Ok))?);
        Ok(())
    }

    fn spill_file(&self) -> io::Result<std::fs::File> {
        tempfile::tempfile_in(&self.spill_dir).map_err(|e| {
            io::Error::new(
                e.kind(),
                format!(
                    "cannot write plan checks to a temporary file in {}: {e}",
                    self.spill_dir.display()
                ),
            )
        })
    }

    /// Adds one row: the cells the plan checks read.
    pub(crate) fn add_row(&mut self, row: &Row) -> io::Result<()> {
        let (place, first_row) = self.place(row.plan);
        if self.count_only {
            return Ok(());
        }
        if self.group_columns.is_empty() {
            self.group_columns = row.group.iter().map(|(c, _)| c.to_string()).collect();
        }
        self.row_child.clear();
        if let Some(c) = row.child.map(str::trim).filter(|c| !c.is_empty() && !is_na(c)) {
            self.row_child.push_str(c);
        }
        let scaling = match row.scaling.map(str::trim).filter(|c| !c.is_empty() && !is_na(c)) {
            Some(cell) if (place, cell) != (self.last_scaling.0, self.last_scaling.1.as_str()) => {
                self.last_scaling = (place, cell.to_string());
                read_scores(cell)
            }
            _ => Vec::new(),
        };
        let dated_child = row.plan_date.is_some() && !self.row_child.is_empty();
        if dated_child && (row.child_protection || !scaling.is_empty()) {
            self.history_wanted = true;
        }
        let new_child = !self.row_child.is_empty()
            && (place, self.row_child.as_str()) != (self.last_child.0, self.last_child.1.as_str());
        if new_child {
            self.last_child = (place, self.row_child.clone());
        }
        let row_child = std::mem::take(&mut self.row_child);
        let p = self.open_state(place, row.plan)?;
        p.rows += 1;
        if p.date == 0 {
            p.date = day_number(row.plan_date);
        }
        if row.review.is_some_and(|r| !r.trim().is_empty()) {
            p.flags |= REVIEW;
            if p.review_date == 0 {
                p.review_date = day_number(row.review.and_then(crate::dates::read_date));
            }
        }
        if row.child_view.is_some_and(|c| !c.trim().is_empty() && !is_na(c)) {
            p.flags |= CHILD_VIEW;
        }
        if row.child_protection {
            p.flags |= CP;
        }
        if let Some(a) = row.agreed {
            let a = a.trim().to_lowercase();
            if !matches!(a.as_str(), "yes" | "y" | "agreed" | "true" | "1" | "signed") {
                p.lists.push(List::NotAgreed, row.row_id);
            }
        }
        if new_child {
            let name = row.child_name.map(str::trim).unwrap_or("");
            p.lists.push(List::Child, &format!("{row_child}\x1f{name}"));
        }
        for s in &scaling {
            p.add_score(s);
        }
        if first_row {
            for (_, v) in row.group {
                p.lists.push(List::Group, v.trim());
            }
        }
        self.row_child = row_child;
        Ok(())
    }

    /// Adds one statement of the plan's row given last to [`Plans::add_row`].
    pub(crate) fn add_item(&mut self, plan: &str, item: &Item) {
        if self.count_only {
            return;
        }
        let Some(p) = self
            .last
            .as_ref()
            .filter(|(id, _)| id == plan)
            .and_then(|(_, place)| self.open.get_mut(place))
        else {
            return;
        };
        if item.concern_without_outcome {
            p.lists.push(List::NoOutcome, item.id);
        }
        if item.outcome_without_action {
            p.lists.push(List::NoAction, item.id);
        }
        let Some(a) = item.record.analysis() else { return };
        let none = Facts::default();
        let facts = item.facts.unwrap_or(&none);
        if facts.child_view {
            p.flags |= CHILD_VIEW;
        }
        if facts.strength {
            p.flags |= STRENGTH;
        }
        for s in &facts.scores {
            p.add_score(s);
        }
        if !facts.scores.is_empty() && p.date != 0 && !self.row_child.is_empty() {
            self.history_wanted = true;
        }
        let kind = match item.section {
            Some(Section::Kind(k)) => k,
            None => a.kind,
            Some(section) => {
                // A safety-planning section that is not a concern, outcome or action.
                match section {
                    Section::Strength => p.flags |= STRENGTH,
                    Section::ChildView => p.flags |= CHILD_VIEW,
                    Section::Network => p.flags |= NETWORK,
                    Section::Scaling if facts.scores.is_empty() => {
                        for s in read_scores(&a.text) {
                            p.add_score(&s);
                        }
                    }
                    Section::Contingency => {
                        // Who does what if things go wrong: it needs an owner, not a date.
                        if a.owners.is_empty() && !item.owner_cell {
                            p.lists.push(List::Unowned, item.id);
                        }
                        if facts.network || facts.sustain {
                            p.flags |= NETWORK;
                        }
                        for d in &facts.doers {
                            p.lists.push(List::Doer, d);
                        }
                    }
                    _ => {}
                }
                return;
            }
        };
        match kind {
            Kind::Concern => {
                p.concerns += 1;
                p.lists.push(List::ConcernIds, item.id);
                if !facts.impact {
                    p.lists.push(List::NoImpact, item.id);
                }
                for n in &facts.named {
                    p.lists.push(List::Named, n);
                }
            }
            Kind::Outcome => {
                p.outcomes += 1;
                p.lists.push(List::OutcomeIds, item.id);
                for n in &facts.named {
                    p.lists.push(List::Named, n);
                }
                if !self.row_child.is_empty() {
                    p.lists.push(List::ChildFiled, &self.row_child);
                }
                for h in &facts.names {
                    p.lists.push_tagged(List::OutcomeName as u8, &h.to_le_bytes());
                }
            }
            Kind::Action | Kind::Mixed => {
                p.actions += 1;
                if a.owners.is_empty() && !item.owner_cell {
                    p.lists.push(List::Unowned, item.id);
                }
                // A deadline in the statement, or in its "by when" cell: a date,
                // or what the analyser read as one ("within 6 weeks"), as the
                // statement's Timely score counts it.
                if !item.due_date_cell
                    && a.due_cell != Some(TimeKind::Deadline)
                    && !a
                        .timescales
                        .iter()
                        .any(|t| t.date.is_some() || t.kind == TimeKind::Deadline)
                {
                    p.lists.push(List::Undated, item.id);
                }
                // The first party named is the doer in "X to …" / "X will …"; others are only mentioned.
                if a.owners.first().is_some_and(|o| o.kind == OwnerKind::Family) {
                    p.family_actions += 1;
                }
                if facts.network || facts.sustain {
                    p.flags |= NETWORK;
                }
                for d in &facts.doers {
                    p.lists.push(List::Doer, d);
                }
            }
        }
    }

    /// How many plans have been seen.
    pub fn len(&self) -> usize {
        self.index.len()
    }

    /// Whether no plan has been seen.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Each plan's record, in order of first appearance, made one at a time
    /// so the records of a large export are never all in memory at once: the
    /// spilled runs and the open plans are merged by place, and the parts of
    /// a plan that was spilled and met again are joined in row order.
    ///
    /// Scaling movement and review timing compare a plan with earlier plans
    /// of the same child, which may come later in the export: when some plan
    /// needs that, a first pass over the joined plans notes each dated plan
    /// of each child (spilled plans are joined into one more temporary file
    /// on the way, which the second pass reads), and the records are made in
    /// the second.
    pub fn finish(mut self) -> Box<dyn Iterator<Item = io::Result<PlanRecord>>> {
        let check = Checker {
            group_columns: std::mem::take(&mut self.group_columns),
            agree_col: self.has_agreement_column,
            review_col: self.has_review_column,
            view_col: self.has_child_view_column,
        };
        let history_wanted = self.history_wanted;
        let (runs, open) = (std::mem::take(&mut self.runs), std::mem::take(&mut self.open));
        if !history_wanted {
            let history = History::default();
            return Box::new(
                joined(runs, open).map(move |r| r.map(|(place, p)| check.record(place, p, &history))),
            );
        }
        let mut history = History::default();
        if runs.is_empty() {
            for (place, p) in &open {
                history.note(*place, p);
            }
            history.link();
            return Box::new(
                open.into_iter()
                    .map(move |(place, p)| Ok(check.record(place, p, &history))),
            );
        }
        let whole = self.spill_file().and_then(|f| {
            let noted = joined(runs, open).inspect(|r| {
                if let Ok((place, p)) = r {
                    history.note(*place, p);
                }
            });
            write_run(f, noted)
        });
        let mut whole = match whole {
            Ok(f) => BufReader::new(f),
            Err(e) => return Box::new(std::iter::once(Err(e))),
        };
        history.link();
        let mut failed = false;
        Box::new(std::iter::from_fn(move || {
            if failed {
                return None;
            }
            match Plan::read_from(&mut whole) {
                Ok(next) => next.map(|(place, p)| Ok(check.record(place, p, &history))),
                Err(e) => {
                    failed = true;
                    Some(Err(e))
                }
            }
        }))
    }
}

/// Writes plans, in place order, to `f` and rewinds it for reading.
fn write_run(
    mut f: std::fs::File,
    plans: impl Iterator<Item = io::Result<(u32, Plan)>>,
) -> io::Result<std::fs::File> {
    {
        let mut w = BufWriter::new(&mut f);
        for p in plans {
            let (place, p) = p?;
            p.write_to(place, &mut w)?;
        }
        w.flush()?;
    }
    f.rewind()?;
    Ok(f)
}

/// The spilled runs and the open plans, merged by place, each plan whole.
fn joined(
    runs: Vec<std::fs::File>,
    open: BTreeMap<u32, Plan>,
) -> impl Iterator<Item = io::Result<(u32, Plan)>> {
    let mut runs: Vec<BufReader<std::fs::File>> = runs.into_iter().map(BufReader::new).collect();
    let mut open = open.into_iter();
    let sources = runs.len() + 1;
    // The next plan of source `i`: each run in turn, then the open plans
    // (last: their rows came latest).
    let mut next_of = move |i: usize| match runs.get_mut(i) {
        Some(r) => Plan::read_from(r),
        None => Ok(open.next()),
    };
    // Each source's next unread plan; filled on the first call.
    let mut heads: Vec<Option<(u32, Plan)>> = Vec::with_capacity(sources);
    let mut next_plan = move |heads: &mut Vec<Option<(u32, Plan)>>| -> io::Result<Option<(u32, Plan)>> {
        if heads.is_empty() {
            for i in 0..sources {
                heads.push(next_of(i)?);
            }
        }
        let Some(place) = heads.iter().flatten().map(|(place, _)| *place).min() else {
            return Ok(None);
        };
        let mut plan: Option<Plan> = None;
        for (i, head) in heads.iter_mut().enumerate() {
            if head.as_ref().is_some_and(|(p, _)| *p == place) {
                let (_, part) = head.take().expect("checked above");
                match plan.as_mut() {
                    Some(p) => p.absorb(part),
                    None => plan = Some(part),
                }
                *head = next_of(i)?;
            }
        }
        Ok(plan.map(|p| (place, p)))
    };
    std::iter::from_fn(move || match next_plan(&mut heads) {
        Ok(plan) => plan.map(Ok),
        Err(e) => {
            // Stop after an error: every source reads as finished.
            heads = (0..sources).map(|_| None).collect();
            Some(Err(e))
        }
    })
}

/// What a plan's record needs from the other plans of the same children:
/// the last earlier plan with scaling scores, and the child protection plans
/// before and after it.
#[derive(Default)]
struct History {
    /// (child, plan date, place) for every dated plan with a child that has
    /// scores or is a child protection plan.
    visits: Vec<(u64, i32, u32)>,
    /// Those plans, by place.
    past: HashMap<u32, Past>,
    /// Each such plan's links, by place (made by [`History::link`]).
    links: HashMap<u32, Link>,
}

struct Past {
    id: String,
    date: i32,
    cp: bool,
    review_date: i32,
    scores: Vec<(Option<String>, u8)>,
}

#[derive(Default, Clone, Copy)]
struct Link {
    /// The latest earlier plan (of any of its children) with scores.
    scaled_before: Option<(i32, u32)>,
    /// The latest earlier child protection plan of any of its children.
    cp_before: Option<(i32, u32)>,
    /// A later child protection plan for one of its children exists.
    cp_after: bool,
}

impl History {
    fn note(&mut self, place: u32, p: &Plan) {
        let scores = p.scores();
        if p.date == 0 || (scores.is_empty() && !p.has(CP)) {
            return;
        }
        let children = p.children();
        if children.is_empty() {
            return;
        }
        for (child, _) in &children {
            let mut h = std::hash::DefaultHasher::new();
            child.hash(&mut h);
            self.visits.push((h.finish(), p.date, place));
        }
        self.past.insert(
            place,
            Past {
                id: p.id.clone(),
                date: p.date,
                cp: p.has(CP),
                review_date: p.review_date,
                scores,
            },
        );
    }

    /// Links each plan to the plans before and after it for the same children.
    fn link(&mut self) {
        self.visits.sort_unstable();
        let mut i = 0;
        while i < self.visits.len() {
            let child = self.visits[i].0;
            // The last plan met with scores, and the last child protection plan.
            let mut scaled: Option<(i32, u32)> = None;
            let mut cp: Option<(i32, u32)> = None;
            while i < self.visits.len() && self.visits[i].0 == child {
                let (_, date, place) = self.visits[i];
                let past = &self.past[&place];
                let (has_scores, is_cp) = (!past.scores.is_empty(), past.cp);
                if has_scores {
                    if let Some(before) = scaled {
                        let l = self.links.entry(place).or_default();
                        l.scaled_before = l.scaled_before.max(Some(before));
                    }
                    scaled = Some((date, place));
                }
                if is_cp {
                    if let Some(before) = cp {
                        let l = self.links.entry(place).or_default();
                        l.cp_before = l.cp_before.max(Some(before));
                        self.links.entry(before.1).or_default().cp_after = true;
                    }
                    cp = Some((date, place));
                }
                i += 1;
            }
        }
    }

    fn link_of(&self, place: u32) -> Link {
        self.links.get(&place).copied().unwrap_or_default()
    }
}

/// Makes a plan's record from its state.
struct Checker {
    group_columns: Vec<String>,
    agree_col: bool,
    review_col: bool,
    view_col: bool,
}

/// A date as a practitioner reads it: "10 January 2025".
fn long_date(days: i32) -> String {
    date_of(days).map_or_else(String::new, |d| d.format("%-d %B %Y").to_string())
}

/// Scores as written in messages: "SW 3, Mum 6".
fn scores_text(scores: &[(Option<String>, u8)]) -> String {
    scores
        .iter()
        .map(|(who, t)| {
            let s = Score {
                who: None,
                tenths: *t,
            }
            .shown();
            match who {
                Some(w) => format!("{w} {s}"),
                None => s,
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn scaled_by(scores: &[(Option<String>, u8)]) -> Vec<ScaledBy> {
    scores
        .iter()
        .map(|(who, t)| ScaledBy {
            who: who.clone(),
            score: *t as f64 / 10.0,
        })
        .collect()
}

/// Which way scores moved from `before` to `now`: the same person's scores
/// side by side, or the only score of each when nobody is named in both.
fn moved(before: &[(Option<String>, u8)], now: &[(Option<String>, u8)]) -> Option<&'static str> {
    let key = |w: &Option<String>| w.as_deref().map(str::to_lowercase);
    let mut pairs: Vec<(u8, u8)> = now
        .iter()
        .filter(|(w, _)| w.is_some())
        .filter_map(|(w, n)| {
            before
                .iter()
                .find(|(b, _)| key(b) == key(w))
                .map(|(_, b)| (*b, *n))
        })
        .collect();
    if pairs.is_empty() && before.len() == 1 && now.len() == 1 {
        pairs.push((before[0].1, now[0].1));
    }
    if pairs.is_empty() {
        return None;
    }
    let up = pairs.iter().any(|(b, n)| n > b);
    let down = pairs.iter().any(|(b, n)| n < b);
    Some(match (up, down) {
        (true, true) => "mixed",
        (true, false) => "up",
        (false, true) => "down",
        (false, false) => "same",
    })
}

impl Checker {
    /// A plan's record: its checks in order, its score (the share passed),
    /// its group values and its scaling.
    fn record(&self, place: u32, p: Plan, history: &History) -> PlanRecord {
        let link = history.link_of(place);
        let mut c = Checking {
            p: &p,
            made: Vec::new(),
        };
        c.concerns_outcomes_actions();
        c.actions_owned_dated_shared();
        c.what_is_recorded(self);
        let scaling = c.scaling(link, history);
        c.change_sustained();
        c.every_child_included();
        c.every_professional_acts();
        if p.has(CP) && p.date != 0 && self.review_col {
            let (ok, message) = cp_review(&p, link, history);
            c.add(Rule::CpReviewOnTime, ok, message, None);
        }
        let checks = c.made;
        let passed = checks.iter().filter(|c| c.passed).count();
        let score = ((passed * 100) as f64 / checks.len() as f64).round() as u8;
        PlanRecord {
            group: self
                .group_columns
                .iter()
                .cloned()
                .zip(p.lists.to_vec(List::Group))
                .collect(),
            plan: p.id,
            rows: p.rows,
            score,
            checks,
            scaling,
        }
    }
}

/// One plan's checks as they are made, in the order its record lists them.
struct Checking<'p> {
    p: &'p Plan,
    made: Vec<PlanCheck>,
}

impl Checking<'_> {
    /// Adds a check; a failed one names the rows of `rows` (read only then).
    fn add(&mut self, check: Rule, passed: bool, message: String, rows: Option<List>) {
        self.made.push(PlanCheck {
            check: check.id().to_string(),
            passed,
            message,
            rows: match rows {
                Some(list) if !passed => self.p.lists.to_vec(list),
                _ => vec![],
            },
        })
    }

    /// Each concern has an outcome, and each outcome an action.
    fn concerns_outcomes_actions(&mut self) {
        let p = self.p;
        let concern_ok = p.lists.is_empty(List::NoOutcome) && (p.concerns == 0 || p.outcomes > 0);
        self.add(
            Rule::ConcernHasOutcome,
            concern_ok,
            if concern_ok {
                "Each concern has an outcome.".into()
            } else {
                "A concern has no outcome saying what needs to change.".into()
            },
            Some(if p.lists.is_empty(List::NoOutcome) {
                List::ConcernIds
            } else {
                List::NoOutcome
            }),
        );
        let outcome_ok = p.lists.is_empty(List::NoAction) && (p.outcomes == 0 || p.actions > 0);
        self.add(
            Rule::OutcomeHasAction,
            outcome_ok,
            if outcome_ok {
                "Each outcome has at least one action.".into()
            } else {
                "An outcome has no action saying what will be done.".into()
            },
            Some(if p.lists.is_empty(List::NoAction) {
                List::OutcomeIds
            } else {
                List::NoAction
            }),
        );
    }

    /// Every action has an owner and a deadline, and not every action falls
    /// on the family.
    fn actions_owned_dated_shared(&mut self) {
        let p = self.p;
        self.add(
            Rule::ActionHasOwner,
            p.lists.is_empty(List::Unowned),
            if p.lists.is_empty(List::Unowned) {
                "Every action says who will do it.".into()
            } else {
                format!(
                    "{} action(s) do not say who will do it.",
                    p.lists.len(List::Unowned)
                )
            },
            Some(List::Unowned),
        );
        self.add(
            Rule::ActionHasDeadline,
            p.lists.is_empty(List::Undated),
            if p.lists.is_empty(List::Undated) {
                "Every action has a deadline.".into()
            } else {
                format!("{} action(s) have no deadline.", p.lists.len(List::Undated))
            },
            Some(List::Undated),
        );
        let family_ok = p.actions == 0 || p.family_actions < p.actions;
        self.add(
            Rule::NotFamilyAlone,
            family_ok,
            if family_ok {
                "Professionals share the actions with the family.".into()
            } else {
                "Every action falls on the family; none on a professional or service.".into()
            },
            None,
        );
    }

    /// What the plan records: a review date, the child's view, agreement
    /// (when the export has a column for it), a strength, and each concern's
    /// impact on the child. The messages say when a column is missing.
    fn what_is_recorded(&mut self, cols: &Checker) {
        let p = self.p;
        let review = p.has(REVIEW);
        self.add(
            Rule::ReviewDateSet,
            review,
            if review {
                "A review date is set.".into()
            } else if cols.review_col {
                "No review date is recorded for this plan.".into()
            } else {
                "The export has no review date column, so no review date could be found.".into()
            },
            None,
        );
        let view = p.has(CHILD_VIEW);
        self.add(
            Rule::ChildsViewRecorded,
            view,
            if view {
                "The child's view appears in the plan.".into()
            } else if cols.view_col {
                "The child's view is not recorded for this plan.".into()
            } else {
                "No statement records the child's own view or wishes.".into()
            },
            None,
        );
        if cols.agree_col {
            let ok = p.lists.is_empty(List::NotAgreed);
            self.add(
                Rule::AgreementRecorded,
                ok,
                if ok {
                    "Agreement is recorded on every row.".into()
                } else {
                    format!("{} row(s) do not record agreement.", p.lists.len(List::NotAgreed))
                },
                Some(List::NotAgreed),
            );
        }
        let strength = p.has(STRENGTH);
        self.add(
            Rule::StrengthsRecorded,
            strength,
            if strength {
                "A strength of the family is recorded.".into()
            } else {
                "No strength is recorded: nothing says what is working well.".into()
            },
            None,
        );
        if p.concerns > 0 {
            let missing = p.lists.len(List::NoImpact);
            self.add(
                Rule::ConcernSaysImpact,
                missing == 0,
                if missing == 0 {
                    "Each concern says what it means for the child.".into()
                } else {
                    format!(
                        "{missing} of {} concern(s) do not say what they mean for the child's safety, health or wellbeing.",
                        p.concerns
                    )
                },
                Some(List::NoImpact),
            );
        }
    }

    /// Scaling from 0 to 10 is recorded, and how it moved since the last
    /// plan for the same child with scores. Gives the record's scaling.
    fn scaling(&mut self, link: Link, history: &History) -> Option<Scaling> {
        let scores = self.p.scores();
        let previous = link
            .scaled_before
            .and_then(|(_, before)| history.past.get(&before))
            .filter(|_| !scores.is_empty());
        let movement = previous.and_then(|b| moved(&b.scores, &scores));
        self.add(
            Rule::ScalingRecorded,
            !scores.is_empty(),
            match (scores.is_empty(), previous) {
                (true, _) => "No scaling from 0 to 10 of how safe the child is is recorded.".into(),
                (false, None) => format!("Scaling recorded: {}.", scores_text(&scores)),
                (false, Some(b)) => format!(
                    "Scaling recorded: {}. {} the plan of {} ({}: {}).",
                    scores_text(&scores),
                    match movement {
                        Some("up") => "Up from",
                        Some("down") => "Down from",
                        Some("same") => "The same as",
                        Some(_) => "Some up and some down from",
                        None => "Not comparable with",
                    },
                    long_date(b.date),
                    b.id,
                    scores_text(&b.scores)
                ),
            },
            None,
        );
        (!scores.is_empty()).then(|| Scaling {
            scores: scaled_by(&scores),
            previous: previous.map(|b| PreviousScaling {
                plan: b.id.clone(),
                date: date_of(b.date).map_or_else(String::new, |d| d.format("%Y-%m-%d").to_string()),
                scores: scaled_by(&b.scores),
            }),
            moved: movement.map(str::to_string),
        })
    }

    /// An action names the family's own network or how the change will last.
    fn change_sustained(&mut self) {
        let network = self.p.has(NETWORK);
        self.add(
            Rule::ChangeSustained,
            network,
            if network {
                "An action names the family's own network, or how the change will be kept up.".into()
            } else {
                "No action names the family's own network or says how the change will last once professionals step back.".into()
            },
            None,
        );
    }

    /// In a plan for several children, each has an outcome naming them or
    /// filed under them.
    fn every_child_included(&mut self) {
        let p = self.p;
        let children = p.children();
        if children.len() <= 1 {
            return;
        }
        let filed: Vec<String> = p.lists.to_vec(List::ChildFiled);
        let names: Vec<u32> = p
            .lists
            .of(List::OutcomeName)
            .filter_map(|e| Some(u32::from_le_bytes(e.try_into().ok()?)))
            .collect();
        let left_out: Vec<String> = children
            .iter()
            .filter(|(id, name)| {
                let named = |words: &str| {
                    words
                        .split_whitespace()
                        .next()
                        .is_some_and(|first| names.contains(&name_hash(first)))
                };
                !filed.contains(id) && !named(name) && !named(id)
            })
            .map(|(id, name)| match name.is_empty() {
                true => id.clone(),
                false => format!("{id} ({name})"),
            })
            .collect();
        self.add(
            Rule::EveryChildIncluded,
            left_out.is_empty(),
            if left_out.is_empty() {
                format!(
                    "Each of the {} children has an outcome of their own.",
                    children.len()
                )
            } else {
                format!(
                    "{} of the {} children have no outcome naming them or filed under them: {}.",
                    left_out.len(),
                    children.len(),
                    left_out.join(", ")
                )
            },
            None,
        );
    }

    /// Each service or professional named in the concerns or outcomes has an
    /// action of their own.
    fn every_professional_acts(&mut self) {
        let p = self.p;
        let named = p.lists.to_vec(List::Named);
        if named.is_empty() {
            return;
        }
        let doers = p.lists.to_vec(List::Doer);
        let idle: Vec<&str> = named
            .iter()
            .filter(|n| !doers.contains(n))
            .map(String::as_str)
            .collect();
        self.add(
            Rule::EveryProfessionalActs,
            idle.is_empty(),
            if idle.is_empty() {
                format!(
                    "Each service or professional named has an action: {}.",
                    named.join(", ")
                )
            } else {
                format!(
                    "Named in the concerns or outcomes but with no action of their own: {}.",
                    idle.join(", ")
                )
            },
            None,
        );
    }
}

/// Whether a child protection plan's review date is within the statutory
/// time, and what to say. The first review conference is due within 3 months
/// of the initial conference, later ones at most 6 months apart (Working
/// Together to Safeguard Children). The export gives each plan's date and its
/// next review date; earlier and later plans for the same child tell which
/// plan came from the initial conference.
fn cp_review(p: &Plan, link: Link, history: &History) -> (bool, String) {
    let Some(date) = date_of(p.date) else {
        return (true, String::new());
    };
    let Some(review) = date_of(p.review_date) else {
        return (
            false,
            "No review date is recorded, so the review conference cannot be shown to be within the time allowed.".into(),
        );
    };
    let months = |n| date.checked_add_months(chrono::Months::new(n)).unwrap_or(date);
    let (three, six) = (months(3), months(6));
    let plan_day = long_date(p.date);
    let review_day = long_date(p.review_date);
    if review <= date {
        return (
            false,
            format!("The review date ({review_day}) is not after the plan date ({plan_day})."),
        );
    }
    if let Some(before) = link.cp_before.and_then(|(_, b)| history.past.get(&b)) {
        if before.review_date != 0 && before.review_date < p.date {
            return (
                false,
                format!(
                    "This plan's conference ({plan_day}) was held after the review date the plan before set ({}, {}).",
                    long_date(before.review_date),
                    before.id
                ),
            );
        }
    }
    if review > six {
        return (
            false,
            format!(
                "The next review ({review_day}) is more than 6 months after the plan date ({plan_day}); child protection reviews must be no more than 6 months apart."
            ),
        );
    }
    let first = link.cp_before.is_none() && link.cp_after;
    match (first, review > three) {
        (true, true) => (
            false,
            format!(
                "This is the first child protection plan for the child in the export, so the first review was due within 3 months, by {}; the review date is {review_day}.",
                long_date(day_number(Some(three)))
            ),
        ),
        (true, false) => (
            true,
            format!("The first review ({review_day}) is within 3 months of the plan date ({plan_day})."),
        ),
        (false, false) => (
            true,
            format!("The next review ({review_day}) is within 3 months of the plan date ({plan_day})."),
        ),
        (false, true) if link.cp_before.is_some() => (
            true,
            format!("The next review ({review_day}) is within 6 months of this review's plan date ({plan_day})."),
        ),
        (false, true) => (
            true,
            format!(
                "The next review ({review_day}) is within 6 months of the plan date ({plan_day}). If this plan was made at the initial conference, the first review was due within 3 months, by {}.",
                long_date(day_number(Some(three)))
            ),
        ),
    }
}

/// A plan id's index key: two SipHash values of the id, salted apart (a
/// keyed hash, so the halves are independent). Rows of a plan come together,
/// so `Plans::place` hashes once per plan, not per row.
fn id_key(plan: &str) -> [u32; 4] {
    let half = |salt: u8| {
        let mut h = std::hash::DefaultHasher::new();
        salt.hash(&mut h);
        plan.hash(&mut h);
        h.finish()
    };
    let (a, b) = (half(0), half(1));
    [(a >> 32) as u32, a as u32, (b >> 32) as u32, b as u32]
}

pub(crate) fn is_na(s: &str) -> bool {
    // Asked of every cell of every row, so it compares without lowering a copy
    // (no non-ASCII character lowers to a letter of these words).
    let t = s.trim();
    ["n/a", "na", "-", "--", "—", "n.a.", "not applicable", "none"]
        .iter()
        .any(|w| t.eq_ignore_ascii_case(w))
}

#[cfg(test)]
mod na_tests {
    use super::is_na;

    #[test]
    fn not_applicable_cells_in_any_case() {
        for yes in [
            "N/A",
            " n/a ",
            "NA",
            "-",
            "--",
            "—",
            "N.A.",
            "Not Applicable",
            "NONE",
            "none",
        ] {
            assert!(is_na(yes), "{yes:?}");
        }
        for no in ["", "Mum", "n/a.", "nan", "Nobody", "none yet", "—-", "ＮＡ"] {
            assert!(!is_na(no), "{no:?}");
        }
    }
}
