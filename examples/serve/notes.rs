//! The demo's write flow and its private page, every status from conneg:
//!
//! - `/notes/{id}`: plain-text notes in memory. `GET`/`HEAD` read one
//!   (304 and ranges as for the document). `PUT` creates it — `201 Created`
//!   with `Location` and `ETag`, only with `If-None-Match: *` — or replaces
//!   it — `204 No Content` with the new `ETag`, only with an `If-Match`
//!   naming the current one; `DELETE` (with `If-Match`) answers `204`. A
//!   stale tag gets `412`, a write without a precondition `428`
//!   (`Resource::decide` with `require_precondition`, RFC 9110 §13.2.2,
//!   RFC 6585 §3), and the response to a write comes from
//!   `StatusResponse::written`.
//! - `/private`: `401` with `WWW-Authenticate: Bearer realm="conneg-demo"`
//!   (RFC 9110 §11.6.1, RFC 6750 §3) unless the request carries
//!   `Authorization: Bearer` [`TOKEN`].
//!
//! The lookup that the preconditions are decided on and the write are two
//! steps: another request may write in between. So the store writes only
//! if the note is still what the decision saw (a compare-and-swap under its
//! lock), and answers 412 otherwise — the answer the request's
//! precondition gets against the note as it now is.

use std::collections::HashMap;
use std::sync::Mutex;

use conneg::adapters::http::{self, HeaderLines, status_response};
use conneg::negotiate::Fallback;
use conneg::response_status::{Challenge, Location, Validators, WriteBody, WriteOutcome};
use conneg::{EntityTagBuf, MethodSet, Outcome, Problem, RequestMethod, Resource, StatusResponse, Variant};
use http_body_util::{BodyExt, Limited};
use hyper::body::{Bytes, Incoming};
use hyper::header;
use hyper::{Request, Response};

use super::body::Body;
use super::now;

/// The token `/private` asks for.
pub const TOKEN: &str = "demo-token";
/// The realm of `/private`'s challenge.
const REALM: &str = "conneg-demo";
/// A note's largest size (a larger PUT gets 413).
const MAX_NOTE: usize = 64 * 1024;
/// The most notes kept (a PUT creating one more gets 503 with Retry-After).
const MAX_NOTES: usize = 1024;
/// The methods of a note.
const NOTE_METHODS: MethodSet = MethodSet::EMPTY
    .with(RequestMethod::Get)
    .with(RequestMethod::Put)
    .with(RequestMethod::Delete);

/// One stored note: its text and the strong ETag of that text.
#[derive(Clone, Debug)]
struct Note {
    body: Bytes,
    etag: EntityTagBuf,
}

/// The notes, by id.
#[derive(Debug, Default)]
pub struct Notes(Mutex<HashMap<String, Note>>);

/// Why the store did not write.
enum Refused {
    /// The note is no longer what the decision saw.
    Changed,
    /// The store is full.
    Full,
}

impl Notes {
    fn get(&self, id: &str) -> Option<Note> {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).get(id).cloned()
    }

    /// Stores `body` as note `id` if the note is still `seen` (its ETag,
    /// or `None`: absent): `Ok(true)` when it created the note.
    fn put(
        &self,
        id: &str,
        seen: Option<EntityTagBuf>,
        body: Bytes,
    ) -> Result<(bool, EntityTagBuf), Refused> {
        let mut notes = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if notes.get(id).map(|n| n.etag) != seen {
            return Err(Refused::Changed);
        }
        if seen.is_none() && notes.len() >= MAX_NOTES {
            return Err(Refused::Full);
        }
        let etag = etag_of(&body);
        notes.insert(id.to_owned(), Note { body, etag });
        Ok((seen.is_none(), etag))
    }

    /// Deletes note `id` if it is still `seen`.
    fn delete(&self, id: &str, seen: Option<EntityTagBuf>) -> Result<(), Refused> {
        let mut notes = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if notes.get(id).map(|n| n.etag) != seen {
            return Err(Refused::Changed);
        }
        notes.remove(id);
        Ok(())
    }
}

/// The strong ETag of a note's text (`EntityTagBuf::from_content`: XXH3-64, as the document's).
pub fn etag_of(text: &[u8]) -> EntityTagBuf {
    EntityTagBuf::from_content(text, false)
}

/// A note's id from its path: 1 to 64 of `A-Z a-z 0-9 - _`.
pub fn note_id(path: &str) -> Option<&str> {
    let id = path.strip_prefix("/notes/")?;
    let ok = (1..=64).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    ok.then_some(id)
}

