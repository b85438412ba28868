//! End to end in headless Chromium: type a statement into the page, see its
//! spans highlighted and the rewrite area, copy, and take a screenshot.
//!
//! Chromium is driven over the DevTools protocol with a minimal WebSocket
//! client written here on std::net (no driver binary, no extra crate).
//! Needs `/usr/bin/chromium` (Debian `chromium`) or `$CHROMIUM`; fails with a
//! clear message without it. The screenshot goes to the test's temp dir, and
//! to `docs/serve-screenshot.png` when `SMARTPLAN_UPDATE_SCREENSHOT=1`.

use base64::Engine;
use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// Kills the process (and removes its folder) however the test ends.
struct Guard(Child, Option<PathBuf>);

impl Drop for Guard {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
        if let Some(dir) = &self.1 {
            let _ = std::fs::remove_dir_all(dir);
        }
    }
}

fn start_server() -> (Guard, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_smartplan"))
        .args(["serve", "--port", "0"])
        .stdout(Stdio::piped())
        .spawn()
        .expect("start smartplan serve");
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut line = String::new();
        let _ = BufReader::new(stdout).read_line(&mut line);
        let _ = tx.send(line);
    });
    let line = rx.recv_timeout(Duration::from_secs(20)).expect("server address");
    let url = line.trim().rsplit(' ').next().unwrap().to_string();
    (Guard(child, None), url)
}

fn chromium_path() -> PathBuf {
    let p = std::env::var_os("CHROMIUM")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"));
    assert!(
        p.exists(),
        "headless Chromium is needed for this test and was not found at {}: install it (Debian: apt-get install chromium) or set CHROMIUM",
        p.display()
    );
    p
}

