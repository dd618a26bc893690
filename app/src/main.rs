//! Entry point Trunk builds into wasm: mounts the app into the page.

fn main() {
    app::start();
}
