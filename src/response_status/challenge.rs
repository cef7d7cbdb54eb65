//! Authentication challenges (RFC 9110 §11.3): the value of
//! `WWW-Authenticate` and `Proxy-Authenticate`.

use core::fmt::{self, Write};

use crate::syntax::is_token;

/// An authentication challenge (RFC 9110 §11.3), for `WWW-Authenticate`
/// (401, RFC 9110 §11.6.1) or `Proxy-Authenticate` (407, RFC 9110 §11.7.1):
///
/// ```abnf
/// challenge   = auth-scheme [ 1*SP ( token68 / #auth-param ) ]
/// auth-param  = token BWS "=" BWS ( token / quoted-string )
/// token68     = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="
/// ```
///
/// The scheme must be a token; parameter names tokens; parameter values are
/// always written as quoted-strings (RFC 9110 §5.6.4: `"` and `\` escaped
/// with a backslash), which every `auth-param` allows and `realm` requires
/// (RFC 9110 §11.5). A value may hold HTAB, space and visible ASCII
/// (RFC 9110 §5.6.4; controls cannot be quoted, and conneg generates no
/// `obs-text`). `realm` comes first.
///
/// ```
/// use conneg::response_status::Challenge;
///
/// assert_eq!(Challenge::basic("Staff \"only\"").unwrap().to_string(), r#"Basic realm="Staff \"only\"", charset="UTF-8""#);
/// let params = [("error", "invalid_token"), ("error_description", "The access token expired")];
/// let bearer = Challenge::bearer("api").unwrap().with_params(&params).unwrap();
/// assert_eq!(
///     bearer.to_string(),
///     r#"Bearer realm="api", error="invalid_token", error_description="The access token expired""#
/// );
/// assert_eq!(Challenge::new("Negotiate").unwrap().with_token68("YII=").unwrap().to_string(), "Negotiate YII=");
/// assert!(Challenge::new("Bad Scheme").is_err());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Challenge<'a> {
    scheme: &'a str,
    realm: Option<&'a str>,
    params: &'a [(&'a str, &'a str)],
    token68: Option<&'a str>,
}

/// Why a [`Challenge`] builder refused its input.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ChallengeError {
    /// The scheme is not a token (RFC 9110 §11.1).
    Scheme,
    /// A parameter name is not a token, or is `realm` (set it with
    /// [`Challenge::with_realm`]), or is given twice (RFC 9110 §11.2).
    ParamName,
    /// A parameter value holds a control character other than HTAB (which no
    /// quoted-string can carry) or a non-ASCII one (RFC 9110 §5.6.4).
    ParamValue,
    /// The value is not a token68 (RFC 9110 §11.2).
    Token68,
    /// A challenge carries a token68 or parameters, not both (RFC 9110 §11.3).
    Token68AndParams,
}

impl fmt::Display for ChallengeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ChallengeError::Scheme => "authentication scheme is not a token",
            ChallengeError::ParamName => "auth-param name is not a token, is realm, or is repeated",
            ChallengeError::ParamValue => "auth-param value holds a control or non-ASCII character",
            ChallengeError::Token68 => "not a token68",
            ChallengeError::Token68AndParams => "a challenge has a token68 or auth-params, not both",
        })
    }
}

#[cfg(feature = "std")]
impl std::error::Error for ChallengeError {}

/// Can `s` be the content of a quoted-string written in ASCII: HTAB, SP
/// and VCHAR (RFC 9110 §5.6.4; `obs-text` is not generated)?
const fn is_quotable(s: &[u8]) -> bool {
    let mut i = 0;
    while i < s.len() {
        if !matches!(s[i], b'\t' | 0x20..=0x7E) {
            return false;
        }
        i += 1;
    }
    true
}

const fn is_token68(s: &[u8]) -> bool {
    let mut i = 0;
    while i < s.len()
        && (s[i].is_ascii_alphanumeric() || matches!(s[i], b'-' | b'.' | b'_' | b'~' | b'+' | b'/'))
    {
        i += 1;
    }
    if i == 0 {
        return false;
    }
    while i < s.len() && s[i] == b'=' {
        i += 1;
    }
    i == s.len()
}

