import { BSCount } from './bs-count.js';
import type { BSDistribution } from './bs-distribution.js';
import { BSSamples } from './bs-samples.js';

/** One state of a ranking: the state as text (`|1,0,1>`) and its probability or count. */
export interface StateRow {
  state: string;
  value: number;
}

/**
 * The `count` largest entries of a distribution or a count (samples are counted first), largest first (ties keep
 * their order): one pass with a bounded insertion list, never a sort of the whole (possibly 20-million-state)
 * collection.
 */
export function topStates(results: BSDistribution | BSCount | BSSamples, count: number): StateRow[] {
  const ranked = results instanceof BSSamples ? countSamples(results) : results;
  const top: { occupations: number[]; value: number }[] = [];
  ranked.forEachOccupation((occupations, value) => {
    if (count <= 0 || (top.length === count && value <= (top[top.length - 1]?.value ?? -Infinity))) return;
    let at = top.length;
    while (at > 0 && (top[at - 1]?.value ?? 0) < value) at--;
    top.splice(at, 0, { occupations: Array.from(occupations), value });
    if (top.length > count) top.pop();
  });
  return top.map(({ occupations, value }) => ({ state: `|${occupations.join(',')}>`, value }));
}

function countSamples(samples: BSSamples): BSCount {
  const counts = new BSCount();
  for (const state of samples) counts.add(state);
  return counts;
}
