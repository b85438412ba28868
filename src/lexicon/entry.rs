//! Lexicon entries and their loading: the file format, the categories, and
//! merging override files over the built-in ones.

use crate::rules::Severity;
use serde::Deserialize;
use std::collections::HashMap;
use std::fmt;

/// What a lexicon's words are for. Each category is read by one part of the
/// analyser; `flags()` says whether its entries raise findings themselves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "kebab-case")]
pub enum Category {
    /// Wording that leaves what, how much or when open.
    Vague,
    /// Escape clauses and hedged commitment ("will try to", "if possible").
    Hedge,
    /// Absolutes that set a plan up to fail ("never", "stop drinking immediately").
    Absolute,
    /// Evidence that rests on a parent's word alone.
    SelfReport,
    /// Records of agreement, signatures, the child's own words.
    Agreement,
    /// Professionals by role ("social worker", "SW").
    Role,
    /// Organisations and services ("CAMHS", "the school").
    Agency,
    /// Family members and carers by relation ("mum", "foster carer").
    Family,
    /// Parties nobody can be held to ("professionals", "everyone").
    Collective,
    /// Time words: months, weekdays, frequencies, vague time, plan events, school periods.
    Time,
    /// Measure instruments, scales and records ("sleep diary", "SDQ").
    Measure,
    /// Words that mark what kind of statement this is (instruction verbs, state verbs).
    KindCue,
    /// Negation ("not", "no", "never") — never a fault in itself.
    Negation,
    /// What a statement is about, with a suggestion of what could be counted.
    MeasureTopic,
    /// Closed-class words the grammar reads (modals, determiners, pronouns,
    /// prepositions …): each entry's `kind` is a [`WordClass`].
    Word,
    /// Named problems: labels for a worry ("neglect") that say nothing seen,
    /// and work that takes months ("drinking", "debt").
    Problem,
    /// Words only the plan-level checks read, never the statement analyser:
    /// safety-planning section names, strengths, the family's network,
    /// scaling, which services count as one party.
    Plan,
    /// Words only the rewrite reads: what replaces a vague phrase, and which
    /// verbs name work that recurs, a standing rule or a change.
    Rewrite,
}

impl Category {
    /// A category of responsible parties: the owner lexicons.
    pub fn is_party(self) -> bool {
        matches!(
            self,
            Category::Family | Category::Role | Category::Agency | Category::Collective
        )
    }
    /// Every category, for code that must cover them all (e.g. a test that
    /// each has built-in entries).
    pub const ALL: [Category; 18] = [
        Category::Vague,
        Category::Hedge,
        Category::Absolute,
        Category::SelfReport,
        Category::Agreement,
        Category::Role,
        Category::Agency,
        Category::Family,
        Category::Collective,
        Category::Time,
        Category::Measure,
        Category::KindCue,
        Category::Negation,
        Category::MeasureTopic,
        Category::Word,
        Category::Problem,
        Category::Plan,
        Category::Rewrite,
    ];

    /// Categories whose entries raise findings and so must carry examples.
    pub fn flags(self) -> bool {
        matches!(
            self,
            Category::Vague
                | Category::Hedge
                | Category::Absolute
                | Category::SelfReport
                | Category::Collective
        )
    }

