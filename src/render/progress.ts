// A progress bar on stderr for work that can take more than a second (a cold index build,
// an import): drawn only on a terminal, and only once the work has run a moment, so quick
// runs and pipes stay silent.
import type { Io } from '../io.js';

export interface ProgressBar {
  update: (done: number, total: number) => void;
  done: () => void;
}

const WIDTH = 30;
const QUIET_MS = 300;

export function progressBar(io: Io, label: string, clock: () => number = Date.now): ProgressBar {
  const started = clock();
  let drawn = false;
  if (!io.stderrIsTTY) return { update: () => {}, done: () => {} };
  return {
    update(done, total) {
      if (!drawn && clock() - started < QUIET_MS) return;
      drawn = true;
      const share = total ? Math.min(1, done / total) : 1;
      const full = Math.round(share * WIDTH);
      io.stderr.write(`\r${label} [${'█'.repeat(full)}${'░'.repeat(WIDTH - full)}] ${done}/${total}\x1b[K`);
    },
    done() {
      if (drawn) io.stderr.write('\r\x1b[K');
    },
  };
}
