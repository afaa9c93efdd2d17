//! Template markup in a post's text → Markdown: Liquid tags and outputs (Jekyll, Eleventy),
//! Hugo shortcodes, Zola's shortcode calls and kramdown's attribute lists.
//!
//! What has a clear meaning in a book is converted: `{% highlight %}` to a fenced code block,
//! `{% raw %}` to its text, `{% post_url %}`, `{% link %}` and `{{< ref >}}` to links between
//! entries, figures (`{% include figure %}`, `{{< figure >}}`) to captioned images, videos and
//! posts of other sites (`{{< youtube >}}`, `{% include video %}`, gists, tweets) to links,
//! `{{ site.url }}` and its kin to the site's address. Everything else is dropped, each kind
//! counted with the line it is first met on, for one warning per kind.

use std::collections::BTreeMap;

/// What the conversion needs of the site.
pub struct Context<'a> {
    /// The site's address with its base path (`https://a.org/blog`).
    pub url: Option<&'a str>,
    /// The site's title.
    pub title: &'a str,
    /// A post's entry file (`other.md`) from a name or path as a link gives it.
    pub entry: &'a dyn Fn(&str) -> Option<String>,
}

/// Dropped markup by kind: (count, first line).
#[derive(Debug, Default, Clone)]
pub struct Dropped {
    /// Kind (`{% include toc %}`, `{{ page.date }}`, `kramdown attribute`) → (count, line).
    pub kinds: BTreeMap<String, (usize, usize)>,
    /// Links to posts that are not in the site: (what was named, line).
    pub unresolved: Vec<(String, usize)>,
}

impl Dropped {
    fn add(&mut self, kind: String, line: usize) {
        let e = self.kinds.entry(kind).or_insert((0, line));
        e.0 += 1;
    }
}

/// Splits `key="v" key2='w' key3=x positional "quoted"` into positional and named arguments.
pub fn arguments(text: &str) -> (Vec<String>, Vec<(String, String)>) {
    let mut positional = Vec::new();
    let mut named = Vec::new();
    let mut chars = text.trim().chars().peekable();
    loop {
        while chars.peek().is_some_and(|c| c.is_whitespace() || *c == ',') {
            chars.next();
        }
        let Some(&c) = chars.peek() else { break };
        let mut word = String::new();
        if c == '"' || c == '\'' {
            chars.next();
            for ch in chars.by_ref() {
                if ch == c {
                    break;
                }
                word.push(ch);
            }
            positional.push(word);
            continue;
        }
        while let Some(&ch) = chars.peek() {
            if ch.is_whitespace() || ch == '=' || ch == ',' {
                break;
            }
            word.push(ch);
            chars.next();
        }
        if chars.peek() == Some(&'=') {
            chars.next();
            let mut value = String::new();
            match chars.peek().copied() {
                Some(q @ ('"' | '\'')) => {
                    chars.next();
                    for ch in chars.by_ref() {
                        if ch == q {
                            break;
                        }
                        value.push(ch);
                    }
                }
                _ => {
                    while let Some(&ch) = chars.peek() {
                        if ch.is_whitespace() || ch == ',' {
                            break;
                        }
                        value.push(ch);
                        chars.next();
                    }
                }
            }
            named.push((word, value));
        } else if !word.is_empty() {
            positional.push(word);
        } else {
            chars.next();
        }
    }
    (positional, named)
}

fn named<'a>(args: &'a [(String, String)], key: &str) -> Option<&'a str> {
    args.iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
        .filter(|v| !v.trim().is_empty())
}

/// `![alt](src "caption")`, alone in its paragraph (a captioned figure in the book).
pub fn figure(src: &str, alt: &str, caption: Option<&str>) -> String {
    let alt = alt.replace(['[', ']'], "");
    let src = src.replace(' ', "%20");
    match caption.map(str::trim).filter(|c| !c.is_empty()) {
        Some(c) => format!("![{alt}]({src} \"{}\")", c.replace('"', "\\\"")),
        None => format!("![{alt}]({src})"),
    }
}

