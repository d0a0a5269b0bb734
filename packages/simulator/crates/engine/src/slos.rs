//! SLOS strong simulation (docs/simulation.md): the full output distribution or all amplitudes of one Fock input,
//! photon by photon, with states addressed by their `FSArray` position instead of a hash map.
//!
//! Layer `k` holds the coefficients of every `k`-photon partial output; only two layers are alive at a time. The
//! layer step ([`kernel`]) is a sequence of contiguous AXPYs on `FSArray` blocks, cut into cache-sized tasks that the
//! worker threads pull from a queue: each task writes its own slice of the child layer and only reads the parent, so
//! threads never conflict. Output heralds prune every layer ([`layout`]). The same step on real numbers convolves a
//! probability distribution with one distinguishable photon ([`convolve_photon`]).

mod kernel;
mod layout;
// The vectorized AXPYs are, with the permanent's kernels, the engine's only `unsafe` code.
#[allow(unsafe_code)]
mod simd;
mod walker;

pub use layout::HeraldFit;
pub use walker::SlosWalker;

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Mutex;

use crate::complex::C64;
use crate::control::Control;
pub use crate::distribution::{Block, Blocks};
use crate::error::{EngineError, Result};
use crate::fock::{factorial, CountTable};
use crate::matrix::Matrix;
use crate::permanent::Verified;
use crate::request::Herald;
use kernel::{Coef, Task, Weights};
use layout::{LayerSlots, Layout};

/// Progress phase reported while SLOS runs.
pub const PHASE: &str = "compute probability distributions";

/// Child pieces of at most this many states: 16 × 8192 B = 128 KiB stays in L2 while its AXPY sources stream by.
const TASK_STATES: usize = 8192;
/// Layers smaller than this run on the calling thread only.
const PARALLEL_MIN_STATES: usize = 1 << 15;

/// One SLOS run.
#[derive(Clone, Copy, Debug)]
pub struct SlosSetup<'a> {
    /// The m×m unitary, `U[out, in]`.
    pub unitary: &'a Matrix,
    /// Input occupations (m entries).
    pub input: &'a [u8],
    /// Output heralds (distinct modes): only matching outputs are computed.
    pub heralds: &'a [Herald],
    pub fit: HeraldFit,
    /// Worker threads (0 = all cores).
    pub threads: usize,
}

/// Chunk of the last layer converted by one worker at a time.
const FINISH_CHUNK: usize = 1 << 16;

/// Validated geometry of a run.
struct Plan {
    m: usize,
    n: usize,
    herald_modes: Vec<usize>,
    free_modes: Vec<usize>,
    layout: Layout,
    counts: CountTable,
    /// Input mode of each photon, in the order they are added.
    photon_modes: Vec<usize>,
    /// `sqrt(d)` for `d = 0..=n`: the creation operator's factor.
    sqrt_occupation: Vec<f64>,
}

fn plan(setup: &SlosSetup) -> Result<Plan> {
    let u = setup.unitary;
    let m = u.rows;
    if u.cols != m || u.data.len() != m * m {
        return Err(EngineError::validation(
            "unitary",
            format!("SLOS needs a square unitary, got {}×{}", u.rows, u.cols),
        ));
    }
    if setup.input.len() != m {
        return Err(EngineError::validation(
            "input",
            format!("the input state has {} modes but the circuit has {m}", setup.input.len()),
        ));
    }
    let mut herald_modes = Vec::with_capacity(setup.heralds.len());
    for h in setup.heralds {
        if h.mode >= m {
            return Err(EngineError::validation("heralds", format!("herald mode {} is outside the {m} modes", h.mode)));
        }
        if herald_modes.contains(&h.mode) {
            return Err(EngineError::validation("heralds", format!("mode {} is heralded twice", h.mode)));
        }
        herald_modes.push(h.mode);
    }
    let free_modes: Vec<usize> = (0..m).filter(|i| !herald_modes.contains(i)).collect();
    let photon_modes: Vec<usize> =
        setup.input.iter().enumerate().flat_map(|(mode, &k)| std::iter::repeat_n(mode, k as usize)).collect();
    let n = photon_modes.len();
    let caps: Vec<u8> = setup.heralds.iter().map(|h| h.expected).collect();
    let layout = Layout::new(caps, free_modes.len(), n, setup.fit);
    let counts = CountTable::new(n, free_modes.len());
    let sqrt_occupation = (0..=n).map(|d| (d as f64).sqrt()).collect();
    Ok(Plan { m, n, herald_modes, free_modes, layout, counts, photon_modes, sqrt_occupation })
}

