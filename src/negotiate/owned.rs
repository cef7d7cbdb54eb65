//! Variants that own their strings and entity-tag ([`OwnedVariant`]), for
//! application state, and the borrowed views a decision is made over
//! ([`VariantViews`]). Feature `alloc` (implied by `std`, the default).

use alloc::boxed::Box;
use alloc::vec::Vec;
use core::fmt;
use core::ops::Deref;

use crate::{EntityTag, HttpDate, Quality, Variant};

/// A [`Variant`] that owns its strings (media type, language, charset,
/// coding, URI) and its entity-tag: `Send + Sync + 'static`, so it can live
/// in an `Arc`, a `static` built at start-up or a web framework's
/// application state, and be built by a helper that returns it (which a
/// [`Variant`] borrowing the helper's local strings cannot be: E0515).
/// Feature `alloc` (implied by `std`, the default); allocates when built,
/// never when deciding.
///
/// It decides exactly as the borrowed [`Variant`] it views as
/// ([`as_variant`](OwnedVariant::as_variant), or `Variant::from(&owned)`):
/// the builders below keep the text and the view goes through the
/// [`Variant`] builders of the same names, so every rule (what is checked,
/// what an unset axis means, how `Vary` is worked out) is the borrowed one.
/// The media type may be given as any `AsRef<str>`: `&str`, `String`, or a
/// `mime::Mime` taken by value.
///
/// A decision borrows its variants, so a collection is decided over as
/// [`VariantViews`]: the views of every owned variant, built per request
/// on the stack (no allocation for up to [`VariantViews::INLINE`] of them).
///
/// ```
/// use conneg::{EntityTagBuf, Field, FieldLines, OwnedVariant, RequestHead, RequestMethod, Resource, VariantViews};
///
/// // A helper that builds the variants from run-time data and returns them:
/// // with borrowed `Variant`s of its local `String`s this would not compile
/// // (E0515); owned ones move out.
/// fn variants_for(id: u32, html: &str, json: &str) -> Vec<OwnedVariant> {
///     vec![
///         OwnedVariant::new(mime::TEXT_HTML_UTF_8)
///             .with_uri(format!("/doc/{id}.html"))
///             .with_etag(EntityTagBuf::from_content(html.as_bytes(), false).entity_tag())
///             .with_length(html.len() as u64),
///         OwnedVariant::new("application/json")
///             .with_uri(format!("/doc/{id}.json"))
///             .with_etag(EntityTagBuf::from_content(json.as_bytes(), false).entity_tag())
///             .with_length(json.len() as u64),
///     ]
/// }
///
/// // Kept in application state (here an `Arc`, shared by every request)…
/// let state = std::sync::Arc::new(variants_for(7, "<p>hi</p>", r#"{"hi":1}"#));
///
/// // …and decided over per request, without allocating.
/// let request = RequestHead::new(RequestMethod::Get).field(Field::Accept, FieldLines::one(b"application/json"));
/// let views = VariantViews::new(&state);
/// let decision = Resource::new(&views).decide(&request);
/// assert_eq!((decision.status(), decision.variant_index()), (200, Some(1)));
/// assert_eq!(decision.variant().unwrap().uri(), Some("/doc/7.json"));
/// ```
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct OwnedVariant {
    media_type: Box<str>,
    language: Option<Box<str>>,
    charset: Option<Box<str>>,
    encoding: Option<Box<str>>,
    quality: Quality,
    uri: Option<Box<str>>,
    /// Weak, and the opaque tag without its quotes.
    etag: Option<(bool, Box<[u8]>)>,
    last_modified: Option<HttpDate>,
    length: Option<u64>,
}

impl OwnedVariant {
    /// A variant of this media type (`"text/html"`, a `String`, or a
    /// `mime::Mime` such as `mime::TEXT_CSV_UTF_8`), with server quality 1
    /// and no other axis set: [`Variant::new`].
    pub fn new(media_type: impl AsRef<str>) -> Self {
        OwnedVariant {
            media_type: media_type.as_ref().into(),
            language: None,
            charset: None,
            encoding: None,
            quality: Quality::ONE,
            uri: None,
            etag: None,
            last_modified: None,
            length: None,
        }
    }

