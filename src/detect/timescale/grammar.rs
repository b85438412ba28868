//! Anchor × time × event: what an anchor word ("by", "within", "for", "on",
//! "after", "w/c" …) makes of the time, event or clause after it, and the
//! times that stand without one ("tomorrow", "next week", "5 days ago").

use super::point::{Core, Dir, Grain, T};
use super::words::{Anchor, Edge, Offset, Rel, School, W};
use super::{Best, Reading, Scan};
use crate::dates::{self, Unit};
use crate::lexicon::{Category, WordClass};
use crate::record::TimeKind;
use chrono::Duration;

/// What an anchor lets a count be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Counting {
    /// "within 6 weeks", "within the next week", "in a fortnight".
    Any,
    /// "over the next 3 months", "during the next week": "over 3 terms" is
    /// a window, read apart.
    NextOnly,
    /// "for the next 3 months", "after 3 months": a count is needed.
    Counted,
}

/// How far an event's or a clause's words may run.
const EVENT_MODIFIERS: usize = 4;
const CLAUSE_OBJECT: usize = 6;

impl Scan<'_, '_> {
    /// A deadline reading from what a time names, after an anchor that
    /// points forward (`forward`) or not.
    fn deadline(&self, end: usize, t: T, forward: bool) -> Reading {
        let date = t.last;
        let r = if date.is_some() {
            Some(self.reference())
        } else {
            None
        };
        let back = match t.dir {
            Dir::Past => true,
            Dir::Future => false,
            Dir::Unmarked => !forward,
        } || matches!((date, r), (Some(d), Some(r)) if d < r);
        Reading {
            end: self.tail(end),
            kind: Some(TimeKind::Deadline),
            date,
            other: t.other,
            past: back,
        }
    }

    fn undated(&self, end: usize, forward: bool) -> Reading {
        self.deadline(end, T::undated(Dir::Unmarked), forward)
    }

    /// What may close a deadline: "at the latest", "onwards", "'s time".
    fn tail(&self, e: usize) -> usize {
        self.word(e, W::Tail).unwrap_or(e)
    }

