//! A thin, checked layer over the raw Node-API calls: reading arguments with field names for errors,
//! creating values, typed arrays and errors. An [`Env`] only exists inside a call from JavaScript (or a
//! threadsafe-function callback) on the JavaScript thread, which is what makes its methods safe to call.

use std::ffi::{c_void, CStr, CString};
use std::ptr;

use crate::error::{BindingError, Result};
use crate::sys::*;

/// A Node-API environment, valid for the duration of the current call from JavaScript.
#[derive(Clone, Copy)]
pub struct Env {
    raw: napi_env,
}

/// Turns a Node-API status into a `Result`, naming the call for diagnostics.
fn check(status: napi_status, call: &'static str) -> Result<()> {
    match status {
        NAPI_OK => Ok(()),
        NAPI_PENDING_EXCEPTION => Err(BindingError::JsException),
        status => Err(BindingError::Napi { call, status }),
    }
}

/// Builds a `CString` for a name or message, dropping interior NULs rather than failing.
pub fn c_string(s: &str) -> CString {
    CString::new(s.replace('\0', "")).expect("NUL bytes were removed")
}

impl Env {
    /// # Safety
    /// `raw` must be the environment handed to the current callback by Node, used on the JavaScript
    /// thread and only while that callback runs.
    pub unsafe fn from_raw(raw: napi_env) -> Self {
        Env { raw }
    }

    pub fn raw(self) -> napi_env {
        self.raw
    }

    // ---- creating values -------------------------------------------------------------------------

    pub fn undefined(self) -> Result<napi_value> {
        let mut out = ptr::null_mut();
        // SAFETY: `self.raw` is a live env (see `from_raw`); `out` is a valid out-pointer.
        check(unsafe { napi_get_undefined(self.raw, &raw mut out) }, "napi_get_undefined")?;
        Ok(out)
    }

    pub fn boolean(self, value: bool) -> Result<napi_value> {
        let mut out = ptr::null_mut();
        // SAFETY: live env, valid out-pointer.
        check(unsafe { napi_get_boolean(self.raw, value, &raw mut out) }, "napi_get_boolean")?;
        Ok(out)
    }

    pub fn double(self, value: f64) -> Result<napi_value> {
        let mut out = ptr::null_mut();
        // SAFETY: live env, valid out-pointer.
        check(unsafe { napi_create_double(self.raw, value, &raw mut out) }, "napi_create_double")?;
        Ok(out)
    }

    pub fn string(self, value: &str) -> Result<napi_value> {
        let mut out = ptr::null_mut();
        check(
            // SAFETY: live env; the pointer and explicit length describe the bytes of a valid UTF-8 `&str`.
            unsafe { napi_create_string_utf8(self.raw, value.as_ptr().cast(), value.len(), &raw mut out) },
            "napi_create_string_utf8",
        )?;
        Ok(out)
    }

    pub fn object(self) -> Result<napi_value> {
        let mut out = ptr::null_mut();
        // SAFETY: live env, valid out-pointer.
        check(unsafe { napi_create_object(self.raw, &raw mut out) }, "napi_create_object")?;
        Ok(out)
    }

    pub fn set(self, object: napi_value, name: &CStr, value: napi_value) -> Result<()> {
        // SAFETY: live env; `name` is NUL-terminated; both handles belong to the current scope.
        check(unsafe { napi_set_named_property(self.raw, object, name.as_ptr(), value) }, "napi_set_named_property")
    }

    /// Copies `values` into a new `Float64Array`.
    pub fn float64_array(self, values: &[f64]) -> Result<napi_value> {
        self.typed_array(NAPI_FLOAT64_ARRAY, values)
    }

