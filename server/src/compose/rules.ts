import { defineRule } from '../rules/registry';

/** The Compose family's rules (ids documented in docs/containers.md). */
export const composeRules = {
  schema: defineRule({ id: 'compose-schema', defaultSeverity: 'error', description: 'A Compose file does not match the compose-spec schema after variable interpolation: unknown key, wrong type or value.' }),
  variable: defineRule({ id: 'compose-variable', defaultSeverity: 'warning', description: 'A variable of a Compose file is not set in the project\'s .env (nor in the service\'s env_file) and has no default, or a ${...} reference is malformed.' }),
  version: defineRule({ id: 'compose-obsolete-version', defaultSeverity: 'hint', description: 'The top-level `version` key of a Compose file is obsolete: Compose ignores it.' }),
  version1: defineRule({ id: 'compose-version-1', defaultSeverity: 'error', description: 'A Compose file of format version 1 (its services at the top level, no `services:`): Docker Compose v2 implements the Compose Specification and refuses it.' }),
  undefinedService: defineRule({ id: 'compose-undefined-service', defaultSeverity: 'error', description: 'depends_on, links, network_mode: service:X, volumes_from or extends names a service no Compose file of the project defines.' }),
  profileHidden: defineRule({ id: 'compose-profile-dependency', defaultSeverity: 'error', description: 'A service depends on a service enabled only under a profile the dependent service can run without.' }),
  healthcheck: defineRule({ id: 'compose-healthcheck-missing', defaultSeverity: 'warning', description: 'depends_on with condition service_healthy names a service that has no healthcheck in the Compose file.' }),
  ports: defineRule({ id: 'compose-port-conflict', defaultSeverity: 'error', description: 'The same host port is published twice by the services Compose starts together.' }),
  sourceNotRead: defineRule({ id: 'compose-source-not-read', defaultSeverity: 'information', description: 'A build context or Dockerfile named by a Compose file is not in the repository but a makefile of the Compose file\'s folder (or a folder above it) names it: make produces it before the build, so it is not read (rather than compose-missing-path).' }),
  missingPath: defineRule({ id: 'compose-missing-path', defaultSeverity: 'error', description: 'A bind-mount source, env_file, build context or Dockerfile named by a Compose file does not exist.' }),
  undeclared: defineRule({ id: 'compose-undeclared-resource', defaultSeverity: 'error', description: 'A service uses a network, named volume, secret or config that no top-level section of the project declares.' }),
  unused: defineRule({ id: 'compose-unused-resource', defaultSeverity: 'hint', description: 'A top-level network, volume, secret or config that no service of the project uses.' }),
  imageTag: defineRule({ id: 'compose-image-tag', defaultSeverity: 'warning', description: 'A service image without a tag, or tagged latest: what runs changes when the image is pushed again.' }),
  limit: defineRule({ id: 'compose-limit', defaultSeverity: 'error', description: 'A Compose value nests ${...} references more than 32 levels deep: it is not interpolated further (a limit of Archipel).' }),
  semantics: defineRule({ id: 'compose-invalid', defaultSeverity: 'error', description: 'A Compose file compose-go refuses past its schema: empty, a top level or section that is not a mapping, a key that is not a string, external with driver/driver_opts/labels, name and external.name, network_mode with networks, a device count or device_ids conflict, a bind mount without source.' }),
  cycle: defineRule({ id: 'compose-cycle', defaultSeverity: 'error', description: 'depends_on services, or include files, form a cycle: Compose refuses the project.' }),
  noImage: defineRule({ id: 'compose-no-image', defaultSeverity: 'error', description: 'A service has neither `image` nor `build`: Compose cannot create its container.' }),
};
