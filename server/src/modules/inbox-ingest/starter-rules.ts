/**
 * The starter set of classification rules every workspace gets (admins edit them afterwards):
 * Korean phrases match inside words (particles attach: 배송 matches 배송이), English ones on word
 * boundaries; English sentiment also comes from the AFINN lexicon, so few English sentiment rules.
 */
import type { Rule } from './classify';

type Starter = Omit<Rule, 'id' | 'weight'> & { weight?: number };

const ko = (phrase: string, category: Rule['category'], sentiment: Rule['sentiment'] = null, weight = 1): Starter => ({
  phrase,
  locale: 'ko',
  category,
  sentiment,
  weight,
});
const en = (phrase: string, category: Rule['category'], sentiment: Rule['sentiment'] = null, weight = 1): Starter => ({
  phrase,
  locale: 'en',
  category,
  sentiment,
  weight,
});

export const STARTER_RULES: Starter[] = [
  // Korean: complaints
  ko('배송', 'complaint'),
  ko('안 왔', 'complaint', 'negative', 2),
  ko('안왔', 'complaint', 'negative', 2),
  ko('환불', 'complaint', 'negative', 2),
  ko('교환', 'complaint'),
  ko('불편', 'complaint', 'negative', 2),
  ko('고장', 'complaint', 'negative', 2),
  ko('불량', 'complaint', 'negative', 2),
  ko('튕겨', 'complaint', 'negative', 2),
  ko('오류', 'complaint', 'negative'),
  ko('에러', 'complaint', 'negative'),
  ko('연결이 안', 'complaint', 'negative', 2),
  ko('답변 좀', 'complaint'),
  ko('늦어', 'complaint', 'negative'),
  ko('취소', 'complaint'),
  ko('최악', 'complaint', 'negative', 3),
  ko('실망', 'complaint', 'negative', 2),
  ko('짜증', null, 'negative', 2),
  ko('화나', null, 'negative', 2),
  ko('별로', null, 'negative'),
  ko('답답', null, 'negative'),
  // Korean: questions
  ko('있나요', 'question'),
  ko('되나요', 'question'),
  ko('인가요', 'question'),
  ko('언제', 'question'),
  ko('어떻게', 'question'),
  ko('어디서', 'question'),
  ko('얼마', 'question'),
  ko('궁금', 'question'),
  ko('문의', 'question'),
  // Korean: praise
  ko('좋네요', 'praise', 'positive'),
  ko('좋아요', 'praise', 'positive'),
  ko('최고', 'praise', 'positive'),
  ko('예뻐', 'praise', 'positive'),
  ko('예쁘', 'praise', 'positive'),
  ko('감사', 'praise', 'positive'),
  ko('고마워', 'praise', 'positive'),
  ko('기다렸', 'praise', 'positive'),
  ko('대박', 'praise', 'positive'),
  ko('멋져', 'praise', 'positive'),
  ko('사랑해', 'praise', 'positive'),
  // English: complaints
  en('refund', 'complaint', 'negative', 2),
  en('broken', 'complaint', 'negative', 2),
  en('not working', 'complaint', 'negative', 2),
  en("doesn't work", 'complaint', 'negative', 2),
  en('not shipped', 'complaint', 'negative', 2),
  en('never arrived', 'complaint', 'negative', 2),
  en("hasn't arrived", 'complaint', 'negative', 2),
  en('still has not', 'complaint'),
  en('crash', 'complaint', 'negative'),
  en('cancel', 'complaint'),
  en('late', 'complaint'),
  en('complaint', 'complaint', 'negative'),
  en('worst', 'complaint', 'negative', 2),
  en('customer service', 'complaint'),
  // English: questions
  en('how do', 'question'),
  en('how can', 'question'),
  en('when will', 'question'),
  en('is this', 'question'),
  en('is it', 'question'),
  en('can i', 'question'),
  en('does it', 'question'),
  en('where can', 'question'),
  // English: praise
  en('love', 'praise'),
  en('great', 'praise'),
  en('amazing', 'praise'),
  en('awesome', 'praise'),
  en('thank', 'praise'),
  en('thanks', 'praise'),
  en('perfect', 'praise'),
  // Any language
  { phrase: '?', locale: null, category: 'question', sentiment: null, weight: 1 },
  { phrase: '👍', locale: null, category: 'praise', sentiment: 'positive', weight: 1 },
  { phrase: '👏', locale: null, category: 'praise', sentiment: 'positive', weight: 1 },
  { phrase: '❤', locale: null, category: 'praise', sentiment: 'positive', weight: 1 },
];

export const starterRules = (): Rule[] => STARTER_RULES.map((r) => ({ ...r, weight: r.weight ?? 1 }));
