/**
 * Top themes of the Listening report (pure): the words that come up most in complaints, Korean and
 * English. Texts are normalised the way the classifier compares them (`normalise`: NFC, lower case)
 * and split into words the way inbox search does (letters and digits). Korean attaches particles and
 * endings to words, so trailing particles and 하다 endings are trimmed (배송이 → 배송, 불편해요 → 불편)
 * while at least two syllables remain, and words that still end like a verb (왔어요, 찢어져서) are left
 * out: themes are mostly nouns. Stop words, one-syllable Korean words, short Latin words, numbers, links
 * and @handles are dropped. A word counts once per message (how many complaints mention it).
 */
import { HANGUL, normalise } from '../inbox-ingest/classify';

export interface Theme {
  term: string;
  /** Messages that mention it. */
  messages: number;
  /** Of all the messages looked at. */
  share: number;
}

/** Particles and copulas that attach to a noun (longest first, so 에서 goes before 서 could). */
const KO_PARTICLES = [
  '에서는',
  '에게서',
  '으로는',
  '이라도',
  '입니다',
  '이에요',
  '에서',
  '에게',
  '한테',
  '까지',
  '부터',
  '으로',
  '이랑',
  '처럼',
  '보다',
  '이나',
  '마다',
  '예요',
  '이요',
  '은',
  '는',
  '이',
  '가',
  '을',
  '를',
  '에',
  '의',
  '도',
  '만',
  '로',
  '와',
  '과',
  '랑',
  '째',
  '요',
].sort((a, b) => b.length - a.length);

/** 하다-verb forms: what is left is the noun (불편해요 → 불편, 결제할 → 결제, 주문한 → 주문). */
const KO_HADA = [
  '했습니다',
  '합니다',
  '했어요',
  '했는데',
  '하는데',
  '해주세요',
  '해서',
  '해요',
  '하게',
  '하고',
  '하는',
  '하면',
  '해도',
  '할',
  '한',
  '해',
  '했',
].sort((a, b) => b.length - a.length);

/** A word that still ends like a verb or adjective (왔어, 돼요, 찢어져서, 좋네) is not a theme. */
const KO_VERBAL = /(요|다|게|서|고|지|어|아|네|죠|데|왔|났|었|았|겠|돼|됨|나|져|워|와|봐)$/;

const KO_STOP = new Set(
  (
    '너무 정말 진짜 그냥 이거 저거 그거 이것 저것 그것 제가 저는 저도 나는 내가 우리 저희 그리고 그런데 근데 하지만 그래서 ' +
    '오늘 어제 내일 아직 계속 지금 이번 다시 빨리 많이 조금 혹시 언제 어떻게 왜요 있어 없어 있는 없는 있고 없고 합니다 ' +
    '했는데 하는데 있는데 없는데 같아 같은 해서 하면 해도 하나 그게 이게 저게 뭔가 무슨 어떤 이런 저런 그런 여기 거기 저기 ' +
    '고객님 님들 여러분 감사 부탁 부탁드려 드려 드립니다 해주 주시 좀더 정도 때문 그럼 근데요 진짜로 완전 엄청 ' +
    '자꾸 제발 중이에요 중인데 이미 벌써 한번 두번 며칠 일주일 일주일째 아직도'
  ).split(' '),
);

const EN_STOP = new Set(
  (
    'a about above after again against all am an and any are aren as at be because been before being below between both but by ' +
    'can cannot could couldn did didn do does doesn doing don down during each few for from further get got had hadn has hasn have ' +
    'haven having he her here hers herself him himself his how i if in into is isn it its itself just let me more most mustn my myself ' +
    'no nor not now of off on once only or other ought our ours ourselves out over own same shan she should shouldn so some still such ' +
    'than that the their theirs them themselves then there these they this those through to too under until up very was wasn we were ' +
    'weren what when where which while who whom why will with won would wouldn you your yours yourself yourselves im ive dont cant ' +
    'please thanks thank hi hello hey yes yeah also really even one two three since ago already day days today yesterday week ' +
    'amp via lol omg ok okay doesnt didnt isnt wasnt arent werent hasnt havent hadnt wont wouldnt couldnt shouldnt youre theyre thats whats'
  ).split(' '),
);

const STRIP = /https?:\/\/\S+|www\.\S+|[@#][\p{L}\p{N}_]+/gu;

function trimWith(word: string, suffixes: string[]): string {
  for (const suffix of suffixes) {
    if (word.endsWith(suffix) && word.length - suffix.length >= 2) return word.slice(0, -suffix.length);
  }
  return word;
}

/**
 * A Korean word's theme form: a 하다 ending trimmed (불편해요 → 불편), else up to two trailing particles
 * (배송이요 → 배송); at least two syllables stay. Null when what is left still reads as a verb or adjective.
 */
export function koreanStem(word: string): string | null {
  const verbNoun = trimWith(word, KO_HADA);
  if (verbNoun !== word) return verbNoun;
  const noun = trimWith(trimWith(word, KO_PARTICLES), KO_PARTICLES);
  const stem = trimWith(noun, KO_HADA);
  if (stem !== noun) return stem;
  return KO_VERBAL.test(stem) ? null : stem;
}

/** The distinct theme words of one message. */
export function themeWords(text: string): Set<string> {
  const words = new Set<string>();
  const cleaned = normalise(text).replace(STRIP, ' ').replace(/[’']/g, '');
  for (const raw of cleaned.split(/[^\p{L}\p{N}_]+/u)) {
    if (!raw || /^\d+$/.test(raw)) continue;
    if (HANGUL.test(raw)) {
      const word = koreanStem(raw);
      if (!word || word.length < 2 || KO_STOP.has(word) || KO_STOP.has(raw)) continue;
      words.add(word);
    } else {
      if (raw.length < 3 || EN_STOP.has(raw)) continue;
      words.add(raw);
    }
  }
  return words;
}

/** The most frequent words over the texts, by the number of texts that mention them (ties: alphabetical). */
export function topThemes(texts: Iterable<string>, limit = 20): Theme[] {
  const counts = new Map<string, number>();
  let total = 0;
  for (const text of texts) {
    total += 1;
    for (const word of themeWords(text)) counts.set(word, (counts.get(word) ?? 0) + 1);
  }
  return [...counts]
    .filter(([, n]) => n >= 2 || total < 5)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, limit)
    .map(([term, messages]) => ({ term, messages, share: total ? messages / total : 0 }));
}
