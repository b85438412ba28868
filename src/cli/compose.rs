//! Statements composed from parts, for `smartplan generate --distinct`: an
//! export in which nearly every statement is new, as in real plans written by
//! hand, so that a benchmark measures the analyser and not the repeat cache.
//!
//! Every part is invented. The shapes follow the bundled corpora (needs and
//! dangers, outcomes with and without measures, IEP-style goals, actions with
//! an owner, a deadline or a frequency, vague actions, strengths,
//! contingencies, first-person goals), and the lengths theirs: most 40–180
//! characters, a few long ones.

use std::fmt::Write;

/// splitmix64: small, fast and the same on every platform.
/// (Here, not in `generate`, so that `generate` imports this module and not the reverse.)
pub(super) struct Rng(pub(super) u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    pub(super) fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    pub(super) fn pick<'a>(&mut self, v: &[&'a str]) -> &'a str {
        v[self.below(v.len())]
    }
}

const CHILDREN: &[&str] = &[
    "Ava", "Leo", "Jayden", "Mia", "Noah", "Ruby", "Kai", "Isla", "Finn", "Zara", "Kian", "Ella", "Tyler",
    "Amy", "Callum", "Maya", "Oscar", "Lily", "Reece", "Aisha", "Tomas", "Priya", "Jack", "Sofia", "Harvey",
    "Keira", "Mason", "Hannah", "Ethan", "Chloe", "Theo", "Evie", "Jordan", "Nia", "Logan", "Freya", "Dylan",
    "Amira", "Riley", "Grace",
];
const SURNAMES: &[&str] = &[
    "Patel", "Khan", "Jones", "Smith", "Okafor", "Nowak", "Evans", "Hughes", "Begum", "Clarke", "Ahmed",
    "Murphy", "Wilson", "Taylor", "Roberts", "Ali", "Price", "Davies", "Kowalski", "Brown",
];
const TITLES: &[&str] = &["Ms", "Mr", "Mrs", "Dr", "Miss"];
/// Adults in the family, as plans name them.
const FAMILY: &[&str] = &[
    "Mum",
    "Dad",
    "Nan",
    "Grandad",
    "Grandma",
    "Aunt Lou",
    "Uncle Sam",
    "Mum's partner",
    "Dad's partner",
    "Stepdad",
    "Grandma Pat",
    "the foster carer",
    "Auntie Jo",
    "Mum's boyfriend",
];
/// Several adults, as owners only (they take "to" or "will", never "has").
const FAMILIES: &[&str] = &["the parents", "the carers", "the foster carers", "Mum and Dad"];
/// What narrows a concern: when, where, how often, who said so.
const CONCERN_TAILS: &[&str] = &[
    "",
    " since {month}",
    " at weekends",
    " when {family} has been drinking",
    ", as {service} reported on {date}",
    " according to {service}",
    " over the last {k} weeks",
    ", and this has happened {k} times since {month}",
    " after contact with {family}",
    ", which {family} does not accept",
];
/// Professionals and services, abbreviated and spelt out.
const SERVICES: &[&str] = &[
    "SW",
    "Social worker",
    "the social worker",
    "School",
    "The school",
    "Health visitor",
    "School nurse",
    "GP",
    "CAMHS",
    "Early help worker",
    "EHW",
    "Family support worker",
    "Drug and alcohol service",
    "Housing officer",
    "Youth offending worker",
    "YOT worker",
    "SENCO",
    "Class teacher",
    "Personal adviser",
    "IRO",
    "Police",
    "Midwife",
    "Speech and language therapist",
    "Domestic abuse worker",
    "Independent visitor",
    "Virtual school",
    "Children's centre",
    "Key worker",
];
const SUBJECTS_OF_CARE: &[&str] = &[
    "attendance",
    "behaviour",
    "sleep",
    "weight",
    "reading",
    "speech",
    "mood",
];
const MONTHS: &[&str] = &[
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const MONTHS_SHORT: &[&str] = &[
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];
const WEEKDAYS: &[&str] = &["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"];
const ACTION_VERBS: &[&str] = &[
    "attend", "complete", "arrange", "book", "visit", "ring", "meet", "share", "write", "review", "refer",
    "take", "collect", "check", "record", "support", "agree", "update", "send", "hold",
];
const ACTION_OBJECTS: &[&str] = &[
    "all {n} sessions of the parenting programme",
    "the Freedom Programme",
    "a referral to CAMHS",
    "{child}'s dental appointment",
    "the core group meeting",
    "a home visit and see {child} on their own",
    "the housing application",
    "a safety plan with {child}",
    "the school attendance meeting",
    "{child} to the speech and language clinic",
    "the results of the hair strand test with the core group",
    "an up-to-date chronology",
    "a family group conference",
    "the paediatric assessment",
    "{child}'s bedtime routine chart",
    "a budget plan with the family",
    "the EHCP annual review",
    "{child}'s views for the review",
    "a direct work session with {child} about their worries",
    "the pathway plan with {child}",
    "a contact arrangement with {child}'s brothers",
    "{n} supervised contact sessions a week",
    "the health assessment",
    "the parenting assessment",
];
const VAGUE_ACTIONS: &[&str] = &[
    "engage with services",
    "work with professionals",
    "continue to monitor the situation",
    "support the family as needed",
    "ensure appropriate support is in place",
    "keep the home tidy where possible",
    "try to improve things at home",
    "liaise with relevant agencies",
    "provide support as and when required",
    "consider a referral if appropriate",
    "be more consistent with boundaries",
    "look into options for housing",
];
const VAGUE_TIMES: &[&str] = &[
    "",
    " asap",
    " ongoing",
    " going forward",
    " in due course",
    " when possible",
    " regularly",
];
/// What a vague action is about, when it says.
const VAGUE_REASONS: &[&str] = &[
    "",
    " around {child}'s school attendance",
    " to keep {child} safe",
    " about the state of the home",
    " regarding {family}'s drinking",
    " so {child}'s needs are met",
    " following the incident in {month}",
];
const PURPOSES: &[&str] = &[
    "",
    "",
    ", so that {child} feels safe at home",
    " to agree who the children can call when they are worried",
    " so that {family} knows what to do if things go wrong",
    ", so the wider family can say how they will help",
    " to check that {child} is eating properly",
    ", and tell the social worker if {child} is absent",
];
const OUTCOME_SKILLS: &[&str] = &[
    "read {n} words per minute",
    "attend school at least {p}% of the time",
    "go to bed by {hour}pm on school nights",
    "use the toilet independently",
    "say when she feels unsafe and who she can tell",
    "write his name using correct letter formation",
    "travel to college on the bus on their own",
    "cook a simple meal for themselves",
    "manage a weekly budget of £{n}",
    "take part in {n} after-school clubs a week",
    "follow a two-step instruction",
    "blend the sounds in three-letter words",
    "wait for his turn in a group game",
    "keep a sleep diary every night",
    "have no more than {k} incidents of aggression a week",
];
const VAGUE_OUTCOMES: &[&str] = &[
    "be happier",
    "feel safe at home",
    "have improved behaviour",
    "be supported to reach their potential",
    "make good progress",
    "be more settled",
    "have their needs met",
    "be healthier",
    "do better at school",
];
/// Where or with whom an outcome holds.
const SETTINGS: &[&str] = &[
    "",
    " at home",
    " at school",
    " at nursery",
    " when staying with {family}",
    " in class and at break times",
    " with the support of {service}",
    " while living with {family}",
];
const TOOLS: &[&str] = &[
    "teacher observation",
    "the school attendance register",
    "a one-minute fluency probe",
    "behaviour data",
    "work samples and OT data",
    "the sleep diary",
    "the health visitor's records",
    "weekly progress notes",
];
const CONCERNS: &[&str] = &[
    "{family} has been drinking most evenings",
    "there have been arguments between the adults that {child} has heard",
    "{child} has missed {n} days of school since {month}",
    "{family} says there is little food in the house at the end of the month",
    "{child}'s weight has dropped and {family} missed {k} health appointments",
    "{family} finds it hard to manage {child}'s behaviour",
    "{child} has been going missing overnight",
    "the police were called to the house {k} times in {month}",
    "{child} is not yet speaking in sentences",
    "{family} has not engaged with the drug and alcohol service",
    "{child} has told school that they are scared to go home",
    "the home is cold and damp and {child} shares a bed with {k} others",
];
const HARMS: &[&str] = &[
    "could be hurt",
    "may not be kept safe",
    "could miss out on learning",
    "may become withdrawn",
    "could be exploited",
];
const STRENGTHS: &[&str] = &[
    "{family} takes {child} to school on time most days",
    "{family} has stayed sober for {k} months and {child} says things are calmer",
    "{family} picks {child} up from school every {weekday}",
    "{child} has a warm relationship with {family}, who visits every weekend",
    "{family} has kept every appointment with the health visitor since {month}",
    "{child} enjoys football club and goes every {weekday}",
];
const TRIGGERS: &[&str] = &[
    "{family} has been drinking",
    "Dad comes to the house",
    "the plan is not working",
    "{child} goes missing",
    "{child} does not arrive at school by 10am",
    "{family} feels unable to cope",
];
const RESPONSES: &[&str] = &[
    "ring {family}, who will collect the children",
    "call the police on 999",
    "tell the social worker",
    "call a core group meeting",
    "ring the emergency duty team",
];

struct Composer<'a> {
    r: &'a mut Rng,
    child: &'static str,
}

