import { type ChildProcess, spawn } from 'node:child_process';
import { BIN, ROOT } from './cli.js';

export interface Served {
  origin: string;
  stdout: () => string;
  stop: () => Promise<number | null>;
  /** Sends a signal; `exited` resolves with the exit code once its output has all been read. */
  kill: (signal: NodeJS.Signals) => void;
  exited: Promise<number | null>;
}

/** Runs `jobkit serve --port 0 …` as its own process; resolves once it prints its URL. */
export function startServe(args: string[] = [], timeoutMs = 15_000): Promise<Served> {
  return new Promise((resolve, reject) => {
    const child: ChildProcess = spawn(process.execPath, [BIN, 'serve', '--port', '0', '-q', ...args], {
      cwd: ROOT,
      env: { ...process.env, NO_COLOR: '1', JOBKIT_VENDORS: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`jobkit serve did not start in ${timeoutMs} ms:\n${out}`));
    }, timeoutMs);
    const exited = new Promise<number | null>((done) => child.once('close', (code) => done(code)));
    const stop = () =>
      new Promise<number | null>((done) => {
        if (child.exitCode !== null || child.signalCode !== null) return done(child.exitCode);
        child.once('exit', (code) => done(code));
        child.kill('SIGTERM');
      });
    child.stdout?.on('data', (c) => {
      out += String(c);
      const m = /on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({
          origin: m[1] as string,
          stdout: () => out,
          stop,
          kill: (signal) => child.kill(signal),
          exited,
        });
      }
    });
    child.stderr?.on('data', (c) => {
      out += String(c);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`jobkit serve exited with ${code}:\n${out}`));
    });
  });
}