    /// Kinds whose entries raise findings in a category that otherwise does
    /// not (a problem's `label`): such entries need a message and examples.
    pub fn flagging_kinds(self) -> &'static [&'static str] {
        match self {
            Category::Problem => &["label"],
            _ => &[],
        }
    }

    /// Whether a longer match of this category hides shorter matches inside
    /// it ("family support worker" hides "support"). Cue words neither hide
    /// nor are hidden.
    pub fn shadows(self) -> bool {
        !matches!(
            self,
            Category::KindCue
                | Category::Negation
                | Category::MeasureTopic
                | Category::Word
                | Category::Plan
                | Category::Problem
                | Category::Rewrite
        )
    }

    /// The `kind` values this category's entries may carry; a file that uses
    /// another is refused at load (a typo would silently match nothing).
    /// Empty: entries carry no kind.
    pub fn kinds(self) -> &'static [&'static str] {
        match self {
            Category::Time => &[
                "month",
                "weekday",
                "day",
                "holiday",
                "season",
                "school",
                "event",
                "event-verb",
                "placeholder",
                "number",
                "article",
                "ordinal",
                "ordinal-word",
                "times",
                "unit",
                "per",
                "anchor",
                "relative",
                "edge",
                "of",
                "to",
                "offset",
                "tail",
                "streak",
                "limiter",
                "every",
                "age",
                "genitive",
                "clock",
                "meridiem",
                "version",
                "period",
                "frequency",
                "deadline",
                "vague",
            ],
            Category::Measure => &[
                "record",
                "scale",
                "test",
                "count",
                "countable",
                "unit",
                "standard",
                "limiter",
                "bound",
                "partitive",
                "range",
                "range-joiner",
                "per",
                "rate",
                "streak",
                "all-or-none",
                "label",
                "age",
                "past",
                "time-lead",
                "frame",
                "clock",
                "rank",
                "modifier",
                "change",
                "fraction",
            ],
            Category::KindCue => &[
                "habit",
                "now",
                "ensure",
                "result",
                "instruction",
                "evidence",
                "behaviour",
                "change",
                "concern",
                "impact",
                "service",
                "care",
                "provision",
                "problem",
                "target",
                "outcome-label",
            ],
            Category::Word => WordClass::NAMES,
            Category::Problem => &["label"],
            Category::Family => &["child"],
            Category::Agreement => &["agreed", "record", "own-words"],
            Category::Plan => &[
                "section",
                "plan-type",
                "strength",
                "network",
                "sustain",
                "scaling",
                "party",
                "not-a-party",
            ],
            Category::Rewrite => &[
                "replace",
                "reword",
                "change",
                "comparative",
                "ongoing",
                "standing",
                "helping",
                "single",
                "account",
                "unfilled",
                "example",
                "once",
            ],
            _ => &[],
        }
    }

    /// The kinds whose entries are grammar words (limiters, joiners, labels):
    /// they mark structure, so they neither hide shorter words inside them
    /// nor are hidden by longer ones ("more" in "no more than" stays a vague
    /// word's to judge; "year" in the school period "Year 4" stays a level).
    pub fn grammar_kinds(self) -> &'static [&'static str] {
        match self {
            Category::Measure => &[
                "limiter",
                "bound",
                "partitive",
                "range",
                "range-joiner",
                "per",
                "rate",
                "streak",
                "all-or-none",
                "label",
                "age",
                "past",
                "time-lead",
                "frame",
                "clock",
                "rank",
                "modifier",
                "change",
                "fraction",
            ],
            _ => &[],
        }
    }

    /// Checks an entry's `value` against its kind, for the kinds whose
    /// value the reading part needs (a time word's month number, an
    /// anchor's role …): a typo would silently match nothing. Returns what
    /// was expected.
    pub fn check_value(self, kind: Option<&str>, value: Option<&str>) -> Result<(), String> {
        if self != Category::Time {
            return Ok(());
        }
        let int_in = |lo: i64, hi: i64| -> bool {
            value
                .and_then(|v| v.parse::<i64>().ok())
                .is_some_and(|n| (lo..=hi).contains(&n))
        };
        let one_of = |names: &[&str]| value.is_some_and(|v| names.contains(&v));
        let (ok, expected): (bool, String) = match kind.unwrap_or("") {
            "month" => (int_in(1, 12), "a month number, 1 to 12".into()),
            "weekday" => (
                int_in(1, 7) || value == Some("weekend"),
                "1 (Monday) to 7 (Sunday), or weekend".into(),
            ),
            "day" => (int_in(-31, 31), "days from today, e.g. 1 for tomorrow".into()),
            "ordinal-word" => (int_in(1, 31), "a day number, 1 to 31".into()),
            "clock" => (int_in(0, 23), "an hour, 0 to 23".into()),
            "number" | "times" => (
                value.is_none() || int_in(0, 1000),
                "a whole number, or no value".into(),
            ),
            "holiday" => (
                value
                    .and_then(|v| v.split_once('-'))
                    .and_then(|(m, d)| Some((m.parse::<u32>().ok()?, d.parse::<u32>().ok()?)))
                    .is_some_and(|(m, d)| chrono::NaiveDate::from_ymd_opt(2024, m, d).is_some()),
                "a month and day, MM-DD".into(),
            ),
            kind => {
                let names: &[&str] = match kind {
                    "school" => &["term", "holiday", "year", "stage"],
                    "unit" => &[
                        "day",
                        "workday",
                        "week",
                        "fortnight",
                        "month",
                        "year",
                        "hour",
                        "term",
                        "quarter",
                    ],
                    "anchor" => &[
                        "bound",
                        "start",
                        "week",
                        "week-of",
                        "within",
                        "in",
                        "during",
                        "over",
                        "throughout",
                        "on",
                        "at",
                        "for",
                        "after",
                        "when",
                        "since",
                    ],
                    "relative" => &["this", "next", "coming", "last", "after-next"],
                    "edge" => &["start", "end", "middle", "early", "late", "later", "whole"],
                    "offset" => &["ago", "hence", "from-now"],
                    "every" => &["every", "other", "most"],
                    "meridiem" => &["am", "pm"],
                    _ => return Ok(()),
                };
                (one_of(names), format!("one of: {}", names.join(", ")))
            }
        };
        if ok {
            Ok(())
        } else {
            Err(format!(
                "a `{}` time word needs a `value`: {expected} (got {})",
                kind.unwrap_or(""),
                value.map_or("none".to_string(), |v| format!("“{v}”"))
            ))
        }
    }

    /// The `tags` this category's entries may carry.
    pub fn tags(self) -> &'static [&'static str] {
        match self {
            Category::Vague => &[
                "needs-measure",
                "needs-time",
                "always",
                "process-verb",
                "predicative",
                "reflective",
                "in-commitment",
            ],
            Category::Measure => &[
                "needs-count",
                "needs-modifier",
                "needs-name",
                "strict",
                "any-noun",
                "level",
            ],
            Category::Time => &["plural", "routine", "life", "common-word", "at-once"],
            Category::Problem => &["long-standing"],
            Category::Word => WordTag::NAMES,
            _ => &[],
        }
    }

    /// Whether the statement analyser reads this category. Plan words are
    /// kept out of its matcher, so adding one never changes a statement's
    /// analysis.
    pub fn read_by_analyser(self) -> bool {
        !matches!(self, Category::Plan | Category::Rewrite)
    }

    /// The category's name, as a lexicon file's `category` gives it.
    pub fn name(self) -> &'static str {
        match self {
            Category::Vague => "vague",
            Category::Hedge => "hedge",
            Category::Absolute => "absolute",
            Category::SelfReport => "self-report",
            Category::Agreement => "agreement",
            Category::Role => "role",
            Category::Agency => "agency",
            Category::Family => "family",
            Category::Collective => "collective",
            Category::Time => "time",
            Category::Measure => "measure",
            Category::KindCue => "kind-cue",
            Category::Negation => "negation",
            Category::MeasureTopic => "measure-topic",
            Category::Word => "word",
            Category::Problem => "problem",
            Category::Plan => "plan",
            Category::Rewrite => "rewrite",
        }
    }
}

/// How a term is compared with the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum MatchMode {
    /// On English stems: "monitored", "monitoring" and "monitors" all hit "monitor".
    #[default]
    Stem,
    /// On the normalised word (lower case, quotes and dashes folded).
    Word,
    /// Exactly as written, capitals included ("SW", "PA", "May").
    Case,
}

