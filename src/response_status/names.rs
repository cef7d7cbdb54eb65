//! The names of the header fields a [`StatusResponse`](super::StatusResponse)
//! writes: the header-field table's rows where it has them, and a small
//! table of the response-only fields it has not.

use crate::field::HeaderField;

/// Generates [`StatusField`] from its table: the rows the crate-wide
/// header-field table (`field.rs`: names, lowercase names, defining RFC,
/// 304 rule) already has point at it, so each name is spelled once; the
/// response-only rows a status response needs, and no `Decision` writes,
/// are listed here with their names and defining RFC.
macro_rules! status_fields {
    (
        table { $($tv:ident => $trow:ident, $tname:literal;)* }
        own { $($ov:ident, $oname:literal, $olower:literal, $ospec:literal;)* }
    ) => {
        /// A header field a [`StatusResponse`](super::StatusResponse) writes.
        ///
        /// ```
        /// use conneg::response_status::StatusField;
        /// assert_eq!(StatusField::WwwAuthenticate.name(), "WWW-Authenticate");
        /// assert_eq!(StatusField::ETag.lowercase(), "etag");
        /// ```
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum StatusField {
            $(#[doc = concat!("`", $tname, "` (a row of the crate's header-field table).")] $tv,)*
            $(#[doc = concat!("`", $oname, "` (", $ospec, ").")] $ov,)*
        }

        impl StatusField {
            /// Every field, table rows first.
            pub const ALL: &'static [StatusField] = &[$(StatusField::$tv,)* $(StatusField::$ov,)*];

            /// The registered name, as usually capitalised (`WWW-Authenticate`).
            pub const fn name(self) -> &'static str {
                match self {
                    $(StatusField::$tv => HeaderField::$trow.name(),)*
                    $(StatusField::$ov => $oname,)*
                }
            }

            /// The name in lowercase, as HTTP/2 and HTTP/3 send it and the
            /// `http` crate stores it.
            pub const fn lowercase(self) -> &'static str {
                match self {
                    $(StatusField::$tv => HeaderField::$trow.lowercase(),)*
                    $(StatusField::$ov => $olower,)*
                }
            }

            /// The row of the crate-wide header-field table, for the fields it has.
            pub(crate) const fn header(self) -> Option<HeaderField> {
                match self {
                    $(StatusField::$tv => Some(HeaderField::$trow),)*
                    _ => None,
                }
            }
        }
    };
}

status_fields! {
    table {
        ETag => ETag, "ETag";
        LastModified => LastModified, "Last-Modified";
        Accept => Accept, "Accept";
        AcceptEncoding => AcceptEncoding, "Accept-Encoding";
    }
    own {
        Location,          "Location",           "location",           "RFC 9110 §10.2.2";
        WwwAuthenticate,   "WWW-Authenticate",   "www-authenticate",   "RFC 9110 §11.6.1";
        ProxyAuthenticate, "Proxy-Authenticate", "proxy-authenticate", "RFC 9110 §11.7.1";
        RetryAfter,        "Retry-After",        "retry-after",        "RFC 9110 §10.2.3";
        Allow,             "Allow",              "allow",              "RFC 9110 §10.2.1";
        Connection,        "Connection",         "connection",         "RFC 9110 §7.6.1";
        Upgrade,           "Upgrade",            "upgrade",            "RFC 9110 §7.8";
        AcceptPatch,       "Accept-Patch",       "accept-patch",       "RFC 5789 §3.1";
        AcceptPost,        "Accept-Post",        "accept-post",        "W3C Linked Data Platform 1.0 §7.1";
    }
}

// The two tables never name a field twice, and the spellings agree:
// checked when the crate compiles.
const _: () = {
    let all = StatusField::ALL;
    let mut i = 0;
    while i < all.len() {
        let (name, lower) = (all[i].name().as_bytes(), all[i].lowercase().as_bytes());
        assert!(name.len() == lower.len(), "lowercase name of another length");
        let mut k = 0;
        while k < name.len() {
            assert!(name[k].to_ascii_lowercase() == lower[k], "lowercase name differs");
            k += 1;
        }
        if all[i].header().is_none() {
            let rows = HeaderField::ALL;
            let mut j = 0;
            while j < rows.len() {
                assert!(
                    !crate::kernel::eq_ignore_case(lower, rows[j].lowercase().as_bytes()),
                    "a response-only field the header-field table has"
                );
                j += 1;
            }
        }
        i += 1;
    }
};
