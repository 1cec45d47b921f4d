// Child processes for the benchmarks: started on 127.0.0.1, waited for, always stopped.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './lib.mjs';
import { rssMiB } from './serve-util.mjs';

/**
 * Spawns node with args; resolves when stdout/stderr matches `ready` (a regex with the origin in
 * group 1), or, when `ready` is a URL, once that URL answers (for a server told to print nothing).
 */
export function startProcess(args, ready, { timeoutMs = 30_000, env = {} } = {}) {
  if (typeof ready === 'string') return startPolled(args, ready, { timeoutMs, env });
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, args, {
      cwd: ROOT,
      env: { ...process.env, NO_COLOR: '1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${args.join(' ')} did not start:\n${out}`));
    }, timeoutMs);
    const onData = (chunk) => {
      out += chunk;
      const m = ready.exec(out);
      if (m) {
        clearTimeout(timer);
        child.stdout.removeListener('data', onData);
        child.stderr.removeListener('data', onData);
        child.stdout.resume();
        child.stderr.resume();
        resolve({
          origin: m[1],
          child,
          readyMs: performance.now() - started,
          rss: () => rssMiB(child.pid),
          stop: () => stop(child),
        });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${args.join(' ')} exited with ${code}:\n${out}`));
    });
  });
}

export const PRISM = join(ROOT, 'node_modules', '@stoplight', 'prism-cli', 'dist', 'index.js');
export const JOBKIT = join(ROOT, 'dist', 'cli', 'main.js');

/**
 * Writes jobkit's OpenAPI export of every vendor to a temporary file for Prism and returns its
 * path; the caller deletes it. The build is imported here, not at the top, so benchmarks that
 * only spawn processes do not load it.
 */
export async function writeSpec() {
  const [{ buildOpenApi }, { createRegistry }] = await Promise.all([
    import('../dist/openapi/export.js'),
    import('../dist/vendors/registry.js'),
  ]);
  const spec = join(tmpdir(), `jobkit-bench-${process.pid}.openapi.json`);
  writeFileSync(spec, JSON.stringify(buildOpenApi({ registry: createRegistry() })));
  return spec;
}

async function startPolled(args, url, { timeoutMs, env }) {
  const started = performance.now();
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { ...process.env, NO_COLOR: '1', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let err = '';
  child.stderr.on('data', (chunk) => {
    err = (err + chunk).slice(-4000);
  });
  const end = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${args.join(' ')} exited with ${child.exitCode}:\n${err}`);
    try {
      await (await fetch(url)).arrayBuffer();
      break;
    } catch {
      if (Date.now() > end) {
        child.kill('SIGKILL');
        throw new Error(`${args.join(' ')}: ${url} did not answer within ${timeoutMs} ms:\n${err}`);
      }
      await new Promise((r) => setTimeout(r, 25));
    }
  }
  return {
    origin: new URL(url).origin,
    child,
    readyMs: performance.now() - started,
    rss: () => rssMiB(child.pid),
    stop: () => stop(child),
  };
}

function stop(child) {
  return new Promise((done) => {
    if (child.exitCode !== null) return done();
    child.once('exit', () => done());
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 5000).unref();
  });
}