/// Bytes SLOS needs at its peak for this setup when it returns values of `output_bytes` bytes per state (8 for
/// probabilities, 16 for amplitudes), or `None` when the sizes do not even fit in memory addresses: the two layer
/// buffers (one per parity, each as large as the largest layer before the last it holds) and the output, which the
/// last layer step writes directly.
pub fn required_bytes(setup: &SlosSetup, output_bytes: u64) -> Result<Option<u64>> {
    let plan = plan(setup)?;
    let mut sizes = [0u128; 2];
    for k in 0..=plan.n {
        let Some(layer) = plan.layout.layer(k, &plan.counts) else {
            return Ok(None);
        };
        if k < plan.n.max(1) {
            sizes[k % 2] = sizes[k % 2].max(layer.total as u128);
        }
        if k == plan.n {
            // Probabilities (8 bytes) are written into the spent buffer of layer n's parity (see `last_layer`).
            let (own, other) = (sizes[k % 2] * 16, sizes[1 - k % 2] * 16);
            let output = layer.total as u128 * u128::from(output_bytes);
            let peak = if output_bytes == 8 { other + own.max(output) } else { other + own + output };
            return Ok(u64::try_from(peak).ok());
        }
    }
    unreachable!("the loop returns at k = n")
}

/// The last layer mapped through `g`: `g(⟨t|U|s⟩·sqrt(Π s_i!))` for every output allowed by the heralds.
///
/// The layers before the last live in two buffers, one per parity, each allocated once at the largest size it will
/// hold and overwritten in turn (every task writes all of its slice). The last step writes `g` of each coefficient
/// straight into the output through a cache-sized scratch slice per worker, so the largest layer never exists as
/// complex coefficients and needs no conversion pass; probabilities are written into the buffer of layer `n − 2`,
/// spent by then, so the run faults in no fresh pages for them.
fn last_layer<T, G>(
    setup: &SlosSetup,
    plan: &Plan,
    simd: Verified,
    control: &dyn Control,
    g: G,
) -> Result<(Vec<T>, LayerSlots)>
where
    T: Output,
    G: Fn(Coef) -> T + Sync,
{
    let threads = crate::threads::resolve(setup.threads);
    let u = setup.unitary;
    let m = plan.m;
    let mut layers = Vec::with_capacity(plan.n + 1);
    for k in 0..=plan.n {
        let layer = plan.layout.layer(k, &plan.counts).ok_or_else(|| too_big(plan))?;
        layers.push(layer);
    }
    let total_work: u64 = layers.iter().skip(1).map(|l| l.total as u64).sum::<u64>().max(1);
    let done = AtomicU64::new(0);

    let mut sizes = [0usize; 2];
    // Layer 0 (the vacuum) always has its buffer, even when it is also the last layer.
    for (k, layer) in layers.iter().enumerate().take(plan.n.max(1)) {
        sizes[k % 2] = sizes[k % 2].max(layer.total);
    }
    let last = layers.pop().expect("layer n exists");
    // Doubles, two per coefficient, so that the buffer of layer n's parity can become the output. Zeroed
    // allocations: the pages are faulted in by the workers that first write them.
    let own = plan.n % 2;
    let mut lengths = [2 * sizes[0], 2 * sizes[1]];
    lengths[own] = lengths[own].max(T::reused_doubles(last.total));
    let mut buffers = lengths.map(|len| vec![0.0f64; len]);
    // Layer 0: the vacuum, present when the heralds can still be filled.
    if let Some(first) = buffers[0].first_mut() {
        *first = 1.0;
    }
    if plan.n == 0 {
        let values = as_coefs(&buffers[0])[..last.total].iter().map(|&c| g(c)).collect();
        return Ok((values, last));
    }
    let counts = &plan.counts;
    for k in 1..=plan.n {
        let column = plan.photon_modes[k - 1];
        let a_free: Vec<C64> = plan.free_modes.iter().map(|&j| u.data[j * m + column]).collect();
        let a_herald: Vec<C64> = plan.herald_modes.iter().map(|&j| u.data[j * m + column]).collect();
        let parent_slots = &layers[k - 1];
        let child_slots = layers.get(k).unwrap_or(&last);
        let weights = Weights::new::<Coef>(&a_free, &plan.sqrt_occupation);
        let tasks = layer_tasks::<Coef>(
            &plan.layout,
            parent_slots,
            child_slots,
            &weights,
            &a_herald,
            &plan.sqrt_occupation,
            counts,
        );
        let progress = Progress { control, done: &done, total_work };
        if k < plan.n {
            let [even, odd] = &mut buffers;
            let (parent, child) = if k.is_multiple_of(2) { (&*odd, even) } else { (&*even, odd) };
            let parent = &as_coefs(parent)[..parent_slots.total];
            let child = &mut as_coefs_mut(child)[..child_slots.total];
            run_layer(tasks, child, threads, progress, |task, slice: &mut [Coef], _: &mut Vec<Coef>| {
                kernel::run_task(slice, task, parent, &weights, counts, simd);
            })?;
        } else {
            let mut output = T::from_spent(std::mem::take(&mut buffers[own]), last.total);
            let parent = &as_coefs(&buffers[1 - own])[..parent_slots.total];
            run_layer(tasks, &mut output, threads, progress, |task, slice: &mut [T], scratch: &mut Vec<Coef>| {
                scratch.resize(task.len, [0.0; 2]);
                kernel::run_task(scratch, task, parent, &weights, counts, simd);
                slice.iter_mut().zip(scratch.iter()).for_each(|(out, &c)| *out = g(c));
            })?;
            return Ok((output, last));
        }
    }
    unreachable!("the loop returns at its last layer")
}

