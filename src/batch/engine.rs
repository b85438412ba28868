//! The batch engine: analyses a chunk of statement cells once per distinct
//! statement, and remembers recent analyses across chunks. Each pool thread
//! has its own engine and analyses whole chunks with it (`batch::process`).
//!
//! Exports repeat statements ("Mum to engage with services") across thousands
//! of rows, and most statements never read the plan date, so one analysis
//! serves every row that repeats the statement, whatever its plan date. The
//! analyser says whether it read the date; only statements that did are
//! analysed per date. Each analysis keeps its JSON line, and a row's line is
//! those bytes with the row's id put in, so a repeat costs a copy, not a
//! serialisation. The analyser is a pure function of the statement, its cells
//! and (when read) the date, so output does not depend on what the cache held.

use super::columns::Section;
use super::plan_facts::{self, Facts};
use crate::pipeline::Analyser;
use crate::record::{Analysis, Kind, Record, Unanalysed, SCHEMA};
use crate::stage::{Context, Reference};
use hashbrown::{DefaultHashBuilder, HashMap, HashTable};
use std::borrow::Borrow;
use std::hash::BuildHasher;
use std::io::{self, Write};
use std::sync::Arc;

/// Analyses remembered per cache generation, at most: 8,192 analyses, or
/// 24 MB of them (a record and its JSON line are about 4 KB for a one-line
/// statement, and grow with the statement: a 2,000-character one takes 40 KB).
const GENERATION: usize = 8_192;
const GENERATION_BYTES: usize = 12 << 20;

/// What a statement's analysis depends on, apart from the plan date.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Statement {
    /// The statement cell's text.
    pub text: String,
    /// The row's "responsible person" cell, when the export has one.
    pub owner: Option<String>,
    /// The row's "by when" cell, when the export has one.
    pub due: Option<String>,
    /// The row's own section (need, outcome or action), when the export says.
    pub section: Option<Kind>,
}

type Date = Reference;

/// One statement cell of one row, ready to analyse.
pub struct Item {
    /// The record's id: the row's id (or `row-N`), with the column's kind added when
    /// the row has several statement cells (`row-7:outcome`).
    pub id: String,
    /// What its analysis depends on.
    pub statement: Statement,
    /// The row's plan date, else the run's reference date.
    pub reference: Reference,
    /// The section the row or column files it under, safety-planning
    /// sections included (the statement carries only the kind it implies).
    pub section: Option<Section>,
    /// Why the item is not analysed: Err = error, Ok = skipped.
    pub not: Option<Result<String, String>>,
    /// The row had a concern cell and a blank outcome cell (side-by-side layout),
    /// for the plan checks.
    pub concern_without_outcome: bool,
    /// The row had an outcome cell and a blank action cell, for the plan checks.
    pub outcome_without_action: bool,
}

