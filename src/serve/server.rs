//! The server: one I/O thread owns the listener and every connection
//! (non-blocking, readiness from `mio`), a fixed pool of workers analyses.
//!
//! A connection reads its request into a buffer that grows only with what
//! arrives; the head is parsed and admitted (Host, length) before any of the
//! body is read. Requests that need no analysis (the page, health, refusals)
//! are answered on the I/O thread; `POST /api/analyse` goes to a bounded
//! queue for the workers, and their answers come back over a channel. So a
//! slow or idle client costs a few bytes, never a thread, and the page keeps
//! answering while every worker is busy.
//!
//! Bounds (numbers in `design/serve.md`): connections, the memory held for
//! them, the queue, and a deadline for every request and every answer.

use super::handler::{Handler, Next, Options};
use super::http::{self, Head, Method, Reply};
use mio::net::{TcpListener, TcpStream};
use mio::{Events, Interest, Poll, Token, Waker};
use std::io::{self, Read, Write};
use std::net::{Shutdown, SocketAddr};
use std::ops::Range;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, Sender, SyncSender, TrySendError};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// Open connections at most (fewer when the open-file limit is lower).
const MAX_CONNECTIONS: usize = 512;
/// Complete requests waiting for a worker; beyond, 503.
const QUEUE: usize = 256;
/// A request must arrive whole within this time of the connection opening
/// or of the previous answer (covers both idle and slow clients).
const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);
/// An answer must be taken by the client within this time.
const WRITE_TIMEOUT: Duration = Duration::from_secs(10);
/// After a refusal that closes the connection, what the client still sends
/// is read and dropped this long, so the close does not reset the
/// connection before the client has read the refusal.
const LINGER: Duration = Duration::from_secs(2);
/// Most bytes read and dropped after a refusal (a body the client sends
/// anyway); a client sending more is cut off.
const DRAIN_MAX: usize = 4 << 20;
/// Request and answer bytes held for all connections together; above it the
/// connection waiting longest is closed, and analysis requests get 503.
const MEMORY: usize = 64 << 20;
/// When the last connection closes after more than this was held, the
/// allocator is asked to give its free pages back.
const RELEASE_AFTER: usize = 4 << 20;
/// How often deadlines are checked.
const TICK: Duration = Duration::from_millis(250);
/// A connection's buffer above this is given back after its request.
const KEEP_BUFFER: usize = 64 << 10;

const LISTENER: Token = Token(0);
const WAKER: Token = Token(1);
/// Connection `i` is registered as `Token(i + FIRST)`.
const FIRST: usize = 2;

const BUSY: &str = "smartplan is busy with other requests; try again in a moment.";

/// A running server: its address, and a way to stop it.
pub struct Running {
    /// The address the server listens on (with the real port when 0 was asked).
    pub addr: SocketAddr,
    io: JoinHandle<()>,
    workers: Vec<JoinHandle<()>>,
    stop: Arc<AtomicBool>,
    waker: Arc<Waker>,
}

impl Running {
    /// Blocks until the server has ended (on `stop`, or an error of the
    /// I/O thread, which is returned).
    pub fn join(self) -> io::Result<()> {
        let io = self.io.join();
        for w in self.workers {
            let _ = w.join();
        }
        io.map_err(|_| io::Error::other("the server stopped after an internal error"))
    }

    /// Stops accepting and answering, and ends the threads.
    pub fn stop(self) -> io::Result<()> {
        self.stop.store(true, Ordering::SeqCst);
        self.waker.wake()?;
        self.join()
    }
}