    /// Sets the language tag: [`Variant::with_language`] (which says what
    /// it does to `Vary`).
    pub fn with_language(mut self, tag: impl AsRef<str>) -> Self {
        self.language = Some(tag.as_ref().into());
        self
    }

    /// Sets the charset: [`Variant::with_charset`] (which says what it
    /// does to `Vary`).
    pub fn with_charset(mut self, charset: impl AsRef<str>) -> Self {
        self.charset = Some(charset.as_ref().into());
        self
    }

    /// Sets the content coding (unset means `identity`):
    /// [`Variant::with_encoding`].
    pub fn with_encoding(mut self, coding: impl AsRef<str>) -> Self {
        self.encoding = Some(coding.as_ref().into());
        self
    }

    /// Sets the server quality: [`Variant::with_quality`].
    pub fn with_quality(mut self, quality: Quality) -> Self {
        self.quality = quality;
        self
    }

    /// Sets the URI listed for this variant in a 406 body:
    /// [`Variant::with_uri`].
    pub fn with_uri(mut self, uri: impl AsRef<str>) -> Self {
        self.uri = Some(uri.as_ref().into());
        self
    }

    /// Sets the entity-tag, copied (RFC 9110 §8.8.3): [`Variant::with_etag`].
    /// From an [`EntityTagBuf`](crate::EntityTagBuf), pass its
    /// [`entity_tag`](crate::EntityTagBuf::entity_tag).
    pub fn with_etag(mut self, etag: EntityTag<'_>) -> Self {
        self.etag = Some((etag.is_weak(), etag.opaque().into()));
        self
    }

    /// Sets the Last-Modified date: [`Variant::with_last_modified`].
    pub fn with_last_modified(mut self, date: HttpDate) -> Self {
        self.last_modified = Some(date);
        self
    }

    /// Sets the length in bytes: [`Variant::with_length`].
    pub fn with_length(mut self, length: u64) -> Self {
        self.length = Some(length);
        self
    }

    /// The borrowed [`Variant`] this one decides as. Cheap (it checks the
    /// media type and the tokens, as [`Variant`]'s builders do), and never
    /// allocates.
    ///
    /// ```
    /// use conneg::{OwnedVariant, Variant};
    ///
    /// let owned = OwnedVariant::new(mime::TEXT_CSV_UTF_8).with_language(String::from("en"));
    /// assert_eq!(owned.as_variant(), Variant::new("text/csv; charset=utf-8").with_language("en"));
    /// ```
    pub fn as_variant(&self) -> Variant<'_> {
        let mut v = Variant::new(&self.media_type).with_quality(self.quality);
        if let Some(tag) = &self.language {
            v = v.with_language(tag);
        }
        if let Some(charset) = &self.charset {
            v = v.with_charset(charset);
        }
        if let Some(coding) = &self.encoding {
            v = v.with_encoding(coding);
        }
        if let Some(uri) = &self.uri {
            v = v.with_uri(uri);
        }
        if let Some(length) = self.length {
            v = v.with_length(length);
        }
        if let Some(date) = self.last_modified {
            v = v.with_last_modified(date);
        }
        if let Some((weak, opaque)) = &self.etag {
            v = v.with_etag(EntityTag { weak: *weak, opaque });
        }
        v
    }
}

impl<'a> From<&'a OwnedVariant> for Variant<'a> {
    /// [`OwnedVariant::as_variant`].
    #[inline]
    fn from(owned: &'a OwnedVariant) -> Self {
        owned.as_variant()
    }
}

impl From<Variant<'_>> for OwnedVariant {
    /// A copy of a borrowed variant's strings and entity-tag: the same
    /// decisions.
    fn from(v: Variant<'_>) -> Self {
        let mut owned = OwnedVariant::new(v.media_type()).with_quality(v.quality());
        owned.language = v.language().map(Box::from);
        owned.charset = v.charset().map(Box::from);
        owned.encoding = v.encoding().map(Box::from);
        owned.uri = v.uri().map(Box::from);
        owned.etag = v.etag().map(|tag| (tag.is_weak(), Box::from(tag.opaque())));
        owned.last_modified = v.last_modified();
        owned.length = v.length();
        owned
    }
}

