//! What a time names: a day ("tomorrow", "Friday 14th", "15 February",
//! "23.7.21"), a period ("next week", "this month", "May", "the spring
//! term"), a part of one ("the end of next week", "mid-March"), or a count
//! from a day ("in 3 days", "a fortnight today", "5 days ago").

use super::words::{Edge, Offset, Rel, School, W};
use super::Scan;
use crate::dates::{self, Unit};
use crate::lexicon::WordClass;
use chrono::{Datelike, Duration, NaiveDate};

/// Which way a time points from the reference date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(super) enum Dir {
    /// Nothing in the words says ("on Monday", "in May"): tense decides.
    #[default]
    Unmarked,
    /// "last week", "yesterday", "5 days ago", "the past 6 months".
    Past,
    /// "next week", "tomorrow", "in 3 days".
    Future,
}

/// How much of the calendar a time covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(super) enum Grain {
    #[default]
    Other,
    Day,
    Week,
    Month,
}

/// What a time expression names: its first and last day when it has them.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct T {
    pub first: Option<NaiveDate>,
    pub last: Option<NaiveDate>,
    pub grain: Grain,
    /// The other plausible reading of `last`.
    pub other: Option<NaiveDate>,
    pub dir: Dir,
}

impl T {
    pub fn day(d: NaiveDate, dir: Dir) -> T {
        T {
            first: Some(d),
            last: Some(d),
            grain: Grain::Day,
            other: None,
            dir,
        }
    }
    pub fn range(a: NaiveDate, b: NaiveDate, grain: Grain, dir: Dir) -> T {
        T {
            first: Some(a),
            last: Some(b),
            grain,
            other: None,
            dir,
        }
    }
    pub fn undated(dir: Dir) -> T {
        T { dir, ..T::default() }
    }
    pub fn or(mut self, other: Option<NaiveDate>) -> T {
        self.other = other;
        self
    }
    fn month(y: i32, m: u32, dir: Dir) -> Option<T> {
        Some(T::range(
            dates::ymd(y, m, 1)?,
            dates::last_day_of_month(y, m),
            Grain::Month,
            dir,
        ))
    }
}

/// A time and where its words end.
#[derive(Debug, Clone, Copy)]
pub(super) struct Core {
    pub end: usize,
    pub t: T,
}

fn core(end: usize, t: T) -> Option<Core> {
    Some(Core { end, t })
}

/// A count of units: "6 weeks", "a fortnight", "two months", "6-12 weeks"
/// (a range: no count).
#[derive(Debug, Clone, Copy)]
pub(super) struct Count {
    pub n: Option<u32>,
    pub unit: Unit,
    pub end: usize,
}

/// What may follow a weekday.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum After {
    NextButOne,
    InWeek(Rel),
    Plus(i64),
    Next,
}

fn dir_of(rel: Rel) -> Dir {
    match rel {
        Rel::Last => Dir::Past,
        Rel::This => Dir::Unmarked,
        Rel::Next | Rel::Coming | Rel::AfterNext => Dir::Future,
    }
}

impl Scan<'_, '_> {
    /// A day a date with its year names: its year says whether it is past.
    fn on(&self, date: NaiveDate) -> T {
        let dir = if date < self.reference() {
            Dir::Past
        } else {
            Dir::Future
        };
        T::day(date, dir)
    }

    // ---- counting ----

    /// A count: digits, a number word ("two", "twenty one"), or "a"/"an".
    /// None for a number that is part of something else ("1.5", "3/4", "63%").
    pub(super) fn count(&self, i: usize) -> Option<(Option<u32>, usize)> {
        if let Some((v, _)) = self.number(i) {
            if self.touch(i)
                && (self.is(i + 1, ".") || self.is(i + 1, "/") || self.is(i + 1, ":") || self.is(i + 1, "%"))
            {
                return None;
            }
            return Some((Some(v), i + 1));
        }
        if let Some((v, e)) = self.get(i, |p| match p.w {
            W::Number(v) => Some(v),
            _ => None,
        }) {
            // "twenty one", "twenty-one".
            let k = if self.is(e, "-") { e + 1 } else { e };
            if let (Some(t), Some((Some(u), e2))) = (
                v,
                self.get(k, |p| match p.w {
                    W::Number(u) => Some(u),
                    _ => None,
                }),
            ) {
                if t >= 20 && t % 10 == 0 && u < 10 {
                    return Some((Some(t + u), e2));
                }
            }
            return Some((v, e));
        }
        self.word(i, W::Article).map(|e| (Some(1), e))
    }

    /// A count and a unit: "6 weeks", "a fortnight", "10 working days",
    /// "6-12 weeks", "a couple of months".
    pub(super) fn count_unit(&self, i: usize) -> Option<Count> {
        let (n, k) = self.count(i)?;
        // A range: "6-12 weeks", "2 to 3 weeks".
        let (n, k) = if (self.is(k, "-") || self.word(k, W::To).is_some()) && self.count(k + 1).is_some() {
            (None, self.count(k + 1)?.1)
        } else {
            (n, k)
        };
        // "couple of weeks"; "a couple of" holds its own "of".
        let k = (self.word(k, W::Of))
            .filter(|_| !self.doc.is(i, WordClass::Determiner))
            .unwrap_or(k);
        let (unit, end) = self.unit(k)?;
        Some(Count { n, unit, end })
    }

    pub(super) fn unit(&self, i: usize) -> Option<(Unit, usize)> {
        self.get(i, |p| match p.w {
            W::Unit(u) => Some(u),
            _ => None,
        })
    }

    fn relative(&self, i: usize) -> Option<(Rel, usize)> {
        self.get(i, |p| match p.w {
            W::Relative(r) => Some(r),
            _ => None,
        })
    }

    /// An optional "the" (or any determiner) before `i`'s phrase.
    pub(super) fn skip_det(&self, i: usize) -> usize {
        if self.the(i) {
            i + 1
        } else {
            i
        }
    }

