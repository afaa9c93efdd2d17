mod common;
use chapbook::build::{BuildOptions, Format, build};
use common::*;

fn examples(text: &str) -> Vec<(String, String)> {
    let fence = "`".repeat(32);
    let open = format!("{fence} example");
    let mut out = Vec::new();
    let mut lines = text.lines();
    while let Some(l) = lines.next() {
        if l == open {
            let mut md = String::new();
            let mut html = String::new();
            let mut in_html = false;
            for l in lines.by_ref() {
                if l == fence {
                    break;
                }
                if l == "." && !in_html {
                    in_html = true;
                    continue;
                }
                let t = if in_html { &mut html } else { &mut md };
                t.push_str(l);
                t.push('\n');
            }
            out.push((md, html));
        }
    }
    out
}

#[test]
fn dump() {
    let text = std::fs::read_to_string(
        shared()
            .unwrap()
            .join("corpora/footnotes/pulldown-cmark-footnotes.txt"),
    )
    .unwrap();
    for (i, (md, _)) in examples(&text).iter().enumerate() {
        let n = i + 1;
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("entries")).unwrap();
        std::fs::write(
            dir.path().join("book.toml"),
            format!("title = \"Case {n}\"\n"),
        )
        .unwrap();
        std::fs::write(
            dir.path().join("entries/case.md"),
            format!("+++\ntitle = \"Case {n}\"\n+++\n{md}"),
        )
        .unwrap();
        let out = tempfile::tempdir().unwrap();
        let o = build(&BuildOptions {
            book_dir: dir.path().into(),
            out_dir: out.path().into(),
            formats: vec![Format::Epub],
        });
        println!("===== CASE {n}");
        for d in o.diagnostics.iter() {
            println!("{d}");
        }
        if let Some(p) = o.outputs.first() {
            let mut e = Epub::open(p);
            let t = e.text("OEBPS/text/case.xhtml");
            let b = t.split("<body").nth(1).unwrap();
            println!("{b}");
        }
    }
}
