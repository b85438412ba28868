//! Reading a statement's tokens into segments, subjects and fragments; the
//! verb groups are read in `verb.rs`.

use super::types::{Clause, Fragment, Input, Modality, Phrase, Segment, Tag};
use crate::lexicon::{WordClass, WordTag};
use crate::text::Shape;

/// The parse in progress: the tags and the tokens, read-only.
pub(super) struct Reader<'g, 'a> {
    pub tags: &'g [Tag],
    pub input: &'g Input<'a>,
    /// Whether the statement has a quotation mark at all, so statements
    /// without one skip the walk that `quoted` makes.
    pub has_quotes: bool,
}

/// The most words a subject phrase runs to ("the HCPC-registered
/// occupational therapist from the local hospital trust" is nine); reading
/// back stops there, so a run-on statement costs linear time.
const LONGEST_SUBJECT: usize = 16;
/// How far back a subordinating word ("because", "when") is looked for.
const REACH_BACK: usize = 40;

impl Reader<'_, '_> {
    pub fn n(&self) -> usize {
        self.tags.len()
    }
    pub fn norm(&self, i: usize) -> &str {
        if i < self.n() {
            self.input.tokens.norm(i)
        } else {
            ""
        }
    }
    pub fn tag(&self, i: usize) -> Tag {
        self.tags.get(i).copied().unwrap_or_default()
    }
    pub fn is(&self, i: usize, c: WordClass) -> bool {
        self.tag(i).classes.has(c)
    }
    /// Whether a `word` entry for token `i` carries tag `t`.
    pub fn tagged(&self, i: usize, t: WordTag) -> bool {
        self.tag(i).classes.tagged(t)
    }
    /// "and" or "&" ending a list of parties ("SW, HV and school").
    pub fn joins_list(&self, i: usize) -> bool {
        self.tagged(i, WordTag::JoinsList) || self.norm(i) == "&"
    }
    pub fn is_word(&self, i: usize) -> bool {
        self.tag(i).shape == Some(Shape::Word)
    }
    pub fn punct(&self, i: usize) -> bool {
        self.tag(i).shape == Some(Shape::Punct)
    }
    /// Tokens `i` and `i + 1` touch (no space between them).
    pub fn touches(&self, i: usize) -> bool {
        let t = self.input.tokens.as_slice();
        i + 1 < t.len() && t[i].end == t[i + 1].start
    }
    /// A line break between tokens `i - 1` and `i`.
    pub fn line_break_before(&self, i: usize) -> bool {
        let t = self.input.tokens.as_slice();
        // Bytes, not chars: a newline byte is never inside another character.
        i > 0
            && i < t.len()
            && self.input.text.as_bytes()[t[i - 1].byte_end..t[i].byte_start].contains(&b'\n')
    }

    /// Where sentences, bullet lines and ` / ` parts end.
    fn boundary_at(&self, i: usize) -> bool {
        let norm = self.norm(i);
        // A word or a number (every mark below starts otherwise): most
        // tokens, asked here once or twice each.
        if norm.as_bytes().first().is_some_and(u8::is_ascii_alphanumeric) {
            return false;
        }
        match norm {
            "!" | "?" | ";" | "•" | "|" | "·" | "▪" | "●" => true,
            "." => self.sentence_stop(i),
            // " / " between parts of a provision line; "and/or", "4/5",
            // "I/we" and "parents/carers" touch and are not boundaries.
            "/" => !self.touches(i) && i > 0 && !self.touches(i - 1),
            // A bullet at the start of a line.
            "*" | "-" | "–" => self.line_break_before(i) || i == 0,
            _ => false,
        }
    }

    /// A capital letter alone, touching the stop after it: an initial ("R.").
    fn initial_at(&self, i: usize) -> bool {
        self.norm(i).chars().count() == 1 && self.tag(i).cap && self.touches(i)
    }

    /// A full stop that ends a sentence: not in "3.5", "e.g.", "R." or "Dr.".
    fn sentence_stop(&self, i: usize) -> bool {
        if i == 0 {
            return false;
        }
        let glued_both = self.touches(i - 1) && self.touches(i);
        if glued_both {
            return false;
        }
        if self.initial_at(i - 1) || self.is(i - 1, WordClass::Title) {
            return false;
        }
        // Lower case after the stop: an abbreviation ("etc. and").
        !(i + 1 < self.n() && self.is_word(i + 1) && !self.tag(i + 1).cap)
    }

