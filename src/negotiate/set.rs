//! Variants prepared once ([`VariantSet`]): the distinct values on each
//! axis, each variant's slot, and `Vary`, worked out before any request.
use crate::kernel::bytes_eq;
use crate::kernel::same_address;

use crate::MediaOffer;
use crate::Variant;
use crate::Vary;
use crate::accept::SMALL_CHUNK;
use crate::negotiate::vary::AxisVary;
use crate::negotiate::vary::vary_of;
use crate::negotiate::vary::{refusable_from_counts, refusable_of};

/// A placeholder for the unused entries of a [`Distinct`] of media types.
pub(crate) static DUMMY_OFFER: MediaOffer<'static> = MediaOffer::new("");

/// What choosing among (a chunk of at most `N`) variants needs from the
/// variants alone: on each axis (type, language, charset, coding), the
/// distinct values, so that a value shared by several variants is scored
/// once, and each variant's slot among them; and whether the builders
/// checked every value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) struct Plan<const N: usize> {
    /// Per axis: how many distinct values.
    pub(crate) n: [u8; 4],
    /// Per axis: the index of the first variant with each distinct value.
    pub(crate) rep: [[u8; N]; 4],
    /// Per axis: each variant's slot among the distinct values; `N - 1`
    /// when it leaves the axis unset (a slot no value takes then, as at
    /// most `N - 1` variants set the axis), where the factor is 1 and the
    /// score `None`.
    pub(crate) slot: [[u8; N]; 4],
    /// Per axis (language, charset, coding): is every value unset, or valid
    /// as it is?
    pub(crate) checked: [bool; 3],
    /// Is every media type valid (none for the scorer to leave out)?
    /// Worked out by the `const` plan ([`Plan::new`]) only: the run-time
    /// plan, used once, leaves it and `unit_quality` false (checking each
    /// variant would cost what the shortcuts save), and the selection then
    /// takes the general way.
    pub(crate) valid_media: bool,
    /// Is every variant's server quality 1 (a factor of 1000 in each
    /// product, multiplied into the highest once)?
    pub(crate) unit_quality: bool,
    /// Per axis: does some variant leave it unset?
    pub(crate) unset: [bool; 4],
    /// The `Vary` value of the planned variants (of all the variants, when
    /// they fit in one chunk).
    pub(crate) vary: Vary,
    /// `vary` and the fields that could refuse every planned variant
    /// ([`refusable_from_counts`]): the `Vary` value under the 406 policy.
    pub(crate) vary_refusing: Vary,
}