/// One lexicon entry: one or more terms sharing a meaning, message and examples.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// The words or phrases that match, as written in the file.
    pub terms: Vec<String>,
    /// How the terms are compared with the text (`match` in the file).
    #[serde(default, rename = "match")]
    pub mode: MatchMode,
    /// A sub-kind the reading detector understands (e.g. `frequency`, `record`).
    #[serde(default)]
    pub kind: Option<String>,
    /// A value the reading detector understands (e.g. a month's number).
    #[serde(default)]
    pub value: Option<String>,
    /// The canonical name used in reasons and rewrites.
    #[serde(default)]
    pub label: Option<String>,
    /// What a finding raised by this entry says, in place of the rule's default.
    #[serde(default)]
    pub message: Option<String>,
    /// What a finding raised by this entry suggests, in place of the rule's default.
    #[serde(default)]
    pub suggestion: Option<String>,
    /// The severity of its finding, in place of the rule's default.
    #[serde(default)]
    pub severity: Option<Severity>,
    /// Marks from the category's own list that change how a detector reads the
    /// entry (e.g. `reflective`, `always`).
    #[serde(default)]
    pub tags: Vec<String>,
    /// Statements in which this entry must raise a finding.
    #[serde(default)]
    pub flags: Vec<String>,
    /// Statements in which it must not.
    #[serde(default)]
    pub ignores: Vec<String>,
    /// In an override file: drop the built-in entries with these terms.
    #[serde(default)]
    pub remove: bool,
    /// The file's category, set at load.
    #[serde(skip)]
    pub category: Option<Category>,
    /// For a `word` entry: its class, read from `kind` at load.
    #[serde(skip)]
    pub word_class: Option<WordClass>,
    /// The position of `kind` in its category's `kinds()`, set at load, so a
    /// detector reading many hits compares numbers, not strings.
    #[serde(skip)]
    pub kind_index: Option<u8>,
    /// One bit per tag, by its position in the category's `tags()`.
    #[serde(skip)]
    pub tag_bits: u32,
    /// Where the entry was read: the file name and line (`vague.toml:12`).
    #[serde(skip)]
    pub source: String,
}

impl Entry {
    /// The entry's category (always set once loaded).
    pub fn category(&self) -> Category {
        self.category.expect("category set on load")
    }
    /// Whether the entry carries `tag`.
    pub fn has_tag(&self, tag: &str) -> bool {
        self.tags.iter().any(|t| t == tag)
    }
    /// Whether this entry raises findings itself, so needs a message and
    /// `flags`/`ignores` examples: its category's rule, or its kind's.
    pub fn raises_findings(&self) -> bool {
        let c = self.category();
        c.flags()
            || self
                .kind
                .as_deref()
                .is_some_and(|k| c.flagging_kinds().contains(&k))
    }
    /// Whether this entry's matches hide shorter matches inside them (and
    /// can be hidden by longer ones): its category's rule, except for the
    /// grammar kinds, which do neither.
    pub fn shadows(&self) -> bool {
        let c = self.category();
        c.shadows()
            && !self
                .kind
                .as_deref()
                .is_some_and(|k| c.grammar_kinds().contains(&k))
    }
    /// The name to show for this entry: its label, else its first term.
    pub fn display(&self) -> &str {
        self.label.as_deref().unwrap_or(&self.terms[0])
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    category: Category,
    #[serde(default)]
    #[allow(dead_code)]
    description: Option<String>,
    #[serde(default)]
    replace: bool,
    #[serde(default, rename = "entry")]
    entries: Vec<Entry>,
}

/// Why a lexicon could not be loaded: which file, which line, what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LexiconError {
    /// The lexicon file, by the name it was loaded under (a built-in file's name
    /// or the user's path).
    pub file: String,
    /// The line in it, when the problem has one.
    pub line: Option<usize>,
    /// What is wrong and how to put it right.
    pub message: String,
}

impl fmt::Display for LexiconError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "lexicon {} line {}: {}", self.file, line, self.message),
            None => write!(f, "lexicon {}: {}", self.file, self.message),
        }
    }
}

impl std::error::Error for LexiconError {}

/// The built-in lexicons, embedded so the binary works anywhere.
pub const BUILTIN: &[(&str, &str)] = &[
    ("vague.toml", include_str!("../../lexicons/vague.toml")),
    ("hedges.toml", include_str!("../../lexicons/hedges.toml")),
    ("absolutes.toml", include_str!("../../lexicons/absolutes.toml")),
    (
        "self_report.toml",
        include_str!("../../lexicons/self_report.toml"),
    ),
    ("agreement.toml", include_str!("../../lexicons/agreement.toml")),
    ("roles.toml", include_str!("../../lexicons/roles.toml")),
    ("agencies.toml", include_str!("../../lexicons/agencies.toml")),
    ("family.toml", include_str!("../../lexicons/family.toml")),
    ("collective.toml", include_str!("../../lexicons/collective.toml")),
    ("time.toml", include_str!("../../lexicons/time.toml")),
    ("measures.toml", include_str!("../../lexicons/measures.toml")),
    (
        "measure_topics.toml",
        include_str!("../../lexicons/measure_topics.toml"),
    ),
    ("kind_cues.toml", include_str!("../../lexicons/kind_cues.toml")),
    ("negation.toml", include_str!("../../lexicons/negation.toml")),
    ("words.toml", include_str!("../../lexicons/words.toml")),
    ("problems.toml", include_str!("../../lexicons/problems.toml")),
    ("plan.toml", include_str!("../../lexicons/plan.toml")),
    ("rewrite.toml", include_str!("../../lexicons/rewrite.toml")),
];

/// All entries, merged from the built-in files and any override directory.
#[derive(Debug, Clone)]
pub struct Lexicons {
    entries: Vec<Entry>,
    /// Where the entries came from, for reports ("built-in", or the files read).
    pub sources: Vec<String>,
    /// Open-class words (nouns, verbs, adjectives, adverbs), shared: it is
    /// large and the same for every analyser.
    pub dictionary: std::sync::Arc<super::dictionary::Dictionary>,
    /// See [`Lexicons::version`].
    version: u64,
}

