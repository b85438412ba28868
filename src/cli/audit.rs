//! `smartplan audit`: scores every statement of a case-management export.

use super::shared::{load_analyser, Failure, Global};
use crate::batch::{self, columns, input, output, plan::Plans, Counts, Options};
use crate::pipeline::Analyser;
use crate::stage::Reference;
use crate::summary::Summariser;
use std::io::{self, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The export: .csv, .tsv, .jsonl or .xlsx; `-` reads standard input (CSV or TSV).
    pub input: PathBuf,
    /// Output format for -o / standard output.
    #[arg(long, default_value = "jsonl", value_parser = ["jsonl", "csv"])]
    pub format: String,
    /// Write the --format output here instead of standard output.
    #[arg(short = 'o', long)]
    pub output: Option<PathBuf>,
    /// One analysis record per statement, JSON Lines, in input order.
    #[arg(long, value_name = "FILE")]
    pub jsonl: Option<PathBuf>,
    /// The input columns plus kind, score, criteria, findings and rewrite, as CSV.
    #[arg(long, value_name = "FILE")]
    pub csv: Option<PathBuf>,
    /// The same as an Excel workbook, with filters, score colours and a summary sheet.
    #[arg(long, value_name = "FILE")]
    pub xlsx: Option<PathBuf>,
    /// Summary figures as JSON.
    #[arg(long, value_name = "FILE")]
    pub summary: Option<PathBuf>,
    /// One record per plan (JSON Lines), with the plan-level checks.
    #[arg(long, value_name = "FILE")]
    pub plans: Option<PathBuf>,
    /// A self-contained HTML report (charts, tables, lowest-scoring plans and statements).
    #[arg(long, value_name = "FILE")]
    pub html: Option<PathBuf>,
    /// Show how the columns were mapped, and stop.
    #[arg(long)]
    pub columns: bool,
    /// Cell separator (default: detected from the first lines).
    #[arg(long, value_name = "CHAR")]
    pub delimiter: Option<String>,
    /// Text encoding (default: detected; Excel saves Windows-1252 or, as "Unicode text", UTF-16).
    #[arg(long, value_parser = ["utf-8", "windows-1252", "utf-16le", "utf-16be"])]
    pub encoding: Option<String>,
    /// Excel sheet to read (default: the first).
    #[arg(long)]
    pub sheet: Option<String>,
    /// Statement column(s), comma-separated.
    #[arg(long)]
    pub text_column: Option<String>,
    /// Column with the row's id.
    #[arg(long)]
    pub id_column: Option<String>,
    /// Column with the plan id (turns on the plan-level checks).
    #[arg(long)]
    pub plan_column: Option<String>,
    /// Column saying who is responsible ("responsible", "who").
    #[arg(long)]
    pub owner_column: Option<String>,
    /// Column saying by when ("target date", "by when").
    #[arg(long)]
    pub due_column: Option<String>,
    /// Column with the plan date, used as the reference date for "within 6 weeks".
    #[arg(long)]
    pub date_column: Option<String>,
    /// Column saying whether the row is a need, an outcome or an action.
    #[arg(long)]
    pub section_column: Option<String>,
    /// Columns to break the summary down by, comma-separated.
    #[arg(long, value_delimiter = ',')]
    pub group_by: Vec<String>,
    /// Reference date when the export has no plan-date column (default: today).
    #[arg(long, value_name = "DATE", value_parser = crate::dates::parse_date_arg)]
    pub as_of: Option<chrono::NaiveDate>,
    /// Longest statement analysed, in characters.
    #[arg(long, default_value_t = 10_000)]
    pub max_chars: usize,
    /// Stop at the first malformed line (exit 2).
    #[arg(long)]
    pub strict: bool,
    /// Threads doing the whole job: reading, analysis and writing (default: all cores)
    #[arg(long)]
    pub threads: Option<usize>,
}

/// The input as messages name it.
fn shown(path: &Path) -> String {
    if path.as_os_str() == "-" {
        "standard input".into()
    } else {
        path.display().to_string()
    }
}

