import { describe, expect, it } from 'vitest';
import { classifyText, combine, isUrgent } from '../../server/src/modules/inbox-ingest/classify';
import { starterRules } from '../../server/src/modules/inbox-ingest/starter-rules';

const rules = starterRules();
const terms = (text: string) => classifyText(text, rules).reason.terms.map((t) => t.term);

describe('classification with the starter rules', () => {
  it.each([
    ['주문한 지 일주일이 넘었는데 아직 배송이 안 왔어요. 확인 부탁드립니다.', 'complaint', 'negative'],
    ['앱이 계속 튕겨서 결제를 못 하고 있어요. 너무 불편합니다.', 'complaint', 'negative'],
    ['고객센터 연결이 안 돼요… 답변 좀 주세요.', 'complaint', 'negative'],
    ['매장에서도 살 수 있나요? 언제부터인지 궁금해요.', 'question', 'neutral'],
    ['와 이번 거 진짜 좋네요! 기다렸어요 👏', 'praise', 'positive'],
    ['디자인 너무 예뻐요. 친구한테도 공유했어요.', 'praise', 'positive'],
    ['My order still has not shipped after 10 days. Not happy.', 'complaint', 'negative'],
    ['Is this available outside Korea? Asking for a friend.', 'question', 'neutral'],
    ['Love this! Been waiting for it all month.', 'praise', 'positive'],
    ['Great work, team. The new colours look amazing.', 'praise', 'positive'],
    ['오늘 날씨 맑음', 'other', 'neutral'],
  ])('%s → %s, %s', (text, category, sentiment) => {
    const result = classifyText(text, rules);
    expect({ category: result.category, sentiment: result.sentiment }).toEqual({ category, sentiment });
  });

  it('explains itself: matched phrases and lexicon words with their scores', () => {
    expect(terms('배송이 안 왔어요')).toEqual(expect.arrayContaining(['배송', '안 왔']));
    const english = classifyText('Not happy, I want a refund', rules);
    expect(english.reason.terms).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ term: 'refund', source: 'rule', category: 'complaint' }),
        expect.objectContaining({ term: 'happy', source: 'lexicon', score: -3 }),
      ]),
    );
    expect(english.reason.lexiconScore).toBe(english.reason.terms.reduce((sum, t) => sum + (t.score ?? 0), 0));
    expect(english.sentiment).toBe('negative');
  });

  it('matches Korean inside words (particles attach) and English on word boundaries only', () => {
    expect(terms('환불은 언제쯤')).toContain('환불');
    expect(terms('This is a plate')).not.toContain('late');
    expect(terms('Shipping is late')).toContain('late');
  });

  it('applies a language’s rules only to text in that language', () => {
    const onlyKo = [{ phrase: 'love', locale: 'ko', category: 'praise' as const, sentiment: null, weight: 1 }];
    expect(classifyText('love it', onlyKo).reason.terms.filter((t) => t.source === 'rule')).toEqual([]);
  });

  it('lets a heavier rule win a disagreement, and ties go to the complaint', () => {
    const custom = [
      { phrase: '이벤트', locale: null, category: 'question' as const, sentiment: null, weight: 3 },
      { phrase: '당첨', locale: null, category: 'praise' as const, sentiment: null, weight: 1 },
      { phrase: '실패', locale: null, category: 'complaint' as const, sentiment: null, weight: 1 },
    ];
    expect(classifyText('이벤트 당첨', custom).category).toBe('question');
    expect(classifyText('당첨 실패', custom).category).toBe('complaint');
  });

  it('keeps the most pressing category and sentiment across a conversation', () => {
    const complaint = classifyText('환불해 주세요', rules);
    const praise = classifyText('좋네요', rules);
    expect(combine({ category: praise.category, sentiment: praise.sentiment, reason: praise.reason }, complaint)).toMatchObject({
      category: 'complaint',
      sentiment: 'negative',
    });
    expect(combine({ category: 'complaint', sentiment: 'negative', reason: {} }, praise)).toMatchObject({
      category: 'complaint',
      sentiment: 'negative',
    });
    expect(isUrgent(complaint)).toBe(true);
    expect(isUrgent(praise)).toBe(false);
  });
});
