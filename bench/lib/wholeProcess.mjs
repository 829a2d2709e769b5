// What a whole-process row of `npm run bench` says beside its times (#68, "benchmarks that tell the
// truth"): each side's CPU time (user + system) ÷ its wall time, and the load average when the row's
// measuring began and ended. On a 2-core machine shared with other work, a process whose threads
// could overlap (blur: libvips beside the main thread) runs on one core when no second core is free:
// its wall then equals its CPU, and the wall ratio measures the neighbours as much as the program.

/** Archipel's CPU ÷ wall at or above which a whole-process row is flagged: its threads never ran on two cores at once. */
export const ONE_CORE_SHARE = 0.95;

/** The note under a table with whole-process rows. */
export const WHOLE_PROCESS_NOTE =
  "CPU ÷ wall: user + system CPU time of the row's whole processes over their wall time (above 1: threads on two cores at once; CPU is counted in 10 ms steps, coarse for a process of under ~100 ms); load avg: the 1-minute load average when the row's measuring began → ended (the benchmark's whole run for rows measured in alternation)";

/** CPU ÷ wall of one side, or undefined when either is not a measured number (a peer not installed: NaN). */
export function cpuShare(cpuMs, wallMs) {
  return Number.isFinite(cpuMs) && Number.isFinite(wallMs) && wallMs > 0 && cpuMs >= 0 ? cpuMs / wallMs : undefined;
}

/**
 * The whole-process cells of a row (`{ ours, peer, cpuMs?: { ours, peer }, load?: { start, end } }`):
 * each side's CPU ÷ wall, Archipel's marked ⚑ at ONE_CORE_SHARE or above, and the load average at the
 * start and end of its measuring (`benchLoad`, the benchmark's, when the row gives none). Empty cells
 * for a row that is not whole processes (no cpuMs).
 */
export function wholeProcessCells(row, benchLoad) {
  if (!row.cpuMs) return { share: '', load: '', flagged: false };
  const ours = cpuShare(row.cpuMs.ours, row.ours);
  const peer = cpuShare(row.cpuMs.peer, row.peer);
  const flagged = ours !== undefined && ours >= ONE_CORE_SHARE;
  const format = (x) => (x === undefined ? '—' : x.toFixed(2));
  const loadOf = row.load ?? benchLoad;
  return { share: `${format(ours)}${flagged ? ' ⚑' : ''} / ${format(peer)}`, load: `${loadOf.start.toFixed(2)} → ${loadOf.end.toFixed(2)}`, flagged, ours, loadOf };
}

/** CPU ÷ wall below which a flagged process used one core at a time (above: two, part of the time). */
const TWO_CORES_SHARE = 1.05;

/** The line under the table that explains a flagged row. */
export function oneCoreFlag(name, cells, cores) {
  const how =
    cells.ours < TWO_CORES_SHARE
      ? 'its threads never ran on two cores at once — no second core was free, or its work is serial'
      : 'its CPU kept pace with its wall, its threads on two cores only part of the time';
  return `⚑ ${name.trim()}: Archipel's CPU ÷ wall ${cells.ours.toFixed(2)} ≥ ${ONE_CORE_SHARE} (load ${cells.loadOf.start.toFixed(2)} → ${cells.loadOf.end.toFixed(2)} on ${cores} cores): ${how}; its wall is bound by the cores the load left it (a free core could only shorten it), so the wall ratio is a lower bound that depends on the load — compare the CPU times`;
}
