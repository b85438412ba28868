//! Temporary output files (`.NAME.partial`) that must not outlive the run:
//! they are listed here while they exist, and an interrupted run (Ctrl-C,
//! `kill`) removes them before it ends. A `SIGKILL` cannot be caught; the
//! next run that writes the same output replaces what it left
//! (`output::Atomic::create`).
//!
//! Signals are taken by a thread of their own that waits for them
//! (`sigwait`), with the signals blocked in every other thread: the removal
//! then runs as ordinary code, not in a signal handler, where taking a lock or
//! freeing memory is not allowed. That needs `libc` (already a dependency on
//! Unix) and about forty lines; the `signal-hook` crate would do the same
//! with a dependency more.

use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

/// Temporary files that exist now.
static PARTIALS: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// The list, held while a temporary file is made, renamed or removed, so an
/// interruption never falls between a file's creation and its listing.
pub(crate) fn partials() -> MutexGuard<'static, Vec<PathBuf>> {
    PARTIALS.lock().unwrap_or_else(|e| e.into_inner())
}

pub(crate) fn forget(list: &mut Vec<PathBuf>, path: &Path) {
    list.retain(|p| p != path);
}

/// From now on SIGINT, SIGTERM and SIGHUP remove the temporary files before
/// the process ends by the same signal (so a shell still sees "interrupted").
/// Call before any other thread starts: threads started later inherit the
/// blocked signals. A signal the process was started ignoring (`nohup`, a
/// background job's SIGINT) stays ignored.
#[cfg(unix)]
pub fn remove_partials_on_interrupt() {
    use std::sync::Once;
    static INSTALLED: Once = Once::new();
    INSTALLED.call_once(|| {
        // SAFETY: plain libc calls on a zeroed sigset_t and sigaction, which
        // are valid initial values for both.
        unsafe {
            let mut set: libc::sigset_t = std::mem::zeroed();
            libc::sigemptyset(&mut set);
            for sig in [libc::SIGINT, libc::SIGTERM, libc::SIGHUP] {
                let mut now: libc::sigaction = std::mem::zeroed();
                if libc::sigaction(sig, std::ptr::null(), &mut now) == 0 && now.sa_sigaction != libc::SIG_IGN
                {
                    libc::sigaddset(&mut set, sig);
                }
            }
            if libc::pthread_sigmask(libc::SIG_BLOCK, &set, std::ptr::null_mut()) != 0 {
                return;
            }
            let waiter = std::thread::Builder::new()
                .name("signals".into())
                .spawn(move || loop {
                    let mut sig = 0;
                    if libc::sigwait(&set, &mut sig) == 0 {
                        remove_and_end(sig);
                    }
                });
            if waiter.is_err() {
                libc::pthread_sigmask(libc::SIG_UNBLOCK, &set, std::ptr::null_mut());
            }
        }
    });
}

#[cfg(not(unix))]
pub fn remove_partials_on_interrupt() {}

/// Removes every temporary file and ends the process by `sig`. The list stays
/// locked, so no other thread can make a new one meanwhile.
#[cfg(unix)]
fn remove_and_end(sig: libc::c_int) -> ! {
    let list = partials();
    for p in list.iter() {
        let _ = std::fs::remove_file(p);
    }
    // SAFETY: restoring the default action and raising the signal in this
    // thread, the only one where it is not blocked, ends the process.
    unsafe {
        libc::signal(sig, libc::SIG_DFL);
        let mut set: libc::sigset_t = std::mem::zeroed();
        libc::sigemptyset(&mut set);
        libc::sigaddset(&mut set, sig);
        libc::pthread_sigmask(libc::SIG_UNBLOCK, &set, std::ptr::null_mut());
        libc::raise(sig);
        libc::_exit(128 + sig)
    }
}
