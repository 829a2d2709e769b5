/** The mermaid family's French: each English text its code passes to t() (and its rules' descriptions) with its translation. Its descriptor (families/mermaid.ts) installs it; l10n.test.ts keeps it complete. */
export const frMermaid: Readonly<Record<string, string>> = {
  "A Mermaid diagram (a .mmd/.mermaid file, or a ```mermaid block in Markdown) has a syntax error: Mermaid cannot draw it.": "Un diagramme Mermaid (un fichier .mmd/.mermaid, ou un bloc ```mermaid en Markdown) a une erreur de syntaxe : Mermaid ne peut pas le dessiner.",
};
