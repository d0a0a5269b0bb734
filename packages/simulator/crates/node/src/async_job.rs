//! Async mode: the computation runs on a thread of the simulator's own (not libuv's pool, which fs and
//! dns share), and everything it tells JavaScript goes through ONE threadsafe function, in order:
//! progress events first, then the final result, which resolves the job's promise on the JavaScript
//! thread. The threadsafe function stays referenced while the job runs (a running job keeps the
//! process alive, like a worker thread) and is released when the result has been queued.
//!
//! JavaScript receives `{ promise, cancel }`: `cancel()` sets the flag the engine polls; the promise
//! settles with the result (possibly partial, when the work honours cancellation by returning what it
//! has) or rejects with a coded error (see `error.rs`).

use std::cell::Cell;
use std::ffi::c_void;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::ptr;
use std::sync::Arc;
use std::thread;

use crate::env_gate::{EnvGate, HookHandle};
use crate::error::{BindingError, Result};
use crate::guard;
use crate::job_control::{JobControl, Progress};
use crate::js::Env;
use crate::pump::{run_with_pump, Flow};
use crate::sys::*;
use crate::to_js::ToJs;

/// One message through the threadsafe function.
enum Event<T> {
    Progress(Progress),
    Done(Result<T>),
}

/// State owned by the threadsafe function; only touched on the JavaScript thread.
struct Settle {
    /// Taken when the promise settles.
    deferred: Option<napi_deferred>,
    /// The environment-teardown hook of this job, removed by the finalizer (set right after creation).
    hook: Option<HookHandle>,
}

/// The threadsafe function handle, moved to the job thread (its only user). Node documents threadsafe functions
/// as callable from any thread, which is their whole purpose.
struct SendTsfn {
    raw: napi_threadsafe_function,
    /// Closed when the environment starts tearing down: from then on the function is never touched.
    gate: Arc<EnvGate>,
    /// Set once Node answered `napi_closing` (the environment is going away): from then on the function may
    /// already be destroyed, so it is neither called nor released again (Node-API docs, "Reference counting of
    /// thread-safe functions").
    closed: Cell<bool>,
}
// SAFETY: a `napi_threadsafe_function` may be called and released from any thread (Node-API docs,
// "Asynchronous thread-safe function calls"); this wrapper is moved to one thread and used there only.
unsafe impl Send for SendTsfn {}

impl SendTsfn {
    fn new(raw: napi_threadsafe_function, gate: Arc<EnvGate>) -> Self {
        SendTsfn { raw, gate, closed: Cell::new(false) }
    }

    /// Queues `event`; gives it back if it could not be queued (always, once the function is closing).
    fn send<T>(&self, event: Event<T>) -> std::result::Result<(), Event<T>> {
        if self.closed.get() {
            return Err(event);
        }
        let data = Box::into_raw(Box::new(event));
        // SAFETY: the threadsafe function is live: it is released only on drop, never used after Node said it
        // is closing, and called only while the environment gate is open (held during the call, so teardown
        // waits for it); ownership of `data` passes to `call_js` when the call succeeds.
        let status = self
            .gate
            .while_open(|| unsafe { napi_call_threadsafe_function(self.raw, data.cast(), NAPI_TSFN_NONBLOCKING) })
            .unwrap_or(NAPI_CLOSING);
        if status == NAPI_OK {
            return Ok(());
        }
        if status == NAPI_CLOSING {
            self.closed.set(true);
        }
        // SAFETY: the call failed, so Node did not take `data`; it is still ours, from `Box::into_raw`.
        Err(*unsafe { Box::from_raw(data) })
    }
}

impl Drop for SendTsfn {
    /// Releasing lets Node finalize the function once its queue is drained, and stop keeping the process
    /// alive. Done on drop so that every path (even a failed thread spawn) releases it.
    fn drop(&mut self) {
        if self.closed.get() {
            return;
        }
        // SAFETY: the job thread acquired the function at creation (initial thread count 1); this single owner
        // releases it exactly once, after its last call, only while Node has not closed it, and under the open
        // environment gate (after teardown began, Node finalizes it itself).
        self.gate.while_open(|| unsafe { napi_release_threadsafe_function(self.raw, NAPI_TSFN_RELEASE) });
    }
}

