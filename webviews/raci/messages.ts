/** The RACI dashboard's messages (host ↔ page). */
import * as v from 'valibot';
import { commonToHost, UriSchema } from '../shared/messages';
import { RaciModelSchema } from '../shared/models';

/** Host → page: the server's model of the file (null when it is no longer a RACI file). */
export const RaciToPage = v.variant('type', [
  v.object({ type: v.literal('model'), model: v.nullable(RaciModelSchema), fileName: v.string(), error: v.optional(v.string()) }),
]);
export type RaciToPage = v.InferOutput<typeof RaciToPage>;

export const RaciToHost = v.variant('type', [...commonToHost]);
export type RaciToHost = v.InferOutput<typeof RaciToHost>;

/** What VS Code keeps for the panel: which file it shows (restored after a reload). */
export const RaciState = v.object({ uri: UriSchema });
export type RaciState = v.InferOutput<typeof RaciState>;
