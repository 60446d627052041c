// How much memory a server holds, from Linux's /proc. Not only the launched process: `npm start`,
// `npx tsx src/server.ts` and the `tsx` command are wrappers whose child process is the server, so
// what counts is the launched process and every process it started.
import { readFileSync } from 'node:fs';
import { allProcesses } from './leftovers.ts';

/** The process and all its descendants, found by their parent pids. */
function processTree(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const { pid, parent } of allProcesses()) {
    children.set(parent, [...(children.get(parent) ?? []), pid]);
  }
  const tree = [root];
  for (let i = 0; i < tree.length; i++) tree.push(...(children.get(tree[i] as number) ?? []));
  return tree;
}

/** Peak resident memory (VmHWM) of each process of the tree, in bytes, by pid. */
export function peakMemoryOfTree(root: number): Map<number, number> {
  const peaks = new Map<number, number>();
  for (const pid of processTree(root)) {
    let status: string;
    try {
      status = readFileSync(`/proc/${pid}/status`, 'utf8');
    } catch {
      continue; // it exited while we looked: its memory is gone with it
    }
    const kib = /VmHWM:\s+(\d+) kB/.exec(status)?.[1];
    if (kib) peaks.set(pid, Number(kib) * 1024); // a zombie has none
  }
  if (!peaks.has(root)) throw new Error(`no VmHWM in /proc/${root}/status: is it running?`);
  return peaks;
}

/**
 * How much the tree's peak memory grew between two measures: each process's growth, added up (a
 * process started in between counts whole). The kernel keeps each process's peak exactly, so no
 * peak is missed between samples; adding peaks that may have come at different times can only
 * overstate the tree's growth, and is exact when one process (the server) grows while the others
 * (wrappers) stay flat.
 */
export function peakGrowth(before: Map<number, number>, after: Map<number, number>): number {
  let growth = 0;
  for (const [pid, peak] of after) growth += peak - (before.get(pid) ?? 0);
  return growth;
}
