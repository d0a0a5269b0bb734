//! Node-API binding of the bosonic engine, written against the raw C API (no `napi` crate: this project
//! builds without crates.io). A thin translation layer: JavaScript objects and typed arrays in, engine
//! calls, typed arrays out. Every entry point runs under `catch_unwind` (see `guard.rs`), so a panic
//! becomes a JavaScript error and never unwinds into Node.
//!
//! `unsafe` is confined to the Node-API layer (`sys`, `js`, `guard`, `async_job`, `env_gate` and this file) and
//! the allocator (`huge_pages`); each block says why it is sound (`// SAFETY:`, enforced by the workspace lints).

mod async_job;
mod env_gate;
mod error;
mod guard;
mod huge_pages;
mod job_control;
mod js;
mod permanent;
mod pump;
mod request;
mod simulation;
mod sync_job;
mod sys;
mod to_js;

use std::ffi::CStr;
use std::panic::{catch_unwind, AssertUnwindSafe};

use error::Result;
use guard::Call;
use js::Env;
use sys::{napi_callback_info, napi_env, napi_value};

/// The Node-API version this addon needs: threadsafe functions (4), finalizers (5); nothing newer.
const NAPI_VERSION: i32 = 8;

/// Declares an `extern "C"` Node-API callback that runs `$body` through [`guard::entry`].
macro_rules! entry_point {
    ($name:ident => $body:path) => {
        unsafe extern "C" fn $name(env: napi_env, info: napi_callback_info) -> napi_value {
            // SAFETY: Node calls this function as a `napi_callback` with its own `env` and `info`.
            unsafe { guard::entry(env, info, |call: &Call| $body(call)) }
        }
    };
}

entry_point!(permanent_entry => permanent::permanent);
entry_point!(probs_sync_entry => simulation::probs_sync);
entry_point!(samples_sync_entry => simulation::samples_sync);
entry_point!(probs_async_entry => simulation::probs_async);
entry_point!(samples_async_entry => simulation::samples_async);
entry_point!(prob_amplitude_entry => simulation::prob_amplitude);
entry_point!(prob_amplitude_with_error_entry => simulation::prob_amplitude_with_error);
entry_point!(evolve_entry => simulation::evolve);
entry_point!(estimate_entry => simulation::estimate);
entry_point!(mps_plan_entry => simulation::mps_plan);
entry_point!(mps_truncation_error_entry => simulation::mps_truncation_error);

/// Large blocks with transparent huge pages (see `huge_pages`): far fewer page faults for SLOS's layers.
#[global_allocator]
static ALLOCATOR: huge_pages::HugePageAlloc = huge_pages::HugePageAlloc;

type Callback = unsafe extern "C" fn(napi_env, napi_callback_info) -> napi_value;

const EXPORTS: &[(&CStr, Callback)] = &[
    (c"permanent", permanent_entry),
    (c"probsSync", probs_sync_entry),
    (c"samplesSync", samples_sync_entry),
    (c"probsAsync", probs_async_entry),
    (c"samplesAsync", samples_async_entry),
    (c"probAmplitude", prob_amplitude_entry),
    (c"probAmplitudeWithError", prob_amplitude_with_error_entry),
    (c"evolve", evolve_entry),
    (c"estimate", estimate_entry),
    (c"mpsPlan", mps_plan_entry),
    (c"mpsTruncationError", mps_truncation_error_entry),
];

fn register(env: Env, exports: napi_value) -> Result<napi_value> {
    for (name, callback) in EXPORTS {
        let function = env.function(name, Some(*callback), std::ptr::null_mut())?;
        env.set(exports, name, function)?;
    }
    env.set(exports, c"napiVersion", env.double(f64::from(NAPI_VERSION))?)?;
    env.set(exports, c"version", env.string(env!("CARGO_PKG_VERSION"))?)?;
    Ok(exports)
}

/// Called by Node when it loads the addon.
///
/// # Safety
/// Node calls it once per environment, on that environment's JavaScript thread.
#[no_mangle]
pub unsafe extern "C" fn napi_register_module_v1(env: napi_env, exports: napi_value) -> napi_value {
    // SAFETY: `env` is the live environment Node is loading us into, on its JavaScript thread.
    let env = unsafe { Env::from_raw(env) };
    match catch_unwind(AssertUnwindSafe(|| register(env, exports))) {
        Ok(Ok(exports)) => exports,
        Ok(Err(error)) => {
            env.throw(&error);
            std::ptr::null_mut()
        }
        Err(payload) => {
            env.throw(&error::BindingError::from_panic(payload));
            std::ptr::null_mut()
        }
    }
}

/// Tells Node which Node-API version the addon was written for.
#[no_mangle]
pub extern "C" fn node_api_module_get_api_version_v1() -> i32 {
    NAPI_VERSION
}
