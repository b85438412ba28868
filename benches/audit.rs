//! End-to-end audit throughput: a plain timing harness (criterion's repeated
//! sampling is unsuited to a 1M-row run). Generates two exports, one whose
//! statements are nearly all distinct (composed from parts, as real exports
//! written by hand are) and one from a few dozen templates (mostly served by
//! the repeat cache), then runs CSV in → JSON Lines out on each with 1 and 2
//! threads and prints statements/s, MB/s, CPU seconds and peak memory
//! (VmHWM). It also measures a floor in the same run: the same CSV parsed,
//! one Aho-Corasick pass over each statement with every lexicon term, and a
//! JSON line written per row, on one thread; and prints each median's ratio
//! to it, and to the same floor without the lexicon pass.
//!
//! `cargo bench --bench audit` (rows: `AUDIT_BENCH_ROWS`, default 1,000,000;
//! exports: `AUDIT_BENCH_EXPORTS`, default `distinct,templated`; thread
//! counts: `AUDIT_BENCH_THREADS`, default `1,2`; `AUDIT_BENCH_CORPUS=1`
//! mixes the corpus statements into the templated actions; `AUDIT_BENCH_RUNS`,
//! default 3, runs per thread count, alternating, and compares medians).
//! `scripts/bench-audit.sh` runs it three times in a row, as the targets are
//! judged.

// The same allocator as the `smartplan` binary.
#[cfg(feature = "mimalloc")]
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
use smartplan::batch::{self, columns, input, output, Options};
use std::io::Write;
use std::time::Instant;

fn vm_hwm_kb() -> Option<u64> {
    let s = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = s.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// CPU seconds (user, system) this process has used so far: on a shared
/// machine, CPU time per row varies less than wall time.
fn cpu_seconds() -> (f64, f64) {
    let mut u = std::mem::MaybeUninit::<libc::rusage>::zeroed();
    // SAFETY: getrusage fills the struct it is given.
    let u = unsafe {
        libc::getrusage(libc::RUSAGE_SELF, u.as_mut_ptr());
        u.assume_init()
    };
    let secs = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    (secs(u.ru_utime), secs(u.ru_stime))
}

/// Resets VmHWM to the current resident size (Linux 4.0+), so each run
/// reports its own peak; false where the kernel does not allow it.
fn reset_peak() -> bool {
    std::fs::write("/proc/self/clear_refs", "5").is_ok()
}

fn env_list(name: &str, default: &str) -> Vec<String> {
    std::env::var(name)
        .unwrap_or_else(|_| default.into())
        .split(',')
        .map(|t| t.trim().to_string())
        .filter(|t| !t.is_empty())
        .collect()
}

/// Writes the named export ("distinct" or "templated") of `rows` rows.
fn write_export(path: &std::path::Path, name: &str, rows: u64) {
    let mut f = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    // AUDIT_BENCH_CORPUS=1 also draws a third of the templated actions from
    // the 515 corpus statements: more distinct statements, fewer cache hits.
    let extra: Vec<String> = if name == "templated" && std::env::var_os("AUDIT_BENCH_CORPUS").is_some() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/corpus/statements.jsonl");
        let text = std::fs::read_to_string(path).unwrap();
        smartplan::eval::parse_corpus(&text)
            .unwrap()
            .into_iter()
            .map(|i| i.text)
            .collect()
    } else {
        Vec::new()
    };
    let distinct = match name {
        "distinct" => true,
        "templated" => false,
        other => panic!("AUDIT_BENCH_EXPORTS: no export {other:?} (distinct, templated)"),
    };
    smartplan::cli::generate::write_export_with(&mut f, rows, 42, ',', &extra, distinct).unwrap();
    f.flush().unwrap();
}

/// What the floor pass saw: rows, and how many distinct statements.
struct Floor {
    rows: usize,
    distinct: usize,
}

