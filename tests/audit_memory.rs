//! Peak memory of an audit does not grow with how long the statements are.
//! Kept in a file of its own: the peak read here is that of the largest child
//! process this test binary has waited for.

mod common;

/// Largest resident set, in kB, of any child process waited for so far.
fn children_peak_kb() -> u64 {
    let mut u = std::mem::MaybeUninit::<libc::rusage>::zeroed();
    // SAFETY: getrusage fills the struct it is given.
    let u = unsafe {
        libc::getrusage(libc::RUSAGE_CHILDREN, u.as_mut_ptr());
        u.assume_init()
    };
    u.ru_maxrss as u64
}

/// 20,000 distinct statements of about 2,000 characters: every one analysed,
/// each analysis about 40 KB. The cache and the chunks are bounded by bytes,
/// not only by count (by count alone this took 600 MB).
#[test]
fn long_distinct_statements_audit_in_bounded_memory() {
    let words = [
        "Mum",
        "will",
        "attend",
        "the",
        "parenting",
        "course",
        "every",
        "week",
        "and",
        "social",
        "worker",
        "visit",
        "home",
        "to",
        "check",
        "children",
        "are",
        "safe",
        "by",
        "30/04/2026",
    ];
    let mut csv = String::from("Row ID,Plan ID,Statement\n");
    let mut seed = 7u64;
    for i in 0..20_000 {
        csv.push_str(&format!("R{i},P{},\"", i / 5));
        for _ in 0..330 {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            csv.push_str(words[(seed >> 33) as usize % words.len()]);
            csv.push(' ');
        }
        csv.push_str(&format!("case {i}\"\n"));
    }
    let dir = std::env::temp_dir().join(format!("smartplan-memory-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let input = dir.join("long.csv");
    std::fs::write(&input, &csv).unwrap();
    let out = dir.join("out.jsonl");
    let summary = dir.join("summary.json");
    let run = common::run_smartplan(
        &[
            "audit",
            input.to_str().unwrap(),
            "--threads",
            "2",
            "-o",
            out.to_str().unwrap(),
            "--summary",
            summary.to_str().unwrap(),
        ],
        b"",
    );
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let lines = std::fs::read_to_string(&out).unwrap().lines().count();
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(lines, 20_000);
    let peak_mb = children_peak_kb() / 1024;
    eprintln!("peak memory {peak_mb} MB");
    assert!(
        peak_mb < 200,
        "peak memory {peak_mb} MB for 20,000 long statements"
    );
}
