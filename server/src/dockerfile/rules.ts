import type { SeveritySetting } from '../common/diagnostics';
import { defineRule, type RuleInfo } from '../rules/registry';

const rule = (id: string, defaultSeverity: SeveritySetting, description: string): RuleInfo => defineRule({ id, defaultSeverity, description });

/**
 * hadolint's rules under their own ids, lower-cased as Archipel's ids are (`dl3008` is hadolint's
 * DL3008; severities as hadolint's: error, warning, info → information, style → hint), so that
 * `# hadolint ignore=` pragmas and `.hadolint.yaml` ignore lists keep working.
 */
export const hadolint = {
  DL3000: rule('dl3000', 'error', 'Use absolute WORKDIR (BuildKit: WorkdirRelativePath).'),
  DL3002: rule('dl3002', 'warning', 'Last USER should not be root.'),
  DL3003: rule('dl3003', 'warning', 'Use WORKDIR to switch to a directory, not cd.'),
  DL3004: rule('dl3004', 'error', 'Do not use sudo: it has unpredictable TTY and signal-forwarding behaviour.'),
  DL3006: rule('dl3006', 'warning', 'Always tag the version of an image explicitly.'),
  DL3007: rule('dl3007', 'warning', 'Using latest is prone to errors if the image will ever update; pin a version.'),
  DL3008: rule('dl3008', 'warning', 'Pin versions in apt-get install.'),
  DL3009: rule('dl3009', 'information', 'Delete the apt-get lists after installing something (or use a cache mount).'),
  DL3011: rule('dl3011', 'error', 'Valid UNIX ports range from 0 to 65535.'),
  DL3013: rule('dl3013', 'warning', 'Pin versions in pip install (package==version).'),
  DL3014: rule('dl3014', 'warning', 'Use the -y switch with apt-get install.'),
  DL3015: rule('dl3015', 'information', 'Avoid additional packages by specifying --no-install-recommends.'),
  DL3016: rule('dl3016', 'warning', 'Pin versions in npm install (package@version).'),
  DL3018: rule('dl3018', 'warning', 'Pin versions in apk add.'),
  DL3019: rule('dl3019', 'information', 'Use the --no-cache switch with apk add (or a cache mount).'),
  DL3020: rule('dl3020', 'error', 'Use COPY instead of ADD for files and folders.'),
  DL3021: rule('dl3021', 'error', 'COPY with more than 2 arguments requires the last argument to end with /.'),
  DL3022: rule('dl3022', 'warning', 'COPY --from should reference a previously defined FROM alias.'),
  DL3023: rule('dl3023', 'error', 'COPY --from cannot reference its own FROM alias.'),
  DL3024: rule('dl3024', 'error', 'FROM aliases (stage names) must be unique (BuildKit: DuplicateStageName).'),
  DL3025: rule('dl3025', 'warning', 'Use arguments JSON notation for CMD and ENTRYPOINT arguments (BuildKit: JSONArgsRecommended).'),
  DL3027: rule('dl3027', 'warning', 'Do not use apt as it is meant to be an end-user tool, use apt-get or apt-cache instead.'),
  DL3042: rule('dl3042', 'warning', 'Avoid use of the cache directory with pip: use pip install --no-cache-dir (or a cache mount).'),
  DL3044: rule('dl3044', 'error', 'Do not refer to an environment variable within the same ENV statement where it is defined.'),
  DL3045: rule('dl3045', 'warning', 'COPY to a relative destination without WORKDIR set.'),
  DL3059: rule('dl3059', 'information', 'Multiple consecutive RUN instructions: consider consolidation.'),
  DL4000: rule('dl4000', 'error', 'MAINTAINER is deprecated (BuildKit: MaintainerDeprecated).'),
  DL4001: rule('dl4001', 'warning', 'Either use wget or curl, but not both.'),
  DL4003: rule('dl4003', 'warning', 'Multiple CMD instructions found: only the last one takes effect.'),
  DL4004: rule('dl4004', 'error', 'Multiple ENTRYPOINT instructions found: only the last one takes effect.'),
  DL4006: rule('dl4006', 'warning', 'Set the SHELL option -o pipefail before RUN with a pipe in it.'),
};

/**
 * BuildKit's build checks, `buildkit-` and their name in kebab case (`# check=skip=` takes their
 * BuildKit names: `buildkitNames`); those hadolint also has are reported once, under the DL id.
 */
