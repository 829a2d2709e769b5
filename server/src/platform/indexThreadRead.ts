/**
 * An index thread's reading (indexWorker.ts): readForIndex with the summaries' models (platform/summaryModels.ts)
 * installed when the thread starts, before its first request. The thread exists only to summarise, and its bundle holds
 * them: imported here, not loaded on the first request, so that each answer leaves before the next file is read (a file
 * that ends the thread by its memory bound loses no answer given before it).
 */
import { kubernetesSummarizer } from '../kubernetes/model/summary';
import { pricedSummarizer } from '../cost/summary';
import { scopesOf } from './changed';
import { installSummaryModels } from './summaryModels';

installSummaryModels({ summarizer: kubernetesSummarizer, scopesOf, named: { [pricedSummarizer.thread ?? '']: pricedSummarizer } });

export { readForIndex } from './indexRead';
