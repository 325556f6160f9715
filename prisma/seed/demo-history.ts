/**
 * Five weeks of published history for the demo workspace, so a newcomer opens a filled Reports page:
 * posts per channel around its daily target (with a few gaps), metric readings at every checkpoint
 * already due, and a follower reading per day. Deterministic (the same seed reads the same), written in
 * a handful of bulk statements. Engagement follows a plausible shape: evenings and lunch do better,
 * each segment prefers some kinds of content, promotions do a little worse.
 */
import { randomUUID } from 'node:crypto';
import type { Prisma } from '../../server/src/generated/prisma/client';
import type { Db } from '../../server/src/lib/db';
import { CHECKPOINTS } from '../../server/src/modules/metrics/checkpoints';

type Id = { id: string };
export interface DemoHistoryRefs {
  fb: Id & { followerCount: number };
  ig: Id & { followerCount: number };
  xKo: Id & { followerCount: number };
  xEn: Id & { followerCount: number };
  seoul: Id;
  busan: Id;
  us: Id;
  winter: Id;
  launch: Id;
}

const DAYS = 35;
const HOUR = 3_600_000;

/** A small deterministic generator (mulberry32). */
function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const IDEAS = [
  {
    title: '유자 라떼 한 잔',
    label: 'menu',
    ko: '오늘은 유자 라떼 어떠세요? 🍋 상큼하고 따뜻해요.',
    en: 'Yuja latte today? 🍋 Bright and warm.',
    campaign: 'winter',
  },
  {
    title: '바리스타의 하루',
    label: 'behind',
    ko: '새벽 6시, 바리스타의 하루가 시작됩니다 ☕',
    en: '6 a.m.: a barista’s day begins ☕',
    campaign: null,
  },
  {
    title: '원두 구독 첫 달 30%',
    label: 'promo',
    ko: '원두 구독 첫 달 30% 할인 중! https://sotong.example/subscribe',
    en: 'Bean subscription: 30% off your first month. https://sotong.example/subscribe',
    campaign: 'launch',
    link: 'https://sotong.example/subscribe',
  },
  {
    title: '주말 라떼아트 클래스',
    label: 'event',
    ko: '이번 주말 라떼아트 클래스에 초대합니다 🎨 선착순 12명',
    en: 'Latte art class this weekend 🎨 12 seats',
    campaign: null,
  },
  {
    title: '겨울 디저트 페어링',
    label: 'menu',
    ko: '유자 라떼와 잘 어울리는 겨울 디저트를 골라 봤어요 🍰',
    en: 'Winter desserts that pair with yuja latte 🍰',
    campaign: 'winter',
  },
  {
    title: '로스팅실 비하인드',
    label: 'behind',
    ko: '로스팅실에서 원두가 익어 가는 소리, 들려드릴게요 🔥',
    en: 'Listen to beans crackle in our roastery 🔥',
    campaign: 'launch',
  },
  {
    title: '매장 신메뉴 투표',
    label: 'event',
    ko: '다음 시즌 메뉴를 함께 골라 주세요! 댓글로 투표 🗳️',
    en: 'Help us pick next season’s menu! Vote in the replies 🗳️',
    campaign: null,
  },
  {
    title: '구독자 후기',
    label: 'promo',
    ko: '“매달 새 원두를 기다리는 재미” — 구독자 후기 👀',
    en: '"Something to look forward to every month" — a subscriber',
    campaign: 'launch',
  },
] as const;

/** Local (KST) posting hours per channel, and how many of them a day usually gets. */
const PLAN = {
  xKo: { hours: [8, 10, 12, 15, 18, 20, 22], perDay: [5, 7], base: 0.0042, lang: 'ko' },
  fb: { hours: [9, 12, 15, 19, 21], perDay: [4, 6], base: 0.0052, lang: 'ko' },
  ig: { hours: [12, 20], perDay: [1, 2], base: 0.0085, lang: 'ko' },
  xEn: { hours: [8, 9, 13, 18, 21, 23], perDay: [4, 6], base: 0.0031, lang: 'en' },
} as const;

const hourFactor = (h: number) => (h >= 19 && h <= 22 ? 1.5 : h >= 12 && h <= 13 ? 1.25 : h >= 23 || h <= 6 ? 0.6 : h <= 9 ? 0.9 : 1);
/** Which segment responds to which content. */
const AFFINITY: Record<string, Record<string, number>> = {
  seoul: { menu: 1.55, event: 1.1, behind: 0.95, promo: 0.8 },
  busan: { menu: 1, event: 1.45, behind: 1.05, promo: 0.85 },
  us: { menu: 0.95, event: 0.9, behind: 1.4, promo: 0.8 },
};
/** How much of a post's engagement has arrived by a checkpoint (most in the first day, a long tail after). */
const arrived = (ms: number) => 1 - Math.exp(-ms / HOUR / 10) + 0.05 * Math.log1p(ms / HOUR / 24);