/// The response to a request for note `id`.
pub async fn note(notes: &Notes, id: &str, req: Request<Incoming>) -> Response<Body> {
    let (parts, content) = req.into_parts();
    let lines = HeaderLines::from_parts(&parts);
    if let Err(refused) = NOTE_METHODS.check(lines.method()) {
        return http::method_not_allowed(&refused).map(Body::from);
    }
    let current = notes.get(id);
    let variants: Vec<Variant<'_>> = current
        .iter()
        .map(|n| {
            Variant::new("text/plain")
                .with_charset("utf-8")
                .with_etag(n.etag.entity_tag())
                .with_length(n.body.len() as u64)
        })
        .collect();
    // Writes must say which state they expect: If-Match with the current
    // ETag to replace or delete, If-None-Match: * to create (else 428).
    // One representation: nothing to negotiate, so no Vary and no 406.
    let decision = Resource::new(&variants)
        .fallback(Fallback::FirstVariant)
        .require_precondition(true)
        .now(now())
        .decide(&lines.request());
    let method = decision.method();
    if decision.outcome() != Outcome::Full || method.is_get_or_head() {
        // A read (200, 206, 304, 404), or a refused write (412, 428).
        let body = current.as_ref().map(|n| n.body.clone()).unwrap_or_default();
        let sends = decision.body().carries_representation();
        return http::respond(&decision, if sends { body } else { Bytes::new() }).map(Body::from);
    }
    let seen = current.map(|n| n.etag);
    let Ok(location) = Location::new(parts.uri.path()) else {
        return problem(&Problem::new(404));
    };
    let written = if method == RequestMethod::Delete {
        match notes.delete(id, seen) {
            Ok(()) if seen.is_some() => WriteOutcome::Deleted,
            // If-None-Match: * on a note that is not there: nothing to delete.
            Ok(()) => return problem(&Problem::new(404)),
            Err(refused) => return refusal(refused),
        }
    } else {
        let body = match Limited::new(content, MAX_NOTE).collect().await {
            Ok(collected) => collected.to_bytes(),
            Err(_) => return status(&StatusResponse::content_too_large(None)),
        };
        match notes.put(id, seen, body) {
            Ok((created, etag)) => {
                let validators = Validators::etag(etag.entity_tag());
                let outcome = if created {
                    WriteOutcome::Created { location, validators }
                } else {
                    WriteOutcome::Updated { validators }
                };
                return status(&StatusResponse::written(outcome, WriteBody::Empty));
            }
            Err(refused) => return refusal(refused),
        }
    };
    status(&StatusResponse::written(written, WriteBody::Empty))
}

/// The answer when the store did not write.
fn refusal(refused: Refused) -> Response<Body> {
    match refused {
        Refused::Changed => problem(&Problem::precondition_failed()),
        Refused::Full => status(&StatusResponse::service_unavailable(conneg::RetryAfter::Delay(
            60,
        ))),
    }
}

/// `/private`: a page behind a bearer token.
pub fn private(req: &Request<Incoming>) -> Response<Body> {
    let lines = HeaderLines::from_request(req);
    if let Err(refused) = MethodSet::EMPTY.with(RequestMethod::Get).check(lines.method()) {
        return http::method_not_allowed(&refused).map(Body::from);
    }
    let sent = req
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split_once(' '))
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .map(|(_, token)| token.trim());
    match sent {
        Some(TOKEN) => {
            let text = Bytes::from_static(b"The private note: conneg says 401 with a challenge.\n");
            Response::builder()
                .header(header::CONTENT_TYPE, "text/plain; charset=utf-8")
                .header(header::CONTENT_LENGTH, text.len())
                .body(Body::from(http::Body::from(text)))
                .unwrap_or_default()
        }
        // No credentials: the challenge alone. A wrong token: the
        // challenge with `error="invalid_token"` (RFC 6750 §3).
        None => challenge(&[]),
        Some(_) => challenge(&[("error", "invalid_token")]),
    }
}

fn challenge(params: &[(&str, &str)]) -> Response<Body> {
    match Challenge::bearer(REALM).and_then(|c| c.with_params(params)) {
        Ok(c) => status(&StatusResponse::unauthorized(c)),
        Err(_) => problem(&Problem::new(500)),
    }
}

fn status(r: &StatusResponse<'_>) -> Response<Body> {
    status_response(r).map(Body::from)
}

fn problem(p: &Problem<'_>) -> Response<Body> {
    http::problem(p).map(Body::from)
}
