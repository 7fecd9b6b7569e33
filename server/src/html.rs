//! A small reader of the built `index.html`, for what the Content-Security-Policy must know:
//! the inline `<script>` and `<style>` elements (allowed by their hashes), the host element's
//! settings (`data-api-base`, `data-tile-url`), and what a CSP would block (inline event
//! handlers, `style` attributes) so the server can say so at start.
//!
//! Not a full HTML parser: it reads tags, attributes, comments and the raw text of `script` and
//! `style`, which is all trunk's output and a deployer's edits of attributes contain. Hand-rolled
//! because the inline elements must be hashed over their exact bytes, which a parser that
//! normalizes text would not give back.

/// What the page holds that the policy depends on.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Page {
    /// The text of each inline `<script>` (one without `src`), exactly as written.
    pub inline_scripts: Vec<String>,
    /// The text of each `<style>` element, exactly as written.
    pub inline_styles: Vec<String>,
    /// The attributes of the host element (`id="ysmap"`), names lowercased.
    pub host: Vec<(String, String)>,
    /// Attributes a CSP without `'unsafe-inline'` blocks (`onclick=…`, `style=…`), as
    /// `tag[attribute]`.
    pub blocked_attributes: Vec<String>,
}

impl Page {
    /// A host element attribute, when set and not blank.
    pub fn host_attr(&self, name: &str) -> Option<&str> {
        self.host
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.trim())
            .filter(|v| !v.is_empty())
    }
}

/// Reads `html`.
pub fn read(html: &str) -> Page {
    let mut page = Page::default();
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        rest = &rest[lt..];
        if let Some(after) = rest.strip_prefix("<!--") {
            rest = after.find("-->").map_or("", |end| &after[end + 3..]);
            continue;
        }
        let starts_tag = rest[1..].starts_with(|c: char| c.is_ascii_alphabetic());
        if !starts_tag {
            // `</…>`, `<!DOCTYPE …>` or a stray `<` in text.
            rest = &rest[1..];
            continue;
        }
        let (tag, after_tag) = start_tag(&rest[1..]);
        rest = after_tag;
        let is_script = tag.name == "script";
        if is_script || tag.name == "style" {
            // Raw text: everything up to the closing tag, no markup inside.
            let close = format!("</{}", tag.name);
            let end = find_ignore_case(rest, &close).unwrap_or(rest.len());
            let text = rest[..end].to_owned();
            rest = &rest[end..];
            if !is_script {
                page.inline_styles.push(text);
            } else if !tag.attrs.iter().any(|(n, _)| n == "src") {
                page.inline_scripts.push(text);
            }
        }
        for (name, _) in &tag.attrs {
            if name == "style" || name.starts_with("on") {
                page.blocked_attributes
                    .push(format!("{}[{name}]", tag.name));
            }
        }
        if tag.attrs.iter().any(|(n, v)| n == "id" && v == "ysmap") {
            page.host = tag.attrs;
        }
    }
    page
}

struct Tag {
    name: String,
    attrs: Vec<(String, String)>,
}

/// Reads a start tag from just after its `<` and returns it with the text after its `>`.
fn start_tag(s: &str) -> (Tag, &str) {
    let name_end = s
        .find(|c: char| c.is_ascii_whitespace() || c == '>' || c == '/')
        .unwrap_or(s.len());
    let name = s[..name_end].to_ascii_lowercase();
    let mut rest = &s[name_end..];
    let mut attrs = Vec::new();
    loop {
        rest = rest.trim_start_matches(|c: char| c.is_ascii_whitespace() || c == '/');
        if rest.is_empty() {
            break;
        }
        if let Some(after) = rest.strip_prefix('>') {
            rest = after;
            break;
        }
        let end = rest
            .find(|c: char| c.is_ascii_whitespace() || c == '=' || c == '>' || c == '/')
            .unwrap_or(rest.len())
            .max(1);
        let attr = rest[..end].to_ascii_lowercase();
        rest = rest[end..].trim_start();
        let mut value = String::new();
        if let Some(after) = rest.strip_prefix('=') {
            rest = after.trim_start();
            let quote = rest.chars().next().filter(|c| *c == '"' || *c == '\'');
            let (v, after) = match quote {
                Some(q) => {
                    let inner = &rest[1..];
                    let end = inner.find(q).unwrap_or(inner.len());
                    (&inner[..end], inner.get(end + 1..).unwrap_or(""))
                }
                None => {
                    let end = rest
                        .find(|c: char| c.is_ascii_whitespace() || c == '>')
                        .unwrap_or(rest.len());
                    (&rest[..end], &rest[end..])
                }
            };
            value = decode_entities(v);
            rest = after;
        }
        attrs.push((attr, value));
    }
    (Tag { name, attrs }, rest)
}

