//! The JSON API against the real binary on loopback (`smartplan serve --port 0`).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

struct Server {
    child: Child,
    addr: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(extra: &[&str]) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_smartplan"))
        .args(["serve", "--port", "0"])
        .args(extra)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start smartplan serve");
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut line = String::new();
        let _ = BufReader::new(stdout).read_line(&mut line);
        let _ = tx.send(line);
    });
    let line = rx
        .recv_timeout(Duration::from_secs(20))
        .expect("server printed its address");
    let addr = line
        .trim()
        .strip_prefix("smartplan serve: listening on http://")
        .and_then(|s| s.strip_suffix('/'))
        .unwrap_or_else(|| panic!("unexpected first line: {line:?}"))
        .to_string();
    Server { child, addr }
}

struct Reply {
    status: u16,
    headers: String,
    body: Vec<u8>,
}

impl Reply {
    fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {:.300}", String::from_utf8_lossy(&self.body)))
    }
}

fn request(addr: &str, method: &str, path: &str, body: &[u8]) -> Reply {
    let head = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    exchange(addr, head.as_bytes(), body)
}

/// Sends `head` then `body` as written, and reads one answer to the end.
fn exchange(addr: &str, head: &[u8], body: &[u8]) -> Reply {
    let mut s = TcpStream::connect(addr).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
    s.set_write_timeout(Some(Duration::from_secs(60))).unwrap();
    s.write_all(head).unwrap();
    // The server may answer (413) and close before reading all of a large body.
    let _ = s.write_all(body);
    let mut raw = Vec::new();
    let _ = s.read_to_end(&mut raw);
    parse_reply(&raw)
}

fn parse_reply(raw: &[u8]) -> Reply {
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or_else(|| panic!("not a complete HTTP response: {:?}", String::from_utf8_lossy(raw)));
    let headers = String::from_utf8_lossy(&raw[..split]).to_string();
    let status = headers.split(' ').nth(1).unwrap().parse().unwrap();
    Reply {
        status,
        headers,
        body: raw[split + 4..].to_vec(),
    }
}

fn port_of(addr: &str) -> u16 {
    addr.rsplit(':').next().unwrap().parse().unwrap()
}

fn post(addr: &str, body: &[u8]) -> Reply {
    request(addr, "POST", "/api/analyse", body)
}