/// The first bytes of an input, read to tell its format; they are put back
/// in front of the rest with `Read::chain`.
fn head_of(src: &mut impl io::Read) -> io::Result<Vec<u8>> {
    let mut head = Vec::with_capacity(8192);
    src.by_ref().take(8192).read_to_end(&mut head)?;
    Ok(head)
}

fn open(args: &Args) -> Result<Box<dyn input::RowSource>, Failure> {
    use input::{Encoding, Format};
    let path = &args.input;
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let delim = match args.delimiter.as_deref() {
        None if ext == "tsv" || ext == "tab" => Some(b'\t'),
        None => None,
        Some("\\t") | Some("tab") => Some(b'\t'),
        Some(d) if d.len() == 1 => Some(d.as_bytes()[0]),
        Some(d) => {
            return Err(Failure::usage(format!(
                "--delimiter must be one character, got “{d}”"
            )))
        }
    };
    let given = args.encoding.as_deref().map(|e| match e {
        "utf-8" => Encoding::Utf8,
        "utf-16le" => Encoding::Utf16Le,
        "utf-16be" => Encoding::Utf16Be,
        _ => Encoding::Windows1252,
    });
    let max_bytes = (args.max_chars * 4).max(1 << 20);
    let name = shown(path);
    let named = |e: io::Error| Failure::usage(format!("{name}: {e}"));
    let (mut file, head) = if path.as_os_str() == "-" {
        let mut stdin = io::stdin();
        let head = head_of(&mut stdin).map_err(named)?;
        (None, head)
    } else {
        let mut f = super::shared::open_input(path)?;
        let head = head_of(&mut f).map_err(named)?;
        (Some(f), head)
    };
    let format = match (given, input::sniff_format(&head)) {
        (Some(Encoding::Utf16Le), _) => Format::Utf16 { big_endian: false },
        (Some(Encoding::Utf16Be), _) => Format::Utf16 { big_endian: true },
        (_, found) => found,
    };
    let what_to_do =
        "export the plan items from the case-management system as CSV or Excel (.xlsx) and audit that file";
    let big_endian = match format {
        Format::Empty => {
            return Err(Failure::usage(format!(
                "{name} is empty: there is nothing to audit; {what_to_do}"
            )))
        }
        Format::OldExcel => {
            return Err(Failure::usage(format!(
                "{name} is an Excel 97–2003 workbook (.xls), which smartplan cannot read: open it in Excel and save it as an Excel Workbook (.xlsx) or CSV UTF-8, then audit that file"
            )))
        }
        Format::Binary => {
            return Err(Failure::usage(format!(
                "{name} is not a CSV, TSV, JSON Lines or Excel (.xlsx) file: it holds binary data, not text; {what_to_do}"
            )))
        }
        Format::Zip => {
            let Some(mut f) = file.take() else {
                return Err(Failure::usage(
                    "an Excel workbook cannot be read from standard input: give its file name instead of -",
                ));
            };
            io::Seek::rewind(&mut f).map_err(named)?;
            let book = input::XlsxReader::open(io::BufReader::new(f), args.sheet.as_deref())
                .map_err(|e| Failure::usage(format!("{name}: {e}")))?;
            return Ok(Box::new(book));
        }
        Format::Utf16 { big_endian } => Some(big_endian),
        Format::Text => None,
    };
    if matches!(ext.as_str(), "xlsx" | "xlsm") {
        eprintln!("smartplan: note: {name} holds text, not an Excel workbook; reading it as CSV");
    }
    let rest: Box<dyn io::Read + Send> = match file {
        Some(f) => Box::new(f),
        None => Box::new(io::stdin()),
    };
    let src = io::Cursor::new(head).chain(rest);
    if matches!(ext.as_str(), "jsonl" | "ndjson") {
        let lines: Box<dyn io::BufRead + Send> = match big_endian {
            Some(be) => Box::new(io::BufReader::new(input::Utf16Reader::new(src, be))),
            None => Box::new(io::BufReader::new(src)),
        };
        return Ok(Box::new(input::JsonlReader::new(lines).map_err(named)?));
    }
    let encoding = match big_endian {
        Some(false) => Some(Encoding::Utf16Le),
        Some(true) => Some(Encoding::Utf16Be),
        None => given,
    };
    let reader = input::DelimitedReader::new(src, delim, encoding, max_bytes).map_err(named)?;
    if given.is_none() {
        match reader.encoding() {
            Encoding::Windows1252 => eprintln!(
                "smartplan: note: reading {name} as Windows-1252 (Excel's older CSV), except cells that are valid UTF-8; if letters look wrong, name the encoding with --encoding"
            ),
            Encoding::Utf16Le | Encoding::Utf16Be => {
                eprintln!("smartplan: note: reading {name} as UTF-16 (Excel's Unicode text)")
            }
            Encoding::Utf8 => {}
        }
    }
    Ok(Box::new(reader))
}

