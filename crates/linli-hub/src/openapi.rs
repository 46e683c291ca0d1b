//! The OpenAPI 3.1 description of `/v1`, generated (utoipa) from the types the hub reads
//! and writes: every command and its fields, every limit. The hub checks each JSON body
//! against this same document before reading it ([`crate::check::Contract`]), so the two
//! cannot drift; a test checks that it names exactly the routes [`crate::api::routes`] serves.

use crate::api::{self, SAFE_INTEGER};
use serde_json::Value;
use std::sync::LazyLock;
use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};
use utoipa::{Modify, OpenApi};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Linli hub",
        description = "Sync API of a Linli neighbourhood group: join with an invite, push commands, pull changes."
    ),
    paths(
        api::join,
        api::push,
        api::pull,
        api::devices,
        api::revoke_device,
        api::link_code,
        api::leave,
        api::health,
        api::openapi_doc
    ),
    components(schemas(linli_core::command::Envelope)),
    modifiers(&DeviceToken)
)]
struct Doc;

/// The bearer token a device got when it joined.
struct DeviceToken;

impl Modify for DeviceToken {
    fn modify(&self, doc: &mut utoipa::openapi::OpenApi) {
        doc.components
            .get_or_insert_with(Default::default)
            .add_security_scheme(
                "device",
                SecurityScheme::Http(Http::new(HttpAuthScheme::Bearer)),
            );
    }
}

static DOCUMENT: LazyLock<Value> = LazyLock::new(|| {
    let mut doc = serde_json::to_value(Doc::openapi()).expect("the document is JSON");
    bound_integers(&mut doc);
    doc
});

/// Adds the bounds of Rust's integer types, which utoipa leaves out, so a number the hub
/// can't read (a `qty` past `u32`) is outside the document too: `int32` with minimum 0 is a
/// `u32`; a 64-bit one is held to [`SAFE_INTEGER`].
fn bound_integers(v: &mut Value) {
    match v {
        Value::Object(m) => {
            let integer = match m.get("type") {
                Some(Value::String(t)) => t == "integer",
                Some(Value::Array(ts)) => ts.iter().any(|t| t == "integer"),
                _ => false,
            };
            if integer {
                let unsigned = m.get("minimum").and_then(Value::as_i64) == Some(0);
                let (lo, hi) = match (m.get("format").and_then(Value::as_str), unsigned) {
                    (Some("int32"), true) => (0, i64::from(u32::MAX)),
                    (Some("int32"), false) => (i64::from(i32::MIN), i64::from(i32::MAX)),
                    (_, true) => (0, SAFE_INTEGER),
                    (_, false) => (-SAFE_INTEGER, SAFE_INTEGER),
                };
                m.entry("minimum").or_insert(lo.into());
                m.entry("maximum").or_insert(hi.into());
            }
            m.values_mut().for_each(bound_integers);
        }
        Value::Array(a) => a.iter_mut().for_each(bound_integers),
        _ => {}
    }
}

/// The document served at `/v1/openapi.json`.
pub fn document() -> Value {
    DOCUMENT.clone()
}
