//! Borrowed request field lines (RFC 9110 §5.2, §5.3), and the table of
//! every header field conneg reads or writes ([`Field`] is its request part).

use crate::kernel::eq_ignore_case;

/// The value(s) of one request field, borrowed from the request head: absent,
/// one field line, or several lines of the same field.
///
/// Repeated lines of a list-based field are one list, in order (RFC 9110 §5.2): two
/// `Accept` lines give one list of media ranges. Nothing is joined or copied;
/// iteration walks the lines in turn.
///
/// An absent field and a present-but-empty field differ: `Accept:` (empty) and
/// no `Accept` at all mean different things (RFC 9110 §12.4.1, §12.5.3).
///
/// # Examples
///
/// ```
/// use conneg::FieldLines;
///
/// let one = FieldLines::one(b"text/html, */*;q=0.1");
/// let lines: &[&[u8]] = &[b"text/html", b"application/json;q=0.5"];
/// let many = FieldLines::many(lines);
/// assert!(!one.is_absent() && !many.is_absent());
/// assert!(FieldLines::ABSENT.is_absent());
/// assert!(FieldLines::many(&[]).is_absent());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FieldLines<'h>(Repr<'h>);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Repr<'h> {
    Absent,
    One(&'h [u8]),
    Many(&'h [&'h [u8]]),
}

impl<'h> FieldLines<'h> {
    /// The field is not in the request.
    pub const ABSENT: FieldLines<'static> = FieldLines(Repr::Absent);

    /// One field line's value (surrounding whitespace is ignored, RFC 9110 §5.5).
    #[inline]
    pub const fn one(value: &'h [u8]) -> Self {
        FieldLines(Repr::One(value))
    }

    /// Several field lines of the same field, in the order received. An empty
    /// slice means the field is absent.
    #[inline]
    pub const fn many(lines: &'h [&'h [u8]]) -> Self {
        if lines.is_empty() {
            FieldLines(Repr::Absent)
        } else {
            FieldLines(Repr::Many(lines))
        }
    }

    /// `None` → absent, `Some(value)` → one line.
    #[inline]
    pub const fn from_option(value: Option<&'h [u8]>) -> Self {
        match value {
            Some(v) => FieldLines::one(v),
            None => FieldLines(Repr::Absent),
        }
    }

    /// Is the field absent from the request?
    #[inline]
    pub const fn is_absent(&self) -> bool {
        matches!(self.0, Repr::Absent)
    }

    /// The number of field lines (0 when absent).
    #[inline]
    pub const fn line_count(&self) -> usize {
        match self.0 {
            Repr::Absent => 0,
            Repr::One(_) => 1,
            Repr::Many(lines) => lines.len(),
        }
    }

    /// Field line `index`, if there is one.
    #[inline]
    pub fn line(&self, index: usize) -> Option<&'h [u8]> {
        match self.0 {
            Repr::Absent => None,
            Repr::One(v) => (index == 0).then_some(v),
            Repr::Many(lines) => lines.get(index).copied(),
        }
    }
}

impl<'h> From<&'h [u8]> for FieldLines<'h> {
    fn from(value: &'h [u8]) -> Self {
        FieldLines::one(value)
    }
}

impl<'h> From<&'h str> for FieldLines<'h> {
    fn from(value: &'h str) -> Self {
        FieldLines::one(value.as_bytes())
    }
}

impl<'h> From<Option<&'h [u8]>> for FieldLines<'h> {
    fn from(value: Option<&'h [u8]>) -> Self {
        FieldLines::from_option(value)
    }
}

impl<'h> From<Option<&'h str>> for FieldLines<'h> {
    fn from(value: Option<&'h str>) -> Self {
        FieldLines::from_option(value.map(str::as_bytes))
    }
}

/// A single-pass cursor over the list elements of all lines of a field, for
/// parsers that read an element in place (no separate splitting pass).
///
/// [`next_start`](Cursor::next_start) skips OWS and empty elements and moves
/// across lines; the parser then reads from that index in
/// [`line_bytes`](Cursor::line_bytes) and either reports where its element
/// ended ([`finish`](Cursor::finish), at the `,` or the end of the line) or
/// gives up ([`skip_element`](Cursor::skip_element)), which resynchronises at the
/// next comma outside a quoted-string exactly as `syntax::ListElements` splits.
#[derive(Clone, Debug)]
pub(crate) struct Cursor<'h> {
    lines: FieldLines<'h>,
    line: usize,
    bytes: &'h [u8],
    pos: usize,
}

