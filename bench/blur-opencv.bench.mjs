// The same anonymisation job — UltraFace face detection, NMS, Gaussian blur, JPEG/PNG out — done
// by `archipel blur` and by a Python + OpenCV script (bench/blur/opencv_blur.py, Debian's
// python3-opencv: cv2.dnn, one GaussianBlur per box), over the same images, in the same run.
//
//   whole job     wall time of each command, start-up included
//   per image     start-up and model loading excluded, measured the same way on both sides:
//                 (T(n) − T(1)) / (n − 1) from the wall times of two fresh processes, one given
//                 n images and one given the first of them (each side's warm-up of its first
//                 image cancels out; the script's own loop timer is not used).
//   real photos   the same two measures on bench/blur/photos (twelve photographs of 0.27–12.2 MP from
//                 public repositories, see its PROVENANCE.md) and the four test fixtures: the whole
//                 job over all sixteen, then per image by size class, (T(1 + k·r) − T(1)) / (k·r) with
//                 the class's k photos repeated r times behind one warm-up photo.
//   small photos  the whole job over every real photo under 1 MP (bench/blur/photos' and the
//                 fixtures), each once, start-up included: what a user blurring a folder of small
//                 pictures waits for (#54's target: half OpenCV's time), wall and CPU.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import { ensureSystemDeps } from '../scripts/lib/system-deps.mjs';
import { peerOrSkip } from './lib/tiny.mjs';
import { blurImageSets, ultraface } from './lib/blurData.mjs';
import { compiledModule } from './lib/compiled.mjs';
import { repoRoot } from './lib/fixtures.mjs';
import { median } from './lib/stats.mjs';

const require = createRequire(import.meta.url);


export const title = 'Face blurring — archipel blur vs Python + OpenCV, same model (UltraFace), same images';

const PYTHON = '/usr/bin/python3';
const SETTINGS = { threshold: 0.7, iou: 0.45, grow: 1.2, quality: 90, pngCompression: 6 };