/// The floor: what any tool must do with the export. The same CSV parser
/// reads every row; one Aho-Corasick pass (every lexicon term, ASCII case
/// folded) runs over each statement; a JSON line with the id, the text and
/// the number of hits is written per row. One thread. Without `ac`, the
/// pass is left out: the pass over all 3,600 terms costs half as much again
/// as the reading and writing, so the floor without it is the one to compare
/// with a floor measured with a smaller automaton.
fn floor(src: &std::path::Path, out: &std::path::Path, ac: Option<&aho_corasick::AhoCorasick>) -> Floor {
    let mut reader =
        input::DelimitedReader::new(std::fs::File::open(src).unwrap(), None, None, 1 << 20).unwrap();
    let headers = input::RowSource::headers(&reader).to_vec();
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let (id, text) = (col("Row ID"), col("Statement"));
    let mut w = std::io::BufWriter::with_capacity(1 << 20, std::fs::File::create(out).unwrap());
    let mut row = input::RawRow::default();
    let mut line = Vec::with_capacity(1024);
    let mut seen = std::collections::HashSet::new();
    let mut rows = 0;
    while input::RowSource::next_row_into(&mut reader, &mut row).unwrap() {
        let statement = &row.cells[text];
        let hits = ac.map_or(0, |ac| ac.find_iter(statement.as_str()).count());
        line.clear();
        line.extend_from_slice(b"{\"id\":");
        serde_json::to_writer(&mut line, &row.cells[id]).unwrap();
        line.extend_from_slice(b",\"text\":");
        serde_json::to_writer(&mut line, statement).unwrap();
        writeln!(line, ",\"hits\":{hits}}}").unwrap();
        w.write_all(&line).unwrap();
        seen.insert(std::hash::BuildHasher::hash_one(
            &hashbrown::DefaultHashBuilder::default(),
            statement,
        ));
        rows += 1;
    }
    w.flush().unwrap();
    Floor {
        rows,
        distinct: seen.len(),
    }
}

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn main() {
    let rows: u64 = std::env::var("AUDIT_BENCH_ROWS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1_000_000);
    let dir = std::env::temp_dir().join(format!("smartplan-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let analyser = smartplan::Analyser::builtin();
    let terms: Vec<&str> = analyser
        .lexicons()
        .entries()
        .iter()
        .flat_map(|e| e.terms.iter().map(String::as_str))
        .collect();
    let ac = aho_corasick::AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .match_kind(aho_corasick::MatchKind::LeftmostLongest)
        .build(&terms)
        .unwrap();
    let opt = Options {
        max_chars: 10_000,
        reference: smartplan::Reference::today(chrono::NaiveDate::from_ymd_opt(2025, 9, 8).unwrap()),
        strict: false,
        json: true,
        plan_facts: false,
    };
    let threads_wanted: Vec<usize> = env_list("AUDIT_BENCH_THREADS", "1,2")
        .iter()
        .filter_map(|t| t.parse().ok())
        .collect();
    // Runs alternate between the floor and the thread counts, so a slow spell
    // on a shared machine falls on all; the medians are compared.
    let runs: usize = std::env::var("AUDIT_BENCH_RUNS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(3);
    let mut summary = Vec::new();
    for export in env_list("AUDIT_BENCH_EXPORTS", "distinct,templated") {
        let src = dir.join(format!("{export}.csv"));
        write_export(&src, &export, rows);
        let bytes = std::fs::metadata(&src).unwrap().len();
        println!("{export} export: {rows} rows, {:.1} MB", bytes as f64 / 1e6);
        let mut floor_rates = Vec::new();
        let mut bare_rates = Vec::new();
        let mut rates: Vec<Vec<f64>> = vec![Vec::new(); threads_wanted.len()];
        let mut peaks: Vec<u64> = vec![0; threads_wanted.len()];
        for _ in 0..runs {
            let out = dir.join("floor.jsonl");
            // SAFETY: sync takes no arguments and cannot fail.
            unsafe { libc::sync() };
            // Rows a second, and what the pass saw.
            let timed = |ac| {
                let t = Instant::now();
                let f = floor(&src, &out, ac);
                (f.rows as f64 / t.elapsed().as_secs_f64(), f)
            };
            let (rate, f) = timed(Some(&ac));
            println!(
                "  floor (CSV parse + one Aho-Corasick pass + JSON Lines write, 1 thread): {rate:.0} rows/s; \
                 {} of {} statements distinct ({:.1}%)",
                f.distinct,
                f.rows,
                100.0 * f.distinct as f64 / f.rows as f64
            );
            floor_rates.push(rate);
            bare_rates.push(timed(None).0);
            let _ = std::fs::remove_file(&out);
            for (slot, &threads) in threads_wanted.iter().enumerate() {
                let (rate, peak) = run_audit(&src, &dir, bytes, threads, &analyser, &opt);
                rates[slot].push(rate);
                peaks[slot] = peaks[slot].max(peak);
            }
        }
        let floor_median = median(&mut floor_rates);
        let bare_median = median(&mut bare_rates);
        println!("  median of {runs}, floor: {floor_median:.0} rows/s; without the lexicon pass: {bare_median:.0} rows/s");
        let medians: Vec<f64> = rates.iter_mut().map(|v| median(v)).collect();
        for ((threads, m), peak) in threads_wanted.iter().zip(&medians).zip(&peaks) {
            let line = format!(
                "{export}, {threads} thread{}: {m:.0} statements/s (median of {runs}), {:.3}x the floor \
                 ({:.3}x without the lexicon pass), peak memory {:.0} MB",
                if *threads == 1 { "" } else { "s" },
                m / floor_median,
                m / bare_median,
                *peak as f64 / 1024.0
            );
            println!("  {line}");
            summary.push(line);
        }
        if let [one, two] = medians[..] {
            let line = format!(
                "{export}, speed-up 2 threads / 1 thread (medians): {:.2}x",
                two / one
            );
            println!("  {line}");
            summary.push(line);
        }
        summary.push(format!(
            "{export}, floor: {floor_median:.0} rows/s (median of {runs}); \
             without the lexicon pass (CSV parse + JSON Lines write): {bare_median:.0} rows/s"
        ));
        let _ = std::fs::remove_file(&src);
    }
    println!("summary:");
    for line in summary {
        println!("  {line}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// One audit of `src` (CSV in, JSON Lines out) on `threads` threads: its
/// statements/s and its peak memory in kB.
fn run_audit(
    src: &std::path::Path,
    dir: &std::path::Path,
    bytes: u64,
    threads: usize,
    analyser: &smartplan::Analyser,
    opt: &Options,
) -> (f64, u64) {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .unwrap();
    let reader = input::DelimitedReader::new(std::fs::File::open(src).unwrap(), None, None, 1 << 20).unwrap();
    let headers = input::RowSource::headers(&reader).to_vec();
    let cols = columns::Columns::map(&headers, &columns::Given::default()).unwrap();
    let out = dir.join(format!("out{threads}.jsonl"));
    let mut a = output::Atomic::create(&out).unwrap();
    let mut n = 0usize;
    // Start each run with no dirty pages from the last one's output, which
    // the kernel would otherwise write back during this run.
    // SAFETY: sync takes no arguments and cannot fail.
    unsafe { libc::sync() };
    let peak_reset = reset_peak();
    let t = Instant::now();
    let cpu0 = cpu_seconds();
    let analysed = pool
        .install(|| {
            batch::process(Box::new(reader), &cols, opt, analyser, |batch| {
                n += batch.rows.iter().map(|d| d.items.len()).sum::<usize>();
                output::jsonl_batch(&mut a.w, batch)
            })
        })
        .unwrap();
    a.commit().unwrap();
    let secs = t.elapsed().as_secs_f64();
    let cpu1 = cpu_seconds();
    let (user, sys) = (cpu1.0 - cpu0.0, cpu1.1 - cpu0.1);
    let rate = n as f64 / secs;
    let peak = vm_hwm_kb().unwrap_or(0);
    let out_mb = std::fs::metadata(&out).map(|m| m.len()).unwrap_or(0) as f64 / 1e6;
    println!(
        "  threads {threads}: {n} statements in {secs:.2}s = {rate:.0} statements/s, {:.1} MB/s in, {:.0} MB/s out; \
         {analysed} analysed, {} from the cache; CPU {user:.2}s user + {sys:.2}s system; peak {} kB{}",
        bytes as f64 / 1e6 / secs,
        out_mb / secs,
        n - analysed,
        peak,
        if peak_reset { "" } else { " (VmHWM of the whole process)" }
    );
    let _ = std::fs::remove_file(&out);
    (rate, peak)
}
