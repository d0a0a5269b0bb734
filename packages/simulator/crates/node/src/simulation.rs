//! The simulation entry points: strong simulation (`probs`), sampling (`samples`), single amplitudes and
//! output state vectors, each reading a `NativeRequest` (see `request.rs`).
//!
//! | entry                                           | runs on                    | returns                   |
//! |-------------------------------------------------|----------------------------|---------------------------|
//! | `probsSync(request, onProgress?)`               | calling thread (blocks)    | `NativeDistribution`      |
//! | `samplesSync(request, count, maxShots, onProgress?)` | calling thread (blocks) | `NativeSamples`          |
//! | `probAmplitude(request, output: Uint8Array)`    | calling thread             | `{ re, im }`              |
//! | `probAmplitudeWithError(request, output)`       | calling thread             | `{ re, im, errorBound }`  |
//! | `evolve(request)`                               | calling thread             | `NativeStateVector`       |
//! | `probsAsync(request, onProgress)`               | a job thread of its own    | `{ promise, cancel }`     |
//! | `samplesAsync(request, count, maxShots, onProgress)` | a job thread of its own | `{ promise, cancel }`   |
//! | `estimate(request, 'probs' \| 'samples', count?, maxShots?)` | calling thread (no computation) | `NativeEstimate` |
//! | `mpsPlan(request)`                              | calling thread (no computation) | `NativeMpsPlan` or undefined |
//! | `mpsTruncationError(request)`                   | calling thread             | number                    |

use bosonic_engine::pipeline::{self, Primitive};
use bosonic_engine::request::Request;

use crate::async_job;
use crate::error::Result;
use crate::guard::Call;
use crate::js::Env;
use crate::request::read_request;
use crate::sync_job::run_sync;
use crate::sys::napi_value;
use crate::to_js::ToJs;

/// Most samples one call may ask for (the occupations of each sample cross as `m` bytes).
const MAX_SAMPLES: i64 = 1 << 40;
/// Largest exactly representable integer of a JavaScript number.
const MAX_SAFE_INTEGER: i64 = (1 << 53) - 1;

/// How many samples to draw: `count` (required) and `maxShots` (a number, or null for no limit).
struct SampleBudget {
    count: usize,
    max_shots: Option<u64>,
}

fn read_budget(call: &Call, count_index: usize) -> Result<SampleBudget> {
    let env = call.env;
    let count = env.integer(call.arg(count_index)?, "maxSamples", 0, MAX_SAMPLES)? as usize;
    let shots = call.arg(count_index + 1)?;
    let max_shots =
        if env.is_nullish(shots)? { None } else { Some(env.integer(shots, "maxShots", 0, MAX_SAFE_INTEGER)? as u64) };
    Ok(SampleBudget { count, max_shots })
}

/// An optional progress callback argument.
fn optional_callback(env: Env, value: napi_value) -> Result<Option<napi_value>> {
    if env.is_nullish(value)? {
        return Ok(None);
    }
    if !env.is_function(value)? {
        return Err(crate::error::BindingError::argument("onProgress", "onProgress must be a function"));
    }
    Ok(Some(value))
}

fn run_probs(
    request: &Request,
    control: &crate::job_control::JobControl,
) -> Result<bosonic_engine::request::Distribution> {
    Ok(pipeline::probs(request, control)?)
}

fn run_samples(
    request: &Request,
    budget: &SampleBudget,
    control: &crate::job_control::JobControl,
) -> Result<bosonic_engine::request::Samples> {
    Ok(pipeline::samples(request, budget.count, budget.max_shots, control)?)
}

pub fn probs_sync(call: &Call) -> Result<napi_value> {
    let env = call.env;
    let request = read_request(env, call.arg(0)?)?;
    let on_progress = optional_callback(env, call.arg(1)?)?;
    run_sync(env, on_progress, |control| run_probs(&request, control))?.to_js(env)
}

pub fn samples_sync(call: &Call) -> Result<napi_value> {
    let env = call.env;
    let request = read_request(env, call.arg(0)?)?;
    let budget = read_budget(call, 1)?;
    let on_progress = optional_callback(env, call.arg(3)?)?;
    run_sync(env, on_progress, |control| run_samples(&request, &budget, control))?.to_js(env)
}

