import {
  createServer,
  type Http2Server,
  type IncomingHttpHeaders,
  type ServerHttp2Session,
  type ServerHttp2Stream,
} from 'node:http2';
import type { AddressInfo } from 'node:net';
import { JobkitError } from '../errors.js';

/**
 * The standard gRPC health service (grpc.health.v1.Health/Check answering SERVING) on a port of
 * its own, over cleartext HTTP/2. Clients that check it before anything else (the Weaviate
 * clients' default connect does, on port 50051) then go on to the mock's REST routes. Nothing else
 * is served over gRPC: every other method is UNIMPLEMENTED, as a gRPC server says it.
 *
 * The wire format is small enough to write here (RFC 7540 + the gRPC HTTP/2 protocol): a 5-byte
 * frame prefix (compressed flag, big-endian length) and HealthCheckResponse{status: SERVING} as
 * protobuf (field 1, varint 1: 0x08 0x01), then the `grpc-status` trailer.
 */
export interface GrpcHealthServer {
  /** The port it listens on. */
  port: number;
  /** host:port, as a gRPC client takes it. */
  address: string;
  close(): Promise<void>;
}

const CHECK = '/grpc.health.v1.Health/Check';
const SERVING = Buffer.from([0, 0, 0, 0, 2, 0x08, 0x01]);
/** gRPC status codes (grpc/doc/statuscodes.md). */
const OK = '0';
const UNIMPLEMENTED = '12';

/** The gRPC HTTP/2 protocol's percent-encoding: `%` and bytes outside printable ASCII only. */
function grpcMessage(text: string): string {
  return [...Buffer.from(text, 'utf8')]
    .map((b) =>
      b >= 0x20 && b <= 0x7e && b !== 0x25
        ? String.fromCharCode(b)
        : `%${b.toString(16).toUpperCase().padStart(2, '0')}`,
    )
    .join('');
}

function answer(stream: ServerHttp2Stream, headers: IncomingHttpHeaders): void {
  const path = headers[':path'];
  const grpc = String(headers['content-type'] ?? '').startsWith('application/grpc');
  if (!grpc) {
    // Not a gRPC call at all (a browser, curl): say what this port is.
    stream.respond({ ':status': 415, 'content-type': 'text/plain; charset=utf-8' });
    stream.end('jobkit: this port serves the gRPC health service only (grpc.health.v1.Health/Check).\n');
    return;
  }
  if (headers[':method'] !== 'POST' || path !== CHECK) {
    // Trailers-only: the status rides in the headers, as gRPC servers answer an unknown method.
    stream.respond(
      {
        ':status': 200,
        'content-type': 'application/grpc',
        'grpc-status': UNIMPLEMENTED,
        'grpc-message': grpcMessage(`jobkit serves only ${CHECK} over gRPC, not ${path}`),
      },
      { endStream: true },
    );
    return;
  }
  // The request (HealthCheckRequest{service}) is read and dropped: every service is SERVING.
  stream.on('data', () => {});
  stream.on('end', () => {
    if (stream.destroyed) return;
    stream.respond({ ':status': 200, 'content-type': 'application/grpc' }, { waitForTrailers: true });
    stream.on('wantTrailers', () => stream.sendTrailers({ 'grpc-status': OK, 'grpc-message': '' }));
    stream.end(SERVING);
  });
}

/** Listens on `host:port` (0: a free one); refuses a port in use with a usage error. */
export async function createGrpcHealthServer(options: {
  host: string;
  port: number;
}): Promise<GrpcHealthServer> {
  const server: Http2Server = createServer();
  server.on('stream', answer);
  // A client that goes away mid-call is its business, never a crash of the mock.
  server.on('sessionError', () => {});
  server.on('streamError', () => {});
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(
        new JobkitError(
          'usage',
          error.code === 'EADDRINUSE'
            ? `--grpc-port ${options.port} on ${options.host} is in use. Pass a free port (or 0 to pick one).`
            : `Cannot listen for gRPC on ${options.host}:${options.port}: ${error.message}.`,
        ),
      );
    });
    server.listen(options.port, options.host, () => resolve());
  });
  const { port, family, address } = server.address() as AddressInfo;
  const sessions = new Set<ServerHttp2Session>();
  server.on('session', (s) => {
    sessions.add(s);
    s.on('close', () => sessions.delete(s));
  });
  return {
    port,
    address: `${family === 'IPv6' ? `[${address}]` : address}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sessions) s.close();
        server.close(() => resolve());
        // Sessions that do not close on request (a client holding its channel) are cut.
        setTimeout(() => {
          for (const s of sessions) s.destroy();
        }, 200).unref();
      }),
  };
}
