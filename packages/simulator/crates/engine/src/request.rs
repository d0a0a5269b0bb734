//! Plain-Rust description of one simulation request and of its results.
//!
//! The Node binding fills a [`Request`] from the JS `Processor` and turns the results back into typed arrays. Every
//! field is validated by the engine (see `pipeline::validate`), so the binding only translates shapes. Conventions
//! follow docs/conventions.md: unitaries are `U[out, in]`, elements apply in the order listed, Fock
//! states of a dense result enumerate in Perceval's `FSArray` order (`crate::fock`).

use crate::complex::C64;
use crate::matrix::Matrix;

/// Which algorithm computes the linear-optics part.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    /// Strong simulation layer by layer (SLOS): full distributions and amplitudes.
    Slos,
    /// Strong simulation by one permanent per output state.
    Naive,
    /// Clifford & Clifford 2017 sampling. `probs` estimates from 10 000 samples, as Perceval's Sampler does.
    Clifford2017,
    /// Naive with Gurvits' estimate of each permanent (`iterations` draws each) in place of its exact value:
    /// Perceval's `NaiveApprox`, for single amplitudes of many photons.
    NaiveApprox { iterations: u64 },
    /// Matrix product states cut to a bond dimension (Perceval's `MPS`; `cutoff` None is Perceval's default `n + 1`):
    /// components on one or two neighbouring modes, permutations decomposed into neighbour swaps.
    Mps { cutoff: Option<usize> },
}

impl Backend {
    /// The name the TypeScript layer uses (`'SLOS'`, `'Naive'`, `'CliffordClifford2017'`), for messages.
    pub fn name(self) -> &'static str {
        match self {
            Backend::Slos => "SLOS",
            Backend::Naive => "Naive",
            Backend::Clifford2017 => "CliffordClifford2017",
            Backend::NaiveApprox { .. } => "NaiveApprox",
            Backend::Mps { .. } => "MPS",
        }
    }
}

/// The optical circuit: `m` modes and its elements in the order light meets them.
#[derive(Clone, Debug)]
pub struct CircuitSpec {
    /// Number of modes of the processor, heralded modes included.
    pub m: usize,
    /// Elements in application order. Consecutive unitaries are multiplied (`U = U_last · … · U_first`).
    pub elements: Vec<Element>,
}

#[derive(Clone, Debug)]
pub enum Element {
    /// A unitary `matrix` (size k×k, `U[out, in]`) acting on modes `first_mode .. first_mode + k`.
    Unitary { first_mode: usize, matrix: Matrix },
    /// A loss channel `LC(loss)` on `mode`: the photon survives with probability `1 − loss`. Simulated with a virtual
    /// mode coupled by `BS.H(r_to_theta(1 − loss))` and traced out.
    Loss { mode: usize, loss: f64 },
    /// A hidden mode, numbered after the `m` real ones (and the hidden modes declared before it), that enters with
    /// `photons` photons and is traced out of every result: the earlier time steps and delay lines of a circuit with
    /// time delays unrolled over time (Perceval's delay simulation). Unitaries and losses may act on hidden modes.
    /// Needs a Fock-state input through a perfect source (the hidden photons join its one group of photons).
    Hidden { photons: u8 },
}

/// Imperfections of the single-photon source (Perceval's `NoiseModel` / `Source`). `SourceNoise::default()` is a
/// perfect source.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SourceNoise {
    /// Probability β that a pulse emits (in `[0, 1]`).
    pub brightness: f64,
    /// Second-order correlation g2 of the emitted light (in `[0, 1)`; the multiphoton component).
    pub g2: f64,
    /// When true, the extra photon of a two-photon emission is distinguishable from everything (fresh noise tag);
    /// when false it is indistinguishable from the signal photon (Perceval's `g2_distinguishable`).
    pub g2_distinguishable: bool,
    /// HOM indistinguishability M (in `[0, 1]`).
    pub indistinguishability: f64,
    /// Probability that an emitted photon reaches the circuit (1 − losses, in `[0, 1]`).
    pub transmittance: f64,
}

impl Default for SourceNoise {
    fn default() -> Self {
        SourceNoise {
            brightness: 1.0,
            g2: 0.0,
            g2_distinguishable: true,
            indistinguishability: 1.0,
            transmittance: 1.0,
        }
    }
}

impl SourceNoise {
    /// True when the source always emits exactly the requested photons, all indistinguishable.
    pub fn is_perfect(&self) -> bool {
        self.brightness == 1.0 && self.g2 == 0.0 && self.indistinguishability == 1.0 && self.transmittance == 1.0
    }
}

/// One photon of a [`TaggedState`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TaggedPhoton {
    /// Mode the photon occupies (0-based, over all `m` modes of the processor).
    pub mode: usize,
    /// Noise tag: photons with equal tags are indistinguishable, different tags fully distinguishable. Plain
    /// (unannotated) photons carry tag 0, as in Perceval's `NoisyFockState`.
    pub tag: u32,
}

