/**
 * What other families ask of the RACI family: a matrix's model, its roles described, and the nearest id to a
 * misspelt one (the AMDEC family links its actions to RACI roles). Everything else in raci/ is private to it.
 */
export { describeRole } from './feature';
export { firstDocument, firstDocumentKind, isRaciFile, raciModel, type RaciModel } from './model';
export { nearestId } from './rules';
