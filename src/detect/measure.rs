//! Measures: what shows progress, as spans with a kind.
//!
//! - `percentage` (85%) and `range` (from 63% to 85%);
//! - `count`: a number with the thing it counts ("6 sessions", "15 hours a
//!   week", "twice a day");
//! - `ratio`: "4 out of 5 occasions", "3 of her last 4 drug tests", "9/10";
//! - `limit`: "at least 3 times a week", "no more than 2 units", "below 90%";
//! - `scale`, `record`, `test`: instruments from `lexicons/measures.toml`,
//!   with their determiner ("the sleep diary") and a score on a scale
//!   ("6 or more on the 0-10 scale");
//! - `all-or-none` on countable things ("all appointments", "every night",
//!   "no missed appointments").
//!
//! Numbers that are not measures are refused here, in `detect`, without
//! reading the timescale detector: dates (23/07/2021, 3rd March, Jan 2026),
//! clock times, ages ("aged 5", "5 years old"), "Year 6", "Key Stage 2",
//! "1:1", "24/7", years, and time spans after "within"/"every"/"in".

use crate::lexicon::Category;
use crate::stage::{Detector, Doc, Draft, FoundMeasure};
use crate::text::Shape;

pub struct Measures;

impl Detector for Measures {
    fn name(&self) -> &'static str {
        "measure"
    }

    fn detect(&self, doc: &Doc, draft: &mut Draft) {
        let s = Scan::new(doc);
        let n = doc.tokens.len();
        let mut i = 0;
        while i < n {
            match s.at(i) {
                Some((end, kind)) => {
                    draft.measures.push(FoundMeasure {
                        span: doc.span(i, end),
                        kind,
                    });
                    i = end;
                }
                None => i += 1,
            }
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Lex {
    Scale,
    Record,
    Test,
    Count,
    Countable,
}

struct Scan<'d, 'a> {
    doc: &'d Doc<'a>,
    /// (first, kind, end), longest first at each start.
    lex: Vec<(usize, Lex, usize)>,
    /// Number words and months, from the time lexicon.
    words: Vec<(usize, u32)>,
    months: Vec<usize>,
}

const LIMITERS: &[&[&str]] = &[
    &["at", "least"],
    &["at", "most"],
    &["no", "more", "than"],
    &["not", "more", "than"],
    &["no", "less", "than"],
    &["no", "fewer", "than"],
    &["fewer", "than"],
    &["less", "than"],
    &["more", "than"],
    &["up", "to"],
    &["below"],
    &["above"],
    &["under"],
    &["over"],
    &["a", "minimum", "of"],
    &["a", "maximum", "of"],
];

const DETS: &[&str] = &[
    "the", "a", "an", "her", "his", "their", "its", "my", "our", "your", "this", "each",
];

/// Words that end a noun phrase.
const STOPS: &[&str] = &[
    "and", "or", "to", "by", "will", "with", "for", "of", "in", "on", "at", "before", "until", "after",
    "when", "if", "so", "that", "from", "is", "are", "be", "was", "within", "every", "each", "a", "an",
    "the", "than", "per", "out",
];

impl<'d, 'a> Scan<'d, 'a> {
    fn new(doc: &'d Doc<'a>) -> Self {
        let mut lex = Vec::new();
        let mut words = Vec::new();
        let mut months = Vec::new();
        for h in doc.hits {
            let e = doc.lex.entry(h.entry);
            match h.category {
                Category::Measure => {
                    let k = match e.kind.as_deref() {
                        Some("scale") => Lex::Scale,
                        Some("record") => Lex::Record,
                        Some("test") => Lex::Test,
                        Some("count") => Lex::Count,
                        Some("countable") => Lex::Countable,
                        _ => continue,
                    };
                    lex.push((h.first, k, h.end));
                }
                Category::Time => match e.kind.as_deref() {
                    Some("number") if h.end == h.first + 1 => {
                        if let Some(v) = e.value.as_deref().and_then(|v| v.parse().ok()) {
                            words.push((h.first, v));
                        }
                    }
                    Some("month") => months.push(h.first),
                    _ => {}
                },
                _ => {}
            }
        }
        lex.sort_by(|a, b| a.0.cmp(&b.0).then(b.2.cmp(&a.2)));
        Scan {
            doc,
            lex,
            words,
            months,
        }
    }
    fn n(&self) -> usize {
        self.doc.tokens.len()
    }
    fn norm(&self, i: usize) -> &str {
        self.doc.norm_or_empty(i)
    }
    fn shape(&self, i: usize) -> Option<Shape> {
        self.doc.tokens.get(i).map(|t| t.shape)
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
    fn lex_at(&self, i: usize, want: impl Fn(Lex) -> bool) -> Option<(Lex, usize)> {
        // `lex` is in token order: look only at the entries starting at `i`.
        let lo = self.lex.partition_point(|l| l.0 < i);
        self.lex[lo..]
            .iter()
            .take_while(|l| l.0 == i)
            .find(|l| want(l.1))
            .map(|l| (l.1, l.2))
    }
    fn is_month(&self, i: usize) -> bool {
        self.months.binary_search(&i).is_ok()
    }

    /// A number that may be a measure: digits (with a decimal part or an
    /// ordinal) or a number word; never part of a date, time, age, school
    /// year, 1:1 or 24/7. Returns where it ends.
    fn number(&self, i: usize) -> Option<usize> {
        if self.words.binary_search_by_key(&i, |w| w.0).is_ok() {
            // Not "one" in "one-to-one".
            let glued = |a: usize| self.norm(a) == "-" || self.norm(a) == "–";
            if (i > 0 && self.touch(i - 1) && glued(i - 1)) || (self.touch(i) && glued(i + 1)) {
                return None;
            }
            return Some(i + 1);
        }
        if self.shape(i) != Some(Shape::Number) {
            return None;
        }
        // Glued to something before: the middle of a date, time or ratio.
        if i > 0 && self.touch(i - 1) && matches!(self.norm(i - 1), "/" | ":" | "." | "-") {
            return None;
        }
        if i > 0 && self.touch(i - 1) && self.shape(i - 1) == Some(Shape::Word) {
            return None; // "KS2", "HbA1c"
        }
        let mut e = i + 1;
        // "600ml", "4ppm", "6.5kg": a number with its unit, glued.
        if self.touch(i) && matches!(self.norm(e), "ml" | "ppm" | "kg" | "g" | "cm" | "mmol") {
            return Some(e + 1);
        }
        if self.touch(i) {
            match self.norm(e) {
                "." if self.shape(e + 1) == Some(Shape::Number)
                    && !(self.touch(e + 1) && matches!(self.norm(e + 2), "." | "/")) =>
                {
                    e += 2; // 6.5, 0.4
                }
                "/" | ":" | "." | "-" if self.shape(e + 1) == Some(Shape::Number) => return None,
                "am" | "pm" => return None,
                _ => {}
            }
        }
        if self.touch(e - 1) && matches!(self.norm(e), "st" | "nd" | "rd" | "th") {
            e += 1;
        }
        // Dates: "3rd March", "March 3", "3 Mar 25", a year.
        let prev = i.checked_sub(1);
        if self.is_month(e)
            || self.is_month(e + 1) && self.norm(e) == "of"
            || prev.is_some_and(|p| self.is_month(p))
        {
            return None;
        }
        let digits = self.norm(i);
        if digits.len() == 4 && (digits.starts_with("19") || digits.starts_with("20")) {
            return None;
        }
        // Ages and school years.
        if let Some(p) = prev {
            if matches!(
                self.norm(p),
                "aged" | "age" | "year" | "stage" | "ks" | "yr" | "y" | "version" | "level"
            ) {
                return None;
            }
        }
        if self.words(e, &["years", "old"]).is_some()
            || self.words(e, &["year", "old"]).is_some()
            || self.words(e, &["-", "year", "-", "old"]).is_some()
            || self.words(e, &["months", "old"]).is_some()
        {
            return None;
        }
        if matches!(self.norm(e), "(") || prev.is_some_and(|p| self.norm(p) == "(") && self.norm(e) == ")" {
            return None; // "Ruby (3)"
        }
        Some(e)
    }

    /// A percentage: "85%", "12.5%".
    fn percent(&self, i: usize) -> Option<usize> {
        if self.shape(i) != Some(Shape::Number) {
            return None;
        }
        let mut e = i + 1;
        if self.norm(e) == "." && self.shape(e + 1) == Some(Shape::Number) {
            e += 2;
        }
        (self.norm(e) == "%").then_some(e + 1)
    }

    /// A value in a range: a percentage, a number with its ordinal, a level word.
    fn value(&self, i: usize) -> Option<usize> {
        if let Some(e) = self.percent(i) {
            return Some(e);
        }
        if matches!(self.norm(i), "high" | "medium" | "low") {
            return Some(i + 1);
        }
        let e = self.number(i)?;
        // "6y4m"
        if self.touch(e - 1) && self.norm(e).starts_with('y') {
            let mut k = e;
            while k < self.n()
                && self.touch(k - 1)
                && matches!(self.shape(k), Some(Shape::Word) | Some(Shape::Number))
            {
                k += 1;
            }
            return Some(k);
        }
        Some(e)
    }

    /// The longest measure starting at `i`.
    fn at(&self, i: usize) -> Option<(usize, &'static str)> {
        let mut best: Option<(usize, &'static str)> = None;
        let mut offer = |r: Option<(usize, &'static str)>| {
            if let Some(r) = r {
                if best.is_none_or(|b| r.0 > b.0) {
                    best = Some(r);
                }
            }
        };
        offer(self.instrument(i));
        offer(self.range(i));
        offer(self.percent(i).map(|e| (e, "percentage")));
        if let Some(j) = self.any_of(i, LIMITERS) {
            let core = self
                .score(j)
                .map(|(e, _)| e)
                .or_else(|| self.ratio(j))
                .or_else(|| self.count(j))
                .or_else(|| self.rate(j))
                .or_else(|| {
                    // "at least 70% of lessons", "at least 90% of sessions"
                    let e = self.percent(j)?;
                    Some(self.words(e, &["of"]).and_then(|k| self.noun(k)).unwrap_or(e))
                })
                .or_else(|| {
                    // "below the 98th centile", "at least level 3"
                    let k = if self.norm(j) == "the" { j + 1 } else { j };
                    self.number(k).map(|e| self.noun(e).unwrap_or(e))
                });
            // "over" and "under" need a counted thing ("under 16" is an age).
            let bare = core.is_some_and(|e| e == j + 1);
            if !(matches!(self.norm(i), "over" | "under") && (self.shape(j) != Some(Shape::Number) || bare)) {
                offer(core.map(|e| (e, "limit")));
            }
        }
        offer(self.ratio(i).map(|e| (e, "ratio")));
        offer(self.count(i).map(|e| (e, "count")));
        offer(self.rate(i).map(|e| (e, "count")));
        offer(self.all_or_none(i));
        offer(self.score(i));
        best
    }

    /// A scale, record or test, with its determiner or owner ("the sleep
    /// diary", "Mum's hair strand test") and a range on a scale ("from 1 to 5").
    fn instrument(&self, i: usize) -> Option<(usize, &'static str)> {
        let mut k = i;
        if DETS.contains(&self.norm(k)) {
            k += 1;
        } else if self.shape(k) == Some(Shape::Word)
            && self.norm(k + 1) == "'"
            && self.norm(k + 2) == "s"
            && self
                .doc
                .tokens
                .raw(self.doc.text, k)
                .starts_with(char::is_uppercase)
        {
            k += 3;
        }
        // "negative", "consecutive" before a test.
        let mut m = k;
        while matches!(
            self.norm(m),
            "negative" | "clear" | "consecutive" | "random" | "weekly" | "monthly"
        ) {
            m += 1;
        }
        let (kind, e) = self.lex_at(m, |l| matches!(l, Lex::Scale | Lex::Record | Lex::Test))?;
        let name = match kind {
            Lex::Scale => "scale",
            Lex::Test => "test",
            _ => "record",
        };
        let e = if let Some(x) = self.words(e, &["from"]).and_then(|f| self.range_body(f)) {
            x
        } else if let Some(x) = self.words(e, &["of"]).and_then(|f| self.number(f)) {
            x // "a breathalyser reading of 0"
        } else {
            e
        };
        Some((e, name))
    }

    /// "from 63% to 85%", "from 3 to at least 6", "between the 9th and 25th centile".
    fn range(&self, i: usize) -> Option<(usize, &'static str)> {
        if self.norm(i) == "from" {
            return self.range_body(i + 1).map(|e| (e, "range"));
        }
        if self.norm(i) == "between" {
            let k = if self.norm(i + 1) == "the" { i + 2 } else { i + 1 };
            let a = self.value(k)?;
            let b = self.words(a, &["and"])?;
            let b = if self.norm(b) == "the" { b + 1 } else { b };
            let e = self.value(b)?;
            return Some((self.noun(e).unwrap_or(e), "range"));
        }
        None
    }

    fn range_body(&self, k: usize) -> Option<usize> {
        let k = if self.norm(k) == "the" { k + 1 } else { k };
        let a = self.value(k)?;
        let b = self.any_of(a, &[&["to"], &["towards"], &["-"], &["–"]])?;
        let b = self
            .any_of(b, &[&["at", "least"], &["below"], &["above"], &["the"]])
            .unwrap_or(b);
        let e = self.value(b)?;
        // "to the 9th centile", "towards the 95% target"
        Some(match self.norm(e) {
            "centile" | "target" | "percentile" => e + 1,
            _ => e,
        })
    }

    /// "4 out of 5 occasions", "3 of her last 4 drug tests", "9/10".
    fn ratio(&self, i: usize) -> Option<usize> {
        if let Some(e) = self.fraction(i) {
            return Some(e);
        }
        let a = self.number(i)?;
        if let Some(b) = self.words(a, &["out", "of"]) {
            let e = self.number(b)?;
            return Some(self.noun(e).unwrap_or(e));
        }
        if let Some(b) = self.any_of(
            a,
            &[
                &["of", "the", "last"],
                &["of", "her", "last"],
                &["of", "his", "last"],
                &["of", "their", "last"],
            ],
        ) {
            let e = self.number(b)?;
            return Some(self.noun(e).unwrap_or(e));
        }
        None
    }

    /// "9/10": a fraction with no third part (then it would be a date), not
    /// 24/7 or 1/1.
    fn fraction(&self, i: usize) -> Option<usize> {
        if self.shape(i) != Some(Shape::Number) || i > 0 && self.touch(i - 1) {
            return None;
        }
        if self.touch(i)
            && self.norm(i + 1) == "/"
            && self.touch(i + 1)
            && self.shape(i + 2) == Some(Shape::Number)
        {
            let glued_after = self.touch(i + 2) && matches!(self.norm(i + 3), "/" | "." | "-");
            let small = self.norm(i).len() <= 2 && self.norm(i + 2).len() <= 2;
            if !glued_after
                && small
                && self.norm(i) != "24"
                && !(self.norm(i) == "1" && self.norm(i + 2) == "1")
            {
                return Some(i + 3);
            }
        }
        None
    }

    /// A noun phrase ending in a countable thing, after up to five modifier
    /// tokens: "sessions", "catch-up maths sessions", "units of alcohol a day".
    fn noun(&self, k: usize) -> Option<usize> {
        for m in 0..=5 {
            let x = k + m;
            if x >= self.n() {
                return None;
            }
            // "12-week", "5-minute": half of a compound word, read on.
            let compound = x > 0 && self.norm(x - 1) == "-" && self.touch(x - 1);
            if let Some((_, e)) = self
                .lex_at(x, |l| {
                    matches!(l, Lex::Count | Lex::Countable | Lex::Test | Lex::Record)
                })
                .filter(|_| !compound)
            {
                // A longer noun may follow ("contact sessions").
                if let Some((_, e2)) = self.lex_at(e, |l| matches!(l, Lex::Count | Lex::Countable)) {
                    return Some(self.tail(e2));
                }
                return Some(self.tail(e));
            }
            let t = self.norm(x);
            let ok = self.shape(x) == Some(Shape::Word) && !STOPS.contains(&t) || t == "-";
            if !ok {
                return None;
            }
        }
        None
    }

    /// What may follow a counted thing: "of alcohol", "a week", "in a row".
    fn tail(&self, e: usize) -> usize {
        let mut e = e;
        if let Some(x) = self.words(e, &["of"]) {
            if matches!(
                self.norm(x),
                "alcohol" | "formula" | "milk" | "tutoring" | "negative" | "self" | "contact"
            ) {
                e = x + 1;
                if let Some((_, y)) = self.lex_at(e, |l| matches!(l, Lex::Test | Lex::Count)) {
                    e = y;
                }
            }
        }
        if let Some(x) = self.any_of(e, &[&["a"], &["per"], &["each"], &["every"]]) {
            if matches!(
                self.norm(x),
                "day" | "week" | "month" | "fortnight" | "night" | "term" | "half"
            ) {
                e = x + 1;
                if self.norm(e - 1) == "half" && self.norm(e) == "term" {
                    e += 1;
                }
            }
        }
        if let Some(x) = self.words(e, &["in", "a", "row"]) {
            e = x;
        }
        e
    }

    /// "6 sessions", "15 hours a week", "all 6 of her sessions" (count part).
    fn count(&self, i: usize) -> Option<usize> {
        let a = self.number(i)?;
        // "2-3 times", "3–4 sessions"
        let a = if matches!(self.norm(a), "-" | "–") && self.shape(a + 1) == Some(Shape::Number) {
            a + 2
        } else {
            a
        };
        let e = self.noun(a)?;
        // Time spans after "within", "every", "in", "for", "over the next"
        // are timescales, not measures, unless counted ("in a row", "a week").
        let unit = matches!(
            self.norm(a),
            "day"
                | "days"
                | "week"
                | "weeks"
                | "month"
                | "months"
                | "night"
                | "nights"
                | "morning"
                | "mornings"
                | "evening"
                | "evenings"
                | "year"
                | "years"
                | "hour"
                | "hours"
                | "minute"
                | "minutes"
        );
        if unit && e == a + 1 && !matches!(self.norm(a), "hour" | "hours" | "minute" | "minutes") {
            // A bare number of days or weeks is a duration, not a count.
            return None;
        }
        if unit && e == a + 1 {
            let before = if i > 0 { self.norm(i - 1) } else { "" };
            if matches!(
                before,
                "within"
                    | "every"
                    | "in"
                    | "next"
                    | "for"
                    | "after"
                    | "last"
                    | "past"
                    | "first"
                    | "over"
                    | "than"
            ) {
                let minutes =
                    matches!(self.norm(a), "minute" | "minutes" | "hour" | "hours") && before == "for";
                if !minutes {
                    return None;
                }
            }
            if matches!(self.norm(e), "old" | "ago" | "later" | "before" | "after" | "'") {
                return None;
            }
        }
        Some(e)
    }

    /// A target rate: "twice a day", "3 times a week", "once every 2 weeks",
    /// "every other day".
    fn rate(&self, i: usize) -> Option<usize> {
        let k = match self.norm(i) {
            "once" | "twice" => i + 1,
            "every" => {
                let k = if self.norm(i + 1) == "other" {
                    i + 2
                } else {
                    return None;
                };
                return matches!(self.norm(k), "day" | "night" | "week" | "morning" | "evening")
                    .then_some(k + 1);
            }
            _ => return None,
        };
        if let Some(x) = self.any_of(k, &[&["a"], &["per"], &["each"]]) {
            if matches!(
                self.norm(x),
                "day" | "week" | "month" | "fortnight" | "night" | "term"
            ) {
                return Some(x + 1);
            }
        }
        if let Some(x) = self.words(k, &["every"]) {
            let y = self.number(x).unwrap_or(x);
            if matches!(
                self.norm(y),
                "day" | "days" | "week" | "weeks" | "month" | "months" | "fortnight"
            ) {
                return Some(y + 1);
            }
        }
        None
    }

    /// "all appointments", "all 6 sessions", "every night", "no missed
    /// appointments", "zero incidents", "no further arrests".
    fn all_or_none(&self, i: usize) -> Option<(usize, &'static str)> {
        let lead = self.any_of(
            i,
            &[
                &["all"],
                &["every"],
                &["no"],
                &["zero"],
                &["each", "of", "the"],
                &["both"],
            ],
        )?;
        let mut k = lead;
        if let Some(x) = self.number(k) {
            k = x;
            if let Some(y) = self.any_of(
                k,
                &[&["of", "her"], &["of", "his"], &["of", "their"], &["of", "the"]],
            ) {
                k = y;
            }
        }
        if matches!(self.norm(k), "her" | "his" | "their" | "the" | "of") && self.norm(lead - 1) == "all" {
            k += 1;
        }
        // "every night": the thing straight after.
        let e = self.noun(k)?;
        // "no" needs a countable thing, and "every" a countable period
        // straight after ("every night", not "every Tuesday").
        let strict = matches!(self.norm(i), "every" | "no");
        // `lex` is in token order: look only at entries inside k..e (a scan of
        // all of them would be quadratic in a long statement).
        let inside = &self.lex[self.lex.partition_point(|l| l.0 < k)..];
        let inside = &inside[..inside.partition_point(|l| l.0 < e)];
        let head_ok = inside
            .iter()
            .any(|l| l.2 <= e && (l.1 == Lex::Countable || !strict && l.1 == Lex::Count));
        // "at every visit" is a frequency frame, not a measure.
        if self.norm(i) == "every" && i > 0 && matches!(self.norm(i - 1), "at" | "on" | "after") {
            return None;
        }
        if !head_ok {
            return None;
        }
        // "every night", not "every Monday morning".
        if self.norm(i) == "every" && !inside.iter().any(|l| l.0 == k && l.2 == e) {
            return None;
        }
        // "every day" alone is a rate for the behaviour: a measure; "all" of
        // people ("all 3 children") counts too.
        Some((e, "all-or-none"))
    }

    /// A score: "6 or more on the 0-10 scale", "4 or below on her worry scale",
    /// "scored 8".
    fn score(&self, i: usize) -> Option<(usize, &'static str)> {
        let a = self.number(i)?;
        let b = self
            .any_of(
                a,
                &[
                    &["or", "more"],
                    &["or", "above"],
                    &["or", "below"],
                    &["or", "less"],
                    &["or", "higher"],
                    &["or", "lower"],
                    &["and", "above"],
                    &["+"],
                ],
            )
            .unwrap_or(a);
        let c = self.words(b, &["on"])?;
        let (e, kind) = self.instrument(c)?;
        (kind == "scale").then_some((e, "scale"))
    }
}

/// A suggestion of what could be counted for this statement, for the
/// `missing-measure` finding: the suggestion of the topic the statement
/// mentions that is listed first in `lexicons/measures.toml` (`kind =
/// "topic"`, specific before general), else a general one.
pub fn suggest_measure(doc: &Doc) -> String {
    doc.hits_of(Category::MeasureTopic)
        .filter(|h| doc.lex.entry(h.entry).suggestion.is_some())
        .map(|h| h.entry)
        .min()
        .and_then(|id| doc.lex.entry(id).suggestion.clone())
        .unwrap_or_else(|| {
            "add something that can be counted or checked, e.g. attendance records, a 0–10 scale, a number of sessions".into()
        })
}
