/**
 * `sha256=<hex>` of HMAC-SHA256(secret, body), as GitHub's X-Hub-Signature-256. Web Crypto, not
 * node:crypto: the mock's import graph stays free of Node built-ins (the browser bundle).
 */
export async function signature(secret: string, body: string): Promise<string> {
  const encoder = new TextEncoder();
  const key = await globalThis.crypto.subtle.importKey(
    'raw',
    encoder.encode(secret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  const mac = new Uint8Array(await globalThis.crypto.subtle.sign('HMAC', key, encoder.encode(body)));
  return `sha256=${Array.from(mac, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}
