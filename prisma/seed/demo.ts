/** The demo workspace: one person per role. Demo-only credentials, listed in the README. */
import type { Deps } from '../../server/src/deps';
import type { Db, PrismaClient } from '../../server/src/lib/db';
import type { Role } from '../../server/src/lib/http/zod';
import { startReview } from '../../server/src/modules/approvals/submit-post';
import { buildCampaign, buildChannel, buildMember, buildPost, buildSegment, buildUser, buildWorkspace } from './builders';
import { seedDemoHistory } from './demo-history';

export const DEMO_PASSWORD = 'sotong-demo-2026';
export const DEMO_WORKSPACE = '소통 데모 (Sotong Demo)';
export const DEMO_ADMIN_EMAIL = 'admin@demo.sotong.dev';
export const demoPeople: Array<{ email: string; name: string; roles: Role[] }> = [
  { email: DEMO_ADMIN_EMAIL, name: '김민지 (Admin)', roles: ['admin'] },
  { email: 'planner@demo.sotong.dev', name: '이서준 (Planner)', roles: ['planner'] },
  { email: 'approver@demo.sotong.dev', name: '박지현 (Approver)', roles: ['approver'] },
  { email: 'cm@demo.sotong.dev', name: '최유나 (Community manager)', roles: ['community_manager'] },
  { email: 'exec@demo.sotong.dev', name: '정우성 (Executive)', roles: ['viewer'] },
];

export async function seedDemo(prisma: PrismaClient): Promise<{ workspaceId: string; created: boolean }> {
  const existing = await prisma.workspace.findFirst({ where: { isDemo: true }, select: { id: true } });
  if (existing) return { workspaceId: existing.id, created: false };
  const users: Array<{ person: (typeof demoPeople)[number]; user: { id: string } }> = [];
  for (const person of demoPeople) {
    users.push({ person, user: await buildUser(prisma, { ...person, password: DEMO_PASSWORD, isDemo: true }) });
  }
  const [admin, ...others] = users;
  if (!admin) throw new Error('no demo admin');
  const planner = users.find((u) => u.person.roles.includes('planner'))?.user ?? admin.user;
  // A few hundred statements: on a busy machine they take longer than Prisma's default 5 s.
  const seeded = await prisma.$transaction(
    async (tx) => {
      const workspace = await buildWorkspace(tx, admin.user, { name: DEMO_WORKSPACE, timeZone: 'Asia/Seoul', locale: 'ko', isDemo: true });
      for (const { person, user } of others) await buildMember(tx, workspace.id, user, person.roles);
      const refs = await seedDemoPlan(tx, workspace.id, planner);
      return { workspaceId: workspace.id, refs };
    },
    { timeout: 60_000, maxWait: 30_000 },
  );
  // Five weeks of published posts with their metrics, so Reports has something to show from the start (bulk, after the plan).
  await seedDemoHistory(prisma, seeded.workspaceId, planner, seeded.refs);
  return { workspaceId: seeded.workspaceId, created: true };
}

export function demoCredentialsText(): string {
  const rows = demoPeople.map((p) => `  ${p.roles.join(',').padEnd(18)} ${p.email}`);
  return [`Demo workspace "${DEMO_WORKSPACE}" (demo only; password for everyone: ${DEMO_PASSWORD}):`, ...rows].join('\n');
}

/** 09:00 KST on the day `offset` days from today (KST has no daylight saving). */
function kst(offset: number, hour: number, minute = 0, now = new Date()): Date {
  const local = new Date(now.getTime() + 9 * 3_600_000);
  return new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate() + offset, hour - 9, minute));
}

