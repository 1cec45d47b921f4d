import { existsSync, type FSWatcher, statSync, watch } from 'node:fs';
import { basename, dirname } from 'node:path';
import { isJobkitError } from '../../errors.js';
import type { MockAppOptions } from '../../mock/app.js';
import type { MockServer } from '../../mock/listen.js';
import type { ServeSettings } from './serve-settings.js';

/** Changes this close together are one edit (an editor writes a file in several steps). */
const SETTLE_MS = 150;

export interface ServeWatchOptions {
  server: MockServer;
  /** The settings read again (the config file included); throws when they are wrong. */
  settings: () => ServeSettings;
  /** The mock's options for these settings, with a registry loaded afresh. */
  mockOptions: (settings: ServeSettings) => Promise<MockAppOptions>;
  /** The config's faults and jobs, into the new mock (jobs whose id is held already are kept as they are). */
  preload: (server: MockServer, settings: ServeSettings) => Promise<void>;
  /** Folders and files to watch: the config file and every vendor folder. */
  paths: string[];
  tell: (line: string) => void;
}

/**
 * `jobkit serve --watch`: when the config file or a vendor folder changes, the mock is rebuilt
 * from them on the same port and clock, keeping the jobs whose vendor (and scenario) still
 * exists. A change that fails to load is told and the previous mock keeps serving.
 */
export function watchServe(options: ServeWatchOptions): { close(): void; reload(): Promise<void> } {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const reload = async () => {
    try {
      const next = options.settings();
      const moved = options.server.reload(await options.mockOptions(next));
      await options.preload(options.server, next);
      options.tell(
        `reloaded: ${moved.kept} job(s) kept${moved.dropped > 0 ? `, ${moved.dropped} dropped (their vendor or scenario is gone)` : ''}. Port, host and clock stay as they started.`,
      );
    } catch (error) {
      const why = isJobkitError(error) || error instanceof Error ? error.message : String(error);
      options.tell(`reload failed, still serving the previous setup: ${why}`);
    }
  };
  const changed = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      running = running.then(reload);
    }, SETTLE_MS);
    timer.unref();
  };
  const watchers: FSWatcher[] = options.paths.filter(existsSync).map((path) => {
    // A file is watched through its folder: editors often replace it, which ends a watch on the file.
    if (!statSync(path).isDirectory()) {
      const name = basename(path);
      return watch(dirname(path), (_, file) => {
        if (file === null || file === name) changed();
      });
    }
    return watch(path, { recursive: true }, changed);
  });
  for (const w of watchers) w.unref();
  return {
    close() {
      clearTimeout(timer);
      for (const w of watchers) w.close();
    },
    reload: () => {
      running = running.then(reload);
      return running;
    },
  };
}
