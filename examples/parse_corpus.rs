//! Parses every draft of a folder (no analysis), for profiling the draft
//! parse alone: `cargo run --release --example parse_corpus -- DIR`.
//! Prints the bytes, paragraphs, sentences and words found.

use copydesk::{Draft, DraftKind};

fn main() -> std::io::Result<()> {
    let dir = std::env::args().nth(1).unwrap_or_else(|| ".".into());
    let mut texts = Vec::new();
    for entry in std::fs::read_dir(&dir)? {
        let path = entry?.path();
        let name = path.to_string_lossy().to_string();
        if let Some(kind) = DraftKind::from_path(&name) {
            texts.push((std::fs::read_to_string(&path)?, kind));
        }
    }
    let (mut bytes, mut paragraphs, mut sentences, mut words) = (0, 0, 0, 0);
    for (text, kind) in &texts {
        let draft = Draft::parse(text, *kind);
        bytes += text.len();
        paragraphs += draft.paragraphs.len();
        sentences += draft.sentences.len();
        words += draft.words.len();
    }
    println!("{bytes} bytes, {paragraphs} paragraphs, {sentences} sentences, {words} words");
    Ok(())
}
