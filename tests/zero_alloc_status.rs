//! Zero heap allocations when building and writing every `StatusResponse`
//! (issue 16): the constructors, the field values, the problem+json bodies
//! and the HTTP/1.1 head, counted by the `#[global_allocator]` of
//! `tests/counting` (per thread).

mod counting;

use std::fmt::Write;
use std::hint::black_box;

use conneg::problem::InvalidParam;
use conneg::response_status::{
    Challenge, Location, Redirect, StatusField, Validators, WriteBody, WriteOutcome,
};
use conneg::{EntityTag, HttpDate, MethodSet, Problem, RequestMethod, RetryAfter, StatusResponse};

/// A `fmt::Write` sink over a stack buffer.
struct Sink {
    buf: [u8; 1024],
    len: usize,
}

impl Sink {
    fn new() -> Self {
        Sink {
            buf: [0; 1024],
            len: 0,
        }
    }
}

impl Write for Sink {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        let end = self.len + s.len();
        self.buf
            .get_mut(self.len..end)
            .ok_or(std::fmt::Error)?
            .copy_from_slice(s.as_bytes());
        self.len = end;
        Ok(())
    }
}

/// Writes everything a host sends for `r`: the head, each field on its own
/// (name and value, and the value copied into a buffer) and the body.
fn render(r: &StatusResponse<'_>) -> usize {
    let mut sink = Sink::new();
    write!(sink, "{r}").unwrap();
    for field in r.fields() {
        write!(sink, "{}={}", field.name().lowercase(), field.value()).unwrap();
        let mut buf = [0u8; 256];
        assert!(field.copy_value_to(&mut buf).is_some());
    }
    if let Some(problem) = r.problem() {
        write!(sink, "{problem}").unwrap();
        assert_eq!(r.problem_length(), Some(problem_len(problem)));
    }
    assert!(r.field(StatusField::Location).is_some() || r.status() != 201);
    sink.len
}

fn problem_len(p: &Problem<'_>) -> u64 {
    let mut sink = Sink::new();
    write!(sink, "{p}").unwrap();
    sink.len as u64
}

#[test]
fn building_and_writing_status_responses_allocates_nothing() {
    let date = HttpDate::from_unix_seconds(1_700_000_000).unwrap();
    let invalid = [
        InvalidParam::new("/age", "must be a positive integer"),
        InvalidParam::new("name", "is \"empty\""),
    ];
    let params = [
        ("error", "invalid_token"),
        ("error_description", "expired \"yesterday\""),
    ];
    let refused = MethodSet::EMPTY
        .with(RequestMethod::Get)
        .check(RequestMethod::Post)
        .unwrap_err();
    let (count, written) = counting::allocations(|| {
        let location = Location::new(black_box("/notes/3")).unwrap();
        let validators = Validators::etag(EntityTag::from_static("\"r1\"")).with_last_modified(date);
        let bearer = Challenge::bearer(black_box("api"))
            .unwrap()
            .with_params(&params)
            .unwrap();
        let both = [bearer, Challenge::basic("api").unwrap()];
        let responses = [
            StatusResponse::written(WriteOutcome::Created { location, validators }, WriteBody::Empty),
            StatusResponse::written(WriteOutcome::Updated { validators }, WriteBody::Empty),
            StatusResponse::written(WriteOutcome::Updated { validators }, WriteBody::Content),
            StatusResponse::written(WriteOutcome::Deleted, WriteBody::Empty),
            StatusResponse::written(WriteOutcome::Accepted { monitor: location }, WriteBody::Content),
            StatusResponse::redirect(Redirect::Permanent, location),
            StatusResponse::redirect(Redirect::Found, location),
            StatusResponse::see_other(location),
            StatusResponse::https_redirect(RequestMethod::Post, black_box("example.com"), "/cart").unwrap(),
            StatusResponse::unauthorized(bearer),
            StatusResponse::unauthorized_any(&both).unwrap(),
            StatusResponse::proxy_authentication_required(
                Challenge::new("Negotiate").unwrap().with_token68("YII=").unwrap(),
            ),
            StatusResponse::forbidden(),
            StatusResponse::not_found(),
            StatusResponse::request_timeout(),
            StatusResponse::conflict("The order was already shipped."),
            StatusResponse::unprocessable_content(&invalid),
            StatusResponse::unsupported_media_type(RequestMethod::Patch, &["application/merge-patch+json"])
                .unwrap(),
            StatusResponse::unsupported_content_coding(&["gzip", "identity"]).unwrap(),
            StatusResponse::upgrade_required(&["HTTP/2.0"]).unwrap(),
            StatusResponse::content_too_large(Some(RetryAfter::Delay(60))),
            StatusResponse::too_many_requests(RetryAfter::Date(date)),
            StatusResponse::service_unavailable(RetryAfter::Delay(120)),
            StatusResponse::internal_server_error()
                .with_problem(Problem::internal_server_error().with_instance("urn:x")),
            StatusResponse::bad_gateway(),
            StatusResponse::gateway_timeout(),
            StatusResponse::from(refused),
        ];
        responses.iter().map(render).sum::<usize>()
    });
    assert_eq!(count, 0);
    assert!(written > 5_000, "{written}");
}
