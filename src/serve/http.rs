//! HTTP/1.1 requests and responses as bytes: the request head parsed with
//! hard limits before anything is set aside for it, and a response written
//! whole (always with Content-Length). No sockets here, so the server and the
//! fuzz target share every line of it.

/// Largest request head (request line and headers), in bytes; more is a 431.
/// A browser's head to this page is under 1 KB; cookies other local sites set
/// for `localhost` come along too, hence the room.
pub const MAX_HEAD: usize = 16 * 1024;

/// Most header lines in one request head; more is a 431.
const MAX_HEADER_LINES: usize = 100;

/// The methods the routes know; anything else is answered 405.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Get,
    Head,
    Post,
    Other,
}

/// A parsed request head: only what the routes and the limits need.
#[derive(Debug, Clone)]
pub struct Head {
    pub method: Method,
    /// The method as sent, for the log (a token of at most 16 characters).
    pub method_name: String,
    /// The path, query string and fragment cut off (they are never used nor logged).
    pub path: String,
    /// HTTP/1.1 (else 1.0).
    pub http11: bool,
    /// The connection stays open after the answer: HTTP/1.1 without
    /// `Connection: close`. An HTTP/1.0 connection always closes (its
    /// keep-alive would need a header in the answer that old clients wait for).
    pub keep_alive: bool,
    /// Declared body length; saturates, so any huge value is simply "too large".
    pub content_length: u64,
    /// `Expect: 100-continue`: the client waits to be told to send its body.
    pub expect_continue: bool,
    /// The `Host` header as sent, if any.
    pub host: Option<String>,
    /// A `Transfer-Encoding` header was sent (chunked bodies are not accepted).
    pub transfer_encoding: bool,
}

/// A request refused before it is understood: status and a plain message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub status: u16,
    pub message: &'static str,
}

fn refuse(status: u16, message: &'static str) -> Refusal {
    Refusal { status, message }
}

/// Blank lines a client may send between requests (RFC 9112 §2.2), skipped.
pub fn leading_blank_lines(buf: &[u8]) -> usize {
    buf.iter().take_while(|&&b| b == b'\r' || b == b'\n').count()
}

/// Where the head ends (just past its blank line), looking at no more than
/// [`MAX_HEAD`] bytes. Lines end in CRLF or a bare LF.
fn head_end(buf: &[u8]) -> Option<usize> {
    let window = &buf[..buf.len().min(MAX_HEAD)];
    let mut line_start = 0;
    for (i, &b) in window.iter().enumerate() {
        if b == b'\n' {
            let line = &window[line_start..i];
            if line.is_empty() || line == b"\r" {
                return Some(i + 1);
            }
            line_start = i + 1;
        }
    }
    None
}

/// Parses the head at the start of `buf` (blank lines already skipped).
/// `Ok(None)`: not all of it has arrived yet. `Ok(Some((head, length)))`:
/// the head and how many bytes it took.
pub fn parse_head(buf: &[u8]) -> Result<Option<(Head, usize)>, Refusal> {
    let Some(end) = head_end(buf) else {
        return if buf.len() >= MAX_HEAD {
            Err(refuse(
                431,
                "The request's headers are larger than this server accepts (16 KB).",
            ))
        } else {
            Ok(None)
        };
    };
    let mut lines = buf[..end]
        .split(|&b| b == b'\n')
        .map(|l| l.strip_suffix(b"\r").unwrap_or(l));
    let request_line = lines.next().unwrap_or_default();
    let mut head = request_line_of(request_line)?;
    let mut seen_length: Option<u64> = None;
    let mut headers = 0;
    for line in lines.filter(|l| !l.is_empty()) {
        headers += 1;
        if headers > MAX_HEADER_LINES {
            return Err(refuse(
                431,
                "The request has more header lines than this server accepts (100).",
            ));
        }
        let (name, value) = header_of(line)?;
        match name.to_ascii_lowercase().as_slice() {
            b"host" => {
                if head.host.is_some() {
                    return Err(refuse(400, "The request names its Host twice."));
                }
                head.host = Some(String::from_utf8_lossy(value).into_owned());
            }
            b"content-length" => {
                let n = content_length_of(value)?;
                if seen_length.is_some_and(|m| m != n) {
                    return Err(refuse(400, "The request gives two different Content-Lengths."));
                }
                seen_length = Some(n);
            }
            b"transfer-encoding" => head.transfer_encoding = true,
            b"connection"
                if value
                    .split(|&b| b == b',')
                    .any(|o| trim(o).eq_ignore_ascii_case(b"close")) =>
            {
                head.keep_alive = false;
            }
            b"expect" => {
                if value.eq_ignore_ascii_case(b"100-continue") {
                    head.expect_continue = head.http11;
                } else {
                    return Err(refuse(
                        417,
                        "The request expects something this server does not do.",
                    ));
                }
            }
            _ => {}
        }
    }
    head.content_length = seen_length.unwrap_or(0);
    Ok(Some((head, end)))
}