thread_local! {
    /// Where a record is serialised before it is copied out at its size.
    static JSON_SCRATCH: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// One analysis with its JSON line made once.
pub struct Shared {
    analysis: Arc<Analysis>,
    /// The record as JSON with `"id":null`; `id_at` is where `null` starts.
    json: Vec<u8>,
    id_at: usize,
    /// About how many bytes the two take, for the cache's budget.
    bytes: usize,
    /// What the plan checks read from the statement, when they run.
    facts: Option<Arc<Facts>>,
}

impl Shared {
    fn new(analysis: Analysis, json: bool) -> Self {
        debug_assert!(analysis.id.is_none());
        let (json, id_at) = if json {
            // `Record` is untagged, so an analysis serialises as its record does.
            // Into this thread's buffer first, then one copy of exactly its
            // size: growing a new vector took eight reallocations a record.
            let bytes = JSON_SCRATCH.with(|b| {
                let mut b = b.borrow_mut();
                b.clear();
                super::json::write_analysis(&mut b, &analysis);
                b.to_vec()
            });
            // `schema` comes first and is a constant, so the first `"id":null` is the id.
            let at = bytes.windows(9).position(|w| w == b"\"id\":null");
            (
                bytes,
                at.expect("a record without an id serialises \"id\":null") + 5,
            )
        } else {
            (Vec::new(), 0)
        };
        Shared {
            bytes: heap_bytes(&analysis) + json.len(),
            analysis: Arc::new(analysis),
            json,
            id_at,
            facts: None,
        }
    }

    /// Writes the record's JSON line with `id` in place.
    fn write_line(&self, id: &str, out: &mut dyn Write) -> io::Result<()> {
        out.write_all(&self.json[..self.id_at])?;
        serde_json::to_writer(&mut *out, id)?;
        out.write_all(&self.json[self.id_at + 4..])?;
        out.write_all(b"\n")
    }
}

/// A record's JSON line, completed with the row's id as it is written, so a
/// repeated statement costs one copy of its bytes and no allocation.
#[derive(Clone)]
pub enum JsonLine {
    /// An analysis shared by the rows that repeat its statement.
    Shared(Arc<Shared>),
    /// A record of its own (skipped or in error), serialised whole with its id.
    Whole(Vec<u8>),
}

impl JsonLine {
    /// Writes the record as one JSON line, with `id` as its id.
    pub fn write(&self, id: &str, out: &mut dyn Write) -> io::Result<()> {
        match self {
            JsonLine::Shared(s) => s.write_line(id, out),
            JsonLine::Whole(bytes) => out.write_all(bytes),
        }
    }
}

/// The analyses of one statement: one for every plan date, or one per date
/// when the analysis read the date.
///
/// A chunk's own table holds its items' statements by reference (`S` =
/// `&Statement`); only an entry the cache keeps gets a copy of its own.
#[derive(Clone)]
struct Entry<S = Statement> {
    hash: u64,
    statement: S,
    any_date: Option<Arc<Shared>>,
    by_date: HashMap<Date, Arc<Shared>>,
}

impl<S> Entry<S> {
    fn get(&self, date: Date) -> Option<&Arc<Shared>> {
        self.any_date.as_ref().or_else(|| self.by_date.get(&date))
    }
    fn len(&self) -> usize {
        self.any_date.is_some() as usize + self.by_date.len()
    }
    fn bytes(&self) -> usize {
        self.any_date
            .iter()
            .chain(self.by_date.values())
            .map(|s| s.bytes)
            .sum()
    }
}

/// Entries keyed by a hash computed once per item.
struct Table<S = Statement>(HashTable<Entry<S>>);

impl<S> Default for Table<S> {
    fn default() -> Self {
        Table(HashTable::new())
    }
}

impl<S: Borrow<Statement>> Table<S> {
    fn get(&self, hash: u64, s: &Statement) -> Option<&Entry<S>> {
        self.0.find(hash, |e| e.statement.borrow() == s)
    }
    fn get_mut(&mut self, hash: u64, s: &Statement) -> Option<&mut Entry<S>> {
        self.0.find_mut(hash, |e| e.statement.borrow() == s)
    }
    fn remove(&mut self, hash: u64, s: &Statement) -> Option<Entry<S>> {
        self.0
            .find_entry(hash, |e| e.statement.borrow() == s)
            .ok()
            .map(|o| o.remove().0)
    }
    /// Inserts `e`, returning the entry it replaced.
    fn insert(&mut self, e: Entry<S>) -> Option<Entry<S>> {
        let old = self.remove(e.hash, e.statement.borrow());
        self.0.insert_unique(e.hash, e, |e| e.hash);
        old
    }
}

/// Analyses items with a bounded cache of repeated statements; deterministic
/// whatever the thread count.
pub struct Engine<'a> {
    /// The analyser every statement goes through.
    pub analyser: &'a Analyser,
    /// Reads the plan checks' facts beside each analysis, when they run.
    facts: Option<&'a plan_facts::Reader>,
    /// Plan facts already read, by what they depend on (see [`FactsKey`]):
    /// a statement met with many "by when" cells or plan dates is read once.
    facts_known: HashMap<FactsKey, Arc<Facts>>,
    /// About how many bytes `facts_known` holds: its keys are whole
    /// statements, so a count alone does not bound it.
    facts_known_bytes: usize,
    hasher: DefaultHashBuilder,
    /// Two generations: statements met lately, and those met before. When the
    /// recent one is full it becomes the old one; a statement found in the old
    /// one moves back to the recent one, so common statements stay.
    recent: Table,
    old: Table,
    /// Hashes of the statements analysed in earlier chunks but not kept: a
    /// statement's analysis is kept only when it comes back, so an export
    /// whose statements are nearly all distinct does not fill the cache with
    /// analyses never used again (fresh memory every generation, freed a
    /// generation at a time, was a sixth of an audit's time there).
    met_once: HashTable<u64>,
    /// Analyses held in `recent`, and about how many bytes they take.
    held: usize,
    held_bytes: usize,
    /// Statements analysed so far (the rest were served from the cache).
    pub analyses: usize,
}

