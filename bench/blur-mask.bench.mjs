// Blur cost against the number of faces on one 2.1 MP image: Archipel blurs once (the rectangle
// holding every face) and composites through one mask of all regions; the peer is the usual
// loop, one blur per box (sharp extract + blur + copy back, the same library). Render step only:
// decoding, detection and encoding are the same for both and left out (the notes add the encode,
// and what the same blend costs done by libvips over the whole image).
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import { blurImageSets } from './lib/blurData.mjs';
import { compiledModule } from './lib/compiled.mjs';
import { median } from './lib/stats.mjs';

const require = createRequire(import.meta.url);
const sharp = require('sharp');

export const title = 'Blur cost against the number of faces (2.1 MP image, render step: effect, mask, blend)';

/** The engine as tsc compiles it (out/: compiled if missing or older than its sources). */
function engine(root) {
  return { render: compiledModule(root, 'engines/blur/render'), image: compiledModule(root, 'engines/blur/image') };
}

/** n faces of 40 × 50 px (a crowd seen from a few metres) on a grid over the image. */
function faces(n, width, height) {
  const cols = Math.ceil(Math.sqrt((n * width) / height));
  const rows = Math.ceil(n / cols);
  const list = [];
  for (let i = 0; i < n; i++) {
    const cx = ((i % cols) + 0.5) * (width / cols);
    const cy = (Math.floor(i / cols) + 0.5) * (height / rows);
    list.push({ class: 'face', score: 0.9, box: [cx - 20, cy - 25, cx + 20, cy + 25] });
  }
  return list;
}

/** The per-box loop: for each grown box, blur it (with context) and copy it back. */
async function perBox(image, detections, grow) {
  const { data, width, height, channels } = image;
  for (const d of detections) {
    const [x1, y1, x2, y2] = d.box;
    const cx = (x1 + x2) / 2;
    const cy = (y1 + y2) / 2;
    const hw = ((x2 - x1) * grow) / 2;
    const hh = ((y2 - y1) * grow) / 2;
    const left = Math.max(0, Math.floor(cx - hw));
    const top = Math.max(0, Math.floor(cy - hh));
    const w = Math.min(width, Math.ceil(cx + hw)) - left;
    const h = Math.min(height, Math.ceil(cy + hh)) - top;
    const sigma = Math.max(2, Math.min(w, h) / 5);
    const blurred = await sharp(data, { raw: { width, height, channels } }).extract({ left, top, width: w, height: h }).blur(sigma).raw().toBuffer();
    for (let y = 0; y < h; y++) blurred.copy(data, ((top + y) * width + left) * channels, y * w * channels, (y + 1) * w * channels);
  }
}

/**
 * The same anonymisation with the per-pixel blend in libvips instead of JavaScript: the effect
 * (shrunk, blurred) scaled back to full size, the mask joined as its alpha channel, composited
 * over the whole image. Cost: the image's area, whatever the number of regions. Measured to show
 * what that design would cost here; Archipel does not use it.
 */
async function vipsComposite(render, image, detections, grow) {
  const { data, width, height, channels } = image;
  const boxes = render.regionsOf(detections, grow, width, height);
  const whole = { left: 0, top: 0, width, height };
  const { sigma } = render.effectStrength(boxes);
  const factor = Math.max(1, Math.floor(sigma / 3));
  const raw = { raw: { width, height, channels } };
  const small = await sharp(data, raw).resize(Math.round(width / factor), Math.round(height / factor), { kernel: 'linear', fit: 'fill' }).blur(Math.max(0.5, sigma / factor)).raw().toBuffer({ resolveWithObject: true });
  const mask = Buffer.from(render.rasterMask(boxes, 'ellipse', whole).data.buffer);
  const overlay = await sharp(small.data, { raw: { width: small.info.width, height: small.info.height, channels: small.info.channels } })
    .resize(width, height, { kernel: 'linear', fit: 'fill' })
    .joinChannel(mask, { raw: { width, height, channels: 1 } })
    .raw()
    .toBuffer();
  return sharp(data, raw).composite([{ input: overlay, raw: { width, height, channels: channels + 1 }, left: 0, top: 0 }]).removeAlpha().raw().toBuffer();
}