/// A layer buffer of doubles seen as coefficients `[re, im]`.
fn as_coefs(buffer: &[f64]) -> &[Coef] {
    buffer.as_chunks::<2>().0
}

fn as_coefs_mut(buffer: &mut [f64]) -> &mut [Coef] {
    buffer.as_chunks_mut::<2>().0
}

/// What the last layer step writes.
trait Output: Send + Copy + Default {
    /// Doubles this output can take over from a spent layer buffer for `len` values (0 when it cannot).
    fn reused_doubles(len: usize) -> usize;
    /// Storage for `len` values: `spent` (at least `reused_doubles(len)` long) taken over, or a fresh allocation.
    fn from_spent(spent: Vec<f64>, len: usize) -> Vec<Self>;
}

/// Probabilities take over the buffer of layer `n − 2`: every value is overwritten, so its old contents do not matter.
impl Output for f64 {
    fn reused_doubles(len: usize) -> usize {
        len
    }
    fn from_spent(mut spent: Vec<f64>, len: usize) -> Vec<f64> {
        assert!(spent.len() >= len, "the spent buffer was sized for the output");
        spent.truncate(len);
        spent
    }
}

/// Amplitudes have a buffer of their own.
impl Output for C64 {
    fn reused_doubles(_: usize) -> usize {
        0
    }
    fn from_spent(_: Vec<f64>, len: usize) -> Vec<C64> {
        vec![C64::ZERO; len]
    }
}

