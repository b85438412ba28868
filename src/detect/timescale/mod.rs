//! Timescales: deadlines, frequencies and vague time words, as spans.
//!
//! The words (months, weekdays, numbers, units, plan events, school periods,
//! frequency and vague words) come from `lexicons/time.toml` as lexicon hits;
//! this module holds the grammar that combines them:
//!
//! - dates: day-first numeric (23.7.21, 05-07-2021), written (3rd March 2025,
//!   3 Mar 25, Jan 2026), month alone after a deadline word ("by July");
//! - bounded relative times: "within 6 weeks", "over the next 3 months";
//! - "by the end of" the month / next month / a term / Year 6 / an event;
//! - event and school-period deadlines: "before the RCPC", "by half term";
//! - frequencies: "every Tuesday and Thursday", "three times a week",
//!   "at each core group", clock times ("before 9am on school days");
//! - vague time words ("ongoing", "asap"), each flagged.
//!
//! Spans start at the deadline word ("by 30/04/2025", "within 6 weeks").
//! The scan is left to right; at each token the longest reading wins and the
//! scan resumes after it, so spans never overlap.

use crate::dates::{self, Unit};
use crate::lexicon::Category;
use crate::record::{Rule, TimeKind};
use crate::stage::{finding_at, Detector, Doc, Draft, FoundTime};
use crate::text::Shape;
use chrono::{Datelike, NaiveDate};

pub struct Timescales;

impl Detector for Timescales {
    fn name(&self) -> &'static str {
        "timescale"
    }

    fn detect(&self, doc: &Doc, draft: &mut Draft) {
        let start = draft.timescales.len();
        find(doc, &mut draft.timescales);
        for t in &draft.timescales[start..] {
            if t.kind != TimeKind::Vague {
                continue;
            }
            // The lexicon entry behind the span, looked up where the span
            // starts (a scan of every hit would be quadratic in long text).
            let entry = doc
                .hits_at(doc.tokens.first_at_or_after(t.span.start))
                .iter()
                .find(|h| h.category == Category::Time && doc.span(h.first, h.end) == t.span)
                .map(|h| doc.lex.entry(h.entry));
            let mut f = finding_at(doc, t.span, Rule::VagueTimescale);
            if let Some(e) = entry {
                if let Some(m) = &e.message {
                    f = f.message(m.clone());
                }
                if e.suggestion.is_some() {
                    f = f.suggestion(e.suggestion.clone());
                }
            }
            draft.findings.push(f);
        }
    }
}

/// What one token is, for the grammar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tag {
    Other,
    Month(u32),
    Weekday,
    /// A number word ("two").
    Word(u32),
    /// "once", "twice".
    Times(u32),
    Ordinal,
}

/// A multi-token lexicon phrase starting at a token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phrase {
    Unit(Unit),
    Period,
    Frequency,
    Vague,
    Event,
    School,
    /// A deadline complete in itself ("immediately").
    Deadline,
}

struct Scan<'d, 'a> {
    doc: &'d Doc<'a>,
    tags: Vec<Tag>,
    /// Per token: phrases starting there (kind, end), longest first.
    phrases: Vec<(usize, Phrase, usize)>,
}

/// One reading: where it ends, its kind and date.
#[derive(Debug, Clone, Copy)]
struct Reading {
    end: usize,
    kind: TimeKind,
    date: Option<NaiveDate>,
}