    /// The statement's segments, in order, into `out` (emptied first).
    pub fn segments_into(&self, out: &mut Vec<Segment>) {
        out.clear();
        let n = self.n();
        let mut start = 0;
        for i in 0..=n {
            let cut = i == n || self.boundary_at(i) || (i > start && self.line_break_before(i));
            if !cut {
                continue;
            }
            if i > start {
                out.push(self.segment(start, i));
            }
            start = if i < n && self.boundary_at(i) { i + 1 } else { i };
        }
    }

    /// A segment, its heading set apart: up to six words before a colon
    /// near its start ("Goal:", "What needs to happen:", "Objective 1 –
    /// High Support:"), but not a clock time ("9:30").
    fn segment(&self, first: usize, end: usize) -> Segment {
        let colon = (first..end.min(first + 8)).find(|&k| {
            self.norm(k) == ":"
                && k > first
                && k + 1 < end
                && !(self.touches(k - 1) && self.touches(k))
                // "[in place of “work towards”: what …]": inside a slot.
                && !(first..k).any(|j| self.norm(j) == "[")
        });
        match colon {
            Some(k) => Segment {
                heading: Some((first, k)),
                first: k + 1,
                end,
                fragment: Fragment::None,
            },
            None => Segment {
                heading: None,
                first,
                end,
                fragment: Fragment::None,
            },
        }
    }

    /// Every verb group in the segment, each with the subject read back from it.
    pub fn clauses(&self, si: usize, seg: &Segment, out: &mut Vec<Clause>) {
        let mut i = seg.first;
        // A subject never reaches back into the verb group before it.
        let mut floor = seg.first;
        while i < seg.end {
            let Some(vg) = self.verb_group_at(i, seg) else {
                i += 1;
                continue;
            };
            let subject = self.subject_before(vg.first, seg, floor);
            // "X to …" needs its X at the start of a clause: "Mum to attend",
            // "…, and Dad to ring"; not "ask the teacher to support", "walk
            // to school", "struggle to keep" (an object or a purpose) —
            // except after a wish ("I want Dad to stop …").
            if vg.modality == Modality::To
                && !subject.is_some_and(|s| {
                    (self.opens_clause(s.first, seg)
                        && !(floor > seg.first && self.ends_a_prepositions_list(s.first, seg)))
                        || self.controlled_by_wish(s.first, seg)
                })
            {
                i += 1;
                continue;
            }
            // "to do basic, routine health tasks": after a comma that
            // follows a describing word, the phrase goes on; "tasks" is
            // its noun, not a verb with "routine health" as subject.
            if vg.modality == Modality::Present
                && vg.first == vg.main
                && self.tag(vg.main).info.is_noun()
                && subject.is_some_and(|s| s.first >= seg.first + 2 && self.after_listed_adjective(s.first))
            {
                i += 1;
                continue;
            }
            let from = subject.map_or(vg.first, |s| s.first);
            // A clause is a main one when its subject opens a clause (the
            // segment's start, after a comma, "and", a colon) and nothing
            // subordinates it; "… on occasions he feels angry", "before the
            // baby is born", "to ensure the children are …" are not.
            let opens = subject.is_none_or(|s| self.opens_clause(s.first, seg));
            let mut subordinate = self.subordinate(from, seg) || !opens || self.quoted(from, seg);
            // "I want Dad to stop shouting": the wish is about Dad, whose
            // clause the "want" clause gives way to.
            if vg.modality == Modality::To && subject.is_some_and(|s| self.controlled_by_wish(s.first, seg)) {
                if let Some(last) = out.iter_mut().rev().find(|c| c.segment == si) {
                    last.subordinate = true;
                }
                subordinate = false;
            }
            out.push(Clause {
                segment: si,
                subject,
                verb: vg,
                subordinate,
            });
            i = vg.end.max(i + 1);
            floor = i;
        }
    }

    /// Token `k` follows "basic," in "basic, routine health tasks": a comma
    /// after a word mostly used to describe.
    fn after_listed_adjective(&self, k: usize) -> bool {
        let a = self.tag(k - 2);
        self.norm(k - 1) == ","
            && a.shape == Some(crate::text::Shape::Word)
            && a.info.adjective
            && a.info.adjective_count > a.info.noun_count
            && a.info.adjective_count > a.info.verb_count
            && !a.info.adverb
            && !a.cap
    }