/// Whether any output file is named (else the records go to standard output).
fn any_output(args: &Args) -> bool {
    args.jsonl.is_some()
        || args.csv.is_some()
        || args.xlsx.is_some()
        || args.summary.is_some()
        || args.plans.is_some()
        || args.html.is_some()
}

/// Every output file named, with the option that named it.
fn outputs(args: &Args) -> Vec<(&'static str, &Path)> {
    [
        ("-o", &args.output),
        ("--jsonl", &args.jsonl),
        ("--csv", &args.csv),
        ("--xlsx", &args.xlsx),
        ("--summary", &args.summary),
        ("--plans", &args.plans),
        ("--html", &args.html),
    ]
    .into_iter()
    .filter_map(|(option, p)| Some((option, p.as_deref()?)))
    .collect()
}

/// Audits an export: checks the paths, opens the input, maps its columns,
/// runs the engine into the record outputs, then writes the plan records,
/// summary, workbook and report, and says what was done.
pub fn run(global: &Global, args: &Args) -> Result<i32, Failure> {
    // First, before any other thread starts: an interrupted run removes its
    // temporary files.
    crate::batch::cleanup::remove_partials_on_interrupt();
    check_paths(args)?;
    let src = open(args)?;
    let headers = export_headers(args, src.headers())?;
    // The lexicons first: the plan lexicon names section headings.
    let analyser = load_analyser(global.lexicons.as_deref())?;
    let cols = map_columns(args, &headers, &analyser)?;
    if args.columns {
        print!("{}", cols.describe(&headers));
        return Ok(0);
    }
    for w in &cols.warnings {
        eprintln!("smartplan: warning: {w}");
    }
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(args.threads.unwrap_or(0))
        .build()
        .map_err(|e| Failure::usage(e.to_string()))?;
    let plans = plans_for(args, &cols)?;
    let opt = engine_options(args, &plans);
    let mut sinks = Sinks::open(args, &cols, &headers, plans)?;
    let started = std::time::Instant::now();
    run_engine(args, &pool, src, &opt, &analyser, &mut sinks, started)?;
    sinks.commit_records()?;
    let (counts, warned) = write_plans_and_summary(args, &analyser, sinks)?;
    print_done(&counts, warned, started.elapsed().as_secs_f64());
    Ok(0)
}

/// Refuses, before anything is read, outputs that would overwrite the input
/// or one another.
fn check_paths(args: &Args) -> Result<(), Failure> {
    let from_stdin = args.input.as_os_str() == "-";
    let input: &[&Path] = if from_stdin { &[] } else { &[args.input.as_path()] };
    output::check_outputs(input, &outputs(args)).map_err(Failure::usage)
}

/// The export's own column names: an earlier audit's result columns are
/// left out, and an input with no header line is refused.
fn export_headers(args: &Args, read: &[String]) -> Result<Vec<String>, Failure> {
    let mut headers: Vec<String> = read.to_vec();
    if let Some(at) = output::own_columns(&headers) {
        // An earlier audit's output: its results are not read as the
        // export's columns, and this audit's results take their place.
        headers.truncate(at);
        eprintln!(
            "smartplan: note: {} is an earlier audit's output; its last {} columns ({} … {}) are that audit's results, not read here, and this audit's results replace them",
            shown(&args.input),
            output::EXTRA.len(),
            output::EXTRA[0],
            output::EXTRA[output::EXTRA.len() - 1]
        );
    }
    if headers.is_empty() {
        return Err(Failure::usage(format!(
            "{} holds only blank lines, so there is no header line and nothing to audit; export the plan items again, with their column names on the first line",
            shown(&args.input)
        )));
    }
    Ok(headers)
}

