//! Any bytes, twice through `smartplan serve`'s request handling (the same
//! `Handler` the server runs, without sockets):
//!
//! 1. as the body of `POST /api/analyse`: the answer must be one well-formed
//!    HTTP response with a JSON body; a 200 must hold one record per
//!    statement, each the library's own analysis of it and each within the
//!    contract (`Analysis::check_contract`), blank statements skipped; a
//!    refusal must be a 400 or 413 with a message;
//! 2. as a whole request stream on one connection (request parser, limits,
//!    Host check, pipelining): every answer must be a well-formed response
//!    whose body is JSON or the page, and none may be a 500 (a panic caught).
#![no_main]

use libfuzzer_sys::fuzz_target;
use serde_json::Value;
use smartplan::serve::{Handler, Options, PAGE};
use smartplan::{Analyser, Context};
use std::net::SocketAddr;
use std::sync::OnceLock;

static HANDLER: OnceLock<Handler> = OnceLock::new();
static ANALYSER: OnceLock<Analyser> = OnceLock::new();

/// Where the handler believes it listens: Host values must name this port.
const ADDR: &str = "127.0.0.1:8080";

/// One parsed response.
struct Response<'a> {
    status: u16,
    content_type: String,
    body: &'a [u8],
}

/// Splits `out` into responses, checking each one's form: status line,
/// `Name: value` headers, a Content-Length that matches its body (an answer
/// to HEAD has none: the next response or the end follows its head).
fn responses(mut out: &[u8]) -> Vec<Response<'_>> {
    let mut all = Vec::new();
    while !out.is_empty() {
        let end = out.windows(4).position(|w| w == b"\r\n\r\n").unwrap_or_else(|| {
            panic!(
                "a response head without its end: {:?}",
                String::from_utf8_lossy(out)
            )
        });
        let head = std::str::from_utf8(&out[..end]).expect("a response head is ASCII");
        let mut lines = head.split("\r\n");
        let status_line = lines.next().unwrap();
        let mut parts = status_line.splitn(3, ' ');
        assert_eq!(parts.next(), Some("HTTP/1.1"), "{status_line}");
        let status: u16 = parts.next().and_then(|s| s.parse().ok()).expect("a status code");
        assert!((200..600).contains(&status), "{status_line}");
        assert!(
            !parts.next().unwrap_or("").is_empty(),
            "a reason phrase: {status_line}"
        );
        let mut length = None;
        let mut content_type = String::new();
        for line in lines {
            let (name, value) = line
                .split_once(": ")
                .unwrap_or_else(|| panic!("header line {line:?}"));
            assert!(!name.is_empty() && !name.contains(' '), "header name {name:?}");
            match name {
                "Content-Length" => length = Some(value.parse::<usize>().expect("a length")),
                "Content-Type" => content_type = value.to_string(),
                "Transfer-Encoding" => panic!("answers are never chunked"),
                _ => {}
            }
        }
        let length = length.expect("every answer has a Content-Length");
        let rest = &out[end + 4..];
        let head_only = rest.is_empty() && length > 0 || rest.starts_with(b"HTTP/1.1 ");
        let body_len = if head_only { 0 } else { length };
        assert!(rest.len() >= body_len, "body shorter than its Content-Length");
        all.push(Response {
            status,
            content_type,
            body: &rest[..body_len],
        });
        out = &rest[body_len..];
    }
    all
}

/// The body is JSON (an object), or the page.
fn check_body(r: &Response) {
    if r.content_type.starts_with("text/html") {
        assert_eq!(r.status, 200);
        assert!(r.body.is_empty() || r.body == PAGE.as_bytes(), "the page, whole");
    } else {
        assert!(
            r.content_type.starts_with("application/json"),
            "{}",
            r.content_type
        );
        if !r.body.is_empty() {
            let v: Value = serde_json::from_slice(r.body).expect("a JSON body");
            assert!(v.is_object());
            if r.status >= 400 {
                assert!(
                    !v["error"].as_str().unwrap_or("").is_empty(),
                    "a refusal says why"
                );
            }
        }
    }
}

/// A 200 from /api/analyse: one record per statement of the request, each
/// the library's analysis of it (so within the contract), blank ones skipped.
fn check_records(request: &[u8], answer: &Value) {
    let req: Value = serde_json::from_slice(request).expect("the server accepted it as JSON");
    let statements: Vec<&str> = match (&req["text"], &req["statements"]) {
        (Value::String(t), _) => vec![t.as_str()],
        (_, Value::Array(a)) => a.iter().map(|s| s.as_str().expect("a string")).collect(),
        _ => panic!("accepted a request with neither text nor statements"),
    };
    let as_of = req["as_of"]
        .as_str()
        .filter(|s| !s.is_empty())
        .map(|s| smartplan::dates::parse_date_arg(s).expect("the server accepted this date"));
    // The server reads the clock for "today"; so does this check.
    let ctx = Context::new(smartplan::Reference::given_or_today(
        as_of,
        chrono::Local::now().date_naive(),
    ));
    let records = answer["records"].as_array().expect("records");
    assert_eq!(records.len(), statements.len(), "one record per statement");
    assert_eq!(answer["summary"]["rows"], statements.len());
    let analyser = ANALYSER.get_or_init(Analyser::builtin);
    for (text, record) in statements.iter().zip(records) {
        if text.trim().is_empty() {
            assert_eq!(record["skipped"], "blank");
            continue;
        }
        let a = analyser.analyse(text, &ctx);
        if let Err(e) = a.check_contract() {
            panic!("{e}");
        }
        assert_eq!(
            record,
            &serde_json::to_value(&a).unwrap(),
            "the server's record is the library's"
        );
    }
}

fuzz_target!(|data: &[u8]| {
    let handler = HANDLER.get_or_init(|| {
        let addr: SocketAddr = ADDR.parse().unwrap();
        Handler::new(Analyser::builtin(), &Options::default(), addr)
    });

    // 1. As the body of POST /api/analyse.
    let mut request = format!(
        "POST /api/analyse HTTP/1.1\r\nHost: {ADDR}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
        data.len()
    )
    .into_bytes();
    request.extend_from_slice(data);
    let out = handler.exchange(&request);
    let answers = responses(&out);
    assert_eq!(answers.len(), 1, "one answer to one request");
    let r = &answers[0];
    check_body(r);
    match r.status {
        200 => check_records(data, &serde_json::from_slice(r.body).unwrap()),
        400 | 413 => {}
        s => panic!("status {s} for a body"),
    }

    // 2. As everything a client sent on one connection.
    for r in responses(&handler.exchange(data)) {
        assert_ne!(r.status, 500, "a panic inside a route");
        check_body(&r);
    }
});
