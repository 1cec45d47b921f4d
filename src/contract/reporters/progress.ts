import type { PollEvent } from '../types.js';

export interface Progress {
  /** A poll listener that redraws one status line for the job or step named `label`. */
  listener(label: string): (event: PollEvent) => void;
  /** Wipes the status line before the report is written. */
  clear(): void;
}

/**
 * The live one-line progress shown while polling. Off, it writes nothing: the caller decides
 * (a terminal, the text reporter, not CI), since only it knows where the output goes.
 */
export function createProgress(stream: { write(text: string): unknown }, on: boolean): Progress {
  return {
    listener: (label) => (e) => {
      if (on)
        stream.write(
          `\r\x1b[K  ${label} · poll ${e.poll} · ${e.state ?? '?'} · ${e.violations} violation${e.violations === 1 ? '' : 's'} · ${(e.elapsedMs / 1000).toFixed(1)} s`,
        );
    },
    clear: () => {
      if (on) stream.write('\r\x1b[K');
    },
  };
}
