//! The hub's contract, enforced: each JSON body is checked against the OpenAPI document
//! (jsonschema, every format and limit) before the hub reads it; the message names where
//! and what, never the value sent.

use jsonschema::Validator;
use serde_json::Value;
use std::collections::HashMap;

/// The document, as served, and its request schemas compiled.
pub struct Contract {
    document: String,
    join: Validator,
    push: Validator,
    /// Each command type's own schema, for a message that names the field at fault.
    commands: HashMap<String, Validator>,
}

fn validator(doc: &Value, pointer: &str) -> Validator {
    let mut root = doc.clone();
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

impl Contract {
    /// The contract of `doc`, an OpenAPI document with `JoinRequest`, `PushRequest` and
    /// `Command` (a `oneOf`, one object per command type) among its schemas.
    pub fn new(doc: &Value) -> Contract {
        let variants = doc["components"]["schemas"]["Command"]["oneOf"]
            .as_array()
            .expect("commands are a oneOf");
        let commands = variants
            .iter()
            .enumerate()
            .map(|(i, v)| {
                let ty = v["properties"]["type"]["enum"][0].as_str().expect("a type");
                let at = format!("/components/schemas/Command/oneOf/{i}");
                (ty.to_string(), validator(doc, &at))
            })
            .collect();
        Contract {
            document: doc.to_string(),
            join: validator(doc, "/components/schemas/JoinRequest"),
            push: validator(doc, "/components/schemas/PushRequest"),
            commands,
        }
    }

    /// The document, as `GET /v1/openapi.json` serves it.
    pub fn document(&self) -> &str {
        &self.document
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
