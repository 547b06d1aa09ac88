//! Build script of the desktop shell: lets Tauri read tauri.conf.json and embed the UI from ui/dist.

fn main() {
    tauri_build::build();
}