impl Composer<'_> {
    fn num(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.r.below(hi - lo + 1)
    }

    /// Fills `{child}`, `{family}`, `{n}`, `{k}`, `{p}`, `{hour}`, `{month}`, `{weekday}`.
    fn fill(&mut self, template: &str, out: &mut String) {
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let close = open + rest[open..].find('}').expect("templates close their braces");
            match &rest[open + 1..close] {
                "child" => out.push_str(self.child),
                "family" => out.push_str(self.r.pick(FAMILY)),
                "n" => write!(out, "{}", self.num(2, 60)).unwrap(),
                "k" => write!(out, "{}", self.num(1, 9)).unwrap(),
                "p" => write!(out, "{}", self.num(70, 98)).unwrap(),
                "hour" => write!(out, "{}", self.num(7, 9)).unwrap(),
                "month" => out.push_str(self.r.pick(MONTHS)),
                "weekday" => out.push_str(self.r.pick(WEEKDAYS)),
                "service" => out.push_str(self.r.pick(SERVICES)),
                "date" => self.date(out),
                other => unreachable!("no such slot {other}"),
            }
            rest = &rest[close + 1..];
        }
        out.push_str(rest);
    }

    fn pick_fill(&mut self, parts: &[&str], out: &mut String) {
        let t = self.r.pick(parts);
        self.fill(t, out);
    }

    /// A named owner: a family member, a service, a title and surname, or a first name and role.
    fn owner(&mut self, out: &mut String) {
        match self.r.below(10) {
            0 => out.push_str(self.r.pick(FAMILIES)),
            1 | 2 => out.push_str(self.r.pick(FAMILY)),
            3..=6 => out.push_str(self.r.pick(SERVICES)),
            7 => {
                let (t, s) = (self.r.pick(TITLES), self.r.pick(SURNAMES));
                write!(out, "{t} {s}").unwrap();
            }
            8 => out.push_str(self.child),
            _ => {
                let (n, s) = (self.r.pick(CHILDREN), self.r.pick(SURNAMES));
                write!(out, "{n} {s} ({})", self.r.pick(&["EHW", "SW", "FSW", "PA"])).unwrap();
            }
        }
    }

    /// A date in one of the forms plans use.
    fn date(&mut self, out: &mut String) {
        let (d, m, y) = (self.num(1, 28), self.num(1, 12), self.num(2024, 2027));
        match self.r.below(6) {
            0 | 1 => write!(out, "{d:02}/{m:02}/{y}").unwrap(),
            2 => write!(out, "{y}-{m:02}-{d:02}").unwrap(),
            3 => write!(out, "{d} {} {y}", MONTHS[m - 1]).unwrap(),
            4 => write!(out, "{} {y}", MONTHS_SHORT[m - 1]).unwrap(),
            _ => write!(out, "{} {d}, {y}", MONTHS[m - 1]).unwrap(),
        }
    }

    /// A timescale, or none: deadlines, periods, frequencies and vague times.
    fn timescale(&mut self, out: &mut String) {
        match self.r.below(12) {
            0..=2 => {
                out.push_str(" by ");
                self.date(out);
            }
            3 => write!(out, " within {} weeks", self.num(2, 12)).unwrap(),
            4 => write!(out, " within {} working days", self.num(2, 20)).unwrap(),
            5 => out.push_str(self.r.pick(&[
                " weekly",
                " every two weeks",
                " fortnightly",
                " monthly",
                " daily",
            ])),
            6 => write!(out, " every {}", self.r.pick(WEEKDAYS)).unwrap(),
            7 => out.push_str(self.r.pick(&[
                " before the next review",
                " by the end of term",
                " by the next core group",
            ])),
            8 => out.push_str(self.r.pick(VAGUE_TIMES)),
            _ => {}
        }
    }

    fn action(&mut self, out: &mut String) {
        self.owner(out);
        out.push_str(self.r.pick(&[" to ", " to ", " will "]));
        if self.r.below(5) == 0 {
            out.push_str(self.r.pick(VAGUE_ACTIONS));
            self.pick_fill(VAGUE_REASONS, out);
            out.push_str(self.r.pick(VAGUE_TIMES));
            return;
        }
        out.push_str(self.r.pick(ACTION_VERBS));
        out.push(' ');
        self.pick_fill(ACTION_OBJECTS, out);
        self.timescale(out);
        self.pick_fill(PURPOSES, out);
    }

    fn outcome(&mut self, out: &mut String) {
        match self.r.below(8) {
            // IEP-style goal: date first, a measure and how it is measured.
            0 | 1 => {
                out.push_str("By ");
                self.date(out);
                write!(out, ", {} will ", self.child).unwrap();
                self.pick_fill(OUTCOME_SKILLS, out);
                let (k, m) = (self.num(3, 4), 5);
                write!(
                    out,
                    " with {}% accuracy in {k} out of {m} trials, as measured by ",
                    self.num(70, 95)
                )
                .unwrap();
                out.push_str(self.r.pick(TOOLS));
            }
            2 => {
                write!(out, "{} will ", self.child).unwrap();
                out.push_str(self.r.pick(VAGUE_OUTCOMES));
                self.pick_fill(SETTINGS, out);
                self.timescale(out);
            }
            3 => {
                out.push_str("I will be able to ");
                self.pick_fill(OUTCOME_SKILLS, out);
                self.pick_fill(SETTINGS, out);
                self.timescale(out);
            }
            4 => {
                let (child, what) = (self.child, self.r.pick(SUBJECTS_OF_CARE));
                write!(out, "{child}'s {what} will improve").unwrap();
                self.pick_fill(SETTINGS, out);
                self.timescale(out);
            }
            _ => {
                write!(out, "{} will ", self.child).unwrap();
                self.pick_fill(OUTCOME_SKILLS, out);
                self.pick_fill(SETTINGS, out);
                self.timescale(out);
                if self.r.below(3) == 0 {
                    out.push_str(", checked by ");
                    out.push_str(self.r.pick(TOOLS));
                }
            }
        }
    }

    fn concern(&mut self, out: &mut String) {
        match self.r.below(4) {
            0 => {
                out.push_str("We are worried that ");
                self.pick_fill(CONCERNS, out);
                write!(out, " and {} {}", self.child, self.r.pick(HARMS)).unwrap();
            }
            1 => {
                let (p, n) = (self.num(40, 89), self.num(4, 40));
                let child = self.child;
                write!(
                    out,
                    "Attendance is {p}% and {child} has missed {n} sessions this half term"
                )
                .unwrap()
            }
            _ => {
                let mut s = String::new();
                self.pick_fill(CONCERNS, &mut s);
                capitalise_into(&s, out);
            }
        }
        self.pick_fill(CONCERN_TAILS, out);
    }

    fn strength(&mut self, out: &mut String) {
        let mut s = String::new();
        self.pick_fill(STRENGTHS, &mut s);
        capitalise_into(&s, out);
    }

    fn contingency(&mut self, out: &mut String) {
        out.push_str("If ");
        self.pick_fill(TRIGGERS, out);
        out.push_str(", ");
        self.pick_fill(&["Mum", "Dad", "{family}", "the school", "the carers"], out);
        out.push_str(" will ");
        self.pick_fill(RESPONSES, out);
        self.timescale(out);
    }
}

