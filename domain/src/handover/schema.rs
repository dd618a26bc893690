//! The part of JSON Schema (2020-12) a destination's data schema may use here, checked the same
//! way on the server before a case is sent and in the Koffer while the citizen is still at the
//! table: types, required and allowed properties, items, enumerations and constants, lengths
//! and bounds, `allOf`/`anyOf`, and `$ref` into the schema's own `$defs`. A schema using any
//! other assertion (`pattern`, `oneOf`, `if`, …) is refused when the route is set, so no part of
//! a schema is silently skipped.

use serde_json::{Map, Value};

/// Keywords that only annotate.
const ANNOTATIONS: [&str; 9] = [
    "$schema",
    "$id",
    "$comment",
    "title",
    "description",
    "examples",
    "default",
    "format",
    "$defs",
];

/// Keywords this check asserts.
const ASSERTIONS: [&str; 16] = [
    "type",
    "properties",
    "required",
    "additionalProperties",
    "items",
    "minItems",
    "maxItems",
    "enum",
    "const",
    "minLength",
    "maxLength",
    "minimum",
    "maximum",
    "allOf",
    "anyOf",
    "$ref",
];

/// Why a schema cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SchemaError {
    /// A keyword this check does not assert, at this place of the schema.
    Unsupported { keyword: String, at: String },
    /// Not a schema here (not an object or boolean, or a keyword's value of the wrong kind).
    Malformed { at: String },
    /// A `$ref` that does not name one of the schema's own `$defs`.
    UnknownReference(String),
    /// A `$ref` that leads back to itself for the same value: the check would never end.
    ReferenceLoop(String),
}

/// Where a value breaks its schema, and how.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    /// A JSON pointer into the value (`/angaben/new_address.street`); empty for the whole.
    pub at: String,
    pub problem: Problem,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    Missing(String),
    WrongType(String),
    NotAllowed,
    UnexpectedProperty(String),
    TooShort(u64),
    TooLong(u64),
    TooSmall(String),
    TooLarge(String),
    TooFewItems(u64),
    TooManyItems(u64),
    /// None of `anyOf`'s schemas fits.
    NoAlternativeFits,
    /// The schema itself cannot be used (see `check`).
    Schema(SchemaError),
}

/// Checks that `schema` uses only what this check asserts, everywhere in it.
pub fn check(schema: &Value) -> Result<(), SchemaError> {
    check_at(schema, schema, "#")?;
    let mut explored = Vec::new();
    let defs = schema.get("$defs").and_then(Value::as_object);
    for start in std::iter::once(schema).chain(defs.into_iter().flat_map(|defs| defs.values())) {
        follow_references(schema, start, &mut Vec::new(), &mut explored)?;
    }
    Ok(())
}

/// Follows what `schema` applies to the very same value (`$ref`, and `allOf`/`anyOf`'s
/// members); a `$ref` met again on the way is a loop. `explored` keeps the references already
/// followed to their end, so that each is followed once.
fn follow_references<'a>(
    root: &'a Value,
    schema: &'a Value,
    trail: &mut Vec<&'a str>,
    explored: &mut Vec<&'a str>,
) -> Result<(), SchemaError> {
    let Some(object) = schema.as_object() else {
        return Ok(());
    };
    if let Some(reference) = object.get("$ref").and_then(Value::as_str) {
        if trail.contains(&reference) {
            return Err(SchemaError::ReferenceLoop(reference.to_owned()));
        }
        if !explored.contains(&reference) {
            trail.push(reference);
            follow_references(root, resolve(root, reference)?, trail, explored)?;
            trail.pop();
            explored.push(reference);
        }
    }
    for keyword in ["allOf", "anyOf"] {
        for member in object
            .get(keyword)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            follow_references(root, member, trail, explored)?;
        }
    }
    Ok(())
}