/// Which column holds what: those named on the command line, the rest
/// found from the headers.
fn map_columns(args: &Args, headers: &[String], analyser: &Analyser) -> Result<columns::Columns, Failure> {
    let given = columns::Given {
        text: args.text_column.clone(),
        id: args.id_column.clone(),
        plan: args.plan_column.clone(),
        owner: args.owner_column.clone(),
        due: args.due_column.clone(),
        date: args.date_column.clone(),
        section: args.section_column.clone(),
        group: args.group_by.clone(),
    };
    let words = columns::PlanWords::from_lexicons(analyser.lexicons());
    columns::Columns::map_with(headers, &given, words)
        .map_err(|e| Failure::usage(format!("{}: {e}", shown(&args.input))))
}

/// The plans of the export: checked when an output shows plan checks and a
/// plan column is known, else only counted.
fn plans_for(args: &Args, cols: &columns::Columns) -> Result<Plans, Failure> {
    // Plan checks hold a little state per plan until the end, for the plan
    // records, the report, and the summary's plan figures; without any of
    // them, plans are only counted. Spilled check state goes beside those
    // outputs, like the xlsx's rows.
    let plan_output = [&args.plans, &args.html, &args.summary, &args.xlsx]
        .into_iter()
        .find_map(|p| p.as_ref());
    let mut plans = match plan_output {
        Some(out) if cols.plan.is_some() => Plans::checking(output::folder_of(out)?),
        _ => Plans::counting_only(),
    };
    plans.has_agreement_column = cols.agreed.is_some();
    plans.has_review_column = cols.review.is_some();
    plans.has_child_view_column = cols.child_view.is_some();
    Ok(plans)
}

/// What the engine is asked for: limits, reference date, strictness,
/// whether JSON lines are rendered, and whether plan facts are read.
fn engine_options(args: &Args, plans: &Plans) -> Options {
    Options {
        max_chars: args.max_chars,
        reference: Reference::given_or_today(args.as_of, chrono::Local::now().date_naive()),
        strict: args.strict,
        json: args.jsonl.is_some()
            || (args.format == "jsonl" && (args.output.is_some() || !any_output(args))),
        plan_facts: plans.checks(),
    }
}

/// Where the rows go while the engine runs: the record outputs (standard
/// output and files, each marked CSV or not; the workbook; the report being
/// built) and the tallies (summary, plans, counts, malformed lines).
struct Sinks<'a> {
    cols: &'a columns::Columns,
    headers: &'a [String],
    streams: Vec<(Box<dyn Write + Send>, bool)>,
    files: Vec<(output::Atomic, bool)>,
    xlsx: Option<output::XlsxOut>,
    report: Option<crate::report::ReportBuilder>,
    summariser: Summariser,
    plans: Plans,
    counts: Counts,
    warned: usize,
}

