import type { PathSegment } from '../../yaml/path';
import { pathAtOffset } from '../../yaml/path';
import { locate } from '../model/data';
import type { JobModel, StepModel, WorkflowFileModel } from '../model/model';
import type { ScalarText } from './scalar';
import type { ExpressionSite } from '../checks/structure';

/** The index in a scalar's value of the character at a chunk offset (or just after it). */
export function valueIndexAt(text: ScalarText, offset: number): number | undefined {
  const { offsets, value } = text;
  if (offset < offsets[0] || offset > offsets[value.length]) return undefined;
  let low = 0;
  let high = value.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (offsets[mid] < offset) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** The expression site holding a chunk offset, with the offset's index in the expression text. */
export function siteAt(model: WorkflowFileModel, offset: number): { site: ExpressionSite; index: number } | undefined {
  for (const site of model.structure.expressions) {
    const index = valueIndexAt(site.text, offset);
    if (index === undefined) continue;
    if (index >= site.innerStart && index <= site.innerStart + site.inner.length) return { site, index: index - site.innerStart };
  }
  return undefined;
}

/** Where an offset is: the path of the YAML node there, and its job and step. */
export function placeAt(model: WorkflowFileModel, offset: number): { path: PathSegment[]; job?: JobModel; step?: StepModel; steps: StepModel[] } {
  const path = pathAtOffset(model.doc, offset);
  return { path, ...locate(model, path) };
}
