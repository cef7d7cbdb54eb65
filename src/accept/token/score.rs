//! Scoring a token-valued field against offers: the general chunked walk
//! and the one-line fast path for a few checked offers.
use crate::accept::token::Kind;
use crate::accept::token::TokenField;
use crate::accept::token::implicit_identity;
use crate::accept::token::is_identity;
use crate::accept::token::preference::{element_end, weight_at};
use crate::kernel::folded;
use crate::kernel::same_first;

use crate::Quality;
use crate::accept::{CHUNK, Choice, SMALL_CHUNK, Score, all_malformed};
use crate::field::is_separator;
use crate::syntax::{self};

impl<'h, K: Kind> TokenField<'h, K> {
    #[inline]
    pub(crate) fn score_offers<O: AsRef<str>>(&self, offers: &[O], sink: impl FnMut(Choice)) {
        crate::accept::score_offers(offers, |values, scores| self.score_chunk(values, scores), sink);
    }

    /// Scores up to [`CHUNK`] offers in one pass over the field (see
    /// `Accept::score_chunk`), with Accept-Encoding's identity rules applied.
    #[inline]
    pub(crate) fn score_chunk(&self, offers: &[&[u8]], out: &mut [Option<Score>]) {
        self.score_chunk_checked(offers, out, false);
    }

    /// [`score_chunk`](TokenField::score_chunk); `checked`: the caller knows
    /// every offer is valid as it is (no OWS around it), so it is not
    /// trimmed and checked again.
    #[inline]
    pub(crate) fn score_chunk_checked(&self, offers: &[&[u8]], out: &mut [Option<Score>], checked: bool) {
        let n = offers.len().min(out.len()).min(CHUNK);
        if self.field.is_absent() {
            // What the general pass gives an absent field (no elements, so
            // `treat_absent`): q=1 for every valid offer, `None` otherwise.
            for (score, offer) in out[..n].iter_mut().zip(offers) {
                let valid = checked || K::valid_offer(syntax::trim_ows(offer));
                *score = valid.then_some((Quality::ONE, 0, 0));
            }
            return;
        }
        // The common case (one field line, a few offers known valid) has its
        // own loop; anything else takes the general one.
        // Unchecked offers take it too when each is valid as it is (no OWS
        // around it): the usual `negotiate(&["br", "gzip"])`.
        if (1..=4).contains(&n)
            && let (Some(line), None) = (self.field.line(0), self.field.line(1))
            && (checked || offers[..n].iter().all(|offer| clean_offer::<K>(offer)))
        {
            self.score_few(line, &offers[..n], &mut out[..n]);
            return;
        }
        self.score_chunk_general(&offers[..n], &mut out[..n], checked);
    }

    /// [`score_chunk_checked`](TokenField::score_chunk_checked) the general
    /// way. Out of line: inlined, its three tiers made the few-offer walk's
    /// function many times larger, with a larger frame and more spills.
    #[inline(never)]
    fn score_chunk_general(&self, offers: &[&[u8]], out: &mut [Option<Score>], checked: bool) {
        let n = offers.len().min(out.len());
        // Same work either way; only the size of the scratch arrays differs.
        // (Most calls score a handful of distinct values: 4 is a third tier.)
        if n <= 4 {
            self.score_chunk_by::<4>(&offers[..n], &mut out[..n], checked);
        } else if n <= SMALL_CHUNK {
            self.score_chunk_by::<SMALL_CHUNK>(&offers[..n], &mut out[..n], checked);
        } else {
            self.score_chunk_by::<CHUNK>(&offers[..n], &mut out[..n], checked);
        }
    }

