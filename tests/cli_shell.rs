//! The command line keeps the habits of other command-line tools (ripgrep's
//! among them): `--version` and `-V` anywhere, `-h` a summary and `--help`
//! the long form, `-` for standard input, no hidden commands, and shell
//! completions and manual pages that name every command and option.

mod common;

use clap::CommandFactory;
use common::{fresh_dir, on_path, repo_path, run_smartplan};
use std::path::Path;
use std::process::Command;

/// Every command a user can type, with its long options, from the same
/// definition the binary parses with.
fn commands() -> Vec<(String, Vec<String>)> {
    let mut tree = smartplan::cli::Cli::command().disable_help_subcommand(true);
    tree.build();
    tree.get_subcommands()
        .map(|c| {
            let longs = c
                .get_arguments()
                .filter_map(|a| a.get_long())
                .map(str::to_string)
                .collect();
            (c.get_name().to_string(), longs)
        })
        .collect()
}

fn stdout_of(args: &[&str], stdin: &[u8]) -> String {
    let out = run_smartplan(args, stdin);
    assert!(
        out.status.success(),
        "smartplan {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn every_command_is_listed_in_help_none_hidden() {
    let help = stdout_of(&["--help"], b"");
    let commands = commands();
    assert!(commands.len() >= 9, "{commands:?}");
    for (name, _) in &commands {
        assert!(
            help.lines()
                .any(|l| l.trim_start().starts_with(&format!("{name} "))),
            "`{name}` missing from --help:\n{help}"
        );
    }
    assert!(
        commands.iter().any(|(n, _)| n == "generate"),
        "generate is a command"
    );
}

#[test]
fn version_is_the_programs_wherever_it_is_asked() {
    let want = format!("smartplan {}\n", env!("CARGO_PKG_VERSION"));
    for args in [
        &["--version"][..],
        &["-V"],
        &["check", "--version"],
        &["audit", "-V"],
    ] {
        assert_eq!(stdout_of(args, b""), want, "smartplan {args:?}");
    }
}

#[test]
fn short_help_is_a_summary_and_long_help_adds_examples() {
    for (short, long) in [
        (&["-h"][..], &["--help"][..]),
        (&["check", "-h"], &["check", "--help"]),
        (&["audit", "-h"], &["audit", "--help"]),
    ] {
        let short = stdout_of(short, b"");
        let long = stdout_of(long, b"");
        assert!(short.contains("see more with '--help'"), "{short}");
        assert!(!short.contains("Examples:"), "{short}");
        assert!(long.contains("Examples:"), "{long}");
        assert!(long.len() > short.len());
    }
    assert_eq!(
        stdout_of(&["help", "audit"], b""),
        stdout_of(&["audit", "--help"], b"")
    );
}

#[test]
fn no_command_is_a_usage_error_on_standard_error() {
    let out = run_smartplan(&[], b"");
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    assert!(String::from_utf8_lossy(&out.stderr).contains("Usage: smartplan"));
}

#[test]
fn dash_reads_standard_input_like_no_argument() {
    let input = b"Mum to engage with services\nSocial worker to visit every 2 weeks\n";
    for cmd in ["check", "rewrite"] {
        let piped = stdout_of(&[cmd, "--format", "json"], input);
        let dashed = stdout_of(&[cmd, "--format", "json", "-"], input);
        assert_eq!(dashed, piped, "{cmd} -");
        assert_eq!(
            dashed.lines().count(),
            2,
            "{cmd} - analysed both lines, not the text \"-\""
        );
        assert!(!dashed.contains("\"text\":\"-\""));
    }
    let corpus = std::fs::read(repo_path("corpus/statements.jsonl")).unwrap();
    let path = repo_path("corpus/statements.jsonl");
    assert_eq!(
        stdout_of(&["eval", "--json", "-"], &corpus),
        stdout_of(&["eval", "--json", path.to_str().unwrap()], b"")
    );
}

/// The long options of `longs` as a completion script for `shell` spells them.
fn spelled(shell: &str, long: &str) -> String {
    match shell {
        "fish" => format!("-l {long}"),
        _ => format!("--{long}"),
    }
}

#[test]
fn completion_scripts_name_every_command_and_option() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let script = stdout_of(&["completions", shell], b"");
        for (name, longs) in commands() {
            assert!(script.contains(&name), "{shell}: no `{name}`");
            for long in longs {
                assert!(
                    script.contains(&spelled(shell, &long)),
                    "{shell}: no {name} --{long}"
                );
            }
        }
    }
    let out = run_smartplan(&["completions", "tcsh"], b"");
    assert_eq!(out.status.code(), Some(2), "an unknown shell is a usage error");
}