    /// A capitalised word not known as a common word ("Reece") right after
    /// a lower-case noun ("months"): a name that starts a new phrase.
    fn starts_name_after_noun(&self, k: usize) -> bool {
        let (t, p) = (self.tag(k), self.tag(k - 1));
        t.cap
            && !t.info.is_known()
            && !p.cap
            && p.info.is_noun()
            && p.shape == Some(crate::text::Shape::Word)
            && !p
                .classes
                .any(&[WordClass::Title, WordClass::Possessive, WordClass::Determiner])
    }

    /// "Over the last 6 months Reece …", "By the end of term Ava …": the
    /// segment opens with a phrase of place or time and no verb, so the
    /// subject after it still opens the clause.
    fn after_fronted_phrase(&self, at: usize, seg: &Segment) -> bool {
        at > seg.first + 1
            && at - seg.first <= 8
            && self.is(seg.first, WordClass::Preposition)
            && (seg.first + 1..at).all(|k| self.in_noun_phrase(k) || self.is(k, WordClass::Preposition))
            && self.starts_name_after_noun(at)
    }

    /// Whether a phrase starting at `at` can open a clause: at the segment's
    /// start, or after a comma, a colon, a bracket or "and"/"or"/"then".
    pub fn opens_clause(&self, at: usize, seg: &Segment) -> bool {
        at == seg.first
            || self.after_fronted_phrase(at, seg)
            || matches!(self.norm(at - 1), "," | ":" | ";" | "(" | "-" | "–")
            || self.tagged(at - 1, WordTag::OpensClause)
    }

    /// The phrase at `at` is the last of a list that a preposition governs:
    /// "… a meeting with Nan, Auntie Bev and Mum on Monday to agree", "…
    /// speak with their manager, DSL or SENCO to work out": the "to" that
    /// follows says why, and the list names no one who is to do it.
    fn ends_a_prepositions_list(&self, at: usize, seg: &Segment) -> bool {
        const LONGEST_LIST: usize = 16;
        if at <= seg.first + 1 {
            return false;
        }
        let joiner = |k: usize| self.norm(k) == "," || self.tagged(k, WordTag::JoinsPhrases);
        if !joiner(at - 1) {
            return false;
        }
        let stop = seg.first.max(at.saturating_sub(LONGEST_LIST));
        let mut j = at - 1;
        while j > stop && (self.in_noun_phrase(j - 1) || joiner(j - 1)) {
            j -= 1;
        }
        j < at - 1 && j > seg.first && self.is(j - 1, WordClass::Preposition)
    }

    /// The phrase at `at` follows a verb of wishing or expecting: "want
    /// Dad", "expects you".
    fn controlled_by_wish(&self, at: usize, seg: &Segment) -> bool {
        at > seg.first && {
            let p = self.tag(at - 1);
            p.classes.any(&[WordClass::WishVerb, WordClass::NeedVerb])
                || (p.classes.has(WordClass::PromiseVerb) && !p.classes.tagged(WordTag::NoObject))
        }
    }

    /// Inside quotation marks, in a statement that also has words outside
    /// them: someone's own words reported, not what the plan commits to.
    fn quoted(&self, at: usize, seg: &Segment) -> bool {
        let opens = |w: &str| matches!(w, "“" | "\"" | "‘");
        let closes = |w: &str| matches!(w, "”" | "\"" | "’");
        if !self.has_quotes {
            return false;
        }
        let mut inside = false;
        for k in seg.first..at {
            let w = self.norm(k);
            if !inside && opens(w) && (k == seg.first || !self.touches(k - 1) || w != "’") {
                inside = true;
            } else if inside && closes(w) {
                inside = false;
            }
        }
        if !inside {
            return false;
        }
        // Words outside the quote somewhere in the statement.
        let first_quote = (0..self.n()).find(|&k| opens(self.norm(k)));
        first_quote.is_some_and(|q| q > 0)
            || (at..self.n()).rev().take(1).any(|_| {
                let last = (0..self.n()).rev().find(|&k| closes(self.norm(k)));
                last.is_some_and(|l| l + 1 < self.n() && (l + 1..self.n()).any(|k| self.is_word(k)))
            })
    }