/// Defines a `Plan` constructor around an equality of axis values (`$same`):
/// the same code as a `const fn` comparing octets, and as a run-time
/// function comparing addresses, which is cheaper and which a `const fn`
/// cannot do. `$flags`: whether it works out `valid_media` and
/// `unit_quality` (otherwise false).
macro_rules! plan_constructor {
    ($(#[$doc:meta])* [$($const:tt)?] fn $name:ident, $axis:ident, $same:ident, $flags:literal) => {
        $(#[$doc])*
        #[inline(always)]
        pub(super) $($const)? fn $name(variants: &[Variant<'_>]) -> Self {
            let mut plan = Plan {
                n: [0; 4],
                rep: [[0; N]; 4],
                slot: [[0; N]; 4],
                checked: [true; 3],
                valid_media: $flags,
                unit_quality: $flags,
                unset: [false; 4],
                vary: Vary::NONE,
                vary_refusing: Vary::NONE,
            };
            let count = if variants.len() < N { variants.len() } else { N };
            // Each axis's distinct values so far, and whether some variant
            // leaves it unset.
            let mut values: [[&[u8]; N]; 4] = [[&[]; N]; 4];
            let mut unset = [false; 4];
            let mut i = 0;
            while i < count {
                let v = &variants[i];
                plan.checked[0] &= v.checked[0];
                plan.checked[1] &= v.checked[1];
                plan.checked[2] &= v.checked[2];
                if $flags {
                    plan.valid_media &= v.media.is_valid();
                    plan.unit_quality &= v.quality.thousandths() == 1000;
                }
                Self::$axis::<0>(&mut plan, &mut values[0], &mut unset[0], i, v.axis(0));
                Self::$axis::<1>(&mut plan, &mut values[1], &mut unset[1], i, v.axis(1));
                Self::$axis::<2>(&mut plan, &mut values[2], &mut unset[2], i, v.axis(2));
                Self::$axis::<3>(&mut plan, &mut values[3], &mut unset[3], i, v.axis(3));
                i += 1;
            }
            // `Vary`, fed each axis's distinct values.
            let mut axis = 0;
            while axis < 4 {
                let mut axis_values = AxisVary::NEW;
                if unset[axis] {
                    axis_values = axis_values.add(None);
                }
                let mut k = 0;
                while k < plan.n[axis] as usize && !axis_values.varies() {
                    axis_values = axis_values.add(Some(values[axis][k]));
                    k += 1;
                }
                plan.vary = axis_values.into_vary(axis, plan.vary);
                axis += 1;
            }
            plan.unset = unset;
            plan.vary_refusing = plan.vary.union(refusable_from_counts(plan.n));
            plan
        }

        /// Variant `i`'s `value` on one axis: its slot among the distinct
        /// `values` (a value `$same` as an earlier one's shares its slot;
        /// one new value per variant at most).
        #[inline(always)]
        $($const)? fn $axis<'a, const AXIS: usize>(
            plan: &mut Self,
            values: &mut [&'a [u8]; N],
            unset: &mut bool,
            i: usize,
            value: Option<&'a [u8]>,
        ) {
            let Some(value) = value else {
                *unset = true;
                plan.slot[AXIS][i] = (N - 1) as u8; // N <= CHUNK
                return;
            };
            let n = plan.n[AXIS] as usize;
            let mut at = 0;
            while at < n && !$same(values[at], value) {
                at += 1;
            }
            if at == n {
                values[at] = value;
                plan.rep[AXIS][at] = i as u8; // i < N <= CHUNK
                plan.n[AXIS] += 1;
            }
            plan.slot[AXIS][i] = at as u8;
        }
    };
}

impl<const N: usize> Plan<N> {
    plan_constructor! {
        /// The plan of the first `N` (at most) of `variants`: values equal
        /// octet for octet share a slot.
        [const] fn new, axis, bytes_eq, true
    }

    plan_constructor! {
        /// [`new`](Plan::new) at run time, for a plan used once: values at
        /// the same address share a slot (variants usually share one
        /// `&'static str` per value). Equal values elsewhere get slots of
        /// their own, which only costs scoring them twice: their scores,
        /// factors and tie-break keys are equal, and `Vary` compares the
        /// values themselves.
        [] fn new_fast, axis_fast, same_address, false
    }
}

/// A resource's variants, for [`ContentNegotiation::select`](crate::ContentNegotiation::select)
/// (and held by [`Resource`](crate::Resource)), either as they are or
/// prepared once.
///
/// - [`VariantSet::new`] (a `const fn`, so a set can be a `static`)
///   prepares them: what negotiation needs from the variants alone, the
///   distinct values on each axis and the `Vary` value, is worked out here
///   rather than on every request. Building one costs about what one
///   selection spends on the same work. Sets of up to 8 variants are
///   prepared in full; larger ones get their `Vary` here and the rest on
///   every call.
/// - [`VariantSet::from`] (what `select(&variants)` does) leaves that work
///   to each selection: cheap to build per call.
///
/// The answers are the same either way.
///
/// ```
/// use conneg::{Variant, VariantSet, Vary};
///
/// const VARIANTS: [Variant<'static>; 3] = [
///     Variant::new("text/html").with_language("en"),
///     Variant::new("text/html").with_language("en").with_encoding("gzip"),
///     Variant::new("application/json").with_language("en"),
/// ];
/// static SET: VariantSet<'static, 'static> = VariantSet::new(&VARIANTS);
/// // Known before any request: the variants differ by type and coding, and
/// // Accept-Language could refuse them all (they name a language).
/// assert_eq!(SET.vary().as_str(), "Accept, Accept-Encoding, Accept-Language");
/// assert_eq!(SET.variants().len(), 3);
/// assert_eq!(VariantSet::from(&VARIANTS).vary(), SET.vary());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct VariantSet<'r, 'v> {
    pub(crate) variants: &'r [Variant<'v>],
    pub(crate) prepared: Prepared,
}

/// How much of a [`VariantSet`] is worked out in advance.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Prepared {
    /// Nothing: every selection plans the variants itself.
    No,
    /// At most `SMALL_CHUNK` variants, planned in full (`Vary` included).
    Small(Plan<SMALL_CHUNK>),
    /// More: the `Vary` value under each policy ([`VariantSet::vary_parts`]);
    /// the chunks are planned on every selection.
    Large(Vary, Vary),
}