/// Finds every time expression in the statement.
pub fn find(doc: &Doc, out: &mut Vec<FoundTime>) {
    let n = doc.tokens.len();
    let mut tags = vec![Tag::Other; n];
    let mut phrases = Vec::new();
    for hit in doc.hits_of(Category::Time) {
        let entry = doc.lex.entry(hit.entry);
        let value = entry.value.as_deref().and_then(|v| v.parse::<u32>().ok());
        let single = hit.end == hit.first + 1;
        let phrase = match entry.kind.as_deref() {
            Some("month") if single => {
                tags[hit.first] = Tag::Month(value.unwrap_or(0));
                None
            }
            Some("weekday") if single => {
                tags[hit.first] = Tag::Weekday;
                None
            }
            Some("number") if single => {
                tags[hit.first] = Tag::Word(value.unwrap_or(0));
                None
            }
            Some("times") if single => {
                tags[hit.first] = Tag::Times(value.unwrap_or(0));
                None
            }
            Some("ordinal") if single => {
                tags[hit.first] = Tag::Ordinal;
                None
            }
            Some("unit") => entry.value.as_deref().and_then(Unit::parse).map(Phrase::Unit),
            Some("period") => Some(Phrase::Period),
            Some("frequency") => Some(Phrase::Frequency),
            Some("vague") => Some(Phrase::Vague),
            Some("event") => Some(Phrase::Event),
            Some("school") => Some(Phrase::School),
            Some("deadline") => Some(Phrase::Deadline),
            _ => None,
        };
        if let Some(p) = phrase {
            phrases.push((hit.first, p, hit.end));
        }
    }
    phrases.sort_by(|a, b| a.0.cmp(&b.0).then(b.2.cmp(&a.2)));
    let scan = Scan { doc, tags, phrases };
    let mut i = 0;
    while i < n {
        match scan.at(i) {
            Some(r) => {
                out.push(FoundTime {
                    span: doc.span(i, r.end),
                    kind: r.kind,
                    date: r.date,
                });
                i = r.end;
            }
            None => i += 1,
        }
    }
}

/// Words that open a deadline.
const DEADLINE_PREPS: &[&[&str]] = &[
    &["by"],
    &["before"],
    &["until"],
    &["till"],
    &["untill"],
    &["prior", "to"],
    &["no", "later", "than"],
    &["ahead", "of"],
    &["from"],
    &["starting"],
    &["starting", "from"],
    &["starting", "on"],
    &["commencing"],
    &["on"],
    &["in"],
    &["during"],
    &["over"],
];

const RELATIVE_PREPS: &[&[&str]] = &[
    &["within"],
    &["within", "the", "next"],
    &["in"],
    &["in", "the", "next"],
    &["over", "the", "next"],
    &["during", "the", "next"],
];

/// Limiters that belong to a rate ("at least 3 times a week").
const LIMITERS: &[&[&str]] = &[
    &["at", "least"],
    &["at", "most"],
    &["no", "more", "than"],
    &["not", "more", "than"],
    &["no", "less", "than"],
    &["no", "fewer", "than"],
    &["up", "to"],
    &["more", "than"],
];

const DETERMINERS: &[&str] = &[
    "the", "his", "her", "their", "this", "next", "its", "our", "your", "my",
];

impl Scan<'_, '_> {
    /// The date relative timescales count from (read lazily: see `Doc::reference_date`).
    fn reference(&self) -> NaiveDate {
        self.doc.reference_date()
    }

