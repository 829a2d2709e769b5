/**
 * Which files the policy family says something of (common/ownFiles.ts): a YAML document with `apiVersion` and `kind` — a
 * policy (its syntax and schema), or an object the workspace's policies are evaluated on.
 */
import { YAML_FILE, type OwnFiles } from '../common/ownFiles';

export const policyOwn: OwnFiles = { test: (path, text) => YAML_FILE.test(path) && /\bapiVersion\b/.test(text() ?? 'apiVersion') };