/// A number never given to two different sets of lexicons in one process.
fn next_version() -> u64 {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
    NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

impl Lexicons {
    /// Tells these lexicons from any others in the process: it changes
    /// whenever the entries do, and a copy keeps it. Tables built from the
    /// lexicons and kept per thread are keyed on it, not on an address a
    /// later set of lexicons may be given.
    pub fn version(&self) -> u64 {
        self.version
    }

    /// The embedded lexicons.
    pub fn builtin() -> Result<Self, LexiconError> {
        static DICTIONARY: std::sync::OnceLock<std::sync::Arc<super::dictionary::Dictionary>> =
            std::sync::OnceLock::new();
        let mut lex = Lexicons {
            entries: Vec::new(),
            sources: vec!["built-in".into()],
            dictionary: DICTIONARY
                .get_or_init(|| std::sync::Arc::new(super::dictionary::Dictionary::builtin()))
                .clone(),
            version: next_version(),
        };
        for (name, text) in BUILTIN {
            lex.merge_str(name, text)?;
        }
        Ok(lex)
    }

    /// The embedded lexicons with the given files merged over them, in order:
    /// `(name, text)` pairs, the name used in error messages. Reading them
    /// from a folder is the front end's job (`cli::load_analyser`).
    pub fn with_overrides<'f>(
        files: impl IntoIterator<Item = (&'f str, &'f str)>,
    ) -> Result<Self, LexiconError> {
        let mut lex = Self::builtin()?;
        for (name, text) in files {
            lex.merge_str(name, text)?;
            lex.sources.push(name.to_string());
        }
        Ok(lex)
    }

    /// Parses one lexicon file and merges it: same term in the same category
    /// replaces the older entry's use of that term.
    pub fn merge_str(&mut self, name: &str, text: &str) -> Result<(), LexiconError> {
        // Even a file that fails part-way may have changed the entries.
        self.version = next_version();
        let file: File = toml::from_str(text).map_err(|e| LexiconError {
            file: name.to_string(),
            line: e.span().map(|s| line_of(text, s.start)),
            message: e.message().to_string(),
        })?;
        let category = file.category;
        if file.replace {
            self.entries.retain(|e| e.category() != category);
        }
        let tables = entry_lines(text);
        // Terms this file mentions replace (or, with `remove`, drop) the same
        // terms in what was loaded before. One pass, so large files load fast.
        let new_terms: std::collections::HashSet<String> = file
            .entries
            .iter()
            .flat_map(|e| e.terms.iter().map(|t| term_key(t)))
            .collect();
        for old in self.entries.iter_mut().filter(|e| e.category() == category) {
            old.terms.retain(|t| !new_terms.contains(&term_key(t)));
        }
        self.entries.retain(|e| !e.terms.is_empty());
        for (i, mut entry) in file.entries.into_iter().enumerate() {
            let line = tables.get(i).copied();
            let fail = |message: String| LexiconError {
                file: name.to_string(),
                line,
                message,
            };
            entry.terms.retain(|t| !t.trim().is_empty());
            if entry.terms.is_empty() {
                return Err(fail(
                    "an entry needs at least one non-empty term in `terms`".into(),
                ));
            }
            if entry.remove {
                continue;
            }
            if let Some(kind) = &entry.kind {
                if !category.kinds().contains(&kind.as_str()) {
                    return Err(fail(format!(
                        "`{kind}` is not a kind of `{}` entry; the kinds are: {}",
                        category.name(),
                        list_or_none(category.kinds())
                    )));
                }
            }
            category
                .check_value(entry.kind.as_deref(), entry.value.as_deref())
                .map_err(fail)?;
            if let Some(tag) = entry.tags.iter().find(|t| !category.tags().contains(&t.as_str())) {
                return Err(fail(format!(
                    "`{tag}` is not a tag of `{}` entries; the tags are: {}",
                    category.name(),
                    list_or_none(category.tags())
                )));
            }
            if category == Category::Word {
                // Classes mark a term's first token, so a term's length is
                // fixed by its class: one word, two for a semi-modal.
                let (words, says) = match entry.kind.as_deref() {
                    Some("semi-modal") => (2, "two words each (\"able to\")"),
                    _ => (1, "single words"),
                };
                if let Some(t) = entry.terms.iter().find(|t| {
                    t.split(' ').count() != words || !t.chars().all(|c| c.is_alphanumeric() || c == ' ')
                }) {
                    return Err(fail(format!(
                        "`{t}`: a `word` entry holds {says} (letters and digits only)"
                    )));
                }
            }
            if category == Category::Word && entry.kind.is_none() {
                return Err(fail(format!(
                    "a `word` entry needs a `kind`, one of: {}",
                    WordClass::NAMES.join(", ")
                )));
            }
            if let Some(class) = (category == Category::Word)
                .then(|| entry.kind.as_deref().and_then(WordClass::from_name))
                .flatten()
            {
                let bits = (entry.tags.iter())
                    .filter_map(|t| WordTag::from_name(t))
                    .fold(0, |bits, t| bits | t.bit());
                class.check_tags(bits).map_err(fail)?;
            }
            let flagging_kind =
                (entry.kind.as_deref()).is_some_and(|k| category.flagging_kinds().contains(&k));
            if (category.flags() || flagging_kind) && entry.message.is_none() {
                return Err(fail(format!(
                    "entries in a `{}` lexicon raise findings, so each needs a `message`",
                    category.name()
                )));
            }
            entry.category = Some(category);
            if category == Category::Word {
                entry.word_class = entry.kind.as_deref().and_then(WordClass::from_name);
            }
            entry.kind_index = (entry.kind.as_deref())
                .and_then(|k| category.kinds().iter().position(|c| *c == k))
                .map(|p| p as u8);
            entry.tag_bits = (entry.tags.iter())
                .filter_map(|t| category.tags().iter().position(|c| c == t))
                .fold(0, |bits, p| bits | 1 << p);
            entry.source = match line {
                Some(l) => format!("{name}:{l}"),
                None => name.to_string(),
            };
            self.entries.push(entry);
        }
        Ok(())
    }

    /// Every entry, built-in and override, in load order; a [`Hit`](super::Hit)
    /// names its entry by its place here.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// The entry with index `id`, as a hit or cue names it.
    pub fn entry(&self, id: u32) -> &Entry {
        &self.entries[id as usize]
    }

    /// Counts entries per category, for `smartplan lexicons` and reports.
    pub fn counts(&self) -> HashMap<Category, usize> {
        let mut m = HashMap::new();
        for e in &self.entries {
            *m.entry(e.category()).or_insert(0) += 1;
        }
        m
    }
}

fn list_or_none(names: &[&str]) -> String {
    if names.is_empty() {
        "none (leave `kind` and `tags` out)".into()
    } else {
        names.join(", ")
    }
}

