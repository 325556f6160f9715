import { z } from '../../lib/http/zod';
import { lookupsSchema, reportQuery } from './schemas';

export const listeningQuery = reportQuery.pick({ from: true, to: true, channelIds: true });
export type ListeningQuery = z.infer<typeof listeningQuery>;

const ms = z.number().nullable().openapi({ description: 'Milliseconds' });
const spread = z.object({ median: ms, p90: ms });
const categories = z.object({ complaint: z.number(), question: z.number(), praise: z.number(), other: z.number() });
const sentiments = z.object({ negative: z.number(), neutral: z.number(), positive: z.number() });

const responseStats = z.object({
  waits: z.number().openapi({ description: 'Customer waits that started in the range (first message after our last reply)' }),
  answered: z.number(),
  onTime: z.number(),
  late: z.number().openapi({ description: 'Answered after the deadline, or unanswered past it' }),
  pending: z.number().openapi({ description: 'Unanswered, not due yet' }),
  closedWithoutReply: z.number(),
  withinDeadline: z.number().nullable().openapi({ description: 'on time ÷ (on time + late)' }),
  firstResponse: spread,
  resolved: z.number(),
  resolution: spread,
});

const escalationSummary = z.object({
  open: z.number(),
  inProgress: z.number(),
  created: z.number(),
  resolved: z.number(),
  openAge: spread.extend({ oldest: ms }),
  resolution: spread,
});

export const listeningReportSchema = z
  .object({
    range: lookupsSchema,
    generatedAt: z.string(),
    deadlines: z.object({
      businessHours: z.object({ days: z.array(z.number()), start: z.string(), end: z.string() }),
      urgentSameBusinessDay: z.boolean(),
      otherTargetHours: z.number(),
    }),
    messages: z.object({
      total: z.number(),
      category: categories,
      sentiment: sentiments,
      matrix: z.object({ complaint: sentiments, question: sentiments, praise: sentiments, other: sentiments }),
      timeline: z.array(z.object({ day: z.string(), total: z.number(), category: categories, sentiment: sentiments })),
    }),
    themes: z.object({
      complaints: z.number(),
      terms: z.array(z.object({ term: z.string(), messages: z.number(), share: z.number() })),
    }),
    response: responseStats.extend({
      timeline: z.array(
        z.object({ day: z.string(), waits: z.number(), answered: z.number(), medianFirstResponseMs: ms, withinDeadline: z.number().nullable() }),
      ),
    }),
    byPerson: z.array(responseStats.extend({ key: z.uuid().nullable().openapi({ description: 'User id; null: unassigned' }) })),
    byChannel: z.array(responseStats.extend({ key: z.uuid().nullable() })),
    people: z.array(z.object({ id: z.uuid(), name: z.string() })),
    escalations: escalationSummary.extend({
      byDepartment: z.array(escalationSummary.extend({ departmentId: z.uuid(), name: z.string() })),
      oldestOpen: z.array(
        z.object({
          id: z.uuid(),
          status: z.enum(['open', 'in_progress', 'resolved']),
          departmentName: z.string(),
          conversationId: z.uuid(),
          customerName: z.string(),
          excerpt: z.string(),
          note: z.string(),
          createdAt: z.string(),
          ageMs: z.number(),
        }),
      ),
    }),
  })
  .openapi('ListeningReport');