/// A Fock state whose photons may carry noise tags (Perceval's `NoisyFockState`, e.g. `|{0},{1}>`). The order of
/// `photons` does not matter.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct TaggedState {
    /// Number of modes.
    pub m: usize,
    pub photons: Vec<TaggedPhoton>,
}

impl TaggedState {
    /// A state without tags from its occupation numbers.
    pub fn from_occupations(occupations: &[u8]) -> TaggedState {
        let mut photons = Vec::new();
        for (mode, &k) in occupations.iter().enumerate() {
            for _ in 0..k {
                photons.push(TaggedPhoton { mode, tag: 0 });
            }
        }
        TaggedState { m: occupations.len(), photons }
    }

    /// Occupation numbers with tags forgotten.
    pub fn occupations(&self) -> Vec<u8> {
        let mut occ = vec![0u8; self.m];
        for p in &self.photons {
            if p.mode < self.m {
                occ[p.mode] = occ[p.mode].saturating_add(1);
            }
        }
        occ
    }

    /// Photons sorted by (mode, tag): the canonical form used to compare states.
    pub fn canonical(&self) -> TaggedState {
        let mut photons = self.photons.clone();
        photons.sort_unstable();
        TaggedState { m: self.m, photons }
    }
}

/// A superposition `Σ amplitude · state` (Perceval's `StateVector`). Normalised by the engine before use.
#[derive(Clone, Debug, PartialEq)]
pub struct StateVectorSpec {
    pub terms: Vec<(C64, TaggedState)>,
}

/// What enters the circuit.
#[derive(Clone, Debug)]
pub enum InputSpec {
    /// A Fock state emitted by a (possibly noisy) source. `occupations` has `m` entries and includes the photons
    /// injected on input-heralded modes (they also go through the source, as in Perceval).
    Source { occupations: Vec<u8>, noise: SourceNoise },
    /// A mixed state (Perceval's `SVDistribution`): `(probability, state vector)` pairs. Probabilities are
    /// renormalised; each state vector is normalised.
    Mixed(Vec<(f64, StateVectorSpec)>),
}

/// An output herald: results are kept only when `mode` holds exactly `expected` photons.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Herald {
    pub mode: usize,
    pub expected: u8,
}

/// Comparison operator of a post-selection condition.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cmp {
    Eq,
    Lt,
    Gt,
    Le,
    Ge,
}

/// Perceval's `PostSelect` as a tree. Mode indices refer to the processor's modes with heralded modes included
/// (Perceval evaluates the expression before removing heralds), e.g. `[0,1]==1 & [2,3]==1` on the 6-mode CNOT.
#[derive(Clone, Debug, PartialEq)]
pub enum PostSelectExpr {
    /// `Σ_{i ∈ modes} state[i]  op  value`.
    Condition {
        modes: Vec<usize>,
        op: Cmp,
        value: i64,
    },
    And(Vec<PostSelectExpr>),
    Or(Vec<PostSelectExpr>),
    /// True when an odd number of operands hold.
    Xor(Vec<PostSelectExpr>),
    /// Accepts every state (an empty `PostSelect()`).
    True,
}

/// Detector on one output mode.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum DetectorSpec {
    /// Photon-number resolving: reports the photon count.
    Pnr,
    /// Reports 1 for one photon or more.
    Threshold,
    /// Pseudo-PNR: `wires` threshold wires (None = infinitely many), at most `max_detections` counts (None = no cap),
    /// each photon seen with probability `efficiency`.
    Ppnr { wires: Option<u32>, max_detections: Option<u32>, efficiency: f64 },
}

/// Everything a simulation needs.
#[derive(Clone, Debug)]
pub struct Request {
    pub backend: Backend,
    pub circuit: CircuitSpec,
    pub input: InputSpec,
    /// The polarization simulation: the `m` real modes are the H and V modes (`2k`, `2k + 1`) of `m / 2` spatial
    /// modes, and a detector sees the photons of both. Detectors, heralds, post-selection, the min-detected-photons
    /// filter and the results of `probs` and `samples` are then over the spatial modes; amplitudes and `evolve` stay
    /// over the real modes (`evolve` checks heralds and post-selection on the spatial counts and drops both real
    /// modes of a heralded spatial mode unless `keep_heralds`).
    pub polarized: bool,
    /// Output heralds (location `in_out` or `output`). Input-side herald photons are already in the input.
    pub heralds: Vec<Herald>,
    /// Keep the heralded modes in the results (default false: they are removed).
    pub keep_heralds: bool,
    pub post_select: Option<PostSelectExpr>,
    /// One detector per mode, or empty for PNR everywhere.
    pub detectors: Vec<DetectorSpec>,
    /// Every detector is a threshold detector (overrides `detectors`).
    pub thresholded_output: bool,
    /// Minimum photons (clicks, with threshold detectors) counted on the non-heralded modes; the engine adds the
    /// heralds' expected photons. `None` applies no filter.
    pub min_detected_photons: Option<usize>,
    /// Input states of a noisy source with probability below `precision × (largest probability)` are neglected.
    /// `None` means 1e-6, as Perceval.
    pub precision: Option<f64>,
    /// Refuse requests that need more memory than this; `None` means 70 % of the available memory.
    pub memory_limit_bytes: Option<u64>,
    /// Worker threads; 0 uses every available core.
    pub threads: usize,
    /// Seed of all random draws (sampling, noise); equal seeds give equal samples.
    pub seed: u64,
}