/// `METHOD SP /path SP HTTP/1.x`, strictly: one space between the parts.
fn request_line_of(line: &[u8]) -> Result<Head, Refusal> {
    let bad = || {
        refuse(
            400,
            "The request line is not HTTP: expected e.g. \"GET / HTTP/1.1\".",
        )
    };
    let mut parts = line.split(|&b| b == b' ');
    let (Some(method), Some(target), Some(version), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(bad());
    };
    if method.is_empty() || method.len() > 16 || !method.iter().all(|&b| is_token_byte(b)) {
        return Err(bad());
    }
    // Origin form only ("/path"): an absolute URL or "*" names no route here.
    if target.first() != Some(&b'/') || !target.iter().all(|b| (0x21..0x7f).contains(b)) {
        return Err(bad());
    }
    let http11 = match version {
        b"HTTP/1.1" => true,
        b"HTTP/1.0" => false,
        v if v.starts_with(b"HTTP/") => {
            return Err(refuse(505, "This server speaks HTTP/1.1 and HTTP/1.0 only."));
        }
        _ => return Err(bad()),
    };
    let path_end = target
        .iter()
        .position(|&b| b == b'?' || b == b'#')
        .unwrap_or(target.len());
    let method_name = String::from_utf8_lossy(method).into_owned();
    Ok(Head {
        method: match method {
            b"GET" => Method::Get,
            b"HEAD" => Method::Head,
            b"POST" => Method::Post,
            _ => Method::Other,
        },
        method_name,
        path: String::from_utf8_lossy(&target[..path_end]).into_owned(),
        http11,
        keep_alive: http11,
        content_length: 0,
        expect_continue: false,
        host: None,
        transfer_encoding: false,
    })
}

/// `name: value`; no white space before the colon, no folded lines (both are
/// ways to smuggle a header past one reader and not another).
fn header_of(line: &[u8]) -> Result<(&[u8], &[u8]), Refusal> {
    let bad = || refuse(400, "A header line of the request is not \"Name: value\".");
    let colon = line.iter().position(|&b| b == b':').ok_or_else(bad)?;
    let name = &line[..colon];
    if name.is_empty() || !name.iter().all(|&b| is_token_byte(b)) {
        return Err(bad());
    }
    let value = trim(&line[colon + 1..]);
    if value.iter().any(|&b| b == b'\r' || b == 0) {
        return Err(bad());
    }
    Ok((name, value))
}

/// Digits only; a value too large for u64 saturates (it is over any limit).
fn content_length_of(value: &[u8]) -> Result<u64, Refusal> {
    if value.is_empty() || !value.iter().all(u8::is_ascii_digit) {
        return Err(refuse(400, "The request's Content-Length is not a number."));
    }
    Ok(value.iter().fold(0u64, |n, d| {
        n.saturating_mul(10).saturating_add(u64::from(d - b'0'))
    }))
}

