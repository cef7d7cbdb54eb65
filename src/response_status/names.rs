//! The names of the header fields a [`StatusResponse`](super::StatusResponse)
//! writes: rows of the crate's one header-field table (`field.rs`, which
//! spells each name once, with its RFC and its 304 rule), picked by row.

use crate::field::HeaderField;

/// Generates [`StatusField`] from the rows it names: no name is spelled
/// here, each comes from its row of the header-field table.
macro_rules! status_fields {
    ($($(#[$doc:meta])* $v:ident;)*) => {
        /// A header field a [`StatusResponse`](super::StatusResponse) writes:
        /// a row of the crate's header-field table.
        ///
        /// ```
        /// use conneg::response_status::StatusField;
        /// assert_eq!(StatusField::WwwAuthenticate.name(), "WWW-Authenticate");
        /// assert_eq!(StatusField::ETag.lowercase(), "etag");
        /// ```
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum StatusField {
            $($(#[$doc])* $v,)*
        }

        impl StatusField {
            /// Every field.
            pub const ALL: &'static [StatusField] = &[$(StatusField::$v,)*];

            /// The row of the crate-wide header-field table.
            pub(crate) const fn header(self) -> HeaderField {
                match self {
                    $(StatusField::$v => HeaderField::$v,)*
                }
            }
        }
    };
}

status_fields! {
    /// `ETag`: the new representation's entity tag after a write (RFC 9110 §8.8.3).
    ETag;
    /// `Last-Modified`: the new representation's date after a write (RFC 9110 §8.8.2).
    LastModified;
    /// `Accept`: the media types a 415 would accept (RFC 9110 §12.5.1, §15.5.16).
    Accept;
    /// `Accept-Encoding`: the content codings a 415 would accept (RFC 9110 §12.5.3).
    AcceptEncoding;
    /// `Location`: a 201's new resource, a 202's monitor, a redirect's target (RFC 9110 §10.2.2).
    Location;
    /// `WWW-Authenticate`: a 401's challenges (RFC 9110 §11.6.1).
    WwwAuthenticate;
    /// `Proxy-Authenticate`: a 407's challenge (RFC 9110 §11.7.1).
    ProxyAuthenticate;
    /// `Retry-After`: when to come back after a 503, 429 or 413 (RFC 9110 §10.2.3).
    RetryAfter;
    /// `Allow`: a 405's methods (RFC 9110 §10.2.1).
    Allow;
    /// `Connection`: `close` on a 408, `upgrade` on a 426 (RFC 9110 §7.6.1).
    Connection;
    /// `Upgrade`: a 426's protocols (RFC 9110 §7.8).
    Upgrade;
    /// `Accept-Patch`: the patch formats a 415 to PATCH would accept (RFC 5789 §3.1).
    AcceptPatch;
    /// `Accept-Post`: the media types a 415 to POST would accept (W3C Linked Data Platform 1.0 §7.1).
    AcceptPost;
}

impl StatusField {
    /// The registered name, as usually capitalised (`WWW-Authenticate`).
    pub const fn name(self) -> &'static str {
        self.header().name()
    }

    /// The name in lowercase, as HTTP/2 and HTTP/3 send it and the
    /// `http` crate stores it.
    pub const fn lowercase(self) -> &'static str {
        self.header().lowercase()
    }
}
