import path from 'node:path';
import type { SchemaEngine } from '../../schema/engine';
import { parseBlurSection } from '../../blur/section';
import { ConfigError, type ConfigLayer } from './config';
import { findConfigFile } from './files';
import { t } from '../../l10n/t';
import { READ_BOUNDS, readTextBounded } from '../../disk/readText';

/**
 * The archipel.yaml layer of each image, read from disk: `explicit` (the CLI's --config) for every
 * image, else the nearest archipel.yaml above the image. Each file is read and checked once.
 */
export class ConfigFiles {
  private readonly layers = new Map<string, Promise<ConfigLayer | undefined>>();

  constructor(
    private readonly engine: SchemaEngine,
    private readonly explicit?: string,
  ) {}

  async layerFor(image: string): Promise<ConfigLayer | undefined> {
    const file = this.explicit ? path.resolve(this.explicit) : await findConfigFile(image);
    if (!file) return undefined;
    let layer = this.layers.get(file);
    if (!layer) {
      layer = this.read(file);
      this.layers.set(file, layer);
    }
    return layer;
  }

  private async read(file: string): Promise<ConfigLayer | undefined> {
    let text: string;
    try {
      text = await readTextBounded(file, READ_BOUNDS.config);
    } catch (error) {
      throw new ConfigError(t('cannot read {0}: {1}', file, (error as Error).message));
    }
    const values = parseBlurSection(text, file, this.engine);
    return values ? { origin: file, values, baseDir: path.dirname(file) } : undefined;
  }
}