fn check_at(root: &Value, schema: &Value, at: &str) -> Result<(), SchemaError> {
    let object = match schema {
        Value::Bool(_) => return Ok(()),
        Value::Object(object) => object,
        _ => return Err(SchemaError::Malformed { at: at.to_owned() }),
    };
    for (keyword, value) in object {
        let here = format!("{at}/{keyword}");
        match keyword.as_str() {
            keyword if ANNOTATIONS.contains(&keyword) && keyword != "$defs" => {}
            "$defs" | "properties" => {
                let members = value
                    .as_object()
                    .ok_or(SchemaError::Malformed { at: here.clone() })?;
                for (name, sub) in members {
                    check_at(root, sub, &format!("{here}/{name}"))?;
                }
            }
            "items" | "additionalProperties" => check_at(root, value, &here)?,
            "allOf" | "anyOf" => {
                let list = value
                    .as_array()
                    .ok_or(SchemaError::Malformed { at: here.clone() })?;
                for (index, sub) in list.iter().enumerate() {
                    check_at(root, sub, &format!("{here}/{index}"))?;
                }
            }
            "$ref" => {
                resolve(root, value.as_str().unwrap_or_default())?;
            }
            "required" | "enum" if !value.is_array() => {
                return Err(SchemaError::Malformed { at: here });
            }
            "minLength" | "maxLength" | "minItems" | "maxItems" if !value.is_u64() => {
                return Err(SchemaError::Malformed { at: here });
            }
            "minimum" | "maximum" if !value.is_number() => {
                return Err(SchemaError::Malformed { at: here });
            }
            keyword if ASSERTIONS.contains(&keyword) => {}
            other => {
                return Err(SchemaError::Unsupported {
                    keyword: other.to_owned(),
                    at: at.to_owned(),
                });
            }
        }
    }
    Ok(())
}

/// The schema a `$ref` names: `#/$defs/<name>` of the root.
fn resolve<'a>(root: &'a Value, reference: &str) -> Result<&'a Value, SchemaError> {
    reference
        .strip_prefix("#/$defs/")
        .and_then(|name| root.get("$defs")?.get(name))
        .ok_or_else(|| SchemaError::UnknownReference(reference.to_owned()))
}

/// Every place `value` breaks `schema`: an object's own problems first, then its members by name.
pub fn validate(schema: &Value, value: &Value) -> Vec<Violation> {
    // Whoever stored the schema checked it; checked again, a schema that cannot be used says
    // so instead of being half applied (or followed in a loop).
    if let Err(error) = check(schema) {
        return vec![Violation {
            at: String::new(),
            problem: Problem::Schema(error),
        }];
    }
    let mut found = Vec::new();
    validate_at(schema, schema, value, "", &mut found);
    found
}

fn type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(number) if number.is_i64() || number.is_u64() => "integer",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

fn is_of_type(value: &Value, wanted: &str) -> bool {
    let actual = type_name(value);
    actual == wanted || (wanted == "number" && actual == "integer")
}

fn validate_at(root: &Value, schema: &Value, value: &Value, at: &str, found: &mut Vec<Violation>) {
    let mut add = |problem| {
        found.push(Violation {
            at: at.to_owned(),
            problem,
        })
    };
    let object = match schema {
        Value::Bool(true) => return,
        Value::Bool(false) => return add(Problem::NotAllowed),
        Value::Object(object) => object,
        _ => {
            return add(Problem::Schema(SchemaError::Malformed {
                at: at.to_owned(),
            }));
        }
    };
    if let Some(reference) = object.get("$ref") {
        match resolve(root, reference.as_str().unwrap_or_default()) {
            Ok(target) => validate_at(root, target, value, at, found),
            Err(error) => found.push(Violation {
                at: at.to_owned(),
                problem: Problem::Schema(error),
            }),
        }
    }
    let mut add = |problem| {
        found.push(Violation {
            at: at.to_owned(),
            problem,
        })
    };
    if let Some(wanted) = object.get("type") {
        let names: Vec<&str> = match wanted {
            Value::String(name) => vec![name.as_str()],
            Value::Array(names) => names.iter().filter_map(Value::as_str).collect(),
            _ => Vec::new(),
        };
        if !names.iter().any(|name| is_of_type(value, name)) {
            // Nothing else can be said of a value of another type.
            return add(Problem::WrongType(names.join(" oder ")));
        }
    }
    if let Some(allowed) = object.get("enum").and_then(Value::as_array)
        && !allowed.contains(value)
    {
        add(Problem::NotAllowed);
    }
    if let Some(constant) = object.get("const")
        && constant != value
    {
        add(Problem::NotAllowed);
    }
    bounds(object, value, &mut add);
    if let Value::Object(members) = value {
        properties(root, object, (members, at), found);
    }
    if let (Value::Array(items), Some(item_schema)) = (value, object.get("items")) {
        for (index, item) in items.iter().enumerate() {
            validate_at(root, item_schema, item, &format!("{at}/{index}"), found);
        }
    }
    for sub in object
        .get("allOf")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        validate_at(root, sub, value, at, found);
    }
    if let Some(alternatives) = object.get("anyOf").and_then(Value::as_array)
        && !alternatives
            .iter()
            .any(|sub| validate(&with_defs(root, sub), value).is_empty())
    {
        found.push(Violation {
            at: at.to_owned(),
            problem: Problem::NoAlternativeFits,
        });
    }
}