/// What bash offers after `words` when the completion script is loaded.
fn bash_completes(script: &Path, words: &[&str]) -> Vec<String> {
    let line = words.join(" ");
    let program =
        format!(
        "source {script}\nCOMP_WORDS=({words})\nCOMP_CWORD={cword}\nCOMP_LINE='{line}'\nCOMP_POINT={point}\n\
         _smartplan smartplan '{cur}' '{prev}'\nprintf '%s\\n' \"${{COMPREPLY[@]}}\"\n",
        script = script.display(),
        words = words.iter().map(|w| format!("'{w}'")).collect::<Vec<_>>().join(" "),
        cword = words.len() - 1,
        point = line.len(),
        cur = words[words.len() - 1],
        prev = words[words.len() - 2],
    );
    let out = Command::new("bash")
        .arg("-c")
        .arg(program)
        .output()
        .expect("run bash");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect()
}

#[test]
fn bash_completes_commands_and_options() {
    let dir = fresh_dir("bash-completion");
    let script = dir.join("smartplan.bash");
    std::fs::write(&script, stdout_of(&["completions", "bash"], b"")).unwrap();
    assert_eq!(bash_completes(&script, &["smartplan", "au"]), ["audit"]);
    assert_eq!(bash_completes(&script, &["smartplan", "comp"]), ["completions"]);
    let mut plans = bash_completes(&script, &["smartplan", "audit", "--pla"]);
    plans.sort();
    assert_eq!(plans, ["--plan-column", "--plans"]);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn manual_pages_cover_every_command_and_option_and_render() {
    let dir = fresh_dir("man");
    let pages = dir.join("man1");
    stdout_of(&["man", "--dir", pages.to_str().unwrap()], b"");
    let mut written: Vec<String> = std::fs::read_dir(&pages)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    written.sort();
    let mut want: Vec<String> = commands()
        .iter()
        .map(|(n, _)| format!("smartplan-{n}.1"))
        .collect();
    want.push("smartplan.1".into());
    want.sort();
    assert_eq!(written, want);

    let main = std::fs::read_to_string(pages.join("smartplan.1")).unwrap();
    assert_eq!(
        stdout_of(&["man"], b""),
        main,
        "`smartplan man` prints the main page"
    );
    for (name, longs) in commands() {
        let file = pages.join(format!("smartplan-{name}.1"));
        let roff = std::fs::read_to_string(&file).unwrap();
        assert_eq!(stdout_of(&["man", &name], b""), roff, "`smartplan man {name}`");
        assert!(main.contains(&name), "the main page lists {name}");
        let out = Command::new(on_path("man", "man-db"))
            .arg("--warnings")
            .arg("-l")
            .arg(&file)
            .env("MANWIDTH", "200")
            .env("MANPAGER", "cat")
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success() && out.stderr.is_empty(),
            "man -l {name}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            text.contains(&format!("smartplan-{name}")) && text.contains("SYNOPSIS"),
            "{text}"
        );
        for long in longs {
            assert!(
                text.contains(&format!("--{long}")),
                "smartplan-{name}(1) has no --{long}"
            );
        }
    }
    let out = run_smartplan(&["man", "nope"], b"");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("audit, check"));
    let _ = std::fs::remove_dir_all(&dir);
}
