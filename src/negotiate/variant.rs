//! A representation the server can send, described on the four axes of
//! proactive negotiation (RFC 9110 §12.5), with its validators and length.

use core::fmt;

use crate::accept::language::is_basic_tag;
use crate::syntax::is_token;
use crate::{EntityTag, HttpDate, MediaOffer, Quality};

/// A representation the server can send, described on the four axes of
/// proactive negotiation, with an optional server-side quality (Apache's
/// `qs`) and a URI for the 406 list of alternatives.
///
/// A language or charset left unset (`None`) does not vary for this
/// variant: any `Accept-Language` / `Accept-Charset` value accepts it, even
/// one that refuses every language or charset it names. A content coding
/// left unset is not "any coding" but `identity` (RFC 9110 §12.5.3), which
/// `Accept-Encoding` can refuse: `identity;q=0`, or `*;q=0` without an
/// `identity` element, makes a variant without a coding unacceptable (a 406
/// if no other variant is acceptable). The media type is always set.
///
/// Which axes the variants set also decides `Vary` (RFC 9110 §12.5.5, see
/// [`VariantSet::vary`](crate::VariantSet::vary)): each field whose axis the
/// variants differ on (one sets it and another does not, or two values
/// differ ignoring case), and, under the default 406 policy, each field that
/// could refuse every variant: `Accept` and `Accept-Encoding` always,
/// `Accept-Language` / `Accept-Charset` as soon as one variant names a
/// language / charset.
///
/// The media type is borrowed text (`&str`); a `mime::Mime` gives its text
/// through [`from_mime`] (feature `mime`), and an [`OwnedVariant`]
/// (feature `alloc`) owns its strings, for application state.
///
/// ```
/// use conneg::{Quality, Variant};
///
/// const HTML_EN_GZ: Variant<'static> = Variant::new("text/html")
///     .with_language("en")
///     .with_charset("utf-8")
///     .with_encoding("gzip")
///     .with_uri("/doc.en.html.gz");
/// const JSON: Variant<'static> = Variant::new("application/json")
///     .with_quality(Quality::from_thousandths(900).unwrap());
/// assert_eq!(HTML_EN_GZ.encoding(), Some("gzip"));
/// assert_eq!(JSON.quality().thousandths(), 900);
/// ```
///
#[cfg_attr(feature = "mime", doc = "[`from_mime`]: Variant::from_mime")]
#[cfg_attr(not(feature = "mime"), doc = "[`from_mime`]: crate#crate-features")]
#[cfg_attr(feature = "alloc", doc = "[`OwnedVariant`]: crate::negotiate::OwnedVariant")]
#[cfg_attr(not(feature = "alloc"), doc = "[`OwnedVariant`]: crate#crate-features")]
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Variant<'v> {
    /// The media type, checked and split once here (negotiation never
    /// parses it again); equality and hashing go by its text.
    pub(crate) media: MediaOffer<'v>,
    pub(crate) language: Option<&'v str>,
    pub(crate) charset: Option<&'v str>,
    pub(crate) encoding: Option<&'v str>,
    /// Per axis (language, charset, coding): the value is unset, or valid
    /// as it is (checked once here, not on every negotiation).
    pub(crate) checked: [bool; 3],
    pub(crate) quality: Quality,
    pub(crate) uri: Option<&'v str>,
    pub(crate) etag: Option<EntityTag<'v>>,
    pub(crate) last_modified: Option<HttpDate>,
    pub(crate) length: Option<u64>,
}

/// Is `value` valid as it is on `axis` (0 language, 1 charset, 2 coding)?
/// What the builders record in `checked` (and an owned variant with them):
/// a basic language tag, a token.
#[inline]
pub(crate) const fn axis_value_ok(axis: usize, value: &str) -> bool {
    match axis {
        0 => is_basic_tag(value.as_bytes()),
        _ => is_token(value.as_bytes()),
    }
}

