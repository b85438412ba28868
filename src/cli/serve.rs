//! `smartplan serve`: the practitioners' page and the JSON API on a local port.

use super::shared::{load_analyser, Failure, Global};
use crate::serve::{self, Options};
use std::io::Write;
use std::net::{IpAddr, SocketAddr};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Address to listen on. Anything but loopback lets other machines send statements here.
    #[arg(long, default_value = "127.0.0.1", value_name = "IP")]
    pub bind: IpAddr,
    /// Port to listen on; 0 picks a free one (the address is printed).
    #[arg(long, default_value_t = 8080)]
    pub port: u16,
    /// Largest request body accepted, in bytes (larger gets 413).
    #[arg(long, default_value_t = serve::DEFAULT_MAX_BODY, value_name = "BYTES")]
    pub max_body: usize,
    /// Most statements accepted in one request (more gets 413).
    #[arg(long, default_value_t = serve::DEFAULT_MAX_STATEMENTS, value_name = "N")]
    pub max_statements: usize,
    /// Threads that analyse requests (default: one per core). Connections are
    /// read and answered on one more thread, however many there are.
    #[arg(long, value_name = "N")]
    pub workers: Option<std::num::NonZeroUsize>,
    /// Log each request's method, path, status and duration to standard error (never its text).
    #[arg(long)]
    pub log: bool,
}

pub fn run(global: &Global, args: &Args) -> Result<i32, Failure> {
    let analyser = load_analyser(global.lexicons.as_deref())?;
    if !args.bind.is_loopback() {
        eprintln!(
            "smartplan: warning: listening on {} — statement text sent to this server will cross the network unencrypted. \
             Use --bind 127.0.0.1 unless that is intended.",
            args.bind
        );
    }
    // A panic message can quote the text being analysed: say only where it happened.
    std::panic::set_hook(Box::new(|info| {
        let at = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        eprintln!("smartplan: internal error{at}; the request was answered with 500");
    }));
    let opts = Options {
        addr: SocketAddr::new(args.bind, args.port),
        max_body: args.max_body,
        max_statements: args.max_statements,
        workers: args.workers.map_or(0, |n| n.get()),
        log: args.log,
    };
    let running = serve::start(analyser, opts)
        .map_err(|e| Failure::usage(format!("cannot listen on {}:{}: {e}", args.bind, args.port)))?;
    let mut out = std::io::stdout();
    writeln!(out, "smartplan serve: listening on http://{}/", running.addr)?;
    out.flush()?;
    running
        .join()
        .map_err(|e| Failure::usage(format!("smartplan serve stopped: {e}")))?;
    Ok(0)
}