impl Request {
    /// A request with a perfect source and no heralds, post-selection, detectors nor filter.
    pub fn new(backend: Backend, circuit: CircuitSpec, occupations: Vec<u8>) -> Request {
        Request {
            backend,
            circuit,
            input: InputSpec::Source { occupations, noise: SourceNoise::default() },
            polarized: false,
            heralds: Vec::new(),
            keep_heralds: false,
            post_select: None,
            detectors: Vec::new(),
            thresholded_output: false,
            min_detected_photons: None,
            precision: None,
            memory_limit_bytes: None,
            threads: 0,
            seed: 0,
        }
    }
}

/// How a [`Distribution`] stores its states.
#[derive(Clone, Debug, PartialEq)]
pub enum DistributionStorage {
    /// Every state with `n` photons on `m` modes, `probs[rank]` in `FSArray` order (`crate::fock::rank`).
    Dense { n: usize, probs: Vec<f64> },
    /// Listed states: `occupations` holds `m` bytes per state, `probs` one value per state. Sorted by photon count,
    /// then in `FSArray` order.
    Sparse { occupations: Vec<u8>, probs: Vec<f64> },
}

/// Output probabilities with the perf figures of Perceval's `probs()`.
#[derive(Clone, Debug, PartialEq)]
pub struct Distribution {
    /// Modes of the reported states (heralded modes removed unless `keep_heralds`).
    pub m: usize,
    pub storage: DistributionStorage,
    /// `physical_perf × logical_perf`.
    pub global_perf: f64,
    /// Probability that enough photons were detected (min-detected-photons filter, source losses).
    pub physical_perf: f64,
    /// Probability that heralds and post-selection accept, given the physical filter passed.
    pub logical_perf: f64,
}

/// Probabilities below this fraction of a distribution's total are rounding noise, as Perceval's `min_p`: the
/// `|1,1>` of a Hong-Ou-Mandel dip comes out of the arithmetic as about 5e-32, and is reported as an exact 0.
pub const PROBABILITY_FLOOR: f64 = 1e-16;

/// A perf figure is a probability; sums of rounded terms can overshoot 1 (or 0) by an ulp.
fn perf_in_range(perf: f64) -> f64 {
    perf.clamp(0.0, 1.0)
}

impl Distribution {
    /// The last step of every computation: rounding noise below [`PROBABILITY_FLOOR`] becomes exact zeros, and the
    /// perf figures are kept within [0, 1].
    pub(crate) fn settled(mut self) -> Self {
        let probs = match &mut self.storage {
            DistributionStorage::Dense { probs, .. } | DistributionStorage::Sparse { probs, .. } => probs,
        };
        // Results are normalised (or empty) by now, so the floor needs no pass to sum them first.
        probs.iter_mut().filter(|p| **p < PROBABILITY_FLOOR).for_each(|p| *p = 0.0);
        self.global_perf = perf_in_range(self.global_perf);
        self.physical_perf = perf_in_range(self.physical_perf);
        self.logical_perf = perf_in_range(self.logical_perf);
        self
    }
}

impl Samples {
    /// The last step of sampling: the perf estimates are kept within [0, 1].
    pub(crate) fn settled(mut self) -> Self {
        self.global_perf = perf_in_range(self.global_perf);
        self.physical_perf = perf_in_range(self.physical_perf);
        self.logical_perf = perf_in_range(self.logical_perf);
        self
    }
}

/// Drawn output states, in draw order.
#[derive(Clone, Debug, PartialEq)]
pub struct Samples {
    /// Modes of each sample (heralded modes removed unless `keep_heralds`).
    pub m: usize,
    /// `m` bytes per sample.
    pub occupations: Vec<u8>,
    pub count: usize,
    pub global_perf: f64,
    pub physical_perf: f64,
    pub logical_perf: f64,
    /// True when the caller canceled: the samples drawn so far are returned.
    pub canceled: bool,
}

/// The output state vector of `evolve()` (perfect sources only): normalised, terms in `FSArray` order of their
/// untagged occupations.
#[derive(Clone, Debug, PartialEq)]
pub struct StateVectorResult {
    pub m: usize,
    pub terms: Vec<(C64, TaggedState)>,
}
