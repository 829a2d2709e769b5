// Loaded into every mocha layer (`--require`): when a layer's tests have ended and its process is still alive
// OPEN_AFTER_MS later, it prints what keeps it alive — each child process the tests started whose pipes are still
// open (its command line, pid, and whether it exited), each socket, server, worker thread and timer — so that a run
// the runner kills for "a handle left open" (scripts/test.mjs) says which handle. Its own timer is unref'd: it never
// keeps the process alive, and a process that exits in time prints nothing.
'use strict';
const childProcess = require('node:child_process');

const OPEN_AFTER_MS = 30_000;
/** The children started from this process (spawn is what exec, execFile and fork call), with their command lines. */
const children = [];

const spawn = childProcess.spawn;
childProcess.spawn = function spawnRecorded(...args) {
  const child = spawn.apply(this, args);
  children.push(new WeakRef(child));
  if (children.length > 5_000) children.splice(0, children.length - 5_000);
  return child;
};

function describeChild(child) {
  const args = (child.spawnargs ?? []).join(' ');
  const state = child.exitCode !== null || child.signalCode !== null ? `exited (${child.exitCode ?? child.signalCode})` : 'running';
  return `pid ${child.pid} ${state}: ${args.length > 200 ? `${args.slice(0, 197)}...` : args}`;
}

/** Which recorded child a stdio stream belongs to, if any. */
function ownerOf(handle) {
  for (const ref of children) {
    const child = ref.deref();
    if (child && (child.stdio ?? []).includes(handle)) return child;
  }
  return undefined;
}

function describe(handle) {
  const kind = handle?.constructor?.name ?? typeof handle;
  const owner = ownerOf(handle);
  if (owner) return `${kind}: a stdio pipe of ${describeChild(owner)}`;
  if (kind === 'ChildProcess') return `ChildProcess ${describeChild(handle)}`;
  if (kind === 'Socket') return `Socket ${handle.remoteAddress ? `to ${handle.remoteAddress}:${handle.remotePort}` : `fd ${handle._handle?.fd ?? '?'}`}`;
  if (kind === 'Server') return `Server ${JSON.stringify(handle.address?.() ?? null)}`;
  if (kind === 'Worker') return `Worker thread ${handle.threadId}`;
  return kind;
}

exports.mochaHooks = {
  afterAll() {
    setTimeout(() => {
      const lines = [`[open handles] the tests ended ${OPEN_AFTER_MS / 1000} s ago and the process is still alive: ${process.getActiveResourcesInfo().join(', ')}`];
      for (const handle of process._getActiveHandles()) lines.push(`[open handles]   ${describe(handle)}`);
      process.stderr.write(`${lines.join('\n')}\n`);
    }, OPEN_AFTER_MS).unref();
  },
};
