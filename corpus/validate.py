"""Check the labelled corpus files: statements, seeds, plan-types and real-world.

Usage: python3 corpus/validate.py [--warn] [--counts] [FILE.jsonl ...]

With no FILE, checks the four corpus files. A FILE whose name starts with
"seeds" is checked as a seeds file; one starting with "real-world" has no
as_of, dates or tags but a `source` (and may carry `corrected_by`, `note`).
`plan_type` may follow `tags` on any line.
--counts prints the Markdown count tables that corpus/README.md shows.

Hard errors: bad JSON, wrong keys or key order, duplicate ids, bad label
values, spans that are not exact substrings of `text`, `dates` keys that are
not timescale spans, dates that disagree with the date rules below, a
resolvable deadline span with no `dates` entry, inconsistent flags
(owner none <-> no owner spans, concern with owner or timescale, measure <->
measure spans, vague true without terms).
--warn also lists words from the vague lexicon, digits and time words that
no span covers, for a person to review (many are deliberate traps).

The date rules (resolve()) are the ones the labels were made with: day-first,
two-digit years are 20xx, no year = next occurrence on/after as_of, month +
year ("Jan 2026", "by July 26") = last day of that month, "by July" = last
day of the next July, within/in N weeks = +7N days, N working days = Mon-Fri
only, N months = same day N months on (clamped), end of (next) month = its
last day, w/c = that Monday.  Event and school-period deadlines get no date.
Added with plan-types.jsonl: a day and month with no year ("by 30.6",
"on 4/6") = next occurrence on/after as_of; a weekday ("by Friday", "on
Monday") = the next such day on/after as_of; "tomorrow" = as_of + 1;
"next week" / "the end of next week" = the Sunday that ends next week
(weeks run Monday to Sunday); "this month" = the last day of as_of's month.
"""
import calendar
import datetime as dt
import json
import os
import re
import sys
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))


MONTHS = {
    'jan': 1, 'january': 1, 'feb': 2, 'february': 2, 'mar': 3, 'march': 3,
    'apr': 4, 'april': 4, 'may': 5, 'jun': 6, 'june': 6, 'jul': 7, 'july': 7,
    'aug': 8, 'august': 8, 'sep': 9, 'sept': 9, 'september': 9, 'oct': 10,
    'october': 10, 'nov': 11, 'november': 11, 'dec': 12, 'december': 12,
}
NUMW = {'a': 1, 'an': 1, 'one': 1, 'two': 2, 'three': 3, 'four': 4, 'five': 5,
        'six': 6, 'seven': 7, 'eight': 8, 'nine': 9, 'ten': 10, 'eleven': 11,
        'twelve': 12, 'fourteen': 14, 'twenty': 20, 'twenty-eight': 28}

WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday']
PREP = r'^(?:by|before|until|till|within|in|on|from|starting|no later than|over the next|the)\s+'
MON = r'(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)'


def last_day(y, m):
    return calendar.monthrange(y, m)[1]


def add_months(d, n):
    m = d.month - 1 + n
    y = d.year + m // 12
    m = m % 12 + 1
    return dt.date(y, m, min(d.day, last_day(y, m)))


def add_working_days(d, n):
    cur = d
    while n > 0:
        cur += dt.timedelta(days=1)
        if cur.weekday() < 5:
            n -= 1
    return cur


def num(s):
    s = s.lower()
    return int(s) if s.isdigit() else NUMW[s]


def year(y):
    y = int(y)
    return 2000 + y if y < 100 else y


def next_occurrence(as_of, m, day):
    y = as_of.year
    d = dt.date(y, m, day)
    if d < as_of:
        d = dt.date(y + 1, m, day)
    return d