/// The few character references an attribute value written by hand is likely to hold (a URL's
/// `&amp;`); others are left as written.
fn decode_entities(v: &str) -> String {
    if !v.contains('&') {
        return v.to_owned();
    }
    v.replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&apos;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

fn find_ignore_case(haystack: &str, needle: &str) -> Option<usize> {
    let (h, n) = (haystack.as_bytes(), needle.as_bytes());
    (0..=h.len().checked_sub(n.len())?).find(|&i| h[i..i + n.len()].eq_ignore_ascii_case(n))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// trunk 0.21's output for this project, in shape.
    const BUILT: &str = r#"<!DOCTYPE html>
<html lang="zh-CN">
  <head>
    <meta charset="utf-8" />
    <link rel="modulepreload" href="/ysmap-app-0123456789abcdef.js" crossorigin="anonymous" integrity="sha384-x">
    <style>
      html, body { margin: 0; height: 100%; }
    </style>
<script type="module">
import init, * as bindings from '/ysmap-app-0123456789abcdef.js';
const wasm = await init({ module_or_path: '/ysmap-app-0123456789abcdef_bg.wasm' });
</script>
  </head>
  <body>
    <!-- <script>not this</script> -->
    <div id="ysmap" data-tiles="custom" data-tile-url='https://tiles.example.cn/{z}/{x}/{y}.png?a=1&amp;b=2'></div>
    <script src="/external.js"></script>
    <noscript>需要 JavaScript</noscript>
  </body>
</html>"#;

    #[test]
    fn finds_inline_scripts_and_styles_exactly() {
        let page = read(BUILT);
        assert_eq!(page.inline_scripts.len(), 1);
        assert!(page.inline_scripts[0].starts_with("\nimport init"));
        assert!(page.inline_scripts[0].ends_with("_bg.wasm' });\n"));
        assert_eq!(
            page.inline_styles,
            ["\n      html, body { margin: 0; height: 100%; }\n    "]
        );
        assert!(page.blocked_attributes.is_empty());
    }

    #[test]
    fn reads_the_host_element_settings() {
        let page = read(BUILT);
        assert_eq!(page.host_attr("data-tiles"), Some("custom"));
        assert_eq!(
            page.host_attr("data-tile-url"),
            Some("https://tiles.example.cn/{z}/{x}/{y}.png?a=1&b=2")
        );
        assert_eq!(page.host_attr("data-api-base"), None);
    }

    #[test]
    fn notices_what_a_policy_blocks_and_survives_odd_markup() {
        let page = read(
            "<P STYLE=\"color:red\">x</p><button onclick='go()'>go</button><SCRIPT>a</SCRIPT><b>1 < 2</b><a href=x>y",
        );
        assert_eq!(page.blocked_attributes, ["p[style]", "button[onclick]"]);
        assert_eq!(page.inline_scripts, ["a"]);
        assert_eq!(
            read("<script>unterminated").inline_scripts,
            ["unterminated"]
        );
        assert_eq!(
            read("<div id=ysmap data-api-base=/api/ >").host_attr("data-api-base"),
            Some("/api/")
        );
        assert_eq!(read("<"), Page::default());
    }
}
