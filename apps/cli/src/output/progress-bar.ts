/** Where a progress bar draws: a terminal stream (stderr, so stdout stays clean for results). */
export interface ProgressStream {
  write(text: string): unknown;
  readonly columns?: number;
}

/** Redraws at most this often: fast enough to look live, slow enough to cost nothing. */
const REDRAW_INTERVAL_MS = 100;
const BAR_WIDTH = 30;
const EIGHTHS = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];

/** `width` cells of bar for a fraction in [0, 1], with eighth-cell resolution. */
export function barCells(fraction: number, width: number): string {
  const eighths = Math.round(Math.min(Math.max(fraction, 0), 1) * width * 8);
  const full = Math.floor(eighths / 8);
  const partial = EIGHTHS[eighths % 8] ?? '';
  return '█'.repeat(full) + partial;
}

/** Seconds as `4.2s`, `3m05s` or `1h02m`. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '?';
  if (seconds < 60) return `${seconds.toFixed(1)}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m${String(Math.floor(seconds % 60)).padStart(2, '0')}s`;
  return `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, '0')}m`;
}

/**
 * A one-line progress bar for a terminal: `[██████▍          ]  42% sampling · 3.1s`. It redraws in place at
 * most every 100 ms (updates in between are kept and drawn at the next redraw), and {@link clear} erases it
 * before results are printed.
 */
export class ProgressBar {
  readonly #stream: ProgressStream;
  readonly #startedAt = performance.now();
  #progress = 0;
  #message: string | undefined;
  #lastDrawAt = -Infinity;
  #timer: NodeJS.Timeout | undefined;
  #visible = false;

  constructor(stream: ProgressStream) {
    this.#stream = stream;
  }

  /** Records a progress update; draws now if the last redraw is old enough, else soon. */
  update(progress: number, message?: string): void {
    this.#progress = progress;
    this.#message = message;
    const now = performance.now();
    if (now - this.#lastDrawAt >= REDRAW_INTERVAL_MS) {
      this.draw();
    } else if (this.#timer === undefined) {
      this.#timer = setTimeout(() => {
        this.#timer = undefined;
        this.draw();
      }, REDRAW_INTERVAL_MS);
      this.#timer.unref();
    }
  }

  /** Draws the bar now with the last update. */
  draw(): void {
    this.#lastDrawAt = performance.now();
    const elapsed = (this.#lastDrawAt - this.#startedAt) / 1000;
    const percent = `${Math.floor(this.#progress * 100)}%`.padStart(4);
    const bar = barCells(this.#progress, BAR_WIDTH).padEnd(BAR_WIDTH, ' ');
    let line = `[${bar}] ${percent}`;
    if (this.#message !== undefined && this.#message !== '') line += ` ${this.#message}`;
    line += ` · ${formatDuration(elapsed)}`;
    // A terminal that does not know its width (e.g. under `script`) reports 0 columns.
    const columns = this.#stream.columns || 80;
    if (line.length > columns - 1) line = `${line.slice(0, Math.max(columns - 2, 10))}…`;
    this.#stream.write(`\r\x1b[2K${line}`);
    this.#visible = true;
  }

  /** Erases the bar (and stops any pending redraw). */
  clear(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#visible) this.#stream.write('\r\x1b[2K');
    this.#visible = false;
  }
}