    /// A determiner that picks out one known thing ("the", "this", "her"),
    /// not "a", "every" or a relative word.
    pub(super) fn the(&self, i: usize) -> bool {
        self.det(i)
            && self
                .get(i, |p| {
                    matches!(p.w, W::Every(_) | W::Article | W::Relative(_)).then_some(())
                })
                .is_none()
    }

    // ---- days ----

    /// A day or a period, as a deadline can name it: everything in this
    /// module. `weak` also allows what needs an anchor to be read as time
    /// ("by July", "by half term", "by 2026", "by the 15th").
    pub(super) fn time(&self, i: usize, weak: bool) -> Option<Core> {
        // Anchors and small words ("to", "in", "of") reach here from the
        // scan; most start nothing.
        if !self.may_start_time(i) {
            return None;
        }
        self.time_readings(i, weak)
    }

    /// [`Scan::time`] without the test of the word at `i`.
    pub(super) fn time_readings(&self, i: usize, weak: bool) -> Option<Core> {
        let mut best: Option<Core> = None;
        let mut offer = |c: Option<Core>| {
            if let Some(c) = c {
                if best.is_none_or(|b| c.end > b.end) {
                    best = Some(c);
                }
            }
        };
        offer(self.day_word(i));
        offer(self.weekday(i, weak));
        offer(self.date(i, weak));
        offer(self.offset(i));
        offer(self.period(i, weak));
        offer(self.edge(i, weak));
        offer(self.clock_then_day(i));
        offer(self.the_day(i, !weak));
        best
    }

    /// Whether any reading of [`Scan::time`] can start at `i`: each reader
    /// below first needs a number or one of these words at `i`, or a
    /// determiner before them ("the 15th", "her next review"). A reader
    /// that starts on another kind of word must be added here.
    pub(super) fn may_start_time(&self, i: usize) -> bool {
        self.det(i)
            || self.is_number(i)
            || self.words.at(i).iter().any(|p| {
                matches!(
                    p.w,
                    W::Day(_)
                        | W::Weekday(_)
                        | W::Holiday(..)
                        | W::Number(_)
                        | W::Article
                        | W::OrdinalWord(_)
                        | W::Month(_)
                        | W::Season
                        | W::School(_)
                        | W::Relative(_)
                        | W::Edge(_)
                        | W::Clock(_)
                )
            })
    }

    /// "today", "tomorrow", "the day after tomorrow", with a time of day.
    fn day_word(&self, i: usize) -> Option<Core> {
        let (v, e) = self.get(i, |p| match p.w {
            W::Day(v) => Some(v),
            _ => None,
        })?;
        let dir = match v {
            0 => Dir::Unmarked,
            v if v > 0 => Dir::Future,
            _ => Dir::Past,
        };
        core(
            self.time_of_day(e),
            T::day(self.reference() + Duration::days(v), dir),
        )
    }

    /// "Friday", "next Tuesday", "this Monday", "last Sunday", "Friday
    /// after next", "Wednesday of next week", "Friday week", "this
    /// weekend", "Monday 18 Feb", "Friday 14th", each with a time of day.
    pub(super) fn weekday(&self, i: usize, framed: bool) -> Option<Core> {
        // "the following Monday", "the coming Friday", "the weekend".
        let weekend_next = self
            .get(i + 1, |p| matches!(p.w, W::Weekday(0)).then_some(()))
            .is_some();
        let i = if self.det(i) && (self.relative(i + 1).is_some() || (weekend_next && self.the(i))) {
            i + 1
        } else {
            i
        };
        let (rel, k) = match self.relative(i) {
            Some((r, e)) => (Some(r), e),
            None => (None, i),
        };
        let (wd, piece_end, common, plural) = self.words.at(k).iter().find_map(|p| match p.w {
            W::Weekday(wd) => Some((wd, p.end, p.common, p.plural)),
            _ => None,
        })?;
        if plural {
            return None;
        }
        let mut e = piece_end;
        // An abbreviation's full stop ("Thurs.") belongs to it when more follows.
        if self.is(e, ".") && self.touch(e - 1) && (self.is_number(e + 1) || self.is(e + 1, ",")) {
            e += 1;
        }
        // A weekday before a date: "Monday 18 Feb", "Mon, 18 February", "Friday 14th".
        if wd != 0 {
            let d = if self.is(e, ",") { e + 1 } else { e };
            let d = self.skip_det(d);
            if let Some(c) = self.date(d, false).or_else(|| self.day_of_month(d, Some(wd))) {
                // The weekday says which reading of a year-less date is meant.
                let on_wd = |x: Option<NaiveDate>| x.is_some_and(|x| x.weekday().number_from_monday() == wd);
                let t = match (on_wd(c.t.last), on_wd(c.t.other)) {
                    (false, true) => T::day(c.t.other.unwrap_or_default(), c.t.dir),
                    (true, _) => T { other: None, ..c.t },
                    _ => c.t,
                };
                return core(self.time_of_day(c.end), t);
            }
        }
        // A weekday is no time before a noun ("Monday club"), and "sat",
        // "sun", "wed" in lower case are ordinary words unless framed: after
        // an anchor or "next", or alone at a phrase's end after no subject
        // ("SW to visit sat", not "Mum sat").
        let subject_before = k > 0
            && (self.party(k - 1).is_some()
                || self.capitalised(k - 1)
                || [
                    WordClass::Speaker,
                    WordClass::Addressee,
                    WordClass::We,
                    WordClass::ThirdPerson,
                ]
                .iter()
                .any(|c| self.class(k - 1, *c)));
        let loose = common && !self.capitalised(k) && rel.is_none() && !framed && e == piece_end;
        if (loose && (subject_before || !self.boundary(e))) || self.noun_after(e) {
            return None;
        }
        if rel.is_none() && !framed && k > 0 && self.det(k - 1) {
            return None;
        }
        let r = self.reference();
        if wd == 0 {
            // The weekend: Saturday and Sunday of a week.
            let this_end = dates::week_end(r);
            let sunday = match rel {
                Some(Rel::Next) => this_end + Duration::days(7),
                Some(Rel::Last) => dates::week_start(r) - Duration::days(1),
                _ => this_end,
            };
            let dir = rel.map_or(Dir::Unmarked, dir_of);
            return core(e, T::range(sunday - Duration::days(1), sunday, Grain::Week, dir));
        }
        // What follows the weekday: "after next", "of next week", "week".
        let (after, e2) = self.after_weekday(e);
        let rel = match (rel, after) {
            (None, Some(After::Next)) => Some(Rel::Next),
            (rel, _) => rel,
        };
        let (date, other, dir) = match (rel, after) {
            (_, Some(After::NextButOne)) => {
                // The second one after today; or the one in the week after next.
                let d = dates::weekday_on_or_after(r + Duration::days(1), wd) + Duration::days(7);
                let other = dates::weekday_in_week(r, wd) + Duration::days(14);
                (d, Some(other), Dir::Future)
            }
            (_, Some(After::InWeek(rw))) => {
                let shift = match rw {
                    Rel::Next | Rel::Coming => 7,
                    Rel::Last => -7,
                    Rel::AfterNext => 14,
                    Rel::This => 0,
                };
                let d = dates::weekday_in_week(r, wd) + Duration::days(shift);
                (d, None, dir_of(rw))
            }
            // "Friday week": a week after the coming Friday.
            (None, Some(After::Plus(days))) => (
                dates::weekday_on_or_after(r, wd) + Duration::days(days),
                None,
                Dir::Future,
            ),
            (Some(Rel::Next), _) => {
                // The first one after today; said early in a week, "next
                // Friday" may also mean the one in next week.
                let d = dates::weekday_on_or_after(r + Duration::days(1), wd);
                let other = (d <= dates::week_end(r)).then(|| d + Duration::days(7));
                (d, other, Dir::Future)
            }
            (Some(Rel::Coming), _) => (
                dates::weekday_on_or_after(r + Duration::days(1), wd),
                None,
                Dir::Future,
            ),
            (Some(Rel::Last), _) => {
                let d = dates::weekday_before(r, wd);
                let other = (d >= dates::week_start(r)).then(|| d - Duration::days(7));
                (d, other, Dir::Past)
            }
            _ => {
                // "Friday", "this Friday", "by Friday": the next on or after
                // the reference date; said on a Friday, maybe next week's.
                let d = dates::weekday_on_or_after(r, wd);
                let other = (d == r).then(|| d + Duration::days(7));
                (d, other, Dir::Unmarked)
            }
        };
        core(self.time_of_day(e2), T::day(date, dir).or(other))
    }