    /// [`score_chunk_by`](TokenField::score_chunk_by) for one field line
    /// and 1 to 4 offers known valid (`checked`), the usual call: the same
    /// walk and the same answers, with less setup and state that fits in
    /// registers. The offers' key first octets (case bit set) are packed one
    /// per byte of a word: a range's candidates are the bytes equal to its
    /// own first octet's, found with one word operation instead of a
    /// 32-entry table. Setting the case bit merges a letter's two cases (and
    /// a few other octet pairs): the candidates are never fewer than the
    /// offers a range may match, and `matches_key` decides.
    #[inline]
    fn score_few(&self, line: &[u8], offers: &[&[u8]], out: &mut [Option<Score>]) {
        let n = offers.len().min(out.len()).min(4);
        let mut keys: [&[u8]; 4] = [&[]; 4];
        // Byte `j`: offer `j`'s key first octet | 0x20; 0 (no offer, or an
        // empty key) equals no range's (a `tchar` | 0x20 is above 0x20).
        let mut firsts = 0u32;
        let mut j = 0;
        while j < n {
            out[j] = None;
            let (key, first) = few_key::<K>(offers[j], j);
            firsts |= first;
            keys[j] = key;
            j += 1;
        }
        let (valid, malformed, unread, _) = few_walk!(
            K,
            line,
            self.max_elements,
            (firsts, n, &keys),
            |j, spec, quality, this| {
                if let Some(score) = out.get_mut(j) {
                    if score.is_none_or(|(_, s, _)| spec > s) {
                        *score = Some((quality, spec, this));
                    }
                }
            }
        );
        // As `score_chunk_by` ends (there, `malformed` and `unread` count).
        let treat_absent = all_malformed(
            usize::from(valid),
            usize::from(malformed),
            usize::from(unread),
            || self.any_valid(),
        );
        let empty = !valid && !malformed && !unread;
        let mut j = 0;
        while j < n && j < out.len() {
            let score = &mut out[j];
            if treat_absent {
                *score = Some((Quality::ONE, 0, 0));
            } else if K::IDENTITY && score.is_none() && is_identity(keys[j]) {
                *score = Some(implicit_identity(empty));
            }
            j += 1;
        }
    }

