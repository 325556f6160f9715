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

/** Likes/impressions that grow with the post's age (monotone, deterministic per post). */
export function grownMetric(createdAtMs: number, perMinute: number, seedish: number, extra = 0): number {
  const ageMinutes = Math.max(0, (Date.now() - createdAtMs) / 60_000);
  const factor = 0.6 + (seedish % 80) / 100;
  return Math.floor(perMinute * factor * Math.sqrt(ageMinutes * 60) + extra);
}

export function hashOf(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}
