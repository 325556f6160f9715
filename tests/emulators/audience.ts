/**
 * Made-up people who answer posts: Korean and English comments, praise, questions and complaints.
 * Both emulators use it when the audience switch is on (and `control.simulateAudience` on demand).
 */

export interface Person {
  id: string;
  name: string;
  username: string;
}

export const PEOPLE: Person[] = [
  { id: '9100000000000001', name: '김민지', username: 'minji.kim' },
  { id: '9100000000000002', name: '이준호', username: 'junho_lee' },
  { id: '9100000000000003', name: '박서연', username: 'seoyeon.park' },
  { id: '9100000000000004', name: '최도윤', username: 'doyoon_c' },
  { id: '9100000000000005', name: 'Emily Carter', username: 'emilyc' },
  { id: '9100000000000006', name: 'Daniel Osei', username: 'dan_osei' },
  { id: '9100000000000007', name: '정하은', username: 'haeun.jung' },
  { id: '9100000000000008', name: 'Sofia Rossi', username: 'sofiarossi' },
];

export type Tone = 'praise' | 'question' | 'complaint';

export const TEXTS: Array<{ text: string; tone: Tone; lang: 'ko' | 'en' }> = [
  { text: '와 이번 거 진짜 좋네요! 기다렸어요 👏', tone: 'praise', lang: 'ko' },
  { text: '디자인 너무 예뻐요. 친구한테도 공유했어요.', tone: 'praise', lang: 'ko' },
  { text: '매장에서도 살 수 있나요? 언제부터인지 궁금해요.', tone: 'question', lang: 'ko' },
  { text: '주문한 지 일주일이 넘었는데 아직 배송이 안 왔어요. 확인 부탁드립니다.', tone: 'complaint', lang: 'ko' },
  { text: '앱이 계속 튕겨서 결제를 못 하고 있어요. 너무 불편합니다.', tone: 'complaint', lang: 'ko' },
  { text: '고객센터 연결이 안 돼요… 답변 좀 주세요.', tone: 'complaint', lang: 'ko' },
  { text: 'Love this! Been waiting for it all month.', tone: 'praise', lang: 'en' },
  { text: 'Is this available outside Korea? Asking for a friend.', tone: 'question', lang: 'en' },
  { text: 'My order still has not shipped after 10 days. Not happy.', tone: 'complaint', lang: 'en' },
  { text: 'Great work, team. The new colours look amazing.', tone: 'praise', lang: 'en' },
];

/** Deterministic pick so runs with the same seed read the same. */
export function pickComment(random: () => number): { person: Person; text: string; tone: Tone } {
  const person = PEOPLE[Math.floor(random() * PEOPLE.length)] ?? (PEOPLE[0] as Person);
  const entry = TEXTS[Math.floor(random() * TEXTS.length)] ?? (TEXTS[0] as (typeof TEXTS)[number]);
  return { person, text: entry.text, tone: entry.tone };
}

export interface AudienceSettings {
  enabled: boolean;
  /** Comments/replies per post (default 3). */
  perPost: number;
  /** They arrive spread over this many ms after the post (default 5,000). */
  spreadMs: number;
  /** Share of audience comments that answer an earlier comment instead of the post (default 0.25). */
  threadRatio: number;
}

export const DEFAULT_AUDIENCE: AudienceSettings = { enabled: false, perPost: 3, spreadMs: 5000, threadRatio: 0.25 };

/** Timers for scheduled audience activity, cleared on close/reset. */
export class AudienceClock {
  private timers = new Set<NodeJS.Timeout>();
  schedule(delayMs: number, fn: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      fn();
    }, delayMs);
    timer.unref();
    this.timers.add(timer);
  }
  clear(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }
}

/**
 * How much of a post's eventual engagement has arrived at an age: most of it in the first day, then a
 * long, slow tail (1 h ≈ 10 %, 6 h ≈ 45 %, 24 h ≈ 91 %, 72 h ≈ 105 %, 7 d ≈ 110 %). Monotone.
 */
export function arrivedShare(ageMs: number): number {
  const hours = Math.max(0, ageMs) / 3_600_000;
  return 1 - Math.exp(-hours / 10) + 0.05 * Math.log1p(hours / 24);
}

/**
 * A post's eventual engagement as a share of its account's followers: 0.15 %–1.6 %, deterministic per post,
 * better at Seoul lunch (12–13 h) and evening (19–22 h), weaker at night (0–6 h) — so best-time suggestions
 * from emulated history have something real to find.
 */
export function engagementShare(seedish: number, createdAtMs: number): number {
  const base = 0.0015 + ((seedish % 1000) / 1000) * 0.0085;
  const hour = (new Date(createdAtMs).getUTCHours() + 9) % 24;
  const boost = hour >= 19 && hour <= 22 ? 1.6 : hour >= 12 && hour <= 13 ? 1.3 : hour <= 6 ? 0.5 : 1;
  return base * boost;
}

/** What an audience of `followers` has done with a post by now (reactions, shares, impressions), deterministic per post. */
export function grownEngagement(createdAtMs: number, seedish: number, followers: number): { reactions: number; shares: number; impressions: number } {
  const arrived = arrivedShare(Date.now() - createdAtMs);
  const total = followers * engagementShare(seedish, createdAtMs) * arrived;
  const reach = followers * (0.08 + ((seedish >>> 10) % 100) / 1000) * arrived;
  return { reactions: Math.floor(total * 0.82), shares: Math.floor(total * 0.12), impressions: Math.floor(reach * 1.35) };
}

/** A follower count that grows from `base` by about 0.1 % a day (deterministic). */
export function grownFollowers(base: number, sinceMs: number): number {
  return base + Math.floor(((Date.now() - sinceMs) / 86_400_000) * base * 0.001);
}

export function hashOf(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}