impl<'a> Sinks<'a> {
    /// Creates the record outputs named (files under temporary names) and
    /// writes their CSV headers.
    fn open(
        args: &Args,
        cols: &'a columns::Columns,
        headers: &'a [String],
        plans: Plans,
    ) -> Result<Self, Failure> {
        let mut streams: Vec<(Box<dyn Write + Send>, bool)> = Vec::new();
        let mut files: Vec<(output::Atomic, bool)> = Vec::new();
        let any_file = any_output(args);
        let is_csv = args.format == "csv";
        match &args.output {
            Some(p) => files.push((output::Atomic::create(p)?, is_csv)),
            None if is_csv || !any_file => streams.push((
                Box::new(io::BufWriter::with_capacity(1 << 16, io::stdout())),
                is_csv,
            )),
            None => {}
        }
        if let Some(p) = &args.jsonl {
            files.push((output::Atomic::create(p)?, false));
        }
        if let Some(p) = &args.csv {
            files.push((output::Atomic::create(p)?, true));
        }
        for (w, c) in streams.iter_mut() {
            if *c {
                output::csv_header(w.as_mut(), headers)?;
            }
        }
        for (a, c) in files.iter_mut() {
            if *c {
                output::csv_header(&mut a.w, headers)?;
            }
        }
        let xlsx = match &args.xlsx {
            Some(p) => Some(output::XlsxOut::new(p, headers)?),
            None => None,
        };
        let report = args.html.as_ref().map(|_| {
            crate::report::ReportBuilder::with_summary(Default::default(), crate::report::DEFAULT_LIMIT)
        });
        Ok(Sinks {
            cols,
            headers,
            streams,
            files,
            xlsx,
            report,
            summariser: Summariser::new(),
            plans,
            counts: Counts::default(),
            warned: 0,
        })
    }

    /// Takes one batch from the engine: each row counted and written to the
    /// CSV outputs, workbook and report, then the batch's JSON lines.
    fn take(&mut self, batch: &batch::Batch) -> io::Result<()> {
        for d in &batch.rows {
            self.take_row(d)?;
        }
        for (w, _) in self.streams.iter_mut().filter(|(_, csv)| !*csv) {
            output::jsonl_batch(w.as_mut(), batch)?;
        }
        for (a, _) in self.files.iter_mut().filter(|(_, csv)| !*csv) {
            output::jsonl_batch(&mut a.w, batch)?;
        }
        Ok(())
    }

    /// One row: its malformed-line warning (the first 20 are shown), its
    /// tallies, and its records in the report, CSV outputs and workbook.
    fn take_row(&mut self, d: &batch::Done) -> io::Result<()> {
        let (cols, headers) = (self.cols, self.headers);
        for w in d.row.warning.iter().chain(d.row.error.iter()) {
            self.warned += 1;
            if self.warned <= 20 {
                eprintln!("smartplan: warning: {w}");
            }
        }
        batch::account(
            d,
            cols,
            headers,
            &mut self.summariser,
            &mut self.plans,
            &mut self.counts,
        )?;
        if let Some(r) = self.report.as_mut() {
            let groups = batch::groups_of(d, cols, headers);
            for (item, rec) in &d.items {
                r.add_record_as(Some(&item.id), rec, &groups, d.plan_date);
            }
        }
        let width = headers.len();
        for (w, _) in self.streams.iter_mut().filter(|(_, csv)| *csv) {
            output::csv_rows(w.as_mut(), d, width)?;
        }
        for (a, _) in self.files.iter_mut().filter(|(_, csv)| *csv) {
            output::csv_rows(&mut a.w, d, width)?;
        }
        if let Some(x) = self.xlsx.as_mut() {
            x.write(d, width)?;
        }
        Ok(())
    }

    /// Flushes standard output and puts the record files in place.
    fn commit_records(&mut self) -> io::Result<()> {
        for (w, _) in self.streams.iter_mut() {
            w.flush()?;
        }
        for (a, _) in self.files.drain(..) {
            a.commit()?;
        }
        Ok(())
    }
}