/// Starts `work` on a new thread; returns `{ promise, cancel }` to JavaScript. `on_event(fraction,
/// phase)` is called on the JavaScript thread with each change of progress, at most every 50 ms.
pub fn start<T: ToJs>(
    env: Env,
    on_event: napi_value,
    work: impl FnOnce(&JobControl) -> Result<T> + Send + 'static,
) -> Result<napi_value> {
    if !env.is_function(on_event)? {
        return Err(BindingError::argument("onProgress", "onProgress must be a function"));
    }
    let mut deferred = ptr::null_mut();
    let mut promise = ptr::null_mut();
    // SAFETY: live env (we are inside a call from JavaScript), valid out-pointers.
    let status = unsafe { napi_create_promise(env.raw(), &raw mut deferred, &raw mut promise) };
    if status != NAPI_OK {
        return Err(BindingError::Napi { call: "napi_create_promise", status });
    }

    let settle = Box::into_raw(Box::new(Settle { deferred: Some(deferred), hook: None }));
    let name = env.string("bosonic simulation")?;
    let mut tsfn = ptr::null_mut();
    // SAFETY: live env; `on_event` is a function handle; `settle` is a valid heap pointer whose
    // ownership passes to the threadsafe function (freed in `finalize_settle`, which Node calls exactly
    // once after the last `call_js`); `call_js::<T>` matches the data we queue (`Box<Event<T>>`).
    let status = unsafe {
        napi_create_threadsafe_function(
            env.raw(),
            on_event,
            ptr::null_mut(),
            name,
            0, // unbounded queue: the pump sends at most 20 events a second, so it stays short
            1, // the job thread
            settle.cast(),
            Some(finalize_settle),
            settle.cast(),
            Some(call_js::<T>),
            &raw mut tsfn,
        )
    };
    if status != NAPI_OK {
        // SAFETY: creation failed, so Node took no ownership; `settle` is still ours.
        drop(unsafe { Box::from_raw(settle) });
        return Err(BindingError::Napi { call: "napi_create_threadsafe_function", status });
    }

    let control = Arc::new(JobControl::new());
    // Registered after the threadsafe function, so that at teardown it runs before Node's cleanup of it.
    let (gate, hook) = match EnvGate::register(env, Arc::clone(&control)) {
        Ok(registered) => registered,
        Err(e) => {
            // SAFETY: no thread uses the function yet; releasing the creator's count lets Node finalize it
            // (freeing `settle`).
            unsafe { napi_release_threadsafe_function(tsfn, NAPI_TSFN_RELEASE) };
            return Err(e);
        }
    };
    // SAFETY: `settle` stays allocated until the threadsafe function's finalizer, which cannot run before the
    // job thread releases the function; nothing else touches it on this thread meanwhile.
    unsafe { (*settle).hook = Some(hook) };
    let cancel = cancel_function(env, Arc::clone(&control))?;
    let tsfn = SendTsfn::new(tsfn, gate);
    let spawned = thread::Builder::new().name("bosonic-job".into()).spawn(move || {
        let result = run_with_pump(&control, work, |progress| {
            match tsfn.send(Event::<T>::Progress(progress.clone())) {
                Ok(()) => Flow::Continue,
                // Nobody will ever hear of this job again (the environment is going away): stop it.
                Err(_) => Flow::Cancel,
            }
        });
        // Queued after every progress event, so JavaScript sees the events before the result.
        let _ = tsfn.send(Event::Done(result));
        drop(tsfn);
    });
    if let Err(e) = spawned {
        // The closure was dropped, releasing the threadsafe function; the promise will never settle, so
        // report the failure synchronously instead.
        return Err(BindingError::Os(format!("could not start the job thread: {e}")));
    }

    let handle = env.object()?;
    env.set(handle, c"promise", promise)?;
    env.set(handle, c"cancel", cancel)?;
    Ok(handle)
}

/// `cancel()` for JavaScript: a function whose data is the job's control, freed with the function.
fn cancel_function(env: Env, control: Arc<JobControl>) -> Result<napi_value> {
    let data = Box::into_raw(Box::new(control));
    let function = match env.function(c"cancel", Some(cancel_callback), data.cast()) {
        Ok(f) => f,
        Err(e) => {
            // SAFETY: the function was not created, so nothing else holds `data`.
            drop(unsafe { Box::from_raw(data) });
            return Err(e);
        }
    };
    // On failure the function exists without a finalizer: `data` leaks (one `Arc`, a few bytes) rather
    // than being freed while a live function may still read it.
    env.add_finalizer(function, data.cast(), Some(free_cancel_data))?;
    Ok(function)
}

