//! `use conneg::*` next to `use http::*` leaves every `http` name usable:
//! no public name of conneg's root (types or modules) clashes with the
//! `http` crate's under a glob import (an ambiguous name would not compile).
#![cfg(feature = "http")]
#![allow(unused_imports)]

use conneg::*;
use http::*;

#[test]
fn http_names_stay_usable_after_both_glob_imports() {
    let request: Request<()> = Request::builder().method(Method::GET).body(()).unwrap();
    let response: Response<()> = Response::builder().status(StatusCode::OK).body(()).unwrap();
    let _ = (header::ETAG, method::Method::HEAD, status::StatusCode::NOT_FOUND);
    let _: Option<HeaderMap> = None;
    let _: Option<HeaderValue> = None;
    let _: Option<Uri> = None;
    let _: Option<Version> = None;
    assert_eq!(
        (request.method(), response.status()),
        (&Method::GET, StatusCode::OK)
    );
    // And conneg's own names beside them.
    let head = RequestHead::new(RequestMethod::Get);
    assert!(head.get(Field::Accept).is_absent());
    assert_eq!(
        Resource::new(&[Variant::new("text/plain")])
            .decide(&head)
            .status(),
        200
    );
}
