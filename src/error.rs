//! Parse errors reported by strict mode.

use core::fmt;

/// What was wrong with a field value, found by strict parsing
/// ([`Accept::validate`](crate::Accept::validate) and friends).
///
/// Lenient parsing (the default) skips a malformed list element instead (RFC 9110 §2.4);
/// strict parsing reports the first one so that a host can answer
/// `400 Bad Request` with a precise message.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The element does not start with a token where a type or value was expected.
    InvalidToken,
    /// A media range lacks the `/` between type and subtype (`text`, `*`).
    MissingSlash,
    /// The subtype is missing (`text/`).
    InvalidSubtype,
    /// `*/subtype` is not a media range (RFC 9110 §12.5.1).
    WildcardType,
    /// Something other than `;` follows a value (`text/html foo`).
    UnexpectedOctet,
    /// A parameter name is not a token (`;=1`).
    InvalidParameterName,
    /// A parameter has no `=` right after its name; whitespace around `=` is
    /// not allowed (RFC 9110 §5.6.6).
    MissingEquals,
    /// A parameter value is neither a token nor a quoted-string.
    InvalidParameterValue,
    /// A quoted-string is not terminated, or holds an octet it may not.
    InvalidQuotedString,
    /// A `q` parameter outside the qvalue grammar (`.5`, `1.5`, `0.1234`; RFC 9110 §12.4.2).
    InvalidQuality,
    /// More parameters on one element than the parser considers (16).
    TooManyParameters,
    /// More list elements than the configured cap.
    TooManyElements,
    /// Not an entity-tag (RFC 9110 §8.8.3): unquoted, `w/` instead of `W/`,
    /// SP or DQUOTE inside the quotes, or text after the closing quote.
    InvalidEntityTag,
    /// `*` together with other members in `If-Match` / `If-None-Match` (RFC 9110 §13.1.1, §13.1.2).
    MixedWildcard,
}

impl ErrorKind {
    /// A short, static description.
    pub const fn as_str(self) -> &'static str {
        match self {
            ErrorKind::InvalidToken => "expected a token",
            ErrorKind::MissingSlash => "expected '/' between type and subtype",
            ErrorKind::InvalidSubtype => "expected a subtype token after '/'",
            ErrorKind::WildcardType => "'*' type with a concrete subtype is not a media range",
            ErrorKind::UnexpectedOctet => "unexpected octet; expected ';' or ','",
            ErrorKind::InvalidParameterName => "parameter name is not a token",
            ErrorKind::MissingEquals => "expected '=' right after the parameter name",
            ErrorKind::InvalidParameterValue => "parameter value is neither a token nor a quoted-string",
            ErrorKind::InvalidQuotedString => "invalid or unterminated quoted-string",
            ErrorKind::InvalidQuality => "q-value outside the RFC 9110 grammar (0 to 1, at most 3 decimals)",
            ErrorKind::TooManyParameters => "too many parameters on one element",
            ErrorKind::TooManyElements => "too many list elements",
            ErrorKind::InvalidEntityTag => "not an entity-tag",
            ErrorKind::MixedWildcard => "'*' combined with other members",
        }
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A strict-mode parse error: which field, what was wrong, and where.
///
/// `line` is the index of the field line (0 for the first or only line) and
/// `offset` the byte offset of the offending octet within that line.
///
/// # Examples
///
/// ```
/// use conneg::{Accept, ErrorKind};
///
/// let err = Accept::new(b"text/html, */html").validate().unwrap_err();
/// assert_eq!(err.kind(), ErrorKind::WildcardType);
/// assert_eq!((err.line(), err.offset()), (0, 11));
/// assert_eq!(err.to_string(), "Accept: '*' type with a concrete subtype is not a media range (line 0, byte 11)");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ParseError {
    pub(crate) field: &'static str,
    pub(crate) kind: ErrorKind,
    pub(crate) line: usize,
    pub(crate) offset: usize,
}

impl ParseError {
    /// The field's name as registered (`"Accept"`).
    pub const fn field(&self) -> &'static str {
        self.field
    }
    /// What was wrong.
    pub const fn kind(&self) -> ErrorKind {
        self.kind
    }
    /// Index of the field line (0-based).
    pub const fn line(&self) -> usize {
        self.line
    }
    /// Byte offset of the offending octet within its field line.
    pub const fn offset(&self) -> usize {
        self.offset
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {} (line {}, byte {})",
            self.field, self.kind, self.line, self.offset
        )
    }
}

#[cfg(feature = "std")]
impl std::error::Error for ParseError {}
