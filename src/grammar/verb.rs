//! Verb groups: a modal and its verb ("will not be left"), "X to" + verb, a
//! form of "be", "have" or "do", or a finite verb ("reads", "agreed") — with
//! what the group says about commitment (modality), polarity and voice.

use super::read::Reader;
use super::types::{Modality, Segment, VerbGroup};
use crate::lexicon::{VerbForms, WordClass, WordClasses, WordTag};

/// What a modal (or a contraction of one) commits anyone to, from its tag.
fn modality_of(c: WordClasses) -> Option<Modality> {
    const BY_TAG: [(WordTag, Modality); 6] = [
        (WordTag::Will, Modality::Will),
        (WordTag::Must, Modality::Must),
        (WordTag::Can, Modality::Can),
        (WordTag::May, Modality::May),
        (WordTag::Would, Modality::Would),
        (WordTag::Promise, Modality::Promise),
    ];
    BY_TAG.iter().find(|(t, _)| c.tagged(*t)).map(|&(_, m)| m)
}

/// The tense of a finite form of "be", "have" or "do" ("is", "had", "did");
/// None for "be", "been", "being", "having".
fn tense_of(c: WordClasses) -> Option<Modality> {
    if c.tagged(WordTag::Past) {
        Some(Modality::Past)
    } else if c.tagged(WordTag::Present) {
        Some(Modality::Present)
    } else {
        None
    }
}

impl Reader<'_, '_> {
    /// "n't" after token `i`: `i + 1` is an apostrophe and `i + 2` a "t", touching.
    fn nt_after(&self, i: usize) -> bool {
        matches!(self.norm(i + 1), "'" | "’")
            && self.norm(i + 2) == "t"
            && self.touches(i)
            && self.touches(i + 1)
    }

    /// An adverb that is no noun, verb or adjective: "sometimes", "often".
    pub fn is_adverb(&self, i: usize) -> bool {
        let t = self.tag(i);
        t.info.adverb && !t.info.verb_forms.is_verb() && !t.info.is_noun() && !t.info.adjective
    }

    /// Skips words that sit inside a verb group without changing it
    /// ("also", "always", "each", "both", "jointly") and negation; returns
    /// where the next verb word is and whether a negation was passed.
    fn skip_adverbs(&self, mut j: usize, seg: &Segment) -> (usize, bool) {
        let mut negated = false;
        while j < seg.end {
            let t = self.tag(j);
            if t.negator() {
                negated = true;
                j += 1;
                continue;
            }
            let adverb = t.info.adverb && !t.info.verb_forms.is_verb() && !t.info.is_noun();
            if adverb || t.classes.has(WordClass::MidVerb) {
                j += 1;
                continue;
            }
            break;
        }
        (j, negated)
    }

    /// The verb group starting at token `i`, if one does.
    pub fn verb_group_at(&self, i: usize, seg: &Segment) -> Option<VerbGroup> {
        let t = self.tag(i);
        let c = t.classes;
        // "can't" is the modal "can" and a contraction: the "n't" after it
        // decides, so its apostrophe is never read as the verb.
        let nt = c.has(WordClass::Contraction) && self.nt_after(i);
        if c.has(WordClass::Modal) && !nt && !self.modal_is_a_name(i, seg) {
            let modality = modality_of(c)?;
            let (j, neg) = self.skip_adverbs(i + 1, seg);
            // "cannot": the modal and its "not" written as one word.
            return Some(self.chain(i, j, modality, neg || c.tagged(WordTag::Negative), seg));
        }
        // A contraction ("won't", "isn't"): its tags say what the full word is.
        if nt {
            if c.tagged(WordTag::Be) || c.tagged(WordTag::Have) {
                let past = c.tagged(WordTag::Past);
                return self.finite_aux(i, past, c.tagged(WordTag::Be), 3, true, seg);
            }
            let modality = modality_of(c).or_else(|| tense_of(c))?;
            let (j, _) = self.skip_adverbs(i + 3, seg);
            return Some(self.chain(i, j, modality, true, seg));
        }
        if c.has(WordClass::To) {
            let (j, neg) = self.skip_adverbs(i + 1, seg);
            let v = self.tag(j);
            if v.info.verb_forms.has(VerbForms::BASE) || v.classes.any(&[WordClass::Be, WordClass::Have]) {
                return Some(self.chain(i, j, Modality::To, neg, seg));
            }
            return None;
        }
        // A finite "be" or "have" ("is", "had"), not "be", "been", "being".
        if let Some(tense) = tense_of(c).filter(|_| c.any(&[WordClass::Be, WordClass::Have])) {
            return self.finite_aux(i, tense == Modality::Past, c.has(WordClass::Be), 1, false, seg);
        }
        if c.has(WordClass::Do) {
            let (j, neg) = self.skip_adverbs(i + 1, seg);
            if self.tag(j).info.verb_forms.has(VerbForms::BASE) && (neg || j == i + 1) && i > seg.first {
                let tense = tense_of(c).unwrap_or(Modality::Present);
                return Some(self.chain(i, j, tense, neg, seg));
            }
        }
        self.finite_lexical(i, seg)
    }

