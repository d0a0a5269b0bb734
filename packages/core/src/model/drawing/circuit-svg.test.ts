import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../errors/index.js';
import { Barrier } from '../circuit/barrier.js';
import { BS } from '../circuit/beam-splitter.js';
import { Circuit } from '../circuit/circuit.js';
import { ComplexMatrix } from '../circuit/complex-matrix.js';
import { P } from '../circuit/parameter.js';
import { PERM } from '../circuit/permutation.js';
import { PS } from '../circuit/phase-shifter.js';
import { Unitary } from '../circuit/unitary.js';
import { Experiment } from '../experiment.js';
import { BasicState } from '../state/basic-state.js';
import { circuitToSvg, MAX_DRAWN_MODES } from './circuit-svg.js';

/** The text contents of the `<text>` elements, entities decoded. */
function texts(svg: string): string[] {
  return [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((match) =>
    match[1]!
      .replaceAll('&lt;', '<')
      .replaceAll('&gt;', '>')
      .replaceAll('&quot;', '"')
      .replaceAll('&#39;', "'")
      .replaceAll('&amp;', '&'),
  );
}

/** Every `<` of the document opens or closes an element we draw: no markup came from the circuit's text. */
function onlyOurElements(svg: string): boolean {
  return [...svg.matchAll(/<\/?([a-zA-Z]+)/g)].every((match) =>
    ['svg', 'title', 'rect', 'line', 'text', 'path'].includes(match[1]!),
  );
}

describe('circuitToSvg', () => {
  it('draws one line per mode and each component as a labelled box with its parameters (reference #5)', () => {
    const circuit = new Circuit(3)
      .add(0, BS.H())
      .add(1, new PS(Math.PI / 4))
      .add(1, BS.H());
    const svg = circuitToSvg(circuit);
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.endsWith('</svg>')).toBe(true);
    expect(svg.match(/<line [^>]*stroke="#333333"/g)).toHaveLength(3);
    const labels = texts(svg);
    expect(labels.filter((text) => text === 'BS.H')).toHaveLength(2);
    expect(labels).toContain('PS');
    expect(labels).toContain('φ=0.785398');
    expect(labels.slice(0, 3)).toEqual(['0', '1', '2']);
    expect(svg).not.toContain('style=');
    expect(onlyOurElements(svg)).toBe(true);
  });

  it('packs components into the earliest column their modes allow', () => {
    // BS on 0-1 and BS on 2-3 share a column; the third, on 1-2, needs a second one.
    const svg = circuitToSvg(new Circuit(4).add(0, BS.H()).add(2, BS.H()).add(1, BS.H()));
    const boxes = [...svg.matchAll(/<rect x="([\d.]+)" y="[\d.]+" width="80"/g)].map((match) =>
      Number(match[1]),
    );
    expect(boxes).toHaveLength(3);
    expect(boxes[0]).toBe(boxes[1]);
    expect(boxes[2]).toBeGreaterThan(boxes[0]!);
  });

  it('shows symbolic parameters by name, nested circuits as one box, permutations as wires, barriers dashed', () => {
    const inner = new Circuit(2, { name: 'MZI' })
      .add(0, BS.H())
      .add(0, new PS(P('phi')))
      .add(0, BS.H());
    const svg = circuitToSvg(
      new Circuit(3)
        .add(0, new PS(P('theta')))
        .add(0, inner)
        .add(0, new Barrier(3))
        .add(0, new PERM([2, 0, 1])),
    );
    const labels = texts(svg);
    expect(labels).toContain('φ=theta');
    expect(labels).toContain('MZI');
    expect(labels).toContain('2 modes');
    expect(labels).toContain('PERM');
    expect(svg.match(/<path /g)).toHaveLength(3);
    expect(svg).toContain('stroke-dasharray="6 4"');
  });

  it('escapes every text: a hostile name is drawn as its characters, never as markup', () => {
    const hostile = '<img src=x onerror=alert(1)>';
    const circuit = new Circuit(2, { name: '</title><script>alert(1)</script>' }).add(
      0,
      new Unitary(ComplexMatrix.identity(2), { name: hostile }),
    );
    const svg = circuitToSvg(circuit);
    expect(onlyOurElements(svg)).toBe(true);
    expect(svg).toContain('<title>&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;</title>');
    // Cut to the box's width, still as text.
    expect(texts(svg)).toContain('<img src=x …');
  });

  it('labels an experiment’s input photons and heralds', () => {
    const experiment = new Experiment(new Circuit(3).add(0, BS.H()).add(1, BS.H()))
      .addHerald(2, 0)
      .withInput(new BasicState([1, 1]));
    const labels = texts(circuitToSvg(experiment));
    expect(labels.filter((text) => text === '|1⟩')).toHaveLength(2);
    expect(labels.filter((text) => text === '[0]')).toHaveLength(2);
  });

  it('refuses what it cannot draw, with a ValidationError', () => {
    expect(() => circuitToSvg(new Experiment())).toThrow(ValidationError);
    expect(() => circuitToSvg(new Circuit(MAX_DRAWN_MODES + 1))).toThrow(/limited to 256 modes/);
  });

  it('summarises columns beyond maxColumns in one box', () => {
    const long = new Circuit(2);
    for (let i = 0; i < 30; i++) long.add(0, BS.H());
    expect(texts(circuitToSvg(long, { maxColumns: 10 }))).toContain('21 more');
  });
});
