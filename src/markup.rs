//! Read-only content written as HTML text and set as an element's `inner_html`: the
//! specification tables, the cost working, the comparison. Each `view!` element is a type of
//! its own with its own build, mount and update code in the wasm; a table of fifty cells drawn
//! this way is one string instead, and nothing in it changes except by being drawn again (on a
//! change of language or of the figures behind it). Every text goes through [`Markup::text`],
//! which escapes it: the catalog's words are staff input.

/// HTML being written.
#[derive(Default)]
pub struct Markup(String);

impl Markup {
    /// An empty piece.
    pub fn new() -> Self {
        Markup::default()
    }

    /// Opens `<tag class="class">` (no class attribute when `class` is empty).
    pub fn open(&mut self, tag: &str, class: &str) -> &mut Self {
        self.0.push('<');
        self.0.push_str(tag);
        if !class.is_empty() {
            self.0.push_str(" class=\"");
            self.text(class);
            self.0.push('"');
        }
        self.0.push('>');
        self
    }

    /// Opens `<tag attributes>`: `attributes` are written as they are (never from input).
    pub fn open_with(&mut self, tag: &str, attributes: &str) -> &mut Self {
        self.0.push('<');
        self.0.push_str(tag);
        self.0.push(' ');
        self.0.push_str(attributes);
        self.0.push('>');
        self
    }

    /// Closes `</tag>`.
    pub fn close(&mut self, tag: &str) -> &mut Self {
        self.0.push_str("</");
        self.0.push_str(tag);
        self.0.push('>');
        self
    }

    /// `text`, escaped.
    pub fn text(&mut self, text: &str) -> &mut Self {
        for c in text.chars() {
            match c {
                '&' => self.0.push_str("&amp;"),
                '<' => self.0.push_str("&lt;"),
                '>' => self.0.push_str("&gt;"),
                '"' => self.0.push_str("&quot;"),
                '\'' => self.0.push_str("&#39;"),
                c => self.0.push(c),
            }
        }
        self
    }

    /// `html` as it is: markup this crate wrote (an SVG element, a piece from [`Markup`]),
    /// never input.
    pub fn raw(&mut self, html: &str) -> &mut Self {
        self.0.push_str(html);
        self
    }

    /// `text` escaped, for markup written by hand around it.
    pub fn escaped(text: &str) -> String {
        Markup::new().text(text).finish()
    }

    /// `<a href="href">text</a>`, both escaped.
    pub fn link(&mut self, href: &str, text: &str) -> &mut Self {
        self.0.push_str("<a href=\"");
        self.text(href);
        self.0.push_str("\">");
        self.text(text).close("a")
    }

    /// `<tag class="class">text</tag>`.
    pub fn element(&mut self, tag: &str, class: &str, text: &str) -> &mut Self {
        self.open(tag, class).text(text).close(tag)
    }

    /// The HTML written.
    pub fn finish(&mut self) -> String {
        std::mem::take(&mut self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_and_classes_are_escaped_and_elements_nest() {
        let mut m = Markup::new();
        m.open("dl", "ysmap-specs")
            .element("dt", "", "面积")
            .element("dd", "a\"b", "<script>&'")
            .close("dl");
        assert_eq!(
            m.finish(),
            "<dl class=\"ysmap-specs\"><dt>面积</dt><dd class=\"a&quot;b\">&lt;script&gt;&amp;&#39;</dd></dl>"
        );
        m.link("tel:\"x", "<1>");
        assert_eq!(m.finish(), "<a href=\"tel:&quot;x\">&lt;1&gt;</a>");
    }
}