/// The classes of closed-class words the grammar reads, one `word` lexicon
/// `kind` each. A word may be in several ("that": determiner and conjunction).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[repr(u8)]
pub enum WordClass {
    /// will, shall, must, should, can, could, would, may, might
    Modal,
    /// be, is, are, was, were, been, being, am
    Be,
    /// has, have, had
    Have,
    /// do, does, did
    Do,
    /// the, a, an, this, that, these, those, each, every, all, any, some, no, both
    Determiner,
    /// my, your, his, her, its, our, their
    Possessive,
    /// I, me: the person writing, in a plan in the first person
    Speaker,
    /// you: the person addressed
    Addressee,
    /// we, us
    We,
    /// he, she, it, they, him, them
    ThirdPerson,
    /// everyone, something, nobody, things …: never a named person
    Indefinite,
    /// Mr, Mrs, Ms, Dr …: before a surname
    Title,
    /// by, for, from, in, on, at, of, with, to …
    Preposition,
    /// and, or, but, so, because, if, when, while …
    Conjunction,
    /// what, who, how, why, which
    Question,
    /// Irregular past participles ("seen", "given", "kept")
    Participle,
    /// Adjectives after "be" that are not passives ("settled", "worried")
    StateAdjective,
    /// Words that open a clause but never name anyone ("please", "yes", "also")
    NotAName,
    /// Nouns a plan uses as headings or topics, never as a person's name ("Contact", "Safety", "Routine")
    PlanNoun,
    /// Verbs of wishing before "to": want, hope, wish, like, love
    WishVerb,
    /// Verbs of aiming before "to": aim, plan, intend, try, attempt
    AimVerb,
    /// Verbs of promising before "to": agree, promise, commit, undertake, expect
    PromiseVerb,
    /// Verbs of receiving a service from someone: receive, have, get, be given
    ReceiveVerb,
    /// Verbs of needing: before "to" + a verb a duty ("needs to attend"),
    /// before a noun a need ("needs support"): need, require
    NeedVerb,
    /// Verbs of saying: say, tell, report, describe
    SpeechVerb,
    /// Conjunctions that open a subordinate clause ("so that", "unless", "if",
    /// "because"): what is said after one is not what is said before it
    Subordinator,
    /// Words that open a goal's condition ("given" in "Given a visual
    /// timetable, Sam will …"): the setting a goal is tested in
    Condition,
    /// The first part of a word written with "n't", which the tokeniser splits
    /// ("won" "'" "t"): its tags say what the full word is
    Contraction,
    /// Words that negate what follows: not, never, and "no" (a determiner too:
    /// it negates a noun, "no contact"; the others a verb, "not kick")
    Negator,
    /// Words that stand inside a verb group without changing it: also, each,
    /// both, jointly, still, only ("will also attend", "will both attend")
    MidVerb,
    /// "to" before a verb: the infinitive's mark ("Mum to attend", "wants to go")
    To,
    /// Two-word phrases after "be" that work as a modal: "going to", "able
    /// to", "responsible for"; their tags say what they commit anyone to
    SemiModal,
    /// Words that, after a word that may be a noun or a verb, show it is a
    /// verb: a particle ("hands out", "backs up") or "that" ("feels that")
    AfterVerb,
    /// Verbs that hand over to the verb after "to" ("will continue to attend",
    /// "will have to move"): have, continue, start, begin, learn
    Catenative,
    /// They: a subject a verb agrees with in the plural ("they know")
    PluralSubject,
    /// Conjunctions that join equals: and, or, but, nor, then; what follows
    /// one is no subordinate clause. Tags say what each can join
    Coordinator,
    /// "there" and "it" as a subject that names no one ("There are concerns",
    /// "It is important")
    DummySubject,
    /// Dr, Prof: a title a professional holds ("Dr Khan")
    ProfessionalTitle,
    /// who, whom: the question that asks for a person (a `[who]` slot)
    PersonQuestion,
    /// become, remain, stay, feel: verbs that say what someone is or becomes
    LinkingVerb,
    /// more, less, better, fewer: a comparison says what will be different
    Comparative,
    /// no, zero: a count of none ("No 999 calls", "zero exclusions")
    Zero,
    /// everyone, someone, anyone …: anybody at all, so nobody to hold to a task
    IndefinitePerson,
    /// adult, person, people, individual: a person not said which
    GenericPerson,
    /// a, an, any, some: "a worker" is nobody in particular
    IndefiniteArticle,
    /// all, every, each: a whole group
    Universal,
    /// the: a group named as one ("the school")
    DefiniteArticle,
    /// have, has, get: how a plan says someone receives a service ("to have 1:1 support")
    HaveOrGet,
    /// NAME, XX, XXX: a word left for a name to be filled in
    PlaceholderWord,
    /// if, whenever, unless: a condition that triggers what the clause
    /// says ("Mum will ring the SW if she is struggling")
    Conditional,
    /// so: opens the purpose a task serves ("… so that the children are safe")
    Purpose,
}

