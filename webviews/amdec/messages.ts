/** The risk dashboard's messages (host ↔ page). */
import * as v from 'valibot';
import { commonToHost, UriSchema } from '../shared/messages';
import { AmdecModelSchema } from '../shared/models';
import { SecurityViewSchema } from '../system/messages';

/** Host → page: the server's model of the file (null when it is no longer an AMDEC/FMEA file), the workspace's derived threats (the threat matrix), the editor's language. */
export const AmdecToPage = v.variant('type', [
  v.object({ type: v.literal('model'), model: v.nullable(AmdecModelSchema), fileName: v.string(), error: v.optional(v.string()), threats: v.optional(v.nullable(SecurityViewSchema)), lang: v.optional(v.pipe(v.string(), v.maxLength(20))) }),
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
