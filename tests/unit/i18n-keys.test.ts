import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const clientSrc = join(root, 'client/src');
const i18nDir = join(clientSrc, 'i18n');

type Tree = { [key: string]: string | Tree };

function loadLanguage(lang: string): Map<string, string> {
  const tree = JSON.parse(readFileSync(join(i18nDir, `${lang}.json`), 'utf8')) as Tree;
  const flat = new Map<string, string>();
  const walk = (node: Tree, prefix: string) => {
    for (const [key, value] of Object.entries(node)) {
      const path = prefix ? `${prefix}.${key}` : key;
      if (typeof value === 'string') flat.set(path, value);
      else if (value && typeof value === 'object') walk(value, path);
      else flat.set(path, '');
    }
  };
  walk(tree, '');
  return flat;
}

/** `{{name}}` and `{{name, format}}` placeholders, sorted and de-duplicated. */
function variables(value: string): string[] {
  const found = [...value.matchAll(/\{\{\s*([^}\s,]+)[^}]*\}\}/g)].map((match) => match[1] ?? '');
  return [...new Set(found)].sort();
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

/** Keys a plural-aware lookup may resolve to (`key`, `key_one`, `key_other`, …). */
function hasKey(messages: Map<string, string>, key: string): boolean {
  if (messages.has(key)) return true;
  return ['zero', 'one', 'two', 'few', 'many', 'other'].some((suffix) => messages.has(`${key}_${suffix}`));
}

const ko = loadLanguage('ko');
const en = loadLanguage('en');

describe('i18n message files', () => {
  it('have the same keys in ko and en', () => {
    const onlyKo = [...ko.keys()].filter((key) => !en.has(key));
    const onlyEn = [...en.keys()].filter((key) => !ko.has(key));
    expect({ onlyKo, onlyEn }).toEqual({ onlyKo: [], onlyEn: [] });
  });

  it('have no empty values', () => {
    const empty = [...ko, ...en].filter(([, value]) => value.trim() === '').map(([key]) => key);
    expect(empty).toEqual([]);
  });

  it('use the same interpolation variables in both languages', () => {
    const mismatched = [...ko.keys()]
      .filter((key) => en.has(key))
      .filter((key) => variables(ko.get(key) ?? '').join() !== variables(en.get(key) ?? '').join())
      .map((key) => `${key}: ko {${variables(ko.get(key) ?? '')}} vs en {${variables(en.get(key) ?? '')}}`);
    expect(mismatched).toEqual([]);
  });

  it('define every literal key used with t() in client/src/**/*.{ts,tsx}', () => {
    const files = sourceFiles(clientSrc);
    expect(files.length).toBeGreaterThan(0);
    const missing: string[] = [];
    let used = 0;
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      for (const match of text.matchAll(/\bt\(\s*(['"])([^'"`$]+?)\1/g)) {
        const key = match[2] ?? '';
        used += 1;
        for (const [lang, messages] of [
          ['ko', ko],
          ['en', en],
        ] as const) {
          if (!hasKey(messages, key)) missing.push(`${relative(root, file)}: ${key} (missing in ${lang})`);
        }
      }
    }
    expect(used).toBeGreaterThan(0);
    expect(missing).toEqual([]);
  });

  it('translate every server error code the client relies on', () => {
    const codes = ['invalid_credentials', 'too_many_requests', 'validation_failed', 'forbidden', 'not_found', 'conflict', 'csrf_invalid', 'generic'];
    const missing = codes.filter((code) => !ko.has(`errors.${code}`) || !en.has(`errors.${code}`));
    expect(missing).toEqual([]);
  });
});