def resolve(span, as_of):
    """Return (date, fmt) for a deadline span, or (None, None)."""
    if isinstance(as_of, str):
        as_of = dt.date.fromisoformat(as_of)
    s = span.strip().lower().replace('\u2019', "'")
    core = s
    while True:
        n = re.sub(PREP, '', core)
        if n == core:
            break
        core = n
    # numeric day-first dates
    m = re.fullmatch(r'(\d{1,2})([./-])(\d{1,2})\2(\d{2}|\d{4})', core)
    if m:
        fmt = {'.': 'date:dotted', '/': 'date:slash', '-': 'date:dashed'}[m.group(2)]
        return dt.date(year(m.group(4)), int(m.group(3)), int(m.group(1))), fmt
    # by 30.6 / on 4/6: day and month, no year -> next occurrence on/after as_of.
    # Only after a preposition, so "24/7" stays a frequency.
    m = re.fullmatch(r'(\d{1,2})([./])(\d{1,2})', core)
    if m and core != s and 1 <= int(m.group(3)) <= 12:
        return next_occurrence(as_of, int(m.group(3)), int(m.group(1))), 'date:day-month'
    # near days: a weekday, tomorrow, next week, this month
    m = re.fullmatch(r'(monday|tuesday|wednesday|thursday|friday|saturday|sunday)', core)
    if m:
        wd = WEEKDAYS.index(m.group(1))
        return as_of + dt.timedelta(days=(wd - as_of.weekday()) % 7), 'relative:weekday'
    if core == 'tomorrow':
        return as_of + dt.timedelta(days=1), 'relative:tomorrow'
    if core in ('next week', 'end of next week'):
        return as_of + dt.timedelta(days=13 - as_of.weekday()), 'relative:next-week'
    if core == 'this month':
        return dt.date(as_of.year, as_of.month, last_day(as_of.year, as_of.month)), 'relative:end-of-month'
    # w/c 14th April (2025)
    m = re.fullmatch(r'(?:w/c|week commencing)\s+(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?' + MON + r'(?:,?\s+(\d{4}|\d{2}))?', core)
    if m:
        mo = MONTHS[m.group(2)]
        d = dt.date(year(m.group(3)), mo, int(m.group(1))) if m.group(3) else next_occurrence(as_of, mo, int(m.group(1)))
        assert d.weekday() == 0, (span, d, 'w/c date is not a Monday')
        return d, 'date:week-commencing'
    # 3rd March 2025 / 3 Mar 25 / 1st of June / 30 April
    m = re.fullmatch(r'(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day\s+)?(\d{1,2})(st|nd|rd|th)?\s+(of\s+)?' + MON + r'\.?(?:,?\s+(\d{4}|\d{2}))?', core)
    if m:
        mo = MONTHS[m.group(4)]
        day = int(m.group(1))
        if m.group(5):
            d = dt.date(year(m.group(5)), mo, day)
            full = m.group(4) in ('january', 'february', 'march', 'april', 'may', 'june', 'july',
                                  'august', 'september', 'october', 'november', 'december')
            fmt = 'date:written' if full else 'date:abbrev-month'
        else:
            d = next_occurrence(as_of, mo, day)
            fmt = 'date:no-year'
        return d, fmt
    # April 30th (month first, no year) -- used sparingly
    m = re.fullmatch(MON + r'\s+(\d{1,2})(st|nd|rd|th)(?:,?\s+(\d{4}))?', core)
    if m:
        mo = MONTHS[m.group(1)]
        day = int(m.group(2))
        d = dt.date(int(m.group(4)), mo, day) if m.group(4) else next_occurrence(as_of, mo, day)
        return d, 'date:month-first'
    # Month year: Jan 2026 / July 26  -> last day of that month (corpus decision)
    m = re.fullmatch(r'(?:the end of\s+)?' + MON + r"\s+('?\d{2}|\d{4})", core)
    if m:
        mo = MONTHS[m.group(1)]
        y = year(m.group(2).lstrip("'"))
        return dt.date(y, mo, last_day(y, mo)), ('date:month-year' if len(m.group(2)) == 4 else 'date:month-yy')
    # end of next month / end of the month / end of March
    if core in ('end of next month', 'the end of next month'):
        d = add_months(dt.date(as_of.year, as_of.month, 1), 1)
        return dt.date(d.year, d.month, last_day(d.year, d.month)), 'relative:end-of-next-month'
    if core in ('end of the month', 'the end of the month', 'end of this month', 'the end of this month'):
        return dt.date(as_of.year, as_of.month, last_day(as_of.year, as_of.month)), 'relative:end-of-month'
    m = re.fullmatch(r'(?:the )?end of ' + MON, core)
    if m:
        mo = MONTHS[m.group(1)]
        y = as_of.year if mo >= as_of.month else as_of.year + 1
        return dt.date(y, mo, last_day(y, mo)), 'date:end-of-month-name'
    # bare month name: "by July" -> last day of next July on/after as_of
    m = re.fullmatch(MON, core)
    if m:
        mo = MONTHS[m.group(1)]
        y = as_of.year if mo >= as_of.month else as_of.year + 1
        return dt.date(y, mo, last_day(y, mo)), 'date:month-only'
    # relative
    m = re.fullmatch(r'(\d+|[a-z-]+)\s+(working days|days|weeks|wks|months|week|month|fortnight)', core)
    if m:
        if not (m.group(1).isdigit() or m.group(1) in NUMW):
            return None, None
        n = num(m.group(1))
        unit = m.group(2)
        if unit == 'working days':
            return add_working_days(as_of, n), 'relative:working-days'
        if unit == 'days':
            return as_of + dt.timedelta(days=n), 'relative:days'
        if unit in ('weeks', 'wks', 'week'):
            return as_of + dt.timedelta(days=7 * n), 'relative:weeks'
        if unit == 'fortnight':
            return as_of + dt.timedelta(days=14 * n), 'relative:weeks'
        return add_months(as_of, n), 'relative:months'
    return None, None


