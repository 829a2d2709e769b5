/**
 * The policy family's own rule ids. A violation is said under the policy's own id, `policy:<policy>/<rule>` (one per rule
 * the workspace writes: not registered, its severity the policy's action — Enforce/Deny an error, Audit/Warn a warning —
 * unless `archipel.rules` sets it); these are what the family says of the policies themselves.
 */
import { defineRule } from '../rules/registry';

/** The prefix of a violation's id: `policy:<policy>/<rule>`. */
export const VIOLATION_PREFIX = 'policy:';

export const policyRules = {
  syntax: defineRule({ id: 'policy-syntax', defaultSeverity: 'error', description: "A policy's JMESPath (`{{ }}` variables, a foreach list) or CEL expression (ValidatingPolicy, ValidatingAdmissionPolicy, `validate.cel`) parses." }),
  schema: defineRule({ id: 'policy-schema', defaultSeverity: 'error', description: 'A Kyverno policy, ValidatingPolicy or ValidatingAdmissionPolicy (and binding) has its required fields (rules with a name and a match, a validation in each validate rule, expressions in validations) and known condition operators.' }),
  evaluation: defineRule({
    id: 'policy-evaluation',
    needsIndex: true,
    defaultSeverity: 'warning',
    description: "A policy of the workspace could not be evaluated on an object (a JMESPath or CEL error, or its evaluation passed its budget: cut, naming the policy); said on the object's line.",
  }),
};
