/**
 * The Dockerfile family's part of the system map: each Dockerfile is a build; the model files it
 * copies are packaged into what it builds; the images GitHub Actions steps build and push (with the
 * tags `docker/metadata-action` makes from its `images:` and the workflow's `env:`), and skaffold's
 * artifacts with the manifests skaffold deploys; the Maven and Gradle modules whose Jib plugin pushes an image (jib.ts),
 * and skaffold's `jib` artifacts, are builds too, their build file's folder their code's (a program is its build, #95).
 * Who builds what: the workflow, skaffold, and (in the Compose family's part) Compose's `build:`.
 */
import path from 'node:path';
import { minimatch } from 'minimatch';
import { pathToFileURL } from 'node:url';
import { fsPathOf } from '../common/containment';
import { textOf } from '../common/sideFile';
import type { SystemBuilder, SystemContributor, SystemSource } from '../features/system/contributor';
import type { KubernetesFace } from '../kubernetes/api';
import { fileLabel, sourceAt, sourceOfNode } from '../features/system/source';
import type { IndexedFile } from '../workspace/index';
import { revisionSideFiles, type SideFiles } from '../features/system/revision';
import { pairOf, type SourceNode } from '../yaml/tree';
import type { ContextReader } from './context';
import { dockerfileFacts } from './facts';
import { jibBuilds } from './jib';
import { isDockerfile } from './model';
import { dockerBuildsInScript } from './workflows';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
function isRecord(value: unknown): value is { [key: string]: Json } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A Dockerfile: its node, and the model files its COPY instructions take from the build context (its folder): its facts (facts.ts). */
function contributeDockerfile(builder: SystemBuilder, file: IndexedFile): void {
  const facts = dockerfileFacts(file);
  if (!facts) return;
  const node = builder.artifact(file.uri, 'build', fileLabel(file.uri), { uri: file.uri, range: facts.final });
  builder.get(node)!.technology ??= 'Dockerfile';
  builder.get(node)!.from ??= [...facts.from];
  for (const copy of facts.models) {
    const source: SystemSource = { uri: file.uri, range: copy.range };
    const modelNode = builder.artifact(copy.uri, 'model', fileLabel(copy.uri), source);
    builder.edge({ from: modelNode, to: node, kind: 'packages', label: 'copied into', sources: [source] });
  }
}

