//! Inputs shared by the criterion benches.

/// The corpus statements (`corpus/statements.jsonl`), all of them or only the
/// ASCII ones (the fast path's case).
pub fn corpus_statements(ascii_only: bool) -> Vec<String> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/statements.jsonl");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    smartplan::eval::parse_corpus(&text)
        .expect("the corpus parses (tests/eval_floors.rs reads it too)")
        .into_iter()
        .map(|i| i.text)
        .filter(|t| !ascii_only || t.is_ascii())
        .collect()
}