impl fmt::Debug for OwnedVariant {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("OwnedVariant").field(&self.as_variant()).finish()
    }
}

/// Borrowed [`Variant`] views of a collection of [`OwnedVariant`]s (or of
/// any variants collected into it), to decide over: it dereferences to
/// `[Variant]`, so `Resource::new(&views)` and
/// `ContentNegotiation::select(&views)` take it. Feature `alloc`.
///
/// Up to [`INLINE`](VariantViews::INLINE) variants are held inline (on the
/// stack, where the views are a local), so building the views per request
/// allocates nothing; more go to a `Vec` (one allocation per request).
/// Building them costs what the [`Variant`] builders cost for each
/// variant, mostly checking its media type: far less than the decision.
///
/// ```
/// use conneg::{AcceptLanguage, ContentNegotiation, OwnedVariant, VariantViews};
///
/// let owned: Vec<OwnedVariant> = ["en", "ko"]
///     .iter()
///     .map(|tag| OwnedVariant::new("text/html").with_language(tag))
///     .collect();
/// let views = VariantViews::new(&owned);
/// let request = ContentNegotiation::new().accept_language(AcceptLanguage::new(b"ko"));
/// assert_eq!(request.select(&views).index(), Some(1));
/// assert_eq!(views.len(), 2);
/// ```
#[derive(Clone)]
pub struct VariantViews<'v>(Views<'v>);

#[derive(Clone)]
enum Views<'v> {
    Inline([Variant<'v>; VariantViews::INLINE], u8),
    Heap(Vec<Variant<'v>>),
}

impl<'v> VariantViews<'v> {
    /// How many views are held without allocating.
    pub const INLINE: usize = 16;

    /// The views of `owned`, in order ([`OwnedVariant::as_variant`] each).
    pub fn new(owned: &'v [OwnedVariant]) -> Self {
        owned.iter().map(OwnedVariant::as_variant).collect()
    }

    /// The views, as a slice.
    #[inline]
    pub fn as_slice(&self) -> &[Variant<'v>] {
        match &self.0 {
            Views::Inline(views, len) => views.get(..usize::from(*len)).unwrap_or(&[]),
            Views::Heap(views) => views,
        }
    }
}

impl<'v> FromIterator<Variant<'v>> for VariantViews<'v> {
    /// Collects variants (views of owned ones, borrowed ones, or a mix):
    /// inline up to [`INLINE`](VariantViews::INLINE), in a `Vec` beyond.
    fn from_iter<I: IntoIterator<Item = Variant<'v>>>(iter: I) -> Self {
        let mut iter = iter.into_iter();
        let mut inline = [Variant::new(""); VariantViews::INLINE];
        let mut len = 0;
        for slot in &mut inline {
            match iter.next() {
                Some(v) => {
                    *slot = v;
                    len += 1;
                }
                None => return VariantViews(Views::Inline(inline, len)),
            }
        }
        match iter.next() {
            None => VariantViews(Views::Inline(inline, len)),
            Some(next) => {
                let mut heap = Vec::with_capacity(VariantViews::INLINE * 2);
                heap.extend_from_slice(&inline);
                heap.push(next);
                heap.extend(iter);
                VariantViews(Views::Heap(heap))
            }
        }
    }
}

impl<'v> From<&'v [OwnedVariant]> for VariantViews<'v> {
    /// [`VariantViews::new`].
    #[inline]
    fn from(owned: &'v [OwnedVariant]) -> Self {
        VariantViews::new(owned)
    }
}

impl<'v> Deref for VariantViews<'v> {
    type Target = [Variant<'v>];
    #[inline]
    fn deref(&self) -> &[Variant<'v>] {
        self.as_slice()
    }
}

impl<'v> AsRef<[Variant<'v>]> for VariantViews<'v> {
    #[inline]
    fn as_ref(&self) -> &[Variant<'v>] {
        self.as_slice()
    }
}

impl fmt::Debug for VariantViews<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.as_slice()).finish()
    }
}