impl<'h> Cursor<'h> {
    #[inline]
    pub(crate) fn new(lines: FieldLines<'h>) -> Self {
        Cursor {
            lines,
            line: 0,
            bytes: lines.line(0).unwrap_or(b""),
            pos: 0,
        }
    }

    /// Index (in the current line) of the next non-empty element, if any.
    #[inline]
    pub(crate) fn next_start(&mut self) -> Option<usize> {
        loop {
            let s = self.bytes;
            let mut i = self.pos;
            while i < s.len() && is_separator(s[i]) {
                i += 1;
            }
            if i < s.len() {
                self.pos = i;
                return Some(i);
            }
            let next = self.line + 1;
            self.bytes = self.lines.line(next)?;
            self.line = next;
            self.pos = 0;
        }
    }

    /// The current line's bytes.
    #[inline]
    pub(crate) fn line_bytes(&self) -> &'h [u8] {
        self.bytes
    }

    /// The current line's index.
    #[inline]
    pub(crate) fn line_index(&self) -> usize {
        self.line
    }

    /// The element ended at `end` (a `,` or the end of the line).
    #[inline]
    pub(crate) fn finish(&mut self, end: usize) {
        self.pos = end;
    }

    /// Skips the element that starts at the current position, up to the next
    /// comma outside a quoted-string.
    #[inline]
    pub(crate) fn skip_element(&mut self) {
        self.pos = crate::syntax::element_end(self.bytes, self.pos);
    }

    /// Like [`skip_element`](Cursor::skip_element), when the element is
    /// known to have no quoted-string or comma before `from`.
    // The token fields now walk their lines without a `Cursor`.
    #[cfg_attr(not(test), allow(dead_code))]
    #[inline(always)]
    pub(crate) fn skip_element_from(&mut self, from: usize) {
        let from = from.max(self.pos);
        // Often `from` is already at the `,` (a value without parameters) or
        // at the end: what `element_end` returns for those, without the call.
        self.pos = match self.bytes.get(from) {
            Some(b',') => from,
            None => self.bytes.len(),
            Some(_) => crate::syntax::element_end(self.bytes, from),
        };
    }
}

/// Is `b` a `,` or OWS (what separates list elements)? One bit test: all
/// three octets are below 64.
#[inline(always)]
pub(crate) const fn is_separator(b: u8) -> bool {
    const SET: u64 = 1 << b',' | 1 << b' ' | 1 << b'\t';
    b < 64 && SET >> b & 1 == 1
}

// ---- The header-field table ----
//
// Every header field conneg reads or writes, once: its canonical and
// lowercase names, the RFC that defines it, and what a `304 Not Modified`
// does with it (RFC 9110 §15.4.5). The macro generates the public request
// [`Field`] enum, the crate's [`HeaderField`] enum of all rows, their names,
// and the order in which a `Decision` emits its response fields; the
// adapters map each row to the `http` crate's constant with one exhaustive
// `match`, and the 304/412 field stripping reads the 304 column.

/// What a `304 Not Modified` does with a header field the `200` would carry
/// (RFC 9110 §15.4.5): the table's last column. `not_modified_field`
/// (in `precondition`) answers it per name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum NotModifiedRule {
    /// Sent on a 304 as on the 200 (RFC 9110 §15.4.5).
    Keep,
    /// Sent on a 304 only when the 304 carries no `ETag` (RFC 9110 §15.4.5):
    /// `Last-Modified`.
    KeepWithoutEtag,
    /// Content metadata: describes content a 304 does not send, so it is
    /// dropped (RFC 9110 §15.4.5) — and dropped too by the `tower` adapter's 412 and
    /// 416, which send no content either.
    Drop,
    /// Not governed by §15.4.5 (request fields, `Accept-Ranges`, response
    /// control data such as `Location` or `Retry-After`): the host keeps or
    /// drops it as for any response.
    Other,
}