fn link_paragraph(text: &str, url: &str) -> String {
    format!("[{text}]({url})")
}

/// A video or post of another site as a link, from a shortcode's or include's name and
/// arguments; `None` when the name is not one of them.
fn embed(name: &str, pos: &[String], args: &[(String, String)]) -> Option<String> {
    let first = |key: &str| {
        named(args, key)
            .map(str::to_string)
            .or_else(|| pos.first().cloned())
    };
    let id = first("id").filter(|i| !i.contains(['(', ')', ' ', '"']))?;
    let (label, url) = match name {
        "youtube" => (
            "YouTube video",
            format!("https://www.youtube.com/watch?v={id}"),
        ),
        "vimeo" | "vimeo_simple" => ("Vimeo video", format!("https://vimeo.com/{id}")),
        "tweet" | "twitter" | "twitter_simple" | "x" => {
            let user =
                named(args, "user").or(pos.get(1).map(String::as_str).filter(|_| pos.len() > 1));
            match user {
                Some(u) if named(args, "user").is_some() => {
                    ("Post on X", format!("https://x.com/{u}/status/{id}"))
                }
                _ => (
                    "Post on X",
                    format!("https://x.com/i/status/{}", pos.last().unwrap_or(&id)),
                ),
            }
        }
        "gist" => {
            let path = if pos.len() >= 2 {
                format!("{}/{}", pos[0], pos[1])
            } else {
                id
            };
            ("Gist", format!("https://gist.github.com/{path}"))
        }
        "instagram" => (
            "Instagram post",
            format!("https://www.instagram.com/p/{id}/"),
        ),
        _ => return None,
    };
    Some(link_paragraph(label, &url))
}

struct Converter<'a, 'b> {
    ctx: &'a Context<'b>,
    text: &'a str,
    first_line: usize,
    dropped: &'a mut Dropped,
}

impl Converter<'_, '_> {
    fn line(&self, at: usize) -> usize {
        self.first_line + self.text[..at.min(self.text.len())].matches('\n').count()
    }

    /// The end (after the closing `%}`) of the next tag named `name` from `from`, and where
    /// that tag starts.
    fn find_tag(&self, from: usize, name: &str) -> Option<(usize, usize)> {
        let mut at = from;
        while let Some(i) = self.text[at..].find("{%") {
            let start = at + i;
            let end = self.text[start + 2..]
                .find("%}")
                .map(|e| start + 2 + e + 2)?;
            let inner =
                self.text[start + 2..end - 2].trim_matches(|c: char| c == '-' || c.is_whitespace());
            if inner.split_whitespace().next() == Some(name) {
                return Some((start, end));
            }
            at = end;
        }
        None
    }

    fn origin(&self) -> (String, String) {
        let url = self.ctx.url.unwrap_or("");
        match url
            .find("://")
            .and_then(|s| url[s + 3..].find('/').map(|p| s + 3 + p))
        {
            Some(p) => (url[..p].to_string(), url[p..].to_string()),
            None => (url.to_string(), String::new()),
        }
    }

    fn run(&mut self) -> String {
        let text = self.text;
        let mut out = String::with_capacity(text.len());
        let mut at = 0;
        while let Some(i) = text[at..].find('{') {
            let start = at + i;
            out.push_str(&text[at..start]);
            let rest = &text[start..];
            let mut piece = String::new();
            let consumed = if rest.starts_with("{%") {
                self.liquid_tag(start, &mut piece)
            } else if rest.starts_with("{{<") || rest.starts_with("{{%") {
                self.shortcode(start, &mut piece)
            } else if rest.starts_with("{{") {
                self.output(start, &mut piece)
            } else {
                None
            };
            match consumed {
                Some(end) => {
                    // A figure or a link alone on its line is a paragraph of its own.
                    let before = &text[text[..start].rfind('\n').map_or(0, |i| i + 1)..start];
                    let after = &text[end..text[end..].find('\n').map_or(text.len(), |i| end + i)];
                    let alone = before.trim().is_empty() && after.trim().is_empty();
                    if alone && (piece.starts_with("![") || piece.starts_with('[')) {
                        out.push_str(&format!("\n{piece}\n"));
                    } else {
                        out.push_str(&piece);
                    }
                    at = end;
                }
                None => {
                    out.push('{');
                    at = start + 1;
                }
            }
        }
        out.push_str(&text[at..]);
        out
    }

