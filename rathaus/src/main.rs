//! Entry point Trunk builds into wasm: mounts the town hall's app into the page.

fn main() {
    rathaus::start();
}
