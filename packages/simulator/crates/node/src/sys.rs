//! Hand-written declarations of the Node-API functions this binding uses (N-API version ≤ 8).
//!
//! Signatures follow Node's `js_native_api.h` and `node_api.h`. The symbols are left undefined in the
//! shared library and resolved from the `node` executable when it loads the addon (macOS needs
//! `-undefined dynamic_lookup`, see `build.rs`). Only the functions actually called are declared.

#![allow(non_camel_case_types)]

use std::ffi::{c_char, c_void};

// Opaque pointer types (never dereferenced on the Rust side).
#[repr(C)]
pub struct OpaqueEnv {
    _private: [u8; 0],
}
#[repr(C)]
pub struct OpaqueValue {
    _private: [u8; 0],
}
#[repr(C)]
pub struct OpaqueCallbackInfo {
    _private: [u8; 0],
}
#[repr(C)]
pub struct OpaqueDeferred {
    _private: [u8; 0],
}
#[repr(C)]
pub struct OpaqueRef {
    _private: [u8; 0],
}
#[repr(C)]
pub struct OpaqueHandleScope {
    _private: [u8; 0],
}
#[repr(C)]
pub struct OpaqueThreadsafeFunction {
    _private: [u8; 0],
}

pub type napi_env = *mut OpaqueEnv;
pub type napi_value = *mut OpaqueValue;
pub type napi_callback_info = *mut OpaqueCallbackInfo;
pub type napi_deferred = *mut OpaqueDeferred;
pub type napi_ref = *mut OpaqueRef;
pub type napi_handle_scope = *mut OpaqueHandleScope;
pub type napi_threadsafe_function = *mut OpaqueThreadsafeFunction;

pub type napi_status = i32;
pub const NAPI_OK: napi_status = 0;
pub const NAPI_PENDING_EXCEPTION: napi_status = 10;
pub const NAPI_CLOSING: napi_status = 16;
/// The embedder does not allow external `ArrayBuffer`s (e.g. Electron with its V8 memory cage).
pub const NAPI_NO_EXTERNAL_BUFFERS_ALLOWED: napi_status = 22;

pub type napi_valuetype = i32;
pub const NAPI_UNDEFINED: napi_valuetype = 0;
pub const NAPI_NULL: napi_valuetype = 1;
pub const NAPI_BOOLEAN: napi_valuetype = 2;
pub const NAPI_NUMBER: napi_valuetype = 3;
pub const NAPI_STRING: napi_valuetype = 4;
pub const NAPI_OBJECT: napi_valuetype = 6;
pub const NAPI_FUNCTION: napi_valuetype = 7;

pub type napi_typedarray_type = i32;
pub const NAPI_UINT8_ARRAY: napi_typedarray_type = 1;
pub const NAPI_UINT32_ARRAY: napi_typedarray_type = 6;
pub const NAPI_FLOAT64_ARRAY: napi_typedarray_type = 8;

pub type napi_threadsafe_function_call_mode = i32;
pub const NAPI_TSFN_NONBLOCKING: napi_threadsafe_function_call_mode = 0;

pub type napi_threadsafe_function_release_mode = i32;
pub const NAPI_TSFN_RELEASE: napi_threadsafe_function_release_mode = 0;

/// `NAPI_AUTO_LENGTH`: the string is NUL-terminated.
pub const NAPI_AUTO_LENGTH: usize = usize::MAX;

pub type napi_callback = Option<unsafe extern "C" fn(env: napi_env, info: napi_callback_info) -> napi_value>;
pub type napi_finalize =
    Option<unsafe extern "C" fn(env: napi_env, finalize_data: *mut c_void, finalize_hint: *mut c_void)>;
pub type napi_cleanup_hook = Option<unsafe extern "C" fn(arg: *mut c_void)>;
pub type napi_threadsafe_function_call_js =
    Option<unsafe extern "C" fn(env: napi_env, js_callback: napi_value, context: *mut c_void, data: *mut c_void)>;