    /// `{% … %}` at `start`: the end of what it consumed, or `None` when it is not a tag.
    fn liquid_tag(&mut self, start: usize, out: &mut String) -> Option<usize> {
        let text = self.text;
        let end = start + 2 + text[start + 2..].find("%}")? + 2;
        let inner = text[start + 2..end - 2].trim_matches(|c: char| c == '-' || c.is_whitespace());
        if inner.contains('\n') && inner.len() > 2000 {
            return None;
        }
        let (name, args) = inner.split_once(char::is_whitespace).unwrap_or((inner, ""));
        let line = self.line(start);
        match name {
            "raw" => {
                let (close, after) = self
                    .find_tag(end, "endraw")
                    .unwrap_or((text.len(), text.len()));
                out.push_str(&text[end..close]);
                Some(after)
            }
            "comment" => {
                let (_, after) = self
                    .find_tag(end, "endcomment")
                    .unwrap_or((text.len(), text.len()));
                self.dropped.add("{% comment %}".into(), line);
                Some(after)
            }
            "highlight" => {
                let (close, after) = self
                    .find_tag(end, "endhighlight")
                    .unwrap_or((text.len(), text.len()));
                let lang = args.split_whitespace().next().unwrap_or("");
                let code = text[end..close]
                    .replace("{% raw %}", "")
                    .replace("{% endraw %}", "");
                let code = code.trim_matches('\n');
                let fence = if code.contains("```") { "~~~~" } else { "```" };
                out.push_str(&format!("\n{fence}{lang}\n{code}\n{fence}\n"));
                Some(after)
            }
            "post_url" | "link" => {
                let target = args.trim().trim_matches(['"', '\'']);
                match (self.ctx.entry)(target) {
                    Some(file) => out.push_str(&file),
                    None => {
                        self.dropped.unresolved.push((target.to_string(), line));
                        out.push_str(&self.ctx.url.map(|u| format!("{u}/")).unwrap_or_default());
                    }
                }
                Some(end)
            }
            "include" | "include_cached" | "include_relative" => {
                let (file, rest) = args
                    .trim()
                    .split_once(char::is_whitespace)
                    .unwrap_or((args.trim(), ""));
                let file = file.trim_end_matches(".html");
                let (pos, named_args) = arguments(rest);
                match file {
                    "figure" | "image" => {
                        if let Some(src) =
                            named(&named_args, "image_path").or(named(&named_args, "src"))
                        {
                            let alt = named(&named_args, "alt").unwrap_or("");
                            out.push_str(&figure(src, alt, named(&named_args, "caption")));
                        } else {
                            self.dropped
                                .add(format!("{{% include {file} %}} without an image"), line);
                        }
                    }
                    "video" => {
                        let provider = named(&named_args, "provider").unwrap_or("youtube");
                        match embed(provider, &pos, &named_args) {
                            Some(link) => out.push_str(&link),
                            None => self.dropped.add("{% include video %}".into(), line),
                        }
                    }
                    _ => self.dropped.add(format!("{{% include {file} %}}"), line),
                }
                Some(end)
            }
            "gist" | "youtube" | "vimeo" | "tweet" => {
                let (pos, named_args) = arguments(args);
                match embed(name, &pos, &named_args) {
                    Some(link) => out.push_str(&link),
                    None => self.dropped.add(format!("{{% {name} %}}"), line),
                }
                Some(end)
            }
            "capture" | "endcapture" => {
                // The captured text stays where it was written; where it is output is dropped.
                if name == "capture" {
                    self.dropped.add("{% capture %}".into(), line);
                }
                Some(end)
            }
            "endraw" | "endhighlight" | "endcomment" => Some(end),
            _ if name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
                && !name.is_empty() =>
            {
                if !name.starts_with("end") && !matches!(name, "else" | "elsif" | "when") {
                    self.dropped.add(format!("{{% {name} %}}"), line);
                }
                Some(end)
            }
            _ => None,
        }
    }

