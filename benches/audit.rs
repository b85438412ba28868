//! End-to-end audit throughput: a plain timing harness (criterion's repeated
//! sampling is unsuited to a 1M-row run). Generates a synthetic export, then
//! runs CSV in → JSON Lines out with 1 and 2 threads and prints statements/s,
//! MB/s and peak memory (VmHWM).
//!
//! `cargo bench --bench audit` (rows: `AUDIT_BENCH_ROWS`, default 1,000,000;
//! thread counts: `AUDIT_BENCH_THREADS`, default `1,2`; `AUDIT_BENCH_CORPUS=1`
//! mixes the corpus statements into the generated actions; `AUDIT_BENCH_RUNS`,
//! default 3, runs per thread count, alternating, and compares medians).

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

fn main() {
    let rows: u64 = std::env::var("AUDIT_BENCH_ROWS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1_000_000);
    let dir = std::env::temp_dir().join(format!("smartplan-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let src = dir.join("export.csv");
    {
        let mut f = std::io::BufWriter::new(std::fs::File::create(&src).unwrap());
        // AUDIT_BENCH_CORPUS=1 also draws a third of the actions from the 515
        // corpus statements: far more distinct statements, fewer cache hits.
        let extra: Vec<String> = if std::env::var_os("AUDIT_BENCH_CORPUS").is_some() {
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
        smartplan::cli::generate::write_export(&mut f, rows, 42, ',', &extra).unwrap();
        f.flush().unwrap();
    }
    let bytes = std::fs::metadata(&src).unwrap().len();
    let analyser = smartplan::Analyser::builtin();
    let opt = Options {
        max_chars: 10_000,
        reference: smartplan::Reference::today(chrono::NaiveDate::from_ymd_opt(2025, 9, 8).unwrap()),
        strict: false,
        json: true,
        plan_facts: false,
    };
    println!(
        "export: {rows} rows, {:.1} MB; VmHWM before runs {} kB",
        bytes as f64 / 1e6,
        vm_hwm_kb().unwrap_or(0)
    );
    let threads_wanted: Vec<usize> = match std::env::var("AUDIT_BENCH_THREADS") {
        Ok(s) => s.split(',').filter_map(|t| t.trim().parse().ok()).collect(),
        Err(_) => vec![1, 2],
    };
    // Runs alternate between thread counts, so a slow spell on a shared
    // machine falls on both; the medians are compared.
    let runs: usize = std::env::var("AUDIT_BENCH_RUNS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(3);
    let mut rates: Vec<Vec<f64>> = vec![Vec::new(); threads_wanted.len()];
    for (slot, threads) in (0..runs).flat_map(|_| threads_wanted.iter().copied().enumerate()) {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        let reader =
            input::DelimitedReader::new(std::fs::File::open(&src).unwrap(), None, None, 1 << 20).unwrap();
        let headers = input::RowSource::headers(&reader).to_vec();
        let cols = columns::Columns::map(&headers, &columns::Given::default()).unwrap();
        let out = dir.join(format!("out{threads}.jsonl"));
        let mut a = output::Atomic::create(&out).unwrap();
        let mut n = 0usize;
        // Start each run with no dirty pages from the last one's 1.5 GB of
        // output, which the kernel would otherwise write back during this run.
        // SAFETY: sync takes no arguments and cannot fail.
        unsafe { libc::sync() };
        let t = Instant::now();
        let cpu0 = cpu_seconds();
        let analysed = pool
            .install(|| {
                batch::process(Box::new(reader), &cols, &opt, &analyser, |batch| {
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
        rates[slot].push(rate);
        let out_mb = std::fs::metadata(&out).map(|m| m.len()).unwrap_or(0) as f64 / 1e6;
        println!(
            "threads {threads}: {n} statements in {secs:.2}s = {rate:.0} statements/s, {:.1} MB/s in, {:.0} MB/s out; \
             {analysed} analysed, {} from the cache; CPU {user:.2}s user + {sys:.2}s system; VmHWM {} kB",
            bytes as f64 / 1e6 / secs,
            out_mb / secs,
            n - analysed,
            vm_hwm_kb().unwrap_or(0)
        );
        let _ = std::fs::remove_file(&out);
    }
    let median = |v: &mut Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    let medians: Vec<f64> = rates.iter_mut().map(median).collect();
    for (threads, m) in threads_wanted.iter().zip(&medians) {
        println!("median of {runs}, threads {threads}: {m:.0} statements/s");
    }
    if let [one, two] = medians[..] {
        println!("speed-up 2 threads / 1 thread (medians): {:.2}x", two / one);
    }
    let _ = std::fs::remove_dir_all(&dir);
}
