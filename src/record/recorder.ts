import { JobkitError } from '../errors.js';
import { type ClientReport, type ClientReportOptions, clientReport } from '../rules/client-report.js';
import type { Registry, Vendor } from '../vendors/registry.js';
import type { Exchange } from './exchange.js';
import { type ProxyOptions, startProxy } from './proxy.js';
import { StatusRoutes } from './routes.js';
import { type WatchEvent, type WatchedJob, Watcher } from './watch.js';
import { checkOutName, writeRecording } from './write.js';

export interface RecorderOptions extends Omit<ProxyOptions, 'onExchange'> {
  registry: Registry;
  /** Judge with these vendors only (default: every vendor whose status route a request matches). */
  vendors?: string[];
  /** Write what was seen here on close: `.har`, or `.ndjson`/`.jsonl` (status bodies, one file per job). */
  out?: string;
  /** Replace secrets in headers and query strings (default true). */
  redact?: boolean;
  /** Most exchanges kept for the recording (default 100,000); later ones are judged but not kept. */
  maxExchanges?: number;
  /** Thresholds of the client report. */
  client?: ClientReportOptions;
  /** Each violation, new job and terminal status as it happens. */
  onEvent?: (event: WatchEvent) => void;
}

export interface RecordSummary {
  jobs: WatchedJob[];
  client: ClientReport;
  /** Files written (none without `out`). */
  files: string[];
  exchanges: number;
  /** Exchanges seen but not kept once maxExchanges was reached. */
  dropped: number;
}

export interface Recorder {
  /** Where clients send their traffic. */
  url: string;
  /** Stops the proxy, writes the recording (if `out`) and says what was seen. Safe to call twice. */
  close(): Promise<RecordSummary>;
  /** What has been seen so far. */
  jobs(): WatchedJob[];
  clientReport(): ClientReport;
  exchanges(): readonly Exchange[];
}

const DEFAULT_MAX_EXCHANGES = 100_000;

/** `jobkit record` as a library: a recording reverse proxy that judges every status answer live. */
export async function createRecorder(options: RecorderOptions): Promise<Recorder> {
  if (options.out !== undefined) checkOutName(options.out);
  const vendors = watchedVendors(options.registry, options.vendors);
  const routes = new StatusRoutes(vendors);
  if (routes.size === 0)
    throw new JobkitError(
      'usage',
      `${vendors.map((v) => v.name).join(', ')} declare${vendors.length === 1 ? 's' : ''} no GET status route: there is nothing to judge.`,
    );
  const watcher = new Watcher(routes, options.onEvent);
  const kept: Exchange[] = [];
  const max = options.maxExchanges ?? DEFAULT_MAX_EXCHANGES;
  let dropped = 0;
  const proxy = await startProxy({
    ...options,
    onExchange: (exchange) => {
      watcher.observe(exchange);
      if (kept.length < max) kept.push(exchange);
      else dropped++;
    },
  });
  const report = () => clientReport(watcher.polls(), options.client);
  let closing: Promise<RecordSummary> | undefined;
  return {
    url: proxy.url,
    jobs: () => watcher.results(),
    clientReport: report,
    exchanges: () => kept,
    close() {
      closing ??= (async () => {
        await proxy.close();
        const files =
          options.out === undefined
            ? []
            : writeRecording(options.out, kept, { redact: options.redact !== false, routes });
        return {
          jobs: watcher.results(),
          client: report(),
          files,
          exchanges: kept.length + dropped,
          dropped,
        };
      })();
      return closing;
    },
  };
}

function watchedVendors(registry: Registry, names: string[] | undefined): Vendor[] {
  return (names && names.length > 0 ? names : registry.names()).map((name) => registry.get(name));
}
