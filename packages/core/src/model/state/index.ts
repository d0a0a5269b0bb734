export {
  BasicState,
  type PhotonPolarization,
  type PhotonTag,
  type StateLike,
} from './basic-state.js';
export { BSCount } from './bs-count.js';
export { BSDistribution, DistributionSampler } from './bs-distribution.js';
export { BSSamples } from './bs-samples.js';
export {
  FockSpace,
  fockSpace,
  fockSpaceSize,
  fockSpaceSizeApprox,
  fockStates,
  nextFockState,
  rankOf,
  unrank,
} from './fock-space.js';
export { Polarization } from './polarization.js';
export { type AmplitudeLike, StateVector } from './state-vector.js';
export { type PureStateLike, SVDistribution } from './sv-distribution.js';
export { type StateRow, topStates } from './top-states.js';