impl<'a> Engine<'a> {
    /// An engine that reads no plan facts.
    pub fn new(analyser: &'a Analyser) -> Self {
        Self::reading_facts(analyser, None)
    }

    /// An engine that also reads each statement's plan facts with `reader`.
    pub fn reading_facts(analyser: &'a Analyser, reader: Option<&'a plan_facts::Reader>) -> Self {
        Engine {
            analyser,
            facts: reader,
            facts_known: HashMap::default(),
            facts_known_bytes: 0,
            hasher: DefaultHashBuilder::default(),
            recent: Table::default(),
            old: Table::default(),
            met_once: HashTable::new(),
            held: 0,
            held_bytes: 0,
            analyses: 0,
        }
    }

    fn cached(&self, hash: u64, s: &Statement) -> Option<&Entry> {
        self.recent.get(hash, s).or_else(|| self.old.get(hash, s))
    }

    /// The record of each item, in order, each one's JSON line when `json`,
    /// and each one's plan facts when the engine reads them (none for an
    /// item not analysed).
    pub fn run(&mut self, items: &[Item], json: bool) -> Ran {
        let hashes: Vec<u64> = items
            .iter()
            .map(|it| self.hasher.hash_one(&it.statement))
            .collect();
        let mut fresh: Table<&Statement> = Table::default();
        // Round one analyses each new statement once, at the first plan date it
        // comes with; round two, the statements that read the date, at each of
        // their other dates.
        for _round in 0..2 {
            let mut todo: Vec<(usize, Date)> = Vec::new();
            // Items already queued, by index, found through the statement's
            // hash (no second hashing of the text): a new statement is queued
            // once, a known one once per date it lacks.
            let mut queued: HashTable<usize> = HashTable::new();
            for (i, (it, &h)) in items.iter().zip(&hashes).enumerate() {
                if it.not.is_some() {
                    continue;
                }
                let s = &it.statement;
                // Whether the statement is known, and known at this date.
                let known = match fresh.get(h, s) {
                    Some(e) => Some(e.get(it.reference).is_some()),
                    None => self.cached(h, s).map(|e| e.get(it.reference).is_some()),
                };
                let per_date = match known {
                    Some(true) => continue,
                    Some(false) => true,
                    None => false,
                };
                let same = |&j: &usize| {
                    let other = &items[j];
                    other.statement == *s && (!per_date || other.reference == it.reference)
                };
                if queued.find(h, same).is_none() {
                    queued.insert_unique(h, i, |&j| hashes[j]);
                    todo.push((i, it.reference));
                }
            }
            if todo.is_empty() {
                break;
            }
            self.analyses += todo.len();
            let (analyser, reader) = (self.analyser, self.facts);
            // Plan facts are read for the first analysis of each text,
            // responsible cell and section they are not yet known for.
            let mut reads = vec![false; todo.len()];
            if reader.is_some() {
                // Emptied here, never while this batch's facts are stored:
                // an item whose facts were found known must still find them.
                // So the table overshoots its bounds by at most one batch.
                if self.facts_known.len() >= FACTS_KNOWN || self.facts_known_bytes > FACTS_KNOWN_BYTES {
                    self.facts_known.clear();
                    self.facts_known_bytes = 0;
                }
                let mut first: hashbrown::HashSet<FactsRef> = hashbrown::HashSet::default();
                for (k, &(i, _)) in todo.iter().enumerate() {
                    let key = FactsRef::of(&items[i].statement);
                    reads[k] = !self.facts_known.contains_key(&key) && first.insert(key);
                }
            }
            let done: Vec<(Shared, bool)> = todo
                .iter()
                .zip(&reads)
                .map(|(&(i, date), &read)| {
                    let s = &items[i].statement;
                    let ctx = Context {
                        id: None,
                        reference: date,
                        owner_cell: s.owner.as_deref(),
                        due_cell: s.due.as_deref(),
                        section: s.section,
                    };
                    let (a, read_date) = analyser.analyse_noting_reference(&s.text, &ctx);
                    let facts = reader
                        .filter(|_| read)
                        .map(|r| Arc::new(r.read(analyser, &s.text, s.owner.as_deref(), &a)));
                    let mut shared = Shared::new(a, json);
                    shared.facts = facts;
                    (shared, read_date)
                })
                .collect();
            for ((i, date), (mut shared, read_date)) in todo.into_iter().zip(done) {
                let (h, s) = (hashes[i], &items[i].statement);
                if reader.is_some() {
                    // In todo order, so the first read of a key comes before its reuses.
                    match &shared.facts {
                        Some(f) => {
                            let key = FactsKey::of(s);
                            self.facts_known_bytes += key.heap_bytes() + FACT_BYTES;
                            self.facts_known.insert(key, f.clone());
                        }
                        None => shared.facts = self.facts_known.get(&FactsRef::of(s)).cloned(),
                    }
                }
                if fresh.get(h, s).is_none() {
                    // A statement new to this chunk, or a cached one that read
                    // the date, met at a new date: start from what is cached.
                    let (any_date, by_date) = self
                        .cached(h, s)
                        .map(|e| (e.any_date.clone(), e.by_date.clone()))
                        .unwrap_or_default();
                    fresh.insert(Entry {
                        hash: h,
                        statement: s,
                        any_date,
                        by_date,
                    });
                }
                let e = fresh.get_mut(h, s).expect("inserted above");
                let shared = Arc::new(shared);
                if read_date {
                    e.by_date.insert(date, shared);
                } else {
                    e.any_date = Some(shared);
                }
            }
        }
        let out: Vec<(Record, Option<JsonLine>, Option<Arc<Facts>>)> = items
            .iter()
            .zip(&hashes)
            .map(|(it, &h)| match &it.not {
                Some(r) => {
                    let rec = Record::Unanalysed(Unanalysed {
                        schema: SCHEMA,
                        id: Some(it.id.clone()),
                        text: if r.is_err() {
                            it.statement.text.chars().take(200).collect()
                        } else {
                            it.statement.text.clone()
                        },
                        error: r.as_ref().err().cloned(),
                        skipped: r.as_ref().ok().cloned(),
                    });
                    let line = json.then(|| JsonLine::Whole(json_line(&rec)));
                    (rec, line, None)
                }
                None => {
                    let (s, date) = (&it.statement, it.reference);
                    let shared = fresh
                        .get(h, s)
                        .and_then(|e| e.get(date))
                        .or_else(|| self.cached(h, s).and_then(|e| e.get(date)))
                        .expect("analysed above");
                    let line = json.then(|| JsonLine::Shared(shared.clone()));
                    (
                        Record::Analysed(shared.analysis.clone()),
                        line,
                        shared.facts.clone(),
                    )
                }
            })
            .collect();
        self.remember(items, &hashes, fresh);
        let mut ran = Ran {
            records: Vec::with_capacity(out.len()),
            json: Vec::with_capacity(if json { out.len() } else { 0 }),
            facts: Vec::with_capacity(if self.facts.is_some() { out.len() } else { 0 }),
        };
        for (rec, line, facts) in out {
            ran.records.push(rec);
            ran.json.extend(line);
            if self.facts.is_some() {
                ran.facts.push(facts);
            }
        }
        ran
    }

