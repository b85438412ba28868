//! Requests and their answers, without sockets: the routes, the Host check,
//! the options the server runs with. `server.rs` feeds it bytes; the fuzz
//! target calls [`Handler::exchange`] directly.

use super::api::{self, DEFAULT_MAX_STATEMENTS};
use super::http::{self, Head, Method, Reply};
use crate::pipeline::Analyser;
use crate::sha256;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::ops::Range;
use std::panic::{catch_unwind, AssertUnwindSafe};

/// The page: one file, CSS and JS inline, nothing fetched from elsewhere.
pub const PAGE: &str = include_str!("page.html");

/// Default request body limit: 1 MB.
pub const DEFAULT_MAX_BODY: usize = 1 << 20;

/// How the server runs.
#[derive(Debug, Clone)]
pub struct Options {
    /// Where to listen (the default is on this computer only, 127.0.0.1).
    pub addr: SocketAddr,
    /// Largest request body accepted, in bytes; a larger one is refused with 413.
    pub max_body: usize,
    /// Most statements one request may send; more are refused with 413.
    pub max_statements: usize,
    /// Threads that analyse requests; 0 = one per core.
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

/// What answers requests, whatever carries them: the analyser, the limits,
/// the page's policy and the address whose names are accepted as `Host`.
pub struct Handler {
    analyser: Analyser,
    max_body: usize,
    max_statements: usize,
    csp: String,
    /// The address the server listens on (its port is part of every accepted Host).
    addr: SocketAddr,
    /// The 421 message, naming where the page is.
    misdirected: String,
}

/// What to do with the bytes a connection has sent so far.
pub(crate) enum Next {
    /// The request has not all arrived.
    More,
    /// Answer now (a refusal or a route that needs no analysis) and close
    /// after it if `close`; the request took the first `used` bytes.
    Answer {
        reply: Reply,
        head: Option<Head>,
        used: usize,
        close: bool,
    },
    /// A complete `POST /api/analyse`: its body is `buf[body]`.
    Analyse {
        head: Head,
        body: Range<usize>,
        used: usize,
    },
}

impl Handler {
    /// `addr` is where the server listens: with port 0 resolved.
    pub fn new(analyser: Analyser, opts: &Options, addr: SocketAddr) -> Handler {
        let port = addr.port();
        let misdirected = if addr.ip().is_loopback() || addr.ip().is_unspecified() {
            format!(
                "This server answers only requests addressed to localhost:{port} or 127.0.0.1:{port}. \
                 Open the page at http://localhost:{port}/."
            )
        } else {
            format!(
                "This server answers only requests addressed to {addr} or localhost:{port}. \
                 Open the page at http://{addr}/."
            )
        };
        Handler {
            analyser,
            max_body: opts.max_body,
            max_statements: opts.max_statements,
            csp: content_security_policy(PAGE),
            addr,
            misdirected,
        }
    }

    /// Answers the requests in `input` as the server answers them on one
    /// connection, in order, stopping at the first that closes the connection
    /// or has not fully arrived. For tests and fuzzing: no socket involved.
    pub fn exchange(&self, input: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        let mut rest = input;
        let mut head = None;
        loop {
            let (reply, head_only, close, used) = match self.next(rest, &mut head) {
                Next::More => return out,
                Next::Answer {
                    reply,
                    head,
                    used,
                    close,
                } => (reply, head.is_some_and(|h| h.method == Method::Head), close, used),
                Next::Analyse { head, body, used } => {
                    (self.answer(&head, &rest[body]), false, !head.keep_alive, used)
                }
            };
            out.extend(reply.to_bytes(head_only, close));
            if close {
                return out;
            }
            rest = &rest[used..];
        }
    }