    /// After a weekday: "after next", "of next week", "next week", "this
    /// week", "next" ("Friday next"), "week" ("Friday week"), "fortnight".
    fn after_weekday(&self, e: usize) -> (Option<After>, usize) {
        if let Some((Rel::AfterNext, x)) = self.relative(e) {
            return (Some(After::NextButOne), x);
        }
        let k = self
            .word(e, W::Of)
            .or_else(|| self.word(e, W::Anchor(super::words::Anchor::Start)))
            .unwrap_or(e);
        if let Some((rel, x)) = self.relative(k) {
            if let Some((Unit::Week, y)) = self.unit(x) {
                return (Some(After::InWeek(rel)), y);
            }
            if k == e && rel == Rel::Next && self.boundary(x) {
                return (Some(After::Next), x);
            }
        }
        if k == e {
            match self.unit(e) {
                Some((Unit::Week, x)) if self.boundary(x) => return (Some(After::Plus(7)), x),
                Some((Unit::Fortnight, x)) if self.boundary(x) => return (Some(After::Plus(14)), x),
                _ => {}
            }
        }
        (None, e)
    }

    /// A time of day after a day: "at 9am", "9:30", ", 3pm", "morning",
    /// "in the afternoon", "at lunchtime". Returns the new end.
    pub(super) fn time_of_day(&self, e: usize) -> usize {
        let k = if self.is(e, ",") { e + 1 } else { e };
        let k2 = self
            .get(k, |p| {
                matches!(
                    p.w,
                    W::Anchor(
                        super::words::Anchor::At | super::words::Anchor::Bound | super::words::Anchor::In
                    )
                )
                .then_some(())
            })
            .map_or(k, |(_, x)| x);
        let k2 = self.skip_det(k2);
        if let Some(x) = self.clock(k2, k2 != k) {
            return x;
        }
        if let Some((_, x)) = self.get(k2, |p| (p.w == W::Period && !p.plural).then_some(())) {
            return x;
        }
        e
    }

    /// "9am", "8:50am", "7.30pm", "6 pm", "noon", "14:00"; a bare "at 5"
    /// only when `at` says a time is expected.
    pub(super) fn clock(&self, k: usize, at: bool) -> Option<usize> {
        if let Some((_, e)) = self.get(k, |p| matches!(p.w, W::Clock(_)).then_some(())) {
            return Some(e);
        }
        let (h, _) = self.number(k)?;
        if h > 24 {
            return None;
        }
        let mut e = k + 1;
        let mut minutes = false;
        if (self.is(e, ":") || self.is(e, ".")) && self.touch(k) && self.touch(e) {
            let (m, d) = self.number(e + 1)?;
            if d != 2 || m > 59 {
                return None;
            }
            minutes = self.is(e, ":");
            e += 2;
        }
        if let Some((_, x)) = self.get(e, |p| matches!(p.w, W::Meridiem(_)).then_some(())) {
            return (h <= 12).then_some(x);
        }
        (minutes || (at && h <= 12 && !self.noun_after(e) && self.unit(e).is_none())).then_some(e)
    }

    /// "3pm on Friday", "10am tomorrow": a clock time before a day.
    fn clock_then_day(&self, i: usize) -> Option<Core> {
        let e = self.clock(i, false)?;
        let k = self
            .get(e, |p| {
                matches!(p.w, W::Anchor(super::words::Anchor::On)).then_some(())
            })
            .map_or(e, |(_, x)| x);
        let c = self
            .day_word(k)
            .or_else(|| self.weekday(k, true))
            .or_else(|| self.date(k, false))?;
        Some(c)
    }

    // ---- dates ----

