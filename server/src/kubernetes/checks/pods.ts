import type { Finding } from '../../common/findings';
import { t } from '../../l10n/t';
import type { KubernetesObject } from '../model/objects';
import { containersOf, get, isObject, probeTargets, type Json } from '../model/workloads';
import { finding, kubernetesRule, type KubernetesRule } from './context';

/** Single-object checks kube-linter makes that Archipel lacked (issue #19). */

const secretName = /(^|_)(PASSWORD|PASSWD|PASS|SECRET|TOKEN|API_?KEY|ACCESS_?KEY|PRIVATE_?KEY|CREDENTIALS?)($|_)/i;
/** Named like a secret, yet no secret: a `*_FILE` variable holds the path of one (the images' convention), a switch (ALLOW_EMPTY_PASSWORD=yes) a boolean. */
const notASecret = (name: string, value: string) => /_FILE$/i.test(name) || /^(true|false|yes|no|on|off)$/i.test(value);

export const envSecretRule: KubernetesRule = kubernetesRule(
  { id: 'k8s-env-secret-literal', severity: 'warning', scope: 'object', description: 'An environment variable named like a secret (PASSWORD, TOKEN, API_KEY, …) holds a literal value: anyone who can read the manifest reads it. Use valueFrom.secretKeyRef.' },
  (object) =>
    containersOf(object.value, object.kind).flatMap((ref) => {
      const env = ref.container.env;
      if (!Array.isArray(env)) return [];
      return env.flatMap((variable, i) =>
        isObject(variable) && typeof variable.name === 'string' && secretName.test(variable.name) && typeof variable.value === 'string' && variable.value !== '' && !notASecret(variable.name, variable.value)
          ? [finding(object, envSecretRule, [...ref.path, 'env', i, 'value'], t('Environment variable "{0}" looks like a secret but holds a literal value: read it from a Secret (valueFrom.secretKeyRef).', variable.name))]
          : [],
      );
    }),
  ['env-var-secret'],
);

export const readOnlyRootRule: KubernetesRule = kubernetesRule(
  { id: 'k8s-read-only-root-fs', severity: 'warning', scope: 'object', absence: true, description: 'A container does not set securityContext.readOnlyRootFilesystem: true, so a compromised process can change its own image (kube-linter\'s default no-read-only-root-fs).' },
  (object) =>
    containersOf(object.value, object.kind)
      .filter((ref) => ref.kind !== 'ephemeralContainers' && get(ref.container, ['securityContext', 'readOnlyRootFilesystem']) !== true)
      .map((ref) => finding(object, readOnlyRootRule, [...ref.path, 'name'], t('Container "{0}": set securityContext.readOnlyRootFilesystem to true (mount an emptyDir where it must write).', String(ref.container.name)))),
  ['no-read-only-root-fs'],
);

export const duplicateEnvRule: KubernetesRule = kubernetesRule(
  { id: 'k8s-duplicate-env', severity: 'warning', scope: 'object', description: 'A container sets one environment variable twice: Kubernetes keeps the last value, and a server-side apply refuses the duplicate key (kube-linter\'s default duplicate-env-var).' },
  (object) =>
    containersOf(object.value, object.kind).flatMap((ref) => {
      const env = ref.container.env;
      if (!Array.isArray(env)) return [];
      const first = new Map<string, number>();
      return env.flatMap((variable, i) => {
        if (!isObject(variable) || typeof variable.name !== 'string') return [];
        const earlier = first.get(variable.name);
        if (earlier === undefined) {
          first.set(variable.name, i);
          return [];
        }
        return [finding(object, duplicateEnvRule, [...ref.path, 'env', i, 'name'], t('Container "{0}" sets environment variable "{1}" twice (env entries {2} and {3}): Kubernetes keeps only the last value. Remove one.', String(ref.container.name), variable.name, earlier + 1, i + 1))];
      });
    }),
  ['duplicate-env-var'],
);

/** The container port a probe's port (number or name) designates. */
function portOf(container: Record<string, Json>, port: Json | undefined): Record<string, Json> | undefined {
  const ports = Array.isArray(container.ports) ? container.ports.filter(isObject) : [];
  return ports.find((p) => (typeof port === 'number' ? p.containerPort === port : p.name === port));
}

export const probeUdpRule: KubernetesRule = kubernetesRule(
  { id: 'k8s-probe-udp', severity: 'error', scope: 'object', description: 'A probe (httpGet, tcpSocket, grpc) targets a container port declared with protocol UDP: those probes speak TCP, so the probe always fails.' },
  (object) => {
    const findings: Finding[] = [];
    for (const { ref, probe, port, path } of probeTargets(object.value, object.kind)) {
      if (portOf(ref.container, port)?.protocol === 'UDP') {
        findings.push(finding(object, probeUdpRule, path, t('The {0} checks port {1} over TCP, but container "{2}" declares it UDP: the probe always fails.', probe, JSON.stringify(port), String(ref.container.name))));
      }
    }
    return findings;
  },
  ['liveness-port', 'readiness-port', 'startup-port'],
);

/** IANA_SVC_NAME: what a named targetPort must be (at most 15 lowercase letters, digits and single inner dashes, one letter at least). */
const ianaServiceName = /^(?=.*[a-z])[a-z0-9](?:-?[a-z0-9])*$/;

export const servicePortRule: KubernetesRule = kubernetesRule(
  { id: 'k8s-service-port', severity: 'error', scope: 'object', kinds: ['Service'], description: 'A Service port or targetPort number is outside 1–65535, or a named targetPort is not an IANA service name (at most 15 characters): the API server rejects the Service.' },
  (object: KubernetesObject) => {
    const ports = get(object.value, ['spec', 'ports']);
    if (!Array.isArray(ports)) return [];
    return ports.flatMap((port, i) => {
      if (!isObject(port)) return [];
      const found: Finding[] = [];
      for (const field of ['port', 'targetPort'] as const) {
        const value = port[field];
        const number = typeof value === 'number' ? value : typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : undefined;
        if (number !== undefined && (number < 1 || number > 65535)) {
          found.push(finding(object, servicePortRule, ['spec', 'ports', i, field], t('{0} {1} is not a port number (1–65535).', field, number)));
        } else if (field === 'targetPort' && typeof value === 'string' && number === undefined && (value.length > 15 || !ianaServiceName.test(value))) {
          const why = value.length > 15 ? t('is {0} characters long (at most 15)', value.length) : t('is not lowercase letters, digits and single inner dashes with a letter');
          found.push(finding(object, servicePortRule, ['spec', 'ports', i, field], t('targetPort "{0}" {1}: it must name a container port (IANA_SVC_NAME).', value, why)));
        }
      }
      return found;
    });
  },
  ['invalid-target-ports'],
);

export const podRules: KubernetesRule[] = [envSecretRule, readOnlyRootRule, duplicateEnvRule, probeUdpRule, servicePortRule];
