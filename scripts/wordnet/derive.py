#!/usr/bin/env python3
"""Derives smartplan's open-class word lists from WordNet 3.0.

Run once by a maintainer; the results are committed under
lexicons/dictionary/ (with WordNet's licence beside them), so neither a
build nor a test needs WordNet. Needs Debian's `wordnet-base`
(/usr/share/wordnet): `sudo apt-get install wordnet-base`, then
`python3 scripts/wordnet/derive.py`.

Writes, for single-word lemmas only:
  verbs.tsv       lemma, WordNet file of its commonest sense (e.g. verb.change),
                  tagged-corpus count, its forms (3rd person, past, past
                  participle, -ing) with WordNet's irregular forms
  nouns.tsv       lemma, class (person-kin, person-subject, person-work,
                  person, group, or the WordNet file of its commonest sense),
                  tagged-corpus count, whether it is only a proper name, and
                  its plural (WordNet's irregular plural where it has one)
  adjectives.tsv  lemma, count
  adverbs.tsv     lemma, count
The counts are SemCor sense-tag counts (cntlist.rev): how often the word
was seen in that part of speech, which is how the grammar weighs a word that
is both a noun and a verb ("support", "plan").
"""
import collections
import os
import re
import sys

WN = os.environ.get("WORDNET_DIR", "/usr/share/wordnet")
OUT = os.path.join(os.path.dirname(__file__), "..", "..", "lexicons", "dictionary")

LEXFILES = """adj.all adj.pert adv.all noun.Tops noun.act noun.animal noun.artifact noun.attribute
noun.body noun.cognition noun.communication noun.event noun.feeling noun.food noun.group noun.location
noun.motive noun.object noun.person noun.phenomenon noun.plant noun.possession noun.process
noun.quantity noun.relation noun.shape noun.state noun.substance noun.time verb.body verb.change
verb.cognition verb.communication verb.competition verb.consumption verb.contact verb.creation
verb.emotion verb.motion verb.perception verb.possession verb.social verb.stative verb.weather
adj.ppl""".split()

# Person nouns under these synsets (by a lemma of the synset and its file)
# take the class on the right: kin and carers are family; the people a plan
# is about are its subject (family, under the annotation guide); people by
# their work are roles.
PERSON_ROOTS = [
    ("relative", "person-kin"),
    ("spouse", "person-kin"),
    ("lover", "person-kin"),
    ("guardian", "person-kin"),
    ("caregiver", "person-kin"),
    ("student", "person-subject"),
    ("learner", "person-subject"),
    ("patient", "person-subject"),
    ("resident", "person-subject"),
    ("client", "person-subject"),
    ("juvenile", "person-subject"),
    ("adolescent", "person-subject"),
    ("worker", "person-work"),
    ("professional", "person-work"),
    ("employee", "person-work"),
    ("official", "person-work"),
    ("expert", "person-work"),
    ("specialist", "person-work"),
    ("adviser", "person-work"),
    ("educator", "person-work"),
    ("health_professional", "person-work"),
    ("therapist", "person-work"),
    ("practitioner", "person-work"),
    ("volunteer", "person-work"),
    ("leader", "person-work"),
    ("head", "person-work"),
    ("manager", "person-work"),
    ("supervisor", "person-work"),
    ("officer", "person-work"),
]


def read_data(pos):
    """synset offset -> (lexfile, [words], [hypernym offsets])"""
    out = {}
    with open(os.path.join(WN, "data." + pos), encoding="latin-1") as f:
        for line in f:
            if line.startswith("  "):
                continue
            parts = line.split()
            off, lexnum = parts[0], int(parts[1])
            wcnt = int(parts[3], 16)
            words = [parts[4 + 2 * i] for i in range(wcnt)]
            k = 4 + 2 * wcnt
            pcnt = int(parts[k])
            hyper = []
            for i in range(pcnt):
                sym, target = parts[k + 1 + 4 * i], parts[k + 2 + 4 * i]
                if sym in ("@", "@i"):
                    hyper.append(target)
            out[off] = (LEXFILES[lexnum], words, hyper)
    return out


def read_index(pos):
    """lemma -> [synset offsets], commonest sense first"""
    out = {}
    with open(os.path.join(WN, "index." + pos), encoding="latin-1") as f:
        for line in f:
            if line.startswith("  "):
                continue
            parts = line.split()
            lemma, scnt, pcnt = parts[0], int(parts[2]), int(parts[3])
            out[lemma] = parts[-scnt:]
    return out


def counts():
    """(lemma, pos letter) -> SemCor tag count"""
    out = collections.Counter()
    kinds = {"1": "n", "2": "v", "3": "a", "4": "r", "5": "a"}
    with open(os.path.join(WN, "cntlist.rev"), encoding="latin-1") as f:
        for line in f:
            key, _, n = line.split()
            lemma, rest = key.split("%")
            out[(lemma, kinds[rest[0]])] += int(n)
    return out


def single(lemma):
    return re.fullmatch(r"[a-z][a-z'-]*[a-z]", lemma) is not None