    /// A date starting at `j`: numeric (23.7.21, 2012/8/10, 3/15/20; day and
    /// month alone only when `anchored`), written (3rd March 2025, March 18,
    /// the fifteenth of February, 2018 March 18), a weekday before a date,
    /// or a holiday ("Christmas Day"). Impossible dates give nothing.
    pub(super) fn date(&self, j: usize, anchored: bool) -> Option<Core> {
        if j >= self.n() {
            return None;
        }
        // Not the middle of a longer number ("1.1.1.30", "v1.1.30").
        if j > 0
            && self.touch(j - 1)
            && (self.shape(j - 1) == Some(crate::text::Shape::Punct) || self.is_number(j - 1))
        {
            return None;
        }
        if (j.saturating_sub(3)..j).any(|k| self.word(k, W::Version).is_some()) {
            return None;
        }
        if let Some((wd, e)) = self.get(j, |p| match p.w {
            W::Weekday(wd) if wd != 0 && !p.plural => Some(wd),
            _ => None,
        }) {
            let e = if self.is(e, ".") && self.touch(e - 1) {
                e + 1
            } else {
                e
            };
            let k = if self.is(e, ",") { e + 1 } else { e };
            return self
                .date(k, false)
                .map(|c| Core {
                    end: c.end,
                    t: if c.t.grain == Grain::Day {
                        T { other: None, ..c.t }
                    } else {
                        c.t
                    },
                })
                .filter(|c| {
                    c.t.first
                        .is_none_or(|d| d.weekday().number_from_monday() == wd || c.t.grain == Grain::Day)
                });
        }
        if let Some(((m, d), e)) = self.get(j, |p| match p.w {
            W::Holiday(m, d) => Some((m, d)),
            _ => None,
        }) {
            if let Some((y, ye)) = self.year(e) {
                return core(ye, self.on(dates::ymd(y, m, d)?));
            }
            // A holiday is named ahead: the next one.
            let date = dates::next_occurrence(self.reference(), m, d)?;
            return core(e, T::day(date, Dir::Unmarked));
        }
        self.numeric_date(j, anchored).or_else(|| self.written_date(j))
    }

    /// 23.7.21, 23/07/2021, 05-07-2021, 2012/8/10, 8/Oct/2012; a US
    /// month-first date when day-first is impossible (3/15/20); and, after
    /// an anchor, a day and month alone ("by 30.6", "on 4/6").
    fn numeric_date(&self, j: usize, anchored: bool) -> Option<Core> {
        let sep = self.norm(j + 1);
        if !matches!(sep, "." | "/" | "-") || !self.touch(j) || !self.touch(j + 1) {
            return None;
        }
        let month_mid = self.get(j + 2, |p| match p.w {
            W::Month(m) => Some(m),
            _ => None,
        });
        let (b, db) = match month_mid {
            Some((m, _)) => (m, 1),
            None => self.number(j + 2)?,
        };
        let (a, da) = self.number(j)?;
        let three =
            self.touch(j + 2) && self.norm(j + 3) == sep && self.touch(j + 3) && self.is_number(j + 4);
        if !three {
            // Day and month alone: only after an anchor, with one separator
            // that is no hyphen ("4-6 weeks"), and nothing after it that
            // makes it a fraction or a count ("4/5 trials", "3/4 of").
            if !anchored || sep == "-" || da > 2 || db > 2 || month_mid.is_some() {
                return None;
            }
            let e = j + 3;
            if self.touch(j + 2)
                && (self.is_number(e + 1) || matches!(self.norm(e), "%" | ":" | "." | "/"))
                && !self.boundary(e + 1)
            {
                return None;
            }
            if self.touch(j + 2) && matches!(self.norm(e), "%" | "/" | ":") {
                return None;
            }
            if self.noun_after(e) || self.word(e, W::Of).is_some() || self.unit(e).is_some() {
                return None;
            }
            // "from 6.5 to 7.5": a range of numbers.
            if (self.is(e, "-") || self.word(e, W::To).is_some()) && self.is_number(e + 1) {
                return None;
            }
            let (m, d) = if (1..=12).contains(&b) { (b, a) } else { (a, b) };
            let (date, other) = dates::nearest_occurrence(self.reference(), m, d)?;
            return core(e, T::day(date, Dir::Unmarked).or(other));
        }
        let end = j + 5;
        // Not followed by more of a number ("1.2.3.4", "12.5%").
        if self.touch(end - 1)
            && matches!(self.norm(end), "." | "/" | "-" | "%" | ":")
            && self.is_number(end + 1)
        {
            return None;
        }
        if self.touch(end - 1) && self.is(end, "%") {
            return None;
        }
        let (c, dc) = self.number(j + 4)?;
        let date = if da == 4 {
            // Year first: 2012/8/10.
            dates::ymd(dates::full_year(a, 4)?, b, c)?
        } else {
            if da > 2 || db > 2 || !matches!(dc, 2 | 4) {
                return None;
            }
            let y = dates::full_year(c, dc)?;
            // Day first, as UK plans write; month first (3/15/20) only when
            // day first cannot be a date.
            match dates::ymd(y, b, a) {
                Some(d) => d,
                None if month_mid.is_none() && b > 12 => dates::ymd(y, a, b)?,
                None => return None,
            }
        };
        core(end, self.on(date))
    }

    /// A day number with its ordinal ("3rd", "14"), touching; or an
    /// ordinal word ("the fifteenth", "twenty-first").
    pub(super) fn day_number(&self, j: usize) -> Option<(u32, usize, bool)> {
        if let Some((d, digits)) = self.number(j) {
            if digits > 2 || d == 0 || d > 31 {
                return None;
            }
            if self.touch(j) && self.word(j + 1, W::Ordinal).is_some() {
                return Some((d, j + 2, true));
            }
            return Some((d, j + 1, false));
        }
        let ordinal = |k: usize| {
            self.get(k, |p| match p.w {
                W::OrdinalWord(v) => Some(v),
                _ => None,
            })
        };
        if let Some((v, e)) = ordinal(j) {
            return Some((v, e, true));
        }
        // "twenty-first", "thirty first".
        let (t, e) = self.get(j, |p| match p.w {
            W::Number(Some(t)) if t == 20 || t == 30 => Some(t),
            _ => None,
        })?;
        let k = if self.is(e, "-") { e + 1 } else { e };
        let (u, e2) = ordinal(k)?;
        (u < 10).then_some((t + u, e2, true))
    }

