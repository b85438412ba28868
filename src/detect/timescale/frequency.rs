//! Frequencies: how often, with no end date. "weekly", "every Tuesday and
//! Thursday", "three times a week", "3 sessions per week", "at every
//! visit", "before every trip", "at the start of every lesson", "on
//! Fridays", "most evenings", "at snack time", "every time she comes back",
//! "Monday to Friday", clock times ("before 9am on school days").

use super::words::{Anchor, Every, W};
use super::{Reading, Scan};
use crate::dates::Unit;
use crate::record::TimeKind;

/// How many words a repeated thing ("every new science unit") may run to.
const THING: usize = 4;
/// How far "every time …" may run.
const CLAUSE: usize = 8;

impl Scan<'_, '_> {
    pub(super) fn frequency(&self, i: usize) -> Option<Reading> {
        // Determiners and most time words reach here from the scan; they
        // start no frequency.
        if !self.may_start_frequency(i) {
            return None;
        }
        self.frequency_readings(i)
    }

    /// Whether a frequency can start at `i`: each reading below first needs
    /// a number or one of these words at `i`. A reading that starts on
    /// another kind of word must be added here.
    pub(super) fn may_start_frequency(&self, i: usize) -> bool {
        self.is_number(i)
            || self.words.at(i).iter().any(|p| {
                matches!(
                    p.w,
                    W::Limiter
                        | W::Frequency
                        | W::Every(_)
                        | W::Times(_)
                        | W::Number(_)
                        | W::Article
                        | W::Anchor(_)
                        | W::Weekday(_)
                        | W::Period
                        | W::Clock(_)
                )
            })
    }

    /// [`Scan::frequency`] without the test of the word at `i`.
    pub(super) fn frequency_readings(&self, i: usize) -> Option<Reading> {
        let freq = |end| {
            Some(Reading {
                // A habit: in a concern it says what happens now.
                past: true,
                ..Reading::of(end, TimeKind::Frequency)
            })
        };
        let limited = self.word(i, W::Limiter);
        let j = limited.unwrap_or(i);
        if let Some(e) = self.rate(j) {
            return freq(self.trailing(e));
        }
        if limited.is_some() {
            return None;
        }
        let anchor = self.get(i, |p| match p.w {
            W::Anchor(a) => Some(a),
            _ => None,
        });
        if let Some((a, k)) = anchor {
            // Clock times: "before 9am on school days", "at 9pm", "by 7:30pm".
            if matches!(a, Anchor::Bound | Anchor::At | Anchor::After | Anchor::Start) {
                if let Some(e) = self.clock(k, false) {
                    return freq(self.trailing(e));
                }
            }
            // "at every visit", "before every trip", "b4 every visit", "on at
            // least alternate visits", "at the start of every lesson", "by
            // the end of each half term".
            let occasion = !matches!(a, Anchor::For | Anchor::Start | Anchor::Since | Anchor::When);
            if let Some(e) = self.every_thing(self.parts_of(k)).filter(|_| occasion) {
                return freq(e);
            }
            // "at the start of the school day", "throughout the school day".
            if matches!(a, Anchor::At | Anchor::Throughout) {
                let p = self.parts_of(k);
                let x = self.skip_det(p);
                if x != p || p != k {
                    if let Some((_, e)) = self.get(x, |p| (p.w == W::Period && !p.plural).then_some(())) {
                        return freq(e);
                    }
                    if let Some((Unit::Day, e)) = self.unit(x) {
                        return freq(e);
                    }
                }
            }
            // "on Tuesdays and Thursdays", "on school days", "at weekends".
            if matches!(a, Anchor::On | Anchor::At) {
                if let Some(e) = self.weekdays(k, true) {
                    return freq(e);
                }
                if let Some((_, e)) = self.get(k, |p| (p.w == W::Period && p.plural).then_some(())) {
                    return freq(e);
                }
            }
            // "at snack time", "at bedtime", "at mealtimes".
            if a == Anchor::At {
                if let Some((_, e)) = self.get(k, |p| (p.w == W::Period && p.routine).then_some(())) {
                    return freq(e);
                }
            }
            // "from Monday to Friday", "on Monday to Friday".
            if let Some(e) = self.weekday_range(k) {
                return freq(e);
            }
        }
        if let Some(e) = self.weekday_range(i) {
            return freq(e);
        }
        // "after school on Mondays and Wednesdays".
        if let Some((_, e)) = self.get(i, |p| (p.w == W::Period && p.routine).then_some(())) {
            let t = self.trailing(e);
            if t > e {
                return freq(t);
            }
        }
        // "Mondays and Wednesdays": plural weekdays alone.
        if let Some(e) = self.weekdays(i, true) {
            return freq(e);
        }
        if let Some(e) = self
            .clock(i, false)
            .filter(|_| i == 0 || self.word(i - 1, W::Anchor(Anchor::At)).is_none())
        {
            // A bare clock time followed by a frequency: "8:40am every morning".
            let t = self.trailing(e);
            if t > e {
                return freq(t);
            }
        }
        None
    }