    /// A subordinator between the segment start (or the last comma) and
    /// `at`, or a verb just before it ("to ensure the children are …").
    fn subordinate(&self, at: usize, seg: &Segment) -> bool {
        if at > seg.first {
            let p = self.tag(at - 1);
            if p.info.verb_forms.is_verb() && !p.info.is_noun() && !p.classes.has(WordClass::Modal) {
                return true;
            }
        }
        let mut k = at;
        // Bounded, so a run-on statement costs linear time.
        let stop = seg.first.max(at.saturating_sub(REACH_BACK));
        while k > stop {
            k -= 1;
            let w = self.norm(k);
            if w == "," && self.aside_after_subordinator(k, seg) {
                return true;
            }
            if matches!(w, "," | ":" | ";") {
                return false;
            }
            if self.is(k, WordClass::Conjunction) && !self.is(k, WordClass::Coordinator) {
                return true;
            }
            if self.is(k, WordClass::Question) {
                return true;
            }
        }
        false
    }

    /// The comma at `close` ends an aside of place or time that opens
    /// right after a subordinator: "so that, by the end of term, Harry
    /// joins" is still inside the "so that".
    fn aside_after_subordinator(&self, close: usize, seg: &Segment) -> bool {
        const LONGEST_ASIDE: usize = 8;
        let stop = seg.first.max(close.saturating_sub(LONGEST_ASIDE));
        let Some(open) = (stop..close).rev().find(|&j| self.norm(j) == ",") else {
            return false;
        };
        open > seg.first
            && self.is(open - 1, WordClass::Conjunction)
            && !self.is(open - 1, WordClass::Coordinator)
            && self.is(open + 1, WordClass::Preposition)
            && (open + 1..close).all(|j| self.in_noun_phrase(j) || self.is(j, WordClass::Preposition))
    }

    /// Whether token `i` can be part of a noun phrase read backwards from a
    /// verb: determiners, possessives, numbers, adjectives, nouns, names,
    /// placeholders, and the joints of "Mum and Dad", "Zoë's", "(FSW)".
    pub fn in_noun_phrase(&self, i: usize) -> bool {
        let t = self.tag(i);
        let w = self.norm(i);
        match t.shape {
            Some(Shape::Number) => true,
            Some(Shape::Punct) => matches!(
                w,
                "'" | "’" | "(" | ")" | "[" | "]" | "_" | "“" | "”" | "\"" | "&" | "/" | "-" | "‘"
            ),
            Some(Shape::Word) => {
                // "[who] to complete …": a slot to fill names someone.
                if w == "s" || self.tagged(i, WordTag::JoinsList) || (i > 0 && self.norm(i - 1) == "[") {
                    return true;
                }
                let c = t.classes;
                if c.any(&[
                    WordClass::Modal,
                    WordClass::Preposition,
                    WordClass::Conjunction,
                    WordClass::Question,
                    WordClass::Be,
                    WordClass::Have,
                    WordClass::Do,
                ]) {
                    // "May", "Will" as names: a capitalised modal inside a
                    // phrase read back from a verb is not a modal.
                    return t.cap && c.has(WordClass::Modal);
                }
                if c.any(&[
                    WordClass::Determiner,
                    WordClass::Possessive,
                    WordClass::Speaker,
                    WordClass::Addressee,
                    WordClass::We,
                    WordClass::ThirdPerson,
                    WordClass::Indefinite,
                    WordClass::Title,
                ]) {
                    return true;
                }
                let info = t.info;
                // A word only ever a verb ("attends") ends the phrase; one that
                // may be a noun, adjective or participle ("allocated") stays.
                !info.verb_forms.is_verb()
                    || info.is_noun()
                    || info.adjective
                    || info.verb_forms.has(crate::lexicon::VerbForms::PARTICIPLE)
                    || t.cap
            }
            None => false,
        }
    }

    pub fn is_pronoun(&self, i: usize) -> bool {
        let c = self.tag(i).classes;
        c.any(&WordClass::PERSONAL_PRONOUNS) || c.has(WordClass::Indefinite)
    }

    /// A pronoun that can be a subject: "they", not "them".
    pub fn is_subject_pronoun(&self, i: usize) -> bool {
        self.is_pronoun(i) && !self.tagged(i, WordTag::ObjectCase)
    }

