/**
 * What other families ask of the Predict family: archipel.yaml's predict section, the OHLCV features, the
 * contract of a loaded model and the decision from its scores (the prediction service answers with them). Everything else in predict/ is private to it.
 */
export { modelConfiguration, parsePredictSection } from './config';
export { checkThreshold, decideClass } from './decision';
export { ohlcv22, OHLCV22_FEATURES, type OhlcvSeries } from './ohlcv22';
export type { TabularModel } from './tabular';