    fn n(&self) -> usize {
        self.tags.len()
    }
    fn norm(&self, i: usize) -> &str {
        self.doc.norm_or_empty(i)
    }
    fn raw(&self, i: usize) -> &str {
        self.doc.tokens.raw(self.doc.text, i)
    }
    fn tag(&self, i: usize) -> Tag {
        self.tags.get(i).copied().unwrap_or(Tag::Other)
    }
    fn is_number(&self, i: usize) -> bool {
        i < self.n() && self.doc.tokens.as_slice()[i].shape == Shape::Number
    }
    /// Digits of a numeric token, with how many digits it has.
    fn number(&self, i: usize) -> Option<(u32, usize)> {
        if !self.is_number(i) {
            return None;
        }
        let s = self.norm(i);
        (s.len() <= 4)
            .then(|| s.parse().ok().map(|v| (v, s.len())))
            .flatten()
    }
    fn touch(&self, i: usize) -> bool {
        self.doc.touches_next(i)
    }
    fn words(&self, i: usize, seq: &[&str]) -> Option<usize> {
        self.doc.words_at(i, seq)
    }
    fn any_of(&self, i: usize, seqs: &[&[&str]]) -> Option<usize> {
        self.doc.longest_words_at(i, seqs)
    }
    /// Phrases of a given sort starting at `i` (longest first).
    fn phrase(&self, i: usize, want: impl Fn(Phrase) -> bool) -> Option<(Phrase, usize)> {
        // `phrases` is in token order: look only at those starting at `i`.
        let lo = self.phrases.partition_point(|p| p.0 < i);
        self.phrases[lo..]
            .iter()
            .take_while(|p| p.0 == i)
            .filter(|p| want(p.1))
            .map(|p| (p.1, p.2))
            .next()
    }
    fn unit(&self, i: usize) -> Option<(Unit, usize)> {
        match self.phrase(i, |p| matches!(p, Phrase::Unit(_))) {
            Some((Phrase::Unit(u), e)) => Some((u, e)),
            _ => None,
        }
    }
    /// A count: digits, a number word, or "a"/"an"/"one".
    fn count(&self, i: usize) -> Option<(u32, usize)> {
        if let Some((v, _)) = self.number(i) {
            if !self.touch(i) || !matches!(self.norm(i + 1), "." | "/" | ":" | "%") {
                return Some((v, i + 1));
            }
            return None;
        }
        match self.tag(i) {
            Tag::Word(v) => Some((v, i + 1)),
            _ if matches!(self.norm(i), "a" | "an") => Some((1, i + 1)),
            _ => None,
        }
    }

    /// The longest reading that starts at token `i`.
    fn at(&self, i: usize) -> Option<Reading> {
        let mut best: Option<Reading> = None;
        let mut offer = |r: Option<Reading>| {
            if let Some(r) = r {
                if best.is_none_or(|b| r.end > b.end) {
                    best = Some(r);
                }
            }
        };
        if let Some((_, e)) = self.phrase(i, |p| p == Phrase::Vague) {
            offer(Some(Reading {
                end: e,
                kind: TimeKind::Vague,
                date: None,
            }));
        }
        if let Some((_, e)) = self.phrase(i, |p| p == Phrase::Deadline) {
            offer(Some(Reading {
                end: e,
                kind: TimeKind::Deadline,
                date: None,
            }));
        }
        offer(self.deadline(i));
        offer(self.date(i, false).map(|(end, date)| Reading {
            end,
            kind: TimeKind::Deadline,
            date: Some(date),
        }));
        offer(self.frequency(i));
        best
    }

    // ---- deadlines ----

    fn deadline(&self, i: usize) -> Option<Reading> {
        let mut best: Option<Reading> = None;
        let mut offer = |r: Option<Reading>| {
            if let Some(r) = r {
                if best.is_none_or(|b| r.end > b.end) {
                    best = Some(r);
                }
            }
        };
        // Week commencing: "w/c 14th April", "starting w/c 8th September".
        let wc = |j: usize| self.words(j, &["w", "/", "c"]);
        let j = if let Some(j) = wc(i) {
            Some(j)
        } else {
            self.any_of(i, &[&["starting"], &["from"]]).and_then(wc)
        };
        if let Some(j) = j {
            offer(self.date(j, true).map(|(end, date)| Reading {
                end,
                kind: TimeKind::Deadline,
                date: Some(date),
            }));
        }
        if let Some(j) = self.any_of(i, DEADLINE_PREPS) {
            let prep = self.norm(i);
            // A date, or a month alone ("by July").
            // "in June" and "during March" often date the past; a month
            // alone needs a deadline word.
            if prep != "over" {
                let bare = !matches!(prep, "in" | "during" | "on");
                offer(self.date(j, bare).map(|(end, date)| Reading {
                    end,
                    kind: TimeKind::Deadline,
                    date: Some(date),
                }));
            }
            let bound = matches!(
                prep,
                "by" | "before" | "until" | "till" | "untill" | "prior" | "no" | "ahead"
            );
            if bound {
                offer(self.end_of(j));
                offer(self.event(j).map(|end| Reading {
                    end,
                    kind: TimeKind::Deadline,
                    date: None,
                }));
            }
            if bound || matches!(prep, "over" | "during") {
                offer(self.school(j).map(|end| Reading {
                    end,
                    kind: TimeKind::Deadline,
                    date: None,
                }));
            }
        }
        // "at the next core group", "at next PEP".
        if let Some(j) = self.any_of(i, &[&["at", "the", "next"], &["at", "next"]]) {
            offer(self.event_noun(j).map(|end| Reading {
                end,
                kind: TimeKind::Deadline,
                date: None,
            }));
        }
        if let Some(j) = self.any_of(i, RELATIVE_PREPS) {
            offer(self.relative(j));
        }
        best
    }

