import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Writable } from 'node:stream';
import { createLogger } from './logger.js';

describe('createLogger', () => {
  it('writes JSON and redacts tokens, passwords and authorization headers', () => {
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const logger = createLogger({ destination });
    logger.info({ token: 't0k3n', user: { password: 'hunter2' }, headers: { authorization: 'Bearer abc' } }, 'hello');
    const line = lines.join('');
    const parsed = JSON.parse(line) as Record<string, unknown>;
    assert.equal(parsed['msg'], 'hello');
    assert.doesNotMatch(line, /t0k3n|hunter2|Bearer abc/);
    assert.equal(parsed['token'], '[redacted]');
  });
});
