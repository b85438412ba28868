//! Plan-level checks: rows grouped by plan id, checked for what the guidance
//! asks of a whole plan. Per row only the facts the checks need are kept.

use crate::record::{Kind, OwnerKind, Record, TimeKind};
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
    pub plan: String,
    #[serde(default)]
    pub rows: usize,
    pub score: u8,
    #[serde(default)]
    pub checks: Vec<PlanCheck>,
    #[serde(default)]
    pub group: BTreeMap<String, String>,
}

/// One plan-level check (e.g. every action has an owner).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanCheck {
    pub check: String,
    pub passed: bool,
    #[serde(default)]
    pub message: String,
    #[serde(default)]
    pub rows: Vec<String>,
}

/// The facts of one statement that the plan checks read.
pub struct Item<'a> {
    pub id: String,
    pub section: Option<Kind>,
    pub record: &'a Record,
    /// The row had a concern cell and a blank outcome cell (side-by-side layout).
    pub concern_without_outcome: bool,
    /// The row had an outcome cell and a blank action cell.
    pub outcome_without_action: bool,
    /// The row's "responsible" cell names someone.
    pub owner_cell: bool,
    /// The row's "by when" cell holds a date.
    pub due_date_cell: bool,
}

#[derive(Default)]
struct Plan {
    id: String,
    rows: usize,
    concerns: usize,
    outcomes: usize,
    actions: usize,
    family_actions: usize,
    review: bool,
    child_view: bool,
    /// Row ids behind each check, and the plan's value of each group column
    /// (in `Plans::group_columns` order).
    lists: Lists,
}

/// Bounded ids kept per failure list, so a huge plan cannot grow without limit.
const MAX_IDS: usize = 50;

/// The lists of row ids a plan keeps (and its group values), all packed into
/// one buffer per plan: an audit holds every plan until the end, and most
/// lists hold a few short ids, so one allocation per plan instead of one per id.
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
}

#[derive(Default)]
struct Lists {
    /// Entries of `[list, length (u32 LE), bytes]`.
    packed: Vec<u8>,
    counts: [u8; 8],
}

impl Lists {
    /// Adds `id` to `list`, up to `MAX_IDS` a list.
    fn push(&mut self, list: List, id: &str) {
        self.push_tagged(list as u8, id.as_bytes());
    }
    /// Adds an entry by its packed tag (as [`Lists::entries`] gives it back).
    fn push_tagged(&mut self, tag: u8, id: &[u8]) {
        let n = &mut self.counts[tag as usize];
        if (*n as usize) < MAX_IDS {
            *n += 1;
            self.packed.push(tag);
            self.packed.extend_from_slice(&(id.len() as u32).to_le_bytes());
            self.packed.extend_from_slice(id);
        }
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
    fn to_vec(&self, list: List) -> Vec<String> {
        self.entries()
            .filter(|&(tag, _)| tag == list as u8)
            .map(|(_, id)| String::from_utf8_lossy(id).into_owned())
            .collect()
    }
}

impl Plan {
    /// Adds a later part of the same plan (its rows came after a spill).
    fn absorb(&mut self, later: Plan) {
        self.rows += later.rows;
        self.concerns += later.concerns;
        self.outcomes += later.outcomes;
        self.actions += later.actions;
        self.family_actions += later.family_actions;
        self.review |= later.review;
        self.child_view |= later.child_view;
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
        w.write_all(&[self.review as u8 | (self.child_view as u8) << 1])?;
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
        let mut flags = [0u8; 1];
        r.read_exact(&mut flags)?;
        let mut list_counts = [0u8; 8];
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
                review: flags[0] & 1 != 0,
                child_view: flags[0] & 2 != 0,
                lists: Lists {
                    packed,
                    counts: list_counts,
                },
            },
        )))
    }
}

/// Plans checked at once before their state is spilled to a temporary file.
const OPEN_PLANS: usize = 16_384;

pub struct Plans {
    /// Each plan's place in order of first appearance, keyed by a 128-bit
    /// hash of its id, so a plan costs 21 bytes a table slot however long
    /// its id (as four u32s: a u128 key would pad each slot to 33 bytes).
    /// Two ids would have to share all 128 bits to be taken for one plan.
    index: HashMap<[u32; 4], u32>,
    /// The last plan looked up: an export's rows come plan by plan.
    last: Option<(String, u32)>,
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
    pub has_agreement_column: bool,
    pub has_review_column: bool,
    pub has_child_view_column: bool,
}

impl Default for Plans {
    fn default() -> Self {
        Plans::checking(std::env::temp_dir())
    }
}