/// The tasks computing layer `child_slots` from layer `parent_slots` with the linear form (`weights` of the free
/// modes, `a_herald`).
fn layer_tasks<E: kernel::Elem>(
    layout: &Layout,
    parent_slots: &LayerSlots,
    child_slots: &LayerSlots,
    weights: &Weights<E::Factor>,
    a_herald: &[E::Factor],
    occ: &[f64],
    counts: &CountTable,
) -> Vec<Task<E::Factor>> {
    let mut tasks = Vec::new();
    for (idx, slot) in child_slots.slots.iter().enumerate() {
        let Some(slot) = slot else { continue };
        // Herald i's photon came last: the parent block with one photon fewer on herald i, same shape.
        let mut pending = Vec::new();
        let heralds_here = layout.prefix(idx);
        for (i, &coef) in a_herald.iter().enumerate() {
            if let Some(Some(src)) = layout.minus_one(idx, i).map(|p| parent_slots.slots.get(p).copied().flatten()) {
                pending.push((E::weigh(coef, occ[heralds_here[i] as usize]), src.offset));
            }
        }
        let parent_block = parent_slots.slots.get(idx).copied().flatten().map(|p| (p.offset, p.len));
        let task =
            Task { child_off: slot.offset, len: slot.len, pending, parent: parent_block, f0: 0, k: slot.free_photons };
        kernel::split::<E>(task, weights, TASK_STATES, counts, &mut tasks);
    }
    tasks
}

fn too_big(plan: &Plan) -> EngineError {
    EngineError::ResourceLimit {
        required_bytes: u64::MAX,
        limit_bytes: 0,
        message: format!("SLOS with {} photons on {} modes has more states than memory can address", plan.n, plan.m),
    }
}

/// Where a run's progress goes: `done` counts the states computed so far out of `total_work`.
#[derive(Clone, Copy)]
struct Progress<'a> {
    control: &'a dyn Control,
    done: &'a AtomicU64,
    total_work: u64,
}

/// Runs the tasks of one layer on `threads` threads: `step(task, slice, scratch)` computes one task into its own
/// disjoint slice of `child`, with `scratch` a buffer each worker keeps across its tasks.
fn run_layer<F: Send, T: Send, E, S>(
    tasks: Vec<Task<F>>,
    child: &mut [T],
    threads: usize,
    progress: Progress,
    step: S,
) -> Result<()>
where
    S: Fn(&Task<F>, &mut [T], &mut Vec<E>) + Sync,
{
    // Carve the child layer into the tasks' slices (tasks come in increasing, contiguous order).
    let mut pieces: Vec<(Task<F>, &mut [T])> = Vec::with_capacity(tasks.len());
    let mut rest: &mut [T] = child;
    let mut cursor = 0;
    for task in tasks {
        let skip = task.child_off - cursor;
        let (_, tail) = std::mem::take(&mut rest).split_at_mut(skip);
        let (mine, tail) = tail.split_at_mut(task.len);
        rest = tail;
        cursor = task.child_off + task.len;
        pieces.push((task, mine));
    }
    let Progress { control, done, total_work } = progress;
    let canceled = AtomicBool::new(false);
    let work = |task: &Task<F>, slice: &mut [T], scratch: &mut Vec<E>| -> bool {
        if canceled.load(Ordering::Relaxed) || control.is_canceled() {
            canceled.store(true, Ordering::Relaxed);
            return false;
        }
        step(task, slice, scratch);
        let now = done.fetch_add(task.len as u64, Ordering::Relaxed) + task.len as u64;
        control.progress(now as f64 / total_work as f64, PHASE);
        true
    };
    if threads <= 1 || pieces.iter().map(|(t, _)| t.len).sum::<usize>() < PARALLEL_MIN_STATES {
        let mut scratch = Vec::new();
        for (task, slice) in &mut pieces {
            if !work(task, slice, &mut scratch) {
                break;
            }
        }
    } else {
        let queue = Mutex::new(pieces.into_iter());
        crate::threads::run_workers(threads, || {
            let mut scratch = Vec::new();
            loop {
                let next = queue.lock().map_or(None, |mut q| q.next());
                let Some((task, slice)) = next else { break };
                if !work(&task, slice, &mut scratch) {
                    break;
                }
            }
        });
    }
    if canceled.load(Ordering::Relaxed) {
        Err(EngineError::Canceled)
    } else {
        Ok(())
    }
}