/// Binds and starts the I/O thread and the workers; returns at once.
pub fn start(analyser: crate::pipeline::Analyser, opts: Options) -> io::Result<Running> {
    let listener = std::net::TcpListener::bind(opts.addr)?;
    listener.set_nonblocking(true)?;
    longer_backlog(&listener);
    let addr = listener.local_addr()?;
    let mut listener = TcpListener::from_std(listener);
    let poll = Poll::new()?;
    poll.registry()
        .register(&mut listener, LISTENER, Interest::READABLE)?;
    let waker = Arc::new(Waker::new(poll.registry(), WAKER)?);
    let handler = Arc::new(Handler::new(analyser, &opts, addr));
    let n = if opts.workers > 0 {
        opts.workers
    } else {
        std::thread::available_parallelism().map_or(2, |n| n.get())
    };
    let (jobs_tx, jobs_rx) = mpsc::sync_channel::<Job>(QUEUE);
    let (done_tx, done_rx) = mpsc::channel::<Done>();
    let jobs_rx = Arc::new(Mutex::new(jobs_rx));
    let workers = (0..n)
        .map(|i| {
            let (handler, jobs, done, waker) = (
                Arc::clone(&handler),
                Arc::clone(&jobs_rx),
                done_tx.clone(),
                Arc::clone(&waker),
            );
            std::thread::Builder::new()
                .name(format!("serve-{i}"))
                .spawn(move || work(&handler, &jobs, &done, &waker))
        })
        .collect::<io::Result<Vec<_>>>()?;
    let stop = Arc::new(AtomicBool::new(false));
    let io_loop = Loop {
        poll,
        listener,
        handler,
        conns: Vec::new(),
        free: Vec::new(),
        open: 0,
        held: 0,
        peak: 0,
        serial: 0,
        jobs: jobs_tx,
        done: done_rx,
        scratch: vec![0; 16 << 10],
        log: opts.log,
        max_connections: connection_limit(),
        // Room for a few bodies at the limit, however high it is set.
        memory: MEMORY.max(opts.max_body.saturating_mul(4)),
        accept_later: false,
        stop: Arc::clone(&stop),
    };
    let io = std::thread::Builder::new()
        .name("serve-io".into())
        .spawn(move || io_loop.run())?;
    Ok(Running {
        addr,
        io,
        workers,
        stop,
        waker,
    })
}

/// Connections the kernel holds for us before `accept`. std asks for 128; a
/// burst beyond that has its SYNs dropped, and each drop costs that client a
/// second (seen every 129 connections of a 4,000-connection burst).
const BACKLOG: i32 = 1024;

/// Asks again with [`BACKLOG`]: `listen` on a listening socket only resizes
/// its queue. Best effort; the kernel caps it at `somaxconn`.
#[cfg(unix)]
fn longer_backlog(listener: &std::net::TcpListener) {
    use std::os::fd::AsRawFd;
    // SAFETY: a valid, bound socket descriptor that we own.
    unsafe {
        libc::listen(listener.as_raw_fd(), BACKLOG);
    }
}

#[cfg(not(unix))]
fn longer_backlog(_listener: &std::net::TcpListener) {}

/// [`MAX_CONNECTIONS`], or fewer so the listener, the workers and the rest of
/// the process keep some descriptors under the open-file limit.
fn connection_limit() -> usize {
    #[cfg(unix)]
    {
        let mut l = libc::rlimit {
            rlim_cur: 0,
            rlim_max: 0,
        };
        // SAFETY: getrlimit writes the struct it is given.
        if unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut l) } == 0 {
            let files = usize::try_from(l.rlim_cur).unwrap_or(usize::MAX);
            return MAX_CONNECTIONS.min(files.saturating_sub(32)).max(8);
        }
    }
    MAX_CONNECTIONS
}

/// A complete analysis request, for a worker.
struct Job {
    token: usize,
    serial: u64,
    head: Head,
    /// The request's bytes; the body is `buf[body]`.
    buf: Vec<u8>,
    body: Range<usize>,
}

/// A worker's answer, for the I/O thread to send.
struct Done {
    token: usize,
    serial: u64,
    bytes: Vec<u8>,
    close: bool,
    status: u16,
}

