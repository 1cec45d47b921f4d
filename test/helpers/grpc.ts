import { connect } from 'node:http2';

export interface Call {
  status: number;
  headers: Record<string, unknown>;
  trailers: Record<string, unknown>;
  data: Buffer;
}

/** One unary call over cleartext HTTP/2, as a gRPC client makes it. */
export function call(
  address: string,
  path: string,
  contentType = 'application/grpc',
  method = 'POST',
): Promise<Call> {
  return new Promise((resolve, reject) => {
    const session = connect(`http://${address}`);
    session.on('error', reject);
    const stream = session.request({
      ':method': method,
      ':path': path,
      'content-type': contentType,
      te: 'trailers',
    });
    const chunks: Buffer[] = [];
    let headers: Record<string, unknown> = {};
    let trailers: Record<string, unknown> = {};
    stream.on('response', (h) => {
      headers = h;
    });
    stream.on('trailers', (t) => {
      trailers = t;
    });
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('end', () => {
      session.close();
      resolve({ status: Number(headers[':status']), headers, trailers, data: Buffer.concat(chunks) });
    });
    stream.on('error', reject);
    // HealthCheckRequest{service: ""}: an empty message, framed.
    stream.end(method === 'POST' ? Buffer.from([0, 0, 0, 0, 0]) : undefined);
  });
}