    /// [`score_chunk_checked`](TokenField::score_chunk_checked) for at most
    /// `N` offers (at most 32: offer sets are `u32` bit sets).
    #[inline]
    pub(crate) fn score_chunk_by<const N: usize>(
        &self,
        offers: &[&[u8]],
        out: &mut [Option<Score>],
        checked: bool,
    ) {
        let n = offers.len().min(out.len()).min(N).min(32);
        let out = &mut out[..n];
        // The valid offers' keys, packed, with their index in `offers`, and
        // the first octets a range needs to match one (or `*`).
        let mut keys: [&[u8]; N] = [&[]; N];
        let mut index_of = [0u8; N];
        // For each first octet (see `folded`), the packed offers whose key
        // starts with it: a range other than `*` is compared with those only.
        let mut candidates = [0u32; 32];
        // Ranges starting with these may match an offer they do not start
        // like: `*`, and the aliases.
        let always = 1u32 << folded(b'*') | K::RANGE_FIRSTS;
        let mut k = 0;
        let mut i = 0;
        while i < n && i < out.len() && k < N {
            // Cleared here rather than by `fill` (a `memset` call).
            out[i] = None;
            let offer = if checked {
                offers[i]
            } else {
                syntax::trim_ows(offers[i])
            };
            if checked || K::valid_offer(offer) {
                let key = &offer[K::key_offset(offer)..];
                if let Some(&first) = key.first() {
                    candidates[folded(first)] |= 1 << k;
                }
                keys[k] = key;
                index_of[k] = i as u8;
                k += 1;
            }
            i += 1;
        }
        if k == 0 {
            return;
        }
        let (keys, index_of) = (&keys[..k], &index_of[..k]);
        // How the current element matches each packed offer: computed once
        // per element, for the relevance check and the scoring both.
        let mut spec_of = [0u16; N];
        let spec_of = &mut spec_of[..k];
        let all = u32::MAX >> (32 - k);
        // Elements that match no offer cannot change a score: they are
        // skipped, their parameters unread and their value unchecked (their
        // validity only matters for the all-malformed rule, checked below).
        let (mut valid, mut malformed, mut unread) = (0usize, 0usize, 0usize);
        let mut position: u16 = 0;
        // Line by line, without the general `Cursor` (elements never span
        // lines, so this walks the elements `Cursor` would, in order).
        let mut line_index = 0;
        'lines: while let Some(line) = self.field.line(line_index) {
            line_index += 1;
            let mut pos = 0;
            loop {
                // The usual separators `,` and `, ` first, then any others.
                if line.get(pos) == Some(&b',') {
                    pos += 1;
                    if line.get(pos) == Some(&b' ') {
                        pos += 1;
                    }
                }
                while pos < line.len() && is_separator(line[pos]) {
                    pos += 1;
                }
                let Some(&first) = line.get(pos) else { break };
                if position >= self.max_elements {
                    break 'lines;
                }
                let (start, this) = (pos, position);
                position += 1;
                // The first octet alone decides most elements: one that is
                // no `tchar` has an empty value (malformed), and one no
                // offer's key starts with (nor `*`, nor an alias) matches
                // nothing. Either way the element is skipped whole, without
                // reading its value (it holds no `,` or `"` to skip past).
                if !syntax::is_tchar(first) {
                    malformed += 1;
                    pos = element_end(line, start);
                    continue;
                }
                if candidates[folded(first)] == 0 && always >> folded(first) & 1 == 0 {
                    unread += 1;
                    pos = element_end(line, start);
                    continue;
                }
                let value_end = syntax::token_end(line, start + 1);
                let value = &line[start..value_end];
                let range = &value[K::key_offset(value)..];
                // The offers that match, as a bit set, their specificity
                // in `spec_of`.
                let mut matched = 0u32;
                let mut rest = match range {
                    [b'*'] => all,
                    [first, ..] => candidates[folded(*first)],
                    [] => 0,
                };
                while rest != 0 {
                    let j = rest.trailing_zeros() as usize;
                    rest &= rest - 1;
                    if let (Some(key), Some(spec)) = (keys.get(j), spec_of.get_mut(j)) {
                        if let Some(s) = K::matches_key(range, key) {
                            *spec = s;
                            matched |= 1 << j;
                        }
                    }
                }
                if matched == 0 {
                    unread += 1;
                    pos = element_end(line, value_end);
                    continue;
                }
                let Some(range_spec) = K::range_specificity(value) else {
                    malformed += 1;
                    pos = element_end(line, value_end);
                    continue;
                };
                let quality = match weight_at(line, value_end) {
                    Ok((quality, end)) => {
                        pos = end;
                        quality
                    }
                    Err(_) => {
                        malformed += 1;
                        pos = element_end(line, value_end);
                        continue;
                    }
                };
                valid += 1;
                while matched != 0 {
                    let j = matched.trailing_zeros() as usize;
                    matched &= matched - 1;
                    if let (Some(&spec), Some(&i)) = (spec_of.get(j), index_of.get(j)) {
                        let spec = spec + range_spec;
                        if let Some(score) = out.get_mut(usize::from(i)) {
                            if score.is_none_or(|(_, s, _)| spec > s) {
                                *score = Some((quality, spec, this));
                            }
                        }
                    }
                }
            }
        }
        let treat_absent =
            self.field.is_absent() || all_malformed(valid, malformed, unread, || self.any_valid());
        let empty = valid == 0 && malformed == 0 && unread == 0;
        let mut j = 0;
        while j < keys.len() && j < index_of.len() {
            // An offer's key is `identity` exactly when the offer is.
            let (offer, score) = (keys[j], &mut out[usize::from(index_of[j])]);
            if treat_absent {
                *score = Some((Quality::ONE, 0, 0));
            } else if K::IDENTITY && score.is_none() && is_identity(offer) {
                // RFC 9110 §12.5.3: an empty field asks for identity; otherwise identity
                // is acceptable unless excluded (RFC 9110 §12.5.3), below named codings.
                *score = Some(implicit_identity(empty));
            }
            j += 1;
        }
    }
}

