/**
 * What `archipel cost` keeps of a manifest past the summary bound (issue #81): its workloads' and HPAs' priced parts
 * (workloads.ts pricedObject) from the one parse that indexes it, on the index threads as on this one (`thread`).
 */
import { keepingSummarizer } from '../kubernetes/api';
import type { FileSummarizer } from '../workspace/summaries';
import { pricedObject } from './workloads';

export const pricedSummarizer: FileSummarizer = keepingSummarizer(pricedObject, 'cost');
