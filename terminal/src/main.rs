//! Entry point Trunk builds into wasm: mounts the Bürger-Terminal into the page.

fn main() {
    terminal::start();
}