    /// "May" and "Will" are names when capitalised where a name stands: at
    /// the start with a verb group after them, or after "By", "In", "On".
    fn modal_is_a_name(&self, i: usize, seg: &Segment) -> bool {
        let t = self.tag(i);
        if !t.cap {
            return false;
        }
        let after_prep = i > seg.first && self.is(i - 1, WordClass::Preposition);
        let before_verb = self.tag(i + 1).classes.any(&[WordClass::Modal, WordClass::To])
            || (self.norm(i + 1) == "(" && i + 1 < seg.end);
        after_prep || before_verb || (i > seg.first && self.tag(i - 1).cap && self.is_word(i - 1))
    }

    /// A finite "be" or "have" at `i`, `len` tokens long ("isn't" is three),
    /// in the past tense or not, a form of "be" or not.
    fn finite_aux(
        &self,
        i: usize,
        past: bool,
        be: bool,
        len: usize,
        nt: bool,
        seg: &Segment,
    ) -> Option<VerbGroup> {
        // "be", "have" after a modal or "to" belong to that group.
        if i > seg.first && self.tag(i - 1).classes.any(&[WordClass::Modal, WordClass::To]) {
            return None;
        }
        // A plain "have" with no subject before it is "Have my licence
        // back": an instruction, read as a fragment.
        if i == seg.first && !nt {
            return None;
        }
        let tense = if past { Modality::Past } else { Modality::Present };
        let (j, neg) = self.skip_adverbs(i + len, seg);
        let neg = neg || nt;
        // "Dad is to attend", "has to attend": a duty; "is going to": a
        // promise. With no subject before it ("… is to get somewhere safe")
        // the "to" clause is what the subject is.
        let has_subject = self.subject_before(i, seg, seg.first).is_some();
        if has_subject && self.is(j, WordClass::To) && self.tag(j + 1).info.verb_forms.has(VerbForms::BASE) {
            let m = if past { Modality::Past } else { Modality::Must };
            return Some(self.chain(i, j + 1, m, neg, seg));
        }
        // "is going to", "is able to", "is responsible for checking": a
        // two-word semi-modal, its tags saying what it commits anyone to.
        // "is expected to": a verb of promising.
        if be {
            let v = self.tag(j).classes;
            if let Some(m) = modality_of(v).filter(|_| v.has(WordClass::SemiModal)) {
                let tensed = v.tagged(WordTag::Tensed);
                let m = if tensed && past { Modality::Past } else { m };
                let mut g = self.chain(i, j + 2, m, neg || v.tagged(WordTag::Negative), seg);
                if tensed {
                    g.copula = false;
                }
                return Some(g);
            }
            if v.has(WordClass::PromiseVerb) && self.is(j + 1, WordClass::To) {
                return Some(self.chain(i, j + 2, Modality::Promise, neg, seg));
            }
        }
        Some(self.group(i, j, tense, neg, Some(i), seg))
    }

