/**
 * What the Dockerfile family reads beside the index (its descriptor hands it to its feature): whether a path
 * exists, a side file's text (`.dockerignore`, `.hadolint.yaml`) by the one bounded, confined read. Its own, not
 * the Compose family's (compose/host.ts): a check of a Dockerfile evaluates no Compose code (issue #68).
 */
import { existsSync } from 'node:fs';
import { readSideText } from '../disk/readText';
import type { ContextReader } from './context';

export const dockerfileReader: ContextReader = { exists: existsSync, read: (file) => readSideText(file) };

