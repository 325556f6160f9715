import { describe, expect, it } from 'vitest';
import { changedKeys, valueText } from '../../client/src/features/audit/changes';

describe('audit changedKeys', () => {
  it('lists only the keys whose values differ', () => {
    expect(changedKeys({ name: 'A', color: '#fff', archived: false }, { name: 'B', color: '#fff', archived: false })).toEqual([
      { key: 'name', before: 'A', after: 'B' },
    ]);
  });

  it('marks keys present on one side only as absent on the other', () => {
    expect(changedKeys({ linkId: 'l1' }, { email: 'a@example.com' })).toEqual([
      { key: 'linkId', before: 'l1', after: undefined },
      { key: 'email', before: undefined, after: 'a@example.com' },
    ]);
  });

  it('lists every key of a created or deleted record', () => {
    expect(changedKeys(null, { name: 'New', color: '#000' })).toEqual([
      { key: 'name', before: undefined, after: 'New' },
      { key: 'color', before: undefined, after: '#000' },
    ]);
    expect(changedKeys({ name: 'Old' }, null)).toEqual([{ key: 'name', before: 'Old', after: undefined }]);
  });

  it('goes into nested objects and lists of objects by position, keeping lists of values whole', () => {
    const before = { steps: [{ id: 'review', name: 'Review', externalEmails: [] }], allowSelfApproval: false };
    const after = {
      steps: [
        { id: 'review', name: 'Review', externalEmails: ['x@example.com'] },
        { id: 'step-1', name: 'Legal', externalEmails: [] },
      ],
      allowSelfApproval: false,
    };
    expect(changedKeys(before, after)).toEqual([
      { key: 'steps.0.externalEmails', before: [], after: ['x@example.com'] },
      { key: 'steps.1', before: undefined, after: { id: 'step-1', name: 'Legal', externalEmails: [] } },
    ]);
  });

  it('compares values that are not objects as one change', () => {
    expect(changedKeys('a', 'b')).toEqual([{ key: '', before: 'a', after: 'b' }]);
    expect(changedKeys({ a: 1 }, { a: 1 })).toEqual([]);
  });

  it('writes strings as they are and anything else as compact JSON', () => {
    expect(valueText('안녕')).toBe('안녕');
    expect(valueText({ a: [1, 2] })).toBe('{"a":[1,2]}');
    expect(valueText(null)).toBe('');
  });
});
