// Neovim formats a .tf as terraform fmt does (issue #83): `nvim --headless` (Debian's neovim, installed
// with the protocol layer's packages, scripts/lib/system-deps.mjs) starts the built server with its own
// LSP client — no dynamic registration —, opens terraform fmt's general_in.tf and formats it with the
// client's synchronous formatting; the buffer must be general_out.tf.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fixturesDir, repoRoot } from '../../helpers';
import { makeTree } from '../../tempdir';

const pairs = path.join(fixturesDir, 'oss', 'terraform', 'hashicorp-terraform-mpl', 'internal', 'command', 'testdata', 'fmt');

/** Neovim 0.7's API (formatting_sync), 0.8's and later (format): waits for the server's answer to initialize, formats, writes the lines. */
const script = `
local id = vim.lsp.start_client({
  cmd = { vim.env.NODE, vim.env.SERVER, '--stdio' },
  root_dir = vim.env.ROOT,
  workspace_folders = { { uri = vim.uri_from_fname(vim.env.ROOT), name = 'ws' } },
})
vim.lsp.buf_attach_client(0, id)
local ok = vim.wait(90000, function()
  local client = vim.lsp.get_client_by_id(id)
  return client ~= nil and client.server_capabilities ~= nil and client.initialized == true
end, 50)
local client = vim.lsp.get_client_by_id(id)
local offered = ok and client.server_capabilities.documentFormattingProvider == true
if vim.lsp.buf.format then vim.lsp.buf.format({ timeout_ms = 60000 }) else vim.lsp.buf.formatting_sync(nil, 60000) end
vim.fn.writefile({ vim.fn.json_encode({ offered = offered, lines = vim.api.nvim_buf_get_lines(0, 0, -1, false) }) }, vim.env.OUT)
vim.lsp.stop_client(id)
vim.cmd('qa!')
`;

describe('Terraform formatting in Neovim (nvim --headless)', function () {
  this.timeout(120_000);

  it('formats terraform fmt\'s general_in.tf into its general_out.tf', async () => {
    const input = readFileSync(path.join(pairs, 'general_in.tf'), 'utf8');
    const golden = readFileSync(path.join(pairs, 'general_out.tf'), 'utf8');
    const tree = makeTree({ 'ws/main.tf': input, 'format.lua': script });
    try {
      const root = path.join(tree.root, 'ws');
      const out = path.join(tree.root, 'out.json');
      const env = { ...process.env, NODE: process.execPath, SERVER: path.join(repoRoot, 'dist', 'server', 'server.js'), ROOT: root, OUT: out, ARCHIPEL_CACHE_DIR: path.join(tree.root, 'cache') };
      // Its own process group: whatever Neovim leaves (the server) goes with it.
      const nvim = spawn('nvim', ['--headless', '-u', 'NONE', '-i', 'NONE', '-n', '-c', `luafile ${path.join(tree.root, 'format.lua')}`, 'main.tf'], { cwd: root, env, detached: true, stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      nvim.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const status = await new Promise<number | null>((resolve, reject) => {
        nvim.on('error', (error) => reject(new Error(`nvim did not start (${error.message}): the protocol layer installs Debian's neovim (scripts/lib/system-deps.mjs)`)));
        nvim.on('exit', (code) => resolve(code));
      });
      try {
        process.kill(-nvim.pid!, 'SIGKILL');
      } catch {
        // nothing left
      }
      assert.equal(status, 0, `nvim exited ${status}: ${stderr}`);
      const { offered, lines } = JSON.parse(readFileSync(out, 'utf8')) as { offered: boolean; lines: string[] };
      assert.equal(offered, true, 'formatting is a static capability (Neovim registers none dynamically)');
      assert.equal(`${lines.join('\n')}\n`, golden);
    } finally {
      tree.remove();
    }
  });
});