/** @param {import('./run.mjs').BenchContext} context */
export async function run(context) {
  const { render, image: imageModule } = engine(context.root);
  const [file] = (await blurImageSets(1)).large;
  const bytes = (await import('node:fs')).readFileSync(file);
  const base = await imageModule.readImage(bytes, { maxPixels: 1e8 });
  const options = { method: 'gaussian', shape: 'ellipse', grow: 1.2, format: 'jpeg', quality: 90, pngCompression: 6, keepMetadata: false };
  const raw = { raw: { width: base.width, height: base.height, channels: base.channels } };
  const rows = [];
  const reps = context.tiny ? 1 : Math.max(7, context.runs * 2);
  const perCount = {};
  // Wall and CPU time (this process, every thread: the JavaScript blend and libvips' work) of one call.
  const measure = async (work) => {
    const cpu = process.cpuUsage();
    const started = performance.now();
    await work();
    const used = process.cpuUsage(cpu);
    return { wall: performance.now() - started, cpu: (used.user + used.system) / 1000 };
  };
  const encodes = [];
  for (let r = 0; r < reps; r++) encodes.push((await measure(() => sharp(base.data, raw).jpeg({ quality: 90, optimiseCoding: false }).toBuffer())).cpu);
  const encodeCpu = median(encodes);
  // One untimed pass of each first: the JIT warms up on the first count, not inside it.
  await render.applyRegions({ ...base, data: Buffer.from(base.data) }, faces(20, base.width, base.height), options);
  // Counts interleaved within each repetition: the machine's load drifts alike for all three.
  const counts = [2, 20, 250];
  const samples = Object.fromEntries(counts.map((n) => [n, { ours: [], oursCpu: [], peer: [], peerCpu: [], vipsCpu: [] }]));
  for (let r = 0; r < reps; r++) {
    for (const n of counts) {
      const detections = faces(n, base.width, base.height);
      const a = { ...base, data: Buffer.from(base.data) };
      const b = { ...base, data: Buffer.from(base.data) };
      const ours = await measure(() => render.applyRegions(a, detections, options));
      const peer = await measure(() => perBox(b, detections, options.grow));
      const vips = await measure(() => vipsComposite(render, base, detections, options.grow));
      samples[n].ours.push(ours.wall);
      samples[n].oursCpu.push(ours.cpu);
      samples[n].peer.push(peer.wall);
      samples[n].peerCpu.push(peer.cpu);
      samples[n].vipsCpu.push(vips.cpu);
    }
    context.progress(`repetition ${r + 1}/${reps} done`);
  }
  for (const n of counts) {
    perCount[n] = Object.fromEntries(Object.entries(samples[n]).map(([k, v]) => [k, median(v)]));
    rows.push({ name: `${n} faces, wall`, ours: perCount[n].ours, peer: perCount[n].peer });
    rows.push({ name: `${n} faces, CPU (user + sys)`, ours: perCount[n].oursCpu, peer: perCount[n].peerCpu });
  }
  return {
    peer: 'one blur per box (sharp)',
    rows,
    notes: [
      `250 faces cost ×${(perCount[250].oursCpu / perCount[2].oursCpu).toFixed(1)} the CPU time of 2 for Archipel (one blur pass, one mask), ×${(perCount[250].peerCpu / perCount[2].peerCpu).toFixed(1)} for the per-box loop`,
      `with the JPEG encode (${encodeCpu.toFixed(1)} ms CPU, the same for every count), producing the output costs ${counts.map((n) => `${(perCount[n].oursCpu + encodeCpu).toFixed(1)} ms`).join(', ')} of CPU for ${counts.join(', ')} faces — ×${((perCount[250].oursCpu + encodeCpu) / (perCount[2].oursCpu + encodeCpu)).toFixed(1)} from 2 to 250`,
      `the same blend done by libvips instead (effect scaled back to full size, mask joined as alpha, composite over the whole image, in float): ${counts.map((n) => `${perCount[n].vipsCpu.toFixed(1)} ms`).join(', ')} of CPU — flat, but dearer than the JavaScript blend even for 250 faces`,
      `median of ${reps} repetitions; CPU time is this process's (every thread), less sensitive than wall time to the other work on the machine; faces 40 × 50 px (grown ×1.2) spread on a grid over ${base.width} × ${base.height}: the blur runs once over the rectangle holding every face; what grows is the blend of the pixels the faces cover (250 faces cover 125× the area of 2, a quarter of the image)`,
    ],
  };
}
