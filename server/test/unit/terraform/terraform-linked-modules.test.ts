// Issue #83: a module folder that is a symbolic link to a folder inside the workspace is read as
// Terraform reads it (was: "Unreadable module directory"); a link leading outside stays unread and said.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { confineReads } from '../../../src/disk/readText';
import { installedModulesReader, probePath, schemasFor } from '../../../src/terraform/host';
import { diagnoseFile } from '../../../src/service';
import { defaultSettings } from '../../../src/settings';
import { terraformFeature } from '../../../src/terraform/feature';
import { repoRoot } from '../../helpers';
import { covered, indexOf, loadParser } from '../../terraform';

const main = 'module "net" {\n  source = "./modules/net"\n  cidr   = "10.0.0.0/16"\n  nmae   = "x"\n}\n';

describe('terraform module folders that are links (issue #83)', () => {
  before(loadParser);
  let top: string;
  let dir: string;
  let outside: string;

  beforeEach(() => {
    top = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'archipel-linked-')));
    dir = path.join(top, 'ws');
    outside = path.join(top, 'outside');
    for (const folder of [path.join(dir, 'infra', 'modules'), path.join(dir, 'shared', 'net'), outside]) mkdirSync(folder, { recursive: true });
    writeFileSync(path.join(dir, 'infra', 'main.tf'), main);
    const net = 'variable "cidr" {\n  type = string\n}\n';
    writeFileSync(path.join(dir, 'shared', 'net', 'main.tf'), net);
    writeFileSync(path.join(outside, 'main.tf'), net);
  });
  afterEach(() => rmSync(top, { recursive: true, force: true }));

  /** The workspace's files as its scan lists them (links not followed), then main.tf checked. */
  function check(): string[] {
    const index = indexOf({});
    const uri = pathToFileURL(path.join(dir, 'infra', 'main.tf')).href;
    index.update(uri, main);
    index.update(pathToFileURL(path.join(dir, 'shared', 'net', 'main.tf')).href, 'variable "cidr" {\n  type = string\n}\n');
    const feature = terraformFeature({ schemas: schemasFor(repoRoot), installed: installedModulesReader, probe: probePath });
    const end = confineReads([dir]);
    try {
      const found = diagnoseFile(index.get(uri)!, [feature], { index, settings: defaultSettings, isCancelled: () => false, roots: [dir] });
      return found.filter((d) => String(d.code).startsWith('terraform-module') || d.code === 'terraform-unsupported-argument').map((d) => `${String(d.code)} ${covered(main, d)}: ${String(d.message).split(':')[0]}`);
    } finally {
      end();
    }
  }

  it('a link to a folder of the workspace: its module read (an unknown input found), no "Unreadable module directory"', () => {
    symlinkSync(path.join('..', '..', 'shared', 'net'), path.join(dir, 'infra', 'modules', 'net'));
    assert.deepEqual(check(), ['terraform-unsupported-argument nmae: Unsupported argument']);
  });

  it('a link leading outside the workspace: not read, said so', () => {
    symlinkSync(outside, path.join(dir, 'infra', 'modules', 'net'));
    assert.deepEqual(check(), ['terraform-module-source "./modules/net": The module source "./modules/net" is outside the workspace']);
  });
});
