//! `smartplan serve`: a local web page for practitioners and a JSON API for
//! other systems, on one small synchronous HTTP server (`tiny_http`).
//!
//! Routes: `GET /` (the page), `POST /api/analyse`, `GET /api/health`,
//! `GET /api/version`. Nothing is stored; statement text is never logged.
//! The API envelope is always `{"records": [...], "summary": {...}}`, whether
//! the request carried one `text` or a list of `statements`.

mod api;
use crate::sha256;

use crate::pipeline::Analyser;
use std::io::Read;
use std::net::SocketAddr;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::Arc;
use std::time::Instant;
use tiny_http::{Header, Method, Request, Response};

pub use api::{analyse_body, ApiError, DEFAULT_MAX_STATEMENTS};

/// The page: one file, CSS and JS inline, nothing fetched from elsewhere.
pub const PAGE: &str = include_str!("page.html");

/// Default request body limit: 1 MB.
pub const DEFAULT_MAX_BODY: usize = 1 << 20;

/// How the server runs.
#[derive(Debug, Clone)]
pub struct Options {
    pub addr: SocketAddr,
    pub max_body: usize,
    pub max_statements: usize,
    /// Worker threads; 0 = twice the number of cores.
    pub workers: usize,
    /// Log method, path, status and duration to standard error.
    pub log: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            addr: SocketAddr::from(([127, 0, 0, 1], 8080)),
            max_body: DEFAULT_MAX_BODY,
            max_statements: DEFAULT_MAX_STATEMENTS,
            workers: 0,
            log: false,
        }
    }
}

/// A running server: its address, and a way to stop it.
pub struct Running {
    pub addr: SocketAddr,
    server: Arc<tiny_http::Server>,
    workers: Vec<std::thread::JoinHandle<()>>,
}

impl Running {
    /// Blocks until every worker has ended (they end on `stop`).
    pub fn join(mut self) {
        for w in self.workers.drain(..) {
            let _ = w.join();
        }
    }
    /// Stops accepting requests and ends the workers.
    pub fn stop(self) {
        for _ in 0..self.workers.len() {
            self.server.unblock();
        }
        self.join();
    }
}

/// Everything a worker shares with the others.
struct Shared {
    analyser: Analyser,
    opts: Options,
    csp: String,
}

/// Binds and starts the workers; returns at once.
pub fn start(analyser: Analyser, opts: Options) -> std::io::Result<Running> {
    let listener = std::net::TcpListener::bind(opts.addr)?;
    no_delay(&listener);
    let server =
        tiny_http::Server::from_listener(listener, None).map_err(|e| std::io::Error::other(e.to_string()))?;
    let addr = server
        .server_addr()
        .to_ip()
        .ok_or_else(|| std::io::Error::other("not an IP address"))?;
    let server = Arc::new(server);
    let n = if opts.workers > 0 {
        opts.workers
    } else {
        2 * std::thread::available_parallelism().map_or(2, |n| n.get())
    };
    let shared = Arc::new(Shared {
        analyser,
        csp: content_security_policy(PAGE),
        opts,
    });
    let workers = (0..n)
        .map(|i| {
            let server = Arc::clone(&server);
            let shared = Arc::clone(&shared);
            std::thread::Builder::new()
                .name(format!("serve-{i}"))
                .spawn(move || {
                    while let Ok(req) = server.recv() {
                        serve_one(&shared, req);
                    }
                })
        })
        .collect::<std::io::Result<Vec<_>>>()?;
    Ok(Running {
        addr,
        server,
        workers,
    })
}

/// Sets TCP_NODELAY on the listening socket; Linux gives accepted sockets the
/// listener's setting. tiny_http writes headers and body through a 1 KB
/// buffer, so without it a keep-alive client's delayed ACK stalls each answer
/// by ~40 ms (measured: 86 requests/s on 4 connections, 44 ms p50).
#[cfg(unix)]
fn no_delay(listener: &std::net::TcpListener) {
    use std::os::fd::AsRawFd;
    let one: libc::c_int = 1;
    // SAFETY: a valid socket descriptor, a pointer to a c_int and its size.
    unsafe {
        libc::setsockopt(
            listener.as_raw_fd(),
            libc::IPPROTO_TCP,
            libc::TCP_NODELAY,
            (&one as *const libc::c_int).cast(),
            std::mem::size_of::<libc::c_int>() as libc::socklen_t,
        );
    }
}

#[cfg(not(unix))]
fn no_delay(_listener: &std::net::TcpListener) {}