/** Channels, segments, campaigns and two weeks of plans around today, so every screen has something to show. */
export async function seedDemoPlan(db: Db, workspaceId: string, author: { id: string }) {
  const fb = await buildChannel(db, workspaceId, {
    provider: 'facebook_page',
    name: '소통 커피 Facebook',
    handle: 'sotongcoffee',
    followerCount: 12_400,
    dailyTarget: 5,
  });
  const ig = await buildChannel(db, workspaceId, {
    provider: 'instagram',
    name: '소통 커피 Instagram',
    handle: 'sotong.coffee',
    followerCount: 8_900,
    dailyTarget: 2,
  });
  const xKo = await buildChannel(db, workspaceId, { provider: 'x', name: '소통 커피 X', handle: 'sotong_kr', followerCount: 5_300, dailyTarget: 6 });
  const xEn = await buildChannel(db, workspaceId, {
    provider: 'x',
    name: 'Sotong Coffee (EN)',
    handle: 'sotong_global',
    followerCount: 2_100,
    dailyTarget: 6,
  });
  const seoul = await buildSegment(db, workspaceId, {
    name: '서울 20대',
    color: '#2563EB',
    regions: [{ country: 'KR', region: 'Seoul' }],
    ageMin: 20,
    ageMax: 29,
    locales: ['ko-KR'],
    interests: ['카페', '디저트'],
  });
  const busan = await buildSegment(db, workspaceId, {
    name: '부산 30–40대',
    color: '#DB2777',
    regions: [{ country: 'KR', region: 'Busan' }],
    ageMin: 30,
    ageMax: 44,
    locales: ['ko-KR'],
  });
  const us = await buildSegment(db, workspaceId, { name: 'US English', color: '#059669', regions: [{ country: 'US' }], locales: ['en-US'] });
  const winter = await buildCampaign(db, workspaceId, { name: '겨울 시즌 음료', color: '#7C3AED', goal: '겨울 한정 음료 인지도 올리기' });
  const launch = await buildCampaign(db, workspaceId, { name: '원두 구독 출시', color: '#EA580C', goal: 'Subscriptions: 500 sign-ups in December' });

  const ideas = [
    {
      title: '겨울 한정 유자 라떼',
      campaign: winter.id,
      ko: '유자 라떼가 돌아왔어요 🍋 따뜻한 한 잔으로 하루를 시작하세요. #소통커피 #유자라떼',
      en: 'Yuja latte is back 🍋 Start your day warm. #SotongCoffee',
    },
    {
      title: '바리스타 추천 핸드드립',
      campaign: null,
      ko: '이번 주 바리스타 추천 원두는 에티오피아 구지예요. 꽃향기와 산미를 느껴보세요.',
      en: "This week's barista pick: Ethiopia Guji, floral and bright.",
    },
    {
      title: '원두 구독 사전 예약',
      campaign: launch.id,
      ko: '원두 구독 사전 예약을 시작합니다. 첫 달 30% 할인! https://sotong.example/subscribe',
      en: 'Pre-order our bean subscription: 30% off the first month. https://sotong.example/subscribe',
    },
    {
      title: '매장 음악 플레이리스트',
      campaign: null,
      ko: '매장에서 흐르는 이번 달 플레이리스트를 공유해요 🎶',
      en: 'The playlist in our stores this month 🎶',
    },
    {
      title: '고객 후기 소개',
      campaign: winter.id,
      ko: '“유자 라떼 덕분에 출근길이 즐거워요” — 고객님의 따뜻한 후기에 감사드려요.',
      en: '"Yuja latte makes my commute" — thank you for the kind words.',
    },
  ];
  const hours = [9, 12, 15, 18, 21];
  let n = 0;
  const upcoming: string[] = [];
  for (let day = -3; day <= 10; day++) {
    for (const [slot, hour] of hours.entries()) {
      if ((day + slot) % 3 === 0) continue;
      const idea = ideas[n++ % ideas.length] as (typeof ideas)[number];
      const variants = [
        { channelAccountId: xKo.id, segmentId: seoul.id, text: idea.ko, scheduledAt: kst(day, hour) },
        { channelAccountId: fb.id, segmentId: slot % 2 ? busan.id : seoul.id, text: idea.ko, scheduledAt: kst(day, hour, 30) },
      ];
      if (slot % 2 === 0) variants.push({ channelAccountId: xEn.id, segmentId: us.id, text: idea.en, scheduledAt: kst(day, hour + 1) });
      const post = await buildPost(db, workspaceId, author, {
        title: idea.title,
        campaignId: idea.campaign,
        labels: slot === 0 ? ['morning'] : [],
        variants,
      });
      if (day >= 1 && day <= 2 && slot >= 2) upcoming.push(post.id);
    }
  }
  await submitForReview(db, workspaceId, author, upcoming.slice(0, 3));
  await buildPost(db, workspaceId, author, {
    title: '크리스마스 머그컵 (초안)',
    campaignId: winter.id,
    labels: ['draft'],
    variants: [
      { channelAccountId: ig.id, segmentId: seoul.id, text: '크리스마스 한정 머그컵이 곧 나옵니다 🎄' },
      { channelAccountId: xKo.id, segmentId: null, text: '크리스마스 한정 머그컵, 어떤 색이 좋으세요? 🎄' },
    ],
  });
  await buildPost(db, workspaceId, author, {
    title: 'Holiday gift cards (draft)',
    labels: ['draft'],
    variants: [{ channelAccountId: xEn.id, segmentId: us.id, text: 'Gift cards are here for the holidays 🎁' }],
  });
  return { fb, ig, xKo, xEn, seoul, busan, us, winter, launch };
}

/**
 * Sends demo posts for review the way the API does (the real use case: state, saved version,
 * notifications to the approvers), so the demo approver has a queue.
 */
async function submitForReview(db: Db, workspaceId: string, author: { id: string }, postIds: string[]) {
  // Submitting reads nothing from the service dependencies (everything goes through the transaction).
  const deps = {} as Deps;
  for (const postId of postIds) await startReview(db, deps, { userId: author.id }, workspaceId, postId, new Date());
}
