//! The Locus desktop executable: hands straight over to the shell library.

// Hide the console window on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    locus_shell::run();
}