/// Words that show the child's own view was recorded in a statement.
const CHILD_VIEW_CUES: &[&str] = &[
    "wishes and feelings",
    "child's view",
    "views of",
    "has said",
    "said that",
    "told",
    "wants to",
    "would like to",
    "voice of the child",
];

impl Plans {
    /// Plans checked for plan records. Check state beyond a few thousand
    /// plans is spilled to unnamed temporary files in `spill_dir`, so memory
    /// stays flat however many plans the export holds.
    pub fn checking(spill_dir: PathBuf) -> Self {
        Plans {
            index: HashMap::default(),
            last: None,
            open: BTreeMap::new(),
            runs: Vec::new(),
            spill_dir,
            open_limit: OPEN_PLANS,
            group_columns: Vec::new(),
            count_only: false,
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
        let mut f = tempfile::tempfile_in(&self.spill_dir).map_err(|e| {
            io::Error::new(
                e.kind(),
                format!(
                    "cannot write plan checks to a temporary file in {}: {e}",
                    self.spill_dir.display()
                ),
            )
        })?;
        {
            let mut w = BufWriter::new(&mut f);
            for (place, p) in std::mem::take(&mut self.open) {
                p.write_to(place, &mut w)?;
            }
            w.flush()?;
        }
        f.rewind()?;
        self.runs.push(f);
        Ok(())
    }

    /// Adds one row. `cells` of the row give review date, agreement and child's view.
    pub fn add_row(
        &mut self,
        plan: &str,
        review: Option<&str>,
        agreed: Option<&str>,
        child_view: Option<&str>,
        group: &[(&str, &str)],
        row_id: &str,
    ) -> io::Result<()> {
        let (place, first_row) = self.place(plan);
        if self.count_only {
            return Ok(());
        }
        if self.group_columns.is_empty() {
            self.group_columns = group.iter().map(|(c, _)| c.to_string()).collect();
        }
        let p = self.open_state(place, plan)?;
        p.rows += 1;
        if review.is_some_and(|r| !r.trim().is_empty()) {
            p.review = true;
        }
        if child_view.is_some_and(|c| !c.trim().is_empty() && !is_na(c)) {
            p.child_view = true;
        }
        if let Some(a) = agreed {
            let a = a.trim().to_lowercase();
            if !matches!(a.as_str(), "yes" | "y" | "agreed" | "true" | "1" | "signed") {
                p.lists.push(List::NotAgreed, row_id);
            }
        }
        if first_row {
            for (_, v) in group {
                p.lists.push(List::Group, v.trim());
            }
        }
        Ok(())
    }

    /// Adds one statement of the plan's row given last to [`Plans::add_row`].
    pub fn add_item(&mut self, plan: &str, item: &Item) {
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
            p.lists.push(List::NoOutcome, &item.id);
        }
        if item.outcome_without_action {
            p.lists.push(List::NoAction, &item.id);
        }
        let Some(a) = item.record.analysis() else { return };
        let lower = a.text.to_lowercase();
        if CHILD_VIEW_CUES.iter().any(|c| lower.contains(c)) {
            p.child_view = true;
        }
        let kind = item.section.unwrap_or(a.kind);
        match kind {
            Kind::Concern => {
                p.concerns += 1;
                p.lists.push(List::ConcernIds, &item.id);
            }
            Kind::Outcome => {
                p.outcomes += 1;
                p.lists.push(List::OutcomeIds, &item.id);
            }
            Kind::Action | Kind::Mixed => {
                p.actions += 1;
                if a.owners.is_empty() && !item.owner_cell {
                    p.lists.push(List::Unowned, &item.id);
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
                    p.lists.push(List::Undated, &item.id);
                }
                // The first party named is the doer in "X to …" / "X will …"; others are only mentioned.
                if a.owners.first().is_some_and(|o| o.kind == OwnerKind::Family) {
                    p.family_actions += 1;
                }
            }
        }
    }

