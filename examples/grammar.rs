//! How the grammar stage reads statements, one line a clause or fragment:
//! a developer's aid for tracing a misreading.
//!
//! ```sh
//! cargo run --release --example grammar -- "Mum to attend the course" "Ensure support is in place"
//! ```

use smartplan::{Analyser, Context, Reference};

fn main() {
    let analyser = Analyser::builtin();
    let ctx = Context::new(Reference::today(chrono::Local::now().date_naive()));
    for text in std::env::args().skip(1) {
        let lines = analyser.with_doc(&text, &ctx, |doc| doc.grammar.outline(&text, doc.tokens));
        println!("{text}");
        for line in lines {
            println!("  {line}");
        }
    }
}
