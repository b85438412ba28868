//! Owner forms and traps: which parties are found as responsible, with what
//! span and type.

mod common;

use smartplan::record::OwnerKind;
use smartplan::Analyser;

/// (statement, expected owners as (span text, kind)) — the record lists only
/// the parties doing the task or showing the change.
const CASES: &[(&str, &[(&str, &str)])] = &[
    ("Ms Smith will visit Ava every Monday", &[("Ms Smith", "named")]),
    (
        "Mr & Mrs O'Neill to attend the parenting course by 30/04/2026",
        &[("Mr & Mrs O'Neill", "named")],
    ),
    (
        "Mr and Mrs Ali will take the children to school every day",
        &[("Mr and Mrs Ali", "named")],
    ),
    (
        "Dr Khan to refer Mum to the perinatal team within 2 weeks",
        &[("Dr Khan", "named")],
    ),
    ("Ava will sleep in her own bed every night", &[("Ava", "named")]),
    ("Tom to attend all 6 sessions of the course", &[("Tom", "named")]),
    ("Daisy (FSW) to visit weekly", &[("Daisy (FSW)", "named")]),
    (
        "Jan (maternal grandmother) to take Lily to school on Tuesdays",
        &[("Jan (maternal grandmother)", "named")],
    ),
    ("Amy will go to school every day", &[("Amy", "named")]),
    ("May will attend every contact session", &[("May", "named")]),
    ("Evie (aged 6) will sleep in her own bed", &[("Evie", "named")]),
    ("(Name) to attend all 6 sessions", &[("(Name)", "named")]),
    (
        "Kerry and Liam to have a safe sleeping plan",
        &[("Kerry", "named"), ("Liam", "named")],
    ),
    (
        "Mum and Dad will not argue in front of the children",
        &[("Mum", "family"), ("Dad", "family")],
    ),
    (
        "Step-dad to complete 12 sessions of the programme",
        &[("Step-dad", "family")],
    ),
    (
        "The maternal grandmother will collect Ava from school",
        &[("The maternal grandmother", "family")],
    ),
    (
        "Foster carers to take Ella to the dentist",
        &[("Foster carers", "family")],
    ),
    (
        "The young person will attend college 4 days a week",
        &[("The young person", "family")],
    ),
    ("YP to attend college", &[("YP", "family")]),
    (
        "The social worker will visit fortnightly",
        &[("The social worker", "role")],
    ),
    ("SENCO to apply for an EHC needs assessment", &[("SENCO", "role")]),
    (
        "Key worker at nursery to complete the progress check",
        &[("Key worker", "role")],
    ),
    (
        "SW, HV and school to share information",
        &[("SW", "role"), ("HV", "role"), ("school", "agency")],
    ),
    ("CAMHS to offer Zainab six sessions", &[("CAMHS", "agency")]),
    (
        "The drug and alcohol service to test Dad monthly",
        &[("The drug and alcohol service", "agency")],
    ),
    (
        "Children's Social Care to convene a meeting",
        &[("Children's Social Care", "agency")],
    ),
    ("Professionals to support Mum", &[("Professionals", "collective")]),
    (
        "All agencies to share concerns",
        &[("All agencies", "collective")],
    ),
    ("We will keep Ava safe", &[("We", "collective")]),
    (
        "Contact to be supervised by a contact worker",
        &[("a contact worker", "role")],
    ),
    ("Daily phone calls from Nan", &[("Nan", "family")]),
    // The person whose state changes shows the change.
    ("Kian's attendance to reach 90% by March", &[("Kian", "named")]),
    (
        "Dad will tell the SW he has stopped drinking",
        &[("Dad", "family")],
    ),
    // Traps: no owner.
    ("Complete the chart", &[]),
    ("Regular visits to the home", &[]),
    ("Ibrahim will be registered with a GP", &[]),
    ("Home conditions to be monitored", &[]),
    ("Monday to Friday, breakfast club", &[]),
    ("Ava's bedroom to be decorated", &[]),
    ("Things will get better for the family", &[]),
    ("Nothing will change until Mum engages", &[]),
    // A common verb or an inflected one opens an instruction or a phrase; a
    // plural is never one person's name.
    ("Learn to use public transport on her own by June", &[]),
    ("Continue to attend the drop-in every Friday", &[]),
    (
        "Given a visual timetable, Sam will find his classroom",
        &[("Sam", "named")],
    ),
    ("Tutoring to start in September", &[]),
    (
        "Given specially designed teaching, Student will start tasks within 2 minutes",
        &[("Student", "family")],
    ),
    ("Opportunities to practise sharing in small groups", &[]),
    ("Interventions to address offending behaviour", &[]),
    // Children's Social Care and the local authority by their initials.
    ("CSC to put extra support in place by March", &[("CSC", "agency")]),
    ("LA to fund the nursery place from September", &[("LA", "agency")]),
    // A wish and the promise that answers it: who promises is the owner.
    (
        "Rafi wants to ride his bike, so his foster carer will take him to the park every Saturday",
        &[("his foster carer", "family")],
    ),
    (
        "Jess would like to study art, so the designated teacher will arrange a taster day",
        &[("the designated teacher", "role")],
    ),
    // A list a preposition governs names no one who is to do the "to"
    // after it (a purpose).
    (
        "SW to hold a network meeting with Nan, Auntie Bev and Mum on Monday to agree who will check on the children",
        &[("SW", "role")],
    ),
    // Counter-case: a list that opens the clause does it.
    ("Nan, Auntie Bev and Mum to agree who will check on the children", &[("Nan", "family"), ("Auntie Bev", "named"), ("Mum", "family")]),
    // An aside after "so that" leaves what follows inside it: the child
    // there is the change's target, not a doer.
    (
        "SENCO to run a social skills group so that, by the end of term, Harry joins a playground game",
        &[("SENCO", "role")],
    ),
    // Counter-case: a wish alone is the wisher's.
    ("Jess would like to study art at sixth form", &[("Jess", "named")]),
    // Counter-cases: a rare verb or a name the dictionary knows as a name.
    ("Rob to collect Lily from school on Fridays", &[("Rob", "named")]),
    (
        "Sue to take the children swimming every Saturday",
        &[("Sue", "named")],
    ),
    ("Will to ring the SW every Monday", &[("Will", "named")]),
    // An outcome about a passive's subject is theirs, not its agent's.
    // Counter-case: in a task, the agent does it.
    ("Lily will be looked after by a safe adult every day", &[("Lily", "named")]),
    ("The family to be supported by Early Help every week", &[("Early Help", "agency")]),
    // A slash between pronouns is one party said two ways. Counter-case:
    // between two people, two parties.
    ("He/she will ring the duty team if Dad comes home drunk", &[("He/she", "family")]),
    ("Mum/Dad to take Leo to nursery every day", &[("Mum", "family"), ("Dad", "family")]),
    // A bracket that says a blank is for a name belongs to it.
    ("___(name) will read 20 words a minute by July", &[("___(name)", "named")]),
    // An object pronoun is no one's subject: "post them off" has no doer.
    ("Write three letters and post them off by Friday", &[]),
    // Counter-case: the subject pronoun does.
    ("Sam will write the letters and they will post them", &[("Sam", "named")]),
    // Help given "with support from" after a comma helps; it does not
    // provide what the subject will have.
    (
        "Jade will have her own tenancy, with support from her family",
        &[("Jade", "named")],
    ),
    // Counter-case: the provider of what the subject receives does it.
    (
        "Tyler to have 1:1 support from a TA every morning",
        &[("a TA", "role")],
    ),
    // A pronoun in a clause beside a subjectless main one refers back; it
    // names no doer.
    ("No smoking in the flat while he is at home", &[]),
    // A count to bring down names no provider: "from the home".
    ("No police call-outs from the home for 6 months", &[]),
    // Counter-case: a line of provision names who gives it.
    ("Daily phone calls from Nan", &[("Nan", "family")]),
    // Coordinated describing words go on into one noun phrase: "routine
    // health" is no agency doing "tasks".
    (
        "Lewis manages simple, routine health tasks such as brushing his teeth",
        &[("Lewis", "named")],
    ),
];