export async function seedDemoHistory(db: Db, workspaceId: string, author: Id, refs: DemoHistoryRefs, now = new Date()) {
  const rnd = random(20_261_201);
  const kstMidnight = (daysAgo: number) => {
    const local = new Date(now.getTime() + 9 * HOUR);
    return Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate() - daysAgo) - 9 * HOUR;
  };
  const posts: Prisma.PostCreateManyInput[] = [];
  const variants: Prisma.VariantCreateManyInput[] = [];
  const snapshots: Prisma.MetricSnapshotCreateManyInput[] = [];
  const followers: Prisma.FollowerSnapshotCreateManyInput[] = [];
  const channels = { xKo: refs.xKo, fb: refs.fb, ig: refs.ig, xEn: refs.xEn };
  const followersOn = (current: number, daysAgo: number) => Math.round(current * (1 - 0.0012 * daysAgo));
  let n = 0;
  for (let daysAgo = DAYS; daysAgo >= 1; daysAgo--) {
    const midnight = kstMidnight(daysAgo);
    const weekday = new Date(midnight + 9 * HOUR).getUTCDay(); // 0 = Sunday (KST)
    for (const [key, channel] of Object.entries(channels) as Array<[keyof typeof PLAN, DemoHistoryRefs['fb']]>) {
      const plan = PLAN[key];
      const audience = followersOn(channel.followerCount, daysAgo);
      followers.push({
        id: randomUUID(),
        workspaceId,
        channelAccountId: channel.id,
        day: new Date(midnight + 9 * HOUR),
        followers: audience,
        fetchedAt: new Date(midnight + 3 * HOUR),
      });
      // A quiet stretch on the English account and lighter weekends on Facebook: gaps and streaks to see.
      if (key === 'xEn' && daysAgo >= 17 && daysAgo <= 18) continue;
      let count = plan.perDay[0] + Math.floor(rnd() * (plan.perDay[1] - plan.perDay[0] + 1));
      if (key === 'fb' && (weekday === 0 || weekday === 6)) count = Math.max(2, count - 2);
      if (key === 'xKo' && daysAgo <= 6) count = Math.max(count, 6);
      const hours = [...plan.hours].sort(() => rnd() - 0.5).slice(0, count);
      for (const hour of hours) {
        const idea = IDEAS[n++ % IDEAS.length] as (typeof IDEAS)[number];
        const segment = key === 'xEn' ? 'us' : key === 'fb' && n % 3 === 0 ? 'busan' : 'seoul';
        const publishedAt = new Date(midnight + hour * HOUR + Math.floor(rnd() * 20) * 60_000);
        const rate =
          plan.base * hourFactor(hour) * (AFFINITY[segment]?.[idea.label] ?? 1) * (0.6 + rnd() * 0.9) * (weekday === 0 || weekday === 6 ? 1.1 : 1);
        const postId = randomUUID();
        const variantId = randomUUID();
        const text = plan.lang === 'en' ? idea.en : idea.ko;
        posts.push({
          id: postId,
          workspaceId,
          title: idea.title,
          labels: [idea.label],
          campaignId: idea.campaign === 'winter' ? refs.winter.id : idea.campaign === 'launch' ? refs.launch.id : null,
          authorId: author.id,
          state: 'published',
          approvedVersion: 1,
          createdAt: new Date(publishedAt.getTime() - 2 * 86_400_000),
        });
        variants.push({
          id: variantId,
          postId,
          workspaceId,
          channelAccountId: channel.id,
          segmentId: refs[segment].id,
          text,
          link: 'link' in idea ? idea.link : null,
          scheduledAt: publishedAt,
          publishedAt,
          state: 'published',
          followersAtPublish: audience,
          createdAt: new Date(publishedAt.getTime() - 2 * 86_400_000),
        });
        const reach = 0.12 + rnd() * 0.2;
        for (const c of CHECKPOINTS) {
          const at = publishedAt.getTime() + c.afterMs;
          if (at > now.getTime()) break;
          const total = audience * rate * arrived(c.afterMs);
          snapshots.push({
            id: randomUUID(),
            workspaceId,
            variantId,
            checkpoint: c.key,
            reactions: Math.round(total * 0.78),
            comments: Math.round(total * 0.12),
            shares: Math.round(total * 0.1),
            impressions: Math.round(audience * reach * arrived(c.afterMs) + total * 12),
            reach: Math.round(audience * reach * 0.8 * arrived(c.afterMs)),
            fetchedAt: new Date(at + 20_000),
          });
        }
      }
    }
  }
  const chunks = <T>(list: T[], size = 1000) => Array.from({ length: Math.ceil(list.length / size) }, (_, i) => list.slice(i * size, (i + 1) * size));
  for (const c of chunks(posts)) await db.post.createMany({ data: c });
  for (const c of chunks(variants)) await db.variant.createMany({ data: c });
  for (const c of chunks(snapshots)) await db.metricSnapshot.createMany({ data: c });
  for (const c of chunks(followers)) await db.followerSnapshot.createMany({ data: c });
  return { posts: posts.length, snapshots: snapshots.length };
}