/// The blocks of a layer stored contiguously in `values` (as `slots` places them), handed out without copying the
/// common single block; several blocks are split off from the end, so each value is copied once.
fn into_blocks<T: Clone>(layout: &Layout, slots: &LayerSlots, mut values: Vec<T>) -> Vec<Block<T>> {
    let mut blocks = Vec::new();
    for (idx, slot) in slots.slots.iter().enumerate().rev() {
        let Some(slot) = slot else { continue };
        let values = if slot.offset == 0 {
            values.truncate(slot.len);
            std::mem::take(&mut values)
        } else {
            let mut tail = values.split_off(slot.offset);
            tail.truncate(slot.len);
            tail
        };
        blocks.push(Block { herald_occupations: layout.prefix(idx), free_photons: slot.free_photons, values });
    }
    blocks.reverse();
    blocks
}

/// The blocks of a layer that `keep` (by herald prefix index) selects, each coefficient mapped through `g`.
fn convert_blocks<T: Send + Copy + Default, G: Fn(Coef) -> T + Sync>(
    layout: &Layout,
    slots: &LayerSlots,
    coefs: &[Coef],
    keep: impl Fn(usize) -> bool,
    threads: usize,
    g: G,
) -> Vec<Block<T>> {
    let mut blocks = Vec::new();
    for (idx, slot) in slots.slots.iter().enumerate() {
        let Some(slot) = slot else { continue };
        if !keep(idx) {
            continue;
        }
        let source = &coefs[slot.offset..slot.offset + slot.len];
        let mut values = vec![T::default(); slot.len];
        let run = |(out, src): (&mut [T], &[Coef])| out.iter_mut().zip(src).for_each(|(o, &c)| *o = g(c));
        if threads <= 1 || slot.len < PARALLEL_MIN_STATES {
            run((&mut values, source));
        } else {
            let queue = Mutex::new(values.chunks_mut(FINISH_CHUNK).zip(source.chunks(FINISH_CHUNK)));
            crate::threads::run_workers(threads, || loop {
                let next = queue.lock().map_or(None, |mut q| q.next());
                let Some(job) = next else { break };
                run(job);
            });
        }
        blocks.push(Block { herald_occupations: layout.prefix(idx), free_photons: slot.free_photons, values });
    }
    blocks
}

/// The run's result as blocks of values.
fn finish<T: Clone>(plan: Plan, values: Vec<T>, slots: LayerSlots) -> Blocks<T> {
    let blocks = into_blocks(&plan.layout, &slots, values);
    Blocks { m: plan.m, n: plan.n, herald_modes: plan.herald_modes, free_modes: plan.free_modes, blocks }
}

/// `Π s_i!` of the input.
fn input_weight(setup: &SlosSetup) -> f64 {
    setup.input.iter().map(|&s| factorial(s as usize)).product()
}

/// Output probabilities `|⟨t|U|s⟩|²` of every output allowed by the heralds. Masked results are not normalised: the
/// missing mass is the probability that the heralds fail.
pub fn probabilities(setup: &SlosSetup, control: &dyn Control) -> Result<Blocks<f64>> {
    let plan = plan(setup)?;
    // The last layer holds ⟨t|U|s⟩·sqrt(Π s_i!).
    let scale = 1.0 / input_weight(setup);
    let (values, slots) = last_layer(setup, &plan, Verified::best(), control, |c| (c[0] * c[0] + c[1] * c[1]) * scale)?;
    Ok(finish(plan, values, slots))
}

/// Output amplitudes `⟨t|U|s⟩` of every output allowed by the heralds.
pub fn amplitudes(setup: &SlosSetup, control: &dyn Control) -> Result<Blocks<C64>> {
    amplitudes_on(setup, Verified::best(), control)
}

