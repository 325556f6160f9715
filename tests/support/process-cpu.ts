/**
 * CPU time per process group over a benchmark's load window, read from Linux's /proc (utime + stime):
 * on a machine whose speed drifts from hour to hour, CPU spent per event says more about the code than
 * events per second do. Elsewhere (no /proc) it reports nothing.
 */
import { readdirSync, readFileSync } from 'node:fs';

export type CpuGroups = Record<string, number>;

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

function ticksOf(pid: number | string): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return null;
  }
}

function commandOf(pid: string): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    return '';
  }
}

/** Ticks per group: the named processes, plus every PostgreSQL and Redis server process on the machine. */
function snapshot(named: Array<[group: string, pid: number | undefined]>): Map<string, { group: string; ticks: number }> {
  const out = new Map<string, { group: string; ticks: number }>();
  for (const [group, pid] of named) {
    const ticks = pid === undefined ? null : ticksOf(pid);
    if (ticks !== null) out.set(String(pid), { group, ticks });
  }
  let pids: string[] = [];
  try {
    pids = readdirSync('/proc').filter((p) => /^\d+$/.test(p));
  } catch {
    return out;
  }
  for (const pid of pids) {
    if (out.has(pid)) continue;
    const command = commandOf(pid);
    const group = command.startsWith('postgres') ? 'postgres' : command.includes('redis-server') ? 'redis' : null;
    const ticks = group ? ticksOf(pid) : null;
    if (group && ticks !== null) out.set(pid, { group, ticks });
  }
  return out;
}

/** Starts measuring; the returned function gives CPU seconds per group since then. */
export function measureCpu(named: Array<[group: string, pid: number | undefined]>): () => CpuGroups {
  const before = snapshot(named);
  return () => {
    const after = snapshot(named);
    const groups: CpuGroups = {};
    for (const [pid, { group, ticks }] of after) {
      const spent = ticks - (before.get(pid)?.ticks ?? 0);
      groups[group] = (groups[group] ?? 0) + spent / TICKS_PER_SECOND;
    }
    return groups;
  };
}

/** CPU microseconds per event for each group, rounded. */
export function perEvent(groups: CpuGroups, events: number): Record<string, number> {
  return Object.fromEntries(Object.entries(groups).map(([g, s]) => [g, events > 0 ? Math.round((s * 1e6) / events) : 0]));
}