/// Is `offer` valid for `K` as it is, without OWS to trim around it (what
/// `score_few` needs of its offers)? Every kind's `valid_offer` rejects an
/// offer holding SP or HTAB anywhere (they are no `tchar`, and no octet of a
/// language tag), so it is the whole test (see the test
/// `valid_offers_hold_no_ows`).
#[inline(always)]
fn clean_offer<K: Kind>(offer: &[u8]) -> bool {
    K::valid_offer(offer)
}

/// Offer `j`'s key ([`Kind::key_offset`]) for the few-offer walks, and its
/// first octet | 0x20 as byte `j` of their `firsts` word (0, which equals
/// no range's, for an empty key: a `tchar` | 0x20 is above 0x20).
#[inline(always)]
pub(crate) fn few_key<K: Kind>(offer: &[u8], j: usize) -> (&[u8], u32) {
    let key = &offer[K::key_offset(offer)..];
    let first = match key.first() {
        Some(&first) => u32::from(first | 0x20) << (8 * j),
        None => 0,
    };
    (key, first)
}

/// The element walk of `score_few` and `negotiate_few`, once, as an
/// expression: over one field `$line` against the first `$n` (1 to 4)
/// offers' `$keys` (their first octets in `$firsts`, see [`few_key`]),
/// counting at most `$max` elements. Each element gets the prologue
/// ([`element_prologue`]), its value is matched against the keys
/// ([`match_value`]) and its range and weight are checked; for each
/// element that matches an offer and is valid, `$body` runs once per
/// offer `$j` it matches, with the match's specificity (`$spec`: the
/// range's own and what the match adds), the element's weight
/// (`$quality`) and its position (`$this`).
/// Gives whether any element was valid, malformed, or passed over unread
/// (the all-malformed rule's inputs). A macro for the reason
/// [`element_prologue`] is one: only what each keeps of a score differs.
macro_rules! few_walk {
    (
        $K:ty,
        $line:expr,
        $max:expr,
        ($firsts:expr, $n:expr, $keys:expr),
        |$j:ident, $spec:ident, $quality:ident, $this:ident| $body:block
    ) => {{
        let mut spec_of = [0u16; 4];
        let (mut valid, mut malformed, mut unread) = (false, false, false);
        // The offers any element matched (bit `8 * j + 7`: offer `j`).
        let mut seen = 0u32;
        let mut position: u16 = 0;
        let mut pos = 0;
        while let Some(&first) = $line.get(pos) {
            let (start, $this) = $crate::accept::token::preference::element_prologue!(
                $line,
                first,
                pos,
                position,
                $max,
                malformed = true
            );
            let Some((value_end, mut matched)) = $crate::accept::token::score::match_value::<$K>(
                $line,
                start,
                first,
                $firsts,
                $n,
                $keys,
                &mut spec_of,
            ) else {
                // The value holds no `,` or `"`: its element ends where the
                // element from its first octet does.
                unread = true;
                pos = $crate::accept::token::score::past_comma_sp(
                    $line,
                    $crate::syntax::element_end($line, start),
                );
                continue;
            };
            if matched == 0 {
                unread = true;
                pos = $crate::accept::token::preference::element_end($line, value_end);
                continue;
            }
            seen |= matched;
            let Some(range_spec) =
                <$K as $crate::accept::token::Kind>::range_specificity(&$line[start..value_end])
            else {
                malformed = true;
                pos = $crate::accept::token::preference::element_end($line, value_end);
                continue;
            };
            let Ok(($quality, end)) = $crate::accept::token::preference::weight_at($line, value_end) else {
                malformed = true;
                pos = $crate::accept::token::preference::element_end($line, value_end);
                continue;
            };
            pos = $crate::accept::token::score::past_comma_sp($line, end);
            valid = true;
            while matched != 0 {
                let $j = (matched.trailing_zeros() / 8) as usize;
                matched &= matched - 1;
                if let Some(&spec) = spec_of.get($j) {
                    let $spec = spec + range_spec;
                    $body
                }
            }
        }
        (valid, malformed, unread, seen)
    }};
}
pub(crate) use few_walk;

