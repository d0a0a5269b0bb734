//! Sync mode: the JavaScript thread blocks until the result is ready, and receives progress calls on
//! itself meanwhile (through the pump, see `pump.rs`).

use crate::error::{BindingError, Result};
use crate::job_control::JobControl;
use crate::js::Env;
use crate::pump::{run_with_pump, Flow};
use crate::sys::{napi_value, NAPI_BOOLEAN};

/// Runs `work`, calling `on_progress(fraction, phase)` on this (the JavaScript) thread at each change of
/// progress, at most every 50 ms. The callback returning `true` cancels the work (as Perceval's
/// `{'cancel_requested': True}`); the callback throwing cancels it too and rethrows once it stopped.
pub fn run_sync<T: Send>(
    env: Env,
    on_progress: Option<napi_value>,
    work: impl FnOnce(&JobControl) -> Result<T> + Send,
) -> Result<T> {
    let control = JobControl::new();
    let mut callback_threw = false;
    let result = run_with_pump(&control, work, |progress| {
        let Some(callback) = on_progress else {
            return Flow::Continue;
        };
        let answer = env.with_handle_scope(|| {
            let fraction = env.double(progress.fraction)?;
            let phase = env.string(&progress.phase)?;
            let returned = env.call(callback, &[fraction, phase])?;
            Ok(env.type_of(returned)? == NAPI_BOOLEAN && env.boolean_value(returned, "onProgress result")?)
        });
        match answer {
            Ok(true) => Flow::Cancel,
            Ok(false) => Flow::Continue,
            Err(_) => {
                // The exception stays pending and propagates once the computation has stopped.
                callback_threw = true;
                Flow::Cancel
            }
        }
    });
    if callback_threw && env.is_exception_pending() {
        return Err(BindingError::JsException);
    }
    result
}
