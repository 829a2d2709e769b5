// The same anonymisation job — UltraFace face detection, NMS, Gaussian blur, JPEG/PNG out — done
// by `archipel blur` and by a Python + OpenCV script (bench/blur/opencv_blur.py, Debian's
// python3-opencv: cv2.dnn, one GaussianBlur per box), over the same images, in the same run.
//
//   whole job     wall time of each command, start-up included
//   per image     start-up and model loading excluded, measured the same way on both sides:
//                 (T(n) − T(1)) / (n − 1) from the wall times of two fresh processes, one given
//                 n images and one given the first of them (each side's warm-up of its first
//                 image cancels out; the script's own loop timer is not used).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { ensureSystemDeps } from '../scripts/lib/system-deps.mjs';
import { blurImageSets, ultraface } from './lib/blurData.mjs';
import { compiledModule } from './lib/compiled.mjs';
import { median } from './lib/stats.mjs';


export const title = 'Face blurring — archipel blur vs Python + OpenCV, same model (UltraFace), same images';

const PYTHON = '/usr/bin/python3';
const SETTINGS = { threshold: 0.7, iou: 0.45, grow: 1.2, quality: 90, pngCompression: 6 };

function opencvVersion() {
  const r = spawnSync(PYTHON, ['-c', 'import cv2; print(cv2.__version__)'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

/** GNU time, to read each command's CPU time (user + sys, its threads included): load-independent where wall time is not. */
const GNU_TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;

/** Runs a command to completion; returns its wall time, its CPU time (when GNU time is there) and stdout. */
function timed(command, args) {
  const usage = path.join(os.tmpdir(), `archipel-bench-time-${process.pid}.txt`);
  const [file, argv] = GNU_TIME ? [GNU_TIME, ['-f', '%U %S', '-o', usage, command, ...args]] : [command, args];
  const started = performance.now();
  const r = spawnSync(file, argv, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const ms = performance.now() - started;
  if (r.status !== 0 && r.status !== 1) throw new Error(`${path.basename(command)} ${args.slice(0, 2).join(' ')} failed (${r.status}): ${r.stderr}`);
  let cpuMs = NaN;
  if (GNU_TIME) {
    const [user, sys] = readFileSync(usage, 'utf8').trim().split('\n').pop().split(' ').map(Number);
    cpuMs = (user + sys) * 1000;
    rmSync(usage, { force: true });
  }
  return { ms, cpuMs, stdout: r.stdout };
}

/** Total bytes of the files under `dir` (recursively), per extension. */
function outputBytes(dir) {
  const totals = {};
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const ext = path.extname(entry.name).toLowerCase();
    totals[ext] = (totals[ext] ?? 0) + statSync(path.join(entry.parentPath ?? entry.path, entry.name)).size;
  }
  return totals;
}

/** @param {import('./run.mjs').BenchContext} context */
export async function run(context) {
  if (!opencvVersion()) {
    context.progress('installing python3-opencv (Debian) for the OpenCV peer');
    ensureSystemDeps({ packages: ['python3-opencv'], quiet: true });
  }
  const cv = opencvVersion();
  if (!cv) throw new Error(`${PYTHON} cannot import cv2 even after installing python3-opencv`);

  const n = 12;
  const sets = await blurImageSets(n);
  const configFile = path.join(sets.root, 'archipel.yaml');
  writeFileSync(
    configFile,
    `blur:\n  faceModel: ${JSON.stringify(ultraface)}\n  threshold: ${SETTINGS.threshold}\n  iou: ${SETTINGS.iou}\n  grow: ${SETTINGS.grow}\n  quality: ${SETTINGS.quality}\n  pngCompression: ${SETTINGS.pngCompression}\n  method: gaussian\n`,
  );
  const cli = path.join(context.root, 'dist', 'server', 'cli.js');
  // As the CLI chooses them when it starts (fewer on a job of fewer images; the load average moves
  // during the run: set ARCHIPEL_BLUR_LANES to compare settings).
  const lanes = compiledModule(context.root, 'engines/blur/lanes').defaultLaneCount();
  const out = path.join(sets.root, 'out');

  const ours = (files) => {
    rmSync(out, { recursive: true, force: true });
    const { ms, cpuMs, stdout } = timed(process.execPath, [cli, 'blur', ...files, '--config', configFile, '--out', out, '--format', 'json']);
    const results = JSON.parse(stdout);
    const failed = results.filter((r) => r.error);
    if (failed.length) throw new Error(`archipel blur failed on ${failed[0].file}: ${failed[0].error}`);
    return { ms, cpuMs, faces: results.map((r) => r.detections.length), bytes: outputBytes(out) };
  };
  const peer = (files) => {
    rmSync(out, { recursive: true, force: true });
    mkdirSync(out, { recursive: true });
    const { ms, cpuMs, stdout } = timed(PYTHON, [path.join(context.root, 'bench', 'blur', 'opencv_blur.py'), ultraface, out, ...Object.values(SETTINGS).map(String), ...files]);
    const report = JSON.parse(stdout.trim().split('\n').pop());
    return { ms, cpuMs, faces: report.faces, bytes: outputBytes(out) };
  };

  const mixed = [...sets.large.slice(0, n / 2), ...sets.small.slice(0, n / 2)];
  const samples = { oursJob: [], peerJob: [], oursLarge: [], peerLarge: [], oursSmall: [], peerSmall: [], oursLargeCpu: [], peerLargeCpu: [], oursSmallCpu: [], peerSmallCpu: [] };
  let faces = { ours: [], peer: [] };
  let bytes = { ours: {}, peer: {} };
  for (let r = 0; r < context.runs; r++) {
    context.progress(`run ${r + 1}/${context.runs}`);
    // Alternate who goes first: the other engineers' load on the machine drifts.
    const pair = (a, b) => (r % 2 ? [b(), a()].reverse() : [a(), b()]);
    const [oj, pj] = pair(() => ours(mixed), () => peer(mixed));
    samples.oursJob.push(oj.ms);
    samples.peerJob.push(pj.ms);
    bytes = { ours: oj.bytes, peer: pj.bytes };
    for (const [set, oursKey, peerKey] of [[sets.large, 'oursLarge', 'peerLarge'], [sets.small, 'oursSmall', 'peerSmall']]) {
      const perImage = (side) => {
        const one = side(set.slice(0, 1));
        const all = side(set);
        return { ms: (all.ms - one.ms) / (set.length - 1), cpuMs: (all.cpuMs - one.cpuMs) / (set.length - 1), faces: all.faces };
      };
      const [o, p] = pair(() => perImage(ours), () => perImage(peer));
      samples[oursKey].push(o.ms);
      samples[peerKey].push(p.ms);
      samples[`${oursKey}Cpu`].push(o.cpuMs);
      samples[`${peerKey}Cpu`].push(p.cpuMs);
      if (set === sets.large) faces = { ours: o.faces, peer: p.faces };
    }
  }
  const oursLarge = median(samples.oursLarge);
  const peerLarge = median(samples.peerLarge);
  return {
    peer: `Python ${spawnSync(PYTHON, ['--version'], { encoding: 'utf8' }).stdout.trim().replace('Python ', '')} + OpenCV ${cv}`,
    rows: [
      { name: `whole job: ${mixed.length} images (6 × 2.1 MP JPEG, 6 small JPEG/PNG), start-up included`, ours: median(samples.oursJob), peer: median(samples.peerJob) },
      { name: 'per image: 2.1 MP JPEG, ~20 faces', ours: oursLarge, peer: peerLarge },
      { name: 'per image: 0.2–0.3 MP JPEG and PNG', ours: median(samples.oursSmall), peer: median(samples.peerSmall) },
      ...(GNU_TIME
        ? [
            { name: 'CPU time (user + sys) per image: 2.1 MP JPEG', ours: median(samples.oursLargeCpu), peer: median(samples.peerLargeCpu) },
            { name: 'CPU time (user + sys) per image: 0.2–0.3 MP', ours: median(samples.oursSmallCpu), peer: median(samples.peerSmallCpu) },
          ]
        : []),
    ],
    notes: [
      `output bytes of the whole job, same quality settings: ${Object.keys(bytes.peer)
        .sort()
        .map((ext) => `${ext} Archipel ${Math.round((bytes.ours[ext] ?? 0) / 1024)} KB, OpenCV ${Math.round(bytes.peer[ext] / 1024)} KB`)
        .join('; ')} (PNG: libvips writes without libpng's adaptive row filters — faster, larger files)`,
      `faces found per 2.1 MP image: Archipel ${faces.ours[0]}, OpenCV ${faces.peer[0]} (same model, threshold ${SETTINGS.threshold}, NMS IoU ${SETTINGS.iou})`,
      `target ≤ 200 ms per image up to 2 MP with ≤ 20 faces: ${Math.round(oursLarge)} ms — ${oursLarge <= 200 ? 'met' : 'NOT met'}`,
      `target: Archipel at most half OpenCV's time per 2 MP image: OpenCV / Archipel = ×${(peerLarge / oursLarge).toFixed(2)} — ${peerLarge / oursLarge >= 2 ? 'met' : 'NOT met'}`,
      `Archipel: one blur of the rectangle holding all faces, composited through an ellipse mask; ${lanes} inference lane(s) (${lanes > 1 ? `this thread and ${lanes - 1} worker thread(s)` : 'this thread'}; ARCHIPEL_BLUR_LANES, else one per idle core beyond the first), ${lanes + 2} images in flight so that decoding and encoding overlap inference.`,
      `OpenCV: one cv2.GaussianBlur per box, images one after another; JPEG quality ${SETTINGS.quality}, PNG level ${SETTINGS.pngCompression} on both sides.`,
      ...(GNU_TIME
        ? [
            `cores in use on 2.1 MP images (CPU time ÷ wall time): Archipel ${(median(samples.oursLargeCpu) / oursLarge).toFixed(2)}, OpenCV ${(median(samples.peerLargeCpu) / peerLarge).toFixed(2)}; on small images: Archipel ${(median(samples.oursSmallCpu) / median(samples.oursSmall)).toFixed(2)}, OpenCV ${(median(samples.peerSmallCpu) / median(samples.peerSmall)).toFixed(2)}`,
          ]
        : []),
      `CPU time: the process's user + sys time (every thread), read with GNU time, same difference; it does not depend on the other work on the machine the way wall time does, and wall time below CPU time means more than one core at work.`,
      `per image, both sides: (T(${n}) − T(1)) / ${n - 1} from the wall times of fresh processes (start-up, model loading and the first image's warm-up cancel out); median of ${context.runs} runs, who goes first alternating.`,
    ],
  };
}
