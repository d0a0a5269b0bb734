import { ValidationError } from '../../errors/index.js';
import { Barrier } from '../circuit/barrier.js';
import { Circuit } from '../circuit/circuit.js';
import type { Component } from '../circuit/component.js';
import { PERM } from '../circuit/permutation.js';
import { Experiment } from '../experiment.js';
import { BasicState } from '../state/basic-state.js';
import { clipText, escapeSvgText } from './svg-text.js';

/** Options of {@link circuitToSvg}. */
export interface CircuitSvgOptions {
  /** Title of the drawing (its `<title>`, read by screen readers); default: the circuit's name. */
  title?: string;
  /** Most columns drawn; the rest is summarised in one box (default 200). */
  maxColumns?: number;
}

/** Largest circuit drawn mode by mode; wider ones are refused (the drawing would be unreadable anyway). */
export const MAX_DRAWN_MODES = 256;

const MODE_GAP = 48;
const COLUMN_WIDTH = 96;
const BOX_WIDTH = 80;
const MARGIN_LEFT = 72;
const MARGIN_RIGHT = 56;
const MARGIN_Y = 32;
const LABEL_CHARS = 12;

/** A step of the drawing: what sits where. */
interface Placed {
  column: number;
  firstMode: number;
  m: number;
  element: Component | Circuit;
}

/**
 * Draws a circuit (or an experiment's circuit, with its input photons and heralds) as an SVG document, in the
 * manner of Perceval's `pdisplay`: one horizontal line per mode (mode 0 on top), each component a labelled box
 * over the modes it acts on (its name, and its parameters below), a nested circuit one box with its name, a
 * permutation as crossing wires, a barrier as a dashed line. Components are packed into columns as early as their
 * modes allow. Every text is escaped: a name such as `<img src=x onerror=…>` shows as those characters. Pure
 * text out (no DOM), presentation attributes only (no `style`), so a strict Content-Security-Policy displays it.
 *
 * @throws ValidationError (field `circuit`) for an experiment without a circuit, or more than
 *   {@link MAX_DRAWN_MODES} modes.
 */
export function circuitToSvg(source: Circuit | Experiment, options: CircuitSvgOptions = {}): string {
  const experiment = source instanceof Experiment ? source : undefined;
  const circuit = experiment === undefined ? source : experiment.circuit;
  if (!(circuit instanceof Circuit)) {
    throw new ValidationError('Nothing to draw: the experiment has no circuit', { field: 'circuit' });
  }
  if (circuit.m > MAX_DRAWN_MODES) {
    throw new ValidationError(
      `The circuit has ${circuit.m} modes; drawings are limited to ${MAX_DRAWN_MODES} modes`,
      { field: 'circuit' },
    );
  }
  const maxColumns = options.maxColumns ?? 200;
  const { placed, columns, hidden } = layout(circuit, maxColumns);
  const width = MARGIN_LEFT + Math.max(1, columns) * COLUMN_WIDTH + MARGIN_RIGHT;
  const height = 2 * MARGIN_Y + (circuit.m - 1) * MODE_GAP + 24;
  const y = (mode: number): number => MARGIN_Y + mode * MODE_GAP;
  const x = (column: number): number => MARGIN_LEFT + column * COLUMN_WIDTH + COLUMN_WIDTH / 2;
  const title = options.title ?? (experiment?.name || circuit.name);

  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" font-family="sans-serif" font-size="12">`,
    `<title>${escapeSvgText(title)}</title>`,
    `<rect x="0" y="0" width="${width}" height="${height}" fill="#ffffff"/>`,
  ];
  // Mode lines and their numbers.
  for (let mode = 0; mode < circuit.m; mode++) {
    parts.push(
      `<line x1="${MARGIN_LEFT - 24}" y1="${y(mode)}" x2="${width - MARGIN_RIGHT + 24}" y2="${y(mode)}" stroke="#333333" stroke-width="1.5"/>`,
      `<text x="8" y="${y(mode) + 4}" fill="#555555">${mode}</text>`,
    );
  }
  parts.push(...endLabels(experiment, circuit.m, y, width));
  for (const step of placed) parts.push(...drawStep(step, x, y));
  if (hidden > 0) {
    const left = x(columns - 1) - BOX_WIDTH / 2;
    parts.push(
      `<rect x="${left}" y="${y(0) - 16}" width="${BOX_WIDTH}" height="${y(circuit.m - 1) - y(0) + 32}" rx="6" fill="#eeeeee" stroke="#888888" stroke-dasharray="4 3"/>`,
      `<text x="${x(columns - 1)}" y="${(y(0) + y(circuit.m - 1)) / 2 + 4}" text-anchor="middle" fill="#333333">${hidden} more</text>`,
    );
  }
  parts.push('</svg>');
  return parts.join('\n');
}

/** Places each step in the first column after the last step on any of its modes (a barrier closes every mode). */
function layout(circuit: Circuit, maxColumns: number): { placed: Placed[]; columns: number; hidden: number } {
  const free = new Array<number>(circuit.m).fill(0);
  const placed: Placed[] = [];
  let hidden = 0;
  let columns = 0;
  for (const { firstMode, component } of circuit.components) {
    const m = component.m;
    const modes = component instanceof Barrier ? [...free.keys()] : range(firstMode, m);
    const column = Math.max(...modes.map((mode) => free[mode]!));
    if (column >= maxColumns - 1) {
      hidden++;
      columns = maxColumns;
      continue;
    }
    for (const mode of modes) free[mode] = column + 1;
    placed.push({ column, firstMode, m, element: component });
    columns = Math.max(columns, column + 1);
  }
  return { placed, columns, hidden };
}

