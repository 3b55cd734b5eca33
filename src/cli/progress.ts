import type { Writable } from 'node:stream';
import { Presets, SingleBar } from 'cli-progress';

export interface ProgressBar {
  /** Sets the position (and the total, when known); starts the bar on first use. */
  update(done: number, total: number): void;
  stop(): void;
}

/**
 * A progress bar on `stream` (the command's standard error) with rows/s and the time left, for long
 * loads. On a terminal it redraws in place; otherwise (a log, a pipe) it writes a plain line at most
 * every `logEveryMs` (or nothing, with `log: false`).
 */
export function progressBar(
  label: string,
  stream: Writable & { isTTY?: boolean },
  options: {
    logEveryMs?: number /** Write plain lines when not on a terminal (default true). */;
    log?: boolean;
  } = {},
): ProgressBar {
  const tty = stream.isTTY === true;
  const started = Date.now();
  let bar: SingleBar | undefined;
  let lastLog = 0;
  let first: number | undefined;
  const rate = (done: number) => {
    const seconds = (Date.now() - started) / 1000;
    return seconds > 0 ? Math.round((done - (first ?? 0)) / seconds) : 0;
  };
  return {
    update(done, total) {
      first ??= done;
      if (!tty) {
        if (options.log === false) return;
        const now = Date.now();
        if (now - lastLog < (options.logEveryMs ?? 0) && done < total) return;
        lastLog = now;
        stream.write(
          `${label}: ${done.toLocaleString('en-US')}/${total.toLocaleString('en-US')} lines, ${rate(done).toLocaleString('en-US')} rows/s\n`,
        );
        return;
      }
      if (!bar) {
        bar = new SingleBar(
          {
            stream,
            format: `${label} [{bar}] {percentage}% | {value}/{total} | {rate} rows/s | {eta_formatted} left`,
            hideCursor: true,
            etaBuffer: 20,
          },
          Presets.shades_classic,
        );
        bar.start(total, done, { rate: 0 });
      }
      bar.setTotal(total);
      bar.update(done, { rate: rate(done).toLocaleString('en-US') });
    },
    stop() {
      bar?.stop();
    },
  };
}
