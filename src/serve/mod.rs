//! `smartplan serve`: a local web page for practitioners and a JSON API for
//! other systems, on a small HTTP/1.1 server of our own (`server.rs`): one
//! thread reads and writes every connection, a fixed pool analyses.
//!
//! Routes: `GET /` (the page), `POST /api/analyse`, `GET /api/health`,
//! `GET /api/version`. Nothing is stored; statement text is never logged.
//! The API envelope is always `{"records": [...], "summary": {...}}`, whether
//! the request carried one `text` or a list of `statements`.
//! Limits, timeouts and why: `design/serve.md`.

mod api;
mod handler;
mod http;
mod server;

pub use api::{analyse_body, ApiError, DEFAULT_MAX_STATEMENTS};
pub use handler::*;
pub use server::{start, Running};