extern "C" {
    pub fn napi_get_cb_info(
        env: napi_env,
        cbinfo: napi_callback_info,
        argc: *mut usize,
        argv: *mut napi_value,
        this_arg: *mut napi_value,
        data: *mut *mut c_void,
    ) -> napi_status;
    pub fn napi_create_function(
        env: napi_env,
        utf8name: *const c_char,
        length: usize,
        cb: napi_callback,
        data: *mut c_void,
        result: *mut napi_value,
    ) -> napi_status;
    pub fn napi_add_finalizer(
        env: napi_env,
        js_object: napi_value,
        finalize_data: *mut c_void,
        finalize_cb: napi_finalize,
        finalize_hint: *mut c_void,
        result: *mut napi_ref,
    ) -> napi_status;

    pub fn napi_get_undefined(env: napi_env, result: *mut napi_value) -> napi_status;
    pub fn napi_get_boolean(env: napi_env, value: bool, result: *mut napi_value) -> napi_status;
    pub fn napi_create_double(env: napi_env, value: f64, result: *mut napi_value) -> napi_status;
    pub fn napi_create_string_utf8(
        env: napi_env,
        s: *const c_char,
        length: usize,
        result: *mut napi_value,
    ) -> napi_status;
    pub fn napi_create_object(env: napi_env, result: *mut napi_value) -> napi_status;
    pub fn napi_create_error(env: napi_env, code: napi_value, msg: napi_value, result: *mut napi_value) -> napi_status;

    pub fn napi_typeof(env: napi_env, value: napi_value, result: *mut napi_valuetype) -> napi_status;
    pub fn napi_get_value_double(env: napi_env, value: napi_value, result: *mut f64) -> napi_status;
    pub fn napi_get_value_bool(env: napi_env, value: napi_value, result: *mut bool) -> napi_status;
    pub fn napi_get_value_string_utf8(
        env: napi_env,
        value: napi_value,
        buf: *mut c_char,
        bufsize: usize,
        result: *mut usize,
    ) -> napi_status;

    pub fn napi_set_named_property(
        env: napi_env,
        object: napi_value,
        utf8name: *const c_char,
        value: napi_value,
    ) -> napi_status;
    pub fn napi_get_named_property(
        env: napi_env,
        object: napi_value,
        utf8name: *const c_char,
        result: *mut napi_value,
    ) -> napi_status;
    pub fn napi_get_element(env: napi_env, object: napi_value, index: u32, result: *mut napi_value) -> napi_status;
    pub fn napi_is_array(env: napi_env, value: napi_value, result: *mut bool) -> napi_status;
    pub fn napi_get_array_length(env: napi_env, value: napi_value, result: *mut u32) -> napi_status;

    pub fn napi_is_typedarray(env: napi_env, value: napi_value, result: *mut bool) -> napi_status;
    pub fn napi_get_typedarray_info(
        env: napi_env,
        typedarray: napi_value,
        kind: *mut napi_typedarray_type,
        length: *mut usize,
        data: *mut *mut c_void,
        arraybuffer: *mut napi_value,
        byte_offset: *mut usize,
    ) -> napi_status;
    pub fn napi_create_arraybuffer(
        env: napi_env,
        byte_length: usize,
        data: *mut *mut c_void,
        result: *mut napi_value,
    ) -> napi_status;
    pub fn napi_create_external_arraybuffer(
        env: napi_env,
        external_data: *mut c_void,
        byte_length: usize,
        finalize_cb: napi_finalize,
        finalize_hint: *mut c_void,
        result: *mut napi_value,
    ) -> napi_status;
    pub fn napi_create_typedarray(
        env: napi_env,
        kind: napi_typedarray_type,
        length: usize,
        arraybuffer: napi_value,
        byte_offset: usize,
        result: *mut napi_value,
    ) -> napi_status;

    pub fn napi_call_function(
        env: napi_env,
        recv: napi_value,
        func: napi_value,
        argc: usize,
        argv: *const napi_value,
        result: *mut napi_value,
    ) -> napi_status;

    pub fn napi_throw(env: napi_env, error: napi_value) -> napi_status;
    pub fn napi_throw_error(env: napi_env, code: *const c_char, msg: *const c_char) -> napi_status;
    pub fn napi_is_exception_pending(env: napi_env, result: *mut bool) -> napi_status;
    pub fn napi_get_and_clear_last_exception(env: napi_env, result: *mut napi_value) -> napi_status;

    pub fn napi_open_handle_scope(env: napi_env, result: *mut napi_handle_scope) -> napi_status;
    pub fn napi_close_handle_scope(env: napi_env, scope: napi_handle_scope) -> napi_status;

    pub fn napi_create_promise(env: napi_env, deferred: *mut napi_deferred, promise: *mut napi_value) -> napi_status;
    pub fn napi_resolve_deferred(env: napi_env, deferred: napi_deferred, resolution: napi_value) -> napi_status;
    pub fn napi_reject_deferred(env: napi_env, deferred: napi_deferred, rejection: napi_value) -> napi_status;

    pub fn napi_add_env_cleanup_hook(env: napi_env, fun: napi_cleanup_hook, arg: *mut c_void) -> napi_status;
    pub fn napi_remove_env_cleanup_hook(env: napi_env, fun: napi_cleanup_hook, arg: *mut c_void) -> napi_status;

    pub fn napi_create_threadsafe_function(
        env: napi_env,
        func: napi_value,
        async_resource: napi_value,
        async_resource_name: napi_value,
        max_queue_size: usize,
        initial_thread_count: usize,
        thread_finalize_data: *mut c_void,
        thread_finalize_cb: napi_finalize,
        context: *mut c_void,
        call_js_cb: napi_threadsafe_function_call_js,
        result: *mut napi_threadsafe_function,
    ) -> napi_status;
    pub fn napi_call_threadsafe_function(
        func: napi_threadsafe_function,
        data: *mut c_void,
        is_blocking: napi_threadsafe_function_call_mode,
    ) -> napi_status;
    pub fn napi_release_threadsafe_function(
        func: napi_threadsafe_function,
        mode: napi_threadsafe_function_release_mode,
    ) -> napi_status;
}