/// [`amplitudes`] with the layer kernels of `simd`.
fn amplitudes_on(setup: &SlosSetup, simd: Verified, control: &dyn Control) -> Result<Blocks<C64>> {
    let plan = plan(setup)?;
    let scale = 1.0 / input_weight(setup).sqrt();
    let (values, slots) = last_layer(setup, &plan, simd, control, |c| C64::new(c[0] * scale, c[1] * scale))?;
    Ok(finish(plan, values, slots))
}

/// One more distinguishable photon: the distribution of `dist` plus a photon that leaves in mode `j` with
/// probability `q[j]`, i.e. the convolution `P'(t) = Σ_j q[j]·P(t − e_j)`. In SLOS terms it multiplies the
/// probability polynomial by the linear form `Σ_j q_j x_j`, so it is one layer step on real numbers, with the same
/// blocks and herald pruning: `caps` are the expected counts of `dist`'s heralded modes and `total_photons` the
/// photons the final distribution will hold, so blocks that can no longer reach the heralds are dropped.
pub fn convolve_photon(
    dist: &Blocks<f64>,
    q: &[f64],
    caps: &[u8],
    total_photons: usize,
    threads: usize,
    control: &dyn Control,
) -> Result<Blocks<f64>> {
    let free = dist.free_modes.len();
    if q.len() != dist.m || caps.len() != dist.herald_modes.len() || total_photons <= dist.n {
        return Err(EngineError::validation(
            "photon",
            "the photon's distribution does not match the distribution's modes",
        ));
    }
    let layout = Layout::new(caps.to_vec(), free, total_photons, HeraldFit::Exact);
    let counts = CountTable::new(total_photons, free);
    // The parent layer, laid out contiguously with one slot per herald occupation.
    let mut parent = Vec::with_capacity(dist.len());
    let mut parent_slots = LayerSlots { slots: vec![None; layout.prefixes], total: 0 };
    for block in &dist.blocks {
        if block.herald_occupations.iter().zip(caps).any(|(o, c)| o > c) {
            continue;
        }
        let mut idx = 0;
        let mut stride = 1;
        for (&o, &cap) in block.herald_occupations.iter().zip(caps) {
            idx += o as usize * stride;
            stride *= cap as usize + 1;
        }
        parent_slots.slots[idx] =
            Some(layout::BlockSlot { offset: parent.len(), len: block.values.len(), free_photons: block.free_photons });
        parent.extend_from_slice(&block.values);
    }
    parent_slots.total = parent.len();
    let child_slots = layout.layer(dist.n + 1, &counts).ok_or_else(|| EngineError::ResourceLimit {
        required_bytes: u64::MAX,
        limit_bytes: 0,
        message: format!("{} photons on {} modes have more states than memory can address", dist.n + 1, dist.m),
    })?;
    let a_free: Vec<f64> = dist.free_modes.iter().map(|&j| q[j]).collect();
    let a_herald: Vec<f64> = dist.herald_modes.iter().map(|&j| q[j]).collect();
    // Probabilities of distinguishable photons simply add: no bosonic sqrt(d) factor.
    let ones = vec![1.0; total_photons + 1];
    let weights = Weights::new::<f64>(&a_free, &ones);
    let tasks = layer_tasks::<f64>(&layout, &parent_slots, &child_slots, &weights, &a_herald, &ones, &counts);
    let mut child = vec![0.0f64; child_slots.total];
    let done = AtomicU64::new(0);
    let threads = crate::threads::resolve(threads);
    let progress = Progress { control, done: &done, total_work: child_slots.total.max(1) as u64 };
    run_layer(tasks, &mut child, threads, progress, |task, slice: &mut [f64], _: &mut Vec<f64>| {
        kernel::run_task(slice, task, &parent, &weights, &counts, Verified::best());
    })?;
    drop(parent);
    let blocks = into_blocks(&layout, &child_slots, child);
    Ok(Blocks {
        m: dist.m,
        n: dist.n + 1,
        herald_modes: dist.herald_modes.clone(),
        free_modes: dist.free_modes.clone(),
        blocks,
    })
}

#[cfg(test)]
mod tests;
