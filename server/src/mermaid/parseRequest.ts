/** The request the Mermaid worker answers over its WorkerChannel: the diagram's text in, a MermaidParseResult out. */
export const MERMAID_PARSE = 'mermaid/parse';