    /// The subject noun phrase ending just before `verb`, read backwards.
    pub fn subject_before(&self, verb: usize, seg: &Segment, floor: usize) -> Option<Phrase> {
        let mut end = verb;
        // An aside between subject and verb: "Daniel, with Grace's help, will".
        if end > seg.first && self.norm(end - 1) == "," {
            let open = (floor..end - 1).rev().take(10).find(|&k| self.norm(k) == ",");
            match open {
                Some(k) if k > floor && self.in_noun_phrase(k - 1) => end = k,
                _ => return None,
            }
        }
        // Adverbs between subject and verb: "Mum sometimes forgets".
        while end > floor + 1 && self.is_adverb(end - 1) {
            end -= 1;
        }
        if end <= floor {
            return None;
        }
        // "R. cannot blend": an initial with its stop is a name.
        if end >= floor + 2 && self.norm(end - 1) == "." && self.initial_at(end - 2) {
            return Some(Phrase {
                first: end - 2,
                end,
                head: end - 2,
                possessor: None,
                core_end: end,
            });
        }
        // "drop them off": an object is nobody's subject.
        if self.tagged(end - 1, WordTag::ObjectCase) {
            return None;
        }
        // A pronoun stands alone: "The most important thing I can do".
        if self.is_pronoun(end - 1) && !self.is(end - 1, WordClass::Indefinite) {
            let mut first = end - 1;
            // "I/we", "he or she"
            while first >= floor + 2
                && (self.norm(first - 1) == "/" || self.tagged(first - 1, WordTag::JoinsPhrases))
                && self.is_pronoun(first - 2)
            {
                first -= 2;
            }
            return Some(Phrase {
                first,
                end,
                head: end - 1,
                possessor: None,
                core_end: end,
            });
        }
        let mut first = end;
        let floor = floor.max(end.saturating_sub(LONGEST_SUBJECT));
        while first > floor && self.in_noun_phrase(first - 1) {
            first -= 1;
            // A pronoun inside ("… thing I") would have stood alone above;
            // one further back belongs to another phrase.
            // "Over the last 6 months Reece has …": a name after a
            // lower-case noun starts its own phrase.
            if first + 1 < end && first > seg.first && self.starts_name_after_noun(first + 1) {
                first += 1;
                break;
            }
            if self.is_pronoun(first) && first + 1 < end && !self.is(first, WordClass::Indefinite) {
                first += 1;
                break;
            }
        }
        // A determiner starts a phrase: one inside ("Find a new place")
        // means the words before it are not part of this phrase, unless
        // they join phrases ("Mum and the children") or own it ("Zoë's").
        if let Some(d) = (first + 1..end).rev().find(|&k| {
            self.is(k, WordClass::Determiner)
                && !matches!(self.norm(k - 1), "&" | "," | "(" | "s" | "/")
                && !self.tagged(k - 1, WordTag::JoinsPhrases)
                && !self.tagged(k - 1, WordTag::Genitive)
                && !self.is(k - 1, WordClass::Determiner)
        }) {
            first = d;
        }
        // Lists of parties across commas: "SW, HV and school to …".
        while first > floor + 1
            && self.norm(first - 1) == ","
            && (first..end).any(|k| self.joins_list(k))
            && self.in_noun_phrase(first - 2)
            && !self.punct(first - 2)
        {
            let mut k = first - 1;
            while k > floor && self.in_noun_phrase(k - 1) && !self.joins_list(k - 1) {
                k -= 1;
            }
            if k == first - 1 {
                break;
            }
            first = k;
        }
        // A phrase with its place or group: "Key worker at nursery",
        // "Everyone in the core group", "Head of Year", "Staff at breakfast
        // club", "Grace's anxiety score on the RCADS". The phrase before the
        // preposition is the subject when it opens the clause.
        let mut head_end = None;
        for _ in 0..2 {
            if first < floor + 2 || !self.tagged(first - 1, WordTag::Qualifier) {
                break;
            }
            let p = first - 1;
            let mut k = p;
            while k > floor
                && self.in_noun_phrase(k - 1)
                && (!self.is_pronoun(k - 1) || self.is(k - 1, WordClass::Indefinite))
            {
                k -= 1;
            }
            if k == p
                || !self.opens_clause(k, seg)
                || (k..p).any(|j| {
                    self.tag(j).info.verb_forms.is_verb() && !self.tag(j).info.is_noun() && !self.tag(j).cap
                })
            {
                break;
            }
            head_end.get_or_insert(p);
            first = k;
        }
        if let Some(he) = head_end {
            let mut ph = self.phrase(first, he);
            ph.end = end;
            ph.core_end = he;
            return Some(ph);
        }
        // A phrase starts with a word or an opening mark, not a joint.
        while first < end
            && (matches!(self.norm(first), "&" | "/" | "'" | "’" | ")" | "]" | "s" | "-")
                || self.tagged(first, WordTag::JoinsList))
        {
            first += 1;
        }
        while end > first
            && (matches!(self.norm(end - 1), "(" | "[" | "/" | "&" | "-")
                || self.tagged(end - 1, WordTag::JoinsList))
        {
            end -= 1;
        }
        if first >= end {
            return None;
        }
        Some(self.phrase(first, end))
    }