pub fn probs_async(call: &Call) -> Result<napi_value> {
    let env = call.env;
    let request = read_request(env, call.arg(0)?)?;
    async_job::start(env, call.arg(1)?, move |control| run_probs(&request, control))
}

pub fn samples_async(call: &Call) -> Result<napi_value> {
    let env = call.env;
    let request = read_request(env, call.arg(0)?)?;
    let budget = read_budget(call, 1)?;
    async_job::start(env, call.arg(3)?, move |control| run_samples(&request, &budget, control))
}

pub fn prob_amplitude(call: &Call) -> Result<napi_value> {
    let env = call.env;
    let request = read_request(env, call.arg(0)?)?;
    let output = env.uint8_contents(call.arg(1)?, "output")?;
    pipeline::prob_amplitude(&request, &output)?.to_js(env)
}

pub fn prob_amplitude_with_error(call: &Call) -> Result<napi_value> {
    let env = call.env;
    let request = read_request(env, call.arg(0)?)?;
    let output = env.uint8_contents(call.arg(1)?, "output")?;
    pipeline::prob_amplitude_with_error(&request, &output, &bosonic_engine::Silent)?.to_js(env)
}

pub fn evolve(call: &Call) -> Result<napi_value> {
    let env = call.env;
    let request = read_request(env, call.arg(0)?)?;
    pipeline::evolve(&request)?.to_js(env)
}

/// What a run of `probs` or `samples` will need, without running it: `{ resultStates, modes, requiredBytes,
/// limitBytes, description }` (`requiredBytes` is `Infinity` beyond addressable memory).
pub fn estimate(call: &Call) -> Result<napi_value> {
    let env = call.env;
    let request = read_request(env, call.arg(0)?)?;
    let primitive = match env.string_value(call.arg(1)?, "primitive")?.as_str() {
        "probs" => Primitive::Probs,
        "samples" => {
            let budget = read_budget(call, 2)?;
            Primitive::Samples { max_samples: budget.count, max_shots: budget.max_shots }
        }
        other => {
            return Err(crate::error::BindingError::argument(
                "primitive",
                format!("expected 'probs' or 'samples', got '{other}'"),
            ))
        }
    };
    let estimate = pipeline::estimate(&request, primitive)?;
    let object = env.object()?;
    env.set(object, c"resultStates", env.double(estimate.result_states as f64)?)?;
    env.set(object, c"modes", env.double(estimate.modes as f64)?)?;
    let required = estimate.required_bytes.map_or(f64::INFINITY, |bytes| bytes as f64);
    env.set(object, c"requiredBytes", env.double(required)?)?;
    env.set(object, c"limitBytes", env.double(estimate.limit_bytes as f64)?)?;
    env.set(object, c"description", env.string(&estimate.what)?)?;
    Ok(object)
}

/// The bond dimension at which the MPS backend is exact for the request, with the estimated cost of building it:
/// `{ bondDimension, cost, requiredBytes, limitBytes }`, or undefined when the MPS backend cannot simulate the request.
pub fn mps_plan(call: &Call) -> Result<napi_value> {
    let env = call.env;
    let request = read_request(env, call.arg(0)?)?;
    let Some(exact) = pipeline::mps_plan(&request)? else { return env.undefined() };
    let object = env.object()?;
    env.set(object, c"bondDimension", env.double(exact.plan.bond_dimension as f64)?)?;
    env.set(object, c"cost", env.double(exact.plan.cost)?)?;
    let required = exact.required_bytes.map_or(f64::INFINITY, |bytes| bytes as f64);
    env.set(object, c"requiredBytes", env.double(required)?)?;
    env.set(object, c"limitBytes", env.double(exact.limit_bytes as f64)?)?;
    Ok(object)
}

/// The sum of the squared singular values the MPS backend drops for the request's input (0: nothing truncated).
pub fn mps_truncation_error(call: &Call) -> Result<napi_value> {
    let env = call.env;
    let request = read_request(env, call.arg(0)?)?;
    env.double(pipeline::mps_truncation_error(&request)?)
}