/// Runs the engine over the input on the pool into the sinks, with a
/// progress bar when standard error is a terminal.
fn run_engine(
    args: &Args,
    pool: &rayon::ThreadPool,
    src: Box<dyn input::RowSource>,
    opt: &Options,
    analyser: &Analyser,
    sinks: &mut Sinks,
    started: std::time::Instant,
) -> Result<(), Failure> {
    let bar = if io::stderr().is_terminal() {
        let total = std::fs::metadata(&args.input).map(|m| m.len()).unwrap_or(0);
        let b = indicatif::ProgressBar::new(total);
        b.set_style(
            indicatif::ProgressStyle::with_template("{bar:30} {percent}% {msg} ETA {eta}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        Some(b)
    } else {
        None
    };
    let cols = sinks.cols;
    let result = pool.install(|| {
        batch::process(src, cols, opt, analyser, |batch| {
            sinks.take(batch)?;
            if let Some(b) = &bar {
                b.set_position(batch.bytes_read);
                let secs = started.elapsed().as_secs_f64().max(1e-6);
                let rows = sinks.counts.rows;
                b.set_message(format!("{} rows, {:.0} rows/s", rows, rows as f64 / secs));
            }
            Ok(())
        })
    });
    if let Some(b) = &bar {
        b.finish_and_clear();
    }
    result.map_err(|stopped| match stopped {
        batch::Stopped::Input(why) => Failure::usage(format!("{}: {why}", shown(&args.input))),
        batch::Stopped::Output(e) => Failure::from(e),
    })?;
    Ok(())
}

/// After the records: the plan records, then the summary, the workbook's
/// summary sheet and the report. Gives back the counts and how many
/// malformed lines were reported, for the closing line.
fn write_plans_and_summary(
    args: &Args,
    analyser: &Analyser,
    sinks: Sinks,
) -> Result<(Counts, usize), Failure> {
    let Sinks {
        headers,
        xlsx,
        mut report,
        summariser,
        plans,
        counts,
        warned,
        ..
    } = sinks;
    let nplans = (!plans.is_empty()).then(|| plans.len());
    let checked = plans.checks();
    let plan_checks = write_plan_records(args, plans, report.as_mut())?;
    let mut summary = summariser.finish(
        Some(args.input.display().to_string()),
        analyser.lexicons().sources.clone(),
        nplans,
        chrono::Local::now().format("%Y-%m-%dT%H:%M:%S%:z").to_string(),
    );
    if checked && plan_checks.plans() > 0 {
        summary.plan_checks = Some(plan_checks.finish());
    }
    if let Some(x) = xlsx {
        x.finish(&summary, headers.len())?;
    }
    if let Some(p) = &args.summary {
        let mut a = output::Atomic::create(p)?;
        serde_json::to_writer_pretty(&mut a.w, &summary).map_err(io::Error::from)?;
        a.w.write_all(b"\n")?;
        a.commit()?;
    }
    if let (Some(p), Some(mut r)) = (&args.html, report) {
        r.set_summary(summary);
        let mut a = output::Atomic::create(p)?;
        a.w.write_all(r.render().as_bytes())?;
        a.commit()?;
    }
    Ok((counts, warned))
}

/// Streams each plan's record to --plans and the report, one at a time,
/// and adds up their checks when a summary or workbook shows them.
fn write_plan_records(
    args: &Args,
    plans: Plans,
    mut report: Option<&mut crate::report::ReportBuilder>,
) -> Result<crate::summary::PlanCheckTally, Failure> {
    let mut plan_file = args
        .plans
        .as_ref()
        .map(|p| output::Atomic::create(p))
        .transpose()?;
    let tally = args.summary.is_some() || args.xlsx.is_some();
    let mut plan_checks = crate::summary::PlanCheckTally::default();
    for plan in plans.finish() {
        let plan = plan?;
        if let Some(a) = plan_file.as_mut() {
            serde_json::to_writer(&mut a.w, &plan).map_err(io::Error::from)?;
            a.w.write_all(b"\n")?;
        }
        if let Some(r) = report.as_mut() {
            r.add_plan(&plan);
        }
        if tally {
            plan_checks.add(&plan);
        }
    }
    if let Some(a) = plan_file {
        a.commit()?;
    }
    Ok(plan_checks)
}

/// The closing line on standard error: rows, statements, what became of
/// them, malformed lines reported, and the time taken.
fn print_done(counts: &Counts, warned: usize, secs: f64) {
    eprintln!(
        "smartplan: {} rows read, {} statements: {} analysed, {} skipped, {} in error{}{} ({:.1}s)",
        counts.rows,
        counts.records,
        counts.analysed,
        counts.skipped,
        counts.errors,
        if counts.errors > 0 {
            " (error rows are in the output, marked with the reason)"
        } else {
            ""
        },
        if warned > 0 {
            format!("; {warned} malformed line(s) reported")
        } else {
            String::new()
        },
        secs
    );
}
