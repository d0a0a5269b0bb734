//! Results crossing back to JavaScript: typed arrays and a handful of numbers, never one object per state.
//! The shapes are documented in `src/native/binding.ts` (`NativeDistribution`, `NativeSamples`,
//! `NativeStateVector`).

use bosonic_engine::gurvits::Estimate;
use bosonic_engine::request::{Distribution, DistributionStorage, Samples, StateVectorResult};
use bosonic_engine::C64;

use crate::error::Result;
use crate::js::Env;
use crate::sys::napi_value;

/// A value the simulation produces and JavaScript receives.
pub trait ToJs: Send + 'static {
    fn to_js(self, env: Env) -> Result<napi_value>;
}

fn perf(env: Env, object: napi_value, global: f64, physical: f64, logical: f64) -> Result<()> {
    env.set(object, c"globalPerf", env.double(global)?)?;
    env.set(object, c"physicalPerf", env.double(physical)?)?;
    env.set(object, c"logicalPerf", env.double(logical)?)
}

/// `{ m, kind: 'dense', n, probs } | { m, kind: 'sparse', occupations, probs }` plus perf figures.
impl ToJs for Distribution {
    fn to_js(self, env: Env) -> Result<napi_value> {
        let object = env.object()?;
        env.set(object, c"m", env.double(self.m as f64)?)?;
        // The probabilities move to JavaScript without a copy (a full distribution can be hundreds of megabytes).
        match self.storage {
            DistributionStorage::Dense { n, probs } => {
                env.set(object, c"kind", env.string("dense")?)?;
                env.set(object, c"n", env.double(n as f64)?)?;
                env.set(object, c"probs", env.float64_array_from_vec(probs)?)?;
            }
            DistributionStorage::Sparse { occupations, probs } => {
                env.set(object, c"kind", env.string("sparse")?)?;
                env.set(object, c"occupations", env.uint8_array(&occupations)?)?;
                env.set(object, c"probs", env.float64_array_from_vec(probs)?)?;
            }
        }
        perf(env, object, self.global_perf, self.physical_perf, self.logical_perf)?;
        Ok(object)
    }
}

/// `{ m, count, occupations, canceled }` plus perf figures.
impl ToJs for Samples {
    fn to_js(self, env: Env) -> Result<napi_value> {
        let object = env.object()?;
        env.set(object, c"m", env.double(self.m as f64)?)?;
        env.set(object, c"count", env.double(self.count as f64)?)?;
        env.set(object, c"occupations", env.uint8_array(&self.occupations)?)?;
        env.set(object, c"canceled", env.boolean(self.canceled)?)?;
        perf(env, object, self.global_perf, self.physical_perf, self.logical_perf)?;
        Ok(object)
    }
}

/// `{ m, amplitudes, occupations, photonTags? }`: `amplitudes` interleaves (re, im) per term,
/// `occupations` has `m` bytes per term; `photonTags` (only when some photon carries a tag) lists each
/// term's tags photon by photon in mode order, `n` per term.
impl ToJs for StateVectorResult {
    fn to_js(self, env: Env) -> Result<napi_value> {
        let object = env.object()?;
        env.set(object, c"m", env.double(self.m as f64)?)?;
        let mut amplitudes = Vec::with_capacity(2 * self.terms.len());
        let mut occupations = Vec::with_capacity(self.m * self.terms.len());
        let mut tags = Vec::new();
        let tagged = self.terms.iter().any(|(_, state)| state.photons.iter().any(|p| p.tag != 0));
        for (amplitude, state) in &self.terms {
            amplitudes.push(amplitude.re);
            amplitudes.push(amplitude.im);
            occupations.extend_from_slice(&state.occupations());
            if tagged {
                let canonical = state.canonical();
                tags.extend(canonical.photons.iter().map(|p| p.tag));
            }
        }
        env.set(object, c"amplitudes", env.float64_array(&amplitudes)?)?;
        env.set(object, c"occupations", env.uint8_array(&occupations)?)?;
        if tagged {
            env.set(object, c"photonTags", env.uint32_array(&tags)?)?;
        }
        Ok(object)
    }
}

/// `{ re, im }`.
impl ToJs for C64 {
    fn to_js(self, env: Env) -> Result<napi_value> {
        env.complex(self.re, self.im)
    }
}

/// `{ re, im, errorBound }`: an estimated amplitude and the half-width of its 99 % confidence disc.
impl ToJs for Estimate {
    fn to_js(self, env: Env) -> Result<napi_value> {
        let object = env.object()?;
        env.set(object, c"re", env.double(self.value.re)?)?;
        env.set(object, c"im", env.double(self.value.im)?)?;
        env.set(object, c"errorBound", env.double(self.error_bound)?)?;
        Ok(object)
    }
}
