//! What every subcommand shares: the global options, the failure type and
//! exit code, loading the analyser (the one place lexicon files are read from
//! a folder) and reading statements from an argument or standard input.
//! A leaf module: subcommands import it, it imports none of them.

use crate::lexicon::{LexiconError, Lexicons};
use crate::pipeline::Analyser;
use std::path::PathBuf;

/// Options every subcommand takes.
#[derive(Debug, Clone, clap::Args)]
pub struct Global {
    /// A folder of lexicon files (*.toml) that add to or override the built-in word lists.
    #[arg(long, global = true, value_name = "DIR")]
    pub lexicons: Option<PathBuf>,
}

/// Failure of a command, with the exit code it maps to.
#[derive(Debug)]
pub struct Failure {
    pub code: i32,
    pub message: String,
}

impl Failure {
    pub fn usage(message: impl Into<String>) -> Self {
        Failure {
            code: 2,
            message: message.into(),
        }
    }
}

impl From<std::io::Error> for Failure {
    fn from(e: std::io::Error) -> Self {
        Failure {
            code: 2,
            message: e.to_string(),
        }
    }
}

/// The statements a one-at-a-time command works on: its argument, or standard
/// input, one per line, when there is no argument or it is `-` (as in most
/// command-line tools). With `keep_blank`, blank lines stay (so records line
/// up with input lines). When there is nothing to work on, the usage error
/// says `nothing`.
pub fn statements_from(text: Option<&str>, keep_blank: bool, nothing: &str) -> Result<Vec<String>, Failure> {
    use std::io::BufRead;
    let statements = match text {
        Some(t) if t != "-" => vec![t.to_string()],
        _ => {
            let mut v = Vec::new();
            for line in std::io::stdin().lock().lines() {
                let line = line.map_err(|e| match e.kind() {
                    std::io::ErrorKind::InvalidData => Failure::usage(
                        "standard input is not UTF-8 text: save the file as UTF-8 (in Excel: CSV UTF-8) and try again",
                    ),
                    _ => Failure::usage(format!("cannot read standard input: {e}")),
                })?;
                if keep_blank || !line.trim().is_empty() {
                    v.push(line.trim_end_matches('\r').to_string());
                }
            }
            v
        }
    };
    if statements.iter().all(|s| s.trim().is_empty()) {
        return Err(Failure::usage(nothing));
    }
    Ok(statements)
}

/// Opens a file the user named, to read; when it cannot be, the message
/// names it and says what to do.
pub fn open_input(path: &std::path::Path) -> Result<std::fs::File, Failure> {
    let shown = path.display();
    if std::fs::metadata(path).is_ok_and(|m| m.is_dir()) {
        return Err(Failure::usage(format!(
            "{shown} is a folder, not a file: name a file inside it"
        )));
    }
    std::fs::File::open(path).map_err(|e| {
        Failure::usage(match e.kind() {
            std::io::ErrorKind::NotFound => {
                format!("cannot open {shown}: there is no such file; check the name and the folder")
            }
            std::io::ErrorKind::PermissionDenied => format!(
                "cannot open {shown}: you do not have permission to read it; ask for access or copy it somewhere you can read"
            ),
            _ => format!("cannot open {shown}: {e}"),
        })
    })
}

/// The analyser with the built-in lexicons and, if given, every `*.toml`
/// file in `dir` merged over them in name order.
pub fn load_analyser(dir: Option<&std::path::Path>) -> Result<Analyser, Failure> {
    let files = match dir {
        Some(d) => lexicon_files(d).map_err(|e| Failure::usage(e.to_string()))?,
        None => Vec::new(),
    };
    let lex = Lexicons::with_overrides(files.iter().map(|(n, t)| (n.as_str(), t.as_str())))
        .map_err(|e| Failure::usage(e.to_string()))?;
    Ok(Analyser::new(lex))
}

/// Every `*.toml` file in `dir`, in name order, as (path shown, text).
pub fn lexicon_files(dir: &std::path::Path) -> Result<Vec<(String, String)>, LexiconError> {
    let err = |file: String, message: String| LexiconError {
        file,
        line: None,
        message,
    };
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .map_err(|e| err(dir.display().to_string(), format!("cannot read the folder: {e}")))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|path| {
            let name = path.display().to_string();
            match std::fs::read_to_string(&path) {
                Ok(text) => Ok((name, text)),
                Err(e) => Err(err(name, format!("cannot read: {e}"))),
            }
        })
        .collect()
}