    /// "6 weeks", "10 working days", "a fortnight", "two months" after a
    /// relative word; "of the referral" anchors it to an event (no date).
    fn relative(&self, j: usize) -> Option<Reading> {
        let (n, k, unit, end) = if let Some((Unit::Fortnight, e)) = self.unit(j) {
            (1, j, Unit::Fortnight, e)
        } else {
            let (n, k) = self.count(j)?;
            let (unit, e) = self.unit(k)?;
            (n, k, unit, e)
        };
        let _ = k;
        // Anchored: "within 5 working days of referral", "of the ICPC".
        if self.norm(end) == "of" {
            let stop = (end + 1..self.n().min(end + 8))
                .find(|&x| {
                    matches!(self.norm(x), "," | "." | ";" | "and" | "so" | "to" | "(" | ")")
                        || self.norm(x).is_empty()
                })
                .unwrap_or(self.n().min(end + 8));
            if stop > end + 1 {
                return Some(Reading {
                    end: stop,
                    kind: TimeKind::Deadline,
                    date: None,
                });
            }
        }
        // "in 6 weeks' time".
        let end = if self.norm(end) == "'" && self.norm(end + 1) == "time" {
            end + 2
        } else if self.norm(end) == "time" {
            end + 1
        } else {
            end
        };
        Some(Reading {
            end,
            kind: TimeKind::Deadline,
            date: dates::add(self.reference(), n, unit),
        })
    }

    /// After "by": "the end of" the month, next month, a month, a term, Year 6, an event.
    fn end_of(&self, j: usize) -> Option<Reading> {
        let j = self.words(j, &["the", "end", "of"])?;
        let r = || self.reference();
        let dated = |end, date| {
            Some(Reading {
                end,
                kind: TimeKind::Deadline,
                date: Some(date),
            })
        };
        if let Some(e) = self.any_of(j, &[&["the", "month"], &["this", "month"]]) {
            return dated(e, dates::last_day_of_month(r().year(), r().month()));
        }
        if let Some(e) = self.any_of(
            j,
            &[
                &["next", "month"],
                &["the", "next", "month"],
                &["the", "following", "month"],
            ],
        ) {
            let next = dates::add_months(r().with_day(1)?, 1)?;
            return dated(e, dates::last_day_of_month(next.year(), next.month()));
        }
        if let Some((e, d)) = self.date(j, true) {
            return dated(e, d);
        }
        let e = self.school(j).or_else(|| self.event(j))?;
        Some(Reading {
            end: e,
            kind: TimeKind::Deadline,
            date: None,
        })
    }

    /// A school period, with or without "the": "half term", "the spring term", "Year 6".
    fn school(&self, j: usize) -> Option<usize> {
        // "the summer" is a period itself, but "the summer term" is longer.
        let direct = self.phrase(j, |p| p == Phrase::School).map(|(_, e)| e);
        let mut k = j;
        while matches!(self.norm(k), "the" | "this" | "next" | "new") && k < j + 2 {
            k += 1;
        }
        let after = self.phrase(k, |p| p == Phrase::School).map(|(_, e)| e);
        direct.max(after)
    }

