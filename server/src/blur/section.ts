/**
 * archipel.yaml's `blur` section and the `archipel.blur.*` settings, read and checked (pure: text
 * and the schema in, values out). Resolving them into a run's configuration is the engine's
 * (engines/blur/config.ts: paths, the workspace's containment).
 */
import type { SchemaEngine } from '../schema/engine';
import { t } from '../l10n/t';
import { YamlChunk } from '../yaml/model';
import { defineSettingsSection, type SettingsManifest } from '../settings';

/** The output layouts the engine decodes (engines/blur/layouts.ts). */
export type LayoutName = 'yolov8' | 'yolo-end2end' | 'yolov5' | 'yunet' | 'ultraface';
export type BlurMethod = 'gaussian' | 'pixelate' | 'solid';
export type BlurShape = 'ellipse' | 'box';

/** A model as written in archipel.yaml or a setting: a path, or a path with options. */
export type ModelInput = string | { path: string; layout?: LayoutName | 'auto'; inputSize?: number | [number, number]; names?: string[] };

/** The `blur` section of archipel.yaml (schemas/archipel.json#/definitions/BlurSection); also the shape of settings and CLI overrides. */
export interface BlurSection {
  faceModel?: ModelInput;
  plateModel?: ModelInput;
  threshold?: number | Record<string, number>;
  iou?: number;
  inputSize?: number | [number, number];
  classes?: string[];
  method?: BlurMethod;
  shape?: BlurShape;
  grow?: number;
  outputFolder?: string;
  suffix?: string;
  keepMetadata?: boolean;
  quality?: number;
  pngCompression?: number;
  maxPixels?: number;
}

/** The configuration is unusable: the message names the file and the value. */
export class ConfigError extends Error {}

/**
 * The `blur` section of an archipel.yaml text, validated with the same schema the editor checks
 * it with; a ConfigError lists what is wrong. Undefined when the file has no `blur` section.
 */
export function parseBlurSection(text: string, file: string, engine: SchemaEngine): BlurSection | undefined {
  // Read as every other YAML file is (yaml/model.ts): within the parsing limits, linear whatever
  // the text (the yaml package's own duplicate-key check and value conversion are not).
  const chunk = new YamlChunk(text, false);
  if (chunk.beyondLimits) throw new ConfigError(`${file}: ${chunk.beyondLimits.message}`);
  if (!chunk.wellFormed) {
    const duplicate = chunk.duplicateKeys[0];
    const error = chunk.docs.flatMap((d) => d.errors)[0];
    throw new ConfigError(t('{0}: not valid YAML: {1}', file, error ? error.message.split('\n')[0] : duplicate ? t('the key "{0}" is repeated', duplicate.key) : t('unreadable')));
  }
  if (chunk.valueError) throw new ConfigError(`${file}: ${chunk.valueError}`);
  const value = chunk.value;
  if (value === null || value === undefined) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) throw new ConfigError(t('{0}: expected a mapping at the top level', file));
  const section = (value as Record<string, unknown>).blur;
  if (section === undefined || section === null) return undefined;
  const errors = engine.validate('blur', section) ?? [];
  if (errors.length > 0) {
    const problems = errors.map((e) => `blur${e.instancePath.replace(/\//g, '.')} ${e.message ?? t('is invalid')}${e.params && 'allowedValues' in e.params ? ` (${(e.params.allowedValues as unknown[]).join(', ')})` : ''}`);
    throw new ConfigError(`${file}: ${[...new Set(problems)].join('; ')}`);
  }
  return section;
}

/** Settings (`archipel.blur.*`) as an override layer: only values the user set, well-formed. */
export function settingsSection(raw: unknown): BlurSection {
  const input = raw && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
  const out: BlurSection = {};
  const str = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);
  const num = (v: unknown, min: number, max: number) => (typeof v === 'number' && v >= min && v <= max ? v : undefined);
  if (str(input.faceModel)) out.faceModel = str(input.faceModel);
  if (str(input.plateModel)) out.plateModel = str(input.plateModel);
  if (num(input.threshold, 0, 1) !== undefined) out.threshold = input.threshold as number;
  if (num(input.iou, 0, 1) !== undefined) out.iou = input.iou as number;
  if (num(input.grow, 1, 4) !== undefined) out.grow = input.grow as number;
  if (input.method === 'gaussian' || input.method === 'pixelate' || input.method === 'solid') out.method = input.method;
  if (input.shape === 'ellipse' || input.shape === 'box') out.shape = input.shape;
  if (str(input.outputFolder)) out.outputFolder = str(input.outputFolder);
  if (typeof input.keepMetadata === 'boolean') out.keepMetadata = input.keepMetadata;
  return out;
}