impl<'r, 'v> VariantSet<'r, 'v> {
    /// Prepares `variants` (in the server's order of preference).
    #[inline]
    pub const fn new(variants: &'r [Variant<'v>]) -> Self {
        let prepared = if variants.len() <= SMALL_CHUNK {
            Prepared::Small(Plan::new(variants))
        } else {
            let vary = vary_of(variants);
            Prepared::Large(vary, vary.union(refusable_of(variants)))
        };
        VariantSet { variants, prepared }
    }

    /// `variants`, to be planned by the selection that uses them (once):
    /// cheaper at run time than [`new`](VariantSet::new), which as a
    /// `const fn` cannot compare addresses. What [`From`] gives.
    #[inline]
    pub(crate) const fn unprepared(variants: &'r [Variant<'v>]) -> Self {
        VariantSet {
            variants,
            prepared: Prepared::No,
        }
    }

    /// The variants.
    #[inline]
    pub const fn variants(&self) -> &'r [Variant<'v>] {
        self.variants
    }

    /// The `Vary` value every selection among these variants gives under
    /// the default policy (406 when nothing is acceptable), 406 included
    /// (RFC 9110 §12.5.5): each field whose axis the variants differ on, and
    /// each field that could refuse them all (`Accept` and `Accept-Encoding`
    /// always, `Accept-Language` / `Accept-Charset` where a variant names a
    /// language / charset). A selection that disregards the fields instead
    /// of answering 406 ([`Fallback::FirstVariant`](crate::negotiate::Fallback::FirstVariant))
    /// varies only on the axes the variants differ on.
    #[inline]
    pub const fn vary(&self) -> Vary {
        self.vary_parts().1
    }

    /// The axes the variants differ on, and those with the fields that
    /// could refuse them all (the `Vary` value under the 406 policy).
    #[inline]
    pub(crate) const fn vary_parts(&self) -> (Vary, Vary) {
        match self.prepared {
            Prepared::Small(plan) => (plan.vary, plan.vary_refusing),
            Prepared::Large(vary, refusing) => (vary, refusing),
            Prepared::No => {
                let vary = vary_of(self.variants);
                (vary, vary.union(refusable_of(self.variants)))
            }
        }
    }
}

impl<'r, 'v> From<&'r [Variant<'v>]> for VariantSet<'r, 'v> {
    /// The variants as they are: each selection plans them itself (see the
    /// type's docs; [`VariantSet::new`] prepares them once).
    #[inline]
    fn from(variants: &'r [Variant<'v>]) -> Self {
        VariantSet::unprepared(variants)
    }
}

impl<'r, 'v, const N: usize> From<&'r [Variant<'v>; N]> for VariantSet<'r, 'v> {
    /// The variants as they are, as from a slice: each selection plans them
    /// itself.
    #[inline]
    fn from(variants: &'r [Variant<'v>; N]) -> Self {
        VariantSet::unprepared(variants)
    }
}

