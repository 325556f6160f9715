import { Temporal } from 'temporal-polyfill';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildChannel } from '../../prisma/seed/builders';
import { signIn, workspaceWithTeam } from '../support/factories';
import { startTestApp, type TestContext } from '../support/test-app';

let ctx: TestContext;
let team: Awaited<ReturnType<typeof workspaceWithTeam>>;
let planner: Awaited<ReturnType<typeof signIn>>;
let viewer: Awaited<ReturnType<typeof signIn>>;
let admin: Awaited<ReturnType<typeof signIn>>;
let ws: string;
let x: { id: string };
let fb: { id: string };

/** A Monday at least a week ahead, as a local date in Seoul (the workspace zone). */
const monday = (() => {
  const today = Temporal.Now.plainDateISO('Asia/Seoul');
  return today.add({ days: 7 + ((8 - today.dayOfWeek) % 7) });
})();
const seoul = (date: Temporal.PlainDate, time: string) =>
  new Date(Temporal.PlainDateTime.from(`${date}T${time}`).toZonedDateTime('Asia/Seoul').epochMilliseconds);

const weekdays = [1, 2, 3, 4, 5];
const times = ['09:00', '12:30', '18:00'];

beforeAll(async () => {
  ctx = await startTestApp();
  team = await workspaceWithTeam(ctx.deps.prisma);
  ws = `/api/workspaces/${team.workspace.id}`;
  planner = await signIn(ctx, team.members.planner.email);
  viewer = await signIn(ctx, team.members.viewer.email);
  admin = await signIn(ctx, team.members.admin.email);
  x = await buildChannel(ctx.deps.prisma, team.workspace.id, { provider: 'x', name: 'X', handle: 'x' });
  fb = await buildChannel(ctx.deps.prisma, team.workspace.id, { provider: 'facebook_page', name: 'FB', handle: 'fb' });
});
afterAll(async () => ctx.close());

