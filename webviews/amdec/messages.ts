/** The risk dashboard's messages (host ↔ page). */
import * as v from 'valibot';
import { commonToHost, UriSchema } from '../shared/messages';
import { AmdecModelSchema } from '../shared/models';

/** Host → page: the server's model of the file (null when it is no longer an AMDEC/FMEA file). */
export const AmdecToPage = v.variant('type', [
  v.object({ type: v.literal('model'), model: v.nullable(AmdecModelSchema), fileName: v.string(), error: v.optional(v.string()) }),
]);
export type AmdecToPage = v.InferOutput<typeof AmdecToPage>;

export const AmdecToHost = v.variant('type', [...commonToHost]);
export type AmdecToHost = v.InferOutput<typeof AmdecToHost>;

/** What VS Code keeps: the file, and the view (detection filter, which ratings the matrix shows). */
export const AmdecState = v.object({
  uri: UriSchema,
  detection: v.optional(v.tuple([v.number(), v.number()])),
  ratings: v.optional(v.picklist(['initial', 'revised'])),
});
export type AmdecState = v.InferOutput<typeof AmdecState>;
