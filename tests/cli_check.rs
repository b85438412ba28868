//! The `smartplan check` command as a user runs it: output, exit codes, input errors.

mod common;

fn smartplan(args: &[&str], stdin: Option<&[u8]>) -> (i32, String, String) {
    let out = common::run_smartplan(args, stdin.unwrap_or_default());
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn json_record_holds_both_vague_phrases_at_their_offsets() {
    let text = "Mum to engage with services as appropriate";
    let (code, out, _) = smartplan(&["check", "--format", "json", text], None);
    assert_eq!(code, 0);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 1, "one record");
    let record: serde_json::Value = serde_json::from_str(lines[0]).unwrap();
    common::assert_valid_record(&record);
    let vague: Vec<(String, u64, u64)> = record["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "vague-term")
        .map(|f| {
            (
                f["text"].as_str().unwrap().to_string(),
                f["start"].as_u64().unwrap(),
                f["end"].as_u64().unwrap(),
            )
        })
        .collect();
    assert!(
        vague.contains(&("engage with services".into(), 7, 27)),
        "{vague:?}"
    );
    assert!(vague.contains(&("as appropriate".into(), 28, 42)), "{vague:?}");
    assert_eq!(record["owners"][0]["text"], "Mum");
}

#[test]
fn stdin_gives_one_record_per_input_line() {
    let input = b"SW to visit weekly\r\n\r\nComplete healthy living chart\n";
    let (code, out, _) = smartplan(&["check", "--format", "json"], Some(input));
    assert_eq!(code, 0);
    let records: Vec<serde_json::Value> = out.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let texts: Vec<&str> = records.iter().map(|r| r["text"].as_str().unwrap()).collect();
    assert_eq!(texts, ["SW to visit weekly", "", "Complete healthy living chart"]);
    assert_eq!(records[1]["skipped"], "blank statement");
    for r in &records {
        common::assert_valid_record(r);
    }
}

#[test]
fn exit_codes_follow_fail_on() {
    let vague = "Mum to engage with services as appropriate";
    assert_eq!(
        smartplan(&["check", vague], None).0,
        0,
        "findings alone do not fail"
    );
    assert_eq!(smartplan(&["check", "--fail-on", "warning", vague], None).0, 1);
    let good = "Mum to attend all 6 sessions of the parenting course by 30/04/2026, agreed at conference";
    let (code, out, _) = smartplan(
        &["check", "--fail-on", "error", "--as-of", "2026-01-10", good],
        None,
    );
    assert_eq!(code, 0, "{out}");
}

#[test]
fn empty_input_is_a_clear_usage_error() {
    let (code, _, err) = smartplan(&["check", "   "], None);
    assert_eq!(code, 2);
    assert!(err.contains("nothing to check"), "{err}");
    let (code, _, err) = smartplan(&["check"], Some(b"\n  \n"));
    assert_eq!(code, 2);
    assert!(err.contains("nothing to check"), "{err}");
}

#[test]
fn bad_options_exit_with_2() {
    assert_eq!(smartplan(&["check", "--as-of", "31/04/2026", "x"], None).0, 2);
    assert_eq!(smartplan(&["check", "--as-of", "next week", "x"], None).0, 2);
    assert_eq!(smartplan(&["check", "--format", "yaml", "x"], None).0, 2);
    assert_eq!(
        smartplan(&["--lexicons", "/no/such/dir", "check", "x"], None).0,
        2
    );
}

#[test]
fn human_output_is_plain_when_piped_and_shows_the_criteria() {
    let (code, out, _) = smartplan(&["check", "Mum to engage with services as appropriate"], None);
    assert_eq!(code, 0);
    assert!(!out.contains('\x1b'), "no colour codes in a pipe");
    for c in ["specific", "measurable", "agreed", "realistic", "timely"] {
        assert!(out.contains(c), "{out}");
    }
    assert!(out.contains("[engage with services]"), "{out}");
}

#[test]
fn a_malformed_local_lexicon_names_its_file_and_line() {
    let dir = std::env::temp_dir().join(format!("smartplan-lex-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("local.toml"),
        "category = \"agency\"\n\n[[entry]]\nterms = [\"Acme\"\n",
    )
    .unwrap();
    let (code, _, err) = smartplan(&["--lexicons", dir.to_str().unwrap(), "check", "x"], None);
    std::fs::remove_dir_all(&dir).ok();
    assert_eq!(code, 2);
    assert!(err.contains("local.toml line "), "{err}");
}

#[test]
fn a_local_lexicon_adds_a_service_as_an_owner() {
    let dir = std::env::temp_dir().join(format!("smartplan-lex-add-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("local.toml"),
        "category = \"agency\"\n[[entry]]\nterms = [\"Acme Recovery\"]\n",
    )
    .unwrap();
    let text = "Acme Recovery to see Dad weekly";
    let (code, out, _) = smartplan(
        &[
            "--lexicons",
            dir.to_str().unwrap(),
            "check",
            "--format",
            "json",
            text,
        ],
        None,
    );
    std::fs::remove_dir_all(&dir).ok();
    assert_eq!(code, 0);
    let record: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
    assert_eq!(record["owners"][0]["text"], "Acme Recovery", "{record}");
    assert_eq!(record["owners"][0]["kind"], "agency");
}

/// Statements piped in are analysed a chunk at a time on every core. Across
/// several chunks, with blank lines among them, each line still gives one
/// record in input order, each the record the library gives for that line.
#[test]
fn piped_statements_keep_their_order_across_chunks() {
    let corpus = std::fs::read_to_string(common::repo_path("corpus/statements.jsonl")).unwrap();
    let texts: Vec<String> = corpus
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["text"]
                .as_str()
                .unwrap()
                .replace('\n', " ")
        })
        .collect();
    // 700 lines (three chunks of 256 and part of a fourth), a blank every 40th.
    let lines: Vec<String> = (0..700)
        .map(|i| {
            if i % 40 == 39 {
                String::new()
            } else {
                texts[i % texts.len()].clone()
            }
        })
        .collect();
    let (code, out, err) = smartplan(
        &["check", "-", "--format", "json", "--as-of", "2026-01-10"],
        Some(lines.join("\n").as_bytes()),
    );
    assert_eq!(code, 0, "{err}");
    let records: Vec<&str> = out.lines().collect();
    assert_eq!(records.len(), lines.len(), "one record a line");
    let ctx = smartplan::Context::new(smartplan::Reference::given(common::day(2026, 1, 10)));
    for (i, (line, record)) in lines.iter().zip(&records).enumerate() {
        if line.is_empty() {
            assert!(
                record.contains("\"skipped\":\"blank statement\""),
                "line {i}: {record}"
            );
        } else {
            let want = serde_json::to_string(&common::analyser().analyse(line, &ctx)).unwrap();
            assert_eq!(*record, want, "line {i}");
        }
    }
}