/// Generates the field enums and their names from the table below, the way
/// the `http` crate's `standard_headers!` does. Rows:
/// `Variant, "Canonical-Name", "lowercase-name", "defining RFC section", 304 rule;`.
/// The `request` rows, in order, are the public [`Field`] (`[n]` is their
/// count: a row added without changing it does not compile); the `emitted`
/// rows, in order, are the fields a `Decision` writes
/// ([`HeaderField::EMITTED`]); the `other` rows are fields conneg only
/// classifies for a 304 (and the adapters write or strip); the `status`
/// rows are the response fields only a
/// [`StatusResponse`](crate::StatusResponse) writes (its
/// [`StatusField`](crate::response_status::StatusField) names them by row).
macro_rules! header_fields {
    (
        request[$count:literal] { $($rv:ident, $rname:literal, $rlower:literal, $rspec:literal, $rrule:ident;)* }
        emitted { $($ev:ident, $ename:literal, $elower:literal, $espec:literal, $erule:ident;)* }
        other { $($ov:ident, $oname:literal, $olower:literal, $ospec:literal, $orule:ident;)* }
        status { $($sv:ident, $sname:literal, $slower:literal, $sspec:literal, $srule:ident;)* }
    ) => {
        /// A request header field that [`Resource::decide`](crate::Resource::decide) reads.
        ///
        /// ```
        /// use conneg::Field;
        ///
        /// assert_eq!(Field::from_name(b"if-none-match"), Some(Field::IfNoneMatch));
        /// assert_eq!(Field::IfNoneMatch.name(), "If-None-Match");
        /// assert_eq!(Field::from_name(b"Cookie"), None);
        /// ```
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Field {
            $(
                #[doc = concat!("`", $rname, "` (", $rspec, ").")]
                $rv,
            )*
        }

        impl Field {
            /// Every field, in the order of [`Field::index`].
            pub const ALL: [Field; $count] = [$(Field::$rv),*];

            /// The row of the header-field table.
            #[inline]
            pub(crate) const fn header(self) -> HeaderField {
                match self {
                    $(Field::$rv => HeaderField::$rv,)*
                }
            }
        }

        impl HeaderField {
            /// The request field of a `request` row.
            #[inline]
            pub(crate) const fn request(self) -> Option<Field> {
                match self {
                    $(HeaderField::$rv => Some(Field::$rv),)*
                    _ => None,
                }
            }
        }

        /// Every header field conneg reads or writes: a row of the table.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub(crate) enum HeaderField {
            $(#[doc = concat!("`", $rname, "` (", $rspec, ").")] $rv,)*
            $(#[doc = concat!("`", $ename, "` (", $espec, ").")] $ev,)*
            $(#[doc = concat!("`", $oname, "` (", $ospec, ").")] $ov,)*
            $(#[doc = concat!("`", $sname, "` (", $sspec, ").")] $sv,)*
        }

        impl HeaderField {
            /// Every row, in table order.
            pub(crate) const ALL: &'static [HeaderField] = &[
                $(HeaderField::$rv,)* $(HeaderField::$ev,)* $(HeaderField::$ov,)* $(HeaderField::$sv,)*
            ];

            /// The response fields a `Decision` may write, in the order
            /// `Decision::headers` gives them.
            pub(crate) const EMITTED: &'static [HeaderField] = &[$(HeaderField::$ev),*];

            /// The registered name, as usually capitalised (`ETag`).
            #[inline]
            pub(crate) const fn name(self) -> &'static str {
                match self {
                    $(HeaderField::$rv => $rname,)*
                    $(HeaderField::$ev => $ename,)*
                    $(HeaderField::$ov => $oname,)*
                    $(HeaderField::$sv => $sname,)*
                }
            }

            /// The name in lowercase, as HTTP/2 and HTTP/3 send it and the
            /// `http` crate stores it.
            #[inline]
            pub(crate) const fn lowercase(self) -> &'static str {
                match self {
                    $(HeaderField::$rv => $rlower,)*
                    $(HeaderField::$ev => $elower,)*
                    $(HeaderField::$ov => $olower,)*
                    $(HeaderField::$sv => $slower,)*
                }
            }

            /// Whether `name` (of the same length) is this field's name,
            /// case-insensitively: one arm per row, so that each compares
            /// with its own constant (unrolled, as a literal comparison is).
            #[inline(always)]
            fn is_named(self, name: &[u8]) -> bool {
                match self {
                    $(HeaderField::$rv => eq_ignore_case($rlower.as_bytes(), name),)*
                    $(HeaderField::$ev => eq_ignore_case($elower.as_bytes(), name),)*
                    $(HeaderField::$ov => eq_ignore_case($olower.as_bytes(), name),)*
                    $(HeaderField::$sv => eq_ignore_case($slower.as_bytes(), name),)*
                }
            }

            /// What a `304 Not Modified` does with the field (RFC 9110 §15.4.5).
            #[inline]
            pub(crate) const fn not_modified(self) -> NotModifiedRule {
                match self {
                    $(HeaderField::$rv => NotModifiedRule::$rrule,)*
                    $(HeaderField::$ev => NotModifiedRule::$erule,)*
                    $(HeaderField::$ov => NotModifiedRule::$orule,)*
                    $(HeaderField::$sv => NotModifiedRule::$srule,)*
                }
            }
        }
    };
}