/// `sub` with the root's `$defs`, so a reference inside an alternative still resolves.
fn with_defs(root: &Value, sub: &Value) -> Value {
    match (sub, root.get("$defs")) {
        (Value::Object(object), Some(defs)) => {
            let mut object = object.clone();
            object.insert("$defs".into(), defs.clone());
            Value::Object(object)
        }
        _ => sub.clone(),
    }
}

fn bounds(object: &Map<String, Value>, value: &Value, add: &mut impl FnMut(Problem)) {
    let limit = |keyword: &str| object.get(keyword).and_then(Value::as_u64);
    match value {
        Value::String(text) => {
            let length = text.chars().count() as u64;
            if let Some(min) = limit("minLength").filter(|min| length < *min) {
                add(Problem::TooShort(min));
            }
            if let Some(max) = limit("maxLength").filter(|max| length > *max) {
                add(Problem::TooLong(max));
            }
        }
        Value::Array(items) => {
            let count = items.len() as u64;
            if let Some(min) = limit("minItems").filter(|min| count < *min) {
                add(Problem::TooFewItems(min));
            }
            if let Some(max) = limit("maxItems").filter(|max| count > *max) {
                add(Problem::TooManyItems(max));
            }
        }
        Value::Number(number) => {
            let number = number.as_f64().unwrap_or_default();
            if let Some(min) = object
                .get("minimum")
                .filter(|min| number < min.as_f64().unwrap_or(f64::MIN))
            {
                add(Problem::TooSmall(min.to_string()));
            }
            if let Some(max) = object
                .get("maximum")
                .filter(|max| number > max.as_f64().unwrap_or(f64::MAX))
            {
                add(Problem::TooLarge(max.to_string()));
            }
        }
        _ => {}
    }
}

fn properties(
    root: &Value,
    object: &Map<String, Value>,
    (members, at): (&Map<String, Value>, &str),
    found: &mut Vec<Violation>,
) {
    for name in object
        .get("required")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
    {
        if !members.contains_key(name) {
            found.push(Violation {
                at: at.to_owned(),
                problem: Problem::Missing(name.to_owned()),
            });
        }
    }
    let declared = object.get("properties").and_then(Value::as_object);
    for (name, member) in members {
        let here = format!("{at}/{}", name.replace('~', "~0").replace('/', "~1"));
        match declared.and_then(|declared| declared.get(name)) {
            Some(sub) => validate_at(root, sub, member, &here, found),
            None => match object.get("additionalProperties") {
                Some(Value::Bool(false)) => found.push(Violation {
                    at: at.to_owned(),
                    problem: Problem::UnexpectedProperty(name.clone()),
                }),
                Some(sub) => validate_at(root, sub, member, &here, found),
                None => {}
            },
        }
    }
}

#[cfg(test)]
mod tests;
