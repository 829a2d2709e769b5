/**
 * A Dockerfile against the Kubernetes containers that run its image: the image a Compose service
 * builds from this Dockerfile (its `image` tag) is matched, by repository, with the containers'
 * images of the workspace's workloads. The final stage's EXPOSE is compared with their
 * `containerPort`s, and its USER with the pod's `runAsNonRoot` (the kubelet refuses to start a
 * container whose image runs as root, or as a user name it cannot check, unless runAsUser is set).
 */
import type { Finding } from '../common/findings';
import { t } from '../l10n/t';
import type { KubernetesFace } from '../kubernetes/api';
import type { WorkspaceIndex } from '../workspace/index';
import { at, headRange } from './hadolint';
import { argumentsText, type DockerfileModel } from './model';
import { dockerfileRules as rules } from './rules';

/** An image reference without its tag or digest (`registry:5000/team/app:1.2@sha256:…` → `registry:5000/team/app`). */
export function repositoryOf(image: string): string {
  const withoutDigest = image.split('@')[0];
  const slash = withoutDigest.lastIndexOf('/');
  const colon = withoutDigest.lastIndexOf(':');
  return colon > slash ? withoutDigest.slice(0, colon) : withoutDigest;
}

/** The final stage's user: undefined when no USER (the base image's, root for most). */
function finalUser(model: DockerfileModel): string | undefined {
  const final = model.stages[model.stages.length - 1];
  let user: string | undefined;
  for (const instruction of final?.instructions ?? []) if (instruction.getKeyword() === 'USER') user = argumentsText(instruction).trim();
  return user;
}

/** `kubernetes`: the Kubernetes family's face, absent from a run without it (no manifest to read). */
export function kubernetesFindings(model: DockerfileModel, images: readonly string[], index: WorkspaceIndex, kubernetes: KubernetesFace | undefined): Finding[] {
  const final = model.stages[model.stages.length - 1];
  if (!final || images.length === 0 || !kubernetes) return [];
  const { allKubernetesObjects, containersOf, get } = kubernetes;
  const repositories = new Set(images.map(repositoryOf));
  const exposed = new Set<number>();
  for (const instruction of final.instructions) if (instruction.getKeyword() === 'EXPOSE') for (const word of argumentsText(instruction).trim().split(/\s+/)) if (/^\d+/.test(word)) exposed.add(Number(/^\d+/.exec(word)![0]));
  const user = finalUser(model);
  const name = user?.split(':')[0];
  const findings: Finding[] = [];
  const anchor = headRange(final.from);
  for (const object of allKubernetesObjects(index)) {
    for (const ref of containersOf(object.value, object.kind)) {
      const image = ref.container.image;
      if (typeof image !== 'string' || !repositories.has(repositoryOf(image))) continue;
      const where = `${object.kind} ${object.name ?? ''}`.trim();
      const ports = Array.isArray(ref.container.ports) ? ref.container.ports.map((p) => get(p, ['containerPort'])).filter((p): p is number => typeof p === 'number') : [];
      const missing = ports.filter((p) => !exposed.has(p));
      if (exposed.size > 0 && missing.length > 0) findings.push(at(model, anchor, rules.k8sPort.id, t('{0} (container "{1}") listens on containerPort {2}, which this Dockerfile does not EXPOSE ({3}).', where, String(ref.container.name ?? ''), missing.join(', '), [...exposed].join(', '))));
      const podPath = ref.path.slice(0, -2);
      const nonRoot = get(object.value, [...ref.path, 'securityContext', 'runAsNonRoot']) ?? get(object.value, [...podPath, 'securityContext', 'runAsNonRoot']);
      const runAsUser = get(object.value, [...ref.path, 'securityContext', 'runAsUser']) ?? get(object.value, [...podPath, 'securityContext', 'runAsUser']);
      if (nonRoot !== true || runAsUser !== undefined) continue;
      if (name === undefined || name === 'root' || name === '0') {
        findings.push(at(model, anchor, rules.k8sUser.id, t('{0} (container "{1}") requires runAsNonRoot, but this image runs as root: the kubelet refuses to start it. Set a non-root USER.', where, String(ref.container.name ?? ''))));
      } else if (!/^\d+$/.test(name)) {
        findings.push(at(model, anchor, rules.k8sUser.id, t('{0} (container "{1}") requires runAsNonRoot, but this image\'s USER "{2}" is a name the kubelet cannot check: use a numeric USER, or set runAsUser.', where, String(ref.container.name ?? ''), name)));
      }
    }
  }
  return findings;
}
