import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordAudit } from '../../server/src/modules/audit/record-audit';
import { signIn, workspaceWithTeam } from '../support/factories';
import { startTestApp, type TestContext } from '../support/test-app';

/** The audit log: filters by entity, actor, action and time range; actor names; CSV export. */
let ctx: TestContext;
let team: Awaited<ReturnType<typeof workspaceWithTeam>>;
let admin: Awaited<ReturnType<typeof signIn>>;
let planner: Awaited<ReturnType<typeof signIn>>;
let ws: string;

const at = (iso: string) => new Date(iso);

beforeAll(async () => {
  ctx = await startTestApp();
  team = await workspaceWithTeam(ctx.deps.prisma);
  ws = `/api/workspaces/${team.workspace.id}`;
  [admin, planner] = await Promise.all([signIn(ctx, team.members.admin.email), signIn(ctx, team.members.planner.email)]);
  const db = ctx.deps.prisma;
  const workspaceId = team.workspace.id;
  const events = [
    { who: team.members.planner.id, entityType: 'post', action: 'post.created', after: { title: 'Spring' }, createdAt: '2026-03-01T00:00:00Z' },
    {
      who: team.members.admin.id,
      entityType: 'segment',
      action: 'segment.created',
      after: { name: '=HYPERLINK("http://evil")' },
      createdAt: '2026-03-02T00:00:00Z',
    },
    {
      who: team.members.planner.id,
      entityType: 'post',
      action: 'post.updated',
      before: { title: 'Spring' },
      after: { title: '+Summer' },
      createdAt: '2026-03-03T00:00:00Z',
    },
  ];
  for (const e of events) {
    await recordAudit(
      db,
      { userId: e.who },
      { workspaceId, entityType: e.entityType, entityId: `${e.entityType}-1`, action: e.action, before: e.before, after: e.after },
    );
  }
  // Give the events known times (recordAudit stamps now).
  const rows = await db.auditEvent.findMany({
    where: { workspaceId, action: { in: events.map((e) => e.action) } },
    orderBy: { id: 'asc' },
    select: { id: true },
  });
  for (const [i, row] of rows.entries()) await db.auditEvent.update({ where: { id: row.id }, data: { createdAt: at(events[i]?.createdAt ?? '') } });
});
afterAll(async () => ctx.close());

describe('audit log', () => {
  it('filters by time range, action, entity type and actor, with the actor’s name', async () => {
    const range = await admin.get(`${ws}/audit?from=2026-03-01T12:00:00Z&to=2026-03-04T00:00:00Z`);
    expect(range.status, JSON.stringify(range.body)).toBe(200);
    expect(range.body.events.map((e: { action: string }) => e.action)).toEqual(['post.updated', 'segment.created']);
    expect(range.body.events[0].actor).toEqual({ userId: team.members.planner.id, name: 'planner' });
    expect(range.body.events[1].actor).toEqual({ userId: team.members.admin.id, name: 'Admin' });

    // `to` is exclusive, `from` inclusive; a range can be given in any offset.
    const kst = await admin.get(`${ws}/audit?from=${encodeURIComponent('2026-03-02T09:00:00+09:00')}&to=2026-03-03T00:00:00Z`);
    expect(kst.body.events.map((e: { action: string }) => e.action)).toEqual(['segment.created']);

    const action = await admin.get(`${ws}/audit?action=post.created`);
    expect(action.body.events).toHaveLength(1);
    expect(action.body.events[0].after).toEqual({ title: 'Spring' });

    const posts = await admin.get(`${ws}/audit?entityType=post&actorUserId=${team.members.planner.id}&to=2026-04-01T00:00:00Z`);
    expect(posts.body.events.map((e: { action: string }) => e.action)).toEqual(['post.updated', 'post.created']);

    // Paging with before.
    const page = await admin.get(`${ws}/audit?to=2026-04-01T00:00:00Z&limit=2`);
    expect(page.body.events).toHaveLength(2);
    const next = await admin.get(`${ws}/audit?to=2026-04-01T00:00:00Z&limit=2&before=${page.body.nextBefore}`);
    expect(next.body.events.map((e: { action: string }) => e.action)).toEqual(['post.created']);
    expect(next.body.nextBefore).toBeNull();

    const bad = await admin.get(`${ws}/audit?from=yesterday`);
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].field).toBe('query.from');
    const backwards = await admin.get(`${ws}/audit?from=2026-03-03T00:00:00Z&to=2026-03-01T00:00:00Z`);
    expect(backwards.status).toBe(400);
    expect(backwards.body.error.details[0].field).toBe('query.to');
  });

  it('exports the same filters as CSV: a header row, a row per event, formulas neutralised; admins only', async () => {
    const res = await admin.get(`${ws}/audit/export.csv?from=2026-03-01T00:00:00Z&to=2026-03-04T00:00:00Z`).buffer(true);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="sotong-audit-\d{4}-\d{2}-\d{2}\.csv"$/);
    const text = res.text.replace(/^\uFEFF/, '');
    const records = parse(text) as string[][];
    expect(records[0]).toEqual([
      'time',
      'actor',
      'actor_user_id',
      'actor_token_id',
      'action',
      'entity_type',
      'entity_id',
      'before',
      'after',
      'request_id',
    ]);
    expect(records).toHaveLength(4);
    expect(records.slice(1).map((r) => r[4])).toEqual(['post.updated', 'segment.created', 'post.created']);
    expect(records[1]).toEqual([
      '2026-03-03T00:00:00.000Z',
      'planner',
      team.members.planner.id,
      '',
      'post.updated',
      'post',
      'post-1',
      '{"title":"Spring"}',
      '{"title":"+Summer"}',
      '',
    ]);
    // The JSON cell starts with "{", not a formula; a cell that would start a formula is prefixed.
    const segment = records[2] as string[];
    expect(segment[8]).toBe('{"name":"=HYPERLINK(\\"http://evil\\")"}');

    const filtered = parse((await admin.get(`${ws}/audit/export.csv?entityType=segment`).buffer(true)).text.replace(/^\uFEFF/, '')) as string[][];
    expect(filtered).toHaveLength(2);

    const forbidden = await planner.get(`${ws}/audit/export.csv`);
    expect(forbidden.status).toBe(403);
    expect((await planner.get(`${ws}/audit`)).status).toBe(403);
  });

  it('neutralises cells a spreadsheet would run as formulas', async () => {
    const db = ctx.deps.prisma;
    await recordAudit(
      db,
      { userId: team.members.admin.id },
      { workspaceId: team.workspace.id, entityType: 'campaign', entityId: '=1+1', action: '@SUM(A1)' },
    );
    await db.user.update({ where: { id: team.members.admin.id }, data: { name: '-Admin' } });
    const rows = parse((await admin.get(`${ws}/audit/export.csv?entityType=campaign`).buffer(true)).text.replace(/^\uFEFF/, '')) as string[][];
    expect(rows).toHaveLength(2);
    expect(rows[1]?.[1]).toBe("'-Admin");
    expect(rows[1]?.[4]).toBe("'@SUM(A1)");
    expect(rows[1]?.[6]).toBe("'=1+1");
  });
});
