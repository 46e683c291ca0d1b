//! The OpenAPI 3.1 description of `/v1`, generated (utoipa) from the types the hub reads
//! and writes: every command and its fields, every limit. The hub checks each JSON body
//! against this same document before reading it ([`BodyCheck`]), so the two cannot drift; a
//! test checks that it names exactly the routes [`crate::api::routes`] serves.

use crate::api;
use jsonschema::Validator;
use serde_json::Value;
use std::collections::HashMap;
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

/// Largest 64-bit integer a JSON number carries exactly (2^53 − 1; JavaScript's safe
/// integers): past it a number may be rounded on its way, so the hub refuses it.
pub const SAFE_INTEGER: i64 = (1 << 53) - 1;

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

/// The hub's [`BodyCheck`], made once.
pub fn body_check() -> &'static BodyCheck {
    static CHECK: LazyLock<BodyCheck> = LazyLock::new(BodyCheck::new);
    &CHECK
}

/// The document as text, made once.
pub fn document_text() -> &'static str {
    static TEXT: LazyLock<String> = LazyLock::new(|| DOCUMENT.to_string());
    &TEXT
}

/// Checks JSON bodies against the document's schemas, with every format (uuid, date,
/// date-time) and limit; the message names where and what, never the value sent.
pub struct BodyCheck {
    join: Validator,
    push: Validator,
    /// Each command type's own schema, for a message that names the field at fault.
    commands: HashMap<String, Validator>,
}

fn validator(pointer: &str) -> Validator {
    let mut root = DOCUMENT.clone();
    root["$ref"] = Value::String(format!("#{pointer}"));
    jsonschema::options()
        .with_draft(jsonschema::Draft::Draft202012)
        .should_validate_formats(true)
        .build(&root)
        .unwrap_or_else(|e| panic!("the document's schema at {pointer} compiles: {e}"))
}

/// The first failure, as `where: what`.
fn first_error(v: &Validator, body: &Value, prefix: &str) -> Result<(), String> {
    match v.iter_errors(body).next() {
        None => Ok(()),
        Some(e) => Err(format!("{prefix}{}: {}", e.instance_path(), e.masked())),
    }
}

impl BodyCheck {
    pub fn new() -> BodyCheck {
        let variants = DOCUMENT["components"]["schemas"]["Command"]["oneOf"]
            .as_array()
            .expect("commands are a oneOf");
        let commands = variants
            .iter()
            .enumerate()
            .map(|(i, v)| {
                let ty = v["properties"]["type"]["enum"][0].as_str().expect("a type");
                (
                    ty.to_string(),
                    validator(&format!("/components/schemas/Command/oneOf/{i}")),
                )
            })
            .collect();
        BodyCheck {
            join: validator("/components/schemas/JoinRequest"),
            push: validator("/components/schemas/PushRequest"),
            commands,
        }
    }

    /// A join request's body.
    pub fn join(&self, body: &Value) -> Result<(), String> {
        first_error(&self.join, body, "")
    }

    /// A push's body: each command against its own type's schema first.
    pub fn push(&self, body: &Value) -> Result<(), String> {
        if let Some(commands) = body.get("commands").and_then(Value::as_array) {
            for (i, c) in commands.iter().enumerate() {
                let Some(v) = c
                    .get("type")
                    .and_then(Value::as_str)
                    .and_then(|t| self.commands.get(t))
                else {
                    continue;
                };
                first_error(v, c, &format!("/commands/{i}"))?;
            }
        }
        first_error(&self.push, body, "")
    }
}

impl Default for BodyCheck {
    fn default() -> Self {
        BodyCheck::new()
    }
}
