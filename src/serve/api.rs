//! `POST /api/analyse`: JSON in, contract records and their summary out.
//!
//! Request: `{"text": "..."}` or `{"statements": ["...", ...]}`, with an
//! optional `"as_of"` (2026-04-30 or 30/04/2026) for relative timescales.
//! Response (always this envelope): `{"records": [record, ...], "summary": Tally}`,
//! one record per statement in order; a blank statement gives a record with
//! `"skipped"`, so no statement is lost.

use crate::pipeline::Analyser;
use crate::record::{Record, Unanalysed, SCHEMA};
use crate::stage::{Context, Reference};
use crate::summary::Tally;
use serde::Deserialize;

/// Statements accepted in one request.
pub const DEFAULT_MAX_STATEMENTS: usize = 1000;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct AnalyseRequest {
    text: Option<String>,
    statements: Option<Vec<String>>,
    as_of: Option<String>,
}

/// Why a request was refused: HTTP status and a plain-English message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    /// The HTTP status to answer with (400 for a malformed request, 413 for too
    /// many statements).
    pub status: u16,
    /// What was wrong with the request and what to send instead.
    pub message: String,
}

fn bad(message: impl Into<String>) -> ApiError {
    ApiError {
        status: 400,
        message: message.into(),
    }
}

/// The response: records in input order (fields in contract order) and their tally.
#[derive(serde::Serialize)]
struct Envelope {
    records: Vec<Record>,
    summary: Tally,
}

/// Parses and analyses one request body into the JSON response. Never panics on input.
pub fn analyse_body(analyser: &Analyser, body: &[u8], max_statements: usize) -> Result<Vec<u8>, ApiError> {
    let body = std::str::from_utf8(body).map_err(|e| {
        bad(format!(
            "The request body is not UTF-8 text (bad byte at position {}).",
            e.valid_up_to()
        ))
    })?;
    let req: AnalyseRequest = serde_json::from_str(body).map_err(|e| {
        bad(format!(
            "The request body is not the JSON expected ({e}). Send {{\"text\": \"...\"}} or {{\"statements\": [\"...\"]}}."
        ))
    })?;
    let statements = match (req.text, req.statements) {
        (Some(t), None) => vec![t],
        (None, Some(s)) => s,
        (Some(_), Some(_)) => return Err(bad("Send either \"text\" or \"statements\", not both.")),
        (None, None) => {
            return Err(bad(
                "Nothing to analyse: send {\"text\": \"...\"} or {\"statements\": [\"...\"]}.",
            ))
        }
    };
    if statements.len() > max_statements {
        return Err(ApiError {
            status: 413,
            message: format!(
                "{} statements in one request; the limit is {max_statements}. Send them in smaller batches.",
                statements.len()
            ),
        });
    }
    let as_of = match req.as_of.as_deref() {
        None | Some("") => None,
        Some(s) => Some(crate::dates::parse_date_arg(s).map_err(|e| bad(format!("as_of: {e}")))?),
    };
    let ctx = Context::new(Reference::given_or_today(
        as_of,
        chrono::Local::now().date_naive(),
    ));
    let mut records = Vec::with_capacity(statements.len());
    for text in &statements {
        let record = if text.trim().is_empty() {
            Record::Unanalysed(Unanalysed {
                schema: SCHEMA,
                id: None,
                text: text.clone(),
                error: None,
                skipped: Some("blank".into()),
            })
        } else {
            Record::Analysed(std::sync::Arc::new(analyser.analyse(text, &ctx)))
        };
        records.push(record);
    }
    serde_json::to_vec(&Envelope {
        summary: Tally::of(&records),
        records,
    })
    .map_err(|e| ApiError {
        status: 500,
        message: format!("could not write the response: {e}"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(body: &[u8]) -> Result<serde_json::Value, ApiError> {
        analyse_body(&Analyser::builtin(), body, 3).map(|b| serde_json::from_slice(&b).unwrap())
    }

    #[test]
    fn refusals_carry_the_right_status() {
        let table: &[(&[u8], u16)] = &[
            (b"{not json", 400),
            (b"\xff\xfe{}", 400),
            (b"{}", 400),
            (br#"{"text":"a","statements":["b"]}"#, 400),
            (br#"{"txt":"a"}"#, 400),
            (br#"{"text":"a","as_of":"31/02/2026"}"#, 400),
            (br#"{"statements":["a","b","c","d"]}"#, 413),
            (b"[]", 400),
        ];
        for (body, status) in table {
            let got = run(body).expect_err(&String::from_utf8_lossy(body));
            assert_eq!(got.status, *status, "{}", String::from_utf8_lossy(body));
            assert!(!got.message.is_empty());
        }
    }

    #[test]
    fn every_statement_gets_one_record_in_order_blank_ones_skipped() {
        let v = run(br#"{"statements":["Mum to engage with services","  ","SW to visit weekly"],"as_of":"2026-01-05"}"#)
            .unwrap();
        let recs = v["records"].as_array().unwrap();
        assert_eq!(recs.len(), 3);
        assert_eq!(recs[0]["text"], "Mum to engage with services");
        assert_eq!(recs[1]["skipped"], "blank");
        assert_eq!(recs[2]["text"], "SW to visit weekly");
        assert_eq!(v["summary"]["rows"], 3);
        assert_eq!(v["summary"]["analysed"], 2);
    }
}