    /// `{{ … }}` at `start`: Liquid's output or Zola's shortcode call.
    fn output(&mut self, start: usize, out: &mut String) -> Option<usize> {
        let text = self.text;
        let end = start + 2 + text[start + 2..].find("}}")? + 2;
        let inner = text[start + 2..end - 2].trim_matches(|c: char| c == '-' || c.is_whitespace());
        if inner.contains('\n') && inner.len() > 500 {
            return None;
        }
        let line = self.line(start);
        let mut parts = inner.split('|').map(str::trim);
        let head = parts.next().unwrap_or("");
        let filters: Vec<&str> = parts.collect();
        let (origin, base) = self.origin();
        // Zola: `{{ youtube(id="…") }}`.
        if let Some((name, rest)) = head.split_once('(')
            && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        {
            let (pos, args) = arguments(rest.trim_end_matches(')'));
            match embed(name, &pos, &args) {
                Some(link) => out.push_str(&link),
                None => self.dropped.add(format!("{{{{ {name}() }}}}"), line),
            }
            return Some(end);
        }
        let value = match head {
            "site.url" => Some(origin),
            "site.baseurl" => Some(base.clone()),
            "site.title" => Some(self.ctx.title.to_string()),
            _ if head.starts_with('"') || head.starts_with('\'') => {
                Some(head.trim_matches(['"', '\'']).to_string())
            }
            _ => None,
        };
        match value {
            Some(mut v) => {
                for f in filters {
                    match f.split(':').next().unwrap_or("").trim() {
                        "absolute_url" if v.starts_with('/') => {
                            v = format!("{}{v}", self.ctx.url.unwrap_or(""))
                        }
                        "relative_url" if v.starts_with('/') => v = format!("{base}{v}"),
                        _ => {}
                    }
                }
                out.push_str(&v);
            }
            None => {
                let kind: String = head.chars().take(40).collect();
                self.dropped.add(format!("{{{{ {kind} }}}}"), line);
            }
        }
        Some(end)
    }

    /// A Hugo shortcode `{{< … >}}` or `{{% … %}}` at `start`.
    fn shortcode(&mut self, start: usize, out: &mut String) -> Option<usize> {
        let text = self.text;
        let percent = text[start..].starts_with("{{%");
        let close = if percent { "%}}" } else { ">}}" };
        let end = start + 3 + text[start + 3..].find(close)? + 3;
        let inner = text[start + 3..end - 3].trim();
        if let Some(commented) = inner.strip_prefix("/*").and_then(|i| i.strip_suffix("*/")) {
            // `{{</* x */>}}` writes the shortcode itself.
            let (open, shut) = if percent {
                ("{{%", "%}}")
            } else {
                ("{{<", ">}}")
            };
            out.push_str(&format!("{open} {} {shut}", commented.trim()));
            return Some(end);
        }
        let line = self.line(start);
        let (name, rest) = inner.split_once(char::is_whitespace).unwrap_or((inner, ""));
        if name.starts_with('/') {
            return Some(end);
        }
        let (pos, args) = arguments(rest);
        match name {
            "figure" => match named(&args, "src") {
                Some(src) => {
                    let caption = [named(&args, "title"), named(&args, "caption")]
                        .into_iter()
                        .flatten()
                        .collect::<Vec<_>>()
                        .join(": ");
                    let alt = named(&args, "alt").unwrap_or("");
                    out.push_str(&figure(src, alt, Some(caption.as_str())));
                }
                None => self.dropped.add("{{< figure >}} without src".into(), line),
            },
            "ref" | "relref" => {
                let target = pos
                    .first()
                    .cloned()
                    .or(named(&args, "path").map(str::to_string))
                    .unwrap_or_default();
                match (self.ctx.entry)(&target) {
                    Some(file) => out.push_str(&file),
                    None => {
                        self.dropped.unresolved.push((target, line));
                        out.push_str(&self.ctx.url.map(|u| format!("{u}/")).unwrap_or_default());
                    }
                }
            }
            "highlight" => {
                let closing = "/highlight";
                let body_end = text[end..]
                    .find(&format!("{{{{< {closing} >}}}}"))
                    .or_else(|| text[end..].find(&format!("{{{{<{closing}>}}}}")))
                    .map(|i| end + i);
                let lang = pos.first().map(String::as_str).unwrap_or("");
                if let Some(body_end) = body_end {
                    let code = text[end..body_end].trim_matches('\n');
                    out.push_str(&format!("\n```{lang}\n{code}\n```\n"));
                    let after = body_end + text[body_end..].find(">}}").map_or(0, |i| i + 3);
                    return Some(after);
                }
            }
            _ => match embed(name, &pos, &args) {
                Some(link) => out.push_str(&link),
                None => self.dropped.add(format!("{{{{< {name} >}}}}"), line),
            },
        }
        Some(end)
    }
}