function opencvVersion() {
  const r = spawnSync(PYTHON, ['-c', 'import cv2; print(cv2.__version__)'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

/** GNU time, to read each command's CPU time (user + sys, its threads included): load-independent where wall time is not. */
const GNU_TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;

/** Runs a command to completion; returns its wall time, its CPU time, peak RSS and minor page faults (when GNU time is there) and stdout. */
function timed(command, args) {
  const usage = path.join(os.tmpdir(), `archipel-bench-time-${process.pid}.txt`);
  const [file, argv] = GNU_TIME ? [GNU_TIME, ['-f', '%U %S %M %R', '-o', usage, command, ...args]] : [command, args];
  const started = performance.now();
  const r = spawnSync(file, argv, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const ms = performance.now() - started;
  if (r.status !== 0 && r.status !== 1) throw new Error(`${path.basename(command)} ${args.slice(0, 2).join(' ')} failed (${r.status}): ${r.stderr}`);
  let cpuMs = NaN;
  let rssMb = NaN;
  let faults = NaN;
  if (GNU_TIME) {
    const [user, sys, maxKb, minor] = readFileSync(usage, 'utf8').trim().split('\n').pop().split(' ').map(Number);
    cpuMs = (user + sys) * 1000;
    rssMb = maxKb / 1024;
    faults = minor;
    rmSync(usage, { force: true });
  }
  return { ms, cpuMs, rssMb, faults, stdout: r.stdout };
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

const PHOTOS = path.join(repoRoot, 'bench', 'blur', 'photos');
const FIXTURE_IMAGES = path.join(repoRoot, 'server', 'test', 'fixtures', 'images');
const FIXTURES = ['messi5.jpg', 'licenseplate_motion.jpg', 'basketball1.png', 'city-crossing.jpg'];

/** Megapixels, one decimal below 10 (two below 1). @param {number} mp */
const formatMp = (mp) => mp.toFixed(mp < 1 ? 2 : 1);

/**
 * The real-photo sets, copied byte for byte under `root` (the originals stay untouched; both sides
 * name their outputs after the input, so each copy has a name of its own):
 *   job      the photos of bench/blur/photos and the four test fixtures, smallest first
 *   classes  per size class of bench/blur/photos, a warm-up photo (a copy of the class's first) and
 *            the class's photos repeated until there are at least `images` of them: enough work
 *            (~0.5 s and more per side) that T(1 + k·r) − T(1) is not lost in the noise of two
 *            start-ups on a busy machine (6 images under 1 MP gave negative medians at load 12)
 * @param {string} root
 */
async function realPhotoSets(root, tiny = false) {
  const sharp = require('sharp');
  const dir = path.join(root, 'real');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const describe = async (file) => {
    const { width = 0, height = 0 } = await sharp(file).metadata();
    return { file, name: path.basename(file), mp: (width * height) / 1e6, bytes: statSync(file).size };
  };
  const photos = await Promise.all(
    readdirSync(PHOTOS)
      .filter((f) => /\.(jpe?g|png)$/i.test(f))
      .map((f) => describe(path.join(PHOTOS, f))),
  );
  const fixtures = await Promise.all(FIXTURES.map((f) => describe(path.join(FIXTURE_IMAGES, f))));
  if (photos.length === 0) throw new Error(`no photos in ${PHOTOS}`);
  const bySize = (a, b) => a.mp - b.mp;
  photos.sort(bySize);
  const copy = (photo, name) => {
    const target = path.join(dir, name);
    copyFileSync(photo.file, target);
    return target;
  };
  // --tiny: the smallest photo and one fixture, one image per class.
  if (tiny) photos.splice(1);
  const jobPhotos = [...photos, ...(tiny ? fixtures.slice(0, 1) : fixtures)].sort(bySize);
  const job = jobPhotos.map((p) => copy(p, `job-${p.name}`));
  const smallPhotos = jobPhotos.filter((p) => p.mp < 1);
  const small = smallPhotos.map((p) => copy(p, `small-${p.name}`));
  const classes = [
    { label: 'up to 1 MP', test: (mp) => mp < 1, images: 24 },
    { label: '1–5 MP', test: (mp) => mp >= 1 && mp < 5, images: 12 },
    { label: '5 MP and more', test: (mp) => mp >= 5, images: 6 },
  ]
    .map((c) => ({ ...c, images: tiny ? 1 : c.images, photos: photos.filter((p) => c.test(p.mp)) }))
    .filter((c) => c.photos.length > 0)
    .map((c, i) => {
      const repeats = Math.ceil(c.images / c.photos.length);
      const warm = copy(c.photos[0], `c${i}-warm-${c.photos[0].name}`);
      const images = [];
      for (let r = 0; r < repeats; r++) for (const p of c.photos) images.push(copy(p, `c${i}-${r}-${p.name}`));
      return { label: c.label, photos: c.photos, warm, images, repeats };
    });
  return { job, jobPhotos, small, smallPhotos, photos, classes };
}

/** @param {import('./run.mjs').BenchContext} context */
export async function run(context) {
  const skipped = [];
  // --tiny installs nothing: without OpenCV, the peer's cells stay empty.
  if (!opencvVersion() && !context.tiny) {
    context.progress('installing python3-opencv (Debian) for the OpenCV peer');
    ensureSystemDeps({ packages: ['python3-opencv'], quiet: true });
  }
  const cv = opencvVersion();
  if (!cv && !context.tiny) throw new Error(`${PYTHON} cannot import cv2 even after installing python3-opencv`);
  const hasPeer = peerOrSkip(context, Boolean(cv), `${PYTHON} cannot import cv2 (Debian: python3-opencv)`, skipped);

  const n = context.tiny ? 2 : 12;
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
    const { ms, cpuMs, rssMb, faults, stdout } = timed(process.execPath, [cli, 'blur', ...files, '--config', configFile, '--out', out, '--format', 'json']);
    const results = JSON.parse(stdout);
    const failed = results.filter((r) => r.error);
    if (failed.length) throw new Error(`archipel blur failed on ${failed[0].file}: ${failed[0].error}`);
    // Results come sorted by file, not in the order given: `named` maps each input's name to its count.
    const named = Object.fromEntries(results.map((r) => [path.basename(r.file), r.detections.length]));
    return { ms, cpuMs, rssMb, faults, faces: results.map((r) => r.detections.length), named, bytes: outputBytes(out) };
  };
  const peer = (files) => {
    if (!hasPeer) return { ms: NaN, cpuMs: NaN, rssMb: NaN, faults: NaN, faces: [], named: {}, stagesMs: { read: 0, detect: 0, blur: 0, write: 0 }, blurMs: {}, bytes: {} };
    rmSync(out, { recursive: true, force: true });
    mkdirSync(out, { recursive: true });
    const { ms, cpuMs, rssMb, faults, stdout } = timed(PYTHON, [path.join(context.root, 'bench', 'blur', 'opencv_blur.py'), ultraface, out, ...Object.values(SETTINGS).map(String), ...files]);
    const report = JSON.parse(stdout.trim().split('\n').pop());
    const named = Object.fromEntries(files.map((f, i) => [path.basename(f), report.faces[i]]));
    // The script's own CPU split (process time per stage), to say where OpenCV's time goes.
    const blurMs = Object.fromEntries(files.map((f, i) => [path.basename(f), report.blur_cpu[i] * 1000]));
    return { ms, cpuMs, rssMb, faults, faces: report.faces, named, stagesMs: report.cpu, blurMs, bytes: outputBytes(out) };
  };

  const mixed = [...sets.large.slice(0, n / 2), ...sets.small.slice(0, n / 2)];
  const real = await realPhotoSets(sets.root, context.tiny);
  const realSamples = {
    oursJob: [],
    peerJob: [],
    oursJobCpu: [],
    peerJobCpu: [],
    oursJobRss: [],
    peerJobRss: [],
    oursJobFaults: [],
    peerJobFaults: [],
    classes: real.classes.map(() => ({ ours: [], peer: [], oursCpu: [], peerCpu: [] })),
    small: { ours: [], peer: [], oursCpu: [], peerCpu: [], oursFaults: [], peerFaults: [] },
  };
  /** @type {{ ours: Record<string, number>, peer: Record<string, number> }} */
  let realFaces = { ours: {}, peer: {} };
  let realBytes = { ours: {}, peer: {} };
  /** OpenCV's CPU per stage over the real whole job (seconds), and its blur CPU per photo (ms): the last run's. */
  let peerStages = { read: 0, detect: 0, blur: 0, write: 0 };
  /** @type {Record<string, number>} */
  let peerBlurMs = {};
  const samples = { oursJob: [], peerJob: [], oursLarge: [], peerLarge: [], oursSmall: [], peerSmall: [], oursLargeCpu: [], peerLargeCpu: [], oursSmallCpu: [], peerSmallCpu: [], oursJobCpu: [], peerJobCpu: [], oursJobFaults: [], peerJobFaults: [] };
  let faces = { ours: [], peer: [] };
  let bytes = { ours: {}, peer: {} };
  for (let r = 0; r < context.runs; r++) {
    context.progress(`run ${r + 1}/${context.runs}`);
    // Alternate who goes first: the other engineers' load on the machine drifts.
    const pair = (a, b) => (r % 2 ? [b(), a()].reverse() : [a(), b()]);
    const [oj, pj] = pair(() => ours(mixed), () => peer(mixed));
    samples.oursJob.push(oj.ms);
    samples.peerJob.push(pj.ms);
    samples.oursJobCpu.push(oj.cpuMs);
    samples.peerJobCpu.push(pj.cpuMs);
    samples.oursJobFaults.push(oj.faults);
    samples.peerJobFaults.push(pj.faults);
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
    // Real photos: the whole job, then per image by size class.
    const [orj, prj] = pair(() => ours(real.job), () => peer(real.job));
    realSamples.oursJob.push(orj.ms);
    realSamples.peerJob.push(prj.ms);
    realSamples.oursJobCpu.push(orj.cpuMs);
    realSamples.peerJobCpu.push(prj.cpuMs);
    realSamples.oursJobRss.push(orj.rssMb);
    realSamples.peerJobRss.push(prj.rssMb);
    realSamples.oursJobFaults.push(orj.faults);
    realSamples.peerJobFaults.push(prj.faults);
    realFaces = { ours: orj.named, peer: prj.named };
    // The photos under 1 MP, each once, whole processes.
    const [os1, ps1] = pair(() => ours(real.small), () => peer(real.small));
    realSamples.small.ours.push(os1.ms);
    realSamples.small.peer.push(ps1.ms);
    realSamples.small.oursCpu.push(os1.cpuMs);
    realSamples.small.peerCpu.push(ps1.cpuMs);
    realSamples.small.oursFaults.push(os1.faults);
    realSamples.small.peerFaults.push(ps1.faults);
    const disagree = real.small.map((f) => path.basename(f)).filter((name) => hasPeer && os1.named[name] !== ps1.named[name]);
    if (disagree.length > 0) throw new Error(`faces found differ between Archipel and OpenCV on ${disagree.join(', ')}`);
    realBytes = { ours: orj.bytes, peer: prj.bytes };
    peerStages = prj.stagesMs;
    peerBlurMs = prj.blurMs;
    real.classes.forEach((c, i) => {
      const perImage = (side) => {
        const one = side([c.warm]);
        const all = side([c.warm, ...c.images]);
        return { ms: (all.ms - one.ms) / c.images.length, cpuMs: (all.cpuMs - one.cpuMs) / c.images.length };
      };
      const [o, p] = pair(() => perImage(ours), () => perImage(peer));
      const bucket = realSamples.classes[i];
      bucket.ours.push(o.ms);
      bucket.peer.push(p.ms);
      bucket.oursCpu.push(o.cpuMs);
      bucket.peerCpu.push(p.cpuMs);
    });
  }
  // A whole-job row's CPU and minor page faults (bench/run.mjs prints CPU ÷ wall and flags a job that never had two cores), when GNU time measured them.
  const whole = (oursCpu, peerCpu, oursFaults, peerFaults) => (GNU_TIME ? { cpuMs: { ours: median(oursCpu), peer: median(peerCpu) }, faults: { ours: median(oursFaults), peer: median(peerFaults) } } : {});
  const oursLarge = median(samples.oursLarge);
  const peerLarge = median(samples.peerLarge);
  const realJob = { ours: median(realSamples.oursJob), peer: median(realSamples.peerJob) };
  const realJobCpu = { ours: median(realSamples.oursJobCpu), peer: median(realSamples.peerJobCpu) };
  const jobMp = real.jobPhotos.map((p) => p.mp);
  const smallJob = { ours: median(realSamples.small.ours), peer: median(realSamples.small.peer) };
  const smallMp = real.smallPhotos.map((p) => p.mp);
  const jobMb = real.jobPhotos.reduce((sum, p) => sum + p.bytes, 0) / 2 ** 20;
  const realRows = [
    {
      name: `real photos, whole job: ${real.job.length} photos of ${formatMp(Math.min(...jobMp))}–${formatMp(Math.max(...jobMp))} MP (${jobMb.toFixed(1)} MB; bench/blur/photos and the ${FIXTURES.length} fixtures), start-up included`,
      ...realJob,
      ...whole(realSamples.oursJobCpu, realSamples.peerJobCpu, realSamples.oursJobFaults, realSamples.peerJobFaults),
    },
    ...(GNU_TIME ? [{ name: 'real photos, whole job: CPU time (user + sys)', ...realJobCpu }] : []),
    ...(real.small.length > 0
      ? [
          { name: `real photos under 1 MP, whole job: ${real.small.length} photos of ${formatMp(Math.min(...smallMp))}–${formatMp(Math.max(...smallMp))} MP, each once, start-up included`, ...smallJob, ...whole(realSamples.small.oursCpu, realSamples.small.peerCpu, realSamples.small.oursFaults, realSamples.small.peerFaults) },
          ...(GNU_TIME ? [{ name: 'real photos under 1 MP, whole job: CPU time (user + sys)', ours: median(realSamples.small.oursCpu), peer: median(realSamples.small.peerCpu) }] : []),
        ]
      : []),
    ...real.classes.flatMap((c, i) => {
      const b = realSamples.classes[i];
      const label = `${c.label} (${c.photos.map((p) => formatMp(p.mp)).join(', ')} MP; ${c.images.length} images)`;
      return [
        { name: `real photos, per image: ${label}`, ours: median(b.ours), peer: median(b.peer) },
        ...(GNU_TIME ? [{ name: `real photos, CPU time per image: ${c.label}`, ours: median(b.oursCpu), peer: median(b.peerCpu) }] : []),
      ];
    }),
  ];
  return {
    peer: `Python ${spawnSync(PYTHON, ['--version'], { encoding: 'utf8' }).stdout.trim().replace('Python ', '')} + OpenCV ${cv ?? '(skipped)'}`,
    rows: [
      { name: `whole job: ${mixed.length} images (6 × 2.1 MP JPEG, 6 small JPEG/PNG), start-up included`, ours: median(samples.oursJob), peer: median(samples.peerJob), ...whole(samples.oursJobCpu, samples.peerJobCpu, samples.oursJobFaults, samples.peerJobFaults) },
      { name: 'per image: 2.1 MP JPEG, ~20 faces', ours: oursLarge, peer: peerLarge },
      { name: 'per image: 0.2–0.3 MP JPEG and PNG', ours: median(samples.oursSmall), peer: median(samples.peerSmall) },
      ...(GNU_TIME
        ? [
            { name: 'CPU time (user + sys) per image: 2.1 MP JPEG', ours: median(samples.oursLargeCpu), peer: median(samples.peerLargeCpu) },
            { name: 'CPU time (user + sys) per image: 0.2–0.3 MP', ours: median(samples.oursSmallCpu), peer: median(samples.peerSmallCpu) },
          ]
        : []),
      ...realRows,
    ],
    notes: [
      ...skipped,
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
      `real photos (bench/blur/photos/PROVENANCE.md: sources, licences): ${real.jobPhotos.map((p, i) => `${p.name} ${formatMp(p.mp)} MP, faces ${realFaces.ours[path.basename(real.job[i])]}/${realFaces.peer[path.basename(real.job[i])]}`).join('; ')} (faces: Archipel/OpenCV).`,
      `real photos, target Archipel at most half OpenCV's time for the whole job: OpenCV / Archipel = ×${(realJob.peer / realJob.ours).toFixed(2)} by wall time${GNU_TIME ? `, ×${(realJobCpu.peer / realJobCpu.ours).toFixed(2)} by CPU time` : ''} — ${realJob.peer / realJob.ours >= 2 ? 'met' : 'NOT met'}`,
      ...(GNU_TIME
        ? [
            `real photos, whole job: peak RSS Archipel ${Math.round(median(realSamples.oursJobRss))} MB, OpenCV ${Math.round(median(realSamples.peerJobRss))} MB; output ${Object.keys(realBytes.peer)
              .sort()
              .map((ext) => `${ext} Archipel ${Math.round((realBytes.ours[ext] ?? 0) / 1024)} KB, OpenCV ${Math.round(realBytes.peer[ext] / 1024)} KB`)
              .join('; ')}.`,
          ]
        : []),
      (() => {
        const [worst, worstMs] = Object.entries(peerBlurMs).sort((a, b) => b[1] - a[1])[0] ?? ['—', 0];
        const ms = (seconds) => `${Math.round(seconds * 1000)} ms`;
        return `real photos, whole job, OpenCV's own CPU by stage (its script's process time, last run): read ${ms(peerStages.read)}, detect ${ms(peerStages.detect)}, blur ${ms(peerStages.blur)} (${Math.round(worstMs)} ms of it on ${worst.replace(/^job-/, '')}: one GaussianBlur per box costs, per pixel, in proportion to its sigma (box / 5), over an area that grows with the box: large faces dominate), write ${ms(peerStages.write)}; Archipel blurs a shrunk copy of the faces' rectangle, whose cost per pixel does not grow with the sigma.`;
      })(),
      ...(real.small.length > 0
        ? [`real photos under 1 MP, target Archipel at most half OpenCV's time for the whole job (#54): OpenCV / Archipel = ×${(smallJob.peer / smallJob.ours).toFixed(2)} by wall time${GNU_TIME ? `, ×${(median(realSamples.small.peerCpu) / median(realSamples.small.oursCpu)).toFixed(2)} by CPU time` : ''} — ${smallJob.peer / smallJob.ours >= 2 ? 'met' : 'NOT met'}; faces found identical on both sides (checked every run).`]
        : []),
      `real photos, per image: (T(1 + k·r) − T(1)) / (k·r), the class's k photos repeated r times (${real.classes.map((c) => `${c.label}: r = ${c.repeats}`).join(', ')}) behind a warm-up copy of its first photo, fresh processes, medians of ${context.runs} runs.`,
    ],
  };
}