fn work(handler: &Handler, jobs: &Mutex<Receiver<Job>>, done: &Sender<Done>, waker: &Waker) {
    loop {
        // A worker that panicked holding the lock leaves the receiver intact.
        let job = jobs.lock().unwrap_or_else(|e| e.into_inner()).recv();
        let Ok(job) = job else { return };
        let reply = handler.answer(&job.head, &job.buf[job.body.clone()]);
        drop(job.buf);
        let close = !job.head.keep_alive;
        let answer = Done {
            token: job.token,
            serial: job.serial,
            bytes: reply.to_bytes(false, close),
            close,
            status: reply.status,
        };
        if done.send(answer).is_err() {
            return;
        }
        let _ = waker.wake();
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// Waiting for (the rest of) a request.
    Reading,
    /// A worker has the request.
    Working,
    /// Sending an answer.
    Writing,
    /// Answered and closing: reading and dropping what the client still sends.
    Draining,
}

struct Conn {
    stream: TcpStream,
    /// Tells a worker's answer for this connection from one for an earlier
    /// connection in the same slot.
    serial: u64,
    state: State,
    /// Bytes read and not yet used.
    buf: Vec<u8>,
    /// The head of the request being read, once it has arrived.
    head: Option<(Head, usize)>,
    /// Bytes to send, and how many are sent.
    out: Vec<u8>,
    sent: usize,
    /// Close once `out` is sent.
    close_after: bool,
    /// Bytes read and dropped while Draining.
    dropped: usize,
    /// `100 Continue` sent for the current request.
    continued: bool,
    /// Bytes of the request a worker holds.
    job_bytes: usize,
    /// Bytes this connection has counted in `Loop::held`.
    counted: usize,
    /// When it entered its state: the one waiting longest is closed first.
    since: Instant,
    /// When its current state times out (not while Working).
    deadline: Instant,
    /// For the log: method and path of the request a worker has.
    what: Option<(String, String)>,
    started: Instant,
}

impl Conn {
    fn enter(&mut self, state: State, timeout: Duration) {
        let now = Instant::now();
        self.state = state;
        self.since = now;
        self.deadline = now + timeout;
    }

    /// Some of a request has arrived (so timing it out deserves a 408).
    fn request_begun(&self) -> bool {
        self.head.is_some() || http::leading_blank_lines(&self.buf) < self.buf.len()
    }

    /// Queues an answer and starts sending it.
    fn answer(&mut self, bytes: &[u8], close: bool) {
        self.out.extend_from_slice(bytes);
        self.continued = false;
        self.close_after = close;
        if close {
            self.buf = Vec::new();
            self.head = None;
        }
        self.enter(State::Writing, WRITE_TIMEOUT);
    }

    /// Writes what is queued until done (`true`) or the socket is full (`false`).
    fn flush(&mut self) -> io::Result<bool> {
        while self.sent < self.out.len() {
            match self.stream.write(&self.out[self.sent..]) {
                Ok(0) => return Err(io::ErrorKind::WriteZero.into()),
                Ok(n) => self.sent += n,
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => return Ok(false),
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        self.out = Vec::new();
        self.sent = 0;
        Ok(true)
    }
}

/// What `read_into` found.
enum Got {
    Bytes(usize),
    Nothing,
    End,
}

/// One read into `scratch`, appended to `buf` (when given). Growing the
/// buffer only by what arrived is what keeps a declared length from ever
/// being set aside.
fn read_into(stream: &mut TcpStream, scratch: &mut [u8], buf: Option<&mut Vec<u8>>) -> io::Result<Got> {
    loop {
        return match stream.read(scratch) {
            Ok(0) => Ok(Got::End),
            Ok(n) => {
                if let Some(buf) = buf {
                    buf.extend_from_slice(&scratch[..n]);
                }
                Ok(Got::Bytes(n))
            }
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => Ok(Got::Nothing),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => Err(e),
        };
    }
}

struct Loop {
    poll: Poll,
    listener: TcpListener,
    handler: Arc<Handler>,
    /// Connection slots; `free` lists the empty ones.
    conns: Vec<Option<Conn>>,
    free: Vec<usize>,
    open: usize,
    /// Request and answer bytes held for all connections.
    held: usize,
    /// The most `held` has been since the load last went.
    peak: usize,
    serial: u64,
    jobs: SyncSender<Job>,
    done: Receiver<Done>,
    scratch: Vec<u8>,
    log: bool,
    max_connections: usize,
    /// Bound on `held` (MEMORY, or more for a high --max-body).
    memory: usize,
    /// Accepting stopped on an error (out of descriptors): retry on the next tick.
    accept_later: bool,
    stop: Arc<AtomicBool>,
}

impl Loop {
    fn run(mut self) {
        let mut events = Events::with_capacity(1024);
        let mut next_tick = Instant::now() + TICK;
        while !self.stop.load(Ordering::SeqCst) {
            let timeout = (self.open > 0 || self.accept_later).then_some(TICK);
            if let Err(e) = self.poll.poll(&mut events, timeout) {
                if e.kind() == io::ErrorKind::Interrupted {
                    continue;
                }
                eprintln!("smartplan: the server stopped: it cannot wait for connections ({e})");
                return;
            }
            for event in events.iter() {
                match event.token() {
                    LISTENER => self.accept(),
                    WAKER => {}
                    Token(t) => self.advance(t - FIRST),
                }
            }
            self.collect_answers();
            if self.open == 0 && !self.conns.is_empty() {
                // The load has gone: give back the slot table, and the
                // allocator's free pages if much was held.
                self.conns = Vec::new();
                self.free = Vec::new();
                if std::mem::take(&mut self.peak) > RELEASE_AFTER {
                    release_memory();
                }
            }
            let now = Instant::now();
            if now >= next_tick {
                if self.accept_later {
                    self.accept();
                }
                self.expire(now);
                next_tick = now + TICK;
            }
        }
    }

    fn accept(&mut self) {
        self.accept_later = false;
        loop {
            match self.listener.accept() {
                Ok((stream, _)) => self.admit(stream),
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => return,
                Err(e)
                    if matches!(
                        e.kind(),
                        io::ErrorKind::Interrupted | io::ErrorKind::ConnectionAborted
                    ) => {}
                // Out of descriptors: make room by closing the connection waiting longest.
                Err(e) if out_of_descriptors(&e) && self.evict(None) => {}
                // Else (or nothing to close): try again on the next tick.
                Err(_) => {
                    self.accept_later = true;
                    return;
                }
            }
        }
    }

    fn admit(&mut self, mut stream: TcpStream) {
        if self.open >= self.max_connections && !self.evict(None) {
            // Every connection is being answered: say so and close.
            let _ = stream.write(&Reply::error(503, BUSY).to_bytes(false, true));
            return;
        }
        // Answers go out in one write; without this, a large one split by the
        // kernel waits for the client's delayed ACK (40 ms a request).
        let _ = stream.set_nodelay(true);
        let idx = self.free.pop().unwrap_or_else(|| {
            self.conns.push(None);
            self.conns.len() - 1
        });
        let registered = self.poll.registry().register(
            &mut stream,
            Token(idx + FIRST),
            Interest::READABLE | Interest::WRITABLE,
        );
        if registered.is_err() {
            self.free.push(idx);
            return;
        }
        self.serial += 1;
        let now = Instant::now();
        self.conns[idx] = Some(Conn {
            stream,
            serial: self.serial,
            state: State::Reading,
            buf: Vec::new(),
            head: None,
            out: Vec::new(),
            sent: 0,
            close_after: false,
            dropped: 0,
            continued: false,
            job_bytes: 0,
            counted: 0,
            since: now,
            deadline: now + REQUEST_TIMEOUT,
            what: None,
            started: now,
        });
        self.open += 1;
        self.advance(idx);
    }

    /// Moves a connection on as far as it goes without waiting.
    fn advance(&mut self, idx: usize) {
        let Some(mut c) = self.conns.get_mut(idx).and_then(Option::take) else {
            return;
        };
        if self.drive(idx, &mut c) {
            let now = c.buf.capacity() + c.out.capacity() + c.job_bytes;
            self.held = self.held - c.counted + now;
            self.peak = self.peak.max(self.held);
            c.counted = now;
            self.conns[idx] = Some(c);
            while self.held > self.memory && self.evict(Some(idx)) {}
        } else {
            self.close(idx, c);
        }
    }

    /// One connection's state machine; false when it is to be closed.
    fn drive(&mut self, idx: usize, c: &mut Conn) -> bool {
        loop {
            match c.state {
                State::Working => return true,
                State::Writing => match c.flush() {
                    Err(_) => return false,
                    Ok(false) => return true,
                    Ok(true) if c.close_after => {
                        let _ = c.stream.shutdown(Shutdown::Write);
                        c.enter(State::Draining, LINGER);
                    }
                    Ok(true) => {
                        if c.buf.capacity() > KEEP_BUFFER {
                            c.buf.shrink_to(KEEP_BUFFER);
                        }
                        c.enter(State::Reading, REQUEST_TIMEOUT);
                    }
                },
                State::Draining => match read_into(&mut c.stream, &mut self.scratch, None) {
                    Ok(Got::Bytes(n)) => {
                        c.dropped += n;
                        if c.dropped > DRAIN_MAX {
                            return false;
                        }
                    }
                    Ok(Got::Nothing) => return true,
                    Ok(Got::End) | Err(_) => return false,
                },
                State::Reading => {
                    // A `100 Continue` still going out.
                    if c.sent < c.out.len() && c.flush().is_err() {
                        return false;
                    }
                    let arrived = Instant::now();
                    match self.handler.next(&c.buf, &mut c.head) {
                        Next::More => {
                            let continue_due = c.head.as_ref().is_some_and(|(h, _)| h.expect_continue);
                            if continue_due && !c.continued {
                                c.continued = true;
                                c.out.extend_from_slice(http::CONTINUE);
                                continue;
                            }
                            match read_into(&mut c.stream, &mut self.scratch, Some(&mut c.buf)) {
                                Ok(Got::Bytes(_)) => {}
                                Ok(Got::Nothing) => return true,
                                // The client left before its request was whole.
                                Ok(Got::End) | Err(_) => return false,
                            }
                        }
                        Next::Answer {
                            reply,
                            head,
                            used,
                            close,
                        } => {
                            let head_only = head.as_ref().is_some_and(|h| h.method == Method::Head);
                            c.started = arrived;
                            self.log_answer(c, head.as_ref(), reply.status);
                            c.buf.drain(..used.min(c.buf.len()));
                            c.answer(&reply.to_bytes(head_only, close), close);
                        }
                        Next::Analyse { head, body, used } => {
                            c.started = arrived;
                            self.dispatch(idx, c, head, body, used);
                        }
                    }
                }
            }
        }
    }

    /// Hands a complete analysis request to the workers, or answers 503 when
    /// the queue is full or memory is at its bound.
    fn dispatch(&mut self, idx: usize, c: &mut Conn, head: Head, body: Range<usize>, used: usize) {
        let rest = c.buf.split_off(used);
        let buf = std::mem::replace(&mut c.buf, rest);
        c.what = Some((head.method_name.clone(), head.path.clone()));
        let busy = |c: &mut Conn, head: &Head, me: &Loop| {
            me.log_answer(c, Some(head), 503);
            let mut r = Reply::error(503, BUSY);
            r.headers.push(("Retry-After", "1".into()));
            c.answer(&r.to_bytes(false, !head.keep_alive), !head.keep_alive);
        };
        if self.held > self.memory {
            return busy(c, &head, self);
        }
        let job_bytes = buf.capacity();
        let job = Job {
            token: idx,
            serial: c.serial,
            head,
            buf,
            body,
        };
        match self.jobs.try_send(job) {
            Ok(()) => {
                c.job_bytes = job_bytes;
                c.enter(State::Working, REQUEST_TIMEOUT);
            }
            Err(TrySendError::Full(job) | TrySendError::Disconnected(job)) => busy(c, &job.head, self),
        }
    }

    /// Takes the workers' answers and starts sending them.
    fn collect_answers(&mut self) {
        while let Ok(done) = self.done.try_recv() {
            let Some(mut c) = self.conns.get_mut(done.token).and_then(Option::take) else {
                continue;
            };
            if c.serial == done.serial && c.state == State::Working {
                c.job_bytes = 0;
                self.log_answer(&c, None, done.status);
                c.answer(&done.bytes, done.close);
            }
            self.conns[done.token] = Some(c);
            self.advance(done.token);
        }
    }

    /// Closes the connections whose time is up: a request begun gets a 408.
    fn expire(&mut self, now: Instant) {
        for idx in 0..self.conns.len() {
            let late = |c: &Conn| c.state != State::Working && now >= c.deadline;
            let Some(c) = self.conns[idx].as_mut().filter(|c| late(c)) else {
                continue;
            };
            if c.state == State::Reading && c.request_begun() {
                let reply = Reply::error(
                    408,
                    "The request did not arrive in time (10 seconds); send it again.",
                );
                let mut c = self.conns[idx].take().expect("checked above");
                let head = c.head.take().map(|(h, _)| h);
                c.started = c.since;
                self.log_answer(&c, head.as_ref(), 408);
                c.answer(&reply.to_bytes(false, true), true);
                self.conns[idx] = Some(c);
                self.advance(idx);
            } else if let Some(c) = self.conns[idx].take() {
                self.close(idx, c);
            }
        }
    }

    /// Closes the connection that has waited longest without a worker on it
    /// (other than `except`); false when there is none.
    fn evict(&mut self, except: Option<usize>) -> bool {
        let oldest = self
            .conns
            .iter()
            .enumerate()
            .filter(|(i, _)| Some(*i) != except)
            .filter_map(|(i, c)| c.as_ref().map(|c| (i, c)))
            .filter(|(_, c)| c.state != State::Working)
            .min_by_key(|(_, c)| c.since)
            .map(|(i, _)| i);
        match oldest.and_then(|i| Some((i, self.conns[i].take()?))) {
            Some((i, c)) => {
                self.close(i, c);
                true
            }
            None => false,
        }
    }

    fn close(&mut self, idx: usize, mut c: Conn) {
        let _ = self.poll.registry().deregister(&mut c.stream);
        self.held -= c.counted;
        self.open -= 1;
        self.free.push(idx);
    }

    /// `--log`: method, path (no query), status and time; never a body.
    fn log_answer(&self, c: &Conn, head: Option<&Head>, status: u16) {
        if !self.log {
            return;
        }
        let (method, path) = match (head, &c.what) {
            (Some(h), _) => (h.method_name.as_str(), h.path.as_str()),
            (None, Some((m, p))) => (m.as_str(), p.as_str()),
            (None, None) => ("-", "-"),
        };
        eprintln!(
            "{method} {path} {status} {:.1}ms",
            c.started.elapsed().as_secs_f64() * 1000.0
        );
    }
}

fn out_of_descriptors(e: &io::Error) -> bool {
    #[cfg(unix)]
    {
        matches!(e.raw_os_error(), Some(libc::EMFILE | libc::ENFILE))
    }
    #[cfg(not(unix))]
    {
        let _ = e;
        false
    }
}

/// Hands the allocator's free pages back to the system. mimalloc (the
/// binary's allocator) does so only after a delay and on later allocations,
/// which an idle server never makes: 1,000 clients sending 0.9 MB bodies left
/// 103 MB resident after they had gone; with this, 21 MB.
#[cfg(feature = "mimalloc")]
fn release_memory() {
    // Links mimalloc's C library wherever this crate is (tests too).
    use mimalloc as _;
    extern "C" {
        fn mi_collect(force: bool);
    }
    // SAFETY: mimalloc's public API, callable from any thread at any time.
    unsafe { mi_collect(true) }
}

#[cfg(not(feature = "mimalloc"))]
fn release_memory() {}
