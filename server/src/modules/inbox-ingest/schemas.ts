import { z } from '../../lib/http/zod';

const category = z.enum(['question', 'complaint', 'praise', 'other']);
const sentiment = z.enum(['negative', 'neutral', 'positive']);
const time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a 24-hour time like 09:00');

const ruleFields = {
  phrase: z.string().trim().min(1, 'is required').max(100),
  locale: z.enum(['ko', 'en']).nullable(),
  category: category.nullable(),
  sentiment: sentiment.nullable(),
  weight: z.number().int().min(1).max(10),
};
const someEffect = (r: { category?: unknown; sentiment?: unknown }) => r.category != null || r.sentiment != null;

export const createRuleBody = z
  .strictObject({
    ...ruleFields,
    locale: ruleFields.locale.default(null),
    category: ruleFields.category.default(null),
    sentiment: ruleFields.sentiment.default(null),
    weight: ruleFields.weight.default(1),
  })
  .refine(someEffect, { message: 'a rule sets a category, a sentiment or both', path: ['category'] });
export const updateRuleBody = z.strictObject(ruleFields).partial();

export const ruleSchema = z
  .object({
    id: z.uuid(),
    phrase: z.string(),
    locale: z.enum(['ko', 'en']).nullable(),
    category: category.nullable(),
    sentiment: sentiment.nullable(),
    weight: z.number().int(),
  })
  .openapi('ClassificationRule');

export const classifyBody = z.strictObject({ text: z.string().min(1).max(5000) });
export const classificationSchema = z
  .object({
    category,
    sentiment,
    reason: z.object({
      terms: z.array(
        z.object({
          term: z.string(),
          source: z.enum(['rule', 'lexicon']),
          rule: z.string().optional(),
          category: category.optional(),
          sentiment: sentiment.optional(),
          score: z.number().optional(),
        }),
      ),
      lexiconScore: z.number(),
      ruleScore: z.number(),
    }),
  })
  .openapi('Classification');

export const businessHoursSchema = z
  .strictObject({
    days: z.array(z.number().int().min(1).max(7)).min(1).max(7),
    start: time,
    end: time,
  })
  .refine((h) => h.start < h.end, { message: 'start must be before end', path: ['end'] });

export const inboxSettingsSchema = z
  .object({
    businessHours: businessHoursSchema,
    urgentSameBusinessDay: z.boolean(),
    otherTargetHours: z.number().int().min(1).max(168),
    autoAssign: z.boolean(),
    timeZone: z.string(),
  })
  .openapi('InboxSettings');

export const updateInboxSettingsBody = z
  .strictObject({
    businessHours: businessHoursSchema,
    urgentSameBusinessDay: z.boolean(),
    otherTargetHours: z.number().int().min(1).max(168),
    autoAssign: z.boolean(),
  })
  .partial();