function range(first: number, count: number): number[] {
  return Array.from({ length: count }, (_, i) => first + i);
}

function drawStep(step: Placed, x: (column: number) => number, y: (mode: number) => number): string[] {
  const cx = x(step.column);
  const top = y(step.firstMode);
  const bottom = y(step.firstMode + step.m - 1);
  const element = step.element;
  if (element instanceof Barrier) {
    return [
      `<line x1="${cx}" y1="${top - 18}" x2="${cx}" y2="${bottom + 18}" stroke="#999999" stroke-width="2" stroke-dasharray="6 4"/>`,
    ];
  }
  if (element instanceof PERM) {
    const left = cx - BOX_WIDTH / 2;
    const right = cx + BOX_WIDTH / 2;
    const wires = element.perm.map((out, input) => {
      const y0 = y(step.firstMode + input);
      const y1 = y(step.firstMode + out);
      return `<path d="M ${left} ${y0} C ${cx} ${y0}, ${cx} ${y1}, ${right} ${y1}" fill="none" stroke="#2b6cb0" stroke-width="2"/>`;
    });
    // The mode lines under the crossing are hidden behind a white band, so only the wires show.
    return [
      `<rect x="${left}" y="${top - 6}" width="${BOX_WIDTH}" height="${bottom - top + 12}" fill="#ffffff"/>`,
      ...wires,
      `<text x="${cx}" y="${top - 10}" text-anchor="middle" fill="#2b6cb0" font-size="10">PERM</text>`,
    ];
  }
  const nested = element instanceof Circuit;
  const [name, detail] = nested ? [element.name, `${element.m} modes`] : componentLabel(element);
  const fill = nested
    ? '#e2e8f0'
    : element.name.startsWith('BS')
      ? '#fde8c8'
      : element.name === 'PS'
        ? '#d9f0e3'
        : '#e6e0f5';
  const middle = (top + bottom) / 2;
  const parts = [
    `<rect x="${cx - BOX_WIDTH / 2}" y="${top - 16}" width="${BOX_WIDTH}" height="${bottom - top + 32}" rx="6" fill="${fill}" stroke="#444444" stroke-width="1.2"/>`,
    `<text x="${cx}" y="${middle - (detail ? 2 : -4)}" text-anchor="middle" font-weight="bold" fill="#111111">${escapeSvgText(clipText(name, LABEL_CHARS))}</text>`,
  ];
  if (detail) {
    parts.push(
      `<text x="${cx}" y="${middle + 12}" text-anchor="middle" font-size="10" fill="#333333">${escapeSvgText(clipText(detail, LABEL_CHARS + 2))}</text>`,
    );
  }
  return parts;
}

/**
 * A component's name and a short parameter line from its description: `BS.H(theta=1.5708)` gives `BS.H` and
 * `θ=1.5708`, `PS(phi=P('phi'))` gives `PS` and `φ=phi`.
 */
function componentLabel(component: Component): [string, string] {
  const description = component.describe();
  const open = description.indexOf('(');
  if (open < 0) return [component.name, ''];
  const inner = description
    .slice(open + 1, description.lastIndexOf(')'))
    .replace(/P\('([^']*)'\)/g, '$1')
    .replace(/\btheta=/g, 'θ=')
    .replace(/\bphi(\w*)=/g, 'φ$1=');
  const detail = inner.split(', ')[0] ?? '';
  // A named unitary describes itself as `Unitary(…, name='…')`: its own name is the label.
  const kind = description.slice(0, open);
  return [kind.startsWith(component.name) ? kind : component.name, detail];
}

/** Photons entering each mode (an experiment's BasicState input, heralds as `[n]`) and heralds at the output. */
function endLabels(
  experiment: Experiment | undefined,
  m: number,
  y: (mode: number) => number,
  width: number,
): string[] {
  if (experiment === undefined) return [];
  const parts: string[] = [];
  const inputs = new Map<number, string>();
  const input = experiment.input;
  if (input instanceof BasicState) {
    const modes = experiment.inputModes();
    modes.forEach((mode, i) => {
      inputs.set(mode, `|${input.get(i)}⟩`);
    });
  }
  for (const herald of experiment.heralds) {
    if (herald.onInput) inputs.set(herald.mode, `[${herald.expected}]`);
    if (herald.onOutput) {
      parts.push(
        `<text x="${width - MARGIN_RIGHT + 28}" y="${y(herald.mode) + 4}" fill="#9b2c2c">[${herald.expected}]</text>`,
      );
    }
  }
  for (const [mode, label] of inputs) {
    if (mode < m) {
      parts.push(
        `<text x="${MARGIN_LEFT - 26}" y="${y(mode) - 6}" text-anchor="end" fill="#1a365d" font-size="11">${escapeSvgText(label)}</text>`,
      );
    }
  }
  return parts;
}
