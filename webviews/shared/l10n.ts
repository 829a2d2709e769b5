/**
 * A page's words in the editor's language: English as written in the page, French from the page's
 * catalogue; the host gives the page VS Code's display language (`vscode.env.language`: `fr`,
 * `fr-ca`…). `{0}` placeholders are filled in order; a text without a French entry stays English.
 * Each page with words of its own (the Experiments panel, the System Map's Security view) has its
 * catalogue, and this one translator.
 */
export function translator(french: Readonly<Record<string, string>>): { setLanguage: (lang: string | undefined) => void; tr: (text: string, ...args: (string | number)[]) => string } {
  let inFrench = false;
  return {
    setLanguage(lang) {
      inFrench = /^fr\b/i.test(lang ?? '');
    },
    tr(text, ...args) {
      const template = (inFrench ? french[text] : undefined) ?? text;
      return template.replace(/\{(\d+)\}/g, (whole, i: string) => (args[Number(i)] === undefined ? whole : String(args[Number(i)])));
    },
  };
}