KEYS = ['id', 'text', 'as_of', 'kind', 'owner', 'owner_spans', 'timescale', 'timescale_spans',
        'dates', 'measure', 'measure_spans', 'vague', 'vague_terms', 'source_label', 'tags']
PLAN_TYPES = {'ehcp', 'iep', 'pep', 'pathway', 'youth-justice', 'outcome-framework',
              'adult-care', 'signs-of-safety', 'safety-plan'}
REAL_WORLD_KEYS = ['id', 'text', 'kind', 'owner', 'owner_spans', 'timescale', 'timescale_spans', 'measure',
                   'measure_spans', 'vague', 'vague_terms', 'source', 'source_label']
VALUES = {
    'kind': {'outcome', 'action', 'mixed', 'concern'},
    'owner': {'named', 'family', 'role', 'agency', 'collective', 'none'},
    'timescale': {'deadline', 'frequency', 'both', 'vague', 'none'},
    'source_label': {'good', 'poor', 'unlabelled'},
}
VAGUE_LEX = r"\b(support\w*|engag\w*|work with|work together|monitor\w*|liais\w*|continue to|ensur\w*|encourag\w*|access\w*|opportunit\w*|regular\w*|as required|as appropriate|where needed|when needed|as needed|as and when|ongoing|as soon as possible|asap|in due course|improv\w*|develop\w*|better|more|appropriate\w*|adequate\w*|suitabl\w*|stable|positive\w*|potential|feel\w* safe|safe\w*|basic needs|maintain\w*|will try to|hopefully|where applicable|where appropriate|tbc|soon|until further notice|when appropriate|if possible|will aim to|aim to|less|reduc\w*|happier)\b"
TIME_LEX = r"\b(daily|weekly|fortnightly|monthly|every|each|by|within|until|before|ongoing|regularly|asap|soon|tbc|twice|times a|w/c|over the next|at all times|24/7|never|starting|from|annually|termly|nightly|always)\b"


def spans_ok(text, spans):
    return all(isinstance(s, str) and s and s in text for s in spans)