fn trim(s: &[u8]) -> &[u8] {
    let is_space = |b: &u8| *b == b' ' || *b == b'\t';
    let start = s.iter().position(|b| !is_space(b)).unwrap_or(s.len());
    let end = s.iter().rposition(|b| !is_space(b)).map_or(start, |e| e + 1);
    &s[start..end]
}

/// RFC 9110 token characters (method and header names).
fn is_token_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

/// The interim answer to `Expect: 100-continue`.
pub const CONTINUE: &[u8] = b"HTTP/1.1 100 Continue\r\n\r\n";

/// A response before it is written: status, content type, body, extra headers.
#[derive(Debug, Clone)]
pub struct Reply {
    pub status: u16,
    pub content_type: &'static str,
    pub body: Vec<u8>,
    pub headers: Vec<(&'static str, String)>,
}

impl Reply {
    pub fn json(status: u16, value: &serde_json::Value) -> Reply {
        Reply {
            status,
            content_type: "application/json; charset=utf-8",
            body: serde_json::to_vec(value).unwrap_or_default(),
            headers: Vec::new(),
        }
    }

    pub fn error(status: u16, message: &str) -> Reply {
        Reply::json(status, &serde_json::json!({ "error": message }))
    }

    /// The whole response as bytes: status line, headers, and the body unless
    /// the request was a HEAD. Always Content-Length, never chunked.
    pub fn to_bytes(&self, head_only: bool, close: bool) -> Vec<u8> {
        use std::io::Write;
        let mut out = Vec::with_capacity(320 + if head_only { 0 } else { self.body.len() });
        // Writing to a Vec cannot fail.
        let _ = write!(
            out,
            "HTTP/1.1 {} {}\r\nDate: {}\r\nContent-Type: {}\r\nContent-Length: {}\r\n\
             Cache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nReferrer-Policy: no-referrer\r\n",
            self.status,
            reason(self.status),
            chrono::Utc::now().format("%a, %d %b %Y %H:%M:%S GMT"),
            self.content_type,
            self.body.len()
        );
        for (name, value) in &self.headers {
            let _ = write!(out, "{name}: {value}\r\n");
        }
        if close {
            out.extend_from_slice(b"Connection: close\r\n");
        }
        out.extend_from_slice(b"\r\n");
        if !head_only {
            out.extend_from_slice(&self.body);
        }
        out
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        411 => "Length Required",
        413 => "Content Too Large",
        417 => "Expectation Failed",
        421 => "Misdirected Request",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        505 => "HTTP Version Not Supported",
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn head(raw: &str) -> Head {
        parse_head(raw.as_bytes()).expect("parses").expect("complete").0
    }

    #[test]
    fn a_browser_request_head_is_read_with_its_length() {
        let raw = "POST /api/analyse?x=1 HTTP/1.1\r\nHost: localhost:8080\r\nContent-Length: 12\r\n\
                   Connection: keep-alive\r\n\r\n{\"text\":\"\"}";
        let (h, len) = parse_head(raw.as_bytes()).unwrap().unwrap();
        assert_eq!(len, raw.len() - 11);
        assert_eq!(h.method, Method::Post);
        assert_eq!(h.path, "/api/analyse");
        assert_eq!(h.host.as_deref(), Some("localhost:8080"));
        assert_eq!(h.content_length, 12);
        assert!(h.http11 && h.keep_alive && !h.expect_continue);
    }

    #[test]
    fn a_head_still_arriving_is_incomplete_until_its_blank_line() {
        for partial in [
            "",
            "GET",
            "GET / HTTP/1.1\r\n",
            "GET / HTTP/1.1\r\nHost: a\r\n",
            "GET / HTTP/1.1\r\nHost: a\r\n\r",
        ] {
            assert!(parse_head(partial.as_bytes()).unwrap().is_none(), "{partial:?}");
        }
        // bare LF line ends are read too
        assert_eq!(head("GET /api/health HTTP/1.0\n\n").path, "/api/health");
    }

    #[test]
    fn connection_defaults_follow_the_version_and_the_header() {
        let table = [
            ("GET / HTTP/1.1\r\n\r\n", true),
            ("GET / HTTP/1.1\r\nConnection: close\r\n\r\n", false),
            ("GET / HTTP/1.1\r\nConnection: Upgrade, Close\r\n\r\n", false),
            ("GET / HTTP/1.0\r\n\r\n", false),
            ("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n", false),
        ];
        for (raw, keep) in table {
            assert_eq!(head(raw).keep_alive, keep, "{raw:?}");
        }
    }

    #[test]
    fn a_content_length_too_big_for_a_number_saturates_instead_of_failing() {
        let h = head("POST / HTTP/1.1\r\nContent-Length: 99999999999999999999999999\r\n\r\n");
        assert_eq!(h.content_length, u64::MAX);
        assert_eq!(
            head("POST / HTTP/1.1\r\nContent-Length: 99999999999999\r\n\r\n").content_length,
            99999999999999
        );
    }

    #[test]
    fn malformed_heads_are_refused_with_the_right_status() {
        let long = format!("GET / HTTP/1.1\r\nX: {}\r\n", "a".repeat(MAX_HEAD));
        let many = format!("GET / HTTP/1.1\r\n{}\r\n", "X: 1\r\n".repeat(101));
        let table: Vec<(&str, u16)> = vec![
            ("\x00\x01 not http\r\n\r\n", 400),
            ("GET\r\n\r\n", 400),
            ("GET  / HTTP/1.1\r\n\r\n", 400),
            ("GET http://evil.example/ HTTP/1.1\r\n\r\n", 400),
            ("OPTIONS * HTTP/1.1\r\n\r\n", 400),
            ("GET / HTTP/2.0\r\n\r\n", 505),
            ("GET / FTP/1.0\r\n\r\n", 400),
            ("GET / HTTP/1.1\r\nHost : a\r\n\r\n", 400),
            ("GET / HTTP/1.1\r\nHost: a\r\n folded\r\n\r\n", 400),
            ("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400),
            (
                "POST / HTTP/1.1\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n",
                400,
            ),
            ("POST / HTTP/1.1\r\nContent-Length: -5\r\n\r\n", 400),
            ("POST / HTTP/1.1\r\nContent-Length: 0x10\r\n\r\n", 400),
            ("POST / HTTP/1.1\r\nExpect: 200-ok\r\n\r\n", 417),
            (&long, 431),
            (&many, 431),
        ];
        for (raw, status) in table {
            let got = parse_head(raw.as_bytes()).map(|h| h.map(|(h, _)| h.path));
            assert_eq!(got.map_err(|r| r.status), Err(status), "{:.60?}", raw);
        }
        // The same Content-Length twice is allowed (RFC 9110 §8.6).
        assert_eq!(
            head("POST / HTTP/1.1\r\nContent-Length: 5\r\ncontent-length: 5\r\n\r\n").content_length,
            5
        );
    }

    #[test]
    fn a_response_carries_its_length_and_a_head_request_gets_no_body() {
        let r = Reply::error(404, "Nothing here.");
        let full = String::from_utf8(r.to_bytes(false, true)).unwrap();
        assert!(full.starts_with("HTTP/1.1 404 Not Found\r\n"));
        assert!(full.contains(&format!("Content-Length: {}\r\n", r.body.len())));
        assert!(full.contains("Connection: close\r\n"));
        assert!(full.ends_with("{\"error\":\"Nothing here.\"}"));
        let head_only = String::from_utf8(r.to_bytes(true, false)).unwrap();
        assert!(head_only.ends_with("\r\n\r\n") && !head_only.contains("Connection"));
        assert!(head_only.contains(&format!("Content-Length: {}\r\n", r.body.len())));
    }
}