header_fields! {
    // The request fields `Resource::decide` reads: the public `Field`, in `Field::ALL` order.
    request[10] {
        Accept,             "Accept",              "accept",              "RFC 9110 §12.5.1", Other;
        AcceptCharset,      "Accept-Charset",      "accept-charset",      "RFC 9110 §12.5.2", Other;
        AcceptEncoding,     "Accept-Encoding",     "accept-encoding",     "RFC 9110 §12.5.3", Other;
        AcceptLanguage,     "Accept-Language",     "accept-language",     "RFC 9110 §12.5.4", Other;
        IfMatch,            "If-Match",            "if-match",            "RFC 9110 §13.1.1", Other;
        IfNoneMatch,        "If-None-Match",       "if-none-match",       "RFC 9110 §13.1.2", Other;
        IfModifiedSince,    "If-Modified-Since",   "if-modified-since",   "RFC 9110 §13.1.3", Other;
        IfUnmodifiedSince,  "If-Unmodified-Since", "if-unmodified-since", "RFC 9110 §13.1.4", Other;
        IfRange,            "If-Range",            "if-range",            "RFC 9110 §13.1.5", Other;
        Range,              "Range",               "range",               "RFC 9110 §14.2",   Other;
    }
    // The response fields a `Decision` writes, in the order it writes them.
    emitted {
        Vary,               "Vary",                "vary",                "RFC 9110 §12.5.5", Keep;
        ETag,               "ETag",                "etag",                "RFC 9110 §8.8.3",  Keep;
        LastModified,       "Last-Modified",       "last-modified",       "RFC 9110 §8.8.2",  KeepWithoutEtag;
        AcceptRanges,       "Accept-Ranges",       "accept-ranges",       "RFC 9110 §14.3",   Other;
        ContentType,        "Content-Type",        "content-type",        "RFC 9110 §8.3",    Drop;
        ContentLanguage,    "Content-Language",    "content-language",    "RFC 9110 §8.5",    Drop;
        ContentEncoding,    "Content-Encoding",    "content-encoding",    "RFC 9110 §8.4",    Drop;
        ContentRange,       "Content-Range",       "content-range",       "RFC 9110 §14.4",   Drop;
    }
    // Fields conneg classifies for a 304 (RFC 9110 §15.4.5, §8.6); the adapters
    // write Content-Length and strip the content metadata.
    other {
        CacheControl,       "Cache-Control",       "cache-control",       "RFC 9111 §5.2",    Keep;
        ContentLocation,    "Content-Location",    "content-location",    "RFC 9110 §8.7",    Keep;
        Date,               "Date",                "date",                "RFC 9110 §6.6.1",  Keep;
        Expires,            "Expires",             "expires",             "RFC 9111 §5.3",    Keep;
        ContentLength,      "Content-Length",      "content-length",      "RFC 9110 §8.6",    Drop;
        ContentMd5,         "Content-MD5",         "content-md5",         "RFC 1864",         Drop;
        ContentDisposition, "Content-Disposition", "content-disposition", "RFC 6266",         Drop;
    }
    // The response fields a `StatusResponse` writes that no `Decision` does:
    // response control data, not representation metadata, so a 304 is not
    // concerned with them (RFC 9110 §15.4.5).
    status {
        Location,           "Location",            "location",            "RFC 9110 §10.2.2", Other;
        WwwAuthenticate,    "WWW-Authenticate",    "www-authenticate",    "RFC 9110 §11.6.1", Other;
        ProxyAuthenticate,  "Proxy-Authenticate",  "proxy-authenticate",  "RFC 9110 §11.7.1", Other;
        RetryAfter,         "Retry-After",         "retry-after",         "RFC 9110 §10.2.3", Other;
        Allow,              "Allow",               "allow",               "RFC 9110 §10.2.1", Other;
        Connection,         "Connection",          "connection",          "RFC 9110 §7.6.1",  Other;
        Upgrade,            "Upgrade",             "upgrade",             "RFC 9110 §7.8",    Other;
        AcceptPatch,        "Accept-Patch",        "accept-patch",        "RFC 5789 §3.1",    Other;
        AcceptPost,         "Accept-Post",         "accept-post",         "W3C Linked Data Platform 1.0 §7.1", Other;
    }
}

/// The longest name in the table.
const LONGEST: usize = {
    let (all, mut i, mut longest) = (HeaderField::ALL, 0, 0);
    while i < all.len() {
        if all[i].lowercase().len() > longest {
            longest = all[i].lowercase().len();
        }
        i += 1;
    }
    longest
};

