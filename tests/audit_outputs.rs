//! A user's files are safe: `smartplan audit` never writes over its input,
//! never writes two outputs to one file, writes devices and pipes straight
//! through instead of replacing them, keeps a link a link, and leaves no
//! temporary file behind when interrupted or after an earlier run was killed.

#![cfg(unix)]
use std::path::{Path, PathBuf};
use std::process::Command;

mod common;
use common::{arg as s, audit, smartplan, stderr};

fn dir(name: &str) -> PathBuf {
    common::case_dir("outputs", name)
}

/// Every name in the folder, sorted.
fn listing(d: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(d)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn partials(d: &Path) -> Vec<String> {
    listing(d)
        .into_iter()
        .filter(|n| n.ends_with(".partial"))
        .collect()
}

const EXPORT: &str = "ID,Statement,Responsible\nr1,Mum to attend the alcohol service weekly,Mum\nr2,SW to visit the children,SW\n";

fn is_root() -> bool {
    // SAFETY: geteuid has no preconditions.
    unsafe { libc::geteuid() == 0 }
}

/// Makes a character device node (as root only), or says why the test
/// cannot run here.
fn char_device(at: &Path, major: u32, minor: u32) -> bool {
    if !is_root() {
        // Straight to the stream, past the test harness's capture, so the
        // skip shows in a plain `cargo test`.
        use std::io::Write;
        let _ = writeln!(
            std::io::stderr(),
            "skipped: making a device node needs root, and this test runs as another user"
        );
        return false;
    }
    let c = std::ffi::CString::new(at.as_os_str().as_encoded_bytes()).unwrap();
    // SAFETY: a valid path string; makedev and mknod have no other preconditions.
    let made = unsafe { libc::mknod(c.as_ptr(), libc::S_IFCHR | 0o666, libc::makedev(major, minor)) };
    assert_eq!(made, 0, "mknod {}", at.display());
    true
}

fn is_char_device(p: &Path) -> bool {
    use std::os::unix::fs::FileTypeExt;
    std::fs::symlink_metadata(p).is_ok_and(|m| m.file_type().is_char_device())
}

#[test]
fn an_output_that_is_the_input_is_refused_and_the_input_kept() {
    let d = dir("same-as-input");
    let input = d.join("in.csv");
    std::fs::write(&input, EXPORT).unwrap();
    std::fs::hard_link(&input, d.join("hard.csv")).unwrap();
    std::os::unix::fs::symlink("in.csv", d.join("link.csv")).unwrap();
    std::fs::create_dir(d.join("sub")).unwrap();
    let respelt = d.join("sub").join("..").join(".").join("in.csv");
    let before = listing(&d);
    for (option, out) in [
        ("-o", input.clone()),
        ("--csv", input.clone()),
        ("--jsonl", respelt),
        ("--summary", d.join("hard.csv")),
        ("--plans", d.join("link.csv")),
        ("--xlsx", d.join("hard.csv")),
        ("--html", d.join("link.csv")),
    ] {
        let o = audit(&[&s(&input), option, &s(&out)]);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(2), "{option} {}: {err}", out.display());
        assert!(
            err.contains("is the input file") && err.contains(&s(&out)),
            "{err}"
        );
        assert!(err.contains("Choose another name for the output"), "{err}");
        assert_eq!(std::fs::read_to_string(&input).unwrap(), EXPORT, "{option}");
        assert_eq!(listing(&d), before, "{option} touched the folder");
    }
    // The input through a link, the output by its real name: the same file.
    let o = audit(&[&s(&d.join("link.csv")), "--jsonl", &s(&input)]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert_eq!(std::fs::read_to_string(&input).unwrap(), EXPORT);
}

#[test]
fn two_outputs_at_one_path_are_refused_before_reading() {
    let d = dir("two-at-one");
    let input = d.join("in.csv");
    std::fs::write(&input, EXPORT).unwrap();
    let x = s(&d.join("x.out"));
    let x_again = s(&d.join(".").join("x.out"));
    for args in [
        vec!["--jsonl", &x, "--csv", &x],
        vec!["--jsonl", &x, "--csv", &x_again],
        vec!["-o", &x, "--summary", &x],
        vec!["--xlsx", &x, "--html", &x_again],
    ] {
        let mut all = vec![input.to_str().unwrap()];
        all.extend(args.iter().copied());
        let o = audit(&all);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {err}");
        assert!(
            err.contains("are the same file") && err.contains("x.out"),
            "{err}"
        );
        assert_eq!(listing(&d), ["in.csv"], "{args:?}");
    }
    // An existing file, and a hard link to it.
    std::fs::write(d.join("x.out"), "keep me").unwrap();
    std::fs::hard_link(d.join("x.out"), d.join("y.out")).unwrap();
    let o = audit(&[&s(&input), "--jsonl", &x, "--csv", &s(&d.join("y.out"))]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert_eq!(std::fs::read_to_string(d.join("x.out")).unwrap(), "keep me");
}

#[test]
fn a_folder_as_an_output_is_refused_naming_it() {
    let d = dir("folder-out");
    let input = d.join("in.csv");
    std::fs::write(&input, EXPORT).unwrap();
    std::fs::create_dir(d.join("out")).unwrap();
    let o = audit(&[&s(&input), "--jsonl", &s(&d.join("out"))]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains("is a folder: name a file for the output"), "{err}");
    assert!(err.contains(&s(&d.join("out").join("audit.jsonl"))), "{err}");
}

#[test]
fn a_device_node_named_as_an_output_stays_a_device() {
    let d = dir("device");
    let input = d.join("in.csv");
    std::fs::write(&input, EXPORT).unwrap();
    let null = d.join("null");
    if !char_device(&null, 1, 3) {
        return;
    }
    for args in [
        vec!["-o", null.to_str().unwrap()],
        vec!["--csv", null.to_str().unwrap(), "--jsonl", null.to_str().unwrap()],
    ] {
        let mut all = vec![input.to_str().unwrap()];
        all.extend(args.iter().copied());
        let o = audit(&all);
        assert!(o.status.success(), "{args:?}: {}", stderr(&o));
        assert!(is_char_device(&null), "{args:?} replaced the device node");
    }
    assert!(partials(&d).is_empty(), "{:?}", listing(&d));
}

/// A full disk (the "full" device, which answers every write with ENOSPC) is
/// an error naming the output, exit 2, and the device stays.
#[test]
fn a_full_device_is_exit_2_naming_the_output() {
    let d = dir("full");
    let input = d.join("in.csv");
    std::fs::write(&input, EXPORT).unwrap();
    // As root a private node, so even the old code could only replace that;
    // as anyone else the system's own, which they cannot replace.
    let full = d.join("full");
    let full = if char_device(&full, 1, 7) {
        full
    } else {
        PathBuf::from("/dev/full")
    };
    for option in ["-o", "--csv", "--summary", "--xlsx"] {
        let o = audit(&[&s(&input), option, &s(&full)]);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(2), "{option}: {err}");
        assert!(
            err.contains(&format!("cannot write {}", full.display())),
            "{option}: {err}"
        );
        assert!(err.contains("free some space"), "{option}: {err}");
        assert!(is_char_device(&full), "{option} replaced the device node");
    }
}

#[test]
fn a_fifo_output_is_written_straight_through() {
    let d = dir("fifo");
    let input = d.join("in.csv");
    std::fs::write(&input, EXPORT).unwrap();
    let fifo = d.join("pipe");
    let c = std::ffi::CString::new(fifo.as_os_str().as_encoded_bytes()).unwrap();
    // SAFETY: a valid path string.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read_to_string(fifo).unwrap())
    };
    let o = audit(&[&s(&input), "-o", &s(&fifo)]);
    assert!(o.status.success(), "{}", stderr(&o));
    use std::os::unix::fs::FileTypeExt;
    // Checked before waiting for the reader, which waits for ever on a pipe
    // that was replaced.
    assert!(
        std::fs::symlink_metadata(&fifo).unwrap().file_type().is_fifo(),
        "the pipe was replaced"
    );
    let got = reader.join().unwrap();
    let ids: Vec<String> = got
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["id"].to_string())
        .collect();
    assert_eq!(ids, ["\"r1\"", "\"r2\""]);
    assert!(partials(&d).is_empty(), "{:?}", listing(&d));
}

