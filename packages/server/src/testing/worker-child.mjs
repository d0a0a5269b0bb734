// A worker of the distributed mode in a process of its own, for the multi-process tests. Options come as JSON in
// argv[2] (plus `logLevel`: pino JSON lines on stdout at that level; none without it); the first line on stdout is
// `READY`. SIGTERM closes it gracefully (running jobs put back in the queue), prints `STOPPED` and exits with 0.
import { pino } from 'pino';
import { startWorker } from '../../dist/index.js';

const { logLevel, ...options } = JSON.parse(process.argv[2] ?? '{}');
// Synchronous, so that the last lines before process.exit are not lost.
const logger =
  logLevel === undefined ? false : pino({ level: logLevel }, pino.destination({ fd: 1, sync: true }));
const worker = await startWorker({ ...options, logger });
process.on('SIGTERM', () => {
  void worker.close().then(() => {
    process.stdout.write('STOPPED\n');
    process.exit(0);
  });
});
process.stdout.write('READY\n');
