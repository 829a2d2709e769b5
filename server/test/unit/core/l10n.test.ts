// English and French: every text the code translates has its French, the manifest's and the
// client's included; a RACI diagnostic, a rule description and a command title come out in French.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { catalogue, formatNumber, languageFromEnvironment, languageOf, setLanguage, t } from '../../../src/l10n/t';
import '../../../src/families/index';
import { allRules } from '../../../src/rules/registry';
import { runCli } from '../../cliRun';
import { raciText } from '../../fixtures/governance';
import { diagnose, repoRoot } from '../../helpers';

/** The string literals passed to a translation call in the .ts files under `folder`. */
function translatedLiterals(folder: string, call: RegExp): Set<string> {
  const found = new Set<string>();
  for (const entry of readdirSync(path.join(repoRoot, folder), { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.ts')) continue;
    const text = readFileSync(path.join(entry.parentPath, entry.name), 'utf8');
    for (const match of text.matchAll(call)) found.add(JSON.parse(`"${match[1].replace(/\\'/g, "'").replace(/"/g, '\\"')}"`) as string);
  }
  return found;
}

const placeholders = (text: string) => [...new Set(text.match(/\{\d+\}/g) ?? [])].sort();
const readJson = (file: string) => JSON.parse(readFileSync(path.join(repoRoot, file), 'utf8')) as Record<string, unknown>;

/**
 * Runs `body` in a new folder with no language variable set (ARCHIPEL_LANG, LANG, LC_*), then
 * restores them, English and the folder's absence: the CLI runs in this process and reads them.
 */
async function inCliFolder(body: (dir: string) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'archipel-l10n-'));
  const previous = { ARCHIPEL_LANG: process.env.ARCHIPEL_LANG, LANG: process.env.LANG, LC_ALL: process.env.LC_ALL, LC_MESSAGES: process.env.LC_MESSAGES };
  try {
    for (const key of Object.keys(previous)) delete process.env[key];
    await body(dir);
  } finally {
    for (const [key, value] of Object.entries(previous)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
    setLanguage('en');
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('English and French', () => {
  afterEach(() => setLanguage('en'));

  it('reads the language from a locale or LANG', () => {
    assert.deepEqual(['fr', 'fr-FR', 'fr_CA.UTF-8', 'FR', 'en', 'en-US', 'C.UTF-8', 'frisian', '', undefined].map(languageOf), ['fr', 'fr', 'fr', 'fr', 'en', 'en', 'en', 'en', 'en', 'en']);
    // ARCHIPEL_LANG (the CLI's --lang, the server's client locale) first, for forked processes and threads.
    assert.equal(languageFromEnvironment({ ARCHIPEL_LANG: 'fr', LANG: 'en_US.UTF-8' }), 'fr');
    assert.equal(languageFromEnvironment({ ARCHIPEL_LANG: 'en', LANG: 'fr_FR.UTF-8' }), 'en');
    assert.equal(languageFromEnvironment({ LC_MESSAGES: 'fr_BE.UTF-8' }), 'fr');
    assert.equal(languageFromEnvironment({}), 'en');
  });

  it('the server: every message given to t() and every rule description has its French, with the same placeholders, and nothing else', () => {
    const messages = translatedLiterals('server/src', /\bt\(\s*'((?:[^'\\]|\\.)*)'/g);
    const descriptions = new Set(allRules().map((r) => r.description));
    const fr = catalogue('fr');
    assert.deepEqual([...messages, ...descriptions].filter((m) => fr[m] === undefined), []);
    assert.deepEqual(Object.keys(fr).filter((k) => !messages.has(k) && !descriptions.has(k)), [], 'entries no code uses');
    for (const [english, french] of Object.entries(fr)) assert.deepEqual(placeholders(french), placeholders(english), english);
  });

  it('the client: every text given to vscode.l10n.t() is in l10n/bundle.l10n.fr.json, with the same placeholders', () => {
    const texts = translatedLiterals('client/src', /\bl10n\.t\(\s*'((?:[^'\\]|\\.)*)'/g);
    const bundle = readJson('l10n/bundle.l10n.fr.json') as Record<string, string>;
    assert.ok(texts.size > 20);
    assert.deepEqual([...texts].filter((m) => bundle[m] === undefined), []);
    assert.deepEqual(Object.keys(bundle).filter((k) => !texts.has(k)), [], 'entries no code uses');
    for (const [english, french] of Object.entries(bundle)) assert.deepEqual(placeholders(french), placeholders(english), english);
  });

  it('the manifest: every %key% is in package.nls.json and package.nls.fr.json, which have the same keys', () => {
    const manifest = readFileSync(path.join(repoRoot, 'package.json'), 'utf8');
    const keys = new Set([...manifest.matchAll(/"%([\w.]+)%"/g)].map((m) => m[1]));
    const en = readJson('package.nls.json');
    const fr = readJson('package.nls.fr.json');
    assert.ok(keys.size > 50);
    assert.deepEqual([...keys].filter((k) => en[k] === undefined || fr[k] === undefined), []);
    assert.deepEqual(Object.keys(fr).sort(), Object.keys(en).sort());
    // Every command title and every setting description is translated.
    const parsed = JSON.parse(manifest) as { contributes: { commands: { title: string }[]; configuration: { properties: Record<string, { description?: string; markdownDescription?: string }> } } };
    assert.deepEqual(parsed.contributes.commands.filter((c) => !/^%[\w.]+%$/.test(c.title)).map((c) => c.title), []);
    assert.deepEqual(Object.entries(parsed.contributes.configuration.properties).filter(([, p]) => !/^%[\w.]+%$/.test(p.markdownDescription ?? p.description ?? '')).map(([k]) => k), []);
    // What VS Code shows in French: the command title.
    const blur = parsed.contributes.commands.find((c) => c.title === '%command.blurImages%');
    assert.ok(blur);
    assert.equal(fr['command.blurImages'], 'Flouter visages et plaques');
  });

  it('a RACI diagnostic in French, its related information too; English by default', () => {
    const text = raciText.replace('{cdo: A, steward: R, dpo: C', '{cdo: A, steward: R, dpo: A');
    const uri = 'file:///work/governance/governance.raci.yaml';
    assert.equal(diagnose(text, {}, uri)[0].message, 'Activity GOV-01 has 2 Accountable roles (cdo, dpo): exactly one role must be A.');
    setLanguage('fr');
    const [french] = diagnose(text, {}, uri);
    assert.equal(french.message, "L'activité GOV-01 a 2 rôles Accountable (cdo, dpo) : exactement un rôle doit être A.");
    assert.equal(french.relatedInformation?.[0].message, 'dpo est aussi A ici');
    assert.equal(t('Activity {0}', 'X'), "L'activité X");
  });

  it('an AMDEC diagnostic in French', () => {
    const text = 'kind: amdec\nthreshold: 100\nrisks:\n  - id: R-01\n    failure_mode: x\n    severity: 11\n    occurrence: 2\n    detection: 2\n    justification: y\n';
    setLanguage('fr');
    const [rating] = diagnose(text, {}, 'file:///work/risks.amdec.yaml').filter((d) => d.code === 'amdec-rating');
    assert.equal(rating.message, 'severity doit être un entier de 1 à 10 ; trouvé 11.');
  });

  it('gha-shell keeps the literal {0} GitHub replaces with the script file, in both languages', () => {
    const text = 'on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo hi\n        shell: perll\n';
    const uri = 'file:///work/.github/workflows/ci.yml';
    const shell = () => String(diagnose(text, {}, uri).find((d) => d.code === 'gha-shell')?.message);
    assert.equal(shell(), 'Unknown shell "perll": use bash, sh, pwsh, powershell, python, cmd, or a command with {0} for the script file (like "perl {0}").');
    setLanguage('fr');
    assert.equal(shell(), 'Shell inconnu « perll » : utilisez bash, sh, pwsh, powershell, python, cmd, ou une commande avec {0} pour le fichier de script (comme « perl {0} »).');
  });

  it('counts are written as the language writes them', () => {
    assert.equal(formatNumber(1234567), '1,234,567');
    setLanguage('fr');
    // French groups digits with a narrow no-break space (U+202F).
    assert.equal(formatNumber(1234567), '1\u202f234\u202f567');
  });

  it('the CLI in French: ADR, YAML, workflow and Mermaid problems, and the CLI\'s own errors', function () {
    // Three whole `archipel check` runs (the Mermaid worker starts in the first): seconds on a busy machine.
    this.timeout(120_000);
    return inCliFolder(async (dir) => {
      mkdirSync(path.join(dir, 'docs', 'adr'), { recursive: true });
      mkdirSync(path.join(dir, '.github', 'workflows'), { recursive: true });
      writeFileSync(path.join(dir, 'docs', 'adr', '0001-use-postgres.md'), '# 1. Use Postgres\n\nDate: 2026-11-22\n\n## Status\n\nAccepted\n\n## Context\n\nA database.\n\n## Decision\n\nPostgres.\n');
      writeFileSync(path.join(dir, '.github', 'workflows', 'ci.yml'), 'on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    needs: [lint]\n    steps:\n      - run: echo hi\n');
      writeFileSync(path.join(dir, 'app.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  name: b\n');
      writeFileSync(path.join(dir, 'docs', 'flow.mmd'), 'flowchrt LR\n  A --> B\n');
      const french = await runCli(['check', '--lang', 'fr', '.'], dir);
      assert.match(french.out, /Section « ## Consequences » manquante, obligatoire dans un ADR de Nygard\. \[adr-missing-section\]/);
      assert.match(french.out, /Le job « build » dépend de « lint », que ce workflow ne définit pas\. \[gha-needs-unknown-job\]/);
      assert.match(french.out, /Clé en double : « name » est déjà une clé de ce mapping ; .* \[yaml-duplicate-key\]/);
      assert.match(french.out, /Type de diagramme Mermaid inconnu « flowchrt » : .* \[mermaid-syntax\]/);
      assert.match(french.err, /\d+ fichier\(s\) vérifié\(s\), \d+ problème\(s\), \d+ erreur\(s\)\./);
      delete process.env.ARCHIPEL_LANG; // --lang sets it for the check threads of this process
      const english = await runCli(['check', '.'], dir);
      assert.match(english.out, /Missing section "## Consequences", required in a Nygard ADR\. \[adr-missing-section\]/);
      const unknownFormat = await runCli(['check', '--lang', 'fr', '--format', 'xml', '.'], dir);
      assert.equal(unknownFormat.code, 2);
      assert.match(unknownFormat.err, /format inconnu « xml » \(attendu : text, json ou sarif\)/);
    });
  });

  it('the CLI: --lang fr, or LANG, chooses French; --lang refuses other languages', function () {
    this.timeout(120_000);
    return inCliFolder(async (dir) => {
      writeFileSync(path.join(dir, 'team.raci.yaml'), raciText.replace('{cdo: A, steward: R, dpo: C', '{cdo: A, steward: R, dpo: A'));
      const english = await runCli(['check', '.'], dir);
      assert.match(english.out, /has 2 Accountable roles/);
      const french = await runCli(['check', '--lang', 'fr', '.'], dir);
      assert.match(french.out, /a 2 rôles Accountable \(cdo, dpo\) : exactement un rôle doit être A\. \[raci-one-accountable\]/);
      delete process.env.ARCHIPEL_LANG;
      process.env.LANG = 'fr_FR.UTF-8';
      const rules = await runCli(['rules'], dir);
      assert.match(rules.out, /raci-one-accountable +error +Une activité doit avoir exactement un rôle Approbateur/);
      const refused = await runCli(['rules', '--lang', 'de'], dir);
      assert.equal(refused.code, 2);
      // LANG is French here: the refusal is too.
      assert.match(refused.err, /--lang attend en ou fr ; reçu « de »/);
      delete process.env.LANG;
      assert.match((await runCli(['rules', '--lang', 'de'], dir)).err, /--lang expects en or fr, got "de"/);
    });
  });
});