    /// Hands `values` to a new `Float64Array` without copying them: the array's buffer is the vector's memory,
    /// released when JavaScript collects the array. A result of hundreds of megabytes (a full SLOS distribution)
    /// then costs no copy and no fresh pages. Where the embedder refuses external buffers, the values are copied.
    pub fn float64_array_from_vec(self, values: Vec<f64>) -> Result<napi_value> {
        if values.is_empty() {
            return self.float64_array(&values);
        }
        let len = values.len();
        let byte_length = std::mem::size_of_val(values.as_slice());
        let owner: *mut Vec<f64> = Box::into_raw(Box::new(values));
        // SAFETY: `owner` comes from `Box::into_raw` just above and nothing else holds it yet.
        let data = unsafe { (*owner).as_mut_ptr() }.cast::<c_void>();
        let mut buffer = ptr::null_mut();
        // SAFETY: live env, valid out-pointer; `data` points to `byte_length` bytes owned by the vector behind
        // `owner`, whose heap buffer does not move while the vector is untouched; on success Node calls
        // `release_f64_vec` with `owner` once, when the buffer is collected, and nothing else frees it.
        let status = unsafe {
            napi_create_external_arraybuffer(
                self.raw,
                data,
                byte_length,
                Some(release_f64_vec),
                owner.cast::<c_void>(),
                &raw mut buffer,
            )
        };
        if status != NAPI_OK {
            // SAFETY: Node did not take the buffer (it calls the finalizer only for a created one), so `owner` is
            // still the only handle to the box made above.
            let values = unsafe { Box::from_raw(owner) };
            if status == NAPI_NO_EXTERNAL_BUFFERS_ALLOWED {
                return self.float64_array(&values);
            }
            drop(values);
            check(status, "napi_create_external_arraybuffer")?;
        }
        let mut out = ptr::null_mut();
        check(
            // SAFETY: live env; `buffer` holds exactly `len` doubles at offset 0.
            unsafe { napi_create_typedarray(self.raw, NAPI_FLOAT64_ARRAY, len, buffer, 0, &raw mut out) },
            "napi_create_typedarray",
        )?;
        Ok(out)
    }

    /// Copies `values` into a new `Uint8Array`.
    pub fn uint8_array(self, values: &[u8]) -> Result<napi_value> {
        self.typed_array(NAPI_UINT8_ARRAY, values)
    }

    /// Copies `values` into a new `Uint32Array`.
    pub fn uint32_array(self, values: &[u32]) -> Result<napi_value> {
        self.typed_array(NAPI_UINT32_ARRAY, values)
    }

    /// Copies plain numeric data into a fresh `ArrayBuffer` (a copy rather than an external buffer,
    /// which some embedders refuse) and wraps it in a typed array of `kind`.
    fn typed_array<T: Copy>(self, kind: napi_typedarray_type, values: &[T]) -> Result<napi_value> {
        let byte_length = std::mem::size_of_val(values);
        let mut data: *mut c_void = ptr::null_mut();
        let mut buffer = ptr::null_mut();
        check(
            // SAFETY: live env, valid out-pointers; Node allocates `byte_length` bytes.
            unsafe { napi_create_arraybuffer(self.raw, byte_length, &raw mut data, &raw mut buffer) },
            "napi_create_arraybuffer",
        )?;
        if byte_length > 0 {
            // SAFETY: `data` points to `byte_length` freshly allocated bytes that nothing else references
            // yet; the source is a valid slice of exactly that many bytes, and the regions cannot overlap.
            unsafe { ptr::copy_nonoverlapping(values.as_ptr().cast::<u8>(), data.cast::<u8>(), byte_length) };
        }
        let mut out = ptr::null_mut();
        check(
            // SAFETY: live env; `buffer` holds exactly `values.len()` elements of the requested type at offset 0.
            unsafe { napi_create_typedarray(self.raw, kind, values.len(), buffer, 0, &raw mut out) },
            "napi_create_typedarray",
        )?;
        Ok(out)
    }

    /// `{ re, im }`.
    pub fn complex(self, re: f64, im: f64) -> Result<napi_value> {
        let object = self.object()?;
        self.set(object, c"re", self.double(re)?)?;
        self.set(object, c"im", self.double(im)?)?;
        Ok(object)
    }

    /// Creates a JavaScript function backed by `cb`, with `data` available to it.
    pub fn function(self, name: &CStr, cb: napi_callback, data: *mut c_void) -> Result<napi_value> {
        let mut out = ptr::null_mut();
        check(
            // SAFETY: live env; `name` is NUL-terminated; `cb` is an `extern "C"` function with the
            // Node-API callback signature; `data` is handed back to `cb` untouched.
            unsafe { napi_create_function(self.raw, name.as_ptr(), NAPI_AUTO_LENGTH, cb, data, &raw mut out) },
            "napi_create_function",
        )?;
        Ok(out)
    }