    /// A year after a month or day: "2025", "25" (as 2025), "'25".
    fn year(&self, j: usize) -> Option<(i32, usize)> {
        let k = if self.is(j, ",") { j + 1 } else { j };
        let k = if self.is(k, "'") && self.touch(k) {
            k + 1
        } else {
            k
        };
        let (y, digits) = self.number(k)?;
        if self.touch(k) && matches!(self.norm(k + 1), "%" | ":" | "." | "/" | "-") && self.is_number(k + 2) {
            return None;
        }
        if self.touch(k) && self.is(k + 1, "%") {
            return None;
        }
        Some((dates::full_year(y, digits)?, k + 1))
    }

    /// A month word read as a month, not a name or a modal verb: "May" must
    /// be capitalised, and no month is followed by a bracket, an apostrophe
    /// or a verb ("Jan (grandmother)", "May will").
    pub(super) fn month(&self, j: usize) -> Option<(u32, usize)> {
        let (m, e) = self.words.at(j).iter().find_map(|p| match p.w {
            W::Month(m) if !p.common || self.capitalised(j) => Some((m, p.end)),
            _ => None,
        })?;
        if self.is(e, "(")
            || (self.is(e, "'") && !self.touch(e))
            || self.class(e, WordClass::Modal)
            || self.class(e, WordClass::Be)
            || self.class(e, WordClass::Have)
        {
            return None;
        }
        Some((m, e))
    }

    fn written_date(&self, j: usize) -> Option<Core> {
        let r = || self.reference();
        // "the 3rd of July", "the fifteenth of February".
        let j = if self.the(j) && self.day_number(j + 1).is_some() {
            j + 1
        } else {
            j
        };
        // Day first: "3rd March 2025", "1st of June", "3 Mar 25", "14april 2015",
        // "the fifteenth of February".
        if let Some((d, k, _)) = self.day_number(j) {
            let k = self.word(k, W::Of).unwrap_or(k);
            if let Some((m, k)) = self.month(k) {
                let k = if self.is(k, ".") && self.touch(k - 1) {
                    k + 1
                } else {
                    k
                };
                if let Some((y, e)) = self.year(k) {
                    return core(e, self.on(dates::ymd(y, m, d)?));
                }
                let (date, other) = dates::nearest_occurrence(r(), m, d)?;
                return core(k, T::day(date, Dir::Unmarked).or(other));
            }
        }
        // Year first: "2018 March 18".
        if let Some((y, 4)) = self.number(j) {
            let (m, k) = self.month(j + 1)?;
            let (d, e, _) = self.day_number(k)?;
            return core(e, self.on(dates::ymd(dates::full_year(y, 4)?, m, d)?));
        }
        // Month first: "March 18, 2016", "Feb 15th", "February the 15th",
        // "July 26" (a day or a two-digit year).
        let (m, k) = self.month(j)?;
        let k = if self.is(k, ".") && self.touch(k - 1) {
            k + 1
        } else {
            k
        };
        let the = self.class(k, WordClass::Determiner) && self.relative(k).is_none();
        let k2 = if the { k + 1 } else { k };
        let (d, e, ordinal) = self.day_number(k2)?;
        // A range ("June 10 - 31") is not one date.
        if (self.is(e, "-") || self.word(e, W::To).is_some()) && self.is_number(e + 1) {
            return None;
        }
        if let Some((y, ye)) = self.year(e) {
            return core(ye, self.on(dates::ymd(y, m, d)?));
        }
        // "Feb 18": a day, or a two-digit year (see `dates::month_and_day_or_year`).
        let two_digits = self.number(k2).is_some_and(|(_, n)| n == 2);
        let weekday_before = j > 0
            && (self
                .get(j - 1, |p| matches!(p.w, W::Weekday(_)).then_some(()))
                .is_some()
                || (self.is(j - 1, ",")
                    && j > 1
                    && self
                        .get(j - 2, |p| matches!(p.w, W::Weekday(_)).then_some(()))
                        .is_some()));
        if !ordinal && !the && two_digits && !weekday_before {
            let (date, other) = dates::month_and_day_or_year(r(), m, d)?;
            let grain = if date.day() == d { Grain::Day } else { Grain::Month };
            return core(
                e,
                T {
                    grain,
                    ..T::day(date, Dir::Unmarked).or(other)
                },
            );
        }
        let (date, other) = dates::nearest_occurrence(r(), m, d)?;
        core(e, T::day(date, Dir::Unmarked).or(other))
    }

    /// "the 15th", "the 20th of next month", "the 3rd of this month", "the
    /// first Monday of March", "the last Friday in October", "the last day
    /// of October" (after an anchor: "by the 15th").
    pub(super) fn the_day(&self, j: usize, bare: bool) -> Option<Core> {
        // Without an anchor only what names its month: "the first Monday of
        // March", "20th of next month" ("the 9th" alone may be a centile).
        let k = self.skip_det(j);
        // "the last …", "the first …".
        let nth = if let Some((Rel::Last, e)) = self.relative(k) {
            Some((-1, e))
        } else {
            self.get(k, |p| match p.w {
                W::OrdinalWord(v) => Some(v as i32),
                _ => None,
            })
        };
        if let Some((n, e)) = nth {
            if let Some(c) = self.nth_in_month(n, e) {
                return Some(c);
            }
        }
        let c = self.day_of_month(k, None)?;
        let (_, day_end, _) = self.day_number(k)?;
        // Bare, "the 19th" is a day only where a sentence or clause ends
        // ("the 9th and 25th centile" is no day).
        let ends = c.end >= self.n() || self.shape(c.end) == Some(crate::text::Shape::Punct);
        (!bare || c.end > day_end || (k != j && ends)).then_some(c)
    }