def check(path, seeds=False, warn=False):
    # real-world.jsonl has no as_of, dates or tags, and names its publisher.
    real_world = os.path.basename(path).startswith('real-world')
    errs, warns = [], []
    ids = set()
    recs = []
    with open(path, encoding='utf-8') as fh:
        for n, line in enumerate(fh, 1):
            try:
                r = json.loads(line)
            except Exception as e:  # noqa: BLE001
                errs.append(f'{path}:{n}: bad JSON {e}')
                continue
            recs.append(r)
            rid = r.get('id')
            extra = {'pair', 'seed'} if seeds else {'corrected_by', 'note'} if real_world else set()
            keys = [k for k in r if k not in extra]
            if keys[-1:] == ['plan_type']:
                keys = keys[:-1]
                if r['plan_type'] not in PLAN_TYPES:
                    errs.append(f'{rid}: plan_type={r["plan_type"]!r}')
            if keys != (REAL_WORLD_KEYS if real_world else KEYS):
                errs.append(f'{rid}: keys {keys}')
                continue
            if seeds and 'seed' not in r:
                errs.append(f'{rid}: no seed key')
            if rid in ids:
                errs.append(f'{rid}: duplicate id')
            ids.add(rid)
            for k, vals in VALUES.items():
                if r[k] not in vals:
                    errs.append(f'{rid}: {k}={r[k]!r}')
            t = r['text']
            for k in ('owner_spans', 'timescale_spans', 'measure_spans', 'vague_terms'):
                if not isinstance(r[k], list) or not spans_ok(t, r[k]):
                    errs.append(f'{rid}: {k} not substrings: {r[k]}')
                if len(set(r[k])) != len(r[k]):
                    errs.append(f'{rid}: {k} has duplicates')
            if (r['owner'] == 'none') != (r['owner_spans'] == []):
                errs.append(f'{rid}: owner/owner_spans mismatch')
            if r['kind'] == 'concern' and r['owner'] != 'none':
                errs.append(f'{rid}: concern with owner')
            if r['kind'] == 'concern' and r['timescale'] != 'none':
                errs.append(f'{rid}: concern with timescale')
            if (r['timescale'] == 'none') != (r['timescale_spans'] == []):
                errs.append(f'{rid}: timescale/spans mismatch')
            if r['measure'] != bool(r['measure_spans']):
                errs.append(f'{rid}: measure/spans mismatch')
            if r['vague'] and not r['vague_terms']:
                errs.append(f'{rid}: vague without terms')
            if real_world:
                continue
            try:
                as_of = dt.date.fromisoformat(r['as_of'])
            except Exception:  # noqa: BLE001
                errs.append(f'{rid}: bad as_of')
                continue
            if not seeds and not (dt.date(2024, 1, 1) <= as_of <= dt.date(2026, 12, 31)):
                errs.append(f'{rid}: as_of outside 2024-2026')
            if not isinstance(r['dates'], dict):
                errs.append(f'{rid}: dates not an object')
                continue
            for span, iso in r['dates'].items():
                if span not in r['timescale_spans']:
                    errs.append(f'{rid}: dates key {span!r} not a timescale span')
                d, _ = resolve(span, as_of)
                if d is None or d.isoformat() != iso:
                    errs.append(f'{rid}: date {span!r} -> {iso}, rule gives {d}')
                if dt.date.fromisoformat(iso) < as_of:
                    warns.append(f'{rid}: date {iso} before as_of {as_of}')
            if r['timescale'] in ('deadline', 'both') and r['dates'] == {} and not any(
                    re.search(r'review|core group|rcpc|term|year|stage|born|birth|discharge|conference|holiday|hearing|court|easter|christmas|xmas|summer|quarter|release|order|turns|college|surgery|healed|reception|semester|grading|straight away|\[date\]|ks\d|key stage|y\d|plan|course|visit|pep|meeting|session|assessment|referral|call-out|icpc|leave|move|start|immediately|appointment|programme|transfer|panel|exam|gcse|finish|age|old|strategy|month|week|day|request|referral|tbc', s, re.I)
                    for s in r['timescale_spans']):
                warns.append(f'{rid}: deadline with no date and no event word: {r["timescale_spans"]}')
            for s in r['timescale_spans']:
                d, _ = resolve(s, as_of)
                if d is not None and s not in r['dates']:
                    errs.append(f'{rid}: span {s!r} resolves to {d} but no dates entry')
            if warn:
                covered = ''.join(r['vague_terms']).lower()
                for m in re.finditer(VAGUE_LEX, t, re.I):
                    w = m.group(0)
                    if w.lower() not in covered and not re.search(r'(no|than|any) ?$', t[:m.start()].lower()[-6:]):
                        warns.append(f'{rid}: vague-lex {w!r} not listed | {t}')
                allspans = r['timescale_spans'] + r['measure_spans'] + r['owner_spans']
                for m in re.finditer(r'\d+', t):
                    if not any(s in t and t.find(s) <= m.start() < t.find(s) + len(s) for s in allspans):
                        warns.append(f'{rid}: digit {m.group(0)!r} uncovered | {t}')
                for m in re.finditer(TIME_LEX, t, re.I):
                    if not any(t.find(s) <= m.start() < t.find(s) + len(s) for s in r['timescale_spans']):
                        warns.append(f'{rid}: time-word {m.group(0)!r} uncovered | {t}')
    return recs, errs, warns