describe('posting slots', () => {
  it('replaces the set of a channel (duplicates once), lists it to every role, audits it', async () => {
    const slots = weekdays.flatMap((weekday) => times.map((time) => ({ weekday, time })));
    const res = await planner.put(`${ws}/channels/${x.id}/slots`, { slots: [...slots, { weekday: 1, time: '09:00' }] });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.timeZone).toBe('Asia/Seoul');
    expect(res.body.slots).toHaveLength(15);
    expect(res.body.slots.slice(0, 3)).toEqual([
      { id: expect.any(String), weekday: 1, time: '09:00' },
      { id: expect.any(String), weekday: 1, time: '12:30' },
      { id: expect.any(String), weekday: 1, time: '18:00' },
    ]);
    const listed = await viewer.get(`${ws}/channels/${x.id}/slots`);
    expect(listed.status).toBe(200);
    expect(listed.body).toEqual(res.body);
    const audit = await ctx.deps.prisma.auditEvent.findFirst({ where: { entityId: x.id, action: 'channel.slots_replaced' } });
    expect(audit?.actorUserId).toBe(team.members.planner.id);
    expect(audit?.after).toHaveLength(15);
  });

  it('lists a week of slot instants in Asia/Seoul', async () => {
    const from = seoul(monday, '00:00').toISOString();
    const to = seoul(monday.add({ days: 7 }), '00:00').toISOString();
    const res = await viewer.get(`${ws}/slots/upcoming?from=${from}&to=${to}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.slots).toHaveLength(15);
    expect(res.body.slots[0]).toEqual({ channelAccountId: x.id, at: seoul(monday, '09:00').toISOString(), local: `${monday} 09:00`, taken: false });
    // 09:00 KST is midnight UTC on the same Monday
    expect(res.body.slots[0].at).toBe(`${monday}T00:00:00.000Z`);
    expect(res.body.slots[1].local).toBe(`${monday} 12:30`);
    expect(res.body.slots[14].local).toBe(`${monday.add({ days: 4 })} 18:00`);
    expect(res.body.slots.every((s: { taken: boolean }) => !s.taken)).toBe(true);
  });

  it('marks a slot taken when a live variant of that channel is within a minute; next free slot skips it', async () => {
    const at = seoul(monday, '12:30');
    const created = await planner.post(`${ws}/posts`, {
      title: 'At the lunch slot',
      variants: [{ channelAccountId: x.id, text: 'lunch', scheduledAt: new Date(at.getTime() + 40_000).toISOString() }],
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    // neither another channel's variant nor a deleted post take a slot
    await planner.post(`${ws}/posts`, {
      title: 'FB',
      variants: [{ channelAccountId: fb.id, text: 'fb', scheduledAt: seoul(monday, '18:00').toISOString() }],
    });
    const deleted = await planner.post(`${ws}/posts`, {
      title: 'Gone',
      variants: [{ channelAccountId: x.id, text: 'gone', scheduledAt: seoul(monday, '18:00').toISOString() }],
    });
    expect((await planner.delete(`${ws}/posts/${deleted.body.id}`)).status).toBe(204);

    const from = seoul(monday, '00:00').toISOString();
    const to = seoul(monday.add({ days: 1 }), '00:00').toISOString();
    const res = await viewer.get(`${ws}/slots/upcoming?from=${from}&to=${to}&channelIds=${x.id}`);
    expect(res.body.slots.map((s: { local: string; taken: boolean }) => [s.local.slice(11), s.taken])).toEqual([
      ['09:00', false],
      ['12:30', true],
      ['18:00', false],
    ]);

    const next = await viewer.get(`${ws}/channels/${x.id}/next-free-slot?after=${seoul(monday, '10:00').toISOString()}`);
    expect(next.status, JSON.stringify(next.body)).toBe(200);
    expect(next.body).toEqual({ at: seoul(monday, '18:00').toISOString(), local: `${monday} 18:00` });
    // strictly after: the 18:00 slot itself is not "after 18:00"
    const strict = await viewer.get(`${ws}/channels/${x.id}/next-free-slot?after=${seoul(monday, '18:00').toISOString()}`);
    expect(strict.body.local).toBe(`${monday.add({ days: 1 })} 09:00`);
    const now = await viewer.get(`${ws}/channels/${x.id}/next-free-slot`);
    expect(now.status).toBe(200);
    expect(new Date(now.body.at).getTime()).toBeGreaterThan(Date.now());
  });

  it('answers 404 no_free_slot when the channel has no slots, saying so', async () => {
    const res = await viewer.get(`${ws}/channels/${fb.id}/next-free-slot`);
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('no_free_slot');
    expect(res.body.error.message).toMatch(/no posting slots/);
    expect(res.body.error.details).toEqual({ reason: 'no_slots' });
  });

  it('answers 404 no_free_slot when every slot of eight weeks is taken', async () => {
    const ig = await buildChannel(ctx.deps.prisma, team.workspace.id, { provider: 'x', name: 'Busy', handle: 'busy' });
    expect((await planner.put(`${ws}/channels/${ig.id}/slots`, { slots: [{ weekday: monday.dayOfWeek, time: '09:00' }] })).status).toBe(200);
    const variants = Array.from({ length: 9 }, (_, week) => ({
      channelAccountId: ig.id,
      text: `week ${week}`,
      scheduledAt: seoul(monday.add({ weeks: week }), '09:00').toISOString(),
    }));
    expect((await planner.post(`${ws}/posts`, { title: 'Every Monday', variants })).status).toBe(201);
    const res = await viewer.get(`${ws}/channels/${ig.id}/next-free-slot?after=${seoul(monday, '00:00').toISOString()}`);
    expect(res.status).toBe(404);
    expect(res.body.error.details.reason).toBe('all_taken');
  });

  it('refuses viewers (403) and bad weekdays or times (400); unknown channels are 404', async () => {
    const refused = await viewer.put(`${ws}/channels/${x.id}/slots`, { slots: [] });
    expect(refused.status).toBe(403);
    const bad = await planner.put(`${ws}/channels/${x.id}/slots`, {
      slots: [
        { weekday: 1, time: '25:00' },
        { weekday: 8, time: '09:00' },
        { weekday: 0, time: '9:00' },
      ],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: { field: string }) => d.field)).toEqual(
      expect.arrayContaining(['body.slots.0.time', 'body.slots.1.weekday', 'body.slots.2.weekday', 'body.slots.2.time']),
    );
    expect((await planner.get(`${ws}/channels/${x.id}/slots`)).body.slots).toHaveLength(15);
    const tooLong = await viewer.get(`${ws}/slots/upcoming?from=2026-03-01T00:00:00Z&to=2026-04-02T00:00:00Z`);
    expect(tooLong.status).toBe(400);
    const missing = await planner.put(`${ws}/channels/00000000-0000-4000-8000-000000000000/slots`, { slots: [] });
    expect(missing.status).toBe(404);
  });

  it('keeps local times across DST in America/New_York (a channel zone overrides the workspace zone)', async () => {
    const ny = await buildChannel(ctx.deps.prisma, team.workspace.id, { provider: 'facebook_page', name: 'NY', handle: 'ny' });
    expect((await admin.patch(`${ws}/channels/${ny.id}`, { timeZone: 'America/New_York' })).status).toBe(200);
    const put = await planner.put(`${ws}/channels/${ny.id}/slots`, {
      slots: [1, 2, 3, 4, 5, 6, 7]
        .map((weekday) => ({ weekday, time: '09:00' }))
        .concat({ weekday: 7, time: '02:30' }, { weekday: 7, time: '01:30' }),
    });
    expect(put.body.timeZone).toBe('America/New_York');
    const spring = await viewer.get(`${ws}/slots/upcoming?from=2026-03-07T00:00:00-05:00&to=2026-03-10T00:00:00-04:00&channelIds=${ny.id}`);
    expect(spring.body.slots.map((s: { at: string; local: string }) => [s.at, s.local])).toEqual([
      ['2026-03-07T14:00:00.000Z', '2026-03-07 09:00'], // EST, UTC−5
      ['2026-03-08T06:30:00.000Z', '2026-03-08 01:30'], // still EST
      ['2026-03-08T07:30:00.000Z', '2026-03-08 03:30'], // 02:30 does not exist: one hour later
      ['2026-03-08T13:00:00.000Z', '2026-03-08 09:00'], // EDT, UTC−4
      ['2026-03-09T13:00:00.000Z', '2026-03-09 09:00'],
    ]);
    const fall = await viewer.get(`${ws}/slots/upcoming?from=2026-10-31T00:00:00-04:00&to=2026-11-02T00:00:00-05:00&channelIds=${ny.id}`);
    expect(fall.body.slots.map((s: { at: string; local: string }) => [s.at, s.local])).toEqual([
      ['2026-10-31T13:00:00.000Z', '2026-10-31 09:00'], // EDT
      ['2026-11-01T05:30:00.000Z', '2026-11-01 01:30'], // the repeated hour: the earlier one, once
      ['2026-11-01T07:30:00.000Z', '2026-11-01 02:30'], // EST, UTC−5
      ['2026-11-01T14:00:00.000Z', '2026-11-01 09:00'], // EST
    ]);
    const next = await viewer.get(`${ws}/channels/${ny.id}/next-free-slot?after=2026-03-08T06:30:00Z`);
    expect(next.body).toEqual({ at: '2026-03-08T07:30:00.000Z', local: '2026-03-08 03:30' });
  });
});
