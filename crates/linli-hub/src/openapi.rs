//! The OpenAPI 3.1 description of `/v1`, written by hand beside the routes; a test checks
//! that it names exactly the routes [`crate::api::routes`] serves.

use serde_json::{Value, json};

fn error_response(what: &str) -> Value {
    json!({ "description": what, "content": { "application/json": {
        "schema": { "$ref": "#/components/schemas/Error" } } } })
}

/// The document served at `/v1/openapi.json`.
pub fn document() -> Value {
    let bearer = json!([{ "device": [] }]);
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "Linli hub",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "Sync API of a Linli neighbourhood group: join with an invite, push commands, pull changes."
        },
        "components": {
            "securitySchemes": { "device": { "type": "http", "scheme": "bearer" } },
            "schemas": {
                "Error": { "type": "object", "required": ["error", "message"], "properties": {
                    "error": { "type": "string", "description": "stable code, e.g. malformed, too_large, unauthorized" },
                    "message": { "type": "string" } } },
                "Device": { "type": "object",
                    "required": ["device_id", "member_id", "display_name", "role", "joined_at", "last_seen_at"],
                    "properties": {
                        "device_id": { "type": "string", "format": "uuid", "description": "public id, not the token" },
                        "member_id": { "type": "string", "format": "uuid" },
                        "display_name": { "type": "string" },
                        "role": { "enum": ["member", "organiser", "volunteer"] },
                        "joined_at": { "type": "string", "format": "date-time" },
                        "last_seen_at": { "type": ["string", "null"], "format": "date-time",
                            "description": "to the hour" },
                        "this_device": { "type": "boolean",
                            "description": "the device making the request (it can't be revoked)" } } },
                "Outcome": { "type": "object", "required": ["id", "outcome"], "properties": {
                    "id": { "type": "string", "format": "uuid" },
                    "outcome": { "enum": ["applied", "rejected"] },
                    "reason": { "enum": ["sold_out", "too_late", "over_limit", "deal_closed",
                        "invalid_quantity", "not_allowed", "not_found", "wrong_code", "invalid", "terms_fixed",
                        "refund_too_large", "not_an_expert", "bad_text"] },
                    "message_id": { "type": "string", "description": "Fluent message id, e.g. reject-sold-out" } } },
                "Command": { "type": "object", "required": ["id", "type"], "properties": {
                    "id": { "type": "string", "format": "uuid", "description": "idempotency key" },
                    "type": { "enum": ["place_order", "change_order", "cancel_order", "ask_help",
                        "claim_help", "finish_help", "put_product", "publish_deal", "close_deal",
                        "call_off_deal", "record_arrival",
                        "hand_over", "record_loss", "record_payment", "post_notice",
                        "file_complaint", "answer_complaint", "suggest", "write_tip",
                        "set_strengths", "review_tip", "answer_suggestion"] },
                    "kind": { "enum": ["broken", "missing", "not_fresh", "other",
                        "unfamiliar", "ordering", "pickup"],
                        "description": "file_complaint: what was wrong (broken, missing, not_fresh, other); ask_help: what she needs help with (unfamiliar, ordering, pickup, other)" },
                    "topic": { "enum": ["pickup_time", "products", "less_waste", "other"],
                        "description": "suggest: what the idea is about" },
                    "state": { "enum": ["adopted", "considering", "declined"],
                        "description": "answer_suggestion: the organiser's answer" },
                    "refund": { "type": ["integer", "null"], "minimum": 1,
                        "description": "answer_complaint: fen to refund, at most what is left of the order's charge (else refund_too_large); null or absent: an answer in words" } },
                    "additionalProperties": true }
            }
        },
        "paths": {
            "/v1/join": { "post": {
                "summary": "Join a group with an invite code",
                "requestBody": { "required": true, "content": { "application/json": { "schema": {
                    "type": "object", "required": ["invite_code", "display_name"], "properties": {
                        "invite_code": { "type": "string" }, "display_name": { "type": "string", "maxLength": 40 } } } } } },
                "responses": {
                    "200": { "description": "joined", "content": { "application/json": { "schema": {
                        "type": "object", "required": ["member_id", "group_id", "role", "token"], "properties": {
                            "member_id": { "type": "string", "format": "uuid" },
                            "group_id": { "type": "string", "format": "uuid" },
                            "role": { "enum": ["member", "organiser", "volunteer"] },
                            "token": { "type": "string" } } } } } },
                    "400": error_response("malformed request or bad display name"),
                    "401": error_response("unknown invite code"),
                    "413": error_response("body too large"),
                    "429": error_response("too many wrong invite codes from this address")
                } } },
            "/v1/push": { "post": {
                "summary": "Send commands; one outcome per command, in order",
                "security": bearer,
                "requestBody": { "required": true, "content": { "application/json": { "schema": {
                    "type": "object", "required": ["commands"], "properties": {
                        "commands": { "type": "array", "maxItems": 200,
                            "items": { "$ref": "#/components/schemas/Command" } } } } } } },
                "responses": {
                    "200": { "description": "answered", "content": { "application/json": { "schema": {
                        "type": "object", "properties": { "outcomes": { "type": "array",
                            "items": { "$ref": "#/components/schemas/Outcome" } } } } } } },
                    "400": error_response("malformed JSON, unknown command or field of the wrong type; nothing applied"),
                    "401": error_response("missing or unknown device token"),
                    "413": error_response("body too large or too many commands; nothing applied")
                } } },
            "/v1/pull": { "get": {
                "summary": "Changes this device may see after a cursor, oldest first",
                "security": bearer,
                "parameters": [
                    { "name": "since", "in": "query", "schema": { "type": "integer", "default": 0 } },
                    { "name": "limit", "in": "query", "schema": { "type": "integer", "default": 500, "maximum": 1000 } },
                    { "name": "wait", "in": "query", "description": "seconds to wait for news when there is none (long poll, at most 20)",
                      "schema": { "type": "integer", "default": 0 } }
                ],
                "responses": {
                    "200": { "description": "a page", "content": { "application/json": { "schema": {
                        "type": "object", "required": ["changes", "next", "more"], "properties": {
                            "changes": { "type": "array", "items": { "type": "object",
                                "required": ["kind", "data"], "properties": { "kind": { "type": "string" } } } },
                            "next": { "type": "integer" }, "more": { "type": "boolean" } } } } } },
                    "400": error_response("bad query"),
                    "401": error_response("missing or unknown device token")
                } } },
            "/v1/devices": { "get": {
                "summary": "The group's joined devices (the organiser only)",
                "security": bearer,
                "responses": {
                    "200": { "description": "every device of the group, by member name", "content": {
                        "application/json": { "schema": { "type": "array",
                            "items": { "$ref": "#/components/schemas/Device" } } } } },
                    "401": error_response("missing or unknown device token"),
                    "403": error_response("not the organiser")
                } } },
            "/v1/devices/{device_id}/revoke": { "post": {
                "summary": "Revoke a device: its token stops working at once (the organiser only)",
                "security": bearer,
                "parameters": [
                    { "name": "device_id", "in": "path", "required": true,
                      "schema": { "type": "string", "format": "uuid" } }
                ],
                "responses": {
                    "204": { "description": "revoked" },
                    "401": error_response("missing or unknown device token"),
                    "403": error_response("not the organiser"),
                    "404": error_response("no device with that id in this group"),
                    "409": error_response("the device making the request (own_device): revoke it from another device")
                } } },
            "/v1/leave": { "post": {
                "summary": "The member using this device leaves the group: her name becomes a neutral label, her notes, help requests, suggestions and tips lose their words, and all her devices stop working; her orders and money lines stay, without her name, for the organiser's books",
                "security": bearer,
                "responses": {
                    "204": { "description": "left; this device's token no longer works" },
                    "401": error_response("missing or unknown device token"),
                    "409": error_response("the organiser (organiser_stays): she can't leave the group she runs")
                } } },
            "/v1/health": { "get": {
                "summary": "Is the hub up",
                "responses": { "200": { "description": "up" } } } },
            "/v1/openapi.json": { "get": {
                "summary": "This document",
                "responses": { "200": { "description": "OpenAPI 3.1" } } } }
        }
    })
}