    /// Keeps this chunk's analyses, and moves the old-generation entries it
    /// used back to the recent one. Done after every record is resolved, so a
    /// generation change cannot drop a hit.
    fn remember(&mut self, items: &[Item], hashes: &[u64], mut fresh: Table<&Statement>) {
        // In item order, so what the cache holds never depends on hash order.
        for (it, &h) in items.iter().zip(hashes) {
            if it.not.is_some() {
                continue;
            }
            let s = &it.statement;
            let entry = match fresh.remove(h, s) {
                // Analyses that read the plan date are kept for this chunk only:
                // rows of one plan share a date and sit together, so a later
                // chunk rarely meets the same statement on the same date, and
                // keeping them would push out analyses every date can use.
                Some(Entry { any_date: None, .. }) => continue,
                Some(_) if self.first_meeting(h) => continue,
                Some(e) => Entry {
                    hash: e.hash,
                    statement: e.statement.clone(),
                    any_date: e.any_date,
                    by_date: HashMap::default(),
                },
                None if self.recent.get(h, s).is_none() => match self.old.remove(h, s) {
                    Some(e) => e,
                    None => continue,
                },
                None => continue,
            };
            let (n, bytes) = (entry.len(), entry.bytes());
            let (gone, gone_bytes) = self.recent.insert(entry).map_or((0, 0), |o| (o.len(), o.bytes()));
            self.held = self.held + n - gone;
            self.held_bytes = self.held_bytes + bytes - gone_bytes;
            if self.held > GENERATION || self.held_bytes > GENERATION_BYTES {
                self.old = std::mem::take(&mut self.recent);
                self.held = 0;
                self.held_bytes = 0;
            }
        }
    }

