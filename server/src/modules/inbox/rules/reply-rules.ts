/**
 * What a reply from the inbox must satisfy, and how a saved reply fills in its variables. Pure: the server
 * checks replies with it and the browser runs it while the person types (alias `@inbox-rules`).
 * Import nothing from the server here except the composer's rules.
 */
import type { Provider } from '../../posts/rules/network-rules';
import { type Problem, textLength, validateVariant } from '../../posts/rules/validate-variant';

/**
 * The composer's text checks for this network (X counts weighted: Korean 2, links 23), without the ones
 * about media, which a reply has none of.
 */
export function checkReplyText(provider: Provider, text: string): Problem[] {
  return validateVariant({ provider, text, media: [] }, { now: new Date(0) })
    .filter((p) => p.field === 'text')
    .map((p) => (p.code === 'text_empty' ? { ...p, params: {} } : p));
}

/** The length the network counts for a reply, and its limit (for the counter under the reply box). */
export function replyLength(provider: Provider, text: string): { length: number; max: number } {
  return textLength(provider, text);
}

export const SAVED_REPLY_VARIABLES = ['name', 'handle', 'agent'] as const;
export type SavedReplyVariable = (typeof SAVED_REPLY_VARIABLES)[number];

/**
 * Fills `{{name}}` (the customer's name), `{{handle}}` (their @handle, with the @) and `{{agent}}` (the
 * person replying). Unknown variables stay as written so the person sees them before sending; a missing
 * value falls back (handle → name, name → handle) or becomes empty.
 */
export function fillSavedReply(body: string, values: { name?: string | null; handle?: string | null; agent?: string | null }): string {
  const name = values.name?.trim() || values.handle?.trim() || '';
  const rawHandle = values.handle?.trim() || '';
  const handle = rawHandle ? (rawHandle.startsWith('@') ? rawHandle : `@${rawHandle}`) : name;
  const agent = values.agent?.trim() || '';
  const table: Record<SavedReplyVariable, string> = { name, handle, agent };
  return body.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, key: string) => (key in table ? table[key as SavedReplyVariable] : whole));
}