    pub fn len(&self) -> usize {
        self.index.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Each plan's record, in order of first appearance, made one at a time
    /// so the records of a large export are never all in memory at once: the
    /// spilled runs and the open plans are merged by place, and the parts of
    /// a plan that was spilled and met again are joined in row order.
    pub fn finish(self) -> impl Iterator<Item = io::Result<PlanRecord>> {
        let check = Checker {
            group_columns: self.group_columns,
            agree_col: self.has_agreement_column,
            review_col: self.has_review_column,
            view_col: self.has_child_view_column,
        };
        let mut runs: Vec<BufReader<std::fs::File>> = self.runs.into_iter().map(BufReader::new).collect();
        let mut open = self.open.into_iter();
        let sources = runs.len() + 1;
        // The next plan of source `i`: each run in turn, then the open plans
        // (last: their rows came latest).
        let mut next_of = move |i: usize| match runs.get_mut(i) {
            Some(r) => Plan::read_from(r),
            None => Ok(open.next()),
        };
        // Each source's next unread plan; filled on the first call.
        let mut heads: Vec<Option<(u32, Plan)>> = Vec::with_capacity(sources);
        let mut next_record = move |heads: &mut Vec<Option<(u32, Plan)>>| -> io::Result<Option<PlanRecord>> {
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
            Ok(plan.map(|p| check.record(p)))
        };
        std::iter::from_fn(move || match next_record(&mut heads) {
            Ok(record) => record.map(Ok),
            Err(e) => {
                // Stop after an error: every source reads as finished.
                heads = (0..sources).map(|_| None).collect();
                Some(Err(e))
            }
        })
    }
}

/// Makes a plan's record from its state.
struct Checker {
    group_columns: Vec<String>,
    agree_col: bool,
    review_col: bool,
    view_col: bool,
}

impl Checker {
    fn record(&self, p: Plan) -> PlanRecord {
        let Checker {
            group_columns,
            agree_col,
            review_col,
            view_col,
        } = self;
        let (agree_col, review_col, view_col) = (*agree_col, *review_col, *view_col);
        let mut checks = Vec::new();
        let mut c = |check: &str, passed, message: String, rows: Vec<String>| {
            checks.push(PlanCheck {
                check: check.to_string(),
                passed,
                message,
                rows: if passed { vec![] } else { rows },
            })
        };
        let concern_ok = p.lists.is_empty(List::NoOutcome) && (p.concerns == 0 || p.outcomes > 0);
        c(
            "concern-has-outcome",
            concern_ok,
            if concern_ok {
                "Each concern has an outcome.".into()
            } else {
                "A concern has no outcome saying what needs to change.".into()
            },
            if p.lists.is_empty(List::NoOutcome) {
                p.lists.to_vec(List::ConcernIds)
            } else {
                p.lists.to_vec(List::NoOutcome)
            },
        );
        let outcome_ok = p.lists.is_empty(List::NoAction) && (p.outcomes == 0 || p.actions > 0);
        c(
            "outcome-has-action",
            outcome_ok,
            if outcome_ok {
                "Each outcome has at least one action.".into()
            } else {
                "An outcome has no action saying what will be done.".into()
            },
            if p.lists.is_empty(List::NoAction) {
                p.lists.to_vec(List::OutcomeIds)
            } else {
                p.lists.to_vec(List::NoAction)
            },
        );
        c(
            "action-has-owner",
            p.lists.is_empty(List::Unowned),
            if p.lists.is_empty(List::Unowned) {
                "Every action says who will do it.".into()
            } else {
                format!(
                    "{} action(s) do not say who will do it.",
                    p.lists.len(List::Unowned)
                )
            },
            p.lists.to_vec(List::Unowned),
        );
        c(
            "action-has-deadline",
            p.lists.is_empty(List::Undated),
            if p.lists.is_empty(List::Undated) {
                "Every action has a deadline.".into()
            } else {
                format!("{} action(s) have no deadline.", p.lists.len(List::Undated))
            },
            p.lists.to_vec(List::Undated),
        );
        let family_ok = p.actions == 0 || p.family_actions < p.actions;
        c(
            "not-family-alone",
            family_ok,
            if family_ok {
                "Professionals share the actions with the family.".into()
            } else {
                "Every action falls on the family; none on a professional or service.".into()
            },
            vec![],
        );
        c(
            "review-date-set",
            p.review,
            if p.review {
                "A review date is set.".into()
            } else if review_col {
                "No review date is recorded for this plan.".into()
            } else {
                "The export has no review date column, so no review date could be found.".into()
            },
            vec![],
        );
        c(
            "childs-view-recorded",
            p.child_view,
            if p.child_view {
                "The child's view appears in the plan.".into()
            } else if view_col {
                "The child's view is not recorded for this plan.".into()
            } else {
                "No statement records the child's own view or wishes.".into()
            },
            vec![],
        );
        if agree_col {
            let ok = p.lists.is_empty(List::NotAgreed);
            c(
                "agreement-recorded",
                ok,
                if ok {
                    "Agreement is recorded on every row.".into()
                } else {
                    format!("{} row(s) do not record agreement.", p.lists.len(List::NotAgreed))
                },
                p.lists.to_vec(List::NotAgreed),
            );
        }
        let passed = checks.iter().filter(|c| c.passed).count();
        let score = ((passed * 100) as f64 / checks.len() as f64).round() as u8;
        PlanRecord {
            group: group_columns
                .iter()
                .cloned()
                .zip(p.lists.to_vec(List::Group))
                .collect(),
            plan: p.id,
            rows: p.rows,
            score,
            checks,
        }
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

pub fn is_na(s: &str) -> bool {
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