    /// Notes a statement's hash as met, and says whether it was new. Forgets
    /// every hash at [`MET_ONCE`]; a statement that returns after that is
    /// analysed once more before it is kept. The table is a hint only: a
    /// collision merely keeps an analysis.
    fn first_meeting(&mut self, hash: u64) -> bool {
        if let Ok(seen) = self.met_once.find_entry(hash, |&x| x == hash) {
            seen.remove();
            return false;
        }
        if self.met_once.len() >= MET_ONCE {
            self.met_once.clear();
        }
        self.met_once.insert_unique(hash, hash, |&x| x);
        true
    }
}

/// Statements remembered as met once, at most (8 bytes each, and the
/// table's own byte).
const MET_ONCE: usize = 1 << 16;

/// What [`Engine::run`] gives back, item by item.
pub struct Ran {
    pub records: Vec<Record>,
    /// Empty unless JSON lines were asked for.
    pub json: Vec<JsonLine>,
    /// Empty unless the engine reads plan facts; `None` for an item not analysed.
    pub facts: Vec<Option<Arc<Facts>>>,
}

/// Plan facts kept for reuse, at most, and the bytes their keys and facts
/// may take (about; each key holds its whole statement).
const FACTS_KNOWN: usize = 16_384;
const FACTS_KNOWN_BYTES: usize = 8 << 20;
/// About what one fact set holds besides its key.
const FACT_BYTES: usize = 320;

/// What a statement's plan facts depend on: its text, its "responsible" cell
/// and its section; not its "by when" cell or the plan date.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct FactsKey {
    text: String,
    owner: Option<String>,
    section: Option<Kind>,
}

/// A [`FactsKey`] borrowed from a statement; hashes as the key does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct FactsRef<'s> {
    text: &'s str,
    owner: Option<&'s str>,
    section: Option<Kind>,
}

impl FactsKey {
    fn heap_bytes(&self) -> usize {
        self.text.len() + self.owner.as_ref().map_or(0, |o| o.len() + 32) + 64
    }