impl WordClass {
    /// The personal pronouns: I, you, we, he, she, they and their objects.
    pub const PERSONAL_PRONOUNS: [WordClass; 4] = [
        WordClass::Speaker,
        WordClass::Addressee,
        WordClass::We,
        WordClass::ThirdPerson,
    ];
    /// The closed classes that are never part of a noun phrase's modifiers
    /// or head ("the", "will", "with", "and", "she").
    pub const FUNCTION_WORDS: [WordClass; 14] = [
        WordClass::Modal,
        WordClass::Be,
        WordClass::Have,
        WordClass::Do,
        WordClass::Determiner,
        WordClass::Possessive,
        WordClass::Speaker,
        WordClass::Addressee,
        WordClass::We,
        WordClass::ThirdPerson,
        WordClass::Indefinite,
        WordClass::Preposition,
        WordClass::Conjunction,
        WordClass::Question,
    ];
    /// Every class, in the order of [`WordClass::NAMES`].
    pub const ALL: [WordClass; 51] = [
        WordClass::Modal,
        WordClass::Be,
        WordClass::Have,
        WordClass::Do,
        WordClass::Determiner,
        WordClass::Possessive,
        WordClass::Speaker,
        WordClass::Addressee,
        WordClass::We,
        WordClass::ThirdPerson,
        WordClass::Indefinite,
        WordClass::Title,
        WordClass::Preposition,
        WordClass::Conjunction,
        WordClass::Question,
        WordClass::Participle,
        WordClass::StateAdjective,
        WordClass::NotAName,
        WordClass::PlanNoun,
        WordClass::WishVerb,
        WordClass::AimVerb,
        WordClass::PromiseVerb,
        WordClass::ReceiveVerb,
        WordClass::NeedVerb,
        WordClass::SpeechVerb,
        WordClass::Subordinator,
        WordClass::Condition,
        WordClass::Contraction,
        WordClass::Negator,
        WordClass::MidVerb,
        WordClass::To,
        WordClass::SemiModal,
        WordClass::AfterVerb,
        WordClass::Catenative,
        WordClass::PluralSubject,
        WordClass::Coordinator,
        WordClass::DummySubject,
        WordClass::ProfessionalTitle,
        WordClass::PersonQuestion,
        WordClass::LinkingVerb,
        WordClass::Comparative,
        WordClass::Zero,
        WordClass::IndefinitePerson,
        WordClass::GenericPerson,
        WordClass::IndefiniteArticle,
        WordClass::Universal,
        WordClass::DefiniteArticle,
        WordClass::HaveOrGet,
        WordClass::PlaceholderWord,
        WordClass::Conditional,
        WordClass::Purpose,
    ];
    /// The `kind` names, in the order of [`WordClass::ALL`].
    pub const NAMES: &'static [&'static str] = &[
        "modal",
        "be",
        "have",
        "do",
        "determiner",
        "possessive",
        "speaker",
        "addressee",
        "we",
        "third-person",
        "indefinite",
        "title",
        "preposition",
        "conjunction",
        "question",
        "participle",
        "state-adjective",
        "not-a-name",
        "plan-noun",
        "wish-verb",
        "aim-verb",
        "promise-verb",
        "receive-verb",
        "need-verb",
        "speech-verb",
        "subordinator",
        "condition",
        "contraction",
        "negator",
        "mid-verb",
        "to",
        "semi-modal",
        "after-verb",
        "catenative",
        "plural-subject",
        "coordinator",
        "dummy-subject",
        "professional-title",
        "person-question",
        "linking-verb",
        "comparative",
        "zero",
        "indefinite-person",
        "generic-person",
        "indefinite-article",
        "universal",
        "definite-article",
        "have-or-get",
        "placeholder-word",
        "conditional",
        "purpose",
    ];
    /// The `kind` name a `word` entry gives this class.
    pub fn name(self) -> &'static str {
        Self::NAMES[self as usize]
    }
    /// The class a `kind` name stands for, if any.
    pub fn from_name(name: &str) -> Option<WordClass> {
        Self::NAMES.iter().position(|n| *n == name).map(|i| Self::ALL[i])
    }
    /// This class as one bit of a [`WordClasses`] set.
    fn bit(self) -> u64 {
        1 << self as u64
    }
}

/// What a `word` entry's `tags` say about its words, where the grammar
/// needs more than the class: what a modal commits anyone to, which form of
/// "be", "have" or "do" a word is, and what a contraction stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[repr(u8)]
pub enum WordTag {
    /// will, shall: a promise for the future
    Will,
    /// must, should, ought: a duty
    Must,
    /// can, could: an ability
    Can,
    /// may, might: something possible, not promised
    May,
    /// would: a condition
    Would,
    /// "is responsible for": a promise
    Promise,
    /// The base form: be, have, do
    Base,
    /// The present tense: is, are, am, has, have, do, does
    Present,
    /// The past tense: was, were, had, did
    Past,
    /// The past participle of "be": been
    Participle,
    /// The -ing form: being, having
    Ing,
    /// A contraction of a form of "be" ("isn" in "isn't")
    Be,
    /// A contraction of a form of "have" ("hasn" in "hasn't")
    Have,
    /// A contraction of a form of "do" ("don" in "don't")
    Do,
    /// A semi-modal that says the opposite: "unable to"
    Negative,
    /// A semi-modal that keeps the tense of its "be": "was responsible
    /// for" says what was, not a promise
    Tensed,
    /// A coordinator after which a new clause can open ("…, and Dad to
    /// ring"): and, or, then
    OpensClause,
    /// A coordinator that joins two noun phrases into one ("he or she",
    /// "Mum and the children"): and, or
    JoinsPhrases,
    /// A coordinator that ends a list of parties ("SW, HV and school",
    /// "Mum and Dad"): and
    JoinsList,
    /// A preposition that attaches a place or group to a noun phrase
    /// that stays the subject ("Key worker at nursery", "Head of Year")
    Qualifier,
    /// "of": links a phrase to the one it belongs to ("one of the children")
    Genitive,
    /// A verb of promising with no object before "to": "agree the plan"
    /// names what is agreed, not who
    NoObject,
    /// "by": names who does it ("supervised by a contact worker")
    Agent,
    /// "from": names where a service comes from ("support from a TA")
    Source,
    /// "between": names the parties to it ("consultation between the class
    /// teacher and SLP")
    Among,
    /// A pronoun only ever an object ("them", "him", "me"): it cannot be
    /// the subject of a verb after it ("drop them off")
    ObjectCase,
    /// A possessive of the one speaking: "my", "our" ("Complete my GED"
    /// says who does it)
    FirstPerson,
}

impl WordTag {
    /// Every tag, in the order of [`WordTag::NAMES`].
    pub const ALL: [WordTag; 27] = [
        WordTag::Will,
        WordTag::Must,
        WordTag::Can,
        WordTag::May,
        WordTag::Would,
        WordTag::Promise,
        WordTag::Base,
        WordTag::Present,
        WordTag::Past,
        WordTag::Participle,
        WordTag::Ing,
        WordTag::Be,
        WordTag::Have,
        WordTag::Do,
        WordTag::Negative,
        WordTag::Tensed,
        WordTag::OpensClause,
        WordTag::JoinsPhrases,
        WordTag::JoinsList,
        WordTag::Qualifier,
        WordTag::Genitive,
        WordTag::NoObject,
        WordTag::Agent,
        WordTag::Source,
        WordTag::Among,
        WordTag::ObjectCase,
        WordTag::FirstPerson,
    ];
    /// The tag names, in the order of [`WordTag::ALL`].
    pub const NAMES: &'static [&'static str] = &[
        "will",
        "must",
        "can",
        "may",
        "would",
        "promise",
        "base",
        "present",
        "past",
        "participle",
        "ing",
        "be",
        "have",
        "do",
        "negative",
        "tensed",
        "opens-clause",
        "joins-phrases",
        "joins-list",
        "qualifier",
        "genitive",
        "no-object",
        "agent",
        "source",
        "among",
        "object-case",
        "first-person",
    ];
    /// The tags that say what a modal commits anyone to.
    pub const MODALITY: [WordTag; 6] = [
        WordTag::Will,
        WordTag::Must,
        WordTag::Can,
        WordTag::May,
        WordTag::Would,
        WordTag::Promise,
    ];
    /// The tags of the forms of "be", "have" and "do".
    pub const FORMS: [WordTag; 5] = [
        WordTag::Base,
        WordTag::Present,
        WordTag::Past,
        WordTag::Participle,
        WordTag::Ing,
    ];
    /// The tag as a lexicon file writes it.
    pub fn name(self) -> &'static str {
        Self::NAMES[self as usize]
    }
    /// The tag a lexicon file names, if there is one.
    pub fn from_name(name: &str) -> Option<WordTag> {
        Self::NAMES.iter().position(|n| *n == name).map(|i| Self::ALL[i])
    }
    /// This tag's bit, as in an entry's `tag_bits`.
    pub fn bit(self) -> u32 {
        1 << self as u32
    }
}

