//! Field values formatted into a fixed stack buffer (`Content-Range`, `Allow`,
//! `Retry-After`): the buffer, and the accessors every such public type has.

/// Up to `N` ASCII octets. Writers size `N` for their longest value; a push
/// past the end is dropped rather than panicking.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct TextBuf<const N: usize> {
    bytes: [u8; N],
    len: usize,
}

impl<const N: usize> TextBuf<N> {
    pub(crate) const fn new() -> Self {
        TextBuf {
            bytes: [0; N],
            len: 0,
        }
    }

    pub(crate) fn push(&mut self, s: &[u8]) {
        for &b in s {
            if let Some(slot) = self.bytes.get_mut(self.len) {
                *slot = b;
                self.len += 1;
            }
        }
    }

    /// The decimal digits of `v`.
    pub(crate) fn push_u64(&mut self, v: u64) {
        let mut digits = [0u8; 20];
        let mut i = digits.len();
        let mut v = v;
        while let Some(slot) = i.checked_sub(1).and_then(|j| digits.get_mut(j)) {
            *slot = b'0' + (v % 10) as u8;
            i -= 1;
            v /= 10;
            if v == 0 {
                break;
            }
        }
        self.push(digits.get(i..).unwrap_or(&[]));
    }

    pub(crate) fn as_bytes(&self) -> &[u8] {
        self.bytes.get(..self.len).unwrap_or(&[])
    }

    pub(crate) fn as_str(&self) -> &str {
        core::str::from_utf8(self.as_bytes()).unwrap_or("")
    }
}

/// `as_bytes`, `as_str`, `Display` (the value) and `Debug` (`Name(value)`)
/// for a public newtype over a [`TextBuf`].
macro_rules! text_value {
    ($name:ident) => {
        impl $name {
            /// The value's octets (ASCII).
            #[inline]
            pub fn as_bytes(&self) -> &[u8] {
                self.0.as_bytes()
            }

            /// The value as text.
            #[inline]
            pub fn as_str(&self) -> &str {
                self.0.as_str()
            }
        }

        impl core::fmt::Display for $name {
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl core::fmt::Debug for $name {
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                write!(f, concat!(stringify!($name), "({})"), self.as_str())
            }
        }
    };
}
pub(crate) use text_value;

#[cfg(test)]
mod tests {
    use super::TextBuf;

    #[test]
    fn digits_of_extremes_and_truncation() {
        let mut b = TextBuf::<40>::new();
        b.push_u64(0);
        b.push(b" ");
        b.push_u64(u64::MAX);
        assert_eq!(b.as_str(), "0 18446744073709551615");
        let mut small = TextBuf::<3>::new();
        small.push_u64(12_345);
        assert_eq!(small.as_str(), "123");
    }
}
