//! The body of a 406 response (RFC 9110 §15.5.7): the available variants
//! as problem+json or HTML.

use core::fmt;

use crate::Problem;
use crate::Variant;
use crate::json;

/// The body of a 406 response: the available variants with their
/// characteristics and URIs (RFC 9110 §15.5.7), written through
/// `Display` (so into any `core::fmt::Write`, without allocating).
///
/// [`problem_json`](Alternatives::problem_json) writes an RFC 9457
/// `application/problem+json` document with an `alternatives` extension
/// member; [`html`](Alternatives::html) a small `text/html` page with a list.
/// Every value is escaped for its format.
///
/// ```
/// use conneg::{Alternatives, Variant};
///
/// let variants = [Variant::new("text/html").with_language("en").with_uri("/en")];
/// let json = Alternatives::problem_json(&variants).to_string();
/// assert!(json.starts_with(r#"{"type":"about:blank","title":"Not Acceptable","status":406"#));
/// assert!(json.contains(r#"{"type":"text/html","language":"en","uri":"/en"}"#));
/// let html = Alternatives::html(&variants).to_string();
/// assert!(html.contains(r#"<li><a href="/en">text/html; language=en</a></li>"#));
/// ```
#[derive(Clone, Copy, Debug)]
pub struct Alternatives<'a, 'v> {
    variants: &'a [Variant<'v>],
    html: bool,
}

impl<'a, 'v> Alternatives<'a, 'v> {
    /// The `application/problem+json` body (RFC 9457).
    pub const fn problem_json(variants: &'a [Variant<'v>]) -> Self {
        Alternatives {
            variants,
            html: false,
        }
    }
    /// The `text/html` body.
    pub const fn html(variants: &'a [Variant<'v>]) -> Self {
        Alternatives { variants, html: true }
    }
    /// The media type of this body.
    pub const fn content_type(&self) -> &'static str {
        if self.html {
            "text/html; charset=utf-8"
        } else {
            "application/problem+json"
        }
    }
}

impl fmt::Display for Alternatives<'_, '_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.html {
            write_html(f, self.variants)
        } else {
            write_problem_json(f, self.variants)
        }
    }
}

pub(crate) fn axes<'v>(v: &Variant<'v>) -> [(&'static str, Option<&'v str>); 5] {
    [
        ("type", Some(v.media_type())),
        ("language", v.language),
        ("charset", v.charset),
        ("encoding", v.encoding),
        ("uri", v.uri),
    ]
}

/// The members every 406 problem+json body starts with.
pub(crate) const NOT_ACCEPTABLE: Problem<'static> = Problem::new(406).with_type("about:blank").with_detail(
    "No available representation is acceptable under the request's Accept, Accept-Language, Accept-Encoding and Accept-Charset fields; the alternatives are listed.",
);

pub(crate) fn write_problem_json(f: &mut fmt::Formatter<'_>, variants: &[Variant<'_>]) -> fmt::Result {
    let mut body = NOT_ACCEPTABLE.write_members(f)?;
    let list = body.member("alternatives")?;
    list.write_str("[")?;
    for (i, v) in variants.iter().enumerate() {
        if i > 0 {
            list.write_str(",")?;
        }
        let mut alternative = json::Object::open(&mut *list)?;
        for (name, value) in axes(v) {
            if let Some(value) = value {
                alternative.string(name, value)?;
            }
        }
        alternative.close()?;
    }
    list.write_str("]")?;
    body.close()
}

pub(crate) fn html_escape(f: &mut fmt::Formatter<'_>, s: &str) -> fmt::Result {
    let mut start = 0;
    for (i, c) in s.char_indices() {
        let escape = match c {
            '&' => "&amp;",
            '<' => "&lt;",
            '>' => "&gt;",
            '"' => "&quot;",
            '\'' => "&#39;",
            _ => continue,
        };
        f.write_str(&s[start..i])?;
        f.write_str(escape)?;
        start = i + 1;
    }
    f.write_str(&s[start..])
}

pub(crate) fn write_html(f: &mut fmt::Formatter<'_>, variants: &[Variant<'_>]) -> fmt::Result {
    f.write_str(
        "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>406 Not Acceptable</title></head>\n<body><h1>Not Acceptable</h1>\n<p>No available representation is acceptable. Alternatives:</p>\n<ul>\n",
    )?;
    for v in variants {
        f.write_str("<li>")?;
        if let Some(uri) = v.uri {
            f.write_str("<a href=\"")?;
            html_escape(f, uri)?;
            f.write_str("\">")?;
        }
        html_escape(f, v.media_type())?;
        for (name, value) in &axes(v)[1..4] {
            if let Some(value) = value {
                write!(f, "; {name}=")?;
                html_escape(f, value)?;
            }
        }
        if v.uri.is_some() {
            f.write_str("</a>")?;
        }
        f.write_str("</li>\n")?;
    }
    f.write_str("</ul>\n</body></html>\n")
}