    /// Runs `finalize(data)` when `object` is garbage collected (or the env is torn down).
    pub fn add_finalizer(self, object: napi_value, data: *mut c_void, finalize: napi_finalize) -> Result<()> {
        check(
            // SAFETY: live env; `object` is a handle of the current scope; `finalize` is called once with `data`.
            unsafe { napi_add_finalizer(self.raw, object, data, finalize, ptr::null_mut(), ptr::null_mut()) },
            "napi_add_finalizer",
        )
    }

    /// Builds the JavaScript error for `error` (see the table in `error.rs`).
    pub fn error(self, error: &BindingError) -> Result<napi_value> {
        let code = self.string(error.code())?;
        let message = self.string(&error.message())?;
        let mut out = ptr::null_mut();
        // SAFETY: live env; `code` and `message` are string handles of the current scope.
        check(unsafe { napi_create_error(self.raw, code, message, &raw mut out) }, "napi_create_error")?;
        match error {
            BindingError::Engine(bosonic_engine::EngineError::Validation { field, .. })
            | BindingError::Argument { field, .. } => self.set(out, c"field", self.string(field)?)?,
            BindingError::Engine(bosonic_engine::EngineError::ResourceLimit {
                required_bytes, limit_bytes, ..
            }) => {
                self.set(out, c"requiredBytes", self.double(*required_bytes as f64)?)?;
                self.set(out, c"limitBytes", self.double(*limit_bytes as f64)?)?;
            }
            BindingError::Napi { status, .. } => self.set(out, c"status", self.double(f64::from(*status))?)?,
            _ => {}
        }
        Ok(out)
    }

    /// Throws `error` as a JavaScript exception, unless one is already pending.
    pub fn throw(self, error: &BindingError) {
        if self.is_exception_pending() {
            return;
        }
        let thrown = self.error(error).and_then(|value| {
            // SAFETY: live env; `value` is the error object just created.
            check(unsafe { napi_throw(self.raw, value) }, "napi_throw")
        });
        if thrown.is_err() && !self.is_exception_pending() {
            // Creating the rich error failed (out of memory?): fall back to the simplest form.
            let message = c_string(&error.message());
            let code = c_string(error.code());
            // SAFETY: live env; both strings are NUL-terminated and outlive the call.
            unsafe { napi_throw_error(self.raw, code.as_ptr(), message.as_ptr()) };
        }
    }

    pub fn is_exception_pending(self) -> bool {
        let mut pending = false;
        // SAFETY: live env, valid out-pointer.
        let status = unsafe { napi_is_exception_pending(self.raw, &raw mut pending) };
        status == NAPI_OK && pending
    }

    /// Clears a pending exception, if any, and returns it.
    pub fn take_exception(self) -> Option<napi_value> {
        if !self.is_exception_pending() {
            return None;
        }
        let mut out = ptr::null_mut();
        // SAFETY: live env, valid out-pointer.
        let status = unsafe { napi_get_and_clear_last_exception(self.raw, &raw mut out) };
        (status == NAPI_OK).then_some(out)
    }

    // ---- calling JavaScript ----------------------------------------------------------------------

    /// Calls `func(...args)` with `this` undefined.
    pub fn call(self, func: napi_value, args: &[napi_value]) -> Result<napi_value> {
        let recv = self.undefined()?;
        let mut out = ptr::null_mut();
        check(
            // SAFETY: live env; `func` and `args` are handles of the current scope and `args` is a valid
            // array of `args.len()` handles.
            unsafe { napi_call_function(self.raw, recv, func, args.len(), args.as_ptr(), &raw mut out) },
            "napi_call_function",
        )?;
        Ok(out)
    }

    /// Runs `body` inside a fresh handle scope, so handles created in a loop do not pile up.
    pub fn with_handle_scope<T>(self, body: impl FnOnce() -> Result<T>) -> Result<T> {
        let mut scope = ptr::null_mut();
        // SAFETY: live env, valid out-pointer.
        check(unsafe { napi_open_handle_scope(self.raw, &raw mut scope) }, "napi_open_handle_scope")?;
        let result = body();
        // SAFETY: `scope` was opened just above on this env and every handle created in `body` is dead
        // after it returns (`T` carries no handles by the callers' contract).
        unsafe { napi_close_handle_scope(self.raw, scope) };
        result
    }