impl WordClass {
    /// Checks a `word` entry's tags (as bits) against its class, so a word
    /// the grammar would read no meaning from is refused at load.
    fn check_tags(self, bits: u32) -> Result<(), String> {
        let mask = |of: &[WordTag]| of.iter().fold(0, |b, t| b | t.bit());
        let count = |of: &[WordTag]| (bits & mask(of)).count_ones();
        let only = |of: &[WordTag]| bits & !mask(of) == 0;
        let names = |of: &[WordTag]| of.iter().map(|t| t.name()).collect::<Vec<_>>().join(", ");
        let verbs = [WordTag::Be, WordTag::Have, WordTag::Do];
        let tenses = [WordTag::Present, WordTag::Past];
        let modal = count(&WordTag::MODALITY) == 1 && only(&WordTag::MODALITY);
        let (ok, needs) = match self {
            WordClass::Modal => (
                count(&WordTag::MODALITY) == 1 && only(&[WordTag::MODALITY.as_slice(), &[WordTag::Negative]].concat()),
                format!(
                    "one tag saying what it commits anyone to ({}), and may take negative (\"cannot\")",
                    names(&WordTag::MODALITY)
                ),
            ),
            WordClass::Contraction => (
                modal || (count(&verbs) == 1 && count(&tenses) == 1 && only(&[verbs[0], verbs[1], verbs[2], tenses[0], tenses[1]])),
                format!(
                    "the tag of what its full word commits anyone to ({}), or the verb it is a form of ({}) and its tense ({})",
                    names(&WordTag::MODALITY),
                    names(&verbs),
                    names(&tenses)
                ),
            ),
            WordClass::SemiModal => (
                count(&WordTag::MODALITY) == 1
                    && only(&[WordTag::MODALITY.as_slice(), &[WordTag::Negative, WordTag::Tensed]].concat()),
                format!(
                    "one tag saying what it commits anyone to ({}), and may take negative, tensed",
                    names(&WordTag::MODALITY)
                ),
            ),
            WordClass::Coordinator => {
                let joins = [WordTag::OpensClause, WordTag::JoinsPhrases, WordTag::JoinsList];
                (only(&joins), format!("no tags but what it joins: {}", names(&joins)))
            }
            WordClass::Preposition => {
                let kinds = [
                    WordTag::Qualifier,
                    WordTag::Genitive,
                    WordTag::Agent,
                    WordTag::Source,
                    WordTag::Among,
                ];
                (only(&kinds), format!("no tags but {}", names(&kinds)))
            }
            WordClass::Speaker | WordClass::Addressee | WordClass::We | WordClass::ThirdPerson => (
                only(&[WordTag::ObjectCase]),
                "no tags but object-case".to_string(),
            ),
            WordClass::Possessive => (
                only(&[WordTag::FirstPerson]),
                "no tags but first-person".to_string(),
            ),
            WordClass::PromiseVerb => (
                only(&[WordTag::NoObject]),
                "no tags but no-object".to_string(),
            ),
            WordClass::Be | WordClass::Have | WordClass::Do => (
                only(&WordTag::FORMS),
                format!("no tags but its form: {}", names(&WordTag::FORMS)),
            ),
            _ => (bits == 0, "no tags".to_string()),
        };
        if ok {
            Ok(())
        } else {
            Err(format!("a `{}` word takes {needs}", self.name()))
        }
    }
}

/// What one token may be: its word classes, one bit each, and the tags of
/// the `word` entries that gave them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct WordClasses {
    classes: u64,
    tags: u32,
}

impl WordClasses {
    /// Whether the set holds `c`.
    pub fn has(self, c: WordClass) -> bool {
        self.classes & c.bit() != 0
    }
    /// Whether the set holds any of `of`.
    pub fn any(self, of: &[WordClass]) -> bool {
        of.iter().any(|&c| self.has(c))
    }
    /// Puts `c` in the set.
    pub fn add(&mut self, c: WordClass) {
        self.classes |= c.bit();
    }
    /// In no class: a word the closed classes do not know.
    pub fn is_empty(self) -> bool {
        self.classes == 0
    }
    /// Adds an entry's `tag_bits`.
    pub fn add_tags(&mut self, bits: u32) {
        self.tags |= bits;
    }
    /// Whether a `word` entry for this token carries tag `t`. Read it with
    /// the class it refines: a modal's `will`, a contraction's `be`.
    pub fn tagged(self, t: WordTag) -> bool {
        self.tags & t.bit() != 0
    }
}

fn term_key(t: &str) -> String {
    t.trim().to_lowercase()
}

fn line_of(text: &str, byte: usize) -> usize {
    text[..byte.min(text.len())]
        .bytes()
        .filter(|&b| b == b'\n')
        .count()
        + 1
}