    /// "15th", "15th of next month", "15th of the month": a day of a month
    /// not named. With a weekday ("Friday 14th") the month is the first of
    /// this month and the next where that day is that weekday.
    fn day_of_month(&self, k: usize, weekday: Option<u32>) -> Option<Core> {
        let (d, e, ordinal) = self.day_number(k)?;
        // "20 of next month": a bare number names a day only before its month.
        if !ordinal && weekday.is_none() && self.word(e, W::Of).is_none() {
            return None;
        }
        if self.noun_after(e)
            || self.unit(e).is_some()
            || self.month(e).is_some()
            || self.clock(k, false).is_some()
        {
            return None;
        }
        let r = self.reference();
        // "of next month", "of this month", "of the month".
        if let Some(x) = self.word(e, W::Of) {
            let x = if self.relative(x).is_none() {
                self.skip_det(x)
            } else {
                x
            };
            let (shift, end) = match (self.relative(x), self.unit(x)) {
                (Some((rel, y)), _) => match self.unit(y) {
                    Some((Unit::Month, z)) => (
                        match rel {
                            Rel::Next | Rel::Coming => 1,
                            Rel::Last => -1,
                            Rel::AfterNext => 2,
                            Rel::This => 0,
                        },
                        z,
                    ),
                    _ => return None,
                },
                (None, Some((Unit::Month, z))) => (0, z),
                _ => return None,
            };
            let first = dates::shift_months(r.with_day(1)?, shift)?;
            let date = dates::ymd(first.year(), first.month(), d)?;
            let dir = match shift {
                s if s > 0 => Dir::Future,
                s if s < 0 => Dir::Past,
                _ => Dir::Unmarked,
            };
            return core(end, T::day(date, dir));
        }
        // The next such day on or after the reference date.
        let this_month = r.with_day(1)?;
        let candidates = (0..3).filter_map(|s| {
            let f = dates::shift_months(this_month, s)?;
            dates::ymd(f.year(), f.month(), d)
        });
        let date = match weekday {
            Some(wd) => {
                // Only when the day falls on that weekday in one of the next
                // two months; otherwise no date (a slip: which was meant?).
                let mut c = candidates.filter(|x| *x >= r).take(2);
                let hit = c.find(|x| x.weekday().number_from_monday() == wd);
                return core(
                    e,
                    T {
                        grain: Grain::Day,
                        first: hit,
                        last: hit,
                        other: None,
                        dir: Dir::Unmarked,
                    },
                );
            }
            None => candidates.into_iter().find(|x| *x >= r)?,
        };
        core(e, T::day(date, Dir::Unmarked))
    }

    /// After "the first"/"the last": "Monday of March", "Friday in
    /// October 2025", "day of next month", "week of October" (no date).
    fn nth_in_month(&self, n: i32, e: usize) -> Option<Core> {
        enum What {
            Weekday(u32),
            Day,
            Week,
        }
        let (what, of) = if let Some((wd, x)) = self.get(e, |p| match p.w {
            W::Weekday(wd) if wd != 0 && !p.plural => Some(wd),
            _ => None,
        }) {
            (What::Weekday(wd), self.word(x, W::Of)?)
        } else {
            match self.unit(e)? {
                (Unit::Day, x) => (What::Day, self.word(x, W::Of)?),
                (Unit::Week, x) => (What::Week, self.word(x, W::Of)?),
                _ => return None,
            }
        };
        let r = self.reference();
        // The month: "March", "March 2026", "next month", "the month".
        let (y, m, end, given_year) = if let Some((m, me)) = self.month(of) {
            match self.year(me) {
                Some((y, ye)) => (y, m, ye, true),
                None => (r.year(), m, me, false),
            }
        } else {
            let of = if self.relative(of).is_none() && self.relative(self.skip_det(of)).is_some() {
                self.skip_det(of)
            } else {
                of
            };
            let (shift, z) = match self.relative(of) {
                Some((rel, y)) => (
                    match rel {
                        Rel::Next | Rel::Coming => 1,
                        Rel::Last => -1,
                        Rel::AfterNext => 2,
                        Rel::This => 0,
                    },
                    y,
                ),
                None => (0, self.skip_det(of)),
            };
            let (Unit::Month, z) = self.unit(z)? else {
                return None;
            };
            let f = dates::shift_months(r.with_day(1)?, shift)?;
            (f.year(), f.month(), z, true)
        };
        let on = |y: i32| -> Option<NaiveDate> {
            match what {
                What::Weekday(wd) => dates::nth_weekday(y, m, wd, n),
                What::Day if n < 0 => Some(dates::last_day_of_month(y, m)),
                What::Day => dates::ymd(y, m, n as u32),
                What::Week => None,
            }
        };
        if matches!(what, What::Week) {
            return core(end, T::undated(Dir::Unmarked));
        }
        let this = on(y)?;
        if given_year {
            return core(end, T::day(this, Dir::Unmarked));
        }
        // A month with no year: this year's, unless long past.
        let date = if this < r && (r - this).num_days() > dates::RECENT_PAST_DAYS {
            on(y + 1)?
        } else {
            this
        };
        core(end, T::day(date, Dir::Unmarked))
    }

    // ---- counts from a day ----

    /// "5 days ago", "3 weeks from now", "two weeks from today", "a week
    /// from Friday", "a fortnight today", "a week tomorrow", "a week on
    /// Friday", "in 6 weeks' time" (the "in" is the caller's).
    pub(super) fn offset(&self, i: usize) -> Option<Core> {
        let c = self.count_unit(i)?;
        let r = || self.reference();
        let e = c.end;
        if let Some((o, x)) = self.get(e, |p| match p.w {
            W::Offset(o) => Some(o),
            _ => None,
        }) {
            // "a few days ago": bounded, but no date.
            let Some(n) = c.n.map(i64::from) else {
                return core(
                    x,
                    T::undated(if o == Offset::Ago { Dir::Past } else { Dir::Future }),
                );
            };
            return match o {
                Offset::Ago => core(x, T::day(dates::shift(r(), -n, c.unit)?, Dir::Past)),
                Offset::Hence | Offset::FromNow => {
                    core(x, T::day(dates::shift(r(), n, c.unit)?, Dir::Future))
                }
            };
        }
        let n = c.n? as i64;
        // "a week today", "a fortnight tomorrow".
        if let Some((v, x)) = self.get(e, |p| match p.w {
            W::Day(v) if v >= 0 => Some(v),
            _ => None,
        }) {
            let base = r() + Duration::days(v);
            return core(x, T::day(dates::shift(base, n, c.unit)?, Dir::Future));
        }
        // "a week on Friday", "two weeks from Monday", "a week after the 15th".
        let k = self.get(e, |p| {
            matches!(
                p.w,
                W::Anchor(
                    super::words::Anchor::On | super::words::Anchor::Start | super::words::Anchor::After
                )
            )
            .then_some(())
        });
        if let Some((_, k)) = k {
            let base = self
                .weekday(k, true)
                .or_else(|| self.date(k, true))
                .or_else(|| self.day_word(k))?;
            let d = base.t.last?;
            return core(base.end, T::day(dates::shift(d, n, c.unit)?, Dir::Future));
        }
        None
    }