    /// An event after a determiner and a few modifiers: "the next core group",
    /// "her 17th birthday", "the baby is born", "discharge".
    fn event(&self, j: usize) -> Option<usize> {
        let mut k = j;
        // "Mum's", a name's.
        if self.norm(k + 1) == "'" && self.norm(k + 2) == "s" {
            k += 3;
        } else if DETERMINERS.contains(&self.norm(k)) {
            k += 1;
        }
        let e = self.event_noun(k)?;
        // "until Zoë's plan ends"; "by her clinic appointment in March".
        if matches!(self.norm(e), "ends" | "starts" | "begins" | "finishes" | "closes") {
            return Some(e + 1);
        }
        if matches!(self.norm(e), "in" | "on") {
            if let Some((de, _)) = self.date(e + 1, true) {
                return Some(de);
            }
        }
        Some(e)
    }

    /// An event noun after up to four modifier tokens ("next annual health review").
    fn event_noun(&self, k: usize) -> Option<usize> {
        for m in 0..=4 {
            let x = k + m;
            if x >= self.n() {
                return None;
            }
            if let Some((_, e)) = self.phrase(x, |p| p == Phrase::Event) {
                return Some(e);
            }
            let t = self.norm(x);
            let modifier = self.doc.tokens.as_slice()[x].shape != Shape::Punct || t == "-";
            if !modifier
                || matches!(
                    t,
                    "and"
                        | "or"
                        | "to"
                        | "by"
                        | "will"
                        | "with"
                        | "for"
                        | "of"
                        | "in"
                        | "on"
                        | "at"
                        | "before"
                        | "until"
                        | "after"
                        | "when"
                        | "if"
                        | "so"
                        | "that"
                        | "from"
                        | "is"
                        | "are"
                        | "a"
                        | "an"
                )
            {
                return None;
            }
        }
        None
    }

    // ---- dates ----

    /// A date starting at `j`. `bare_month` allows a month alone ("by July")
    /// or "the end of March". Impossible dates give nothing.
    fn date(&self, j: usize, bare_month: bool) -> Option<(usize, NaiveDate)> {
        if j >= self.n() {
            return None;
        }
        // Not the middle of a longer number ("1.1.1.30", "v1.1.30").
        if j > 0 && self.touch(j - 1) {
            let prev = self.norm(j - 1);
            if matches!(prev, "." | "/" | "-" | ":") || self.is_number(j - 1) {
                return None;
            }
        }
        if self.version_context(j) {
            return None;
        }
        // "Friday 17th January 2025": a weekday before a date.
        if self.tag(j) == Tag::Weekday {
            let k = if self.norm(j + 1) == "," { j + 2 } else { j + 1 };
            return self.date(k, false);
        }
        self.numeric_date(j).or_else(|| self.written_date(j, bare_month))
    }

    /// "Version: 1.1.30", "v1.2.25": not dates.
    fn version_context(&self, j: usize) -> bool {
        (j.saturating_sub(3)..j).any(|k| matches!(self.norm(k), "version" | "v" | "ver" | "release"))
    }

    /// 23.7.21, 23/07/2021, 05-07-2021, 2012/8/10, 8/Oct/2012.
    fn numeric_date(&self, j: usize) -> Option<(usize, NaiveDate)> {
        let sep = self.norm(j + 1);
        if !matches!(sep, "." | "/" | "-") || !(j..j + 4).all(|k| self.touch(k)) || self.norm(j + 3) != sep {
            return None;
        }
        let end = j + 5;
        // Not followed by more of a number ("1.2.3.4", "12.5%").
        if self.touch(end - 1)
            && matches!(self.norm(end), "." | "/" | "-" | "%" | ":")
            && self.is_number(end + 1)
        {
            return None;
        }
        if self.touch(end - 1) && matches!(self.norm(end), "%") {
            return None;
        }
        let (a, da) = self.number(j)?;
        let month_mid = match self.tag(j + 2) {
            Tag::Month(m) => Some(m),
            _ => None,
        };
        let (b, db) = match month_mid {
            Some(m) => (m, 1),
            None => self.number(j + 2)?,
        };
        let (c, dc) = self.number(j + 4)?;
        let date = if da == 4 {
            // Year first: 2012/8/10.
            dates::ymd(dates::full_year(a, 4)?, b, c)?
        } else {
            if da > 2 || db > 2 || !matches!(dc, 2 | 4) {
                return None;
            }
            dates::ymd(dates::full_year(c, dc)?, b, a)?
        };
        Some((end, date))
    }