    /// Reads what `buf` holds: a request still arriving, one to answer now,
    /// or one to analyse. `known` keeps a parsed head between calls, so a
    /// body arriving in pieces does not have the head parsed again.
    pub(crate) fn next(&self, buf: &[u8], known: &mut Option<(Head, usize)>) -> Next {
        let refuse = |reply: Reply, head: Option<Head>| Next::Answer {
            reply,
            head,
            used: buf.len(),
            close: true,
        };
        if known.is_none() {
            let skip = http::leading_blank_lines(buf);
            if skip >= http::MAX_HEAD {
                return refuse(Reply::error(400, "The request is blank lines only."), None);
            }
            match http::parse_head(&buf[skip..]) {
                Ok(None) => return Next::More,
                Err(r) => return refuse(Reply::error(r.status, r.message), None),
                Ok(Some((head, len))) => match self.admit(&head) {
                    Err(reply) => return refuse(reply, Some(head)),
                    Ok(()) => *known = Some((head, skip + len)),
                },
            }
        }
        let Some((head, head_len)) = known.as_ref() else {
            return Next::More;
        };
        // Admitted, so the length is within max_body and fits a usize.
        let end = head_len + head.content_length as usize;
        if buf.len() < end {
            return Next::More;
        }
        let body = *head_len..end;
        let Some((head, _)) = known.take() else {
            return Next::More;
        };
        if head.method == Method::Post && head.path == "/api/analyse" {
            Next::Analyse {
                head,
                body,
                used: end,
            }
        } else {
            Next::Answer {
                reply: self.answer(&head, &buf[body]),
                close: !head.keep_alive,
                head: Some(head),
                used: end,
            }
        }
    }

    /// Whether a request whose head has arrived is read any further: from
    /// this host, with a body of a known length this server accepts. Checked
    /// before one byte of the body is read.
    fn admit(&self, head: &Head) -> Result<(), Reply> {
        match &head.host {
            None if head.http11 => {
                return Err(Reply::error(
                    400,
                    "The request does not say which Host it is for; an HTTP/1.1 request must.",
                ))
            }
            Some(host) if !self.host_allowed(host) => return Err(Reply::error(421, &self.misdirected)),
            _ => {}
        }
        if head.transfer_encoding {
            return Err(Reply::error(
                411,
                "Send the request body with a Content-Length header; chunked bodies are not accepted.",
            ));
        }
        if head.content_length > self.max_body as u64 {
            return Err(self.too_large());
        }
        Ok(())
    }

    fn too_large(&self) -> Reply {
        Reply::error(
            413,
            &format!(
                "The request is larger than this server accepts ({} bytes). Send fewer statements at a time.",
                self.max_body
            ),
        )
    }

    /// A DNS-rebinding defence: a page on another site whose name has been
    /// pointed at this machine sends its own name as Host. Accepted: `localhost`
    /// and loopback addresses, the address the server listens on, and any IP
    /// address when it listens on all of them (an address cannot be rebound;
    /// only a name can). Always with the server's port (or none on port 80).
    fn host_allowed(&self, host: &str) -> bool {
        let (ip, port) = match host.strip_prefix('[') {
            Some(v6) => {
                let Some((inside, after)) = v6.split_once(']') else {
                    return false;
                };
                let port = match after {
                    "" => None,
                    p => match p.strip_prefix(':') {
                        Some(p) => Some(p),
                        None => return false,
                    },
                };
                match inside.parse::<Ipv6Addr>() {
                    Ok(ip) => (Some(IpAddr::V6(ip)), port),
                    Err(_) => return false,
                }
            }
            None => {
                let (name, port) = match host.split_once(':') {
                    Some((n, p)) => (n, Some(p)),
                    None => (host, None),
                };
                match name.parse::<Ipv4Addr>() {
                    Ok(ip) => (Some(IpAddr::V4(ip)), port),
                    Err(_) if name.eq_ignore_ascii_case("localhost") => (None, port),
                    Err(_) => return false,
                }
            }
        };
        let port_ok = match port {
            None => self.addr.port() == 80,
            Some(p) => {
                p.len() <= 5 && p.bytes().all(|b| b.is_ascii_digit()) && p.parse() == Ok(self.addr.port())
            }
        };
        let name_ok = match ip {
            None => true, // localhost
            Some(ip) => ip.is_loopback() || ip == self.addr.ip() || self.addr.ip().is_unspecified(),
        };
        port_ok && name_ok
    }