    fn of(s: &Statement) -> Self {
        FactsKey {
            text: s.text.clone(),
            owner: s.owner.clone(),
            section: s.section,
        }
    }
}

impl<'s> FactsRef<'s> {
    fn of(s: &'s Statement) -> Self {
        FactsRef {
            text: &s.text,
            owner: s.owner.as_deref(),
            section: s.section,
        }
    }
}

impl hashbrown::Equivalent<FactsKey> for FactsRef<'_> {
    fn equivalent(&self, key: &FactsKey) -> bool {
        self.text == key.text && self.owner == key.owner.as_deref() && self.section == key.section
    }
}

/// About how many heap bytes an analysis holds: its strings dominate, each
/// with its allocation's overhead.
fn heap_bytes(a: &Analysis) -> usize {
    let s = |t: &str| t.len() + 32;
    let reasons: usize = crate::record::Criterion::ALL
        .iter()
        .flat_map(|&c| &a.smart.get(c).reasons)
        .map(|r| s(r))
        .sum();
    let spans: usize = a.owners.iter().map(|o| s(&o.text) + 40).sum::<usize>()
        + a.timescales
            .iter()
            .map(|t| s(&t.text) + t.date.as_deref().map_or(0, s) + 48)
            .sum::<usize>()
        + a.measures.iter().map(|m| s(&m.text) + 40).sum::<usize>();
    let findings: usize = a
        .findings
        .iter()
        .map(|f| {
            s(f.rule.id())
                + s(&f.message)
                + f.suggestion.as_deref().map_or(0, s)
                + f.text.as_deref().map_or(0, s)
                + 64
        })
        .sum();
    let rewrite = a.rewrite.as_ref().map_or(0, |r| {
        s(&r.text)
            + r.slots.iter().map(|x| s(x)).sum::<usize>()
            + r.alternatives
                .iter()
                .map(|alt| s(&alt.text) + s(&alt.reading) + alt.slots.iter().map(|x| s(x)).sum::<usize>())
                .sum::<usize>()
    });
    std::mem::size_of::<Analysis>() + s(&a.text) + s(&a.kind_reason) + reasons + spans + findings + rewrite
}

