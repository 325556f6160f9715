import { describe, expect, it } from 'vitest';
import { AppError, errorStatus } from '../../server/src/lib/errors';

describe('AppError', () => {
  it('maps every code to a status from one table; only internal/unavailable are 5xx', () => {
    for (const [code, status] of Object.entries(errorStatus)) {
      expect(new AppError(code as keyof typeof errorStatus, 'x').status).toBe(status);
      if (!['internal', 'unavailable'].includes(code)) expect(status).toBeLessThan(500);
    }
    expect(new AppError('last_admin', 'x').status).toBe(409);
  });
});