impl<'a> Challenge<'a> {
    /// A challenge of scheme `scheme`, with no parameters yet.
    ///
    /// # Errors
    ///
    /// [`ChallengeError::Scheme`] when `scheme` is not a token.
    pub const fn new(scheme: &'a str) -> Result<Challenge<'a>, ChallengeError> {
        if !is_token(scheme.as_bytes()) {
            return Err(ChallengeError::Scheme);
        }
        Ok(Challenge {
            scheme,
            realm: None,
            params: &[],
            token68: None,
        })
    }

    /// `Basic realm="…", charset="UTF-8"` (RFC 7617 §2, §2.1).
    ///
    /// # Errors
    ///
    /// [`ChallengeError::ParamValue`] when `realm` holds a control or
    /// non-ASCII character.
    pub const fn basic(realm: &'a str) -> Result<Challenge<'a>, ChallengeError> {
        const UTF8: &[(&str, &str)] = &[("charset", "UTF-8")];
        match Challenge::new("Basic") {
            Ok(c) => match c.with_realm(realm) {
                Ok(mut c) => {
                    c.params = UTF8;
                    Ok(c)
                }
                Err(e) => Err(e),
            },
            Err(e) => Err(e),
        }
    }

    /// `Bearer realm="…"` (RFC 6750 §3); add `error`, `error_description`
    /// or `scope` with [`with_params`](Self::with_params).
    ///
    /// # Errors
    ///
    /// [`ChallengeError::ParamValue`] when `realm` holds a control or
    /// non-ASCII character.
    pub const fn bearer(realm: &'a str) -> Result<Challenge<'a>, ChallengeError> {
        match Challenge::new("Bearer") {
            Ok(c) => c.with_realm(realm),
            Err(e) => Err(e),
        }
    }

    /// The `realm` parameter (RFC 9110 §11.5), written first.
    ///
    /// # Errors
    ///
    /// [`ChallengeError::ParamValue`] when `realm` holds a control or
    /// non-ASCII character; [`ChallengeError::Token68AndParams`] after a token68.
    pub const fn with_realm(mut self, realm: &'a str) -> Result<Challenge<'a>, ChallengeError> {
        if self.token68.is_some() {
            return Err(ChallengeError::Token68AndParams);
        }
        if !is_quotable(realm.as_bytes()) {
            return Err(ChallengeError::ParamValue);
        }
        self.realm = Some(realm);
        Ok(self)
    }

    /// The other auth-params (RFC 9110 §11.2), after `realm`, replacing any
    /// set before.
    ///
    /// # Errors
    ///
    /// [`ChallengeError::ParamName`] for a name that is not a token, is
    /// `realm` or repeats one (case-insensitively, RFC 9110 §11.2);
    /// [`ChallengeError::ParamValue`] for a value with a control or
    /// non-ASCII character;
    /// [`ChallengeError::Token68AndParams`] after a token68.
    pub fn with_params(mut self, params: &'a [(&'a str, &'a str)]) -> Result<Challenge<'a>, ChallengeError> {
        if self.token68.is_some() {
            return Err(ChallengeError::Token68AndParams);
        }
        for (i, (name, value)) in params.iter().enumerate() {
            let repeated = params
                .get(..i)
                .unwrap_or(&[])
                .iter()
                .any(|(n, _)| n.eq_ignore_ascii_case(name));
            if !is_token(name.as_bytes()) || name.eq_ignore_ascii_case("realm") || repeated {
                return Err(ChallengeError::ParamName);
            }
            if !is_quotable(value.as_bytes()) {
                return Err(ChallengeError::ParamValue);
            }
        }
        self.params = params;
        Ok(self)
    }

    /// The token68 form (RFC 9110 §11.2), for schemes that take one blob
    /// (`Negotiate`, RFC 4559).
    ///
    /// # Errors
    ///
    /// [`ChallengeError::Token68`] when `token68` is not one;
    /// [`ChallengeError::Token68AndParams`] when the challenge has parameters.
    pub const fn with_token68(mut self, token68: &'a str) -> Result<Challenge<'a>, ChallengeError> {
        if self.realm.is_some() || !self.params.is_empty() {
            return Err(ChallengeError::Token68AndParams);
        }
        if !is_token68(token68.as_bytes()) {
            return Err(ChallengeError::Token68);
        }
        self.token68 = Some(token68);
        Ok(self)
    }

    /// The authentication scheme.
    pub const fn scheme(&self) -> &'a str {
        self.scheme
    }

    /// The `realm`, if set.
    pub const fn realm(&self) -> Option<&'a str> {
        self.realm
    }
}

/// Writes `"value"` with `"` and `\` escaped (RFC 9110 §5.6.4).
fn write_quoted(f: &mut dyn Write, value: &str) -> fmt::Result {
    f.write_char('"')?;
    let mut start = 0;
    for (i, b) in value.bytes().enumerate() {
        if b == b'"' || b == b'\\' {
            f.write_str(value.get(start..i).unwrap_or(""))?;
            f.write_char('\\')?;
            start = i;
        }
    }
    f.write_str(value.get(start..).unwrap_or(""))?;
    f.write_char('"')
}

impl fmt::Display for Challenge<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.scheme)?;
        if let Some(t) = self.token68 {
            return write!(f, " {t}");
        }
        let realm = self.realm.map(|r| ("realm", r));
        for (i, (name, value)) in realm.iter().chain(self.params.iter()).enumerate() {
            f.write_str(if i == 0 { " " } else { ", " })?;
            f.write_str(name)?;
            f.write_char('=')?;
            write_quoted(f, value)?;
        }
        Ok(())
    }
}