def verb_forms(lemma, irregular):
    """3rd person, past, past participle, -ing: WordNet's irregular forms
    where it has them, the regular rules otherwise."""
    if lemma.endswith(("s", "x", "z", "ch", "sh")) or lemma in ("go", "do"):
        third = lemma + "es"
    elif re.search(r"[^aeiou]y$", lemma):
        third = lemma[:-1] + "ies"
    else:
        third = lemma + "s"
    if lemma.endswith("e"):
        past = lemma + "d"
    elif re.search(r"[^aeiou]y$", lemma):
        past = lemma[:-1] + "ied"
    else:
        past = lemma + "ed"
    if lemma.endswith("ie"):
        ing = lemma[:-2] + "ying"
    elif lemma.endswith("e") and not lemma.endswith(("ee", "ye", "oe")) and len(lemma) > 2:
        ing = lemma[:-1] + "ing"
    else:
        ing = lemma + "ing"
    forms = {"third": third, "past": past, "participle": past, "ing": ing}
    for form in irregular.get(lemma, ()):
        if form.endswith("ing"):
            forms["ing"] = form
        elif form.endswith(("s",)) and not form.endswith(("ss",)) and form.startswith(lemma[:2]) and len(form) <= len(lemma) + 3 and not form.endswith("ed"):
            forms["third"] = form
        elif form.endswith(("en", "wn", "ne")):
            forms["participle"] = form
        else:
            forms["past"] = form
            if forms["participle"] == past:
                forms["participle"] = form
    return forms


def main():
    cnt = counts()
    os.makedirs(OUT, exist_ok=True)

    irregular = collections.defaultdict(list)
    with open(os.path.join(WN, "verb.exc"), encoding="latin-1") as f:
        for line in f:
            form, lemma = line.split()[:2]
            if single(form) and single(lemma):
                irregular[lemma].append(form)
    vdata, vindex = read_data("verb"), read_index("verb")
    with open(os.path.join(OUT, "verbs.tsv"), "w") as f:
        f.write("# lemma\tclass\tcount\tthird past participle ing (from WordNet 3.0; see README.md)\n")
        for lemma in sorted(vindex):
            if not single(lemma):
                continue
            lexfile = vdata[vindex[lemma][0]][0].removeprefix("verb.")
            fm = verb_forms(lemma, irregular)
            f.write(f"{lemma}\t{lexfile}\t{cnt[(lemma, 'v')]}\t{fm['third']} {fm['past']} {fm['participle']} {fm['ing']}\n")

    ndata, nindex = read_data("noun"), read_index("noun")
    roots = {}
    for off, (lexfile, words, _) in ndata.items():
        if lexfile != "noun.person":
            continue
        for w in words:
            for name, cls in PERSON_ROOTS:
                if w.lower() == name:
                    roots.setdefault(off, cls)
    memo = {}

    def person_class(off, depth=0):
        if off in memo:
            return memo[off]
        if off in roots:
            return roots[off]
        if depth > 30:
            return None
        cls = None
        for h in ndata[off][2]:
            if h in ndata:
                c = person_class(h, depth + 1)
                if c and (cls is None or c == "person-kin"):
                    cls = c
        memo[off] = cls
        return cls

    plural_of = {}
    with open(os.path.join(WN, "noun.exc"), encoding="latin-1") as f:
        for line in f:
            form, lemma = line.split()[:2]
            if single(form) and single(lemma):
                plural_of.setdefault(lemma, form)
    # WordNet lists these with the lemma's own entry, not in noun.exc.
    for lemma, form in (("man", "men"), ("woman", "women"), ("person", "people"), ("child", "children")):
        plural_of.setdefault(lemma, form)

    def plural(lemma):
        if lemma in plural_of:
            return plural_of[lemma]
        if lemma.endswith(("s", "x", "z", "ch", "sh")):
            return lemma + "es"
        if re.search(r"[^aeiou]y$", lemma):
            return lemma[:-1] + "ies"
        return lemma + "s"

    with open(os.path.join(OUT, "nouns.tsv"), "w") as f:
        f.write("# lemma\tclass\tcount\tproper\tplural (from WordNet 3.0; see README.md)\n")
        for lemma in sorted(nindex):
            if not single(lemma):
                continue
            senses = nindex[lemma]
            # Only a proper name when every sense writes it with a capital.
            proper = all(
                all(w[0].isupper() for w in ndata[s][1] if w.lower() == lemma) for s in senses
            )
            first = ndata[senses[0]][0]
            cls = first
            person = [s for s in senses if ndata[s][0] == "noun.person"]
            if first == "noun.person" or (person and senses.index(person[0]) <= 1):
                # The commonest person sense decides ("woman" is an adult,
                # not the charwoman of a rarer sense).
                cls = person_class(person[0]) or "person"
            elif first == "noun.group":
                cls = "group"
            cls = cls.removeprefix("noun.")
            f.write(f"{lemma}\t{cls}\t{cnt[(lemma, 'n')]}\t{'proper' if proper else ''}\t{plural(lemma)}\n")

    for pos, name in (("adj", "adjectives"), ("adv", "adverbs")):
        index = read_index(pos)
        letter = "a" if pos == "adj" else "r"
        with open(os.path.join(OUT, name + ".tsv"), "w") as f:
            f.write("# lemma\tcount (from WordNet 3.0; see README.md)\n")
            for lemma in sorted(index):
                if single(lemma):
                    f.write(f"{lemma}\t{cnt[(lemma, letter)]}\n")


if __name__ == "__main__":
    sys.exit(main())
