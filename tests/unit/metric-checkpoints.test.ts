import { describe, expect, it } from 'vitest';
import { checkpointAt, dueCheckpoint, nextCheckpoint } from '../../server/src/modules/metrics/checkpoints';

const published = new Date('2026-12-01T00:00:00Z');
const at = (hours: number) => new Date(published.getTime() + hours * 3_600_000);

describe('metric checkpoints', () => {
  it('are due at 1 h, 6 h, 24 h, 72 h and 7 d after publication', () => {
    expect(dueCheckpoint(published, at(0.5), new Set())).toBeNull();
    expect(dueCheckpoint(published, at(1), new Set())).toBe('1h');
    expect(dueCheckpoint(published, at(6), new Set(['1h']))).toBe('6h');
    expect(dueCheckpoint(published, at(24), new Set(['1h', '6h']))).toBe('24h');
    expect(dueCheckpoint(published, at(72), new Set())).toBe('72h');
    expect(dueCheckpoint(published, at(24 * 7), new Set())).toBe('7d');
    expect(checkpointAt(published, '72h')).toEqual(at(72));
  });

  it('a reading taken is not due again; a missed one is replaced by the one due now', () => {
    expect(dueCheckpoint(published, at(3), new Set(['1h']))).toBeNull();
    expect(dueCheckpoint(published, at(30), new Set())).toBe('24h');
    expect(dueCheckpoint(published, at(24 * 30), new Set(['7d']))).toBeNull();
  });

  it('the next reading is the first checkpoint still ahead, none after 7 d', () => {
    expect(nextCheckpoint(published, at(0))).toEqual({ checkpoint: '1h', at: at(1) });
    expect(nextCheckpoint(published, at(1))).toEqual({ checkpoint: '6h', at: at(6) });
    expect(nextCheckpoint(published, at(100))).toEqual({ checkpoint: '7d', at: at(168) });
    expect(nextCheckpoint(published, at(168))).toBeNull();
  });
});
