import { describe, expect, it } from 'vitest';
import { isSecretName, redactHeaders, redactUrl } from '../../src/record/redact.js';

describe('redaction', () => {
  it('replaces secret headers and query values, keeps the rest', () => {
    for (const name of ['Authorization', 'cookie', 'X-Api-Key', 'x-amz-security-token', 'x-weaviate-api-key'])
      expect(isSecretName(name), name).toBe(true);
    for (const name of ['content-type', 'x-amz-date', 'accept', 'x-request-id'])
      expect(isSecretName(name), name).toBe(false);
    expect(
      redactHeaders([
        ['authorization', 'Bearer x'],
        ['accept', '*/*'],
      ]),
    ).toEqual([
      ['authorization', '[redacted]'],
      ['accept', '*/*'],
    ]);
    expect(redactUrl('http://h/p?api_key=s3cret&limit=5&X-Amz-Signature=abc')).toBe(
      'http://h/p?api_key=%5Bredacted%5D&limit=5&X-Amz-Signature=%5Bredacted%5D',
    );
    expect(redactUrl('http://h/p?limit=5')).toBe('http://h/p?limit=5');
  });
});
