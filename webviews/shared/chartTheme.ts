/**
 * What the uPlot charts of every page (the prediction dashboard, the Experiments panel) take from
 * the theme: colours from the `--vscode-charts-*` variables and the editor's UI font, read when a
 * chart is drawn (a page redraws on a theme switch), and the axes styled with them.
 */
import type uPlot from 'uplot';
import { cssVariable, themeKind } from './theme';

export interface Palette {
  foreground: string;
  muted: string;
  grid: string;
  /** One colour per class / series, in order. */
  series: string[];
  /** Wider strokes in high contrast themes. */
  width: number;
  /** Canvas font of the axes: the editor's UI font (a canvas cannot read CSS variables). */
  font: string;
}

export function palette(): Palette {
  const highContrast = themeKind().startsWith('high-contrast');
  return {
    foreground: cssVariable('--vscode-editor-foreground', '#cccccc'),
    muted: cssVariable('--vscode-descriptionForeground', cssVariable('--vscode-foreground', '#999999')),
    grid: highContrast ? cssVariable('--vscode-contrastBorder', '#6fc3df') : 'rgba(128, 128, 128, 0.25)',
    series: [
      cssVariable('--vscode-charts-blue', '#3794ff'),
      cssVariable('--vscode-charts-orange', '#d18616'),
      cssVariable('--vscode-charts-green', '#89d185'),
      cssVariable('--vscode-charts-purple', '#b180d7'),
      cssVariable('--vscode-charts-red', '#f14c4c'),
      cssVariable('--vscode-charts-yellow', '#cca700'),
    ],
    width: highContrast ? 2.5 : 1.5,
    font: `11px ${getComputedStyle(document.body).fontFamily || 'sans-serif'}`,
  };
}

export const colourOf = (p: Palette, k: number) => p.series[k % p.series.length];

/** An x and a y axis in the theme's colours and font, with what each chart sets on them. */
export function axes(p: Palette, x: Partial<uPlot.Axis> = {}, y: Partial<uPlot.Axis> = {}): uPlot.Axis[] {
  const common = { stroke: p.muted, font: p.font, labelFont: p.font, grid: { stroke: p.grid, width: 1 }, ticks: { stroke: p.grid, width: 1 } };
  return [{ ...common, ...x }, { ...common, ...y }];
}