    // ---- reading values --------------------------------------------------------------------------

    pub fn type_of(self, value: napi_value) -> Result<napi_valuetype> {
        let mut out = NAPI_UNDEFINED;
        // SAFETY: live env; `value` is a handle of the current scope.
        check(unsafe { napi_typeof(self.raw, value, &raw mut out) }, "napi_typeof")?;
        Ok(out)
    }

    /// True for `undefined` and `null`.
    pub fn is_nullish(self, value: napi_value) -> Result<bool> {
        let kind = self.type_of(value)?;
        Ok(kind == NAPI_UNDEFINED || kind == NAPI_NULL)
    }

    /// `object[name]`; `object` must be an object.
    pub fn get(self, object: napi_value, name: &CStr, field: &str) -> Result<napi_value> {
        if self.type_of(object)? != NAPI_OBJECT {
            return Err(BindingError::argument(field, format!("{field} must be an object")));
        }
        let mut out = ptr::null_mut();
        check(
            // SAFETY: live env; `object` is an object handle of the current scope; `name` is NUL-terminated.
            unsafe { napi_get_named_property(self.raw, object, name.as_ptr(), &raw mut out) },
            "napi_get_named_property",
        )?;
        Ok(out)
    }

    /// `object[name]`, or `None` when it is `undefined` or `null`.
    pub fn get_optional(self, object: napi_value, name: &CStr, field: &str) -> Result<Option<napi_value>> {
        let value = self.get(object, name, field)?;
        Ok(if self.is_nullish(value)? { None } else { Some(value) })
    }

    pub fn number(self, value: napi_value, field: &str) -> Result<f64> {
        if self.type_of(value)? != NAPI_NUMBER {
            return Err(BindingError::argument(field, format!("{field} must be a number")));
        }
        let mut out = 0.0;
        // SAFETY: live env; `value` is a number handle.
        check(unsafe { napi_get_value_double(self.raw, value, &raw mut out) }, "napi_get_value_double")?;
        Ok(out)
    }

    /// A finite number.
    pub fn finite(self, value: napi_value, field: &str) -> Result<f64> {
        let x = self.number(value, field)?;
        if !x.is_finite() {
            return Err(BindingError::argument(field, format!("{field} must be a finite number, got {x}")));
        }
        Ok(x)
    }

    /// An integer in `min..=max`.
    pub fn integer(self, value: napi_value, field: &str, min: i64, max: i64) -> Result<i64> {
        let x = self.number(value, field)?;
        if x.fract() != 0.0 || !x.is_finite() || x < min as f64 || x > max as f64 {
            return Err(BindingError::argument(
                field,
                format!("{field} must be an integer between {min} and {max}, got {x}"),
            ));
        }
        Ok(x as i64)
    }

    pub fn boolean_value(self, value: napi_value, field: &str) -> Result<bool> {
        if self.type_of(value)? != NAPI_BOOLEAN {
            return Err(BindingError::argument(field, format!("{field} must be a boolean")));
        }
        let mut out = false;
        // SAFETY: live env; `value` is a boolean handle.
        check(unsafe { napi_get_value_bool(self.raw, value, &raw mut out) }, "napi_get_value_bool")?;
        Ok(out)
    }

    pub fn string_value(self, value: napi_value, field: &str) -> Result<String> {
        if self.type_of(value)? != NAPI_STRING {
            return Err(BindingError::argument(field, format!("{field} must be a string")));
        }
        let mut length = 0usize;
        check(
            // SAFETY: live env; a null buffer asks only for the length in bytes.
            unsafe { napi_get_value_string_utf8(self.raw, value, ptr::null_mut(), 0, &raw mut length) },
            "napi_get_value_string_utf8",
        )?;
        let mut buffer = vec![0u8; length + 1];
        let mut written = 0usize;
        check(
            // SAFETY: live env; `buffer` has room for `length` bytes plus the NUL that Node writes.
            unsafe {
                napi_get_value_string_utf8(self.raw, value, buffer.as_mut_ptr().cast(), buffer.len(), &raw mut written)
            },
            "napi_get_value_string_utf8",
        )?;
        buffer.truncate(written);
        String::from_utf8(buffer).map_err(|_| BindingError::argument(field, format!("{field} is not valid UTF-8")))
    }

