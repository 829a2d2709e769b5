#!/usr/bin/env node
// The layering check of `npm test` (and by hand: `node scripts/layering.mjs [folder]`, the repository
// by default): dependency-cruiser twice over client/src, server/src and webviews — every import,
// types included (.dependency-cruiser.cjs), then what is reachable through value imports
// (.dependency-cruiser-values.cjs) —, the files read only through disk/ (fsReadViolations below), and
// the first pass's graph grouped by folder (folderGraphViolations below: layers, cycles, mutual pairs).
// Exits 1 when any finds a violation; nothing is whitelisted.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { answerHelp } from './lib/help.mjs';

answerHelp(import.meta.url);

const repository = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const ts = require(path.join(repository, 'node_modules', 'typescript'));
const root = path.resolve(process.argv[2] ?? repository);
const cruiser = path.join(repository, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');
const formatter = path.join(repository, 'node_modules', 'dependency-cruiser', 'bin', 'depcruise-fmt.mjs');

let failed = false;
// The first pass writes its graph as JSON (printed as the second pass is, by depcruise-fmt), which the fourth reads.
const scratch = mkdtempSync(path.join(os.tmpdir(), 'archipel-layering-'));
const graphFile = path.join(scratch, 'graph.json');
try {
  const cruised = spawnSync(process.execPath, [cruiser, 'client/src', 'server/src', 'webviews', '--config', '.dependency-cruiser.cjs', '--output-type', 'json', '--output-to', graphFile], { cwd: root, stdio: 'inherit' });
  if (!existsSync(graphFile)) failed = true;
  else {
    const printed = spawnSync(process.execPath, [formatter, graphFile, '--output-type', 'err', '--exit-code'], { cwd: root, stdio: 'inherit' });
    if (cruised.status !== 0 || printed.status !== 0) failed = true;
    const folders = folderGraphViolations(root, JSON.parse(readFileSync(graphFile, 'utf8')));
    for (const violation of folders) console.error(`  error ${violation}`);
    if (folders.length > 0) {
      console.error(`\nx ${folders.length} folder graph violation(s): grouped by folder, server/src/ imports run down the layers of scripts/lib/layers.cjs (LAYERS), with no cycle and no two folders importing each other (docs/layout.md, "The folder graph").\n`);
      failed = true;
    }
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
const values = spawnSync(process.execPath, [cruiser, 'client/src', 'server/src', 'webviews', '--config', '.dependency-cruiser-values.cjs'], { cwd: root, stdio: 'inherit' });
if (values.status !== 0) failed = true;
const reads = fsReadViolations(root);
for (const violation of reads) console.error(`  error fs-reads-through-disk: ${violation}`);
if (reads.length > 0) {
  console.error(`\nx ${reads.length} fs-reads-through-disk violation(s): read files through disk/readText.ts (readFileBounded, readTextBounded, openRegularFile, readSideText), which bounds each read and refuses what is not a regular file.\n`);
  failed = true;
}
process.exit(failed ? 1 : 0);

/**
 * The fourth pass (scripts/lib/folder-graph.cjs, over the layers of scripts/lib/layers.cjs): the first
 * pass's graph grouped by folder — no folder importing a layer above its own, no cycle, no two folders
 * importing each other.
 */
function folderGraphViolations(folder, graph) {
  const layers = require(path.join(folder, 'scripts', 'lib', 'layers.cjs'));
  const { folderViolations } = require(path.join(folder, 'scripts', 'lib', 'folder-graph.cjs'));
  return folderViolations(graph, layers);
}

/**
 * The third pass (scripts/lib/layers.cjs, FS_READ_SCOPE): in the files of its scope, no whole-file
 * read of node:fs (readFile, readFileSync, createReadStream) named directly — imported by name, or
 * called on the module, its `promises` or node:fs/promises — and no open()/openSync() for reading (no
 * flags, flags starting with `r`, O_RDONLY): a descriptor read from comes from disk/ (openRegularFile).
 * dependency-cruiser sees modules, not the names imported from them; TypeScript's parser does.
 */
function fsReadViolations(folder) {
  const layers = require(path.join(folder, 'scripts', 'lib', 'layers.cjs'));
  const scope = layers.FS_READ_SCOPE.map((pattern) => new RegExp(pattern));
  // read()/readSync() take a descriptor: what matters is where it was opened (open for reading is caught).
  const reads = new Set(['readFile', 'readFileSync', 'createReadStream']);
  const opens = new Set(['open', 'openSync']);
  const fsModules = new Set(['fs', 'node:fs', 'fs/promises', 'node:fs/promises']);
  const found = [];
  for (const file of listFiles(path.join(folder, 'server', 'src'))) {
    const relative = path.relative(folder, file).split(path.sep).join('/');
    if (!scope.some((re) => re.test(relative))) continue;
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    /** Local names bound to a read function, to open, or to the module (a namespace, `promises`). */
    const named = new Map();
    const modules = new Set();
    for (const statement of source.statements) {
      if (!ts.isImportDeclaration(statement) || !fsModules.has(statement.moduleSpecifier.text)) continue;
      const clause = statement.importClause;
      if (!clause || clause.isTypeOnly) continue;
      if (clause.name) modules.add(clause.name.text);
      const bindings = clause.namedBindings;
      if (bindings && ts.isNamespaceImport(bindings)) modules.add(bindings.name.text);
      else if (bindings) {
        for (const element of bindings.elements) {
          if (element.isTypeOnly) continue;
          const imported = (element.propertyName ?? element.name).text;
          if (imported === 'promises') modules.add(element.name.text);
          else if (reads.has(imported) || opens.has(imported)) named.set(element.name.text, imported);
        }
      }
    }
    const at = (node) => `${relative}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
    const readsForOpen = (call) => {
      const flags = call.arguments[1];
      return !flags || (ts.isStringLiteralLike(flags) && flags.text.startsWith('r')) || /O_RDONLY/.test(flags.getText());
    };
    const visit = (node) => {
      if (ts.isImportSpecifier(node)) return;
      let name;
      if (ts.isIdentifier(node) && named.has(node.text) && !ts.isImportSpecifier(node.parent)) name = named.get(node.text);
      else if (ts.isPropertyAccessExpression(node) && ts.isIdentifier(node.expression) && modules.has(node.expression.text) && (reads.has(node.name.text) || opens.has(node.name.text))) name = node.name.text;
      if (name) {
        const call = ts.isCallExpression(node.parent) && node.parent.expression === node ? node.parent : undefined;
        if (reads.has(name) || !call || readsForOpen(call)) found.push(`${at(node)} ${name}`);
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return found;
}

function listFiles(folder) {
  return readdirSync(folder, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => path.join(entry.parentPath, entry.name));
}