    /// Head and possessor of the phrase `first..end`.
    fn phrase(&self, first: usize, end: usize) -> Phrase {
        // The head is the last word before a bracket that closes the phrase
        // ("Daisy (FSW)", "Grace (Daniel's cousin)").
        let mut last = end;
        if matches!(self.norm(end - 1), ")" | "]") {
            if let Some(open) = (first..end - 1)
                .rev()
                .find(|&k| matches!(self.norm(k), "(" | "["))
            {
                if open > first {
                    last = open;
                }
            }
        }
        let mut head = (first..last)
            .rev()
            .find(|&k| self.is_word(k) && self.norm(k) != "s")
            .unwrap_or(last - 1);
        // "X's Y": Y is the head, X the possessor.
        let possessive = (first..last.saturating_sub(2)).rev().find(|&k| {
            matches!(self.norm(k + 1), "'" | "’")
                && self.norm(k + 2) == "s"
                && self.touches(k)
                && self.touches(k + 1)
        });
        let possessor = possessive.and_then(|k| (k + 3 <= head).then_some((first, k + 1)));
        if possessor.is_none() && possessive.is_some_and(|k| k + 2 >= head) {
            // "Tom's" alone before the verb: the owner is Tom.
            head = possessive.unwrap_or(head);
        }
        Phrase {
            first,
            end,
            head,
            possessor,
            core_end: end,
        }
    }

    /// The shape of a segment with no clause.
    pub fn fragment(&self, seg: &Segment) -> Fragment {
        let mut i = seg.first;
        // Leading quotes, brackets and bullets.
        while i < seg.end && self.punct(i) && !matches!(self.norm(i), "(" | "[") {
            i += 1;
        }
        if i >= seg.end {
            return Fragment::None;
        }
        if self.is(i, WordClass::To) {
            let mut v = i + 1;
            while v < seg.end && self.tag(v).info.adverb && !self.tag(v).info.verb_forms.is_verb() {
                v += 1;
            }
            if self.tag(v).info.verb_forms.has(crate::lexicon::VerbForms::BASE) || self.is(v, WordClass::Be) {
                return Fragment::ToInfinitive(v);
            }
        }
        // "not kick or push", "never hit"
        if self.tag(i).negates_verb() {
            let v = i + 1;
            if self.tag(v).info.verb_forms.has(crate::lexicon::VerbForms::BASE) {
                return Fragment::BareVerb(v);
            }
        }
        let t = self.tag(i);
        let base = t.info.verb_forms.has(crate::lexicon::VerbForms::BASE) || self.is(i, WordClass::Be);
        // A verb first, not a noun with its own verb after it ("Support to
        // learn", "Attendance matches"): a noun the dictionary sees more
        // often than the verb, before "to" or a finite verb, is a noun.
        let noun_first = t.info.is_noun()
            && t.info.noun_count > t.info.verb_count.saturating_mul(2)
            && (self.is(i + 1, WordClass::To)
                || self
                    .tag(i + 1)
                    .info
                    .verb_forms
                    .has(crate::lexicon::VerbForms::THIRD));
        // "negative peer relationships", "low mood": a word far more often
        // a describing word than a verb, before a noun, describes it.
        let describes_noun = t.info.adjective_count > t.info.verb_count.saturating_mul(2)
            && i + 1 < seg.end
            && self.is_word(i + 1)
            && self.tag(i + 1).info.is_noun()
            && !self.tag(i + 1).classes.any(&WordClass::FUNCTION_WORDS);
        if base && !noun_first && !describes_noun && !self.is(i, WordClass::Determiner) {
            return Fragment::BareVerb(i);
        }
        // A noun phrase: its head is the last word before a preposition,
        // a "to" or the end.
        let mut head = i;
        let mut k = i;
        while k < seg.end {
            if self.is(k, WordClass::Preposition) || matches!(self.norm(k), "," | "(" | ":") {
                break;
            }
            if self.is_word(k) {
                head = k;
            }
            k += 1;
        }
        Fragment::NounPhrase(head)
    }
}
