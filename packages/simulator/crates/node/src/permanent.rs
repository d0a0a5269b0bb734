//! `permanent(data: Float64Array, n: number, threads: number): { re, im }`: the permanent of an n×n
//! complex matrix given as interleaved (re, im) pairs in row-major order.

use bosonic_engine::matrix::Matrix;
use bosonic_engine::permanent::permanent_checked;

use crate::error::{BindingError, Result};
use crate::guard::Call;
use crate::sys::napi_value;

/// Largest size accepted. Glynn's formula costs n·2^(n−1) multiply-adds: n = 40 is already hours of
/// work on a laptop, and this call blocks its thread and cannot be canceled.
pub const MAX_PERMANENT_SIZE: i64 = 40;

/// Most threads a caller may ask for.
pub const MAX_THREADS: i64 = 1024;

pub fn permanent(call: &Call) -> Result<napi_value> {
    let env = call.env;
    let data = env.float64_contents(call.arg(0)?, "matrix")?;
    let n = env.integer(call.arg(1)?, "n", 0, MAX_PERMANENT_SIZE)? as usize;
    let threads = match env.integer(call.arg(2)?, "threads", 0, MAX_THREADS)? as usize {
        0 => std::thread::available_parallelism().map_or(1, std::num::NonZero::get),
        k => k,
    };
    if data.len() != 2 * n * n {
        return Err(BindingError::argument(
            "matrix",
            format!("a {n}×{n} complex matrix needs {} interleaved numbers, got {}", 2 * n * n, data.len()),
        ));
    }
    let matrix = Matrix::from_interleaved_field("matrix", n, n, &data)?;
    // Checked: entries far from 1 are scaled, and a permanent beyond f64 is an error rather than NaN or ∞.
    let value = permanent_checked(&matrix, threads)?;
    env.complex(value.re, value.im)
}