    /// Every anchor that starts at `i`, longest first.
    fn anchors(&self, i: usize) -> impl Iterator<Item = (Anchor, usize)> + '_ {
        self.words.at(i).iter().filter_map(|p| match p.w {
            W::Anchor(a) => Some((a, p.end)),
            _ => None,
        })
    }

    /// The longest reading that starts with an anchor at `i`.
    pub(super) fn anchored(&self, i: usize) -> Option<Reading> {
        let mut best = Best::default();
        for (a, j) in self.anchors(i) {
            best.offer(self.after_anchor(a, j));
        }
        best.0
    }

    fn after_anchor(&self, a: Anchor, j: usize) -> Option<Reading> {
        let mut best = Best::default();
        match a {
            Anchor::Bound => {
                best.offer(self.time(j, true).map(|c| self.deadline(c.end, c.t, true)));
                best.offer(self.week_of(j).map(|c| self.deadline(c.end, c.t, true)));
                best.offer(self.edge_of_event(j).map(|e| self.undated(e, true)));
                best.offer(self.event(j, true).map(|e| self.undated(e, true)));
                best.offer(self.clause(j, false).map(|e| self.undated(e, true)));
                best.offer(self.bracketed(j).map(|c| self.deadline(c.end, c.t, true)));
                best.offer(self.numbered_day(j).map(|e| self.undated(e, true)));
            }
            Anchor::Start => {
                best.offer(self.time(j, true).map(|c| self.deadline(c.end, c.t, true)));
                best.offer(self.week_of(j).map(|c| self.deadline(c.end, c.t, true)));
                best.offer(self.school(j).map(|(_, e)| self.undated(e, true)));
                best.offer(self.bracketed(j).map(|c| self.deadline(c.end, c.t, true)));
            }
            Anchor::Week | Anchor::WeekOf => {
                let start = a == Anchor::Week;
                best.offer(self.commencing(j, start).map(|c| self.deadline(c.end, c.t, true)));
            }
            Anchor::Within => {
                best.offer(self.counted(j, Counting::Any));
                best.offer(self.window(j));
                best.offer(self.first_of(j).map(|e| self.undated(e, true)));
            }
            Anchor::In => {
                best.offer(self.counted(j, Counting::Any));
                best.offer(self.window(j));
                best.offer(self.in_period(j));
                best.offer(self.edge(j, false).map(|c| self.deadline(c.end, c.t, false)));
            }
            Anchor::During | Anchor::Over | Anchor::Throughout => {
                best.offer(
                    self.counted(j, Counting::NextOnly)
                        .filter(|_| a != Anchor::Throughout),
                );
                best.offer(self.window(j));
                best.offer(self.in_period(j));
                // "over 3 terms": a window, no date.
                if a == Anchor::Over {
                    if let Some(c) = self.count_unit(j).filter(|c| c.unit != Unit::Hour) {
                        if self.word(c.end, W::Streak).is_none() {
                            best.offer(Some(self.undated(c.end, false)));
                        }
                    }
                }
                if a != Anchor::Over {
                    best.offer(
                        self.event(j, false)
                            .filter(|_| self.det(j))
                            .map(|e| self.undated(e, false)),
                    );
                }
                // "over the weekend".
                best.offer(
                    self.weekday(self.skip_det(j), true)
                        .filter(|c| c.t.grain == Grain::Week)
                        .map(|c| self.deadline(c.end, c.t, false)),
                );
            }
            Anchor::On => {
                best.offer(self.weekday(j, true).map(|c| self.deadline(c.end, c.t, false)));
                best.offer(self.date(j, true).map(|c| self.deadline(c.end, c.t, false)));
                best.offer(self.the_day(j, false).map(|c| self.deadline(c.end, c.t, false)));
                best.offer(self.day_word_after_on(j));
                // "on discharge", "upon release", "on leaving care".
                best.offer(
                    self.event(j, false)
                        .filter(|&e| {
                            !self.det(j) && (self.boundary(e) || self.class(e, WordClass::Preposition))
                        })
                        .map(|e| self.undated(e, true)),
                );
                best.offer(self.gerund(j).map(|e| self.undated(e, true)));
            }
            Anchor::At => {
                // "at the next core group", "at next PEP".
                let k = self.skip_det(j);
                if let Some((Rel::Next | Rel::Coming, x)) = self.get(k, |p| match p.w {
                    W::Relative(r) => Some(r),
                    _ => None,
                }) {
                    best.offer(self.event_noun(x).map(|e| self.undated(e, true)));
                }
                best.offer(
                    self.edge(j, false)
                        .filter(|c| c.t.last.is_some() || self.relative_inside(j, c.end))
                        .map(|c| self.deadline(c.end, c.t, false)),
                );
                best.offer(
                    self.weekday(self.skip_det(j), true)
                        .filter(|c| c.t.grain == Grain::Week && self.det(j))
                        .map(|c| self.deadline(c.end, c.t, false)),
                );
                // "at 3pm on Friday", "at 10am tomorrow".
                if let Some(c) = self.clock_day(j) {
                    best.offer(Some(self.deadline(c.end, c.t, false)));
                }
            }
            Anchor::For => best.offer(self.service_length(j)),
            Anchor::After => {
                best.offer(self.counted(j, Counting::Counted));
                best.offer(self.time(j, false).map(|c| self.deadline(c.end, c.t, true)));
                best.offer(self.event(j, false).map(|e| self.undated(e, true)));
                best.offer(self.gerund(j).map(|e| self.undated(e, true)));
                best.offer(self.clause(j, false).map(|e| self.undated(e, true)));
            }
            Anchor::When => best.offer(self.clause(j, true).map(|e| self.undated(e, false))),
            Anchor::Since => {
                // The past: read, so that nothing inside is taken for a
                // timescale, and given no span.
                let e = (self.time(j, true).map(|c| c.end))
                    .or_else(|| self.event(j, false))
                    .or_else(|| self.clause(j, false))?;
                best.offer(Some(Reading {
                    kind: None,
                    ..Reading::of(e, TimeKind::Deadline)
                }));
            }
        }
        best.0
    }

    /// Whether a relative word ("next", "this") stands in `i..end`.
    fn relative_inside(&self, i: usize, end: usize) -> bool {
        (i..end).any(|k| {
            self.get(k, |p| matches!(p.w, W::Relative(_)).then_some(()))
                .is_some()
        })
    }

    /// "on today"? No: "on" takes a day word only in "on the day after tomorrow".
    fn day_word_after_on(&self, j: usize) -> Option<Reading> {
        let (v, e) = self.get(j, |p| match p.w {
            W::Day(v) if v.abs() >= 2 => Some(v),
            _ => None,
        })?;
        let t = T::day(
            self.reference() + Duration::days(v),
            if v > 0 { Dir::Future } else { Dir::Past },
        );
        Some(self.deadline(self.time_of_day(e), t, false))
    }

    /// A clock time and then a day: "3pm on Friday", "10am tomorrow".
    fn clock_day(&self, j: usize) -> Option<Core> {
        let e = self.clock(j, true)?;
        let k = self
            .get(e, |p| matches!(p.w, W::Anchor(Anchor::On)).then_some(()))
            .map_or(e, |(_, x)| x);
        let c = self
            .get(k, |p| matches!(p.w, W::Day(_)).then_some(()))
            .and_then(|_| self.time(k, false))
            .or_else(|| self.weekday(k, true))
            .or_else(|| self.date(k, false))?;
        Some(c)
    }

    /// After "w/c", "week commencing": the date or weekday that starts the
    /// week ("w/c 14th April", "w/c Monday"). After "the week of": the
    /// Monday of the week holding the date.
    fn commencing(&self, j: usize, start: bool) -> Option<Core> {
        let c = self
            .date(j, true)
            .or_else(|| self.weekday(j, true))
            .or_else(|| self.the_day(j, false))?;
        let Some(d) = c.t.last else {
            return Some(c);
        };
        let d = if start { d } else { dates::week_start(d) };
        Some(Core {
            end: c.end,
            t: T::day(d, c.t.dir),
        })
    }

    /// A nested week anchor: "starting w/c 8th September", "from w/c 2nd June".
    fn week_of(&self, j: usize) -> Option<Core> {
        self.anchors(j)
            .filter(|(a, _)| matches!(a, Anchor::Week | Anchor::WeekOf))
            .find_map(|(a, k)| self.commencing(k, a == Anchor::Week))
    }

    /// A count of units from the reference date: "6 weeks", "10 working
    /// days", "the next 3 months", "a fortnight", "6 weeks' time", each
    /// optionally anchored to an event ("6 weeks of the referral": no date).
    /// `how` says what the anchor allows.
    fn counted(&self, j: usize, how: Counting) -> Option<Reading> {
        // "twice in a week", "2 times in a half term": part of a rate.
        if j >= 2
            && self
                .get(j - 2, |p| matches!(p.w, W::Times(_)).then_some(()))
                .is_some()
        {
            return None;
        }
        // "the next 3 months", "the coming weeks", "the next week".
        let k = self.skip_det(j);
        let (next, k) = match self.get(k, |p| match p.w {
            W::Relative(r @ (Rel::Next | Rel::Coming)) => Some(r),
            _ => None,
        }) {
            Some((_, x)) => (true, x),
            None if how == Counting::NextOnly => return None,
            None => (false, j),
        };
        let (n, unit, end) = match self.count_unit(k) {
            Some(c) => (c.n, c.unit, c.end),
            // "the next week", "the coming months": one, or an unknown count.
            None if next && how != Counting::Counted => {
                let (u, e) = self.unit(k)?;
                let plural = self.norm(e - 1).ends_with('s');
                (if plural { None } else { Some(1) }, u, e)
            }
            None => return None,
        };
        // "next year's schedule": a possessive, not a time.
        // "four weeks in a row": how long a behaviour is kept up.
        if self.word(end, W::Genitive).is_some() || self.word(end, W::Streak).is_some() {
            return None;
        }
        // "within 5 working days of the referral", "of him coming into
        // care": anchored to an event (no date).
        if let Some(x) = self.word(end, W::Of) {
            if let Some(e) = self.event_clause(x) {
                return Some(self.undated(e, true));
            }
        }
        // "3 weeks after the hearing", "2 days before the review".
        if let Some((Anchor::After | Anchor::Bound, x)) = self.anchors(end).next() {
            if let Some(e) = self.event(x, false) {
                return Some(self.undated(e, true));
            }
        }
        let date = n.and_then(|n| dates::add(self.reference(), n, unit));
        Some(Reading {
            end: self.tail(end),
            kind: Some(TimeKind::Deadline),
            date,
            other: None,
            past: false,
        })
    }

    /// "the last 12 months", "the past 6 months", "the last month": a window
    /// back from today (no date; in a concern, the past).
    fn window(&self, j: usize) -> Option<Reading> {
        let k = self.skip_det(j);
        let (_, x) = self.get(k, |p| matches!(p.w, W::Relative(Rel::Last)).then_some(()))?;
        let end = match self.count_unit(x) {
            Some(c) => c.end,
            None => self.unit(x)?.1,
        };
        Some(self.deadline(end, T::undated(Dir::Past), false))
    }

    /// "the first 2 weeks of the autumn term", "the first 12 months of your
    /// tenancy": the start of something (no date).
    fn first_of(&self, j: usize) -> Option<usize> {
        let k = self.skip_det(j);
        let (1, x) = self.get(k, |p| match p.w {
            W::OrdinalWord(v) => Some(v),
            _ => None,
        })?
        else {
            return None;
        };
        let c = self
            .count_unit(x)
            .map(|c| c.end)
            .or_else(|| self.unit(x).map(|u| u.1))?;
        let of = self.word(c, W::Of)?;
        self.school_or_season(self.skip_det(of))
            .or_else(|| self.event(of, false))
            .or_else(|| self.noun_phrase(of))
    }

    /// After "in", "during", "over": a month ("in May"), a season ("in
    /// summer 2027"), a school term or holiday ("in the spring term", "over
    /// the summer holidays"), a year ("in 2026"), a relative period ("in the
    /// next month" is `counted`). Not a school year group ("in Year 6" says
    /// where a child is).
    fn in_period(&self, j: usize) -> Option<Reading> {
        let k = self.skip_det(j);
        if let Some((s, _)) = self.school(k) {
            if s == School::Stage {
                return None;
            }
        }
        let c = self.period(j, true)?;
        Some(self.deadline(c.end, c.t, false))
    }

    /// How long a service runs, after "for": "for 6 weeks", "for 3 terms",
    /// "for 3 terms/12 months", "for the next 3 months" (dated), "for the
    /// first 12 months of your tenancy", "for the duration of the plan".
    /// How long a behaviour is kept up ("no incidents for 4 weeks in a
    /// row") is a measure, not a timescale.
    fn service_length(&self, j: usize) -> Option<Reading> {
        let mut best = Best::default();
        if let Some(r) = self
            .counted(j, Counting::Counted)
            .filter(|_| self.relative_inside(j, j + 3))
        {
            best.offer(Some(Reading { past: true, ..r }));
        }
        if let Some(e) = self.first_of(j) {
            best.offer(Some(self.undated(e, false)));
        }
        // "for the duration of the plan", "for the rest of the term".
        let k = self.skip_det(j);
        if let Some((Edge::Whole, x)) = self.get(k, |p| match p.w {
            W::Edge(e) => Some(e),
            _ => None,
        }) {
            if let Some(of) = self.word(x, W::Of) {
                let e = (self.school_or_season(self.skip_det(of)))
                    .or_else(|| self.event(of, false))
                    .or_else(|| self.noun_phrase(of));
                best.offer(e.map(|e| self.undated(e, false)));
            }
        }
        if let Some(c) = self.count_unit(j) {
            let service = matches!(
                c.unit,
                Unit::Week | Unit::Fortnight | Unit::Month | Unit::Year | Unit::Term | Unit::Quarter
            );
            let mut end = c.end;
            // "for 3 terms/12 months".
            if self.is(end, "/") {
                if let Some(c2) = self.count_unit(end + 1) {
                    end = c2.end;
                }
            }
            let streak = self.word(end, W::Streak).is_some()
                || (j.saturating_sub(1) > 0 && self.word(j - 1, W::Streak).is_some());
            if service && !streak && !self.negated_before(j) {
                best.offer(Some(self.undated(end, false)));
            }
        }
        best.0
    }

    /// Whether a negation stands earlier in the clause ("no rent arrears for
    /// 3 months"): then a length is how long a behaviour is kept up.
    fn negated_before(&self, j: usize) -> bool {
        let mut k = j;
        while k > 0 && j - k < 10 {
            k -= 1;
            if self.boundary(k) {
                return false;
            }
            if self
                .doc
                .hits_at(k)
                .iter()
                .any(|h| h.category == Category::Negation)
            {
                return true;
            }
        }
        false
    }

    /// "day 5 after surgery", "week 6": a day or week counted from an event.
    fn numbered_day(&self, j: usize) -> Option<usize> {
        let (Unit::Day | Unit::Week, x) = self.unit(j)? else {
            return None;
        };
        self.number(x)?;
        let e = x + 1;
        if let Some((Anchor::After, y)) = self.anchors(e).next() {
            if let Some(z) = self.event(y, false) {
                return Some(z);
            }
        }
        Some(e)
    }

    /// The words after "of" that anchor a count to an event: "the
    /// referral", "the request for assessment", "him coming into care",
    /// "the Order being made" (to the clause's end).
    fn event_clause(&self, x: usize) -> Option<usize> {
        let mut e = x;
        while e < self.n() && e - x < 8 && !self.boundary(e) && self.word(e, W::To).is_none() {
            e += 1;
        }
        while e > x && !(self.is_word(e - 1) || self.is_number(e - 1)) {
            e -= 1;
        }
        (e > x).then_some(e)
    }

    /// "(date)", "[date]", "(the next annual IEP)": a blank or an event in brackets.
    fn bracketed(&self, j: usize) -> Option<Core> {
        let close = if self.is(j, "(") {
            ")"
        } else if self.is(j, "[") {
            "]"
        } else {
            return None;
        };
        let k = self.skip_det(j + 1);
        let e = self
            .word(k, W::Placeholder)
            .or_else(|| self.event(j + 1, true))
            .or_else(|| self.time(j + 1, true).map(|c| c.end))?;
        self.is(e, close).then(|| Core {
            end: e + 1,
            t: T::undated(Dir::Unmarked),
        })
    }

    /// "the end of her referral order", "the close of the IEP year", "the
    /// end of the first grading period": a part of an event or a named
    /// stretch of time (no date).
    fn edge_of_event(&self, j: usize) -> Option<usize> {
        let k = self.skip_det(j);
        let (_, x) = self.get(k, |p| {
            matches!(p.w, W::Edge(Edge::End | Edge::Start | Edge::Middle)).then_some(())
        })?;
        let of = self.word(x, W::Of)?;
        self.school_or_season(self.skip_det(of))
            .or_else(|| self.event(of, true))
            .or_else(|| self.noun_phrase(of))
    }

    /// A noun phrase after "of": a determiner or possessive and a few words
    /// up to a boundary ("his referral order", "the first grading period").
    fn noun_phrase(&self, j: usize) -> Option<usize> {
        // "each half term" is a repeat, not one stretch of time.
        let repeat = self
            .get(j, |p| matches!(p.w, W::Every(_)).then_some(()))
            .is_some();
        if repeat || (!self.det(j) && !self.is_word(j)) {
            return None;
        }
        let mut e = j + 1;
        while e < self.n() && e - j < EVENT_MODIFIERS + 2 && self.modifier(e) {
            // A time phrase inside ("the first grading period") is read whole.
            if let Some((_, x)) = self.get(e, |p| {
                matches!(p.w, W::School(_) | W::Event | W::Period).then_some(())
            }) {
                return Some(x);
            }
            e += 1;
        }
        // It ends on a word, not a hyphen.
        while e > j + 1 && !self.is_word(e - 1) {
            e -= 1;
        }
        (e > j + usize::from(self.det(j))).then_some(e)
    }

    /// A word that may stand inside a noun phrase.
    fn modifier(&self, k: usize) -> bool {
        let word_or_hyphen = self.is_word(k) || self.is_number(k) || self.is(k, "-") || self.is(k, "'");
        word_or_hyphen
            && !self.boundary(k)
            && !self.class(k, WordClass::Preposition)
            && !self.class(k, WordClass::Be)
            && !self.class(k, WordClass::Have)
            && !self.class(k, WordClass::Determiner)
            && (!self.norm(k).ends_with("ing") || self.words.any(k))
            && self
                .get(k, |p| matches!(p.w, W::Anchor(_)).then_some(()))
                .is_none()
    }

    /// An event after a determiner and a few modifiers: "the next core
    /// group", "her 17th birthday", "Mum's next review", "discharge". After
    /// "by" a bare noun may be a passive's agent ("by teacher checks"), so
    /// `by` asks for a determiner or the event word straight after.
    pub(super) fn event(&self, j: usize, by: bool) -> Option<usize> {
        let mut k = j;
        // "Mum's", "Zoë's".
        let named = self.is_word(k) && self.word(k + 1, W::Genitive).is_some();
        if named {
            k = self.word(k + 1, W::Genitive)?;
        } else if self.the(k) {
            k += 1;
        }
        let e = if by && k == j {
            self.get(k, |p| (p.w == W::Event).then_some(())).map(|(_, e)| e)?
        } else {
            self.event_noun(k)?
        };
        // "until Zoë's plan ends"; "by her clinic appointment in March".
        if let Some((_, x)) = self.get(e, |p| (p.w == W::EventVerb).then_some(())) {
            return Some(x);
        }
        if let Some((Anchor::In | Anchor::On, x)) = self.anchors(e).next() {
            if let Some(c) = self.date(x, true).or_else(|| self.period(x, true)) {
                return Some(c.end);
            }
        }
        Some(e)
    }

    /// An event noun after up to four modifiers ("next annual health review").
    pub(super) fn event_noun(&self, k: usize) -> Option<usize> {
        for m in 0..=EVENT_MODIFIERS {
            let x = k + m;
            if x >= self.n() {
                return None;
            }
            if let Some((_, e)) = self.get(x, |p| (p.w == W::Event).then_some(())) {
                return Some(e);
            }
            if !self.modifier(x)
                && self
                    .get(x, |p| matches!(p.w, W::Relative(_)).then_some(()))
                    .is_none()
            {
                return None;
            }
        }
        None
    }

    /// A clause that names an event: a subject, an event verb and what it
    /// takes ("she starts college", "YP turns 21", "the case closes", "it
    /// has healed", "the baby is 6 months old", "Key Stage 5 finishes").
    /// With `life`, only life events ("when I leave care"): "when" with
    /// other verbs is a condition ("when he starts to feel angry").
    pub(super) fn clause(&self, j: usize, life: bool) -> Option<usize> {
        let k = self.subject(j)?;
        // An auxiliary: "has healed", "will turn", "is born".
        let mut v = k;
        while v < k + 2
            && (self.class(v, WordClass::Have) || self.class(v, WordClass::Modal))
            && self.get(v, |p| (p.w == W::EventVerb).then_some(())).is_none()
        {
            v += 1;
        }
        // "is 18", "is 6 months old", "turns 21".
        let age = |x: usize| -> Option<usize> {
            let (_, e) = self.count(x)?;
            let e = self.unit(e).map_or(e, |(_, u)| u);
            Some(self.word(e, W::Age).unwrap_or(e))
        };
        if self.class(v, WordClass::Be) && self.get(v, |p| (p.w == W::EventVerb).then_some(())).is_none() {
            return age(v + 1).filter(|_| !life || self.number(v + 1).is_some());
        }
        let (is_life, e) = self
            .words
            .at(v)
            .iter()
            .find_map(|p| (p.w == W::EventVerb).then_some((p.life, p.end)))?;
        // "the year-end benchmark": a compound, not a verb.
        if v > 0 && self.is(v - 1, "-") {
            return None;
        }
        if life && !is_life {
            return None;
        }
        // "starts to feel", "starts crying": a condition, not an event
        // ("steps down to Early Help" is one).
        let infinitive = self.word(e, W::To).is_some_and(|x| {
            self.is_word(x)
                && !self.capitalised(x)
                && !self.det(x)
                && self.party(x).is_none()
                && !self.words.any(x)
        });
        if infinitive || self.norm(e).ends_with("ing") {
            return None;
        }
        Some(self.object(e))
    }

    /// What an event verb takes, up to a boundary: "college", "secondary
    /// school", "21", "into her own flat", "down to Early Help".
    fn object(&self, e: usize) -> usize {
        let mut x = e;
        while x < self.n()
            && x - e < CLAUSE_OBJECT
            && !self.boundary(x)
            && (self.is_word(x) || self.is_number(x) || self.is(x, "-") || self.is(x, "'"))
            && !self
                .anchors(x)
                .any(|(a, _)| matches!(a, Anchor::Bound | Anchor::Within | Anchor::For | Anchor::When))
        {
            x += 1;
        }
        while x > e && !(self.is_word(x - 1) || self.is_number(x - 1)) {
            x -= 1;
        }
        x
    }

    /// The subject of an event clause: a pronoun, a party ("YP", "Mum"), a
    /// name, a school period, or a determiner and up to two words ("the
    /// baby", "the case", "the season").
    fn subject(&self, j: usize) -> Option<usize> {
        let pronoun = [
            WordClass::Speaker,
            WordClass::Addressee,
            WordClass::We,
            WordClass::ThirdPerson,
        ]
        .iter()
        .any(|c| self.class(j, *c));
        if pronoun {
            return Some(j + 1);
        }
        if let Some(e) = self.party(j) {
            return Some(e);
        }
        if let Some(e) = self.school_or_season(j) {
            return Some(e);
        }
        if self.det(j) {
            let mut e = j + 1;
            while e < j + 3
                && self.modifier(e)
                && self.get(e, |p| (p.w == W::EventVerb).then_some(())).is_none()
            {
                e += 1;
            }
            return (e > j + 1).then_some(e);
        }
        (self.is_word(j) && self.capitalised(j) && !self.words.any(j)).then_some(j + 1)
    }

    /// "leaving high school", "finishing college": an event verb as a gerund.
    fn gerund(&self, j: usize) -> Option<usize> {
        let (_, e) = self.get(j, |p| (p.w == W::EventVerb).then_some(()))?;
        self.norm(e - 1).ends_with("ing").then(|| self.object(e))
    }

    /// Times that stand without an anchor: "tomorrow", "next Friday",
    /// "Friday 14th", "15 February", "next week", "this month", "5 days
    /// ago", "a fortnight today", "the end of the month", "mid-March",
    /// "from today", "end-of-term".
    pub(super) fn bare(&self, i: usize) -> Option<Reading> {
        let mut best = Best::default();
        best.offer(self.time(i, false).map(|c| self.deadline(c.end, c.t, false)));
        // "from today", "from now on".
        if let Some((Offset::FromNow, e)) = self.get(i, |p| match p.w {
            W::Offset(o) => Some(o),
            _ => None,
        }) {
            best.offer(Some(self.deadline(
                e,
                T::day(self.reference(), Dir::Future),
                true,
            )));
        }
        // "One month after conviction", "2 weeks before the hearing".
        // Only where a phrase starts: "episode a month by the review" is a rate.
        if i == 0 || self.boundary(i - 1) {
            if let Some(c) = self.count_unit(i) {
                if let Some((Anchor::After | Anchor::Bound, x)) = self.anchors(c.end).next() {
                    best.offer(self.event(x, false).map(|e| self.undated(e, true)));
                }
            }
        }
        // "next year's schedule": a time that qualifies a noun.
        match best.0 {
            Some(r) if self.word(r.end, W::Genitive).is_some() && self.is_word(r.end + 2) => None,
            b => b,
        }
    }
}
