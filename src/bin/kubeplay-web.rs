//! The browser entry point: mounts the kubeplay page on `<body>`. Trunk builds this binary to
//! wasm (see index.html); wasm-bindgen makes `main` the module's start function.

fn main() {
    kubeplay::ui::services::panic::install();
    yew::Renderer::<kubeplay::ui::App>::new().render();
}