    /// Skips "the start of", "the end of", "the start and end of".
    fn parts_of(&self, k: usize) -> usize {
        let x = self.skip_det(k);
        let edge = |y: usize| {
            self.get(y, |p| matches!(p.w, W::Edge(_)).then_some(()))
                .map(|(_, e)| e)
        };
        let Some(mut e) = edge(x) else { return k };
        while self.class(e, crate::lexicon::WordClass::Conjunction) {
            match edge(e + 1) {
                Some(e2) => e = e2,
                None => break,
            }
        }
        self.word(e, W::Of).unwrap_or(k)
    }

    /// "every visit", "each new science unit", "at least alternate visits",
    /// "every time she comes back from …": a repeat of something.
    fn every_thing(&self, k: usize) -> Option<usize> {
        let k = self.word(k, W::Limiter).unwrap_or(k);
        let (_, x) = self.get(k, |p| match p.w {
            W::Every(e @ (Every::Each | Every::Other)) => Some(e),
            _ => None,
        })?;
        if let Some(e) = self.every(x) {
            return Some(e);
        }
        // A repeated occasion after a few modifiers: "every visit", "each
        // new science unit", "every literacy lesson" (not "every area").
        self.event_noun(x).or_else(|| {
            (x..x + THING)
                .take_while(|&e| self.is_word(e) && !self.boundary(e))
                .find_map(|e| {
                    self.get(e, |p| (p.w == W::Period).then_some(()))
                        .map(|(_, end)| end)
                })
        })
    }

    /// The heart of a frequency: "every Tuesday", "every 4 weeks", "three
    /// times a week", "twice a day", "once every 2 weeks", "weekly", "3
    /// sessions per week", "3 mornings a week", "most evenings".
    fn rate(&self, j: usize) -> Option<usize> {
        if let Some(e) = self.word(j, W::Frequency) {
            return Some(e);
        }
        if let Some((every, x)) = self.get(j, |p| match p.w {
            W::Every(e) => Some(e),
            _ => None,
        }) {
            if every == Every::Most {
                // "most evenings", "most days", "most weekends".
                if let Some(e) = self.weekdays(x, true) {
                    return Some(e);
                }
                if let Some((_, e)) = self.get(x, |p| (p.w == W::Period && p.plural).then_some(())) {
                    return Some(e);
                }
                let (_, e) = self.unit(x)?;
                return self.norm(e - 1).ends_with('s').then_some(e);
            }
            return self.every(x);
        }
        // once, twice …; "3 times", "2-3 times".
        let k = if let Some((Some(_), e)) = self.get(j, |p| match p.w {
            W::Times(n) => Some(n),
            _ => None,
        }) {
            e
        } else {
            let (_, k) = self.count(j)?;
            // "9 out of 10 sessions each week": a measure's count.
            if self.word(j, W::Article).is_some() || (j > 0 && self.word(j - 1, W::Of).is_some()) {
                return None;
            }
            let k = if (self.is(k, "-") || self.word(k, W::To).is_some()) && self.count(k + 1).is_some() {
                self.count(k + 1)?.1
            } else {
                k
            };
            if let Some((None, e)) = self.get(k, |p| match p.w {
                W::Times(n) => Some(n),
                _ => None,
            }) {
                e
            } else {
                // "3 days a week", "5 nights a week", "3 sessions per week":
                // needs the "a week". Hours ("15 hours a week") are
                // provision: a measure.
                let e = match self.unit(k) {
                    Some((Unit::Hour, _)) => return None,
                    Some((_, e)) => e,
                    None => self
                        .get(k, |p| matches!(p.w, W::Period | W::Event).then_some(()))
                        .map(|(_, e)| e)?,
                };
                return self.per_unit(e);
            }
        };
        // "a week", "per day", "each week", "every 2 weeks", "weekly".
        if let Some(e) = self.per_unit(k) {
            return Some(e);
        }
        if let Some((_, x)) = self.get(k, |p| {
            matches!(p.w, W::Every(Every::Each | Every::Other)).then_some(())
        }) {
            return self.every(x);
        }
        self.word(k, W::Frequency)
    }

