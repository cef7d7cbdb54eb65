//! A `core::fmt::Write` sink over a caller's stack buffer (tests only for now).

pub(crate) struct FmtBuf<'b> {
    buf: &'b mut [u8],
    len: usize,
}

impl<'b> FmtBuf<'b> {
    pub(crate) fn new(buf: &'b mut [u8]) -> Self {
        FmtBuf { buf, len: 0 }
    }
    pub(crate) fn as_bytes(&self) -> &[u8] {
        &self.buf[..self.len]
    }
}

impl core::fmt::Write for FmtBuf<'_> {
    fn write_str(&mut self, s: &str) -> core::fmt::Result {
        let end = self.len.checked_add(s.len()).ok_or(core::fmt::Error)?;
        let dst = self.buf.get_mut(self.len..end).ok_or(core::fmt::Error)?;
        dst.copy_from_slice(s.as_bytes());
        self.len = end;
        Ok(())
    }
}
