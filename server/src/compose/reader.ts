/**
 * What the containers families read beside the index (the Compose and Dockerfile descriptors hand it to
 * their features): whether a path exists, a side file's text (`.env`, env_file, `.dockerignore`,
 * `.hadolint.yaml`) by the one bounded, confined read. A module of its own, without the schema engine
 * compose/host.ts loads: a Dockerfile's check does not load ajv (issue #68).
 */
import { existsSync } from 'node:fs';
import { readSideText } from '../disk/readText';
import type { ComposeReader } from './model';

export const containersReader: ComposeReader = { exists: existsSync, read: (file) => readSideText(file) };