    /// "a week", "per day", "each month", "a school day".
    fn per_unit(&self, k: usize) -> Option<usize> {
        let per = self
            .word(k, W::Per)
            .or_else(|| self.word(k, W::Article))
            .or_else(|| {
                self.get(k, |p| matches!(p.w, W::Every(Every::Each)).then_some(()))
                    .map(|(_, e)| e)
            })?;
        self.unit(per).map(|(_, e)| e).or_else(|| {
            self.get(per, |p| (p.w == W::Period).then_some(()))
                .map(|(_, e)| e)
        })
    }

    /// After "every"/"each": "day", "other weekend", "2 weeks", "Tuesday and
    /// Thursday", "school day", "morning", "time she comes back". Not an
    /// occasion alone ("attend every core group meeting" counts meetings).
    fn every(&self, k: usize) -> Option<usize> {
        let k = self
            .get(k, |p| matches!(p.w, W::Every(Every::Other)).then_some(()))
            .map_or(k, |(_, e)| e);
        if let Some(e) = self.weekdays(k, false) {
            return Some(e);
        }
        if let Some((_, e)) = self.unit(k) {
            return Some(e);
        }
        if let Some((_, e)) = self.get(k, |p| (p.w == W::Period).then_some(())) {
            return Some(e);
        }
        // "every time Kara comes back from a missing episode".
        if let Some(t) = self.word(k, W::Tail).filter(|_| self.is_word(k)) {
            let mut e = t;
            while e < self.n() && e - t < CLAUSE && !self.boundary(e) {
                e += 1;
            }
            return (e > t).then_some(e);
        }
        if self.word(k, W::Article).is_some() {
            return None;
        }
        let c = self.count_unit(k)?;
        Some(c.end)
    }

    /// "Tuesday", "Tuesday and Thursday", "Monday, Wednesday and Friday",
    /// "Monday morning"; `plural`: "Tuesdays", "weekends".
    fn weekdays(&self, k: usize, plural: bool) -> Option<usize> {
        let day = |x: usize| {
            self.get(x, |p| match p.w {
                W::Weekday(_) if p.plural == plural && (!p.common || self.capitalised(x)) => Some(()),
                _ => None,
            })
            .map(|(_, e)| e)
        };
        let mut e = day(k)?;
        while (self.class(e, crate::lexicon::WordClass::Conjunction) || self.is(e, ","))
            && day(e + 1).is_some()
        {
            e = day(e + 1)?;
        }
        if let Some((_, pe)) = self.get(e, |p| (p.w == W::Period).then_some(())) {
            e = pe;
        }
        Some(e)
    }

    /// "Monday to Friday", "Mon-Fri": every day of a range.
    fn weekday_range(&self, k: usize) -> Option<usize> {
        let day = |x: usize| {
            self.get(x, |p| match p.w {
                W::Weekday(d) if d != 0 => Some(()),
                _ => None,
            })
            .map(|(_, e)| e)
        };
        let e = day(k)?;
        let x = if self.is(e, "-") {
            e + 1
        } else {
            self.word(e, W::To)?
        };
        day(x)
    }

    /// What may follow a frequency or a clock time: "every school day", "on
    /// school days", "on every school day", "each morning", "after school".
    fn trailing(&self, e: usize) -> usize {
        let on = self.word(e, W::Anchor(Anchor::On));
        if let Some(k) = on.or(Some(e)) {
            if let Some((_, x)) = self.get(k, |p| {
                matches!(p.w, W::Every(Every::Each | Every::Other)).then_some(())
            }) {
                if let Some(y) = self.every(x) {
                    return y;
                }
            }
        }
        if let Some(k) = on {
            if let Some(x) = self.weekdays(k, true) {
                return x;
            }
            if let Some((_, x)) = self.get(k, |p| (p.w == W::Period).then_some(())) {
                return x;
            }
        }
        if let Some(k) = self.word(e, W::Anchor(Anchor::At)) {
            if let Some(x) = self.clock(k, true) {
                return x;
            }
        }
        if let Some((_, x)) = self.get(e, |p| (p.w == W::Period && p.routine).then_some(())) {
            return x;
        }
        e
    }
}