fn json_line(rec: &Record) -> Vec<u8> {
    let mut v = serde_json::to_vec(rec).unwrap_or_default();
    v.push(b'\n');
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(id: &str, text: &str, owner: Option<&str>, due: Option<&str>, as_of: &str) -> Item {
        Item {
            id: id.into(),
            statement: Statement {
                text: text.into(),
                section: None,
                owner: owner.map(str::to_string),
                due: due.map(str::to_string),
            },
            reference: as_of
                .parse()
                .map(Reference::plan_date)
                .unwrap_or(Reference::today(
                    chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
                )),
            section: None,
            not: None,
            concern_without_outcome: false,
            outcome_without_action: false,
        }
    }

    /// Shared analyses and spliced JSON lines give each row exactly the record
    /// and line a fresh analysis of that row gives, across chunks and dates.
    #[test]
    fn cached_and_shared_records_equal_fresh_ones() {
        let analyser = Analyser::builtin();
        let texts = [
            // Reads no date: a frequency needs no example date in a suggestion.
            "Mum to engage with services every week",
            "Dad to finish the course within 6 weeks",
            "SW to visit \"weekly\" by 30/04/2026",
            "Review on 3rd March",
        ];
        let dues = [None, Some("within 6 weeks"), Some("ongoing"), Some("30/04/2026")];
        let dates = ["2025-09-08", "2026-04-28", "2019-01-01"];
        let mut items = Vec::new();
        for n in 0..96 {
            items.push(item(
                &format!("R\"{n}"),
                texts[n % 4],
                (n % 3 == 0).then_some("Mum"),
                dues[n / 4 % 4],
                dates[n / 16 % 3],
            ));
        }
        let mut engine = Engine::new(&analyser);
        let mut rows = 0;
        for chunk in [&items[..40], &items[40..], &items[..]] {
            rows += chunk.len();
            let Ran {
                records, json: lines, ..
            } = engine.run(chunk, true);
            assert_eq!((records.len(), lines.len()), (chunk.len(), chunk.len()));
            for ((it, rec), json) in chunk.iter().zip(&records).zip(&lines) {
                let mut line = Vec::new();
                json.write(&it.id, &mut line).unwrap();
                let s = &it.statement;
                let mut fresh = analyser.analyse(
                    &s.text,
                    &Context {
                        id: None,
                        reference: it.reference,
                        owner_cell: s.owner.as_deref(),
                        due_cell: s.due.as_deref(),
                        section: None,
                    },
                );
                assert_eq!(rec.analysis(), Some(&fresh), "{}", it.id);
                fresh.id = Some(it.id.clone());
                let mut want = serde_json::to_vec(&fresh).unwrap();
                want.push(b'\n');
                assert_eq!(String::from_utf8_lossy(&line), String::from_utf8_lossy(&want));
            }
        }
        // Three of the texts read the plan date (a date's direction, a span
        // from it), and so do dated or vague "by when" cells (a date checked
        // against the plan's, an example date six weeks on), so only rows
        // repeating within a chunk share those.
        assert!(
            engine.held > 0 && engine.analyses < rows,
            "held {} analyses {} of {rows} rows",
            engine.held,
            engine.analyses
        );
    }

    /// On an export of distinct statements the cache keeps nothing: an
    /// analysis is kept when its statement comes back in a later chunk, and
    /// serves the meetings after that.
    #[test]
    fn analyses_are_kept_only_for_statements_met_again() {
        let analyser = Analyser::builtin();
        let items: Vec<Item> = [
            "Mum to attend the group weekly",
            "Dad to call the school every Monday",
        ]
        .iter()
        .enumerate()
        .map(|(n, text)| item(&format!("R{n}"), text, None, None, "2025-09-08"))
        .collect();
        let mut engine = Engine::new(&analyser);
        let mut seen = Vec::new();
        for _ in 0..3 {
            engine.run(&items, false);
            seen.push((engine.held, engine.analyses));
        }
        assert_eq!(seen, [(0, 2), (2, 4), (2, 4)]);
    }

    /// Plan facts read once per text, responsible cell and section, and
    /// shared with every row that repeats them (whatever its "by when" cell
    /// or date), equal those read fresh for each row.
    #[test]
    fn shared_plan_facts_equal_fresh_ones() {
        let analyser = Analyser::builtin();
        let reader = plan_facts::Reader::new(analyser.lexicons());
        let texts = [
            "Grandma to collect Ava from school every Monday",
            "Scaling: SW 3, Mum 6",
            "CAMHS say Ava is frightened at night",
            "Dad to see the drug worker weekly",
        ];
        let owners = [None, Some("Health visitor"), Some("Mum")];
        let dues = [None, Some("within 6 weeks"), Some("30/04/2026")];
        let dates = ["2025-09-08", "2026-04-28"];
        let items: Vec<Item> = (0..72)
            .map(|n| {
                item(
                    &format!("R{n}"),
                    texts[n % 4],
                    owners[n / 4 % 3],
                    dues[n / 12 % 3],
                    dates[n / 36 % 2],
                )
            })
            .collect();
        let mut engine = Engine::reading_facts(&analyser, Some(&reader));
        for chunk in [&items[..30], &items[30..], &items[..]] {
            let ran = engine.run(chunk, false);
            assert_eq!(ran.facts.len(), chunk.len());
            for ((it, rec), facts) in chunk.iter().zip(&ran.records).zip(&ran.facts) {
                let s = &it.statement;
                let fresh = reader.read(&analyser, &s.text, s.owner.as_deref(), rec.analysis().unwrap());
                assert_eq!(facts.as_deref(), Some(&fresh), "{}", it.id);
            }
        }
        assert!(engine.facts_known.len() <= texts.len() * owners.len());
        let f = &engine.facts_known;
        assert!(f.values().any(|x| x.network) && f.values().any(|x| !x.scores.is_empty()));
    }
}