/// Line numbers of each `[[entry]]` header, in order.
fn entry_lines(text: &str) -> Vec<usize> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| l.trim_start().starts_with("[[entry]]"))
        .map(|(i, _)| i + 1)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_lexicons_load() {
        let lex = Lexicons::builtin().unwrap();
        assert!(lex.entries().len() > 20);
        for c in Category::ALL {
            assert!(
                lex.entries().iter().any(|e| e.category() == c),
                "no {} entries",
                c.name()
            );
        }
    }

    #[test]
    fn malformed_file_names_file_and_line() {
        let mut lex = Lexicons::builtin().unwrap();
        let bad = "category = \"agency\"\n\n[[entry]]\nterms = [\"Acme Recovery\"\n";
        let err = lex.merge_str("local.toml", bad).unwrap_err();
        assert_eq!(err.file, "local.toml");
        assert!(err.line.is_some(), "{err}");
        assert!(err.to_string().starts_with("lexicon local.toml line "), "{err}");
    }

    #[test]
    fn unknown_field_is_an_error_with_its_line() {
        let mut lex = Lexicons::builtin().unwrap();
        let bad = "category = \"agency\"\n[[entry]]\nterms = [\"Acme\"]\nlabell = \"x\"\n";
        let err = lex.merge_str("local.toml", bad).unwrap_err();
        assert_eq!(err.line, Some(4), "{err}");
    }

    #[test]
    fn unknown_kinds_and_tags_are_errors_with_file_and_line() {
        let cases = [
            ("category = \"time\"\n\n[[entry]]\nkind = \"frequncy\"\nterms = [\"every day\"]\n", 3, "frequncy"),
            ("category = \"vague\"\n[[entry]]\nterms = [\"nice\"]\nmessage = \"m\"\ntags = [\"needs-mesure\"]\n", 2, "needs-mesure"),
            ("category = \"agency\"\n[[entry]]\nkind = \"school\"\nterms = [\"Acme\"]\n", 2, "leave `kind`"),
            ("category = \"word\"\n[[entry]]\nterms = [\"shall\"]\n", 2, "needs a `kind`"),
            ("category = \"word\"\n[[entry]]\nkind = \"modal\"\ntags = [\"must\"]\nterms = [\"ought to\"]\n", 2, "single words"),
            // Word tags: known names, and the ones each class needs.
            ("category = \"word\"\n[[entry]]\nkind = \"modal\"\ntags = [\"wil\"]\nterms = [\"shall\"]\n", 2, "`wil` is not a tag"),
            ("category = \"word\"\n\n[[entry]]\nkind = \"modal\"\nterms = [\"shall\"]\n", 3, "one tag saying what it commits"),
            ("category = \"word\"\n[[entry]]\nkind = \"modal\"\ntags = [\"will\", \"must\"]\nterms = [\"shall\"]\n", 2, "one tag saying what it commits"),
            ("category = \"word\"\n[[entry]]\nkind = \"contraction\"\ntags = [\"be\"]\nterms = [\"isn\"]\n", 2, "and its tense"),
            ("category = \"word\"\n[[entry]]\nkind = \"be\"\ntags = [\"will\"]\nterms = [\"is\"]\n", 2, "no tags but its form"),
            ("category = \"word\"\n[[entry]]\nkind = \"semi-modal\"\ntags = [\"can\"]\nterms = [\"able\"]\n", 2, "two words each"),
            ("category = \"word\"\n[[entry]]\nkind = \"semi-modal\"\ntags = [\"negative\"]\nterms = [\"unable to\"]\n", 2, "one tag saying what it commits"),
            ("category = \"word\"\n[[entry]]\nkind = \"preposition\"\ntags = [\"past\"]\nterms = [\"by\"]\n", 2, "takes no tags"),
        ];
        for (text, line, says) in cases {
            let mut lex = Lexicons::builtin().unwrap();
            let err = lex.merge_str("local.toml", text).expect_err(text);
            assert_eq!(err.line, Some(line), "{err}");
            assert!(err.to_string().starts_with("lexicon local.toml line "), "{err}");
            assert!(err.message.contains(says), "{err}");
        }
    }

    #[test]
    fn every_word_class_has_words_and_every_kind_name_parses() {
        let lex = Lexicons::builtin().unwrap();
        for c in WordClass::ALL {
            assert_eq!(WordClass::from_name(c.name()), Some(c));
            assert!(
                lex.entries().iter().any(|e| e.word_class == Some(c)),
                "no words of class {}",
                c.name()
            );
        }
    }

    #[test]
    fn every_word_class_and_tag_is_documented_in_the_lexicons_readme() {
        let readme = include_str!("../../lexicons/README.md");
        let missing: Vec<&str> = (WordClass::NAMES.iter().chain(WordTag::NAMES))
            .filter(|n| !readme.contains(&format!("`{n}`")))
            .copied()
            .collect();
        assert!(missing.is_empty(), "not in lexicons/README.md: {missing:?}");
    }

    #[test]
    fn every_word_tag_name_parses_in_order() {
        for (i, t) in WordTag::ALL.iter().enumerate() {
            assert_eq!(WordTag::from_name(t.name()), Some(*t));
            assert_eq!(*t as usize, i);
        }
        assert_eq!(Category::Word.tags(), WordTag::NAMES);
    }

    #[test]
    fn flagging_entry_without_message_is_refused() {
        let mut lex = Lexicons::builtin().unwrap();
        let bad = "category = \"vague\"\n[[entry]]\nterms = [\"nice\"]\n";
        let err = lex.merge_str("local.toml", bad).unwrap_err();
        assert_eq!(err.line, Some(2));
    }

    #[test]
    fn override_removes_and_adds() {
        let mut lex = Lexicons::builtin().unwrap();
        // Removing a term from one category leaves it in others ("support"
        // is also a provision cue and a rewrite).
        let has = |lex: &Lexicons, c: Category, t: &str| {
            lex.entries()
                .iter()
                .any(|e| e.category() == c && e.terms.iter().any(|x| x == t))
        };
        assert!(has(&lex, Category::Vague, "support"));
        let local = "category = \"vague\"\n[[entry]]\nterms = [\"support\"]\nremove = true\n";
        lex.merge_str("local.toml", local).unwrap();
        assert!(!has(&lex, Category::Vague, "support"));
        assert!(has(&lex, Category::Rewrite, "support"));
        let add = "category = \"agency\"\n[[entry]]\nterms = [\"Acme Recovery\"]\n";
        lex.merge_str("local2.toml", add).unwrap();
        assert!(has(&lex, Category::Agency, "Acme Recovery"));
    }
}
