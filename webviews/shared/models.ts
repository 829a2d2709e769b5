/**
 * Schemas of the server's dashboard models as pages receive them (the types are declared once in
 * server/src/protocol/; these schemas check them at run time). `Exact` makes the compiler prove that
 * each schema accepts exactly the protocol type, so the two cannot drift apart. DOM-free.
 */
import * as v from 'valibot';
import type { AmdecModelData, ModelProblem, RaciModelData } from '../../server/src/protocol';
import { RangeSchema, UriSchema } from './messages';

/** Compile-time proof that A and B are the same type. */
type Exact<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const same = <T extends true>(): T | undefined => undefined;

const text = v.pipe(v.string(), v.maxLength(100_000));
const short = v.pipe(v.string(), v.maxLength(1_000));

export const ModelProblemSchema = v.object({
  range: RangeSchema,
  message: text,
  code: short,
  severity: v.picklist(['error', 'warning', 'information', 'hint']),
});
same<Exact<v.InferOutput<typeof ModelProblemSchema>, ModelProblem>>();

export const RaciModelSchema = v.object({
  uri: UriSchema,
  title: v.optional(text),
  scheme: short,
  letters: v.record(short, text),
  roles: v.array(
    v.object({
      id: short,
      name: v.optional(text),
      range: RangeSchema,
      rowRange: RangeSchema,
      letters: v.record(short, v.number()),
      load: v.number(),
      overloaded: v.boolean(),
    }),
  ),
  activities: v.array(
    v.object({
      id: v.optional(short),
      group: v.optional(text),
      activity: v.optional(text),
      range: RangeSchema,
      rowRange: RangeSchema,
      cells: v.array(v.object({ role: short, value: short, letters: v.array(short), range: RangeSchema, keyRange: RangeSchema })),
    }),
  ),
  problems: v.array(ModelProblemSchema),
});
same<Exact<v.InferOutput<typeof RaciModelSchema>, RaciModelData>>();

const ScoreSchema = v.object({
  severity: v.number(),
  occurrence: v.number(),
  detection: v.number(),
  product: v.number(),
  ap: v.optional(v.picklist(['H', 'M', 'L'])),
  band: short,
  needsTreatment: v.boolean(),
});

export const AmdecModelSchema = v.object({
  uri: UriSchema,
  kind: short,
  title: v.optional(text),
  method: v.picklist(['rpn', 'criticite', 'aiag-vda-2019']),
  scales: v.object({
    severity: v.tuple([v.number(), v.number()]),
    occurrence: v.tuple([v.number(), v.number()]),
    detection: v.tuple([v.number(), v.number()]),
  }),
  threshold: v.optional(v.number()),
  raci: v.optional(UriSchema),
  today: short,
  risks: v.array(
    v.object({
      id: v.optional(short),
      category: v.optional(text),
      categoryKey: v.optional(short),
      item: v.optional(text),
      failureMode: v.optional(text),
      effect: v.optional(text),
      cause: v.optional(text),
      justification: v.optional(text),
      score: v.optional(ScoreSchema),
      revised: v.optional(ScoreSchema),
      actions: v.array(
        v.object({
          id: v.optional(short),
          action: v.optional(text),
          owner: v.optional(text),
          ownerName: v.optional(text),
          due: v.optional(short),
          status: v.optional(short),
          overdue: v.boolean(),
          range: RangeSchema,
        }),
      ),
      range: RangeSchema,
      rowRange: RangeSchema,
    }),
  ),
  problems: v.array(ModelProblemSchema),
});
same<Exact<v.InferOutput<typeof AmdecModelSchema>, AmdecModelData>>();