export const buildkit = {
  UndefinedVar: rule('buildkit-undefined-var', 'warning', 'A variable used in an instruction is not defined by an ARG or ENV before it.'),
  UndefinedArgInFrom: rule('buildkit-undefined-arg-in-from', 'warning', 'FROM uses a variable that no ARG before the first FROM declares.'),
  InvalidDefaultArgInFrom: rule('buildkit-invalid-default-arg-in-from', 'warning', 'FROM uses a global ARG without a default: the base image name is empty or invalid unless --build-arg sets it.'),
  CopyIgnoredFile: rule('buildkit-copy-ignored-file', 'warning', 'COPY or ADD names a source that .dockerignore excludes from the build context.'),
  SecretsUsedInArgOrEnv: rule('buildkit-secrets-used-in-arg-or-env', 'warning', 'An ARG or ENV name looks like a secret: its value stays in the image history; use a secret mount.'),
  ReservedStageName: rule('buildkit-reserved-stage-name', 'warning', 'A stage is named scratch or context, names BuildKit reserves.'),
  FromAsCasing: rule('buildkit-from-as-casing', 'warning', 'The AS keyword of FROM is not cased like FROM.'),
  LegacyKeyValueFormat: rule('buildkit-legacy-key-value-format', 'warning', 'ENV or LABEL in the legacy `key value` form: use `key=value`.'),
  ExposeInvalidFormat: rule('buildkit-expose-invalid-format', 'warning', 'EXPOSE with an IP address or a host port: EXPOSE takes container ports only.'),
  StageNameCasing: rule('buildkit-stage-name-casing', 'warning', 'A stage name (FROM … AS name) is not lower-case.'),
  ConsistentInstructionCasing: rule('buildkit-consistent-instruction-casing', 'warning', 'An instruction keyword is cased unlike most of the Dockerfile\'s keywords (upper or lower case), or neither way.'),
  RedundantTargetPlatform: rule('buildkit-redundant-target-platform', 'warning', 'FROM --platform=$TARGETPLATFORM: that is the default.'),
  FromPlatformFlagConstDisallowed: rule('buildkit-from-platform-flag-const-disallowed', 'warning', 'FROM --platform with a constant platform whose OS or architecture the stage name does not mention.'),
  ExposeProtoCasing: rule('buildkit-expose-proto-casing', 'warning', 'The protocol of an EXPOSE port (80/TCP) is not lower-case.'),
  InvalidDefinitionDescription: rule('buildkit-invalid-definition-description', 'warning', 'The comment right above an ARG or a named FROM does not start with the name it describes (`# name description`); experimental in BuildKit, checked only under `# check=experimental=`.'),
  NoEmptyContinuation: rule('buildkit-no-empty-continuation', 'warning', 'An instruction continued (escape at the end of a line) over an empty line: a future BuildKit makes it an error.'),
};

/** Archipel's own Dockerfile checks, across the repository. */
export const dockerfileRules = {
  syntax: rule('dockerfile-syntax', 'error', 'A Dockerfile instruction is malformed (dockerfile-utils\' syntax checks: unknown instruction, missing argument, bad flag).'),
  missingSource: rule('dockerfile-missing-source', 'error', 'COPY or ADD names a source that does not exist in the build context (a Compose service\'s context, else a GitHub Actions build step\'s, else the Dockerfile\'s folder).'),
  sourceNotRead: rule('dockerfile-source-not-read', 'information', 'A COPY or ADD source is not in the repository but a makefile of the build context (or a folder above it) names it: make produces it before the build, so it is not read (rather than dockerfile-missing-source).'),
  finalRoot: rule('dockerfile-final-root', 'warning', 'USER is set only in an earlier stage: the final image runs as root.'),
  noUser: rule('dockerfile-no-user', 'warning', 'The final image sets no USER in any of its stages: the container runs as root (trivy DS002, checkov CKV_DOCKER_3).'),
  exposeMismatch: rule('dockerfile-expose-mismatch', 'information', 'A Compose service built from this Dockerfile targets a container port the Dockerfile does not EXPOSE.'),
  k8sPort: rule('dockerfile-k8s-port', 'information', 'A Kubernetes container running this Dockerfile\'s image (the image a Compose service builds from it) listens on a containerPort the Dockerfile does not EXPOSE.'),
  k8sUser: rule('dockerfile-k8s-user', 'warning', 'A Kubernetes pod running this Dockerfile\'s image requires runAsNonRoot without runAsUser, and the image runs as root or as a user name: the kubelet refuses to start it.'),
  tooLarge: rule('dockerfile-too-large', 'warning', 'The Dockerfile is larger than Archipel reads (1 MB): it is not checked.'),
  limit: rule('dockerfile-limit', 'warning', 'The Dockerfile has more than 1,000 instructions: dockerfile-utils\' syntax checks (dockerfile-syntax), whose time grows with the square of the count, are not run on it; the other checks are.'),
};

/** Each BuildKit check's own name (for `# check=skip=`), by rule id; the four hadolint has too under their DL id. */
export const buildkitNames: Readonly<Record<string, string>> = {
  'buildkit-undefined-var': 'UndefinedVar',
  'buildkit-undefined-arg-in-from': 'UndefinedArgInFrom',
  'buildkit-invalid-default-arg-in-from': 'InvalidDefaultArgInFrom',
  'buildkit-copy-ignored-file': 'CopyIgnoredFile',
  'buildkit-secrets-used-in-arg-or-env': 'SecretsUsedInArgOrEnv',
  'buildkit-reserved-stage-name': 'ReservedStageName',
  'buildkit-from-as-casing': 'FromAsCasing',
  'buildkit-legacy-key-value-format': 'LegacyKeyValueFormat',
  'buildkit-expose-invalid-format': 'ExposeInvalidFormat',
  'buildkit-stage-name-casing': 'StageNameCasing',
  'buildkit-no-empty-continuation': 'NoEmptyContinuation',
  'buildkit-consistent-instruction-casing': 'ConsistentInstructionCasing',
  'buildkit-redundant-target-platform': 'RedundantTargetPlatform',
  'buildkit-from-platform-flag-const-disallowed': 'FromPlatformFlagConstDisallowed',
  'buildkit-expose-proto-casing': 'ExposeProtoCasing',
  'buildkit-invalid-definition-description': 'InvalidDefinitionDescription',
  dl3000: 'WorkdirRelativePath',
  dl3024: 'DuplicateStageName',
  dl3025: 'JSONArgsRecommended',
  dl4000: 'MaintainerDeprecated',
};
