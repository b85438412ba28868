//! The plan checks the safety-planning guide asks for, each on small
//! made-up plans that meet it and plans that fail it: strengths, each
//! concern's impact on the child, scaling (and how it moved), the family's
//! network, every child, every service's part, child protection review
//! timing, and safety-planning sections read as the kind they are.

use smartplan::batch::input::DelimitedReader;
use smartplan::batch::plan::{PlanCheck, PlanRecord, Plans};
use smartplan::batch::{self, columns, Counts, Options};
use smartplan::summary::Summariser;
use smartplan::{Analyser, Kind, Record};

/// An export audited as `smartplan audit --plans` does: the plan records and
/// each statement's id and kind.
struct Audit {
    plans: Vec<PlanRecord>,
    kinds: Vec<(String, Kind)>,
}

fn audit_with(csv: &str, mut plans: Plans) -> Audit {
    let analyser = Analyser::builtin();
    let src =
        DelimitedReader::new(std::io::Cursor::new(csv.as_bytes().to_vec()), None, None, 1 << 20).unwrap();
    let headers = smartplan::batch::input::RowSource::headers(&src).to_vec();
    let words = columns::PlanWords::from_lexicons(analyser.lexicons());
    let cols = columns::Columns::map_with(&headers, &columns::Given::default(), words).unwrap();
    plans.has_agreement_column = cols.agreed.is_some();
    plans.has_review_column = cols.review.is_some();
    plans.has_child_view_column = cols.child_view.is_some();
    let opt = Options {
        max_chars: 10_000,
        reference: smartplan::Reference::given(chrono::NaiveDate::from_ymd_opt(2025, 9, 8).unwrap()),
        strict: false,
        json: false,
        plan_facts: true,
    };
    let (mut summary, mut counts) = (Summariser::new(), Counts::default());
    let mut kinds = Vec::new();
    batch::process(Box::new(src), &cols, &opt, &analyser, |b| {
        for d in &b.rows {
            batch::account(d, &cols, &headers, &mut summary, &mut plans, &mut counts)?;
            for (item, rec) in &d.items {
                if let Record::Analysed(a) = rec {
                    kinds.push((item.id.clone(), a.kind));
                }
            }
        }
        Ok(())
    })
    .unwrap();
    Audit {
        plans: plans.finish().map(Result::unwrap).collect(),
        kinds,
    }
}

fn audit(csv: &str) -> Audit {
    audit_with(csv, Plans::checking(std::env::temp_dir()))
}

impl Audit {
    fn plan(&self, id: &str) -> &PlanRecord {
        self.plans
            .iter()
            .find(|p| p.plan == id)
            .unwrap_or_else(|| panic!("no plan {id}"))
    }
    fn check(&self, plan: &str, check: &str) -> Option<&PlanCheck> {
        self.plan(plan).checks.iter().find(|c| c.check == check)
    }
}

