/**
 * Cloud Run services and Cloud Functions anyone on the Internet may call: the invoker role granted to `allUsers`
 * by an IAM member or binding of the service (`google_cloud_run_service_iam_member`, `…_iam_binding`), or by its IAM
 * policy (`…_iam_policy`) whose `policy_data` is a `google_iam_policy` data source with such a binding (the form of
 * ThreeDotsLabs' wild-workouts). A grant whose `count` the module instance's values make 0 (`count = var.auth ? 0 : 1`,
 * the call passing `auth = true` or nothing) grants nothing. A Cloud Run service's URL is HTTPS only (Cloud Run redirects
 * HTTP to it); a Cloud Function's may take HTTP (1st gen's `SECURE_OPTIONAL`), so it is not said.
 */
import type { Declaration, TerraformModule } from './model/model';
import { declared } from './model/model';
import { attribute, staticString, type Expr } from './syntax/syntax';

const GRANTS = /^google_(cloud_run(_v2)?_service|cloudfunctions2?_function)_iam_(member|binding|policy)$/;
const INVOKER = /^roles\/(run|cloudfunctions)\.invoker$/;

/** What the map asks of the module instance the grant is in. */
export interface InvokerContext {
  module: TerraformModule;
  resources: ReadonlyMap<string, Declaration[]>;
  /** The keys of a repeated resource's instances in this module instance (`[]`: none), undefined when not known. */
  keys: (d: Declaration) => string[] | undefined;
  /** The node id of the service or function an expression references, if the map drew it. */
  target: (expr: Expr | undefined) => string | undefined;
}

/** The services and functions `allUsers` may invoke, each with the grant saying so. */
export function publicInvokers(context: InvokerContext): { service: string; grant: Declaration; https: boolean }[] {
  const found: { service: string; grant: Declaration; https: boolean }[] = [];
  for (const [, [d]] of context.resources) {
    const type = d.type ?? '';
    if (!GRANTS.test(type)) continue;
    const body = d.block.body;
    if ((attribute(body, 'count') || attribute(body, 'for_each')) && context.keys(d)?.length === 0) continue;
    const everyone = type.endsWith('_iam_policy') ? policyGrants(context.module, attribute(body, 'policy_data')?.expr) : grantsEveryone(attribute(body, 'member')?.expr, attribute(body, 'members')?.expr);
    if (!everyone) continue;
    const service = context.target(attribute(body, 'service')?.expr ?? attribute(body, 'cloud_function')?.expr ?? attribute(body, 'name')?.expr);
    if (service) found.push({ service, grant: d, https: type.startsWith('google_cloud_run') });
  }
  return found;
}

/** `member = "allUsers"`, or `"allUsers"` among `members`. */
function grantsEveryone(member: Expr | undefined, members: Expr | undefined): boolean {
  return [member, ...(members?.kind === 'tuple' ? members.items : [])].some((m) => staticString(m) === 'allUsers');
}

/** A `google_iam_policy` data source (`data.google_iam_policy.noauth.policy_data`) binding the invoker role to `allUsers`. */
function policyGrants(module: TerraformModule, policyData: Expr | undefined): boolean {
  if (policyData?.kind !== 'traversal' || policyData.root.name !== 'data') return false;
  const [type, name] = policyData.steps;
  if (type?.kind !== 'attr' || name?.kind !== 'attr' || type.name !== 'google_iam_policy') return false;
  const policy = declared(module, 'data').get(`${type.name}.${name.name}`)?.[0];
  return (policy?.block.body.blocks ?? []).some((b) => b.type === 'binding' && INVOKER.test(staticString(attribute(b.body, 'role')?.expr) ?? '') && grantsEveryone(undefined, attribute(b.body, 'members')?.expr));
}