/// The variants [`ContentNegotiation::select`](crate::ContentNegotiation::select)
/// takes: a reference to a [`VariantSet`], prepared once or not, or
/// the variants themselves (`&[Variant]`, `&[Variant; N]`, `&Vec<Variant>`:
/// anything `AsRef<[Variant]>`), planned by the selection as
/// [`VariantSet::from`] does.
///
/// Sealed: implemented by the crate only.
///
/// ```
/// use conneg::{AcceptLanguage, ContentNegotiation, Variant, VariantSet};
///
/// const VARIANTS: [Variant<'static>; 2] =
///     [Variant::new("text/html").with_language("en"), Variant::new("text/html").with_language("ko")];
/// static SET: VariantSet<'static, 'static> = VariantSet::new(&VARIANTS);
///
/// let request = ContentNegotiation::new().accept_language(AcceptLanguage::new(b"ko, en;q=0.5"));
/// assert_eq!(request.select(&SET).index(), Some(1));
/// assert_eq!(request.select(&VARIANTS), request.select(&SET));
/// assert_eq!(request.select(&VARIANTS[..1]).index(), Some(0));
/// assert_eq!(request.select(&VARIANTS.to_vec()), request.select(&SET));
/// ```
pub trait IntoVariantSet: sealed::Sealed {}

/// The conversion behind [`IntoVariantSet`], without copying a set.
mod sealed {
    use crate::VariantSet;

    pub trait Sealed {
        /// Calls `f` with the set.
        fn with_set<R>(self, f: impl FnOnce(&VariantSet<'_, '_>) -> R) -> R;
    }
}

impl<'v, T: AsRef<[Variant<'v>]> + ?Sized> IntoVariantSet for &T {}

impl<'v, T: AsRef<[Variant<'v>]> + ?Sized> sealed::Sealed for &T {
    #[inline(always)]
    fn with_set<R>(self, f: impl FnOnce(&VariantSet<'_, '_>) -> R) -> R {
        f(&VariantSet::unprepared(self.as_ref()))
    }
}

impl IntoVariantSet for &VariantSet<'_, '_> {}

impl sealed::Sealed for &VariantSet<'_, '_> {
    #[inline(always)]
    fn with_set<R>(self, f: impl FnOnce(&VariantSet<'_, '_>) -> R) -> R {
        f(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The plans (per call and `const`) and `vary_of` give the `Vary` that
    /// comparing every pair of variants gives.
    #[test]
    fn plans_and_vary_of_agree_with_pairwise_comparison() {
        const VALUES: [Option<&str>; 4] = [None, Some("en"), Some("EN"), Some("ko")];
        let naive = |variants: &[Variant<'_>]| {
            let mut vary = Vary::NONE;
            for (axis, field) in crate::negotiate::vary::AXIS_FIELDS.iter().enumerate() {
                let differ = variants.iter().any(|a| {
                    variants.iter().any(|b| match (a.axis(axis), b.axis(axis)) {
                        (Some(x), Some(y)) => !x.eq_ignore_ascii_case(y),
                        (x, y) => x.is_some() != y.is_some(),
                    })
                });
                if differ {
                    vary = vary.union(*field);
                }
            }
            vary
        };
        let variant = |i: usize| {
            let v = Variant::new(["text/html", "TEXT/HTML", "application/json"][i % 3]);
            let v = match VALUES[i % 4] {
                Some(tag) => v.with_language(tag),
                None => v,
            };
            let v = match VALUES[(i / 4) % 4] {
                Some(c) => v.with_charset(c),
                None => v,
            };
            match i % 5 {
                0 => v.with_encoding("gzip"),
                1 => v.with_encoding("IDENTITY"),
                _ => v,
            }
        };
        for seed in 0..200usize {
            let len = seed % 7;
            let mut variants = [Variant::new(""); 6];
            for (k, v) in variants.iter_mut().enumerate().take(len) {
                *v = variant(seed / 7 + k * (seed % 5 + 1));
            }
            let variants = &variants[..len];
            let want = naive(variants);
            assert_eq!(vary_of(variants), want, "{variants:?}");
            assert_eq!(Plan::<SMALL_CHUNK>::new(variants).vary, want, "{variants:?}");
            assert_eq!(Plan::<SMALL_CHUNK>::new_fast(variants).vary, want, "{variants:?}");
        }
    }
}