/// The rows (bit `i`: `HeaderField::ALL[i]`) whose name has each length:
/// a lookup compares only the names of its length (a handful).
const BY_LENGTH: [u64; LONGEST + 1] = {
    let (all, mut i, mut rows) = (HeaderField::ALL, 0, [0u64; LONGEST + 1]);
    assert!(all.len() <= 64, "a u64 holds a bit per row");
    while i < all.len() {
        rows[all[i].lowercase().len()] |= 1 << i;
        i += 1;
    }
    rows
};

impl HeaderField {
    /// The row a field name refers to (case-insensitive, RFC 9110 §5.1): the rows
    /// of the name's length, compared in turn (the way the `http` crate
    /// looks its standard headers up by length first).
    pub(crate) fn from_name(name: &[u8]) -> Option<HeaderField> {
        let mut rows = BY_LENGTH.get(name.len()).copied().unwrap_or(0);
        while rows != 0 {
            let field = *HeaderField::ALL.get(rows.trailing_zeros() as usize)?;
            if field.is_named(name) {
                return Some(field);
            }
            rows &= rows - 1;
        }
        None
    }
}

// The table's two spellings of each name agree, and no name is listed
// twice: checked when the crate compiles.
const _: () = {
    let all = HeaderField::ALL;
    let mut i = 0;
    while i < all.len() {
        let (name, lower) = (all[i].name().as_bytes(), all[i].lowercase().as_bytes());
        assert!(name.len() == lower.len(), "lowercase name of another length");
        let mut k = 0;
        while k < name.len() {
            assert!(name[k].to_ascii_lowercase() == lower[k], "lowercase name differs");
            k += 1;
        }
        let mut j = i + 1;
        while j < all.len() {
            assert!(
                !eq_ignore_case(name, all[j].name().as_bytes()),
                "a name listed twice"
            );
            j += 1;
        }
        i += 1;
    }
};

impl Field {
    /// The registered field name, as usually capitalised.
    #[inline]
    pub const fn name(self) -> &'static str {
        self.header().name()
    }

    /// The field a name refers to (case-insensitive, RFC 9110 §5.1), if conneg reads it.
    pub fn from_name(name: &[u8]) -> Option<Field> {
        HeaderField::from_name(name)?.request()
    }

    /// Position in [`Field::ALL`].
    pub const fn index(self) -> usize {
        self as usize
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `element_prologue!` tests for a `tchar` first and for a separator
    /// only among the other octets: no separator is a `tchar`.
    #[test]
    fn no_separator_is_a_tchar() {
        for b in 0..=255u8 {
            assert!(!(is_separator(b) && crate::syntax::is_tchar(b)), "{b}");
            assert_eq!(is_separator(b), matches!(b, b',' | b' ' | b'\t'), "{b}");
        }
    }

    /// Every row is found by its name in any case, and only by it; a
    /// request row is a `Field`, the others are not.
    #[test]
    fn table_lookup_by_name() {
        extern crate std;
        for &field in HeaderField::ALL {
            let upper = field.lowercase().to_ascii_uppercase();
            for name in [field.name(), field.lowercase(), &upper] {
                assert_eq!(HeaderField::from_name(name.as_bytes()), Some(field), "{name}");
                assert_eq!(Field::from_name(name.as_bytes()), field.request(), "{name}");
            }
            let mut near = std::string::String::from(field.lowercase());
            near.pop();
            near.push('_');
            assert_eq!(HeaderField::from_name(near.as_bytes()), None, "{near}");
        }
        for name in [
            &b""[..],
            b"x",
            b"set-cookie",
            b"content-security-policy",
            b"\xff\xfe\xfd\xfc",
        ] {
            assert_eq!(HeaderField::from_name(name), None);
        }
        assert_eq!(Field::from_name(b"ETag"), None);
        assert!(Field::ALL.iter().enumerate().all(|(i, f)| f.index() == i));
    }

    /// `skip_element_from`'s shortcuts agree with `element_end`, from every
    /// position (past the end included).
    #[test]
    fn skip_element_from_agrees_with_element_end() {
        let line: &[u8] = b"gzip, br;q=0.5 ,x=\"a,b\",, zstd";
        for from in 0..line.len() + 3 {
            let mut cursor = Cursor::new(FieldLines::one(line));
            cursor.skip_element_from(from);
            assert_eq!(cursor.pos, crate::syntax::element_end(line, from), "{from}");
        }
    }
}
