//! Variants that own their strings and entity-tag ([`OwnedVariant`]), for
//! application state, and the borrowed views a decision is made over
//! ([`VariantViews`]). Feature `alloc` (implied by `std`, the default).

use alloc::boxed::Box;
use alloc::vec::Vec;
use core::fmt;
use core::ops::Deref;

use crate::accept::OfferShape;
use crate::negotiate::variant::axis_value_ok;
use crate::{EntityTag, HttpDate, MediaOffer, Quality, Variant};

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
///
/// The same helper with borrowed variants does not compile: they would
/// outlive the strings they borrow.
///
/// ```compile_fail,E0515
/// use conneg::{Decision, RequestHead, Resource, Variant};
///
/// fn decide<'a>(id: u32, request: &RequestHead<'_>) -> Decision<'a, 'a> {
///     let uri = format!("/doc/{id}.html");
///     let variants = [Variant::new("text/html").with_uri(&uri)];
///     Resource::new(&variants).decide(request) // returns a value referencing local data
/// }
/// ```
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct OwnedVariant {
    media_type: Box<str>,
    /// Where the media type's parts lie, found once here, so that a view
    /// does not parse it again.
    shape: OfferShape,
    /// Language, charset, coding.
    axes: [Option<Box<str>>; 3],
    /// Per axis: unset, or valid as it is (as the [`Variant`] builders
    /// record it).
    checked: [bool; 3],
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
        let media_type: Box<str> = media_type.as_ref().into();
        OwnedVariant {
            shape: MediaOffer::new(&media_type).shape(),
            media_type,
            axes: [None, None, None],
            checked: [true; 3],
            quality: Quality::ONE,
            uri: None,
            etag: None,
            last_modified: None,
            length: None,
        }
    }

    /// Sets axis `axis` (0 language, 1 charset, 2 coding) as the
    /// [`Variant`] builder of that axis does.
    fn with_axis(mut self, axis: usize, value: &str) -> Self {
        if let (Some(slot), Some(checked)) = (self.axes.get_mut(axis), self.checked.get_mut(axis)) {
            *checked = axis_value_ok(axis, value);
            *slot = Some(value.into());
        }
        self
    }

    /// Sets the language tag: [`Variant::with_language`] (which says what
    /// it does to `Vary`).
    pub fn with_language(self, tag: impl AsRef<str>) -> Self {
        self.with_axis(0, tag.as_ref())
    }

    /// Sets the charset: [`Variant::with_charset`] (which says what it
    /// does to `Vary`).
    pub fn with_charset(self, charset: impl AsRef<str>) -> Self {
        self.with_axis(1, charset.as_ref())
    }

    /// Sets the content coding (unset means `identity`):
    /// [`Variant::with_encoding`].
    pub fn with_encoding(self, coding: impl AsRef<str>) -> Self {
        self.with_axis(2, coding.as_ref())
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

    /// The borrowed [`Variant`] this one decides as: what the [`Variant`]
    /// builders give for the same values. Cheap (what they check was
    /// checked when this one was built) and never allocates.
    ///
    /// ```
    /// use conneg::{OwnedVariant, Variant};
    ///
    /// let owned = OwnedVariant::new(mime::TEXT_CSV_UTF_8).with_language(String::from("en"));
    /// assert_eq!(owned.as_variant(), Variant::new("text/csv; charset=utf-8").with_language("en"));
    /// ```
    #[inline]
    pub fn as_variant(&self) -> Variant<'_> {
        self.view([
            Some(&self.media_type),
            self.axes[0].as_deref(),
            self.axes[1].as_deref(),
            self.axes[2].as_deref(),
        ])
    }

    /// The view, with `text` for the media type and the three axes: this
    /// variant's own, or equal text elsewhere in the same collection.
    #[inline]
    fn view<'v>(&'v self, text: [Option<&'v str>; 4]) -> Variant<'v> {
        let [media, language, charset, encoding] = text;
        Variant {
            media: MediaOffer::with_shape(media.unwrap_or(&self.media_type), &self.shape),
            language,
            charset,
            encoding,
            checked: self.checked,
            quality: self.quality,
            uri: self.uri.as_deref(),
            etag: self
                .etag
                .as_ref()
                .map(|(weak, opaque)| EntityTag { weak: *weak, opaque }),
            last_modified: self.last_modified,
            length: self.length,
        }
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
        for (axis, value) in [v.language(), v.charset(), v.encoding()].into_iter().enumerate() {
            if let Some(value) = value {
                owned = owned.with_axis(axis, value);
            }
        }
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
/// Nothing is parsed or checked again (the owned variants did that when
/// built), and equal values share one text, so that the decision over the
/// views costs what it costs over borrowed variants. Measured under
/// callgrind (x86-64, release) for 8 variants with Chrome's fields: about
/// 3,800 instructions for the views, 4,700 for the decision.
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

/// What the unused inline slots hold.
const PLACEHOLDER: Variant<'static> = Variant::new("");

/// Inline on purpose (boxing it would allocate per request, what the type
/// is for avoiding); a `Vec` only past `INLINE`.
#[allow(clippy::large_enum_variant)]
#[derive(Clone)]
enum Views<'v> {
    Inline([Variant<'v>; VariantViews::INLINE], u8),
    Heap(Vec<Variant<'v>>),
}

impl<'v> VariantViews<'v> {
    /// How many views are held without allocating.
    pub const INLINE: usize = 16;

    /// The views of `owned`, in order: [`OwnedVariant::as_variant`] each,
    /// except that a value equal to one an earlier variant has (the same
    /// media type, language, charset or coding) is viewed at the earlier
    /// one's text, so that selection scores it once, as it does for
    /// borrowed variants sharing one `&'static str` per value.
    pub fn new(owned: &'v [OwnedVariant]) -> Self {
        let mut seen = Seen::default();
        let mut view = |v: &'v OwnedVariant| {
            v.view([
                Some(seen.share(0, &v.media_type)),
                v.axes[0].as_deref().map(|t| seen.share(1, t)),
                v.axes[1].as_deref().map(|t| seen.share(2, t)),
                v.axes[2].as_deref().map(|t| seen.share(3, t)),
            ])
        };
        if owned.len() > VariantViews::INLINE {
            return VariantViews(Views::Heap(owned.iter().map(view).collect()));
        }
        let mut inline = [PLACEHOLDER; VariantViews::INLINE];
        for (slot, v) in inline.iter_mut().zip(owned) {
            *slot = view(v);
        }
        VariantViews(Views::Inline(inline, owned.len() as u8)) // <= INLINE
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

/// The distinct values met so far on each axis (type, language, charset,
/// coding), the first [`VariantViews::INLINE`] of them.
#[derive(Default)]
struct Seen<'v> {
    values: [[&'v str; VariantViews::INLINE]; 4],
    len: [usize; 4],
}

impl<'v> Seen<'v> {
    /// An earlier value equal to `text` on `axis`, or `text` (remembered).
    #[inline]
    fn share(&mut self, axis: usize, text: &'v str) -> &'v str {
        let (Some(values), Some(len)) = (self.values.get_mut(axis), self.len.get_mut(axis)) else {
            return text;
        };
        if let Some(earlier) = values.iter().take(*len).find(|v| **v == text) {
            return earlier;
        }
        if let Some(slot) = values.get_mut(*len) {
            *slot = text;
            *len += 1;
        }
        text
    }
}

impl<'v> FromIterator<Variant<'v>> for VariantViews<'v> {
    /// Collects variants (views of owned ones, borrowed ones, or a mix):
    /// inline up to [`INLINE`](VariantViews::INLINE), in a `Vec` beyond.
    fn from_iter<I: IntoIterator<Item = Variant<'v>>>(iter: I) -> Self {
        let mut iter = iter.into_iter();
        let mut inline = [PLACEHOLDER; VariantViews::INLINE];
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