impl<'v> Variant<'v> {
    /// A variant of this media type (`text/html`, `application/json;profile=x`),
    /// with server quality 1 and no other axis set.
    #[inline]
    pub const fn new(media_type: &'v str) -> Self {
        Variant {
            media: MediaOffer::new(media_type),
            language: None,
            charset: None,
            encoding: None,
            checked: [true; 3],
            quality: Quality::ONE,
            uri: None,
            etag: None,
            last_modified: None,
            length: None,
        }
    }

    /// A variant of a `mime::Mime`'s media type (its text, parameters
    /// included), borrowed from it: what `Variant::new(mime.as_ref())`
    /// gives. Feature `mime` (default). (A `Mime` is not a `&str`, so
    /// `Variant::new(mime::TEXT_CSV)` does not compile; an
    /// [`OwnedVariant`] takes a `Mime` by value.)
    ///
    /// ```
    /// use conneg::{Accept, ContentNegotiation, Variant};
    ///
    /// // `Mime` constants, bound to locals so the variants can borrow them.
    /// let (csv, json) = (mime::TEXT_CSV_UTF_8, mime::APPLICATION_JSON);
    /// let variants = [Variant::from_mime(&csv), Variant::from(&json)];
    /// assert_eq!(variants[0].media_type(), "text/csv; charset=utf-8");
    /// let request = ContentNegotiation::new().accept(Accept::new(b"text/csv"));
    /// assert_eq!(request.select(&variants).index(), Some(0));
    /// ```
    ///
    #[cfg_attr(feature = "alloc", doc = "[`OwnedVariant`]: crate::negotiate::OwnedVariant")]
    #[cfg_attr(not(feature = "alloc"), doc = "[`OwnedVariant`]: crate#crate-features")]
    #[cfg(feature = "mime")]
    #[inline]
    pub fn from_mime(media_type: &'v mime::Mime) -> Self {
        Variant::new(media_type.as_ref())
    }

    /// Sets the language tag (`en`, `ko-KR`).
    ///
    /// Adds `Accept-Language` to the `Vary` value of every response among
    /// these variants when they differ on it (another variant names another
    /// language, or none), and under the default 406 policy as soon as any
    /// variant names a language, one variant alone included: the field could
    /// then refuse it (RFC 9110 §12.5.5).
    ///
    /// ```
    /// use conneg::{Variant, VariantSet};
    ///
    /// let one = [Variant::new("text/html").with_language("en")];
    /// assert_eq!(VariantSet::from(&one).vary().as_str(), "Accept, Accept-Encoding, Accept-Language");
    /// ```
    #[inline]
    pub const fn with_language(mut self, tag: &'v str) -> Self {
        self.language = Some(tag);
        self.checked[0] = axis_value_ok(0, tag);
        self
    }

    /// Sets the charset (`utf-8`).
    ///
    /// Adds `Accept-Charset` to the `Vary` value of every response among
    /// these variants when they differ on it (another variant names another
    /// charset, or none), and under the default 406 policy as soon as any
    /// variant names a charset: the field could then refuse it (RFC 9110
    /// §12.5.5). With [`Fallback::FirstVariant`](crate::negotiate::Fallback::FirstVariant)
    /// only the former.
    ///
    /// ```
    /// use conneg::{Variant, VariantSet};
    ///
    /// let variants = [Variant::new("text/html").with_charset("utf-8"), Variant::new("application/json")];
    /// assert_eq!(VariantSet::from(&variants).vary().as_str(), "Accept, Accept-Charset, Accept-Encoding");
    /// ```
    #[inline]
    pub const fn with_charset(mut self, charset: &'v str) -> Self {
        self.charset = Some(charset);
        self.checked[1] = axis_value_ok(1, charset);
        self
    }

    /// Sets the content coding (`gzip`, `br`); unset means `identity`.
    ///
    /// `Accept-Encoding` is in the `Vary` value under the default 406 policy
    /// whatever the codings (`identity;q=0` can refuse an uncoded variant);
    /// otherwise (with [`Fallback::FirstVariant`](crate::negotiate::Fallback::FirstVariant))
    /// when the variants' codings differ, `identity` counting as a coding
    /// (RFC 9110 §12.5.5).
    #[inline]
    pub const fn with_encoding(mut self, coding: &'v str) -> Self {
        self.encoding = Some(coding);
        self.checked[2] = axis_value_ok(2, coding);
        self
    }

