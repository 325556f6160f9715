import { z } from '../../lib/http/zod';

export const colorSchema = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour like #3B82F6');
const regionSchema = z.strictObject({
  country: z.string().regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 code such as KR'),
  region: z.string().trim().min(1).max(80).optional(),
  city: z.string().trim().min(1).max(80).optional(),
});
const localeSchema = z.string().regex(/^[a-z]{2,3}(-[A-Z][a-z]{3})?(-([A-Z]{2}|\d{3}))?$/, 'must be a language tag such as ko-KR');

const segmentFields = {
  name: z.string().trim().min(1, 'is required').max(80),
  color: colorSchema,
  description: z.string().max(500).optional(),
  regions: z.array(regionSchema).max(50).optional(),
  ageMin: z.number().int().min(13).max(65).nullable().optional(),
  ageMax: z.number().int().min(13).max(65).nullable().optional(),
  genders: z
    .array(z.enum(['male', 'female']))
    .max(2)
    .optional(),
  locales: z.array(localeSchema).max(20).optional(),
  interests: z.array(z.string().trim().min(1).max(50)).max(30).optional(),
};
const ageOrder = (s: { ageMin?: number | null; ageMax?: number | null }) => s.ageMin == null || s.ageMax == null || s.ageMin <= s.ageMax;

export const createSegmentBody = z.strictObject(segmentFields).refine(ageOrder, { message: 'ageMin must not exceed ageMax', path: ['ageMin'] });
export const updateSegmentBody = z
  .strictObject({ ...segmentFields, archived: z.boolean() })
  .partial()
  .refine(ageOrder, { message: 'ageMin must not exceed ageMax', path: ['ageMin'] });

export const segmentSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    color: z.string(),
    description: z.string(),
    regions: z.unknown(),
    ageMin: z.number().nullable(),
    ageMax: z.number().nullable(),
    genders: z.array(z.string()),
    locales: z.array(z.string()),
    interests: z.array(z.string()),
    archivedAt: z.date().nullable(),
  })
  .openapi('Segment');