    // ---- periods ----

    /// "next week", "this month", "last year", "the week after next", "next
    /// March", "this summer", "this academic year", "this time next year",
    /// "March 2026", "summer 2027"; with `weak`, also a month alone ("by
    /// July"), a season, a school period, or a year ("by 2026").
    pub(super) fn period(&self, i: usize, weak: bool) -> Option<Core> {
        // Read only when a date is worked out (see `Doc::reference_date`).
        let r = || self.reference();
        let j = self.skip_det(i);
        if let Some((rel, k)) = self.relative(j) {
            // "this time next year".
            if rel == Rel::This && self.word(k, W::Tail).is_some() && self.norm(k) != "'" {
                if let Some((rel2 @ (Rel::Next | Rel::Last), x)) = self.relative(k + 1) {
                    if let Some((u, y)) = self.unit(x) {
                        let n = if rel2 == Rel::Next { 1 } else { -1 };
                        return core(y, T::day(dates::shift(r(), n, u)?, dir_of(rel2)));
                    }
                }
            }
            if let Some((u, e)) = self.unit(k) {
                // "last week's Sunday".
                if u == Unit::Week {
                    if let Some(g) = self.word(e, W::Genitive) {
                        if let Some((wd, x)) = self.get(g, |p| match p.w {
                            W::Weekday(wd) if wd != 0 && !p.plural => Some(wd),
                            _ => None,
                        }) {
                            let week = self.relative_period(rel, u, r())?;
                            let d = dates::weekday_in_week(week.first?, wd);
                            return core(x, T::day(d, dir_of(rel)));
                        }
                    }
                }
                // "the week after next".
                let (rel, e) = match self.relative(e) {
                    Some((Rel::AfterNext, x)) if rel == Rel::This || j != i => (Rel::AfterNext, x),
                    _ => (rel, e),
                };
                if let Some(t) = self.relative_period(rel, u, r()) {
                    return core(e, t);
                }
            }
            // "this morning", "this evening": today.
            if rel == Rel::This {
                if let Some((_, e)) =
                    self.get(k, |p| (p.w == W::Period && !p.plural && !p.routine).then_some(()))
                {
                    return core(e, T::day(r(), Dir::Unmarked));
                }
            }
            // "next 3 weeks", "the next 7 days": counted from today. ("the
            // last 3 months" is a window only after "in", "over" …: alone it
            // is what a test or record covers.)
            if let Some(c) = self.count_unit(k).filter(|c| c.n.is_some()) {
                return match rel {
                    Rel::Next | Rel::Coming => core(
                        c.end,
                        T::day(dates::shift(r(), c.n? as i64, c.unit)?, Dir::Future),
                    ),
                    _ => None,
                };
            }
            if let Some((m, e)) = self.month(k) {
                let y = match rel {
                    Rel::Next | Rel::Coming if m <= r().month() => r().year() + 1,
                    Rel::Next | Rel::Coming => r().year(),
                    Rel::Last if m >= r().month() => r().year() - 1,
                    Rel::Last => r().year(),
                    Rel::AfterNext => return None,
                    Rel::This => r().year(),
                };
                return core(e, T::month(y, m, dir_of(rel))?);
            }
            if let Some(e) = self.school_or_season(k) {
                return core(e, T::undated(dir_of(rel)));
            }
            return None;
        }
        // "the week after next", "the month after next".
        if j != i {
            if let Some((u, e)) = self.unit(j) {
                if let Some((Rel::AfterNext, x)) = self.relative(e) {
                    return core(x, self.relative_period(Rel::AfterNext, u, r())?);
                }
            }
        }
        // "March 2026", "Jan 2026", "May 25", a month alone after an anchor.
        if let Some((m, e)) = self.month(i) {
            let e2 = if self.is(e, ".") && self.touch(e - 1) {
                e + 1
            } else {
                e
            };
            if let Some((y, 4)) = self.number(e2).or_else(|| {
                // "March, 2026".
                self.is(e2, ",")
                    .then(|| self.number(e2 + 1))
                    .flatten()
                    .filter(|(_, d)| *d == 4)
            }) {
                let ye = if self.is(e2, ",") { e2 + 2 } else { e2 + 1 };
                let y = dates::full_year(y, 4)?;
                let dir = if dates::last_day_of_month(y, m) < r() {
                    Dir::Past
                } else {
                    Dir::Future
                };
                return core(ye, T::month(y, m, dir)?);
            }
            if weak && self.capitalised(i)
                || weak && !self.words.at(i).iter().any(|p| p.common) && self.boundary(e)
            {
                let (date, other) = dates::nearest_month_end(r(), m);
                let first = date.with_day(1)?;
                return core(e, T::range(first, date, Grain::Month, Dir::Unmarked).or(other));
            }
            return None;
        }
        // "summer 2027", "the spring term", "Key Stage 2", "half term".
        if let Some((_, e)) = self.get(i, |p| (p.w == W::Season).then_some(())) {
            if let Some((_, 4)) = self.number(e) {
                return core(e + 1, T::undated(Dir::Unmarked));
            }
        }
        if weak {
            if let Some(e) = self.school_or_season(i).max(self.school_or_season(j)) {
                return core(e, T::undated(Dir::Unmarked));
            }
            // A year: "by 2026", "in 2025" (no date: calendar, school or
            // financial year?).
            if let Some((y, 4)) = self.number(i) {
                if (1990..=2100).contains(&y) && !self.touch(i) {
                    return core(i + 1, T::undated(Dir::Unmarked));
                }
            }
        }
        None
    }