    /// A day number with its ordinal ("3rd", "14"), touching.
    fn day(&self, j: usize) -> Option<(u32, usize)> {
        let (d, digits) = self.number(j)?;
        if digits > 2 || d == 0 || d > 31 {
            return None;
        }
        if self.touch(j) && self.tag(j + 1) == Tag::Ordinal {
            return Some((d, j + 2));
        }
        Some((d, j + 1))
    }

    /// A year after a month: "2025", "25" (as 2025).
    fn year(&self, j: usize) -> Option<(i32, usize)> {
        let k = if self.norm(j) == "," { j + 1 } else { j };
        let (y, digits) = self.number(k)?;
        if self.touch(k) && matches!(self.norm(k + 1), "%" | ":" | "." | "/" | "-") && self.is_number(k + 2) {
            return None;
        }
        if self.touch(k) && self.norm(k + 1) == "%" {
            return None;
        }
        Some((dates::full_year(y, digits)?, k + 1))
    }

    /// A month word read as a month, not a name or a modal verb: "May" and
    /// "Jan" must be capitalised and not followed by a bracket or a verb.
    fn month(&self, j: usize) -> Option<u32> {
        let Tag::Month(m) = self.tag(j) else { return None };
        let raw = self.raw(j);
        if self.norm(j) == "may" && !raw.starts_with('M') {
            return None;
        }
        if matches!(
            self.norm(j + 1),
            "(" | "will" | "to" | "and" | "has" | "is" | "was" | "said" | "says" | "'"
        ) {
            return None;
        }
        Some(m)
    }

    fn written_date(&self, j: usize, bare_month: bool) -> Option<(usize, NaiveDate)> {
        let r = || self.reference();
        // Day first: "3rd March 2025", "1st of June", "3 Mar 25", "31st March, 2016".
        if let Some((d, k)) = self.day(j) {
            let k = if self.norm(k) == "of" { k + 1 } else { k };
            let m = self.month(k)?;
            let k = k + 1;
            let k = if self.norm(k) == "." { k + 1 } else { k };
            if let Some((y, e)) = self.year(k) {
                return Some((e, dates::ymd(y, m, d)?));
            }
            return Some((k, dates::next_occurrence(r(), m, d)?));
        }
        // Year first: "2018 March 18".
        if let Some((y, 4)) = self.number(j) {
            if let Some(m) = self.month(j + 1) {
                if let Some((d, e)) = self.day(j + 2) {
                    return Some((e, dates::ymd(dates::full_year(y, 4)?, m, d)?));
                }
            }
            return None;
        }
        // Month first: "March 18, 2016", "Jan 2026", "July 26", "July".
        let m = self.month(j)?;
        let k = j + 1;
        let k = if self.norm(k) == "." { k + 1 } else { k };
        if let Some((d, e)) = self.day(k) {
            let ordinal = e == k + 2;
            // A range ("June 10 - 31") is not one date.
            if matches!(self.norm(e), "-" | "–") && self.is_number(e + 1) {
                return None;
            }
            if let Some((y, ye)) = self.year(e) {
                return Some((ye, dates::ymd(y, m, d)?));
            }
            // "By July 26": a bare two-digit number after a month is a year
            // when it reads as one near the plan date; else a day.
            let digits = self.norm(k).len();
            let as_year = 2000 + d as i32;
            if !ordinal && digits == 2 && (r().year() - 1..=r().year() + 5).contains(&as_year) {
                return Some((e, dates::last_day_of_month(as_year, m)));
            }
            return Some((e, dates::next_occurrence(r(), m, d)?));
        }
        if let Some((y, 4)) = self.number(k) {
            let y = dates::full_year(y, 4)?;
            return Some((k + 1, dates::last_day_of_month(y, m)));
        }
        if bare_month && self.raw(j).starts_with(|c: char| c.is_uppercase()) {
            return Some((k, dates::month_end_next(r(), m)));
        }
        None
    }

