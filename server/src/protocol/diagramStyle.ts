/**
 * The vocabulary of generated diagrams that the diagram page needs as values (shapes, edge styles,
 * fixed colours, class properties). Kept apart from diagrams.ts, whose method objects come from
 * vscode-languageserver-protocol: the page imports its values from here and its types from there.
 */

/** The shapes of generated diagrams' nodes (the Mermaid shape each is written as: see server/src/features/diagram/flowchart.ts). */
export const diagramShapes = ['rect', 'round', 'subroutine', 'cylinder', 'hexagon', 'parallelogram', 'asymmetric', 'circle'] as const;
export type DiagramShape = (typeof diagramShapes)[number];

/** solid, dashed (a weaker relation), thick (deploys), broken (a reference the rules report), external (not in the workspace). */
export const diagramEdgeStyles = ['solid', 'dashed', 'thick', 'broken', 'external'] as const;
export type DiagramEdgeStyle = (typeof diagramEdgeStyles)[number];

/** Colours every diagram may use for what the rules report: fixed, readable in light and dark themes. */
export const BROKEN_COLOUR = '#e51400';
export const EXTERNAL_COLOUR = '#8a8a8a';

/** The CSS properties a node class may set (Mermaid's `classDef`), and their values. */
export const diagramClassProperties = ['stroke', 'stroke-width', 'stroke-dasharray', 'color', 'fill'] as const;
export type DiagramClassProperty = (typeof diagramClassProperties)[number];
