//! Serving the built apps (Trunk's `dist/`: the Koffer at `/`, the Rathaus app under `/rathaus/`,
//! the Bürger-Terminal under `/terminal/`):
//! files with correct types, hashed assets cached forever, everything that names the current
//! build revalidated on every load, and app routes answered with their app's `index.html` so a
//! deep link or reload works.

use axum::extract::Request;
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::convert::Infallible;
use std::path::PathBuf;
use tower::util::BoxCloneSyncService;
use tower::{ServiceExt, service_fn};
use tower_http::services::{ServeDir, ServeFile};

/// Where the town hall's app is served (its Trunk `public_url`), inside `dist/` as `rathaus/`.
pub const RATHAUS_PATH: &str = "/rathaus/";
/// Where the Bürger-Terminal is served, inside `dist/` as `terminal/`.
pub const TERMINAL_PATH: &str = "/terminal/";

/// The service that answers every path outside `/api`.
pub fn service(dist_dir: PathBuf) -> BoxCloneSyncService<Request, Response, Infallible> {
    let koffer_index = dist_dir.join("index.html");
    let rathaus_index = dist_dir.join("rathaus").join("index.html");
    let terminal_index = dist_dir.join("terminal").join("index.html");
    let app_route = service_fn(move |request: Request| {
        let path = request.uri().path();
        let index = if path.starts_with(RATHAUS_PATH) {
            rathaus_index.clone()
        } else if path.starts_with(TERMINAL_PATH) {
            terminal_index.clone()
        } else {
            koffer_index.clone()
        };
        let is_app_route = is_app_route(request.method(), path);
        async move {
            if is_app_route {
                Ok(ServeFile::new(index)
                    .precompressed_br()
                    .precompressed_gzip()
                    .oneshot(request)
                    .await?
                    .into_response())
            } else {
                Ok::<_, Infallible>(StatusCode::NOT_FOUND.into_response())
            }
        }
    });
    // The build wrote a brotli and a gzip copy of each shell file (scripts/precache_shell.py):
    // sent as the client accepts, with `Vary: Accept-Encoding`.
    let files = ServeDir::new(dist_dir)
        .precompressed_br()
        .precompressed_gzip()
        .append_index_html_on_directories(true)
        .fallback(app_route)
        .map_response(IntoResponse::into_response);
    let with_cache_policy = tower::ServiceBuilder::new()
        .layer(axum::middleware::from_fn(cache_policy))
        .service(files);
    BoxCloneSyncService::new(with_cache_policy)
}

/// A GET for a path without a file extension is a page of the app (e.g. `/faelle/42`), served by
/// the shell; a missing file (`/app-….js`) is a real 404, never HTML posing as script.
fn is_app_route(method: &Method, path: &str) -> bool {
    let last_segment = path.rsplit('/').next().unwrap_or_default();
    matches!(*method, Method::GET | Method::HEAD) && !last_segment.contains('.')
}

async fn cache_policy(request: Request, next: Next) -> Response {
    let path = request.uri().path().to_owned();
    let mut response = next.run(request).await;
    if response.status().is_success() || response.status() == StatusCode::NOT_MODIFIED {
        let policy = if is_content_hashed(&path) {
            // The name changes whenever the bytes do, so a cached copy is never stale.
            "public, max-age=31536000, immutable"
        } else {
            // index.html, sw.js, the manifest and icons name the current build: always revalidate,
            // so an update reaches the service worker's update check.
            "no-cache"
        };
        response
            .headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static(policy));
    }
    response
}

/// Trunk names built assets `stem-<hex digest>.ext` (the wasm `stem-<digest>_bg.wasm`).
fn is_content_hashed(path: &str) -> bool {
    let file_name = path.rsplit('/').next().unwrap_or_default();
    let Some((_, after_dash)) = file_name.rsplit_once('-') else {
        return false;
    };
    let digest_len = after_dash.bytes().take_while(u8::is_ascii_hexdigit).count();
    let rest = &after_dash[digest_len..];
    digest_len >= 12 && (rest.starts_with('.') || rest.starts_with("_bg."))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trunk_asset_names_are_content_hashed() {
        for path in [
            "/app-3f2a9c0d1e4b5a6f.js",
            "/app-3f2a9c0d1e4b5a6f_bg.wasm",
            "/style-0a1b2c3d4e5f6071.css",
            "/boot-0a1b2c3d4e5f6071.js",
        ] {
            assert!(is_content_hashed(path), "{path}");
        }
    }

    #[test]
    fn shell_entry_points_are_not_content_hashed() {
        for path in [
            "/",
            "/index.html",
            "/sw.js",
            "/manifest.webmanifest",
            "/icons/icon-192.png",
            "/icons/icon-512.png",
        ] {
            assert!(!is_content_hashed(path), "{path}");
        }
    }

    #[test]
    fn only_extensionless_gets_are_app_routes() {
        assert!(is_app_route(&Method::GET, "/faelle/42"));
        assert!(is_app_route(&Method::GET, "/"));
        assert!(!is_app_route(&Method::GET, "/app-3f2a9c0d1e4b5a6f.js"));
        assert!(!is_app_route(&Method::POST, "/faelle"));
    }
}
