fn main() {
    for p in std::env::args().skip(1) {
        let text = std::fs::read_to_string(&p).unwrap();
        let kind = copydesk::DraftKind::from_path_or_plain(&p);
        let sb = copydesk::Stylebook::default();
        let draft = copydesk::Draft::parse(&text, kind);
        let a = copydesk::analysis::Analysis::new(draft, &sb);
        for (q, at) in a.quotes.quotes.iter().zip(&a.attributions) {
            let s = at.as_ref().map(|at| {
                format!(
                    "{:?} sp={:?} cue={:?} anon={}",
                    at.how,
                    at.speaker.as_ref().map(|s| &text[s.clone()]),
                    at.cue.as_ref().map(|s| &text[s.clone()]),
                    at.anonymous
                )
            });
            println!(
                "{:?} {:?} -> {:?}",
                q.kind,
                &text[q.span.clone()].chars().take(50).collect::<String>(),
                s
            );
        }
        for f in copydesk::lint(Some(&p), &text, kind, &sb, None) {
            println!("{p}: {} {:?} {}", f.rule, f.range, &text[f.range.clone()]);
        }
    }
}