    /// Sets the server quality (Apache's `qs`, default 1): multiplied into the
    /// client's q-values, so a lossy variant can rank below a faithful one.
    /// Zero means "never choose this variant".
    #[inline]
    pub const fn with_quality(mut self, quality: Quality) -> Self {
        self.quality = quality;
        self
    }

    /// Sets the URI listed for this variant in a 406 body (RFC 9110 §15.5.7).
    #[inline]
    pub const fn with_uri(mut self, uri: &'v str) -> Self {
        self.uri = Some(uri);
        self
    }

    /// Sets the entity-tag this variant is sent with (RFC 9110 §8.8.3): each
    /// variant of a negotiated resource needs its own (RFC 9110 §8.8.2.1). Used by
    /// [`Resource::decide`](crate::Resource::decide) for preconditions and the
    /// `ETag` field.
    #[inline]
    pub const fn with_etag(mut self, etag: EntityTag<'v>) -> Self {
        self.etag = Some(etag);
        self
    }

    /// Sets the variant's Last-Modified date (RFC 9110 §8.8.2).
    #[inline]
    pub const fn with_last_modified(mut self, date: HttpDate) -> Self {
        self.last_modified = Some(date);
        self
    }

    /// Sets the variant's length in bytes (after its content coding): what
    /// `Range` is evaluated against. Without it, `Range` is ignored.
    #[inline]
    pub const fn with_length(mut self, length: u64) -> Self {
        self.length = Some(length);
        self
    }

    /// The media type.
    #[inline]
    pub const fn media_type(&self) -> &'v str {
        self.media.as_str()
    }
    /// The language tag, if set.
    #[inline]
    pub const fn language(&self) -> Option<&'v str> {
        self.language
    }
    /// The charset, if set.
    #[inline]
    pub const fn charset(&self) -> Option<&'v str> {
        self.charset
    }
    /// The content coding, if set (unset = identity).
    #[inline]
    pub const fn encoding(&self) -> Option<&'v str> {
        self.encoding
    }
    /// The server quality.
    #[inline]
    pub const fn quality(&self) -> Quality {
        self.quality
    }
    /// The URI for the 406 list, if set.
    #[inline]
    pub const fn uri(&self) -> Option<&'v str> {
        self.uri
    }
    /// The entity-tag, if set.
    #[inline]
    pub const fn etag(&self) -> Option<EntityTag<'v>> {
        self.etag
    }
    /// The Last-Modified date, if set.
    #[inline]
    pub const fn last_modified(&self) -> Option<HttpDate> {
        self.last_modified
    }
    /// The length in bytes, if set.
    #[inline]
    pub const fn length(&self) -> Option<u64> {
        self.length
    }
    /// The value on `axis` (0 type, 1 language, 2 charset, 3 coding, where
    /// an unset coding is `identity`), as negotiation compares it.
    #[inline(always)]
    pub(crate) const fn axis(&self, axis: usize) -> Option<&'v [u8]> {
        match axis {
            0 => Some(self.media.as_str().as_bytes()),
            1 => match self.language {
                Some(tag) => Some(tag.as_bytes()),
                None => None,
            },
            2 => match self.charset {
                Some(charset) => Some(charset.as_bytes()),
                None => None,
            },
            _ => match self.encoding {
                Some(coding) => Some(coding.as_bytes()),
                None => Some(b"identity"),
            },
        }
    }
}

#[cfg(feature = "mime")]
impl<'v> From<&'v mime::Mime> for Variant<'v> {
    /// [`Variant::from_mime`].
    #[inline]
    fn from(media_type: &'v mime::Mime) -> Self {
        Variant::from_mime(media_type)
    }
}

impl fmt::Debug for Variant<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Variant")
            .field("media_type", &self.media.as_str())
            .field("language", &self.language)
            .field("charset", &self.charset)
            .field("encoding", &self.encoding)
            .field("quality", &self.quality)
            .field("uri", &self.uri)
            .field("etag", &self.etag)
            .field("last_modified", &self.last_modified)
            .field("length", &self.length)
            .finish()
    }
}