declare module '../settings' {
  interface FamilySettings {
    /** `archipel.blur.*`: only the values the user set; they override archipel.yaml. */
    blur: BlurSection;
  }
}

/** How the editor declares the section (package.json's `archipel.blur.<key>` and their strings; scripts/gen-families.mjs writes them there). */
const manifest: SettingsManifest = {
  "properties": {
    "faceModel": {
      "type": [
        "string",
        "null"
      ],
      "scope": "resource",
      "default": null,
      "markdownDescription": "%config.blur.faceModel.description%"
    },
    "plateModel": {
      "type": [
        "string",
        "null"
      ],
      "scope": "resource",
      "default": null,
      "markdownDescription": "%config.blur.plateModel.description%"
    },
    "threshold": {
      "type": [
        "number",
        "null"
      ],
      "scope": "resource",
      "default": null,
      "markdownDescription": "%config.blur.threshold.description%",
      "minimum": 0,
      "maximum": 1
    },
    "method": {
      "type": "string",
      "enum": [
        "inherit",
        "gaussian",
        "pixelate",
        "solid"
      ],
      "enumItemLabels": [
        "%config.blur.method.label.0%",
        "%config.blur.method.label.1%",
        "%config.blur.method.label.2%",
        "%config.blur.method.label.3%"
      ],
      "enumDescriptions": [
        "%config.blur.method.enum.0%",
        "%config.blur.method.enum.1%",
        "%config.blur.method.enum.2%",
        "%config.blur.method.enum.3%"
      ],
      "scope": "resource",
      "default": "inherit",
      "markdownDescription": "%config.blur.method.description%"
    },
    "shape": {
      "type": "string",
      "enum": [
        "inherit",
        "ellipse",
        "box"
      ],
      "enumItemLabels": [
        "%config.blur.shape.label.0%",
        "%config.blur.shape.label.1%",
        "%config.blur.shape.label.2%"
      ],
      "enumDescriptions": [
        "%config.blur.shape.enum.0%",
        "%config.blur.shape.enum.1%",
        "%config.blur.shape.enum.2%"
      ],
      "scope": "resource",
      "default": "inherit",
      "markdownDescription": "%config.blur.shape.description%"
    },
    "grow": {
      "type": [
        "number",
        "null"
      ],
      "scope": "resource",
      "default": null,
      "markdownDescription": "%config.blur.grow.description%",
      "minimum": 1,
      "maximum": 4
    },
    "outputFolder": {
      "type": [
        "string",
        "null"
      ],
      "scope": "resource",
      "default": null,
      "markdownDescription": "%config.blur.outputFolder.description%"
    },
    "keepMetadata": {
      "type": [
        "boolean",
        "null"
      ],
      "scope": "resource",
      "default": null,
      "markdownDescription": "%config.blur.keepMetadata.description%"
    }
  },
  "strings": {
    "config.blur.faceModel.description": {
      "en": "Face detector (`.onnx`, relative to the workspace folder or absolute). Overrides `blur.faceModel` of `archipel.yaml`; without either, the model of **Archipel: Download Default Face Model** if it ran, else the YuNet model Archipel ships (Apache-2.0).",
      "fr": "Détecteur de visages (`.onnx`, relatif au dossier de l'espace de travail ou absolu). Remplace `blur.faceModel` d'`archipel.yaml` ; sans l'un ni l'autre, le modèle de **Archipel : Télécharger le modèle de visages par défaut** s'il a été téléchargé, sinon le modèle YuNet fourni avec Archipel (Apache-2.0)."
    },
    "config.blur.grow.description": {
      "en": "Box growth factor around its centre (1–4). Overrides `blur.grow` (default 1.2).",
      "fr": "Facteur d'agrandissement de la boîte autour de son centre (1–4). Remplace `blur.grow` (par défaut 1,2)."
    },
    "config.blur.keepMetadata.description": {
      "en": "Keep EXIF, XMP and IPTC metadata (GPS position included) in blurred images. Overrides `blur.keepMetadata` (default off).",
      "fr": "Conserver les métadonnées EXIF, XMP et IPTC (position GPS comprise) dans les images floutées. Remplace `blur.keepMetadata` (désactivé par défaut)."
    },
    "config.blur.method.description": {
      "en": "How regions are hidden. `inherit`: `blur.method` of `archipel.yaml` (default `gaussian`); any other choice overrides it.",
      "fr": "Comment les zones sont masquées. `inherit` : `blur.method` d'`archipel.yaml` (par défaut `gaussian`) ; tout autre choix le remplace."
    },
    "config.blur.method.enum.0": {
      "en": "What blur.method of archipel.yaml says, else gaussian",
      "fr": "Ce que dit blur.method d'archipel.yaml, sinon gaussian"
    },
    "config.blur.method.enum.1": {
      "en": "A Gaussian blur",
      "fr": "Un flou gaussien"
    },
    "config.blur.method.enum.2": {
      "en": "Large square pixels",
      "fr": "De grands pixels carrés"
    },
    "config.blur.method.enum.3": {
      "en": "A solid fill",
      "fr": "Un aplat"
    },
    "config.blur.method.label.0": {
      "en": "From archipel.yaml",
      "fr": "Selon archipel.yaml"
    },
    "config.blur.method.label.1": {
      "en": "Gaussian blur",
      "fr": "Flou gaussien"
    },
    "config.blur.method.label.2": {
      "en": "Pixelate",
      "fr": "Pixellisation"
    },
    "config.blur.method.label.3": {
      "en": "Solid fill",
      "fr": "Aplat"
    },
    "config.blur.outputFolder.description": {
      "en": "Folder for blurred images (relative to the workspace folder). Overrides `blur.outputFolder`; by default `<name>.blurred.<ext>` is written beside each image.",
      "fr": "Dossier des images floutées (relatif au dossier de l'espace de travail). Remplace `blur.outputFolder` ; par défaut `<nom>.blurred.<ext>` est écrit à côté de chaque image."
    },
    "config.blur.plateModel.description": {
      "en": "Licence-plate detector (`.onnx`, usually an Ultralytics YOLO export). Overrides `blur.plateModel` of `archipel.yaml`.",
      "fr": "Détecteur de plaques d'immatriculation (`.onnx`, en général un export YOLO d'Ultralytics). Remplace `blur.plateModel` d'`archipel.yaml`."
    },
    "config.blur.shape.description": {
      "en": "The shape hidden inside each box. `inherit`: `blur.shape` of `archipel.yaml` (default `ellipse`); any other choice overrides it.",
      "fr": "La forme masquée dans chaque boîte. `inherit` : `blur.shape` d'`archipel.yaml` (par défaut `ellipse`) ; tout autre choix le remplace."
    },
    "config.blur.shape.enum.0": {
      "en": "What blur.shape of archipel.yaml says, else ellipse",
      "fr": "Ce que dit blur.shape d'archipel.yaml, sinon ellipse"
    },
    "config.blur.shape.enum.1": {
      "en": "The ellipse inscribed in each box",
      "fr": "L'ellipse inscrite dans chaque boîte"
    },
    "config.blur.shape.enum.2": {
      "en": "The whole box",
      "fr": "La boîte entière"
    },
    "config.blur.shape.label.0": {
      "en": "From archipel.yaml",
      "fr": "Selon archipel.yaml"
    },
    "config.blur.shape.label.1": {
      "en": "Ellipse",
      "fr": "Ellipse"
    },
    "config.blur.shape.label.2": {
      "en": "Box",
      "fr": "Boîte"
    },
    "config.blur.threshold.description": {
      "en": "Minimum detection score for every class (0–1). Overrides `blur.threshold` of `archipel.yaml`.",
      "fr": "Score de détection minimal pour toutes les classes (0–1). Remplace `blur.threshold` d'`archipel.yaml`."
    }
  }
};

export const blurSettings = defineSettingsSection('blur', {}, settingsSection, manifest);