def counts(recs):
    out = {}
    for k in ('kind', 'owner', 'timescale', 'measure', 'vague', 'source_label'):
        out[k] = Counter(str(r[k]).lower() for r in recs)
    if any('plan_type' in r for r in recs):
        out['plan_type'] = Counter(r.get('plan_type', '-') for r in recs)
    out['has_dates'] = Counter(bool(r.get('dates')) for r in recs)
    return out


def counts_markdown(path, recs):
    """The count tables corpus/README.md shows for one file."""
    c = counts(recs)
    lines = [f'`{os.path.basename(path)}` ({len(recs)}):', '', '| field | counts |', '|---|---|']
    for k, v in c.items():
        if k == 'has_dates':
            continue
        lines.append(f'| {k} | ' + ', '.join(f'{a} {b}' for a, b in sorted(v.items())) + ' |')
    spans = sum(len(r.get('dates', {})) for r in recs)
    if spans:
        lines.append(f'| records with a `dates` entry | {c["has_dates"][True]} ({spans} dated spans) |')
    if 'plan_type' in c:
        # the wording classes the file was written to cover
        tags = Counter(t for r in recs for t in r['tags'] if not t.startswith('freq:'))
        lines += ['', '| tag | count |', '|---|---|']
        lines += [f'| {t} | {n} |' for t, n in sorted(tags.items()) if n >= 3]
    return '\n'.join(lines)


if __name__ == '__main__':
    warn = '--warn' in sys.argv
    show_counts = '--counts' in sys.argv
    paths = [a for a in sys.argv[1:] if not a.startswith('--')]
    if paths:
        files = [(p, os.path.basename(p).startswith('seeds')) for p in paths]
    else:
        files = [(os.path.join(HERE, 'statements.jsonl'), False), (os.path.join(HERE, 'seeds.jsonl'), True),
                 (os.path.join(HERE, 'plan-types.jsonl'), False), (os.path.join(HERE, 'real-world.jsonl'), False)]
    total_errs = 0
    for path, seeds in files:
        try:
            recs, errs, warns = check(path, seeds, warn)
        except FileNotFoundError:
            print(f'{path}: missing')
            total_errs += 1
            continue
        print(f'{path}: {len(recs)} records, {len(errs)} errors, {len(warns)} warnings')
        for e in errs:
            print('  ERROR', e)
        for w in warns:
            print('  warn ', w)
        total_errs += len(errs)
        for k, c in counts(recs).items():
            print(f'  {k}: {dict(sorted(c.items()))}')
        if show_counts:
            print()
            print(counts_markdown(path, recs))
            print()
    sys.exit(1 if total_errs else 0)