    // ---- frequencies ----

    fn frequency(&self, i: usize) -> Option<Reading> {
        let freq = |end| {
            Some(Reading {
                end,
                kind: TimeKind::Frequency,
                date: None,
            })
        };
        let j = self.any_of(i, LIMITERS).unwrap_or(i);
        let core = self.rate(j);
        if let Some(e) = core {
            return freq(self.trailing(e));
        }
        if j != i {
            return None;
        }
        // Clock times: "before 9am on school days", "at 9pm", "by 7:30pm".
        if let Some(k) = self.any_of(i, &[&["by"], &["before"], &["at"], &["after"], &["from"]]) {
            if let Some(e) = self.clock(k) {
                return freq(self.trailing(e));
            }
        }
        // "at every visit", "on each visit", "at each core group".
        if let Some(k) = self.any_of(
            i,
            &[
                &["at", "every"],
                &["at", "each"],
                &["on", "every"],
                &["on", "each"],
                &["after", "every"],
                &["after", "each"],
            ],
        ) {
            if let Some(e) = self.event_noun(k) {
                return freq(e);
            }
        }
        // "at the start of every school day", "at the start and end of each day".
        if let Some(k) = self.any_of(
            i,
            &[
                &["at", "the", "start", "of"],
                &["at", "the", "end", "of"],
                &["at", "the", "start", "and", "end", "of"],
                &["at", "the", "beginning", "of"],
            ],
        ) {
            if let Some(k2) = self.any_of(k, &[&["every"], &["each"]]) {
                if let Some(e) = self.event_noun(k2).or_else(|| self.rate(k)) {
                    return freq(e);
                }
            }
        }
        // "on Tuesdays and Thursdays", "on school days", "after school on Mondays".
        let k = self
            .words(i, &["after", "school", "on"])
            .or_else(|| self.words(i, &["on"]));
        if let Some(k) = k {
            if let Some(e) = self.weekdays(k, true) {
                return freq(e);
            }
            if let Some((_, e)) = self.phrase(k, |p| p == Phrase::Period) {
                if self.norm(e - 1).ends_with('s') {
                    return freq(e);
                }
            }
        }
        if let Some(e) = self.clock(i).filter(|_| self.norm(i.wrapping_sub(1)) != "at") {
            // A bare clock time followed by a frequency: "8:40am every morning".
            let t = self.trailing(e);
            if t > e {
                return freq(t);
            }
        }
        None
    }

