import { processIo } from './io';
import { runCli } from './program';

// The binary's entry: the process's arguments, streams and environment; the exit code is set, not
// forced, so output to a pipe is written out before the process ends.
process.exitCode = await runCli(process.argv.slice(2), processIo());