    /// The answer to a complete request; a panic inside becomes a 500.
    pub(crate) fn answer(&self, head: &Head, body: &[u8]) -> Reply {
        catch_unwind(AssertUnwindSafe(|| self.route(head, body))).unwrap_or_else(|_| {
            Reply::error(
                500,
                "Something went wrong inside smartplan; the statement was not analysed.",
            )
        })
    }

    fn route(&self, head: &Head, body: &[u8]) -> Reply {
        let path = head.path.as_str();
        let allowed: &str = match path {
            "/" | "/index.html" | "/api/health" | "/api/version" => "GET, HEAD",
            "/api/analyse" => "POST",
            _ => return Reply::error(404, "Nothing here. The page is at / and the API at /api/analyse."),
        };
        let ok = match head.method {
            Method::Get | Method::Head => allowed.starts_with("GET"),
            Method::Post => allowed == "POST",
            Method::Other => false,
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
                    ("Content-Security-Policy", self.csp.clone()),
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
            _ => match api::analyse_body(&self.analyser, body, self.max_statements) {
                Ok(body) => Reply {
                    status: 200,
                    content_type: "application/json; charset=utf-8",
                    body,
                    headers: Vec::new(),
                },
                Err(e) => Reply::error(e.status, &e.message),
            },
        }
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

    fn handler(addr: &str) -> Handler {
        let addr: SocketAddr = addr.parse().unwrap();
        Handler::new(Analyser::builtin(), &Options::default(), addr)
    }

    #[test]
    fn host_names_accepted_depend_on_the_address_listened_on() {
        let table: &[(&str, &str, bool)] = &[
            ("127.0.0.1:8080", "localhost:8080", true),
            ("127.0.0.1:8080", "127.0.0.1:8080", true),
            ("127.0.0.1:8080", "127.0.0.2:8080", true),
            ("127.0.0.1:8080", "[::1]:8080", true),
            ("127.0.0.1:8080", "[::1]", false),
            ("127.0.0.1:8080", "[::1]x", false),
            ("127.0.0.1:8080", "[nonsense]:8080", false),
            ("127.0.0.1:8080", "localhost:+8080", false),
            ("127.0.0.1:8080", "localhost:", false),
            ("127.0.0.1:8080", "localhost:8080:8080", false),
            ("127.0.0.1:8080", "192.168.1.5:8080", false),
            ("127.0.0.1:8080", "evil.example:8080", false),
            ("127.0.0.1:80", "localhost", true),
            ("127.0.0.1:80", "localhost:80", true),
            ("192.168.1.5:8080", "192.168.1.5:8080", true),
            ("192.168.1.5:8080", "192.168.1.6:8080", false),
            ("192.168.1.5:8080", "smartplan-pc:8080", false),
            ("0.0.0.0:8080", "192.168.1.6:8080", true),
            ("0.0.0.0:8080", "smartplan-pc:8080", false),
            ("[::]:8080", "[fe80::1]:8080", true),
        ];
        for (listen, host, ok) in table {
            assert_eq!(
                handler(listen).host_allowed(host),
                *ok,
                "listening on {listen}, Host: {host}"
            );
        }
    }

    #[test]
    fn exchange_answers_pipelined_requests_and_stops_at_an_incomplete_one() {
        let h = handler("127.0.0.1:8080");
        let one = "GET /api/health HTTP/1.1\r\nHost: localhost:8080\r\n\r\n";
        let out = h.exchange(format!("{one}\r\n{one}GET / HTTP/1.1\r\nHost: loc").as_bytes());
        let text = String::from_utf8(out).unwrap();
        assert_eq!(text.matches("HTTP/1.1 200 OK").count(), 2, "{text}");
        let out = h.exchange(
            b"POST /api/analyse HTTP/1.1\r\nHost: localhost:8080\r\nContent-Length: 99999999999999\r\n\r\n",
        );
        assert!(String::from_utf8(out).unwrap().starts_with("HTTP/1.1 413 "));
    }

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