#[test]
fn health_and_version_answer() {
    let s = start(&[]);
    let h = request(&s.addr, "GET", "/api/health", b"");
    assert_eq!(h.status, 200);
    assert_eq!(h.json()["status"], "ok");
    let v = request(&s.addr, "GET", "/api/version", b"");
    assert_eq!(v.status, 200);
    assert_eq!(v.json()["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(v.json()["schema"], "smartplan/1");
}

#[test]
fn single_text_returns_the_envelope_with_one_contract_record() {
    let s = start(&[]);
    let r = post(
        &s.addr,
        r#"{"text":"Mum to engage with services as appropriate"}"#.as_bytes(),
    );
    assert_eq!(r.status, 200);
    assert!(r
        .headers
        .to_ascii_lowercase()
        .contains("content-type: application/json"));
    let v = r.json();
    let recs = v["records"].as_array().unwrap();
    assert_eq!(recs.len(), 1);
    assert_eq!(recs[0]["schema"], "smartplan/1");
    assert_eq!(recs[0]["owners"][0]["text"], "Mum");
    assert!(recs[0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["rule"] == "vague-term" && f["text"] == "as appropriate"));
    assert_eq!(v["summary"]["analysed"], 1);
}

#[test]
fn a_plan_keeps_its_order_and_as_of_resolves_relative_dates() {
    let s = start(&[]);
    let body = serde_json::json!({
        "statements": ["SW to visit weekly", "", "Dad to attend all 6 sessions within 6 weeks"],
        "as_of": "2026-01-05"
    });
    let v = post(&s.addr, body.to_string().as_bytes()).json();
    let recs = v["records"].as_array().unwrap();
    assert_eq!(recs.len(), 3);
    assert_eq!(recs[0]["text"], "SW to visit weekly");
    assert_eq!(recs[1]["skipped"], "blank");
    // the server's record is the library's record for the same statement and date
    let ctx = smartplan::Context::new(smartplan::Reference::given(
        chrono::NaiveDate::from_ymd_opt(2026, 1, 5).unwrap(),
    ));
    let lib = smartplan::Analyser::builtin().analyse("Dad to attend all 6 sessions within 6 weeks", &ctx);
    assert_eq!(recs[2], serde_json::to_value(&lib).unwrap());
    assert_eq!(v["summary"]["rows"], 3);
}

#[test]
fn refusals_have_the_right_status_and_a_json_message() {
    let s = start(&[]);
    let too_many = serde_json::json!({ "statements": vec!["SW to visit"; 1001] }).to_string();
    let table: Vec<(&str, &str, Vec<u8>, u16)> = vec![
        ("POST", "/api/analyse", b"{\"text\": ".to_vec(), 400),
        (
            "POST",
            "/api/analyse",
            b"{\"text\": \"Mum \xff\xfe to visit\"}".to_vec(),
            400,
        ),
        ("POST", "/api/analyse", b"{\"words\": \"x\"}".to_vec(), 400),
        (
            "POST",
            "/api/analyse",
            b"{\"text\": \"x\", \"as_of\": \"5 Jan\"}".to_vec(),
            400,
        ),
        ("POST", "/api/analyse", too_many.into_bytes(), 413),
        ("GET", "/api/analyse", Vec::new(), 405),
        ("POST", "/api/health", b"{}".to_vec(), 405),
        ("DELETE", "/", Vec::new(), 405),
        ("GET", "/api/nothing", Vec::new(), 404),
        ("GET", "/../../etc/passwd", Vec::new(), 404),
    ];
    for (method, path, body, status) in table {
        let r = request(&s.addr, method, path, &body);
        assert_eq!(r.status, status, "{method} {path}");
        let msg = r.json()["error"].as_str().unwrap_or_default().to_string();
        assert!(msg.len() > 10, "{method} {path}: message {msg:?}");
        if status == 405 {
            assert!(r.headers.contains("Allow: "), "{method} {path}");
        }
    }
    // and it still answers
    assert_eq!(request(&s.addr, "GET", "/api/health", b"").status, 200);
}

#[test]
fn a_body_of_one_megabyte_is_analysed_and_one_byte_more_is_413() {
    let s = start(&[]);
    let unit = "Mum to take the children to school every day, and the school to record attendance weekly. ";
    let mut statements = Vec::new();
    let mut size = 20;
    while size < 1_000_000 {
        let st = unit.repeat(20);
        size += st.len() + 3;
        statements.push(st);
    }
    let mut body = serde_json::json!({ "statements": statements })
        .to_string()
        .into_bytes();
    assert!(body.len() <= 1 << 20 && body.len() > 990_000);
    // pad with JSON white space to exactly the limit
    body.resize(1 << 20, b' ');
    let ok = post(&s.addr, &body);
    assert_eq!(ok.status, 200);
    assert_eq!(ok.json()["records"].as_array().unwrap().len(), statements.len());
    body.push(b' ');
    assert_eq!(post(&s.addr, &body).status, 413);
    assert_eq!(request(&s.addr, "GET", "/api/health", b"").status, 200);
}

#[test]
fn max_body_option_lowers_the_limit() {
    let s = start(&["--max-body", "100"]);
    let body = serde_json::json!({ "text": "x".repeat(200) }).to_string();
    assert_eq!(post(&s.addr, body.as_bytes()).status, 413);
    assert_eq!(post(&s.addr, br#"{"text":"SW to visit"}"#).status, 200);
}

#[test]
fn fifty_concurrent_requests_each_get_their_own_answer() {
    let s = start(&[]);
    let addr = s.addr.clone();
    let handles: Vec<_> = (0..64)
        .map(|i| {
            let addr = addr.clone();
            std::thread::spawn(move || {
                let text = format!("Dad to attend {i} sessions of the parenting course by 30/04/2026");
                let r = post(&addr, serde_json::json!({ "text": text }).to_string().as_bytes());
                assert_eq!(r.status, 200);
                assert_eq!(r.json()["records"][0]["text"], text.as_str());
            })
        })
        .collect();
    for h in handles {
        h.join().expect("a request failed");
    }
}

#[test]
fn garbage_on_the_socket_does_not_stop_the_server() {
    let s = start(&[]);
    for junk in [
        &b"\x00\x01\x02 not http\r\n\r\n"[..],
        b"GET\r\n\r\n",
        b"POST /api/analyse HTTP/1.1\r\nContent-Length: 99999999999999999999\r\n\r\n",
    ] {
        let mut c = TcpStream::connect(&s.addr).unwrap();
        c.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
        let _ = c.write_all(junk);
        let _ = c.read(&mut [0u8; 256]);
    }
    assert_eq!(request(&s.addr, "GET", "/api/health", b"").status, 200);
    assert_eq!(post(&s.addr, br#"{"text":"SW to visit weekly"}"#).status, 200);
}

#[test]
fn the_page_is_served_with_a_strict_policy() {
    let s = start(&[]);
    let r = request(&s.addr, "GET", "/", b"");
    assert_eq!(r.status, 200);
    let csp = r
        .headers
        .lines()
        .find_map(|l| l.strip_prefix("Content-Security-Policy: "))
        .expect("a CSP header");
    assert!(csp.contains("default-src 'none'") && csp.contains("connect-src 'self'"));
    assert!(!csp.contains("unsafe-inline"));
    assert!(String::from_utf8_lossy(&r.body).contains("<textarea id=\"statements\""));
}

#[test]
fn log_names_method_path_and_status_never_the_text() {
    let mut s = start(&["--log"]);
    let secret = "Zebedee Quillfeather to attend";
    post(
        &s.addr,
        serde_json::json!({ "text": secret }).to_string().as_bytes(),
    );
    request(&s.addr, "GET", "/api/health?text=Zebedee", b"");
    let _ = s.child.kill();
    let mut err = String::new();
    s.child.stderr.take().unwrap().read_to_string(&mut err).unwrap();
    assert!(err.contains("POST /api/analyse 200"), "{err}");
    assert!(err.contains("GET /api/health 200"), "{err}");
    assert!(!err.contains("Zebedee"), "{err}");
}

#[test]
fn binding_beyond_loopback_warns() {
    let mut s = start(&["--bind", "0.0.0.0"]);
    let _ = s.child.kill();
    let mut err = String::new();
    s.child.stderr.take().unwrap().read_to_string(&mut err).unwrap();
    assert!(
        err.contains("warning") && err.contains("cross the network"),
        "{err}"
    );
}

// ---- Issue 18: a server that survives whatever reaches it ----

/// A declared body far over the limit is answered 413 from its Content-Length
/// alone: nothing is read or set aside for it, and the server goes on serving.
#[test]
fn a_huge_content_length_is_refused_unread_and_the_server_keeps_serving() {
    let s = start(&[]);
    for length in [
        "99999999999999",
        "18446744073709551615",
        "999999999999999999999999",
    ] {
        let head = format!(
            "POST /api/analyse HTTP/1.1\r\nHost: {}\r\nContent-Type: application/json\r\nContent-Length: {length}\r\n\r\n",
            s.addr
        );
        let r = exchange(&s.addr, head.as_bytes(), br#"{"text":"SW to"#);
        assert_eq!(r.status, 413, "Content-Length {length}");
        assert!(r.json()["error"].as_str().unwrap().contains("bytes"));
        let health = request(&s.addr, "GET", "/api/health", b"");
        assert_eq!(health.status, 200, "alive after Content-Length {length}");
    }
    assert_eq!(post(&s.addr, br#"{"text":"SW to visit weekly"}"#).status, 200);
}

/// DNS rebinding: a web page on evil.example whose name later points at
/// 127.0.0.1 reaches this server with `Host: evil.example`. Only the loopback
/// names with the port the server is on are answered.
#[test]
fn only_loopback_host_names_with_our_port_are_served() {
    let s = start(&[]);
    let port = port_of(&s.addr);
    let other = if port == 1 { 2 } else { port - 1 };
    let table: Vec<(String, u16)> = vec![
        (format!("localhost:{port}"), 200),
        (format!("127.0.0.1:{port}"), 200),
        (format!("[::1]:{port}"), 200),
        (format!("LocalHost:{port}"), 200),
        ("evil.example".to_string(), 421),
        (format!("evil.example:{port}"), 421),
        (format!("localhost.evil.example:{port}"), 421),
        (format!("127.0.0.1.nip.io:{port}"), 421),
        (format!("localhost:{other}"), 421),
        ("localhost".to_string(), 421),
        (format!("localhost:{port}/x"), 421),
        (format!("user@localhost:{port}"), 421),
        (String::new(), 421),
    ];
    for (host, status) in &table {
        for (method, path, body) in [
            ("GET", "/", &b""[..]),
            ("GET", "/api/health", b""),
            ("POST", "/api/analyse", br#"{"text":"SW to visit"}"#),
        ] {
            let head = format!(
                "{method} {path} HTTP/1.1\r\nHost: {host}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            );
            let r = exchange(&s.addr, head.as_bytes(), body);
            assert_eq!(r.status, *status, "{method} {path} with Host: {host:?}");
            if *status != 200 {
                let msg = r.json()["error"].as_str().unwrap_or_default().to_string();
                assert!(msg.contains("localhost"), "{host:?}: {msg}");
            }
        }
    }
    // HTTP/1.1 requires a Host; a request without one is a 400.
    let r = exchange(
        &s.addr,
        b"GET /api/health HTTP/1.1\r\nConnection: close\r\n\r\n",
        b"",
    );
    assert_eq!(r.status, 400);
}

/// Sets the soft limit on open files to at least `want` (up to the hard limit).
#[cfg(target_os = "linux")]
fn raise_open_file_limit(want: libc::rlim_t) {
    let mut l = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: getrlimit/setrlimit read and write the struct they are given.
    unsafe {
        libc::getrlimit(libc::RLIMIT_NOFILE, &mut l);
        if l.rlim_cur < want {
            l.rlim_cur = want.min(l.rlim_max);
            libc::setrlimit(libc::RLIMIT_NOFILE, &l);
        }
    }
}

/// A field of /proc/<pid>/status, in kB for the memory fields.
#[cfg(target_os = "linux")]
fn proc_status(pid: u32, field: &str) -> u64 {
    let s = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    s.lines()
        .find_map(|l| l.strip_prefix(field)?.strip_prefix(':'))
        .and_then(|v| v.split_whitespace().next()?.parse().ok())
        .unwrap_or_else(|| panic!("no {field} in /proc/{pid}/status"))
}

/// 2,000 clients that open a connection, send half a request head and wait
/// (slowloris). Threads and memory stay bounded, the page and the API keep
/// answering while they hang on, and the memory goes back when they leave.
#[cfg(target_os = "linux")]
#[test]
fn two_thousand_half_open_sockets_keep_memory_bounded_and_the_page_answering() {
    raise_open_file_limit(4096);
    let s = start(&["--workers", "4"]);
    let pid = s.child.id();
    assert_eq!(request(&s.addr, "GET", "/", b"").status, 200);
    let before_kb = proc_status(pid, "VmRSS");
    let mut held = Vec::new();
    for i in 0..2000 {
        let mut c = TcpStream::connect(&s.addr).unwrap_or_else(|e| panic!("connection {i}: {e}"));
        // The server may already have closed an older one to make room.
        let _ = c.write_all(b"POST /api/analyse HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Le");
        held.push(c);
    }
    let during = std::time::Instant::now();
    let page = request(&s.addr, "GET", "/", b"");
    assert_eq!(page.status, 200);
    assert!(String::from_utf8_lossy(&page.body).contains("<textarea"));
    assert_eq!(request(&s.addr, "GET", "/api/health", b"").status, 200);
    let r = post(&s.addr, br#"{"text":"SW to visit weekly"}"#);
    assert_eq!(r.status, 200);
    assert_eq!(r.json()["records"][0]["text"], "SW to visit weekly");
    assert!(
        during.elapsed() < Duration::from_secs(5),
        "answers took {:?} while 2,000 sockets hung on",
        during.elapsed()
    );
    let threads = proc_status(pid, "Threads");
    assert!(threads <= 4 + 3, "{threads} threads for 4 workers");
    drop(held);
    std::thread::sleep(Duration::from_secs(2));
    assert_eq!(request(&s.addr, "GET", "/api/health", b"").status, 200);
    let peak_kb = proc_status(pid, "VmHWM");
    let after_kb = proc_status(pid, "VmRSS");
    eprintln!("resident memory: {before_kb} kB before, {peak_kb} kB at peak, {after_kb} kB after; {threads} threads");
    assert!(peak_kb < 200 * 1024, "peak resident memory {peak_kb} kB");
    assert!(
        after_kb < before_kb + 32 * 1024,
        "resident memory {after_kb} kB after the clients left, {before_kb} kB before they came"
    );
}

/// Clients that send most of a large body and stall: what the server holds
/// for them stays within its memory bound (64 MB; the connection waiting
/// longest is closed first), the page answers meanwhile, and the memory goes
/// back once they have gone.
#[cfg(target_os = "linux")]
#[test]
fn stalled_large_bodies_are_held_within_the_memory_bound() {
    raise_open_file_limit(4096);
    let s = start(&["--workers", "2"]);
    let pid = s.child.id();
    assert_eq!(request(&s.addr, "GET", "/api/health", b"").status, 200);
    let before_kb = proc_status(pid, "VmRSS");
    let head = format!(
        "POST /api/analyse HTTP/1.1\r\nHost: {}\r\nContent-Length: 1000000\r\n\r\n",
        s.addr
    );
    let most_of_a_body = vec![b' '; 900_000];
    let mut held = Vec::new();
    for _ in 0..160 {
        let mut c = TcpStream::connect(&s.addr).unwrap();
        c.set_write_timeout(Some(Duration::from_secs(5))).unwrap();
        // A write fails once the server has closed this one to make room.
        let _ = c
            .write_all(head.as_bytes())
            .and_then(|_| c.write_all(&most_of_a_body));
        held.push(c);
    }
    let page = request(&s.addr, "GET", "/", b"");
    assert_eq!(page.status, 200);
    let peak_kb = proc_status(pid, "VmHWM");
    drop(held);
    std::thread::sleep(Duration::from_secs(1));
    assert_eq!(request(&s.addr, "GET", "/api/health", b"").status, 200);
    let after_kb = proc_status(pid, "VmRSS");
    eprintln!("resident memory: {before_kb} kB before, {peak_kb} kB at peak, {after_kb} kB after");
    assert!(
        peak_kb < 200 * 1024,
        "peak resident memory {peak_kb} kB for 144 MB of stalled bodies"
    );
    assert!(
        after_kb < before_kb + 32 * 1024,
        "resident memory {after_kb} kB after the clients left, {before_kb} kB before they came"
    );
}

/// A connection that sends nothing, or stops partway through its request, is
/// closed after the request timeout (a partial request is told 408 first).
#[test]
fn idle_and_stalled_clients_are_cut_off() {
    let s = start(&[]);
    let addr = s.addr.clone();
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("nothing sent", Vec::new()),
        (
            "half a head",
            format!("POST /api/analyse HTTP/1.1\r\nHost: {addr}\r\nCont").into_bytes(),
        ),
        (
            "half a body",
            format!("POST /api/analyse HTTP/1.1\r\nHost: {addr}\r\nContent-Length: 40\r\n\r\n{{\"text\":")
                .into_bytes(),
        ),
    ];
    let handles: Vec<_> = cases
        .into_iter()
        .map(|(case, sent)| {
            let addr = addr.clone();
            std::thread::spawn(move || {
                let mut c = TcpStream::connect(&addr).unwrap();
                c.set_read_timeout(Some(Duration::from_secs(40))).unwrap();
                c.write_all(&sent).unwrap();
                let started = std::time::Instant::now();
                let mut raw = Vec::new();
                let closed = c.read_to_end(&mut raw).is_ok();
                let waited = started.elapsed();
                assert!(
                    closed && waited < Duration::from_secs(30),
                    "{case}: still open after {waited:?}"
                );
                if sent.is_empty() {
                    assert!(raw.is_empty(), "{case}: {:?}", String::from_utf8_lossy(&raw));
                } else {
                    assert_eq!(parse_reply(&raw).status, 408, "{case}");
                }
            })
        })
        .collect();
    for h in handles {
        h.join().expect("a client was not cut off");
    }
    assert_eq!(request(&addr, "GET", "/api/health", b"").status, 200);
}

/// Two requests in one write on one connection (keep-alive, pipelined): both
/// answered, in order; the second asks to close and the connection closes.
#[test]
fn pipelined_requests_on_one_connection_are_answered_in_order() {
    let s = start(&[]);
    let body = br#"{"text":"Dad to attend weekly"}"#;
    let raw = format!(
        "POST /api/analyse HTTP/1.1\r\nHost: {a}\r\nContent-Length: {n}\r\n\r\n{b}GET /api/health HTTP/1.1\r\nHost: {a}\r\nConnection: close\r\n\r\n",
        a = s.addr,
        n = body.len(),
        b = std::str::from_utf8(body).unwrap()
    );
    let mut c = TcpStream::connect(&s.addr).unwrap();
    c.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    c.write_all(raw.as_bytes()).unwrap();
    let mut out = Vec::new();
    c.read_to_end(&mut out)
        .expect("the server closes after the second answer");
    let first = parse_reply(&out);
    let length: usize = first
        .headers
        .lines()
        .find_map(|l| l.strip_prefix("Content-Length: "))
        .unwrap()
        .parse()
        .unwrap();
    let (one, rest) = first.body.split_at(length);
    let v: serde_json::Value = serde_json::from_slice(one).unwrap();
    assert_eq!(v["records"][0]["text"], "Dad to attend weekly");
    let second = parse_reply(rest);
    assert_eq!(second.status, 200);
    assert_eq!(second.json()["status"], "ok");
}

/// The request forms a plain HTTP client may send: HEAD, `Expect:
/// 100-continue` (curl, for larger bodies), a chunked body (refused: a
/// Content-Length is needed), a head larger than the limit, HTTP/1.0.
#[test]
fn other_request_forms_get_the_answers_http_defines() {
    let s = start(&[]);
    let a = &s.addr;
    let head = exchange(
        a,
        format!("HEAD / HTTP/1.1\r\nHost: {a}\r\nConnection: close\r\n\r\n").as_bytes(),
        b"",
    );
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty(), "HEAD has no body");
    assert!(head.headers.contains("Content-Length: "));

    let body = br#"{"text":"SW to visit weekly"}"#;
    let mut c = TcpStream::connect(a).unwrap();
    c.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    write!(
        c,
        "POST /api/analyse HTTP/1.1\r\nHost: {a}\r\nExpect: 100-continue\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    )
    .unwrap();
    let mut interim = Vec::new();
    while !interim.ends_with(b"\r\n\r\n") {
        let mut byte = [0u8];
        c.read_exact(&mut byte)
            .expect("an interim answer before the body is sent");
        interim.push(byte[0]);
    }
    assert!(
        interim.starts_with(b"HTTP/1.1 100 "),
        "{:?}",
        String::from_utf8_lossy(&interim)
    );
    c.write_all(body).unwrap();
    let mut out = Vec::new();
    c.read_to_end(&mut out).unwrap();
    assert_eq!(parse_reply(&out).status, 200);

    let chunked = exchange(
        a,
        format!("POST /api/analyse HTTP/1.1\r\nHost: {a}\r\nTransfer-Encoding: chunked\r\n\r\n").as_bytes(),
        b"5\r\n{\"a\":\r\n0\r\n\r\n",
    );
    assert_eq!(chunked.status, 411);

    let big = format!(
        "GET / HTTP/1.1\r\nHost: {a}\r\nX-Filler: {}\r\n\r\n",
        "x".repeat(64 * 1024)
    );
    assert_eq!(exchange(a, big.as_bytes(), b"").status, 431);

    let old = exchange(a, b"GET /api/health HTTP/1.0\r\n\r\n", b"");
    assert_eq!(
        old.status, 200,
        "HTTP/1.0 without Host is not a browser; it is served"
    );

    assert_eq!(request(a, "GET", "/api/health", b"").status, 200);
}

#[test]
fn serve_help_shows_one_default_for_workers() {
    let out = Command::new(env!("CARGO_BIN_EXE_smartplan"))
        .args(["serve", "--help"])
        .output()
        .unwrap();
    let help = String::from_utf8(out.stdout).unwrap();
    let workers: String = help
        .split("--workers")
        .nth(1)
        .expect("--workers in serve --help")
        .lines()
        .take_while(|l| !l.trim_start().starts_with("--"))
        .collect();
    assert_eq!(workers.matches("default").count(), 1, "{workers}");
}
