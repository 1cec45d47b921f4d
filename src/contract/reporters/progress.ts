import type { PollEvent } from '../types.js';

export interface Progress {
  /** A poll listener that redraws one status line for the job or step named `label`. */
  listener(label: string): (event: PollEvent) => void;
  /** The job or step named `label` has ended: the line stops naming it. */
  end(label: string): void;
  /** Wipes the status line before the report is written. */
  clear(): void;
}

/**
 * The live one-line progress shown while polling. Off, it writes nothing: the caller decides
 * (a terminal, the text reporter, not CI), since only it knows where the output goes. With
 * several jobs running at once, the line shows the latest poll and how many others run.
 */
export function createProgress(stream: { write(text: string): unknown }, on: boolean): Progress {
  const running = new Map<string, string>();
  let shown: string | undefined;
  const draw = () => {
    if (!on) return;
    const line = shown === undefined ? undefined : running.get(shown);
    const others = running.size - (line === undefined ? 0 : 1);
    const more = others > 0 ? ` · ${others} more running` : '';
    stream.write(`\r\x1b[K${line === undefined ? '' : `  ${line}${more}`}`);
  };
  return {
    listener: (label) => (e) => {
      running.set(
        label,
        `${label} · poll ${e.poll} · ${e.state ?? '?'} · ${e.violations} violation${e.violations === 1 ? '' : 's'} · ${(e.elapsedMs / 1000).toFixed(1)} s`,
      );
      shown = label;
      draw();
    },
    end: (label) => {
      if (!running.delete(label)) return;
      if (shown === label) shown = [...running.keys()].at(-1);
      draw();
    },
    clear: () => {
      running.clear();
      shown = undefined;
      if (on) stream.write('\r\x1b[K');
    },
  };
}
