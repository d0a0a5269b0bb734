import { eraseCodec, type PcvlCodec } from './codec.js';
import { basicStateCodec } from './codecs/basic-state-codec.js';
import { bsCountCodec } from './codecs/bs-count-codec.js';
import { bsDistributionCodec } from './codecs/bs-distribution-codec.js';
import { bsSamplesCodec } from './codecs/bs-samples-codec.js';
import { circuitCodec, componentCodec } from './codecs/circuit-codec.js';
import { detectorCodec } from './codecs/detector-codec.js';
import { experimentCodec } from './codecs/experiment-codec.js';
import { matrixCodec } from './codecs/matrix-codec.js';
import { noiseModelCodec } from './codecs/noise-model-codec.js';
import { postSelectCodec } from './codecs/post-select-codec.js';
import { stateVectorCodec } from './codecs/state-vector-codec.js';
import { svDistributionCodec } from './codecs/sv-distribution-codec.js';

/**
 * Every `:PCVL:` type bosonic reads and writes. Order matters when serializing: the first codec that accepts a
 * value writes it (a circuit before a bare component).
 */
export const CODECS: readonly PcvlCodec<unknown>[] = [
  eraseCodec(basicStateCodec),
  eraseCodec(stateVectorCodec),
  eraseCodec(svDistributionCodec),
  eraseCodec(bsDistributionCodec),
  eraseCodec(bsCountCodec),
  eraseCodec(bsSamplesCodec),
  eraseCodec(noiseModelCodec),
  eraseCodec(postSelectCodec),
  eraseCodec(detectorCodec),
  eraseCodec(matrixCodec),
  eraseCodec(circuitCodec),
  eraseCodec(componentCodec),
  eraseCodec(experimentCodec),
];

const BY_TAG: ReadonlyMap<string, PcvlCodec<unknown>> = new Map(CODECS.map((codec) => [codec.tag, codec]));

/** The codec that writes `value`, if any. */
export function codecFor(value: unknown): PcvlCodec<unknown> | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  return CODECS.find((codec) => codec.accepts(value));
}

/** The codec of a tag, if bosonic knows it. */
export function codecOfTag(tag: string): PcvlCodec<unknown> | undefined {
  return BY_TAG.get(tag);
}

/** The tags bosonic reads and writes. */
export function knownTags(): string[] {
  return [...BY_TAG.keys()];
}
