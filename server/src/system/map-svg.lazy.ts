/**
 * The system map's drawing as SVG (drawing/mapView.ts, with its layout and text measures: 149 KB). A `.lazy.ts`
 * module: its own bundle (esbuild.mjs), required when a map is first drawn as SVG (diagram.ts), so
 * that a check, which reads the system map's model and never draws it, does not read it (issue #68).
 */
export { viewSvg } from '../drawing/mapView';
