// A server in a process of its own, for the tests that need one (blocking executeSync clients, kill -9
// restarts, SIGTERM). Options come as JSON in argv[2]; the first line on stdout is `READY <url>`.
import { runServerFromCli } from '../../dist/index.js';

const options = JSON.parse(process.argv[2] ?? '{}');
const server = await runServerFromCli({ ...options, logger: false });
process.stdout.write(`READY ${server.url}\n`);
const signal = await server.stopped;
process.stdout.write(`STOPPED ${signal ?? 'close'}\n`);
