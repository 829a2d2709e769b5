/** Blur: archipel.yaml's `blur` section checked as you type, blur jobs in the blur process, the `blur` command. */
import { blurOwn } from '../blur/files';
import { blurUsage } from '../cli/blurUsage';
import { registerBlurRequests } from '../engines/blur/register';
import { frBlur } from '../blur/fr';
import { loadedOnRun, yamlDocuments, type Family } from './descriptor';
import { sharedArchipelSchema } from '../platform/sharedData';
import { embeddedFaceModel } from '../platform/archipelResources';
import { blurConfigFeature } from '../blur/feature';
import { blurSettings } from '../blur/section';

export const blurFamily: Family = {
  id: 'blur',
  own: blurOwn,
  title: 'Blur (faces and licence plates in images)',
  french: frBlur,
  ...yamlDocuments,
  features: (host) => [blurConfigFeature(sharedArchipelSchema(host.root))],
  requests: (registry, host) => registerBlurRequests(registry, { archipel: () => sharedArchipelSchema(host.root), embeddedFaceModel: () => embeddedFaceModel(host.root) }),
  settings: blurSettings,
  rules: { prefixes: ['blur-'] },
  workers: [
    // The child process the server forks for image jobs (sharp + onnxruntime).
    { bundle: 'blurWorker', entry: 'server/src/engines/blur/worker.ts' },
    // An inference lane's thread, started by blur jobs (blurWorker's and the CLI's: both look for it next to themselves).
    { bundle: 'blurLane', entry: 'server/src/engines/blur/laneWorker.ts' },
  ],
  commands: [
    {
      names: ['blur'],
      usage: blurUsage,
      // `archipel blur` runs from dist/server/blurCli.js: its start-up is much of a small job's time.
      standalone: { bundle: 'blurCli', entry: 'server/src/cli/blurCli.ts' },
      // Loaded on demand: the image and model libraries are native and slow to load.
      run: loadedOnRun(async () => (await import('../cli/blur.js')).blurCommand),
    },
  ],
  client: {
    walkthrough: [
      { id: "blurImage", order: 3, title: { en: "Blur an image", fr: "Flouter une image" }, description: { en: "Blur the faces of the sample image with the face detector Archipel ships: no download, no configuration.\n[Blur anonymiser/samples/crossing.jpg](command:archipel.openExampleFile?%5B%22anonymiser%2Fsamples%2Fcrossing.jpg%22%2C%22archipel.blurImages%22%5D)", fr: "Floutez les visages de l'image d'exemple avec le détecteur de visages fourni par Archipel : ni téléchargement, ni configuration.\n[Flouter anonymiser/samples/crossing.jpg](command:archipel.openExampleFile?%5B%22anonymiser%2Fsamples%2Fcrossing.jpg%22%2C%22archipel.blurImages%22%5D)" }, media: { markdown: "media/walkthrough/blur.md" }, completionEvents: ["onContext:archipel.walkthrough.imageBlurred"] },
    ],
    module: 'blur',
    commands: [
      { id: 'archipel.blurImages', title: { en: 'Blur Faces and Plates', fr: 'Flouter visages et plaques' }, enablement: 'isWorkspaceTrusted', icon: '$(eye-closed)', menus: { 'explorer/context': [{ when: 'isWorkspaceTrusted && (explorerResourceIsFolder || resourceExtname =~ /^\\.(jpe?g|png|webp|gif|tiff?|avif|heic|heif)$/i)', group: '7_archipel@1' }], 'editor/title': [{ when: "isWorkspaceTrusted && activeCustomEditorId == 'imagePreview.previewEditor'", group: 'navigation@91' }] } },
      { id: 'archipel.detectRegions', title: { en: 'Detect Sensitive Regions', fr: 'Détecter les zones sensibles' }, enablement: 'isWorkspaceTrusted', icon: '$(search)', menus: { 'explorer/context': [{ when: 'isWorkspaceTrusted && (explorerResourceIsFolder || resourceExtname =~ /^\\.(jpe?g|png|webp|gif|tiff?|avif|heic|heif)$/i)', group: '7_archipel@2' }], 'editor/title': [{ when: "isWorkspaceTrusted && activeCustomEditorId == 'imagePreview.previewEditor'", group: 'navigation@90' }] } },
      { id: 'archipel.downloadFaceModel', title: { en: 'Download Default Face Model', fr: 'Télécharger le modèle de visages par défaut' } },
      { id: 'archipel.showBlurPreview', title: { en: 'Blur Preview (Before / After)', fr: 'Aperçu du floutage (avant / après)' }, enablement: 'isWorkspaceTrusted', icon: '$(split-horizontal)', menus: { 'explorer/context': [{ when: 'isWorkspaceTrusted && resourceExtname =~ /^\\.(jpe?g|png|webp|gif|tiff?|avif|heic|heif)$/i', group: '7_archipel@3' }], 'editor/title': [{ when: "isWorkspaceTrusted && activeCustomEditorId == 'imagePreview.previewEditor'", group: 'navigation@89' }] } },
    ],
    panels: ['archipel.blurPreview'],
  },
};
