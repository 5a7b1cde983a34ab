//! What the OpenAPI document says every operation may answer, derived from
//! the route's declared [`Access`] and the operation's shape, so that the
//! document cannot forget an answer the plumbing gives (a refused token, a
//! missing permission, an unknown id, a body too large or malformed).
//! Answers only a handler gives (409, a specific 403) stay on the handler.

use utoipa::openapi::path::{Operation, ParameterIn, PathItem};
use utoipa::openapi::{ContentBuilder, Ref, RefOr, ResponseBuilder};

use crate::access::Access;

/// Adds to each operation of `item` the answers its route can give before
/// or around its handler, where the handler does not document them itself.
pub fn document_answers(item: &mut PathItem, access: Access) {
    let path_level_path_params = item.parameters.as_ref().is_some_and(|ps| ps.iter().any(is_path));
    for op in [&mut item.get, &mut item.post, &mut item.put, &mut item.patch, &mut item.delete].into_iter().flatten() {
        let has_path_params = path_level_path_params || op.parameters.as_ref().is_some_and(|ps| ps.iter().any(is_path));
        let has_query =
            op.parameters.as_ref().is_some_and(|ps| ps.iter().any(|p| p.parameter_in == ParameterIn::Query));
        let has_body = op.request_body.is_some();
        // A bearer token that is not (or no longer) valid is refused on every route.
        add(op, "401", "Not signed in where it is needed, or the bearer token is not valid (`unauthenticated`)");
        if matches!(access, Access::Permission(_)) {
            add(op, "403", "The caller lacks the permission this operation needs (`forbidden`)");
        }
        if has_path_params {
            add(op, "404", "No such record, or the caller may not know it exists (`not_found`)");
        }
        if has_body {
            add(op, "413", "The body is larger than accepted (`payload_too_large`)");
        }
        if has_body || has_query {
            add(
                op,
                "422",
                "Invalid input: `error.field` names the offending field or parameter (an unknown field \
                 included), `error.fields` lists every problem",
            );
        }
    }
}

fn is_path(p: &utoipa::openapi::path::Parameter) -> bool {
    p.parameter_in == ParameterIn::Path
}

fn add(op: &mut Operation, status: &str, description: &str) {
    op.responses.responses.entry(status.to_string()).or_insert_with(|| {
        RefOr::T(
            ResponseBuilder::new()
                .description(description)
                .content(
                    "application/json",
                    ContentBuilder::new().schema(Some(Ref::from_schema_name("ErrorBody"))).build(),
                )
                .build(),
        )
    });
}