    pub fn is_function(self, value: napi_value) -> Result<bool> {
        Ok(self.type_of(value)? == NAPI_FUNCTION)
    }

    /// The elements of a JavaScript array.
    pub fn elements(self, value: napi_value, field: &str) -> Result<Vec<napi_value>> {
        let mut is_array = false;
        // SAFETY: live env; `value` is a handle of the current scope.
        check(unsafe { napi_is_array(self.raw, value, &raw mut is_array) }, "napi_is_array")?;
        if !is_array {
            return Err(BindingError::argument(field, format!("{field} must be an array")));
        }
        let mut length = 0u32;
        // SAFETY: live env; `value` is an array.
        check(unsafe { napi_get_array_length(self.raw, value, &raw mut length) }, "napi_get_array_length")?;
        let mut items = Vec::with_capacity(length as usize);
        for i in 0..length {
            let mut item = ptr::null_mut();
            // SAFETY: live env; `value` is an array and `i` is below its length.
            check(unsafe { napi_get_element(self.raw, value, i, &raw mut item) }, "napi_get_element")?;
            items.push(item);
        }
        Ok(items)
    }

    /// Copies the contents of a typed array of `kind` (checked) out of JavaScript memory.
    fn typed_array_contents<T: Copy + Default>(
        self,
        value: napi_value,
        kind: napi_typedarray_type,
        kind_name: &str,
        field: &str,
    ) -> Result<Vec<T>> {
        let mut is_typed_array = false;
        // SAFETY: live env; `value` is a handle of the current scope.
        check(unsafe { napi_is_typedarray(self.raw, value, &raw mut is_typed_array) }, "napi_is_typedarray")?;
        let not_that = || BindingError::argument(field, format!("{field} must be a {kind_name}"));
        if !is_typed_array {
            return Err(not_that());
        }
        let mut actual_kind = 0;
        let mut length = 0usize;
        let mut data: *mut c_void = ptr::null_mut();
        check(
            // SAFETY: live env; `value` is a typed array; null out-pointers are allowed for the parts we skip.
            unsafe {
                napi_get_typedarray_info(
                    self.raw,
                    value,
                    &raw mut actual_kind,
                    &raw mut length,
                    &raw mut data,
                    ptr::null_mut(),
                    ptr::null_mut(),
                )
            },
            "napi_get_typedarray_info",
        )?;
        if actual_kind != kind {
            return Err(not_that());
        }
        let mut out = vec![T::default(); length];
        if length > 0 {
            // SAFETY: for a typed array of this element type, `data` points to `length` properly aligned
            // elements (V8 aligns typed-array views to their element size) that stay alive during this
            // call; we copy them out immediately, so no reference into JavaScript memory escapes.
            unsafe { ptr::copy_nonoverlapping(data.cast::<T>(), out.as_mut_ptr(), length) };
        }
        Ok(out)
    }

    pub fn float64_contents(self, value: napi_value, field: &str) -> Result<Vec<f64>> {
        self.typed_array_contents(value, NAPI_FLOAT64_ARRAY, "Float64Array", field)
    }

    pub fn uint8_contents(self, value: napi_value, field: &str) -> Result<Vec<u8>> {
        self.typed_array_contents(value, NAPI_UINT8_ARRAY, "Uint8Array", field)
    }
}

/// Finalizer of [`Env::float64_array_from_vec`]'s buffers: drops the vector that owns the memory.
unsafe extern "C" fn release_f64_vec(_env: napi_env, _data: *mut c_void, hint: *mut c_void) {
    // SAFETY: `hint` is the `Box<Vec<f64>>` leaked by `float64_array_from_vec` for this buffer, and Node calls this
    // finalizer exactly once, after JavaScript can no longer reach the buffer.
    drop(unsafe { Box::from_raw(hint.cast::<Vec<f64>>()) });
}
