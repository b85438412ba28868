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
    let mut s = TcpStream::connect(addr).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
    s.set_write_timeout(Some(Duration::from_secs(60))).unwrap();
    let head = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    s.write_all(head.as_bytes()).unwrap();
    // The server may answer (413) and close before reading all of a large body.
    let _ = s.write_all(body);
    let mut raw = Vec::new();
    let _ = s.read_to_end(&mut raw);
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a complete HTTP response");
    let headers = String::from_utf8_lossy(&raw[..split]).to_string();
    let status = headers.split(' ').nth(1).unwrap().parse().unwrap();
    Reply {
        status,
        headers,
        body: raw[split + 4..].to_vec(),
    }
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
