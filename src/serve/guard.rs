//! Every request is checked before it reaches a page: the access token
//! (from the address printed at start, kept in a cookie afterwards, or an
//! `Authorization: Bearer` header), and every answer carries the security
//! headers: a strict Content-Security-Policy, no caching, no referrer.
//! State-changing requests also carry the CSRF token (checked by
//! [`csrf_ok`] where the form is read).

use super::Shared;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// The cookie holding the access token after the first visit.
const COOKIE: &str = "ilo_token";

/// The Content-Security-Policy of every page: only the server's own
/// scripts, styles, frames (the PDF preview) and images.
const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; \
                   frame-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; \
                   frame-ancestors 'self'";

/// Lets a request through when it carries the access token; a first visit
/// with `?token=` gets the cookie and is sent on without the token in the
/// address (so that it stays out of the history).
pub(super) async fn check(State(app): State<Shared>, request: Request, next: Next) -> Response {
    let query_token = request
        .uri()
        .query()
        .and_then(|q| q.split('&').find_map(|p| p.strip_prefix("token=")))
        .map(str::to_string);
    let mut response = if let Some(given) = query_token {
        if same(&given, &app.token) {
            let to = request.uri().path().to_string();
            let cookie = format!("{COOKIE}={}; HttpOnly; SameSite=Strict; Path=/", app.token);
            let mut r = (StatusCode::SEE_OTHER, [(header::LOCATION, to)]).into_response();
            if let Ok(v) = HeaderValue::from_str(&cookie) {
                r.headers_mut().insert(header::SET_COOKIE, v);
            }
            r
        } else {
            refused()
        }
    } else if carries_token(request.headers(), &app.token) {
        next.run(request).await
    } else {
        refused()
    };
    secure(response.headers_mut());
    response
}

/// Whether the headers carry the token, as a bearer token or the cookie.
fn carries_token(headers: &HeaderMap, token: &str) -> bool {
    let bearer = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "));
    let cookie = headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .find_map(|c| c.trim().strip_prefix(&format!("{COOKIE}=")).map(str::to_string));
    bearer.is_some_and(|b| same(b, token)) || cookie.is_some_and(|c| same(&c, token))
}

/// The answer to a request without the token.
fn refused() -> Response {
    (
        StatusCode::UNAUTHORIZED,
        "Open the address that `ilo-report serve` printed when it started (it holds the access token).",
    )
        .into_response()
}

/// The headers every answer carries.
fn secure(headers: &mut HeaderMap) {
    let fixed = [
        (header::CONTENT_SECURITY_POLICY, CSP),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::REFERRER_POLICY, "no-referrer"),
        (header::CACHE_CONTROL, "no-store"),
        (header::X_FRAME_OPTIONS, "SAMEORIGIN"),
    ];
    for (name, value) in fixed {
        headers.insert(name, HeaderValue::from_static(value));
    }
}

/// Whether a state-changing request carries the CSRF token (form field
/// `csrf`, or the `X-CSRF-Token` header of the page's script).
pub(super) fn csrf_ok(app: &Shared, headers: &HeaderMap, field: Option<&str>) -> bool {
    let header = headers.get("x-csrf-token").and_then(|v| v.to_str().ok());
    field.or(header).is_some_and(|given| same(given, &app.csrf))
}

/// Compares two secrets in a time that does not depend on where they
/// differ.
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}