/// Removes kramdown's attribute lists and extensions (`{: .notice}`, `{:toc}`, `{::options}`)
/// outside code fences; each counted.
fn kramdown(text: &str, first_line: usize, dropped: &mut Dropped) -> String {
    let mut out = String::with_capacity(text.len());
    let mut fence: Option<String> = None;
    for (i, line) in text.split_inclusive('\n').enumerate() {
        let trimmed = line.trim();
        let marker: String = trimmed
            .chars()
            .take_while(|c| *c == '`' || *c == '~')
            .collect();
        if let Some(open) = &fence {
            if marker.len() >= open.len()
                && marker.starts_with(&open[..1])
                && trimmed.len() == marker.len()
            {
                fence = None;
            }
            out.push_str(line);
            continue;
        }
        if marker.len() >= 3 {
            fence = Some(marker);
            out.push_str(line);
            continue;
        }
        let n = first_line + i;
        if trimmed.starts_with("{:") && trimmed.ends_with('}') {
            // The line stays, empty, so that later lines keep their numbers.
            dropped.add("kramdown attribute list `{: …}`".into(), n);
            out.push('\n');
            continue;
        }
        let mut kept = line.to_string();
        while let Some(p) = kept.find("{:") {
            let Some(close) = kept[p..].find('}') else {
                break;
            };
            kept.replace_range(p..p + close + 1, "");
            dropped.add("kramdown attribute list `{: …}`".into(), n);
        }
        out.push_str(&kept);
    }
    out
}

