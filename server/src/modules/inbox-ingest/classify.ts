/**
 * Classification of a customer message, explainable and pure: the workspace's keyword/phrase rules
 * (Korean matched inside words, since Korean attaches particles; English on word boundaries) decide
 * the category by summed weight (ties: complaint > question > praise), and rules plus the AFINN-165
 * lexicon (`sentiment` on npm, English words only, negation-aware) decide the sentiment. The reason
 * lists every matched term and the lexicon's score, and is shown beside the category.
 */
import Sentiment from 'sentiment';

export type Category = 'question' | 'complaint' | 'praise' | 'other';
export type SentimentValue = 'negative' | 'neutral' | 'positive';

export interface Rule {
  id?: string;
  phrase: string;
  locale: string | null;
  category: Category | null;
  sentiment: SentimentValue | null;
  weight: number;
}

export interface MatchedTerm {
  term: string;
  rule?: string;
  category?: Category;
  sentiment?: SentimentValue;
  /** lexicon: the AFINN word and its valence. */
  score?: number;
  source: 'rule' | 'lexicon';
}

export interface Classification {
  category: Category;
  sentiment: SentimentValue;
  reason: { terms: MatchedTerm[]; lexiconScore: number; ruleScore: number };
}

export const HANGUL = /[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]/;
const LATIN = /[a-z]/i;
const CATEGORY_RANK: Record<Category, number> = { complaint: 3, question: 2, praise: 1, other: 0 };
/** A sentiment rule counts as much as a strongly valenced lexicon word. */
const RULE_SENTIMENT_WEIGHT = 3;
const THRESHOLD = 2;

const lexicon = new Sentiment();

/** How every classified text is compared: NFC (one form for composed Hangul), lower case. */
export const normalise = (text: string) => text.normalize('NFC').toLowerCase();
const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function compile(phrase: string): (text: string) => boolean {
  const p = normalise(phrase).trim();
  if (!p) return () => false;
  if (HANGUL.test(p) || !/\w/.test(p)) return (text) => text.includes(p);
  const start = /^\w/.test(p) ? '\\b' : '';
  const end = /\w$/.test(p) ? '\\b' : '';
  const pattern = new RegExp(`${start}${escapeRegExp(p)}${end}`, 'u');
  return (text) => pattern.test(text);
}

/** Each phrase is compiled once per process (a worker classifies thousands of messages a second against the same rules). */
const matchers = new Map<string, (text: string) => boolean>();
function matches(text: string, phrase: string): boolean {
  let matcher = matchers.get(phrase);
  if (!matcher) {
    if (matchers.size >= 10_000) matchers.clear();
    matcher = compile(phrase);
    matchers.set(phrase, matcher);
  }
  return matcher(text);
}

function appliesTo(rule: Rule, hasKo: boolean, hasEn: boolean): boolean {
  if (!rule.locale) return true;
  if (rule.locale === 'ko') return hasKo;
  if (rule.locale === 'en') return hasEn;
  return true;
}

export function classifyText(raw: string, rules: readonly Rule[]): Classification {
  const text = normalise(raw);
  const hasKo = HANGUL.test(text);
  const hasEn = LATIN.test(text);
  const terms: MatchedTerm[] = [];
  const categoryScore: Record<Category, number> = { complaint: 0, question: 0, praise: 0, other: 0 };
  let ruleScore = 0;
  for (const rule of rules) {
    if (!appliesTo(rule, hasKo, hasEn) || !matches(text, rule.phrase)) continue;
    const weight = Math.max(1, rule.weight);
    if (rule.category) categoryScore[rule.category] += weight;
    if (rule.sentiment === 'negative') ruleScore -= weight * RULE_SENTIMENT_WEIGHT;
    if (rule.sentiment === 'positive') ruleScore += weight * RULE_SENTIMENT_WEIGHT;
    terms.push({
      term: rule.phrase,
      source: 'rule',
      ...(rule.id ? { rule: rule.id } : {}),
      ...(rule.category ? { category: rule.category } : {}),
      ...(rule.sentiment ? { sentiment: rule.sentiment } : {}),
    });
  }
  let lexiconScore = 0;
  if (hasEn) {
    const result = lexicon.analyze(raw);
    lexiconScore = result.score;
    for (const entry of result.calculation) {
      for (const [word, score] of Object.entries(entry)) terms.push({ term: word, score, source: 'lexicon' });
    }
  }
  let category: Category = 'other';
  let best = 0;
  for (const c of ['complaint', 'question', 'praise'] as const) {
    if (categoryScore[c] > best || (categoryScore[c] === best && best > 0 && CATEGORY_RANK[c] > CATEGORY_RANK[category])) {
      best = categoryScore[c];
      category = c;
    }
  }
  const total = ruleScore + lexiconScore;
  const sentiment: SentimentValue = total <= -THRESHOLD ? 'negative' : total >= THRESHOLD ? 'positive' : 'neutral';
  return { category, sentiment, reason: { terms, lexiconScore, ruleScore } };
}

export const isUrgent = (c: { category: Category; sentiment: SentimentValue }) => c.category === 'complaint' || c.sentiment === 'negative';

const SENTIMENT_RANK: Record<SentimentValue, number> = { negative: 2, positive: 1, neutral: 0 };

/** A conversation keeps the most pressing category and sentiment of its open messages (complaint and negative win). */
export function combine(
  current: { category: Category; sentiment: SentimentValue; reason: unknown },
  next: Classification,
): { category: Category; sentiment: SentimentValue; reason: unknown } {
  const category = CATEGORY_RANK[next.category] > CATEGORY_RANK[current.category] ? next.category : current.category;
  const sentiment = SENTIMENT_RANK[next.sentiment] > SENTIMENT_RANK[current.sentiment] ? next.sentiment : current.sentiment;
  const changed = category !== current.category || sentiment !== current.sentiment;
  return { category, sentiment, reason: changed ? next.reason : current.reason };
}
