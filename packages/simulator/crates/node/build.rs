//! Link flags a Node-API addon needs, without the `napi-build` crate (no crates.io here).
//!
//! The `napi_*` symbols stay undefined in the library and are resolved from the `node` executable when
//! it loads the addon.

fn main() {
    let os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    let env = std::env::var("CARGO_CFG_TARGET_ENV").unwrap_or_default();
    if os == "macos" {
        // Apple's linker refuses undefined symbols unless told to look them up at load time.
        println!("cargo:rustc-cdylib-link-arg=-Wl,-undefined,dynamic_lookup");
    }
    if os == "linux" && env == "gnu" {
        // Never unload the library: thread-local destructors registered by Rust must not outlive its code,
        // which matters when the addon is loaded in worker threads (napi-build does the same).
        println!("cargo:rustc-cdylib-link-arg=-Wl,-z,nodelete");
    }
    println!("cargo:rerun-if-changed=build.rs");
}