/// Past the usual `,` and ` ` after an element ending at `at`, at once
/// rather than one separator octet per turn of the walk (which skips any
/// others).
#[inline(always)]
pub(crate) fn past_comma_sp(line: &[u8], at: usize) -> usize {
    let pos = at + usize::from(line.get(at) == Some(&b','));
    pos + usize::from(line.get(pos) == Some(&b' '))
}

/// The value of the element at `start` (whose first octet, `first`, is a
/// `tchar`) matched against the few offers' `keys`: its end and the offers
/// it matches as bits `8 * j + 7` (their specificity in `spec_of`); `None`
/// when it starts like no `*`, alias or offer's key it matches, so that it
/// was not read to its end. `*` and the aliases go the general way
/// ([`match_aside`]); other ranges are only compared with the offers whose
/// key starts like them. The one walk of `score_few` and `negotiate_few`.
#[inline(always)]
pub(crate) fn match_value<K: Kind>(
    line: &[u8],
    start: usize,
    first: u8,
    firsts: u32,
    n: usize,
    keys: &[&[u8]; 4],
    spec_of: &mut [u16; 4],
) -> Option<(usize, u32)> {
    if first == b'*' || K::RANGE_FIRSTS >> folded(first) & 1 != 0 {
        return Some(match_aside::<K>(line, start, firsts, n, keys, spec_of));
    }
    // The value is its own key here, and a range that matches a key is a
    // prefix of it (see `Kind::matches_key`): the value ends where its
    // common prefix with a matching offer's key does, found by comparing,
    // not by a scan of its own. Until then the end is unknown (`start`).
    // The bytes of `firsts` past the offers are 0, which equals no range's
    // first octet: `same_first` gives the offers alone.
    let mut rest = same_first(firsts, first);
    let mut matched = 0u32;
    let mut end = start;
    while rest != 0 {
        let bit = rest.trailing_zeros();
        rest &= rest - 1;
        let j = (bit / 8) as usize;
        let (Some(key), Some(spec)) = (keys.get(j), spec_of.get_mut(j)) else {
            continue;
        };
        let m = crate::kernel::common_prefix_ignore_case(line, start, key);
        if end == start {
            if line.get(start + m).is_some_and(|&b| syntax::is_tchar(b)) {
                // The value goes on past the common prefix: it is no
                // prefix of this key.
                continue;
            }
        } else if start + m != end {
            continue;
        }
        // The end is set by a key that matches, not by one that only stops
        // where the line does: an invalid offer's key (`negotiate_few`
        // checks only the offers that match) may hold a `,` or SP and run
        // past the value's end; a valid key ends where the value does.
        if let Some(s) = K::matches_prefix(key, m) {
            end = start + m;
            *spec = s;
            matched |= 1 << bit;
        }
    }
    (matched != 0).then_some((end, matched))
}

/// `score_few`'s matching of a value starting with `*` or an alias's first
/// octet (rare, out of line): the value's end and the offers it matches
/// (their specificity in `spec_of`).
#[inline(never)]
pub(crate) fn match_aside<K: Kind>(
    line: &[u8],
    start: usize,
    firsts: u32,
    n: usize,
    keys: &[&[u8]; 4],
    spec_of: &mut [u16; 4],
) -> (usize, u32) {
    let value_end = syntax::token_end(line, start + 1);
    let value = &line[start..value_end];
    let range = &value[K::key_offset(value)..];
    // Offer `j` is bit `8 * j + 7` of a candidate set.
    let all = 0x8080_8080u32 >> (8 * (4 - n.clamp(1, 4)));
    let mut rest = match range {
        [b'*'] => all,
        [first, ..] => same_first(firsts, *first) & all,
        [] => 0,
    };
    let mut matched = 0;
    while rest != 0 {
        let bit = rest.trailing_zeros();
        rest &= rest - 1;
        let j = (bit / 8) as usize;
        if let (Some(key), Some(spec)) = (keys.get(j), spec_of.get_mut(j)) {
            if let Some(s) = K::matches_key(range, key) {
                *spec = s;
                matched |= 1 << bit;
            }
        }
    }
    (value_end, matched)
}
