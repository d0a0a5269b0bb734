//! Keeps a job thread away from its threadsafe function once the JavaScript environment starts tearing down
//! (a worker terminated, the process exiting while a job runs).
//!
//! Node's own cleanup of a threadsafe function frees it at teardown even while a thread still holds it (the
//! delayed deletion came only in later Node versions), so a job thread that calls it afterwards touches freed
//! memory. The gate is an environment cleanup hook registered right after the threadsafe function; cleanup
//! hooks run in reverse order of registration, so ours closes the gate before Node finalizes the function. The
//! job thread makes every call on the function under the gate's lock, and only while the gate is open.

use std::ffi::c_void;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::{Arc, Mutex};

use crate::error::{BindingError, Result};
use crate::job_control::JobControl;
use crate::js::Env;
use crate::sys::{napi_add_env_cleanup_hook, napi_remove_env_cleanup_hook, NAPI_OK};

pub struct EnvGate {
    state: Mutex<GateState>,
    /// Canceled at teardown: nobody is left to receive the result.
    control: Arc<JobControl>,
}

struct GateState {
    open: bool,
    /// The cleanup hook ran (and freed its handle); only read and written on the JavaScript thread.
    hook_ran: bool,
}

/// The registration of a gate's cleanup hook: the leaked `Box<Arc<EnvGate>>` the hook receives (freed by the
/// hook when it runs), and a reference of our own to read whether it ran.
pub struct HookHandle {
    arg: *mut Arc<EnvGate>,
    gate: Arc<EnvGate>,
}

impl EnvGate {
    /// A gate for one job, open, with its cleanup hook registered in `env`.
    pub fn register(env: Env, control: Arc<JobControl>) -> Result<(Arc<EnvGate>, HookHandle)> {
        let gate = Arc::new(EnvGate { state: Mutex::new(GateState { open: true, hook_ran: false }), control });
        let hook = Box::into_raw(Box::new(Arc::clone(&gate)));
        // SAFETY: live env on the JavaScript thread; `on_env_cleanup` takes exactly the `Box<Arc<EnvGate>>`
        // passed as `arg`, which stays allocated until the hook runs or `unregister` removes it.
        let status = unsafe { napi_add_env_cleanup_hook(env.raw(), Some(on_env_cleanup), hook.cast()) };
        if status != NAPI_OK {
            // SAFETY: registration failed, so nothing else holds `hook`.
            drop(unsafe { Box::from_raw(hook) });
            return Err(BindingError::Napi { call: "napi_add_env_cleanup_hook", status });
        }
        Ok((Arc::clone(&gate), HookHandle { arg: hook, gate }))
    }

    /// Runs `f` while holding the gate, if it is still open; `None` once the environment is going away.
    pub fn while_open<R>(&self, f: impl FnOnce() -> R) -> Option<R> {
        let state = self.state.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        state.open.then(f)
    }

    /// Removes the cleanup hook once the job is over (from the threadsafe function's finalizer, on the
    /// JavaScript thread), unless it already ran.
    pub fn unregister(env: Env, hook: HookHandle) {
        // The hook runs on this same thread, so it cannot run while this reads the flag.
        if hook.gate.state.lock().unwrap_or_else(std::sync::PoisonError::into_inner).hook_ran {
            return; // it already freed `hook.arg`
        }
        // SAFETY: live env on the JavaScript thread; the same function and argument as registered.
        unsafe { napi_remove_env_cleanup_hook(env.raw(), Some(on_env_cleanup), hook.arg.cast()) };
        // SAFETY: the hook is removed and never ran, so this is the only owner of the box.
        drop(unsafe { Box::from_raw(hook.arg) });
    }
}

unsafe extern "C" fn on_env_cleanup(arg: *mut c_void) {
    let _ = catch_unwind(AssertUnwindSafe(|| {
        // SAFETY: `arg` is the `Box<Arc<EnvGate>>` registered with this hook; a hook runs at most once and
        // `unregister` does not free it once the hook has run.
        let gate = unsafe { Box::from_raw(arg.cast::<Arc<EnvGate>>()) };
        // Waits for a call the job thread may be making on the threadsafe function right now.
        let mut state = gate.state.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        state.open = false;
        state.hook_ran = true;
        gate.control.cancel();
    }));
}