    /// A lexical verb used finitely after its subject: "Student reads",
    /// "Mum and Dad agree", "the pupil remembers", "Erin told".
    fn finite_lexical(&self, i: usize, seg: &Segment) -> Option<VerbGroup> {
        if i == seg.first {
            return self.stem_continuation(i);
        }
        let t = self.tag(i);
        let forms = t.info.verb_forms;
        if !forms.is_verb() || t.cap {
            return None;
        }
        // "Mum sometimes forgets": adverbs may stand between subject and verb.
        let mut prev = i - 1;
        while prev > seg.first && self.is_adverb(prev) {
            prev -= 1;
        }
        let p = self.tag(prev);
        // A capitalised describing word opening the segment is not a
        // subject ("Appropriate checks to be completed").
        if prev == seg.first && p.cap && p.info.adjective && !p.info.is_noun() {
            return None;
        }
        // After a noun phrase's last word: a noun, a name, a pronoun, ")".
        let after_np = matches!(self.norm(prev), ")" | "”" | "\"" | "_")
            || self.is_subject_pronoun(prev) && !self.is(prev, WordClass::Possessive)
            || (p.shape == Some(crate::text::Shape::Word)
                && (p.info.is_noun() && (!p.info.adjective || p.info.noun_count >= p.info.adjective_count)
                    || p.cap
                    || !p.info.is_known())
                && !p.classes.has(WordClass::Question)
                && !p.classes.any(&[
                    WordClass::Determiner,
                    WordClass::Possessive,
                    WordClass::Preposition,
                    WordClass::Conjunction,
                    WordClass::Modal,
                    WordClass::Be,
                    WordClass::Have,
                    WordClass::Title,
                    // "Given specially designed teaching": the word that
                    // opens a goal's condition is no subject.
                    WordClass::Condition,
                    // "Kayleigh needs support", "Tom wants help": the word
                    // after a verb of needing or wishing is its object.
                    WordClass::NeedVerb,
                    WordClass::WishVerb,
                ])
                && !(p.info.verb_forms.is_verb() && !p.info.is_noun() && !p.cap));
        if !after_np || self.tagged(prev, WordTag::ObjectCase) {
            return None;
        }
        let next = i + 1;
        let n = self.tag(next);
        // What follows a verb: an object, a complement, "to", "that".
        let noun_too = t.info.is_noun();
        // A preposition follows a plural noun as often as a verb ("calls
        // from Nan", "service to offer"): it counts only after a word that
        // is no noun.
        let verb_follows = n.classes.any(&[
            WordClass::Determiner,
            WordClass::Possessive,
            WordClass::Speaker,
            WordClass::Addressee,
            WordClass::We,
            WordClass::ThirdPerson,
            WordClass::Be,
        ]) || (n.classes.has(WordClass::Preposition) && !noun_too)
            || n.shape == Some(crate::text::Shape::Number)
            || n.classes.has(WordClass::AfterVerb)
            || (n.info.adverb && !n.info.is_noun());
        // "Home conditions to be monitored", "Visits to be recorded": a
        // plural noun before a passive "to be"; only verbs that take "to"
        // ("needs to be", "wants to be") are verbs there.
        let to_verb = [
            WordClass::WishVerb,
            WordClass::NeedVerb,
            WordClass::AimVerb,
            WordClass::PromiseVerb,
        ];
        if noun_too
            && t.info.plural
            && self.is(next, WordClass::To)
            && self.is(next + 1, WordClass::Be)
            && !t.classes.any(&to_verb)
        {
            return None;
        }
        let verb_follows = verb_follows
            || (self.is(next, WordClass::To) && self.tag(next + 1).info.verb_forms.has(VerbForms::BASE));
        let (vc, nc) = (t.info.verb_count as u32, t.info.noun_count as u32);
        // A form that is also a plural noun ("calls", "needs", "reads")
        // is a verb only with an object or complement after it.
        // After "he", "we", "they" a word that can be a verb is one.
        let after_pronoun = self.is_subject_pronoun(prev) && !self.is(prev, WordClass::Indefinite);
        let verb_likely = if after_pronoun {
            true
        } else if noun_too && t.info.plural {
            verb_follows
        } else {
            !noun_too || vc > nc || (verb_follows && vc > 0 && vc * 3 >= nc)
        };
        let third = forms.has(VerbForms::THIRD);
        let past = forms.has(VerbForms::PAST);
        let base = forms.has(VerbForms::BASE);
        // A base form after a plural subject or a pronoun ("Carers know",
        // "I want", "We worry"); after a singular noun it is not finite.
        let coordinated = (seg.first..prev)
            .rev()
            .take(16)
            .take_while(|&k| self.in_noun_phrase(k))
            .any(|k| self.joins_list(k));
        let plural_subject = self.is_pronoun(prev) && !self.is(prev, WordClass::ThirdPerson)
            || p.classes.has(WordClass::PluralSubject)
            || p.info.plural
            || coordinated
            || (p.shape == Some(crate::text::Shape::Word)
                && self.norm(prev).ends_with('s')
                && !p.info.is_known()
                && p.cap);
        let modality = if third && verb_likely {
            Modality::Present
        } else if past && verb_likely && !base {
            Modality::Past
        } else if base && plural_subject && verb_likely {
            Modality::Present
        } else {
            return None;
        };
        // "wants to", "hopes to", "agrees to", "aims to": the verb after "to"
        // is the one that says what.
        if self.is(next, WordClass::To) && self.tag(next + 1).info.verb_forms.has(VerbForms::BASE) {
            let m = if t.classes.has(WordClass::WishVerb) {
                Some(Modality::Wish)
            } else if t.classes.has(WordClass::NeedVerb) {
                // "All the children need to continue to access education":
                // a duty, as "have to".
                Some(Modality::Must)
            } else if t.classes.has(WordClass::AimVerb) {
                Some(Modality::Aim)
            } else if t.classes.has(WordClass::PromiseVerb) {
                Some(Modality::Promise)
            } else {
                None
            };
            if let Some(m) = m.filter(|_| modality == Modality::Present) {
                return Some(self.chain(i, next + 1, m, false, seg));
            }
        }
        Some(VerbGroup::single_word(i, modality))
    }