    /// The week, month … that `rel` names, counted from `r`.
    fn relative_period(&self, rel: Rel, u: Unit, r: NaiveDate) -> Option<T> {
        let shift = match rel {
            Rel::This => 0,
            Rel::Next | Rel::Coming => 1,
            Rel::Last => -1,
            Rel::AfterNext => 2,
        };
        let dir = dir_of(rel);
        Some(match u {
            Unit::Week => {
                let start = dates::week_start(r) + Duration::days(7 * shift);
                T::range(start, start + Duration::days(6), Grain::Week, dir)
            }
            Unit::Month => {
                let first = dates::shift_months(r.with_day(1)?, shift)?;
                T::month(first.year(), first.month(), dir)?
            }
            // A year, a quarter, a term or a fortnight named from today has
            // no agreed dates (calendar, school or financial year?).
            Unit::Year | Unit::Quarter | Unit::Term | Unit::Fortnight => T::undated(dir),
            _ => return None,
        })
    }

    /// A school period or a season, coordinated ("the autumn and spring
    /// terms"), with an optional year ("summer 2027").
    pub(super) fn school_or_season(&self, k: usize) -> Option<usize> {
        let one = |x: usize| {
            self.get(x, |p| matches!(p.w, W::School(_) | W::Season).then_some(()))
                .map(|(_, e)| e)
        };
        let mut e = one(k)?;
        while (self.class(e, WordClass::Conjunction) || self.is(e, ",")) && one(e + 1).is_some() {
            e = one(e + 1)?;
        }
        if let Some((_, 4)) = self.number(e) {
            e += 1;
        }
        Some(e)
    }

    /// The kind of school period at `k`.
    pub(super) fn school(&self, k: usize) -> Option<(School, usize)> {
        self.get(k, |p| match p.w {
            W::School(s) => Some(s),
            _ => None,
        })
    }

    // ---- parts of a period ----

    /// "the end of next week", "the start of next month", "end of the
    /// month", "mid-March", "the middle of May", "later this week", "early
    /// March", "end-of-term"; with `weak`, also "the end of term", "the end
    /// of the year". The part of an event ("the end of her referral order")
    /// is the caller's.
    pub(super) fn edge(&self, i: usize, weak: bool) -> Option<Core> {
        let j = self.skip_det(i);
        let (edge, k) = self.get(j, |p| match p.w {
            W::Edge(e) => Some(e),
            _ => None,
        })?;
        // "end-of-term": a hyphenated part, a modifier of its own ("my
        // end-of-term test": the time is "end-of-term").
        let (k, hyphen) = if self.is(k, "-") && self.touch(k - 1) {
            (k + 1, true)
        } else {
            (k, false)
        };
        if hyphen && j != i {
            return None;
        }
        let of = self.word(k, W::Of);
        let needs_of = matches!(edge, Edge::End | Edge::Start | Edge::Whole);
        let x = match of {
            Some(x) => x,
            None if needs_of => return None,
            None => k,
        };
        let x = if hyphen && self.is(x, "-") { x + 1 } else { x };
        // What it is a part of: after "mid", "early", "late", "later" a
        // month or a period named from today ("mid March", "later this week").
        let c = match of {
            Some(_) => self.part_of(x, weak || hyphen)?,
            None => self
                .month(x)
                .map(|(m, e)| {
                    let (date, _) = dates::nearest_month_end(self.reference(), m);
                    Core {
                        end: e,
                        t: T::range(
                            date.with_day(1).unwrap_or(date),
                            date,
                            Grain::Month,
                            Dir::Unmarked,
                        ),
                    }
                })
                .or_else(|| self.period(x, false))
                .or_else(|| self.day_word(x))?,
        };
        let t = c.t;
        let t = match edge {
            Edge::End => t.last.map_or(T::undated(t.dir), |d| T {
                first: Some(d),
                grain: Grain::Day,
                ..t
            }),
            Edge::Later => t.last.map_or(T::undated(Dir::Future), |d| T {
                first: Some(d),
                grain: Grain::Day,
                dir: Dir::Future,
                ..t
            }),
            Edge::Start => t.first.map_or(T::undated(t.dir), |d| T::day(d, t.dir)),
            Edge::Middle => match (t.grain, t.first) {
                (Grain::Month, Some(f)) => T::day(f + Duration::days(14), t.dir),
                _ => T::undated(t.dir),
            },
            Edge::Early | Edge::Late => T::undated(t.dir),
            Edge::Whole => t,
        };
        // "the end of the day" is an idiom ("ultimately") unless a deadline
        // word frames it; the caller offers that reading.
        core(c.end, T { other: None, ..t })
    }

    /// What an edge is a part of: a period, a day, "the day", "the week",
    /// "the month", "the year", "the quarter", "term".
    fn part_of(&self, x: usize, weak: bool) -> Option<Core> {
        if let Some(c) = self
            .period(x, true)
            .filter(|_| weak)
            .or_else(|| self.period(x, false))
        {
            return Some(c);
        }
        // A month alone: "the end of February".
        if let Some((m, e)) = self.month(x) {
            let (date, _) = dates::nearest_month_end(self.reference(), m);
            return core(e, T::range(date.with_day(1)?, date, Grain::Month, Dir::Unmarked));
        }
        if let Some(c) = self.day_word(x).or_else(|| self.weekday(x, true)) {
            return Some(c);
        }
        if let Some(c) = self.date(x, false) {
            return Some(c);
        }
        // "the month", "the week", "month" ("end of month"): this one.
        let y = self.skip_det(x);
        if let Some((u, e)) = self.unit(y) {
            if y != x || weak || self.boundary(e) {
                let r = self.reference();
                if u == Unit::Day {
                    return core(e, T::day(r, Dir::Unmarked));
                }
                return core(e, self.relative_period(Rel::This, u, r)?);
            }
        }
        None
    }
}
