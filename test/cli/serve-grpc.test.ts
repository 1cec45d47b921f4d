import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';
import { call } from '../helpers/grpc.js';
import { startServe } from '../helpers/serve.js';

describe('jobkit serve --grpc-port', () => {
  it('prints where the health service listens, and it answers SERVING', async () => {
    const served = await startServe(['--grpc-port', '0', '--no-demo']);
    try {
      let line: RegExpExecArray | null = null;
      for (let i = 0; i < 100 && !line; i++) {
        line = /gRPC health \(grpc\.health\.v1\.Health\/Check → SERVING\): (127\.0\.0\.1:\d+)/.exec(
          served.stdout(),
        );
        if (!line) await new Promise((r) => setTimeout(r, 50));
      }
      expect(line).not.toBeNull();
      const r = await call(line?.[1] as string, '/grpc.health.v1.Health/Check');
      expect(r.trailers['grpc-status']).toBe('0');
    } finally {
      await served.stop();
    }
  });

  it('refuses a bad port and the HTTP port itself, with exit 2 and one line', async () => {
    const bad = await cli(['serve', '--grpc-port', 'x']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('jobkit: --grpc-port must be a port number (0–65535), not "x".\n');
    const same = await cli(['serve', '--port', '4555', '--grpc-port', '4555']);
    expect(same.code).toBe(2);
    expect(same.stderr).toContain('--grpc-port 4555 is the HTTP port too');
  });
});
