//! The API's OpenAPI description, besides what the handlers' annotations and the wire types
//! say: its title, the ways to call, and what holds for every operation or type.

use utoipa::openapi::schema::{ArrayItems, Schema};
use utoipa::openapi::{OpenApi, RefOr, ResponseBuilder};

/// The API's description, besides what the handlers' annotations say.
#[derive(utoipa::OpenApi)]
#[openapi(
    info(
        title = "Bürgerkoffer",
        description = "API of the Bürgerkoffer server: sign-in and enrolled devices, service catalogues, \
            sync of cases per municipality (push of mutations applied at most once, pull after a cookie), \
            content-addressed photos, and the back office. Errors carry a German sentence for the clerk.",
    ),
    servers((url = "/api", description = "Paths below are relative to /api")),
    modifiers(&Security),
)]
struct ApiDescription;

/// The description before the routes add theirs.
pub fn described() -> OpenApi {
    <ApiDescription as utoipa::OpenApi>::openapi()
}

/// The two ways to call: a signed-in person's bearer token, or an enrolled device's proof.
struct Security;

impl utoipa::Modify for Security {
    fn modify(&self, openapi: &mut OpenApi) {
        use utoipa::openapi::security::{
            ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme,
        };
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
        components.add_security_scheme(
            "device",
            SecurityScheme::ApiKey(ApiKey::Header(ApiKeyValue::with_description(
                crate::auth::DEVICE_CREDENTIAL_HEADER,
                "The device credential, with the device id in x-device-id",
            ))),
        );
    }
}

/// What holds for the whole description once the routes have added theirs.
pub fn complete(description: &mut OpenApi) {
    description.info.version = env!("CARGO_PKG_VERSION").to_owned();
    document_unprocessable(description);
    if let Some(components) = description.components.as_mut() {
        for schema in components.schemas.values_mut() {
            one_key_per_variant(schema);
        }
    }
}

/// Every operation that refuses a request not fitting its schema (400) may also refuse one that
/// fits it but breaks a rule the schema does not state (422, `ApiError::Unprocessable`): said
/// once here rather than on every handler.
fn document_unprocessable(description: &mut OpenApi) {
    for item in description.paths.paths.values_mut() {
        let operations = [
            &mut item.get,
            &mut item.put,
            &mut item.post,
            &mut item.delete,
            &mut item.patch,
        ];
        for operation in operations.into_iter().flatten() {
            let responses = &mut operation.responses.responses;
            let Some(RefOr::T(malformed)) = responses.get("400") else {
                continue;
            };
            let unprocessable = ResponseBuilder::from(malformed.clone())
                .description(
                    "The request fits the schema but breaks a rule it does not state; \
                     the body says which",
                )
                .build();
            responses
                .entry("422".to_owned())
                .or_insert(RefOr::T(unprocessable));
        }
    }
}

/// An enum that serde writes as `{"variant": {...}}` is described as one of several objects,
/// each requiring its key; the derived schema lets such an object hold other keys too, which
/// serde refuses ("expected map with a single key"). Each such variant holds exactly one.
fn one_key_per_variant(schema: &mut RefOr<Schema>) {
    let RefOr::T(schema) = schema else { return };
    match schema {
        Schema::OneOf(one_of) => {
            for variant in &mut one_of.items {
                if let RefOr::T(Schema::Object(object)) = variant
                    && object.properties.len() == 1
                    && object.required.len() == 1
                    && object.properties.contains_key(&object.required[0])
                {
                    object.max_properties = Some(1);
                }
                one_key_per_variant(variant);
            }
        }
        Schema::AllOf(all_of) => all_of.items.iter_mut().for_each(one_key_per_variant),
        Schema::AnyOf(any_of) => any_of.items.iter_mut().for_each(one_key_per_variant),
        Schema::Object(object) => object.properties.values_mut().for_each(one_key_per_variant),
        Schema::Array(array) => {
            if let ArrayItems::RefOrSchema(items) = &mut array.items {
                one_key_per_variant(items);
            }
        }
        _ => {}
    }
}