    /// "adapts to the next stage of education", "plans out the day ahead":
    /// a lower-case verb ending in -s opening the statement goes on from a
    /// stem the form printed ("The young person …"), so it is the verb of
    /// a clause whose subject was left out. A form that is also a
    /// plural noun ("plans", "calls") needs a particle or an object after it.
    fn stem_continuation(&self, i: usize) -> Option<VerbGroup> {
        let t = self.tag(i);
        if i != 0 || t.cap || !t.info.verb_forms.has(VerbForms::THIRD) {
            return None;
        }
        let n = self.tag(i + 1);
        let object_after =
            n.classes
                .any(&[WordClass::AfterVerb, WordClass::Determiner, WordClass::Possessive]);
        let verb_likely = if t.info.is_noun() {
            object_after
        } else {
            object_after || n.classes.has(WordClass::Preposition)
        };
        // Such a line describes the goal the stem sets ("can", "will"):
        // what the person aims at, not how things are.
        verb_likely.then_some(VerbGroup::single_word(i, Modality::Aim))
    }

    /// The group from `first`, its verbs starting at `j`: "would like to"
    /// and "will try to" read through, then "be"/"have" auxiliaries, then
    /// the main verb. `aux` is a finite "be" or "have" already read at `first`.
    fn chain(&self, first: usize, j: usize, modality: Modality, negated: bool, seg: &Segment) -> VerbGroup {
        self.group(first, j, modality, negated, None, seg)
    }

    fn group(
        &self,
        first: usize,
        j: usize,
        modality: Modality,
        negated: bool,
        aux: Option<usize>,
        seg: &Segment,
    ) -> VerbGroup {
        let mut g = VerbGroup {
            first,
            end: j,
            main: first,
            modality,
            negated,
            passive: false,
            perfect: false,
            progressive: false,
            copula: false,
        };
        let mut j = j;
        loop {
            let (k, neg) = self.skip_adverbs(j, seg);
            g.negated |= neg;
            j = k;
            let t = self.tag(j);
            if self.is(j + 1, WordClass::To) && self.tag(j + 2).info.verb_forms.has(VerbForms::BASE) {
                if g.modality == Modality::Would && t.classes.has(WordClass::WishVerb) {
                    g.modality = Modality::Wish;
                    j += 2;
                    continue;
                }
                if t.classes
                    .any(&[WordClass::AimVerb, WordClass::WishVerb, WordClass::PromiseVerb])
                    || t.classes.has(WordClass::NeedVerb)
                    || t.classes.has(WordClass::Catenative)
                {
                    j += 2;
                    continue;
                }
            }
            break;
        }
        // Auxiliaries: the finite one read by the caller, then "be", "have".
        let (mut be, mut have) = match aux {
            Some(a) => (self.is(a, WordClass::Be), self.is(a, WordClass::Have)),
            None => (false, false),
        };
        if let Some(a) = aux {
            g.main = a;
        }
        loop {
            let (k, neg) = self.skip_adverbs(j, seg);
            g.negated |= neg;
            j = k;
            let c = self.tag(j).classes;
            if c.has(WordClass::Be) && c.tagged(WordTag::Participle) {
                // "has been found": perfect, and passive if a participle follows.
                g.perfect |= have;
                be = true;
            } else if c.has(WordClass::Be) && (c.tagged(WordTag::Base) || c.tagged(WordTag::Ing)) {
                be = true;
            } else if c.has(WordClass::Have) && c.tagged(WordTag::Base) && !have && !be {
                have = true;
            } else {
                break;
            }
            g.main = j;
            j += 1;
        }
        let t = self.tag(j);
        let forms = t.info.verb_forms;
        let participle = t.participle();
        if j < seg.end {
            if be && forms.has(VerbForms::ING) {
                g.progressive = true;
                g.main = j;
            } else if be && participle && !t.classes.has(WordClass::StateAdjective) {
                g.passive = true;
                g.main = j;
            } else if have && participle && !t.info.is_noun() {
                g.perfect = true;
                g.main = j;
            } else if be {
                g.copula = true;
            } else if !have && (forms.is_verb() || aux.is_none()) {
                g.main = j;
            }
        } else if be {
            g.copula = true;
        }
        g.main = g.main.min(seg.end.saturating_sub(1)).max(first);
        g.end = (g.main + 1).max(first + 1);
        g
    }
}
