import {
  BasicState,
  BS,
  Circuit,
  ComplexMatrix,
  Detector,
  Experiment,
  LC,
  NoiseModel,
  PERM,
  PostSelect,
  PS,
  Unitary,
} from '@bosonic/core';
import { serialize } from '../serialize.js';

/**
 * Well-formed `:PCVL:` strings of every type bosonic reads, uncompressed, as the fuzzer's starting points: each
 * mutation of one stays close enough to the grammar to reach the parser's inner paths.
 */
export function seedCorpus(): string[] {
  const circuit = new Circuit(4)
    .add(0, BS.H())
    .add(1, new PS(Math.PI / 4))
    .add(2, new BS())
    .add(0, new PERM([1, 0]))
    .add(2, new Unitary(ComplexMatrix.identity(2)));
  const experiment = new Experiment(circuit)
    .addHerald(3, 0)
    .withInput(BasicState.parse('|1,0,1>'))
    .setPostSelection(new PostSelect('[0,1]==1 & ([2]<2 | [0]>=1)'))
    .setNoise(new NoiseModel({ brightness: 0.9, indistinguishability: 0.85 }))
    .setDetector(1, Detector.threshold());
  const plain = (value: unknown): string => serialize(value, { compress: false }) as string;
  return [
    ':PCVL:BasicState:|1,0,1>',
    ':PCVL:BasicState:|{0},{1},0>',
    ':PCVL:BasicState:|2{0}{1},0>',
    ':PCVL:BasicState:|{_:0},{_:1}>',
    ':PCVL:BasicState:|{P:H},{P:V},2{P:(pi/2,3*pi/2)}>',
    ':PCVL:BasicState:|>',
    ':PCVL:StateVector:(0.5,0.5)*|0,1>+(0.5,-0.5)*|1,0>',
    ':PCVL:SVDistribution:{(1,0)*|1,0>=0.5;(0.707107,0)*|1,0>+(0.707107,0)*|0,1>=0.5}',
    ':PCVL:BSDistribution:{|1,0>=0.487179;|0,1>=0.487179;|1,1>=0.001923}',
    ':PCVL:BSCount:{|1,0>=4841;|0,1>=4875;|1,1>=22}',
    ':PCVL:BSSamples:|1,0>;|0,1>/0;1;1;0',
    ':PCVL:BSSamples:/',
    ':PCVL:NoiseModel:{"indistinguishability": 0.85, "transmittance": 0.05}',
    ':PCVL:PostSelect:[0,1]==1 & [2,3]==1',
    ':PCVL:PostSelect:([1,2]>=1 & [3] < 2) | ([4] == 1 xor [5] > 0)',
    plain(Detector.ppnr(4, 2)),
    plain(ComplexMatrix.identity(2)),
    plain(circuit),
    plain(new LC(0.2)),
    plain(experiment),
  ];
}