unsafe extern "C" fn cancel_callback(env: napi_env, info: napi_callback_info) -> napi_value {
    let body = |call: &guard::Call| {
        // SAFETY: `data` is the `Box<Arc<JobControl>>` given at creation, freed only by the function's
        // finalizer, which cannot run while the function is being called.
        let control = unsafe { &*call.data.cast::<Arc<JobControl>>() };
        control.cancel();
        call.env.undefined()
    };
    // SAFETY: Node calls this as the `napi_callback` of the `cancel` function.
    unsafe { guard::entry(env, info, body) }
}

unsafe extern "C" fn free_cancel_data(_env: napi_env, data: *mut c_void, _hint: *mut c_void) {
    let _ = catch_unwind(|| {
        // SAFETY: `data` came from `Box::into_raw(Box<Arc<JobControl>>)`; Node calls a finalizer once.
        drop(unsafe { Box::from_raw(data.cast::<Arc<JobControl>>()) });
    });
}

unsafe extern "C" fn finalize_settle(env: napi_env, data: *mut c_void, _hint: *mut c_void) {
    let _ = catch_unwind(AssertUnwindSafe(|| {
        // SAFETY: `data` is the `Box<Settle>` handed to `napi_create_threadsafe_function`; Node calls
        // the finalizer once, after the last `call_js`, on the JavaScript thread.
        let mut settle = unsafe { Box::from_raw(data.cast::<Settle>()) };
        if let (Some(hook), false) = (settle.hook.take(), env.is_null()) {
            // SAFETY: Node passes the function's live env to its finalizer.
            EnvGate::unregister(unsafe { Env::from_raw(env) }, hook);
        }
    }));
}

/// Runs on the JavaScript thread for each queued event.
unsafe extern "C" fn call_js<T: ToJs>(env: napi_env, js_callback: napi_value, context: *mut c_void, data: *mut c_void) {
    // SAFETY: every queued `data` is a `Box<Event<T>>` from `SendTsfn::send`, delivered exactly once.
    let event = unsafe { Box::from_raw(data.cast::<Event<T>>()) };
    if env.is_null() {
        // The environment is being torn down: nothing to tell, just free the event (done by drop).
        return;
    }
    let _ = catch_unwind(AssertUnwindSafe(|| {
        // SAFETY: Node passes a live env to `call_js` when it is not NULL, on the JavaScript thread.
        let env = unsafe { Env::from_raw(env) };
        // SAFETY: `context` is the `Settle` owned by this threadsafe function, alive until its
        // finalizer, and only touched on this thread.
        let settle = unsafe { &mut *context.cast::<Settle>() };
        let _ = env.with_handle_scope(|| {
            match *event {
                Event::Progress(progress) => {
                    let fraction = env.double(progress.fraction)?;
                    let phase = env.string(&progress.phase)?;
                    if env.call(js_callback, &[fraction, phase]).is_err() {
                        // A throwing listener must not take the process down; the job goes on.
                        let _ = env.take_exception();
                    }
                }
                Event::Done(result) => {
                    if let Some(deferred) = settle.deferred.take() {
                        settle_promise(env, deferred, result.and_then(|value| value.to_js(env)));
                    }
                }
            }
            Ok(())
        });
    }));
}

fn settle_promise(env: Env, deferred: napi_deferred, outcome: Result<napi_value>) {
    let (value, resolve) = match outcome {
        Ok(value) => (Ok(value), true),
        Err(error) => {
            let _ = env.take_exception();
            (env.error(&error), false)
        }
    };
    let value = value.or_else(|_| env.undefined()).unwrap_or(ptr::null_mut());
    // SAFETY: `deferred` came from `napi_create_promise` in this env and is settled exactly once (it was
    // taken out of `Settle`); we are on the JavaScript thread.
    unsafe {
        if resolve {
            napi_resolve_deferred(env.raw(), deferred, value);
        } else {
            napi_reject_deferred(env.raw(), deferred, value);
        }
    }
}
