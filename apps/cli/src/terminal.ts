import { ProgressBar } from './output/progress-bar.js';

/** A writable stream as the CLI uses it (a process stream, or a test double). */
export interface OutputStream {
  write(text: string): unknown;
  readonly isTTY?: boolean;
  readonly columns?: number;
}

/**
 * Where a command writes: results on stdout (human text, or one JSON document with `--json`), progress and
 * notes on stderr, so that `bosonic run x.json --json > out.json` keeps a clean file.
 */
export class Terminal {
  readonly stdout: OutputStream;
  readonly stderr: OutputStream;
  /** Machine-readable output: stdout receives exactly one JSON document. */
  readonly json: boolean;

  constructor(options: { stdout: OutputStream; stderr: OutputStream; json?: boolean }) {
    this.stdout = options.stdout;
    this.stderr = options.stderr;
    this.json = options.json ?? false;
  }

  /** Whether a progress bar can be drawn: stderr is a terminal. */
  get interactive(): boolean {
    return this.stderr.isTTY === true;
  }

  /** A line of results on stdout (human mode). */
  print(text = ''): void {
    this.stdout.write(`${text}\n`);
  }

  /** A note for the human on stderr (job id, cancellation, …); it never mixes with stdout's results. */
  note(text: string): void {
    this.stderr.write(`${text}\n`);
  }

  /** The JSON document of `--json` mode, on stdout. */
  printJson(value: unknown): void {
    this.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
  }

  /** A progress bar on stderr when it is a terminal, else undefined. */
  progressBar(): ProgressBar | undefined {
    return this.interactive ? new ProgressBar(this.stderr) : undefined;
  }
}