/// A link stays a link: the file it points at is replaced, keeping its
/// permissions (an export made private stays private), and a link to a file
/// not made yet makes that file.
#[test]
fn a_linked_output_replaces_the_file_it_points_at() {
    use std::os::unix::fs::PermissionsExt;
    let d = dir("link");
    let input = d.join("in.csv");
    std::fs::write(&input, EXPORT).unwrap();
    std::fs::create_dir(d.join("data")).unwrap();
    let real = d.join("data").join("real.jsonl");
    std::fs::write(&real, "old\n").unwrap();
    std::fs::set_permissions(&real, std::fs::Permissions::from_mode(0o600)).unwrap();
    std::os::unix::fs::symlink("data/real.jsonl", d.join("out.jsonl")).unwrap();
    std::os::unix::fs::symlink("data/new.csv", d.join("out.csv")).unwrap();
    let o = audit(&[
        &s(&input),
        "--jsonl",
        &s(&d.join("out.jsonl")),
        "--csv",
        &s(&d.join("out.csv")),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    for link in ["out.jsonl", "out.csv"] {
        assert!(
            std::fs::symlink_metadata(d.join(link))
                .unwrap()
                .file_type()
                .is_symlink(),
            "{link}"
        );
    }
    assert_eq!(std::fs::read_to_string(&real).unwrap().lines().count(), 2);
    assert_eq!(
        std::fs::metadata(&real).unwrap().permissions().mode() & 0o777,
        0o600
    );
    assert!(std::fs::read_to_string(d.join("data").join("new.csv"))
        .unwrap()
        .starts_with("ID,Statement"));
    assert!(partials(&d.join("data")).is_empty() && partials(&d).is_empty());
}

/// What a killed run left under the temporary name is neither followed (a
/// link there must not lead the write to another file) nor read, and does
/// not stay.
#[test]
fn a_partial_file_left_by_a_killed_run_is_replaced_not_followed() {
    use std::os::unix::fs::PermissionsExt;
    let d = dir("leftover");
    let input = d.join("in.csv");
    std::fs::write(&input, EXPORT).unwrap();
    std::fs::write(d.join("victim.txt"), "not yours").unwrap();
    std::os::unix::fs::symlink("victim.txt", d.join(".o.jsonl.partial")).unwrap();
    std::fs::write(d.join(".o.csv.partial"), "half a file from last time").unwrap();
    std::fs::set_permissions(d.join(".o.csv.partial"), std::fs::Permissions::from_mode(0o400)).unwrap();
    let o = audit(&[
        &s(&input),
        "--jsonl",
        &s(&d.join("o.jsonl")),
        "--csv",
        &s(&d.join("o.csv")),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        std::fs::read_to_string(d.join("victim.txt")).unwrap(),
        "not yours"
    );
    assert!(!std::fs::symlink_metadata(d.join("o.jsonl"))
        .unwrap()
        .file_type()
        .is_symlink());
    assert_eq!(
        std::fs::read_to_string(d.join("o.jsonl"))
            .unwrap()
            .lines()
            .count(),
        2
    );
    assert!(std::fs::read_to_string(d.join("o.csv"))
        .unwrap()
        .starts_with("ID,Statement"));
    assert!(partials(&d).is_empty(), "{:?}", listing(&d));
}

/// SIGTERM and SIGINT during an audit of a large export remove the
/// temporary files; the outputs were never finished, so they do not appear.
#[test]
fn an_interrupted_audit_leaves_no_partial_files() {
    use std::os::unix::process::ExitStatusExt;
    let d = dir("signals");
    let input = d.join("big.csv");
    let made = smartplan(&["generate", "--rows", "400000", "--seed", "5", "-o", &s(&input)]);
    assert!(made.status.success(), "{}", stderr(&made));
    for sig in [libc::SIGTERM, libc::SIGINT] {
        let out = d.join(format!("out{sig}"));
        std::fs::create_dir(&out).unwrap();
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_smartplan"));
        cmd.args(["audit", &s(&input), "--threads", "1"])
            .args(["-o", &s(&out.join("a.jsonl")), "--csv", &s(&out.join("a.csv"))])
            .stderr(std::process::Stdio::null());
        // A test run started in the background (a non-interactive shell's
        // `&`, `nohup`) passes SIGINT or SIGHUP on ignored, and smartplan
        // rightly keeps an ignored signal ignored: give the child the
        // default action, as a terminal would.
        // SAFETY: only async-signal-safe `signal` calls between fork and exec.
        unsafe {
            use std::os::unix::process::CommandExt;
            cmd.pre_exec(|| {
                libc::signal(libc::SIGINT, libc::SIG_DFL);
                libc::signal(libc::SIGTERM, libc::SIG_DFL);
                Ok(())
            });
        }
        let mut child = cmd.spawn().unwrap();
        // Wait until both temporary files exist, and some rows are written.
        let started = std::time::Instant::now();
        while partials(&out).len() < 2
            || std::fs::metadata(out.join(".a.jsonl.partial")).map_or(0, |m| m.len()) < 1 << 16
        {
            assert!(
                child.try_wait().unwrap().is_none(),
                "the audit ended before it could be interrupted"
            );
            assert!(
                started.elapsed().as_secs() < 60,
                "no temporary files: {:?}",
                listing(&out)
            );
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        // SAFETY: signalling our own child.
        assert_eq!(unsafe { libc::kill(child.id() as i32, sig) }, 0);
        let status = child.wait().unwrap();
        assert_eq!(status.signal(), Some(sig), "{status:?}");
        assert!(listing(&out).is_empty(), "signal {sig} left {:?}", listing(&out));
    }
    // The generated export is 60 MB.
    let _ = std::fs::remove_dir_all(&d);
}
