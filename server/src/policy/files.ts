/**
 * Which files the policy family says something of (common/ownFiles.ts): a YAML document with `apiVersion` and `kind` — a
 * policy (its syntax and schema), or an object the workspace's policies are evaluated on.
 */
import { YAML_FILE, type OwnFiles } from '../common/ownFiles';

// Beyond its YAML: Terraform's kubernetes resources (terraform/kubernetesObjects.ts), read for the policies its own files hold.
export const policyOwn: OwnFiles = { reads: 'for-own', test: (path, text) => YAML_FILE.test(path) && /\bapiVersion\b/.test(text() ?? 'apiVersion') };
