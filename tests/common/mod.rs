//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::PathBuf;
use std::sync::OnceLock;

use smartplan::Analyser;

pub fn analyser() -> &'static Analyser {
    static A: OnceLock<Analyser> = OnceLock::new();
    A.get_or_init(Analyser::builtin)
}

pub fn repo_path(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(rel)
}

/// The record schema, a copy of the shared contract kept in `schema/`.
pub fn schema_validator() -> &'static jsonschema::Validator {
    static V: OnceLock<jsonschema::Validator> = OnceLock::new();
    V.get_or_init(|| {
        let text = std::fs::read_to_string(repo_path("schema/smartplan-record.schema.json")).unwrap();
        let schema: serde_json::Value = serde_json::from_str(&text).unwrap();
        jsonschema::validator_for(&schema).expect("schema compiles")
    })
}

/// Panics with every schema error when `record` does not validate.
pub fn assert_valid_record(record: &serde_json::Value) {
    let v = schema_validator();
    let errors: Vec<String> = v
        .iter_errors(record)
        .map(|e| format!("{e} at {}", e.instance_path))
        .collect();
    assert!(
        errors.is_empty(),
        "record breaks the schema: {errors:?}\n{record}"
    );
}