fn start_chromium(url: &str) -> (Guard, u16) {
    let dir = std::env::temp_dir().join(format!(
        "smartplan-chromium-{}-{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    let child = Command::new(chromium_path())
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-quic",
            "--remote-debugging-port=0",
            "--window-size=1366,768",
        ])
        .arg(format!("--user-data-dir={}", dir.display()))
        .arg(url)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start chromium");
    let guard = Guard(child, Some(dir.clone()));
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        if let Ok(s) = std::fs::read_to_string(dir.join("DevToolsActivePort")) {
            if let Some(port) = s.lines().next().and_then(|l| l.trim().parse().ok()) {
                return (guard, port);
            }
        }
        assert!(
            Instant::now() < deadline,
            "Chromium did not open its DevTools port within 60 s"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

fn http_get(port: u16, path: &str) -> String {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut out = String::new();
    let _ = s.read_to_string(&mut out);
    out.split_once("\r\n\r\n")
        .map(|x| x.1.to_string())
        .unwrap_or_default()
}

/// A DevTools session with one page over a WebSocket.
struct Cdp {
    sock: TcpStream,
    next: u64,
}

impl Cdp {
    fn connect(port: u16, page_url: &str) -> Cdp {
        let deadline = Instant::now() + Duration::from_secs(30);
        let ws = loop {
            let list: Value = serde_json::from_str(&http_get(port, "/json/list")).unwrap_or(Value::Null);
            let found = list.as_array().and_then(|a| {
                a.iter()
                    .find(|t| {
                        t["type"] == "page" && t["url"].as_str().is_some_and(|u| u.starts_with(page_url))
                    })
                    .and_then(|t| t["webSocketDebuggerUrl"].as_str().map(String::from))
            });
            if let Some(ws) = found {
                break ws;
            }
            assert!(
                Instant::now() < deadline,
                "the page never appeared in Chromium: {list}"
            );
            std::thread::sleep(Duration::from_millis(200));
        };
        let path = ws.splitn(4, '/').nth(3).map(|p| format!("/{p}")).unwrap();
        let mut sock = TcpStream::connect(("127.0.0.1", port)).unwrap();
        sock.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
        write!(
            sock,
            "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\
             Sec-WebSocket-Key: c21hcnRwbGFuLXRlc3Qta2V5\r\nSec-WebSocket-Version: 13\r\n\r\n"
        )
        .unwrap();
        let mut head = Vec::new();
        let mut b = [0u8; 1];
        while !head.ends_with(b"\r\n\r\n") {
            sock.read_exact(&mut b).expect("WebSocket handshake");
            head.push(b[0]);
        }
        assert!(
            head.starts_with(b"HTTP/1.1 101"),
            "{}",
            String::from_utf8_lossy(&head)
        );
        Cdp { sock, next: 1 }
    }

    fn send_frame(&mut self, payload: &[u8]) {
        let mut f = vec![0x81u8];
        let n = payload.len();
        if n < 126 {
            f.push(0x80 | n as u8);
        } else if n < 65536 {
            f.push(0x80 | 126);
            f.extend_from_slice(&(n as u16).to_be_bytes());
        } else {
            f.push(0x80 | 127);
            f.extend_from_slice(&(n as u64).to_be_bytes());
        }
        let mask = [0x5a, 0x17, 0xc3, 0x0e];
        f.extend_from_slice(&mask);
        f.extend(payload.iter().enumerate().map(|(i, b)| b ^ mask[i % 4]));
        self.sock.write_all(&f).unwrap();
    }

    fn read_message(&mut self) -> Vec<u8> {
        let mut msg = Vec::new();
        loop {
            let mut h = [0u8; 2];
            self.sock.read_exact(&mut h).expect("a frame from Chromium");
            let fin = h[0] & 0x80 != 0;
            let op = h[0] & 0x0f;
            let mut len = (h[1] & 0x7f) as u64;
            if len == 126 {
                let mut l = [0u8; 2];
                self.sock.read_exact(&mut l).unwrap();
                len = u16::from_be_bytes(l) as u64;
            } else if len == 127 {
                let mut l = [0u8; 8];
                self.sock.read_exact(&mut l).unwrap();
                len = u64::from_be_bytes(l);
            }
            let mut data = vec![0u8; len as usize];
            self.sock.read_exact(&mut data).unwrap();
            assert!(op != 8, "Chromium closed the DevTools connection");
            if op == 9 || op == 10 {
                continue; // ping / pong
            }
            msg.extend_from_slice(&data);
            if fin {
                return msg;
            }
        }
    }

    fn call(&mut self, method: &str, params: Value) -> Value {
        let id = self.next;
        self.next += 1;
        self.send_frame(
            json!({ "id": id, "method": method, "params": params })
                .to_string()
                .as_bytes(),
        );
        loop {
            let v: Value = serde_json::from_slice(&self.read_message()).unwrap();
            if v["id"] == id {
                assert!(v.get("error").is_none(), "{method} failed: {}", v["error"]);
                return v["result"].clone();
            }
        }
    }

    /// Evaluates an expression in the page (as if by a user's gesture) and returns its value.
    fn eval(&mut self, expr: &str) -> Value {
        let r = self.call(
            "Runtime.evaluate",
            json!({ "expression": expr, "returnByValue": true, "awaitPromise": true, "userGesture": true }),
        );
        assert!(
            r.get("exceptionDetails").is_none(),
            "{expr}: {}",
            r["exceptionDetails"]
        );
        r["result"]["value"].clone()
    }

    /// Polls until `expr` is truthy, for at most `secs`.
    fn wait_for(&mut self, expr: &str, secs: u64) -> Value {
        let deadline = Instant::now() + Duration::from_secs(secs);
        loop {
            let v = self.eval(expr);
            if !(v.is_null() || v == false || v == 0 || v == "") {
                return v;
            }
            assert!(Instant::now() < deadline, "timed out waiting for: {expr}");
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn type_into_statements(&mut self, text: &str) {
        self.eval("(() => { const t = document.getElementById('statements'); t.focus(); t.select(); return true; })()");
        self.call("Input.insertText", json!({ "text": text }));
    }
}

/// The [class, text] of every highlighted span in card `n`.
fn marks(cdp: &mut Cdp, n: usize) -> Vec<(String, String)> {
    let v = cdp.eval(&format!(
        "Array.from(document.querySelectorAll('#cards article')[{n}].querySelectorAll('mark')).map(m => [m.className, m.textContent])"
    ));
    serde_json::from_value(v).unwrap()
}

#[test]
fn practitioner_types_a_vague_statement_sees_it_marked_and_copies() {
    let (_server, url) = start_server();
    let (_chromium, port) = start_chromium(&url);
    let mut cdp = Cdp::connect(port, &url);
    cdp.wait_for(
        "document.readyState === 'complete' && !!document.getElementById('statements')",
        30,
    );

    // One statement, typed at once: one request, one card.
    cdp.type_into_statements("Mum to engage with services as appropriate");
    cdp.wait_for("document.querySelectorAll('#cards mark.vague').length >= 2", 15);
    let m = marks(&mut cdp, 0);
    assert!(
        m.contains(&("vague".into(), "engage with services".into())),
        "{m:?}"
    );
    assert!(m.contains(&("vague".into(), "as appropriate".into())), "{m:?}");
    assert!(m.contains(&("who".into(), "Mum".into())), "{m:?}");
    assert_eq!(cdp.eval("document.body.dataset.requests"), "1");
    assert!(cdp
        .eval("document.getElementById('status').textContent")
        .as_str()
        .unwrap()
        .contains("score"));
    // The rewrite area: the rewrite when there is one, else a plain "none" line.
    let rewrite = cdp.eval("document.querySelector('#cards .rewrite').textContent");
    assert!(
        rewrite.as_str().unwrap().contains("Suggested rewrite"),
        "{rewrite}"
    );

    // Copy: the click runs the copy and the page says how it went.
    cdp.eval("(document.querySelector('#cards .copy-rewrite') || document.querySelector('#cards .copy-findings')).click(); true");
    let said = cdp.wait_for("document.querySelector('#cards .copy-status').textContent", 10);
    assert_eq!(said, "Copied");

    // A whole plan pasted at once, with an emoji and accents before the spans:
    // each statement gets its card, the plan's picture sits on top, and the
    // highlighted text is exactly the record's span text.
    let plan = "👩‍👧 Zoë’s mum to engage with services as appropriate\n\
                SW to visit the children weekly and record each visit\n\
                Dad to attend all 6 sessions of the parenting course by 30/04/2026";
    cdp.type_into_statements(plan);
    cdp.wait_for(
        "document.querySelectorAll('#cards article').length === 3 && !!document.getElementById('ov-h')",
        15,
    );
    let m = marks(&mut cdp, 0);
    assert!(
        m.contains(&("vague".into(), "engage with services".into())),
        "{m:?}"
    );
    assert!(m.contains(&("vague".into(), "as appropriate".into())), "{m:?}");
    assert_eq!(cdp.eval("document.body.dataset.requests"), "2");
    let overview = cdp.eval("document.getElementById('overview').textContent");
    let overview = overview.as_str().unwrap();
    for part in ["Mean score", "Specific met", "Commonest findings"] {
        assert!(overview.contains(part), "{overview}");
    }
    // The page's own offset conversion, on a span after astral and combining characters.
    let seg = cdp.eval("smartplanSegments('e\\u0301 👍 Mum', [{start: 5, end: 8, cls: 'who', label: 'who'}]).map(s => s.text)");
    assert_eq!(seg, json!(["e\u{301} 👍 ", "Mum"]));

    // Keyboard: from the text box, Tab reaches the plan date, then the first
    // card's buttons; the focused control shows a visible outline.
    cdp.eval("document.getElementById('statements').focus(); true");
    let mut order: Vec<Value> = Vec::new();
    // (a date input takes one Tab per field: day, month, year)
    for _ in 0..8 {
        for kind in ["rawKeyDown", "keyUp"] {
            cdp.call(
                "Input.dispatchKeyEvent",
                json!({ "type": kind, "key": "Tab", "code": "Tab", "windowsVirtualKeyCode": 9 }),
            );
        }
        let now = cdp.eval("document.activeElement.id || document.activeElement.className");
        if order.last() != Some(&now) {
            order.push(now);
        }
        if order.len() == 2 {
            break;
        }
    }
    assert_eq!(order[0], "asof");
    assert!(
        order
            .get(1)
            .and_then(|v| v.as_str())
            .is_some_and(|c| c.starts_with("copy-")),
        "{order:?}"
    );
    assert_ne!(
        cdp.eval("getComputedStyle(document.activeElement).outlineStyle"),
        "none"
    );
    cdp.eval("document.activeElement.blur(); window.scrollTo(0, 0); true");

    let shot = cdp.call("Page.captureScreenshot", json!({ "format": "png" }));
    let png = base64::engine::general_purpose::STANDARD
        .decode(shot["data"].as_str().unwrap())
        .unwrap();
    assert!(png.starts_with(b"\x89PNG") && png.len() > 10_000);
    std::fs::write(
        PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("serve-screenshot.png"),
        &png,
    )
    .unwrap();
    if std::env::var_os("SMARTPLAN_UPDATE_SCREENSHOT").is_some() {
        let docs = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("docs");
        std::fs::create_dir_all(&docs).unwrap();
        std::fs::write(docs.join("serve-screenshot.png"), &png).unwrap();
    }
}