/// A response before it is written: status, content type, body, extra headers.
struct Reply {
    status: u16,
    content_type: &'static str,
    body: Vec<u8>,
    headers: Vec<(&'static str, String)>,
}

impl Reply {
    fn json(status: u16, value: &serde_json::Value) -> Reply {
        Reply {
            status,
            content_type: "application/json; charset=utf-8",
            body: serde_json::to_vec(value).unwrap_or_default(),
            headers: Vec::new(),
        }
    }
    fn error(status: u16, message: &str) -> Reply {
        Reply::json(status, &serde_json::json!({ "error": message }))
    }
}

fn serve_one(shared: &Shared, mut req: Request) {
    let started = Instant::now();
    let method = req.method().clone();
    // The query string is never logged nor used: it is cut here.
    let path = req.url().split('?').next().unwrap_or("").to_string();
    let reply = match catch_unwind(AssertUnwindSafe(|| route(shared, &method, &path, &mut req))) {
        Ok(r) => r,
        Err(_) => Reply::error(
            500,
            "Something went wrong inside smartplan; the statement was not analysed.",
        ),
    };
    let status = reply.status;
    // Always Content-Length, never chunked: simpler for the systems that call us.
    let mut resp = Response::from_data(reply.body)
        .with_status_code(status)
        .with_chunked_threshold(usize::MAX);
    let mut headers = vec![
        ("Content-Type", reply.content_type.to_string()),
        ("Cache-Control", "no-store".to_string()),
        ("X-Content-Type-Options", "nosniff".to_string()),
        ("Referrer-Policy", "no-referrer".to_string()),
    ];
    headers.extend(reply.headers);
    for (k, v) in headers {
        if let Ok(h) = Header::from_bytes(k.as_bytes(), v.as_bytes()) {
            resp.add_header(h);
        }
    }
    if shared.opts.log {
        eprintln!(
            "{} {} {} {:.1}ms",
            method,
            path,
            status,
            started.elapsed().as_secs_f64() * 1000.0
        );
    }
    let _ = req.respond(resp);
}

fn route(shared: &Shared, method: &Method, path: &str, req: &mut Request) -> Reply {
    let allowed: &str = match path {
        "/" | "/index.html" | "/api/health" | "/api/version" => "GET, HEAD",
        "/api/analyse" => "POST",
        _ => return Reply::error(404, "Nothing here. The page is at / and the API at /api/analyse."),
    };
    let ok = match method {
        Method::Get | Method::Head => allowed.starts_with("GET"),
        Method::Post => allowed == "POST",
        _ => false,
    };
    if !ok {
        let mut r = Reply::error(405, &format!("{path} accepts {allowed} only."));
        r.headers.push(("Allow", allowed.to_string()));
        return r;
    }
    match path {
        "/" | "/index.html" => Reply {
            status: 200,
            content_type: "text/html; charset=utf-8",
            body: PAGE.as_bytes().to_vec(),
            headers: vec![
                ("Content-Security-Policy", shared.csp.clone()),
                ("X-Frame-Options", "DENY".to_string()),
            ],
        },
        "/api/health" => Reply::json(200, &serde_json::json!({ "status": "ok" })),
        "/api/version" => Reply::json(
            200,
            &serde_json::json!({
                "name": "smartplan",
                "version": env!("CARGO_PKG_VERSION"),
                "schema": crate::record::SCHEMA,
            }),
        ),
        _ => match read_body(req, shared.opts.max_body) {
            Err(r) => r,
            Ok(body) => match api::analyse_body(&shared.analyser, &body, shared.opts.max_statements) {
                Ok(body) => Reply {
                    status: 200,
                    content_type: "application/json; charset=utf-8",
                    body,
                    headers: Vec::new(),
                },
                Err(e) => Reply::error(e.status, &e.message),
            },
        },
    }
}

/// Reads at most `max` bytes; a longer body (declared or actual) is a 413.
fn read_body(req: &mut Request, max: usize) -> Result<Vec<u8>, Reply> {
    let too_big = || {
        Reply::error(
            413,
            &format!("The request is larger than this server accepts ({max} bytes). Send fewer statements at a time."),
        )
    };
    if req.body_length().is_some_and(|n| n > max) {
        return Err(too_big());
    }
    let mut body = Vec::new();
    match req.as_reader().take(max as u64 + 1).read_to_end(&mut body) {
        Ok(_) if body.len() > max => Err(too_big()),
        Ok(_) => Ok(body),
        Err(_) => Err(Reply::error(400, "The request body could not be read.")),
    }
}

/// A strict policy: nothing from elsewhere, only the page's own inline script
/// and style (by hash), requests only to this server.
pub fn content_security_policy(page: &str) -> String {
    let hashes = |tag: &str| -> String {
        inline_blocks(page, tag)
            .map(|b| format!(" 'sha256-{}'", sha256::base64(&sha256::digest(b.as_bytes()))))
            .collect()
    };
    format!(
        "default-src 'none'; script-src{}; style-src{}; connect-src 'self'; img-src 'self' data:; \
         base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
        hashes("script"),
        hashes("style")
    )
}

/// The contents of each `<tag>…</tag>` block in the page.
fn inline_blocks<'a>(page: &'a str, tag: &'a str) -> impl Iterator<Item = &'a str> + 'a {
    let open = format!("<{tag}>");
    let close = format!("</{tag}>");
    let mut rest = page;
    std::iter::from_fn(move || {
        let s = rest.find(&open)? + open.len();
        let e = s + rest[s..].find(&close)?;
        let block = &rest[s..e];
        rest = &rest[e + close.len()..];
        Some(block)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csp_hashes_every_inline_block_and_allows_nothing_from_elsewhere() {
        let page = "<style>a{}</style><script>x()</script><script>y()</script>";
        let csp = content_security_policy(page);
        assert_eq!(csp.matches("'sha256-").count(), 3);
        assert!(csp.starts_with("default-src 'none'"));
        assert!(!csp.contains("unsafe-inline"));
        assert!(!csp.contains("http"));
    }

    #[test]
    fn the_page_has_one_script_and_one_style_block_and_no_outside_source() {
        assert_eq!(inline_blocks(PAGE, "script").count(), 1);
        assert_eq!(inline_blocks(PAGE, "style").count(), 1);
        for bad in ["http://", "https://", "innerHTML", " src=", "<link"] {
            assert!(!PAGE.contains(bad), "page contains {bad}");
        }
    }
}