/** `${{ env.NAME }}` resolved from the step's, job's and workflow's `env:`; other expressions left (the tag is then dropped). */
function withEnv(value: string, env: ReadonlyMap<string, string>): string {
  return value.replace(/\$\{\{\s*env\.([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g, (whole, name: string) => env.get(name) ?? whole);
}

function envOf(record: { [key: string]: Json } | undefined, into: Map<string, string>): Map<string, string> {
  const env = new Map(into);
  if (record && isRecord(record.env)) for (const [k, v] of Object.entries(record.env)) if (typeof v === 'string' || typeof v === 'number') env.set(k, String(v));
  return env;
}

/** The images a step tags: its tags, or the `images:` of the metadata step its tags come from. */
function stepImages(step: { [key: string]: Json }, steps: Json[], env: ReadonlyMap<string, string>): string[] {
  const inputs = isRecord(step.with) ? step.with : {};
  const tags = Array.isArray(inputs.tags) ? inputs.tags.filter((t): t is string => typeof t === 'string') : typeof inputs.tags === 'string' ? inputs.tags.split(/[,\n]/) : [];
  const images: string[] = [];
  for (const tag of tags.map((t) => withEnv(t.trim(), env))) {
    const meta = /^\$\{\{\s*steps\.([A-Za-z0-9_-]+)\.outputs\.tags\s*\}\}$/.exec(tag);
    const metaStep = meta ? steps.find((s) => isRecord(s) && s.id === meta[1] && typeof s.uses === 'string' && /^docker\/metadata-action@/i.test(s.uses)) : undefined;
    if (isRecord(metaStep)) {
      const metaEnv = envOf(metaStep, new Map(env));
      const listed = isRecord(metaStep.with) ? metaStep.with.images : undefined;
      const names = typeof listed === 'string' ? listed.split(/[,\n]/) : Array.isArray(listed) ? listed.filter((l): l is string => typeof l === 'string') : [];
      // metadata-action's `images:` entries may carry options (`name=ghcr.io/x,enable=true`).
      for (const name of names.map((n) => withEnv(n.trim(), metaEnv).replace(/^name=/, '').split(',')[0])) if (name && !name.includes('${{')) images.push(name);
    } else if (tag && !/[$`{}]/.test(tag)) images.push(tag);
  }
  return images;
}

/** A GitHub Actions workflow's steps that build images: the workflow builds them, from the Dockerfile the step names when it is in the workspace. */
function contributeWorkflow(builder: SystemBuilder, file: IndexedFile): void {
  const chunk = file.yaml?.chunks[0];
  const value = chunk?.chunk.value;
  const filePath = fsPathOf(file.uri);
  if (!chunk || !filePath || !isRecord(value) || !isRecord(value.jobs)) return;
  const root = path.dirname(path.dirname(path.dirname(filePath)));
  const tree = chunk.chunk.tree;
  const jobsNode = pairOf(tree, 'jobs')?.value ?? null;
  const workflowEnv = envOf(value, new Map());
  const workflow = `workflow:${file.uri}`;
  for (const [jobName, job] of Object.entries(value.jobs)) {
    if (!isRecord(job) || !Array.isArray(job.steps)) continue;
    const jobEnv = envOf(job, workflowEnv);
    const stepsNode = pairOf(pairOf(jobsNode, jobName)?.value ?? null, 'steps')?.value ?? null;
    job.steps.forEach((step, i) => {
      if (!isRecord(step)) return;
      const stepNode: SourceNode | null = stepsNode?.items?.[i] ?? null;
      const source = sourceOfNode(file, chunk.offset, pairOf(stepNode, typeof step.uses === 'string' ? 'uses' : 'run')?.value ?? stepNode);
      const env = envOf(step, jobEnv);
      let builds: { context: string; dockerfile?: string; images: string[] }[] = [];
      if (typeof step.uses === 'string' && /^docker\/build-push-action@/i.test(step.uses)) {
        const inputs = isRecord(step.with) ? step.with : {};
        const context = typeof inputs.context === 'string' ? withEnv(inputs.context, env) : '.';
        builds = [{ context, ...(typeof inputs.file === 'string' ? { dockerfile: inputs.file } : {}), images: stepImages(step, job.steps as Json[], env) }];
      } else if (typeof step.run === 'string' && /\b(docker|podman)\b/.test(step.run)) {
        builds = dockerBuildsInScript(step.run).map((b) => ({ context: b.context, ...(b.file ? { dockerfile: b.file } : {}), images: b.tags.map((t) => withEnv(t, env)) }));
      }
      for (const build of builds) {
        if (build.images.length === 0) continue;
        builder.node({ id: workflow, kind: 'pipeline', name: typeof value.name === 'string' ? value.name : fileLabel(file.uri), technology: 'GitHub Actions', sources: [sourceAt(file, chunk.offset, chunk.offset)] });
        const dockerfile = /\$\{\{|^[a-z]+:\/\/|^git@/i.test(`${build.context}${build.dockerfile ?? ''}`) ? undefined : pathToFileURL(path.resolve(root, build.dockerfile ?? path.join(build.context, 'Dockerfile'))).href;
        const built = dockerfile && builder.index.get(dockerfile) && isDockerfile(dockerfile) ? builder.artifact(dockerfile, 'build', fileLabel(dockerfile)) : undefined;
        for (const image of build.images) {
          const imageNode = builder.image(image, source);
          if (!imageNode) continue;
          builder.edge({ from: workflow, to: imageNode, kind: 'builds', label: `builds in ${jobName}`, sources: [source] });
          if (built) builder.edge({ from: built, to: imageNode, kind: 'builds', label: 'builds', sources: [source] });
        }
      }
    });
  }
}

/** skaffold.yaml: each artifact's image is built from its context's Dockerfile; the manifests it deploys run them. */
function contributeSkaffold(builder: SystemBuilder, file: IndexedFile, kubernetes: KubernetesFace | undefined, side: SideFiles | undefined): void {
  const folder = file.uri.slice(0, file.uri.lastIndexOf('/'));
  for (const { chunk, offset } of file.yaml?.chunks ?? []) {
    const value = chunk.wellFormed ? chunk.value : undefined;
    if (!isRecord(value) || typeof value.apiVersion !== 'string' || !value.apiVersion.startsWith('skaffold/') || value.kind !== 'Config') continue;
    const name = isRecord(value.metadata) && typeof value.metadata.name === 'string' ? value.metadata.name : 'skaffold';
    const id = `skaffold:${file.uri}#${name}`;
    builder.node({ id, kind: 'pipeline', name: `skaffold ${name}`, technology: 'Skaffold', sources: [sourceOfNode(file, offset, pairOf(chunk.tree, 'kind')?.value)] });
    const artifactsNode = pairOf(pairOf(chunk.tree, 'build')?.value ?? null, 'artifacts')?.value ?? null;
    skaffoldArtifacts(builder, id, value.build, artifactsNode, file, offset, folder, side);
    // Each profile's artifacts (a debug Dockerfile, another builder) build the same images another way; its manifests are deployed by it too.
    const profilesNode = pairOf(chunk.tree, 'profiles')?.value ?? null;
    if (Array.isArray(value.profiles)) value.profiles.forEach((profile, i) => {
      if (!isRecord(profile)) return;
      const profileNode = profilesNode?.items?.[i] ?? null;
      skaffoldArtifacts(builder, id, profile.build, pairOf(pairOf(profileNode, 'build')?.value ?? null, 'artifacts')?.value ?? null, file, offset, folder, side);
      if (kubernetes) deployedManifests(kubernetes, builder, id, profile, profileNode, file, offset, folder);
    });
    if (kubernetes) deployedManifests(kubernetes, builder, id, value, chunk.tree, file, offset, folder);
  }
}

/** The build files a Jib artifact's context may hold, in the order looked for. */
const JIB_BUILD_FILES = ['pom.xml', 'build.gradle', 'build.gradle.kts'];

/** A skaffold `build:`'s artifacts: each image built from its context's Dockerfile, or by Jib from its context's module (its pom.xml or build.gradle). */
function skaffoldArtifacts(builder: SystemBuilder, id: string, build: Json | undefined, artifactsNode: SourceNode | null, file: IndexedFile, offset: number, folder: string, side: SideFiles | undefined): void {
  const artifacts = isRecord(build) && Array.isArray(build.artifacts) ? build.artifacts : [];
  artifacts.forEach((artifact, i) => {
    if (!isRecord(artifact) || typeof artifact.image !== 'string') return;
    const source = sourceOfNode(file, offset, pairOf(artifactsNode?.items?.[i] ?? null, 'image')?.value);
    const image = builder.image(artifact.image, source);
    if (!image) return;
    builder.edge({ from: id, to: image, kind: 'builds', label: 'builds', sources: [source] });
    const context = typeof artifact.context === 'string' ? artifact.context : '.';
    // `context: ../gateway` (a skaffold config in kubernetes/ beside the modules) resolved as a URL's path is.
    const inContext = (name: string) => new URL([...context.split('/'), ...name.split('/')].filter((p) => p !== '' && p !== '.').map(encodeURIComponent).join('/'), `${folder}/`).href;
    if ('jib' in artifact) {
      // skaffold's own Jib builder: the module of the context (`context: ../gateway`, `jib: {}`), or its sub-project named by
      // path (bank-of-anthos: `context: ../../../`, `project: src/ledger/balancereader`), is the build, whatever its Jib configuration says;
      // one named by coordinates (`:balancereader`) is not looked for (the context's own build file would claim every module's code).
      const project = isRecord(artifact.jib) && typeof artifact.jib.project === 'string' ? artifact.jib.project : '';
      if (project.includes(':')) return;
      // A module of the workspace only (one of the index's files below it): a context outside it names no node.
      const module = inContext(project === '' ? '.' : project).replace(/\/?$/, '/');
      if (![...builder.index.files()].some((indexed) => indexed.uri.startsWith(module))) return;
      const buildFile = JIB_BUILD_FILES.map((name) => `${module}${name}`).find((uri) => builder.index.get(uri) !== undefined || (side !== undefined && side.exists(fsPathOf(uri) ?? '')));
      if (buildFile) jibNode(builder, buildFile, image, source);
      return;
    }
    const dockerfileName = isRecord(artifact.docker) && typeof artifact.docker.dockerfile === 'string' ? artifact.docker.dockerfile : 'Dockerfile';
    const dockerfile = inContext(dockerfileName);
    if (builder.index.get(dockerfile)) builder.edge({ from: builder.artifact(dockerfile, 'build', fileLabel(dockerfile)), to: image, kind: 'builds', label: 'builds', sources: [source] });
  });
}

/** The manifests a skaffold config deploys (`manifests.rawYaml`, `deploy.kubectl.manifests`): their workloads (the Kubernetes family's face reads them). */
function deployedManifests(kubernetes: KubernetesFace, builder: SystemBuilder, from: string, value: { [key: string]: Json }, tree: SourceNode | null, file: IndexedFile, offset: number, folder: string): void {
  const lists: { globs: Json; node: SourceNode | null }[] = [];
  if (isRecord(value.manifests)) lists.push({ globs: value.manifests.rawYaml ?? null, node: pairOf(pairOf(tree, 'manifests')?.value ?? null, 'rawYaml')?.keyNode ?? null });
  const kubectl = isRecord(value.deploy) && isRecord(value.deploy.kubectl) ? value.deploy.kubectl : undefined;
  if (kubectl) lists.push({ globs: kubectl.manifests ?? null, node: pairOf(pairOf(pairOf(tree, 'deploy')?.value ?? null, 'kubectl')?.value ?? null, 'manifests')?.keyNode ?? null });
  const { deployedFiles, deploys, podSpecPath, workloadId } = kubernetes;
  const graph = kubernetes.graphOf(builder.index);
  // kustomize paths: what each folder's kustomization lists.
  const kustomize = [isRecord(value.manifests) ? value.manifests.kustomize : undefined, isRecord(value.deploy) ? value.deploy.kustomize : undefined];
  kustomize.forEach((entry, i) => {
    if (!isRecord(entry) || !Array.isArray(entry.paths)) return;
    const source = sourceOfNode(file, offset, pairOf(pairOf(pairOf(tree, i === 0 ? 'manifests' : 'deploy')?.value ?? null, 'kustomize')?.value ?? null, 'paths')?.keyNode);
    for (const path of entry.paths) {
      if (typeof path !== 'string' || path.includes('..')) continue;
      const deployed = deployedFiles(`${folder}/${path.replace(/^\.\//, '').replace(/\/$/, '').split('/').map(encodeURIComponent).join('/')}`, builder);
      for (const object of graph.all()) if (podSpecPath(object.kind) && object.name !== undefined && deploys(deployed, object.uri)) builder.edge({ from, to: workloadId(object), kind: 'deploys', label: 'deploys', sources: [source] });
    }
  });
  for (const { globs, node } of lists) {
    if (!Array.isArray(globs)) continue;
    const source = sourceOfNode(file, offset, node);
    for (const glob of globs) {
      // A pattern longer than a path (4,096 bytes) matches nothing; minimatch throws on one over 64 kB.
      if (typeof glob !== 'string' || glob.length > 4096) continue;
      const pattern = glob.replace(/^\.\//, '');
      for (const object of graph.all()) {
        if (!podSpecPath(object.kind) || object.name === undefined || !object.uri.startsWith(`${folder}/`)) continue;
        if (minimatch(decodeURIComponent(object.uri.slice(folder.length + 1)), pattern, { dot: true })) builder.edge({ from, to: workloadId(object), kind: 'deploys', label: 'deploys', sources: [source] });
      }
    }
  }
}

/** A Jib module's build file (`plugin`: where it names Jib, the node's first source) as the build of an image: its folder is the image's code. */
function jibNode(builder: SystemBuilder, uri: string, image: string, source: SystemSource, plugin?: SystemSource): void {
  const node = builder.artifact(uri, 'build', fileLabel(uri), plugin ?? { uri, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } });
  builder.get(node)!.technology ??= 'Jib';
  builder.edge({ from: node, to: image, kind: 'builds', label: 'builds', sources: [source] });
}

/** The modules whose Jib plugin pushes an image (jib.ts): each a build of that image. Their build files are side files: the index's text, else `side`'s bounded read. */
function contributeJib(builder: SystemBuilder, side: SideFiles | undefined): void {
  const files = [...builder.index.files()].filter((file) => !file.skipped).map((file) => file.uri);
  const text = (uri: string): string | undefined => {
    const indexed = builder.index.get(uri);
    if (indexed) return indexed.skipped ? undefined : indexed.text;
    const file = fsPathOf(uri);
    return side === undefined || file === undefined ? undefined : textOf(side.read(file));
  };
  for (const build of jibBuilds(files, text)) {
    const image = builder.image(build.image, build.source);
    if (image) jibNode(builder, build.uri, image, build.source, build.plugin);
  }
}

/**
 * The Dockerfiles', image-building workflows', skaffold configs' and Jib modules' part of the map; `kubernetes`: the
 * Kubernetes family's face, for the workloads a skaffold config deploys (absent from a run without manifests); `reader`:
 * the family's bounded, confined read of side files (a module's pom.xml or build.gradle), a git revision's in its index.
 */
export const dockerfileSystemWith = (kubernetes: KubernetesFace | undefined, reader?: ContextReader): SystemContributor => ({
  contribute(builder) {
    const side = revisionSideFiles(builder.index) ?? reader;
    for (const file of builder.index.files()) {
      if (file.skipped) continue;
      if (isDockerfile(file.uri)) contributeDockerfile(builder, file);
      else if (/\/\.github\/workflows\/[^/]+\.ya?ml$/i.test(file.uri) && /build-push-action|docker build|buildx build|podman build/.test(file.text)) contributeWorkflow(builder, file);
      else if (/\/skaffold(\.[\w-]+)?\.ya?ml$/i.test(file.uri)) contributeSkaffold(builder, file, kubernetes, side);
    }
    contributeJib(builder, side);
  },
});
