/**
 * `archipel/diagramExport` (see protocol/diagrams.ts): a diagram page's SVG checked and, for PNG,
 * rasterised with sharp (librsvg) in the server process. sharp works on libuv's thread pool: the
 * editor's requests are not held up. sharp is loaded on the first export only.
 */
import { RequestRejection } from '../../features/requests';
import type { DiagramExportParams } from '../../protocol/diagrams';
import { formatNumber, t } from '../../l10n/t';

/** The largest SVG accepted (characters): what the diagram page may send, bounded before librsvg parses it. */
export const MAX_EXPORT_SVG_CHARS = 50_000_000;

/** The file's bytes for an export: the SVG as is, or a PNG at twice its size on white. Throws RequestRejection for a bad SVG. */
export async function exportDiagram({ svg, format }: DiagramExportParams): Promise<Buffer> {
  if (typeof svg !== 'string' || (format !== 'svg' && format !== 'png')) throw new RequestRejection(t('An export needs an SVG text and a format, svg or png.'));
  if (svg.length > MAX_EXPORT_SVG_CHARS) throw new RequestRejection(t('The SVG is {0} characters, over the {1} an export accepts.', formatNumber(svg.length), formatNumber(MAX_EXPORT_SVG_CHARS)));
  if (!/^(<\?xml[^>]*>\s*)?<svg[\s>]/.test(svg)) throw new RequestRejection(t('The page sent no SVG document.'));
  if (/<script|\son[a-z]+\s*=|javascript:/i.test(svg)) throw new RequestRejection(t('The exported SVG holds script or HTML content; not written.'));
  const bytes = Buffer.from(svg, 'utf8');
  const sharp = (await import('sharp')).default;
  try {
    await sharp(bytes).metadata();
  } catch (error) {
    throw new RequestRejection(t('The SVG does not parse: {0}', error instanceof Error ? error.message : String(error)));
  }
  return format === 'svg' ? bytes : sharp(bytes, { density: 144 }).flatten({ background: '#ffffff' }).png().toBuffer();
}
