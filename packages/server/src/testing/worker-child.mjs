// A worker of the distributed mode in a process of its own, for the multi-process tests. Options come as JSON in
// argv[2]; the first line on stdout is `READY`. SIGTERM closes it gracefully (jobs put back in the queue).
import { startWorker } from '../../dist/index.js';

const options = JSON.parse(process.argv[2] ?? '{}');
const worker = await startWorker({ ...options, logger: false });
process.on('SIGTERM', () => {
  void worker.close().then(() => process.exit(0));
});
process.stdout.write('READY\n');
