import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../server/src/lib/logger';

describe('logger', () => {
  it('writes JSON and redacts secrets', () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const logger = createLogger('info', sink);
    logger.info(
      {
        body: { password: 'hunter2-hunter2', newPassword: 'n3w-password', token: 'stk_abc' },
        req: { headers: { authorization: 'Bearer stk_secret', cookie: 'sotong_session=abc' } },
      },
      'hello',
    );
    const text = lines.join('');
    const entry = JSON.parse(text);
    expect(entry.msg).toBe('hello');
    for (const secret of ['hunter2', 'n3w-password', 'stk_abc', 'stk_secret', 'sotong_session=abc']) expect(text).not.toContain(secret);
    expect(entry.body.password).toBe('[redacted]');
  });
});