fn capitalise_into(s: &str, out: &mut String) {
    let mut chars = s.chars();
    if let Some(c) = chars.next() {
        out.extend(c.to_uppercase());
        out.push_str(chars.as_str());
    }
}

/// What a composed statement is: chosen by the row's section.
#[derive(Clone, Copy)]
pub enum Shape {
    Concern,
    Outcome,
    Action,
    Strength,
    Contingency,
}

/// One invented statement of `shape` about `child`; a tenth get a second
/// sentence, as longer real statements do.
pub fn statement(r: &mut Rng, shape: Shape, child: &'static str) -> String {
    let mut out = String::with_capacity(160);
    let mut c = Composer { r, child };
    let one = |c: &mut Composer, shape, out: &mut String| match shape {
        Shape::Concern => c.concern(out),
        Shape::Outcome => c.outcome(out),
        Shape::Action => c.action(out),
        Shape::Strength => c.strength(out),
        Shape::Contingency => c.contingency(out),
    };
    one(&mut c, shape, &mut out);
    if c.r.below(10) == 0 {
        out.push_str(". ");
        let next = match c.r.below(3) {
            0 => Shape::Action,
            1 => Shape::Outcome,
            _ => Shape::Concern,
        };
        one(&mut c, next, &mut out);
    }
    if c.r.below(3) == 0 {
        out.push('.');
    }
    out
}

/// A child's name for a composed statement: plans' own children are few, so
/// a wider pool keeps statements apart.
pub fn child_name(r: &mut Rng) -> &'static str {
    r.pick(CHILDREN)
}
