//! The boundary every call from JavaScript goes through: arguments are read, the body runs under
//! `catch_unwind` (a panic must never unwind into Node), and errors become JavaScript exceptions.

use std::ffi::c_void;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::ptr;

use crate::error::{BindingError, Result};
use crate::js::Env;
use crate::sys::*;

/// The most arguments any entry point takes; extra ones are ignored, as JavaScript does.
const MAX_ARGS: usize = 4;

/// The arguments and `data` pointer of one call from JavaScript.
pub struct Call {
    pub env: Env,
    args: [napi_value; MAX_ARGS],
    argc: usize,
    pub data: *mut c_void,
}

impl Call {
    fn read(env: Env, info: napi_callback_info) -> Result<Call> {
        let mut args = [ptr::null_mut(); MAX_ARGS];
        let mut argc = MAX_ARGS;
        let mut data = ptr::null_mut();
        // SAFETY: `env` and `info` are the handles Node passed to the running callback; `argc` holds the
        // capacity of `args`, which Node fills with at most that many handles.
        let status = unsafe {
            napi_get_cb_info(env.raw(), info, &raw mut argc, args.as_mut_ptr(), ptr::null_mut(), &raw mut data)
        };
        if status != NAPI_OK {
            return Err(BindingError::Napi { call: "napi_get_cb_info", status });
        }
        Ok(Call { env, args, argc: argc.min(MAX_ARGS), data })
    }

    /// The `index`-th argument (`undefined` when it was not passed).
    pub fn arg(&self, index: usize) -> Result<napi_value> {
        if index < self.argc {
            Ok(self.args[index])
        } else {
            self.env.undefined()
        }
    }
}

/// Runs the body of an entry point. Returns its value, or throws (and returns `NULL`, which Node reads
/// as `undefined`) on error or panic.
///
/// # Safety
/// `raw_env` and `info` must be the arguments Node passed to the currently running `napi_callback`.
pub unsafe fn entry(
    raw_env: napi_env,
    info: napi_callback_info,
    body: impl FnOnce(&Call) -> Result<napi_value>,
) -> napi_value {
    // SAFETY: forwarded from this function's contract.
    let env = unsafe { Env::from_raw(raw_env) };
    let outcome = catch_unwind(AssertUnwindSafe(|| {
        let call = Call::read(env, info)?;
        body(&call)
    }));
    let error = match outcome {
        Ok(Ok(value)) => return value,
        Ok(Err(error)) => error,
        Err(payload) => BindingError::from_panic(payload),
    };
    // Throwing only calls Node-API; guard it too, so nothing can unwind out of this frame.
    let _ = catch_unwind(AssertUnwindSafe(|| env.throw(&error)));
    ptr::null_mut()
}