/// Zola's internal links, `[text](@/blog/other.md)`, as links between entries.
fn zola_links(text: &str, first_line: usize, ctx: &Context, dropped: &mut Dropped) -> String {
    if !text.contains("](@/") {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    while let Some(i) = text[at..].find("](@/") {
        let start = at + i + 2;
        let Some(close) = text[start..].find(')').map(|c| start + c) else {
            break;
        };
        out.push_str(&text[at..start]);
        let target = &text[start + 2..close];
        let (path, anchor) = target.split_once('#').map_or((target, ""), |(p, a)| (p, a));
        match (ctx.entry)(path) {
            Some(file) if anchor.is_empty() => out.push_str(&file),
            Some(file) => out.push_str(&format!("{file}#{anchor}")),
            None => {
                let line = first_line + text[..start].matches('\n').count();
                dropped.unresolved.push((target.to_string(), line));
                out.push_str(&ctx.url.map(|u| format!("{u}/")).unwrap_or_default());
            }
        }
        at = close;
    }
    out.push_str(&text[at..]);
    out
}

/// Converts the markup of a post body whose first line is `first_line` of its file.
pub fn convert(text: &str, first_line: usize, ctx: &Context, dropped: &mut Dropped) -> String {
    // Kramdown's lists first, on the text as written, so both passes count lines right.
    let text = kramdown(text, first_line, dropped);
    let mut converter = Converter {
        ctx,
        text: &text,
        first_line,
        dropped,
    };
    let converted = converter.run();
    let converted = zola_links(&converted, first_line, ctx, dropped);
    // Blank lines the conversions added: at most one in a row.
    let mut out = String::with_capacity(converted.len());
    let mut blanks = 0;
    for line in converted.split_inclusive('\n') {
        if line.trim().is_empty() {
            blanks += 1;
            if blanks > 1 {
                continue;
            }
        } else {
            blanks = 0;
        }
        out.push_str(line);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str) -> (String, Dropped) {
        let entry = |name: &str| {
            (name.contains("layout-comments")).then(|| "layout-comments.md".to_string())
        };
        let ctx = Context {
            url: Some("https://mmistakes.github.io/minimal-mistakes"),
            title: "Minimal Mistakes",
            entry: &entry,
        };
        let mut dropped = Dropped::default();
        let out = convert(text, 10, &ctx, &mut dropped);
        (out, dropped)
    }

    #[test]
    fn liquid_that_has_a_meaning_is_converted() {
        let (out, d) = run(
            "See [it]({% post_url 2012-01-02-layout-comments %}) at {{ site.url }}{{ site.baseurl }}/.\n\n{% highlight ruby linenos %}\nputs 1\n{% endhighlight %}\n\n`{% raw %}{{ x }}{% endraw %}`\n",
        );
        assert!(out.contains("[it](layout-comments.md)"), "{out}");
        assert!(
            out.contains("at https://mmistakes.github.io/minimal-mistakes/."),
            "{out}"
        );
        assert!(out.contains("```ruby\nputs 1\n```"), "{out}");
        assert!(out.contains("`{{ x }}`"), "{out}");
        assert!(d.kinds.is_empty(), "{d:?}");
    }

    #[test]
    fn figures_videos_and_dropped_markup() {
        let (out, d) = run(
            "{% include figure image_path=\"/a.png\" alt=\"A\" caption=\"The 'cap'\" %}\n{% include toc %}\n{% include toc %}\n{{< youtube ZJthWmvUzzc >}}\nText\n{: .notice}\n[x](y){:target=\"_blank\"}\n{{ page.date | date: \"%c\" }}\n",
        );
        assert!(out.contains("![A](/a.png \"The 'cap'\")"), "{out}");
        assert!(
            out.contains("[YouTube video](https://www.youtube.com/watch?v=ZJthWmvUzzc)"),
            "{out}"
        );
        assert!(out.contains("[x](y)\n") && !out.contains("{:"), "{out}");
        assert_eq!(d.kinds["{% include toc %}"], (2, 11));
        assert_eq!(d.kinds["kramdown attribute list `{: …}`"].0, 2);
        assert_eq!(d.kinds["{{ page.date }}"].0, 1);
    }

    #[test]
    fn tags_that_close_where_they_open_are_text() {
        for text in ["{%}", "{{%}}", "{{<>}}", "{{}}", "{% %}", "{%-%}"] {
            run(text);
        }
    }

    #[test]
    fn hugo_shortcodes() {
        let (out, d) = run(
            "{{< figure src=\"/images/x.jpg\" title=\"T\" caption=\"C\" >}}\n[back]({{< ref \"layout-comments.md\" >}})\n{{% notice info %}}\nKept\n{{% /notice %}}\n{{</* youtube x */>}}\n",
        );
        assert!(out.contains("![](/images/x.jpg \"T: C\")"), "{out}");
        assert!(out.contains("[back](layout-comments.md)"), "{out}");
        assert!(
            out.contains("Kept") && out.contains("{{< youtube x >}}"),
            "{out}"
        );
        assert_eq!(d.kinds["{{< notice >}}"].0, 1);
    }
}