/// What a case expects of one check on one plan.
#[derive(Debug)]
enum Want {
    /// Passes, and its message says this.
    Pass(&'static str),
    /// Fails, and its message says this.
    Fail(&'static str),
    /// Not made: it does not apply to the plan.
    NotMade,
}

struct Case<S = &'static str> {
    name: &'static str,
    csv: S,
    plan: &'static str,
    check: &'static str,
    want: Want,
}

impl Want {
    fn met_by(&self, got: Option<&PlanCheck>) -> bool {
        match (self, got) {
            (Want::Pass(m), Some(g)) => g.passed && g.message.contains(m),
            (Want::Fail(m), Some(g)) => !g.passed && g.message.contains(m),
            (Want::NotMade, None) => true,
            _ => false,
        }
    }
}

/// Audits each case's export and says which cases got something else.
fn run<S: AsRef<str>>(cases: &[Case<S>]) {
    let wrong: Vec<String> = cases
        .iter()
        .filter_map(|c| {
            let a = audit(c.csv.as_ref());
            let got = a.check(c.plan, c.check);
            (!c.want.met_by(got)).then(|| format!("{}: wanted {:?}, got {:?}", c.name, c.want, got))
        })
        .collect();
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

macro_rules! plan_csv {
    ($($line:literal)*) => { concat!("Plan ID,Child ID,Section,Statement,Responsible Person,By When\n", $($line, "\n"),*) };
}

/// The cases below lean on their shared header being read as they say.
#[test]
fn the_header_the_cases_share_maps_every_column() {
    let headers: Vec<String> = plan_csv!()
        .lines()
        .next()
        .unwrap()
        .split(',')
        .map(String::from)
        .collect();
    let c = columns::Columns::map(&headers, &columns::Given::default()).unwrap();
    assert_eq!(
        (c.plan, c.child, c.section, c.owner, c.due),
        (Some(0), Some(1), Some(2), Some(4), Some(5))
    );
    assert_eq!(c.text, [(3, None)]);
}

#[test]
fn strengths_are_recorded_by_section_or_wording() {
    run(&[
        Case {
            name: "a what's-working-well row",
            csv: plan_csv!(
                "P1,C1,What's working well,Mum takes Ava to school every morning,,"
                "P1,C1,Action,SW to visit every two weeks until 30/04/2026,,"
            ),
            plan: "P1",
            check: "strengths-recorded",
            want: Want::Pass("strength"),
        },
        Case {
            name: "strength wording in an outcome",
            csv: plan_csv!("P1,C1,Outcome,Mum will keep doing well at getting Ava to school on time,,"),
            plan: "P1",
            check: "strengths-recorded",
            want: Want::Pass("strength"),
        },
        Case {
            name: "no strength anywhere",
            csv: plan_csv!(
                "P1,C1,Need,Dad drinks most evenings,,"
                "P1,C1,Action,Dad to attend the alcohol service weekly by 30/04/2026,,"
            ),
            plan: "P1",
            check: "strengths-recorded",
            want: Want::Fail("nothing says what is working well"),
        },
        Case {
            name: "a negated strength is none",
            csv: plan_csv!("P1,C1,Need,Ava is not doing well at school,,"),
            plan: "P1",
            check: "strengths-recorded",
            want: Want::Fail("working well"),
        },
        Case {
            name: "the Strengths and Difficulties Questionnaire is a measure, not a strength",
            csv: plan_csv!(
                "P1,C1,Action,School to complete the Strengths and Difficulties Questionnaire with Ava by 30/04/2026,,"
            ),
            plan: "P1",
            check: "strengths-recorded",
            want: Want::Fail("working well"),
        },
    ]);
}

#[test]
fn each_concern_says_what_it_means_for_the_child() {
    run(&[
        Case {
            name: "the concern says its impact",
            csv: plan_csv!("P1,C1,Need,Dad drinks most evenings which means Leo is left alone,,"),
            plan: "P1",
            check: "concern-says-impact",
            want: Want::Pass("Each concern says"),
        },
        Case {
            name: "one concern of two does not",
            csv: plan_csv!(
                "P1,C1,Need,Dad drinks most evenings,,"
                "P1,C1,Need,Ava is frightened when the adults argue,,"
            ),
            plan: "P1",
            check: "concern-says-impact",
            want: Want::Fail("1 of 2 concern(s)"),
        },
        Case {
            name: "a danger statement is a concern",
            csv: plan_csv!(
                "P1,C1,Danger statement,We are worried that Mum's partner visits the home at night,,"
            ),
            plan: "P1",
            check: "concern-says-impact",
            want: Want::Fail("1 of 1 concern(s)"),
        },
        Case {
            name: "a plan with no concern is not checked",
            csv: plan_csv!("P1,C1,Outcome,Ava will sleep in her own bed every night,,"),
            plan: "P1",
            check: "concern-says-impact",
            want: Want::NotMade,
        },
    ]);
    let a = audit(plan_csv!(
        "P1,C1,Need,Dad drinks most evenings,,"
        "P1,C1,Need,Ava is frightened when the adults argue,,"
    ));
    assert_eq!(a.check("P1", "concern-says-impact").unwrap().rows, ["row-1"]);
}

#[test]
fn scaling_is_read_from_a_row_or_a_column_with_who_scaled() {
    run(&[
        Case {
            name: "a scaling row names who scaled",
            csv: plan_csv!("P1,C1,Scaling,\"Scaling: SW 3, Mum 6\",,"),
            plan: "P1",
            check: "scaling-recorded",
            want: Want::Pass("SW 3, Mum 6"),
        },
        Case {
            name: "scaling wording in any statement",
            csv: plan_csv!("P1,C1,Outcome,Scaled at 4/10 at the conference,,"),
            plan: "P1",
            check: "scaling-recorded",
            want: Want::Pass("Scaling recorded: 4."),
        },
        Case {
            name: "a scaling column",
            csv: "Plan ID,Statement,Scaling\nP1,Ava will sleep in her own bed every night,5\nP1,Mum to read Ava a story at 7pm,5\n",
            plan: "P1",
            check: "scaling-recorded",
            want: Want::Pass("Scaling recorded: 5."),
        },
        Case {
            name: "no scaling",
            csv: plan_csv!("P1,C1,Outcome,Ava will sleep in her own bed every night,,"),
            plan: "P1",
            check: "scaling-recorded",
            want: Want::Fail("No scaling"),
        },
        Case {
            name: "a count out of ten is not a scaling",
            csv: plan_csv!("P1,C1,Need,Mum attended 4 out of 10 sessions,,"),
            plan: "P1",
            check: "scaling-recorded",
            want: Want::Fail("No scaling"),
        },
    ]);
    let a = audit(plan_csv!("P1,C1,Scaling,\"Scaling: SW 3, Mum 6.5\",,"));
    let s = a.plan("P1").scaling.clone().unwrap();
    let got: Vec<(Option<&str>, f64)> = s.scores.iter().map(|x| (x.who.as_deref(), x.score)).collect();
    assert_eq!(got, [(Some("SW"), 3.0), (Some("Mum"), 6.5)]);
    assert_eq!((s.previous, s.moved), (None, None));
}

#[test]
fn scaling_movement_compares_plans_for_the_same_child_in_plan_date_order() {
    // The review comes first in the file: plan-date order, not file order.
    let csv = "Plan ID,Child ID,Plan Date,Statement,Scaling\n\
               P2,C1,01/04/2025,Ava will sleep in her own bed every night,\"SW 5, Mum 6\"\n\
               P3,C9,01/05/2025,Leo will go to nursery every day,2\n\
               P1,C1,06/01/2025,Ava will sleep in her own bed every night,\"SW 3, Mum 6\"\n\
               P4,C9,01/08/2025,Leo will go to nursery every day,1\n\
               P5,C9,01/11/2025,Leo will go to nursery every day,1\n";
    let a = audit(csv);
    let moved = |p: &str| a.plan(p).scaling.as_ref().and_then(|s| s.moved.clone());
    assert_eq!(moved("P1"), None, "the first plan has nothing before it");
    assert_eq!(moved("P2").as_deref(), Some("up"));
    assert_eq!(moved("P4").as_deref(), Some("down"));
    assert_eq!(moved("P5").as_deref(), Some("same"));
    let p2 = a.plan("P2").scaling.clone().unwrap().previous.unwrap();
    assert_eq!((p2.plan.as_str(), p2.date.as_str()), ("P1", "2025-01-06"));
    let msg = &a.check("P2", "scaling-recorded").unwrap().message;
    assert!(
        msg.contains("Up from the plan of 6 January 2025 (P1: SW 3, Mum 6)"),
        "{msg}"
    );
}

#[test]
fn an_action_names_the_family_network_or_how_the_change_lasts() {
    run(&[
        Case {
            name: "a relative in an action",
            csv: plan_csv!(
                "P1,C1,Action,Grandma to collect the children from school every Monday by 30/04/2026,,"
            ),
            plan: "P1",
            check: "change-sustained",
            want: Want::Pass("network"),
        },
        Case {
            name: "keeping the change going after services close",
            csv: plan_csv!(
                "P1,C1,Action,Mum to write a relapse prevention plan with the recovery worker by 15/05/2026,,"
            ),
            plan: "P1",
            check: "change-sustained",
            want: Want::Pass("network"),
        },
        Case {
            name: "a safety network row",
            csv: plan_csv!(
                "P1,C1,Safety network,\"Aunt Lou and Nan Pat, who see the children every week\",,"
            ),
            plan: "P1",
            check: "change-sustained",
            want: Want::Pass("network"),
        },
        Case {
            name: "the network only in a concern",
            csv: plan_csv!(
                "P1,C1,Need,Mum has no family network nearby,,"
                "P1,C1,Action,SW to visit every two weeks until 30/04/2026,,"
            ),
            plan: "P1",
            check: "change-sustained",
            want: Want::Fail("professionals step back"),
        },
        Case {
            name: "no network, no lasting change",
            csv: plan_csv!("P1,C1,Action,Mum to attend the parenting course by 30/04/2026,,"),
            plan: "P1",
            check: "change-sustained",
            want: Want::Fail("No action names"),
        },
    ]);
}

#[test]
fn every_child_on_a_plan_has_an_outcome() {
    run(&[
        Case {
            name: "each child has an outcome filed under them",
            csv: plan_csv!(
                "P1,C1,Outcome,Ava will sleep in her own bed every night,,"
                "P1,C2,Outcome,Leo will go to nursery every day,,"
            ),
            plan: "P1",
            check: "every-child-included",
            want: Want::Pass("Each of the 2 children"),
        },
        Case {
            name: "a child named in an outcome filed under another",
            csv: "Plan ID,Child ID,Child Name,Section,Statement\n\
                  P1,C1,Ava,Outcome,Ava will sleep in her own bed every night\n\
                  P1,C1,Ava,Outcome,Leo will go to nursery every day\n\
                  P1,C2,Leo,Action,Mum to take Leo to nursery by 9am every day\n",
            plan: "P1",
            check: "every-child-included",
            want: Want::Pass("Each of the 2 children"),
        },
        Case {
            name: "one child left out",
            csv: "Plan ID,Child ID,Child Name,Section,Statement\n\
                  P1,C1,Ava,Outcome,Ava will sleep in her own bed every night\n\
                  P1,C2,Leo,Action,Mum to take the children to the dentist by 30/04/2026\n\
                  P1,C3,Mia,Outcome,Mia will see the dentist by 30/04/2026\n",
            plan: "P1",
            check: "every-child-included",
            want: Want::Fail(
                "1 of the 3 children have no outcome naming them or filed under them: C2 (Leo).",
            ),
        },
        Case {
            name: "one child: nothing to check",
            csv: plan_csv!("P1,C1,Action,Mum to read Ava a story at 7pm,,"),
            plan: "P1",
            check: "every-child-included",
            want: Want::NotMade,
        },
    ]);
}

#[test]
fn every_service_named_in_concerns_or_outcomes_has_an_action() {
    run(&[
        Case {
            name: "the service named does something",
            csv: plan_csv!(
                "P1,C1,Need,CAMHS say Ava is self-harming,,"
                "P1,C1,Action,CAMHS to offer Ava an assessment by 30/04/2026,,"
            ),
            plan: "P1",
            check: "every-professional-acts",
            want: Want::Pass("mental health"),
        },
        Case {
            name: "the same service by another name (health visitor, HV)",
            csv: plan_csv!(
                "P1,C1,Outcome,\"Ava will gain weight, checked by the health visitor each month\",,"
                "P1,C1,Action,HV to weigh Ava every two weeks until 30/04/2026,,"
            ),
            plan: "P1",
            check: "every-professional-acts",
            want: Want::Pass("health"),
        },
        Case {
            name: "the responsible-person cell names who acts",
            csv: plan_csv!(
                "P1,C1,Need,School say Jayden misses Mondays,,"
                "P1,C1,Action,Call Dad by 10am on any day Jayden is absent,Class teacher,30/04/2026"
            ),
            plan: "P1",
            check: "every-professional-acts",
            want: Want::Pass("school"),
        },
        Case {
            name: "the police are named but do nothing",
            csv: plan_csv!(
                "P1,C1,Need,The police were called to the house twice in March,,"
                "P1,C1,Action,Mum to attend the Freedom Programme by 30/04/2026,,"
            ),
            plan: "P1",
            check: "every-professional-acts",
            want: Want::Fail("with no action of their own: police."),
        },
        Case {
            name: "a house is not housing",
            csv: plan_csv!(
                "P1,C1,Need,The police were called to the house twice in March,,"
                "P1,C1,Action,Police to tell the SW of any call-out within 24 hours,,"
            ),
            plan: "P1",
            check: "every-professional-acts",
            want: Want::Pass("police."),
        },
        Case {
            name: "the school is named in an outcome, only Mum acts",
            csv: plan_csv!(
                "P1,C1,Outcome,Jayden will attend school on 95% of days by July 2026,,"
                "P1,C1,Action,Mum to walk Jayden to school every morning from 1/4/2026,,"
            ),
            plan: "P1",
            check: "every-professional-acts",
            want: Want::Fail("school"),
        },
        Case {
            name: "no service named: nothing to check",
            csv: plan_csv!("P1,C1,Action,Mum to read Ava a story at 7pm,,"),
            plan: "P1",
            check: "every-professional-acts",
            want: Want::NotMade,
        },
    ]);
}

const CP_HEAD: &str = "Plan ID,Child ID,Plan Type,Plan Date,Review Date,Statement\n";

#[test]
fn child_protection_reviews_fall_within_the_statutory_time() {
    let one = |ty: &str, date: &str, review: &str| {
        format!("{CP_HEAD}P1,C1,{ty},{date},{review},Ava will sleep in her own bed every night\n")
    };
    run(&[
        Case {
            name: "within 3 months",
            csv: one("CP", "06/01/2025", "01/03/2025"),
            plan: "P1",
            check: "cp-review-on-time",
            want: Want::Pass("within 3 months"),
        },
        Case {
            name: "child protection written out",
            csv: one("Child Protection", "06/01/2025", "01/03/2025"),
            plan: "P1",
            check: "cp-review-on-time",
            want: Want::Pass("within 3 months"),
        },
        Case {
            name: "more than 6 months",
            csv: one("CP", "06/01/2025", "01/09/2025"),
            plan: "P1",
            check: "cp-review-on-time",
            want: Want::Fail("more than 6 months"),
        },
        Case {
            name: "review before the plan date",
            csv: one("CP", "06/01/2025", "01/12/2024"),
            plan: "P1",
            check: "cp-review-on-time",
            want: Want::Fail("is not after the plan date"),
        },
        Case {
            name: "no review date",
            csv: one("CP", "06/01/2025", ""),
            plan: "P1",
            check: "cp-review-on-time",
            want: Want::Fail("No review date is recorded"),
        },
        Case {
            name: "a lone plan, 5 months: within 6, with the 3-month rule noted",
            csv: one("CP", "06/01/2025", "01/06/2025"),
            plan: "P1",
            check: "cp-review-on-time",
            want: Want::Pass("If this plan was made at the initial conference, the first review was due within 3 months, by 6 April 2025"),
        },
        Case {
            name: "not a child protection plan",
            csv: one("CIN", "06/01/2025", "01/12/2025"),
            plan: "P1",
            check: "cp-review-on-time",
            want: Want::NotMade,
        },
    ]);
    // No review column: nothing can be checked.
    let a = audit("Plan ID,Plan Type,Plan Date,Statement\nP1,CP,06/01/2025,Ava will sleep in her own bed\n");
    assert!(a.check("P1", "cp-review-on-time").is_none());
}

#[test]
fn a_childs_plans_in_date_order_tell_the_first_review_from_later_ones() {
    // P1 is the child's first plan: 5 months to its review is too long. P2,
    // held on P1's review date, may run 5 months. P3 was held after the date
    // P2 set for it.
    let csv = format!(
        "{CP_HEAD}\
         P2,C1,CP,01/06/2025,01/11/2025,Ava will sleep in her own bed every night\n\
         P1,C1,CP,06/01/2025,01/06/2025,Ava will sleep in her own bed every night\n\
         P3,C1,CP,20/12/2025,01/03/2026,Ava will sleep in her own bed every night\n"
    );
    let a = audit(&csv);
    let check = |p: &str| a.check(p, "cp-review-on-time").unwrap().clone();
    let p1 = check("P1");
    assert!(
        !p1.passed && p1.message.contains("first child protection plan"),
        "{p1:?}"
    );
    let p2 = check("P2");
    assert!(
        p2.passed && p2.message.contains("within 6 months of this review"),
        "{p2:?}"
    );
    let p3 = check("P3");
    assert!(
        !p3.passed
            && p3
                .message
                .contains("held after the review date the plan before set (1 November 2025, P2)"),
        "{p3:?}"
    );
}

#[test]
fn safety_planning_sections_are_read_as_the_kind_they_are() {
    // Section cells: a danger statement is a concern, a safety goal an outcome.
    let a = audit(plan_csv!(
        "P1,C1,Danger statement,We are worried that Dad drinks when he looks after Leo,,"
        "P1,C1,Safety goal,Leo will always be looked after by a sober adult,,"
        "P1,C1,Next steps,Nan to stay every Friday night until 30/04/2026,,"
        "P1,C1,Contingency plan,\"If Dad has been drinking, Mum will ring Nan\",,"
        "P1,C1,Contingency plan,Ring the police if anyone is hurt,,"
    ));
    let kind = |id: &str| a.kinds.iter().find(|(i, _)| i == id).map(|(_, k)| *k);
    assert_eq!(kind("row-1"), Some(Kind::Concern));
    assert_eq!(kind("row-2"), Some(Kind::Outcome));
    assert!(a.check("P1", "concern-has-outcome").unwrap().passed);
    assert!(a.check("P1", "outcome-has-action").unwrap().passed);
    // A contingency needs someone to act, not a date: the one naming nobody
    // fails the owner check; neither fails the deadline check.
    assert_eq!(a.check("P1", "action-has-owner").unwrap().rows, ["row-5"]);
    assert!(a.check("P1", "action-has-deadline").unwrap().passed);

    // Column headings: side by side, a danger statement with no safety goal.
    let a = audit(
        "Plan ID,Danger statement,Safety goal,Next steps,What's working well\n\
         P1,We are worried that Dad drinks when he looks after Leo,,Dad to see the drug service weekly until 30/04/2026,Nan visits every day\n",
    );
    let c = a.check("P1", "concern-has-outcome").unwrap();
    assert!(!c.passed && c.rows == ["row-1:concern"], "{c:?}");
    assert!(a.check("P1", "strengths-recorded").unwrap().passed);
    assert_eq!(kind_of(&a, "row-1:concern"), Some(Kind::Concern));
}

fn kind_of(a: &Audit, id: &str) -> Option<Kind> {
    a.kinds.iter().find(|(i, _)| i == id).map(|(_, k)| *k)
}

#[test]
fn plans_spilled_to_disk_keep_their_history() {
    // Every plan spilled after one: scaling movement and review timing still
    // see the earlier plans of the same child.
    let csv = "Plan ID,Child ID,Plan Type,Plan Date,Review Date,Statement,Scaling\n\
               P2,C1,CP,01/06/2025,01/11/2025,Ava will sleep in her own bed every night,4\n\
               P9,C7,CIN,01/06/2025,01/11/2025,Leo will go to nursery every day,\n\
               P1,C1,CP,06/01/2025,01/06/2025,Ava will sleep in her own bed every night,2\n\
               P2,C1,CP,01/06/2025,01/11/2025,Mum to read Ava a story at 7pm,4\n";
    let held = audit(csv).plans;
    let spilled = audit_with(csv, Plans::checking_with_limit(std::env::temp_dir(), 1)).plans;
    assert_eq!(held, spilled);
    let p2 = held.iter().find(|p| p.plan == "P2").unwrap();
    assert_eq!(p2.scaling.as_ref().unwrap().moved.as_deref(), Some("up"));
    assert_eq!(p2.rows, 2);
}

/// The bundled sample's audit shows every plan check (but agreement, which
/// needs an agreement column the sample has not) passing on some plans and
/// failing on others, in the summary, the report (overall and by team) and
/// the xlsx's "Plan checks" sheet.
#[test]
fn the_sample_audit_shows_every_plan_check_passing_and_failing_somewhere() {
    use calamine::Reader;
    use smartplan::rules::{Scope, RULES};
    let dir = std::env::temp_dir().join(format!("smartplan-plan-checks-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_smartplan"))
        .arg("audit")
        .arg(concat!(env!("CARGO_MANIFEST_DIR"), "/corpus/sample-export.csv"))
        .arg("--summary")
        .arg(dir.join("summary.json"))
        .arg("--html")
        .arg(dir.join("report.html"))
        .arg("--xlsx")
        .arg(dir.join("audit.xlsx"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("summary.json")).unwrap()).unwrap();
    let html = std::fs::read_to_string(dir.join("report.html")).unwrap();
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(dir.join("audit.xlsx")).unwrap();
    let sheet = book.worksheet_range("Plan checks").unwrap();
    let labels: Vec<String> = sheet.rows().map(|r| r[0].to_string()).collect();
    let by_team = &html[html
        .find("<h3>Plan checks by Team</h3>")
        .expect("a by-team table")..];
    for r in RULES
        .iter()
        .filter(|r| r.scope == Scope::Plan && r.id != "agreement-recorded")
    {
        let c = &summary["plan_checks"]["overall"][r.id];
        let (plans, passing) = (
            c["plans"].as_u64().unwrap_or(0),
            c["passing"].as_u64().unwrap_or(0),
        );
        assert!(
            0 < passing && passing < plans,
            "{}: {passing} of {plans} plans pass",
            r.id
        );
        let row = format!("<tr data-key=\"{}\">", r.id);
        assert_eq!(
            html.matches(&row).count(),
            1 + summary["plan_checks"]["groups"].as_object().unwrap().len(),
            "{}",
            r.id
        );
        assert!(by_team.contains(&row), "{} by team", r.id);
        assert!(labels.iter().any(|l| l == r.label), "{} in the xlsx", r.id);
        assert!(
            summary["plan_checks"]["groups"]["Team"]["North"][r.id]["plans"]
                .as_u64()
                .is_some(),
            "{} for North",
            r.id
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}