fn kind_name(k: OwnerKind) -> &'static str {
    k.name()
}

#[test]
fn owner_forms_and_traps() {
    let a = Analyser::builtin();
    let mut failures = Vec::new();
    for (text, want) in CASES {
        let r = a.analyse(text, &common::undated());
        let got: Vec<(String, &str)> = r
            .owners
            .iter()
            .map(|o| (o.text.clone(), kind_name(o.kind)))
            .collect();
        let want: Vec<(String, &str)> = want.iter().map(|(t, k)| (t.to_string(), *k)).collect();
        if got != want {
            failures.push(format!("{text:?}: want {want:?}, got {got:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn mum_may_struggle_is_not_a_name_and_commits_no_one() {
    let a = Analyser::builtin();
    let r = a.analyse("Mum may struggle to keep to the routine", &common::undated());
    assert!(r.owners.iter().all(|o| o.text != "May" && o.text != "may"));
}

#[test]
fn by_may_is_a_month_not_a_person() {
    let a = Analyser::builtin();
    let r = a.analyse("By May, Tom will read 20 books", &common::undated());
    let got: Vec<&str> = r.owners.iter().map(|o| o.text.as_str()).collect();
    assert_eq!(got, ["Tom"]);
}

#[test]
fn user_lexicon_adds_an_agency() {
    let local = "category = \"agency\"\n[[entry]]\nterms = [\"Bright Futures\"]\n";
    let lex = smartplan::lexicon::Lexicons::with_overrides([("local.toml", local)]).unwrap();
    let a = Analyser::new(lex);
    let r = a.analyse("Bright Futures to offer Mum 6 sessions", &common::undated());
    let got: Vec<(&str, &str)> = r
        .owners
        .iter()
        .map(|o| (o.text.as_str(), o.kind.name()))
        .collect();
    assert_eq!(got, [("Bright Futures", "agency")]);
}

/// The "responsible" and "by when" cells are remembered per thread once read.
/// A team's own words must still decide a cell the built-in analyser read
/// first on the same thread, and a due cell read at one plan date must not
/// answer for another: each record equals the one a fresh thread gives.
#[test]
fn remembered_cells_belong_to_their_analyser_and_date() {
    // A team whose own list makes "Family Hub" a group nobody answers for.
    let local = "category = \"collective\"\n[[entry]]\nterms = [\"Family Hub\"]\nmessage = \"A group cannot be held to account.\"\nflags = [\"Family Hub to support Mum\"]\n";
    let own = Analyser::new(smartplan::lexicon::Lexicons::with_overrides([("local.toml", local)]).unwrap());
    let builtin = common::analyser();
    let text = "Attend the parenting group";
    let at = |day: chrono::NaiveDate, owner: &'static str, due: &'static str| smartplan::Context {
        owner_cell: Some(owner),
        due_cell: Some(due),
        ..smartplan::Context::new(smartplan::Reference::plan_date(day))
    };
    let (june, july) = (common::day(2026, 6, 1), common::day(2026, 7, 20));
    let cases = [
        (builtin, at(june, "Family Hub", "within 6 weeks")),
        (&own, at(june, "Family Hub", "within 6 weeks")),
        (&own, at(july, "Family Hub", "within 6 weeks")),
        (&own, at(june, "Family Hub", "within 6 weeks")),
        (builtin, at(july, "Family Hub", "31/03/2027")),
        (builtin, at(june, "Family Hub", "31/03/2027")),
    ];
    let mut same_thread = Vec::new();
    for (a, ctx) in &cases {
        same_thread.push(serde_json::to_string(&a.analyse(text, ctx)).unwrap());
    }
    for ((a, ctx), got) in cases.iter().zip(&same_thread) {
        let fresh = std::thread::scope(|s| {
            s.spawn(|| serde_json::to_string(&a.analyse(text, ctx)).unwrap())
                .join()
                .unwrap()
        });
        assert_eq!(got, &fresh);
    }
    // The two analysers read the cell differently, so the comparison above
    // fails if one is given the other's remembered reading.
    assert_ne!(
        same_thread[0], same_thread[1],
        "the cell reads the same to both analysers"
    );
}