    /// The heart of a frequency: "every Tuesday", "every 4 weeks",
    /// "three times a week", "twice a day", "once every 2 weeks", "weekly".
    fn rate(&self, j: usize) -> Option<usize> {
        if let Some((_, e)) = self.phrase(j, |p| p == Phrase::Frequency) {
            return Some(e);
        }
        if matches!(self.norm(j), "every" | "each") {
            return self.every(j + 1);
        }
        // once/twice …
        let k = if let Tag::Times(_) = self.tag(j) {
            j + 1
        } else {
            let (_, k) = self.count(j)?;
            if self.norm(j) == "a" || self.norm(j) == "an" {
                return None;
            }
            // "2-3 times", "3-4 times"
            let k = if matches!(self.norm(k), "-" | "–") && self.is_number(k + 1) {
                k + 2
            } else {
                k
            };
            if self.norm(k) == "times" {
                k + 1
            } else if let Some(e) = self
                .unit(k)
                .map(|(_, e)| e)
                .or_else(|| self.phrase(k, |p| p == Phrase::Period).map(|(_, e)| e))
            {
                // "3 days a week", "5 nights a week": needs the "a week".
                // Hours ("15 hours a week") are provision: a measure.
                if self.unit(k).is_some_and(|(u, _)| u == Unit::Hour) {
                    return None;
                }
                if matches!(self.norm(e), "a" | "per" | "each" | "every") && self.unit(e + 1).is_some() {
                    e
                } else {
                    return None;
                }
            } else {
                return None;
            }
        };
        // "a week", "per day", "every 2 weeks", "weekly" ("twice weekly").
        if matches!(self.norm(k), "a" | "an" | "per" | "each") {
            if let Some(e) = self
                .unit(k + 1)
                .map(|(_, e)| e)
                .or_else(|| self.phrase(k + 1, |p| p == Phrase::Period).map(|(_, e)| e))
            {
                return Some(e);
            }
        }
        if self.norm(k) == "every" {
            return self.every(k + 1);
        }
        if let Some((_, e)) = self.phrase(k, |p| p == Phrase::Frequency) {
            return Some(e);
        }
        None
    }

    /// After "every"/"each": "day", "other weekend", "2 weeks", "Tuesday and
    /// Thursday", "school day", "morning".
    fn every(&self, k: usize) -> Option<usize> {
        let k = if self.norm(k) == "other" { k + 1 } else { k };
        if let Some(e) = self.weekdays(k, false) {
            return Some(e);
        }
        if let Some((_, e)) = self.unit(k) {
            return Some(e);
        }
        if let Some((_, e)) = self.phrase(k, |p| p == Phrase::Period) {
            return Some(e);
        }
        let (_, c) = self.count(k)?;
        if self.norm(k) == "a" {
            return None;
        }
        self.unit(c).map(|(_, e)| e)
    }

    /// "Tuesday", "Tuesday and Thursday", "Monday morning", "Friday night".
    fn weekdays(&self, k: usize, plural: bool) -> Option<usize> {
        if self.tag(k) != Tag::Weekday || (plural && !self.norm(k).ends_with('s')) {
            return None;
        }
        let mut e = k + 1;
        while matches!(self.norm(e), "and" | "," | "or") && self.tag(e + 1) == Tag::Weekday {
            e += 2;
        }
        if let Some((Phrase::Period, pe)) = self.phrase(e, |p| p == Phrase::Period) {
            e = pe;
        }
        Some(e)
    }

    /// "9am", "8:50am", "7.30pm", "6pm".
    fn clock(&self, k: usize) -> Option<usize> {
        let (h, _) = self.number(k)?;
        if h > 24 {
            return None;
        }
        let mut e = k + 1;
        if matches!(self.norm(e), ":" | ".") && self.touch(k) {
            let (m, d) = self.number(e + 1)?;
            if d != 2 || m > 59 {
                return None;
            }
            e += 2;
        }
        if matches!(self.norm(e), "am" | "pm") && h <= 12 {
            return Some(e + 1);
        }
        None
    }

    /// What may follow a frequency or a clock time: "every school day", "on
    /// school days", "on every school day", "each morning", "after school".
    fn trailing(&self, e: usize) -> usize {
        if let Some(k) = self.any_of(e, &[&["every"], &["each"], &["on", "every"], &["on", "each"]]) {
            if let Some(x) = self.every(k) {
                return x;
            }
        }
        if let Some(k) = self.words(e, &["on"]) {
            if let Some(x) = self.weekdays(k, true) {
                return x;
            }
            if let Some((_, x)) = self.phrase(k, |p| p == Phrase::Period) {
                return x;
            }
        }
        if let Some(k) = self.words(e, &["at"]) {
            if let Some(x) = self.clock(k) {
                return x;
            }
        }
        if let Some(x) = self.words(e, &["after", "school"]) {
            return x;
        }
        e
    }
}
