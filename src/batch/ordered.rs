//! Jobs made in order on the calling thread, done on any pool thread, and
//! their results handed back in the order the jobs were made: the shape of
//! a bulk audit (chunks of rows) and of `check` on standard input (chunks of
//! lines).
//!
//! A job is one task, done whole by the thread that takes it. Splitting each
//! job with parallel loops instead makes every job wait at its joins, and on
//! a host whose threads wake slowly two threads then ran only 1.27 times as
//! fast as one (issue 17).

use std::collections::BTreeMap;
use std::sync::mpsc;

/// Jobs made and not yet sunk, at most, for the callers' runs: two a pool
/// thread, enough to keep every thread busy while one result is sunk, few
/// enough to bound memory (an audit's chunk is about 1.5 MB with its records).
pub fn in_flight() -> usize {
    2 * rayon::current_num_threads()
}

/// Makes jobs with `next` on the calling thread, does each with `work` on
/// whichever thread of the current rayon pool is free, and hands the results
/// to `sink`, on the calling thread, in the order the jobs were made.
///
/// At most `in_flight` jobs are made and not yet sunk, which bounds memory.
/// While the next result is not ready, the calling thread does queued jobs
/// itself, so no thread is started and a pool of N threads does the work on
/// N threads. Stops at `sink`'s first error, after the jobs already queued
/// have finished; a panic in `work` is raised again here.
pub fn in_order<J: Send, R: Send, E>(
    in_flight: usize,
    mut next: impl FnMut() -> Option<J>,
    work: impl Fn(J) -> R + Sync,
    mut sink: impl FnMut(R) -> Result<(), E>,
) -> Result<(), E> {
    let in_flight = in_flight.max(1);
    let (done_tx, done_rx) = mpsc::channel::<(usize, std::thread::Result<R>)>();
    rayon::in_place_scope_fifo(|scope| {
        let work = &work;
        let mut made = 0usize;
        let mut sunk = 0usize;
        let mut at_end = false;
        // Results that came back before the ones made earlier.
        let mut early: BTreeMap<usize, R> = BTreeMap::new();
        loop {
            while !at_end && made - sunk < in_flight {
                let Some(job) = next() else {
                    at_end = true;
                    break;
                };
                let (seq, tx) = (made, done_tx.clone());
                made += 1;
                scope.spawn_fifo(move |_| {
                    let done = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| work(job)));
                    // The receiver outlives the scope, so this cannot fail.
                    let _ = tx.send((seq, done));
                });
            }
            if sunk == made {
                return Ok(());
            }
            let result = loop {
                if let Some(r) = early.remove(&sunk) {
                    break r;
                }
                let (seq, done) = match done_rx.try_recv() {
                    Ok(got) => got,
                    // Nothing finished: do a queued job here or, when every
                    // queued job has been started, wait for the other threads.
                    Err(_) => match rayon::yield_now() {
                        Some(rayon::Yield::Executed) => continue,
                        _ => done_rx.recv().expect("every job sends its result"),
                    },
                };
                match done {
                    Ok(r) => {
                        early.insert(seq, r);
                    }
                    Err(panic) => std::panic::resume_unwind(panic),
                }
            };
            sunk += 1;
            sink(result)?;
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pool(threads: usize) -> rayon::ThreadPool {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap()
    }

    /// Jobs that finish out of order (later ones are quicker) come back in
    /// the order they were made, on one thread and on several.
    #[test]
    fn results_come_back_in_the_order_jobs_were_made() {
        for threads in [1, 2, 4] {
            for in_flight in [1, 3, 8] {
                let mut jobs = 0..200u64;
                let mut got = Vec::new();
                pool(threads)
                    .install(|| {
                        in_order(
                            in_flight,
                            || jobs.next(),
                            |n| {
                                std::thread::sleep(std::time::Duration::from_micros((200 - n) % 7 * 50));
                                n * n
                            },
                            |r| {
                                got.push(r);
                                Ok::<(), ()>(())
                            },
                        )
                    })
                    .unwrap();
                let want: Vec<u64> = (0..200).map(|n| n * n).collect();
                assert_eq!(got, want, "{threads} threads, {in_flight} in flight");
            }
        }
    }

    /// No more than `in_flight` jobs are made before the first is sunk.
    #[test]
    fn no_more_than_in_flight_jobs_wait_unsunk() {
        use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
        let made = AtomicUsize::new(0);
        let mut sunk = 0usize;
        pool(2)
            .install(|| {
                in_order(
                    3,
                    || (made.load(Relaxed) < 50).then(|| _ = made.fetch_add(1, Relaxed)),
                    |()| (),
                    |()| {
                        sunk += 1;
                        let made = made.load(Relaxed);
                        assert!(made - sunk < 3, "{made} made, {sunk} sunk");
                        Ok::<(), ()>(())
                    },
                )
            })
            .unwrap();
        assert_eq!(sunk, 50);
    }

    /// The sink's first error stops the run: no job is made after it, and
    /// the error comes back.
    #[test]
    fn the_sinks_error_stops_making_jobs() {
        let mut made = 0usize;
        let out = pool(2).install(|| {
            in_order(
                2,
                || {
                    made += 1;
                    Some(made)
                },
                |n| n,
                |n| if n == 5 { Err(n) } else { Ok(()) },
            )
        });
        assert_eq!(out, Err(5));
        assert!(made <= 6, "{made} jobs made");
    }

    /// A job's panic reaches the caller instead of leaving it waiting.
    #[test]
    fn a_panicking_job_panics_the_caller() {
        let caught = std::panic::catch_unwind(|| {
            let mut jobs = 0..10;
            pool(2).install(|| {
                in_order(
                    4,
                    || jobs.next(),
                    |n| assert_ne!(n, 6, "job six fails"),
                    |()| Ok::<(), ()>(()),
                )
            })
        });
        assert!(caught.is_err());
    }
}
