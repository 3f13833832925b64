/**
 * Summarises a V8 .cpuprofile (`node --cpu-prof`): the functions with the most self time, the
 * most inclusive time (time with the function anywhere on the stack, counted once per sample even
 * when it recurses), and self time by area (our files, undici, Node's http/net/stream internals,
 * GC). Optionally only the samples inside a window of the monotonic clock, so start-up and
 * deployment are left out (bench/profile.ts passes the load's start and end).
 *
 *   npx tsx bench/profile-summary.ts <file.cpuprofile> [--top 25] [--from-us N --to-us N] [--samples]
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}

export interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface Row {
  name: string;
  ms: number;
  percent: number;
}

export interface ProfileSummary {
  /** Sampled time in the window, in ms, and how much of it V8 spent idle (waiting in epoll). */
  totalMs: number;
  idleMs: number;
  self: Row[];
  inclusive: Row[];
  areas: Row[];
  /**
   * Each sample charged to the nearest Gatehouse function (src/) on its stack, so a stage's row
   * includes the Node and library code it called; socket writes (the syscall, which on loopback
   * also runs the receiver's TCP stack and wakes it) and GC apart; samples with no src/ frame go
   * to their area (Node's HTTP parser, undici's response parsing, the event loop).
   */
  owners: Row[];
}

/** Native leaves that are a socket write: the syscall itself. */
const SOCKET_WRITES = new Set(['writev', 'writeLatin1String', 'writeUtf8String', 'writeBuffer', 'writeAsciiString', 'writeUcs2String']);

const SPECIAL = new Set(['(idle)', '(program)', '(garbage collector)', '(root)']);

function shortUrl(url: string): string {
  if (!url) return '';
  const path = url.startsWith('file://') ? fileURLToPath(url) : url;
  const nm = path.lastIndexOf('node_modules/');
  if (nm >= 0) return path.slice(nm + 'node_modules/'.length);
  const src = path.search(/\/(src|bench|bin)\//);
  return src >= 0 ? path.slice(src + 1) : path;
}

function frameName(node: ProfileNode): string {
  const { functionName, url, lineNumber } = node.callFrame;
  if (SPECIAL.has(functionName)) return functionName;
  const where = shortUrl(url);
  // Our TypeScript runs through tsx, whose output does not keep the source's line numbers: name the file only.
  const line = /^(src|bench|bin)\//.test(where) ? '' : `:${lineNumber + 1}`;
  return `${functionName || '(anonymous)'} ${where ? `${where}${line}` : '(native)'}`;
}

/** Which part of the stack a frame belongs to, for the by-area table. */
export function area(url: string, functionName: string): string {
  if (functionName === '(garbage collector)') return 'GC';
  if (functionName === '(program)') return '(program: V8/native, not attributed)';
  if (functionName === '(idle)') return '(idle)';
  const u = shortUrl(url);
  if (!u) return 'native (builtins, no JS frame)';
  if (u.startsWith('src/gateway/vtl/')) return 'src/gateway/vtl (templates)';
  if (u.startsWith('src/gateway/')) return 'src/gateway (pipeline)';
  if (u.startsWith('src/server/')) return 'src/server (listener, classify)';
  if (u.startsWith('src/aws/')) return 'src/aws (SigV4 parse, ids)';
  if (u.startsWith('src/')) return 'src/ (other)';
  if (u.startsWith('undici/')) return 'undici (upstream client)';
  if (u.startsWith('velocityjs/')) return 'velocityjs';
  if (u.startsWith('tsx/') || u.startsWith('esbuild/')) return 'tsx loader';
  if (u.startsWith('node:internal/http') || u.startsWith('node:_http') || u === 'node:http') return 'node http (server side)';
  if (/^node:(internal\/)?(net|stream|streams|tcp_wrap|dns)/.test(u) || u.startsWith('node:internal/stream_base_commons')) return 'node net/stream';
  if (u.startsWith('node:internal/timers') || u.startsWith('node:internal/process/task_queues') || u.startsWith('node:internal/async_hooks')) return 'node timers/microtasks';
  if (u.startsWith('node:internal/url') || u === 'node:url') return 'node URL / URLSearchParams';
  if (u.startsWith('node:internal/crypto') || u === 'node:crypto') return 'node crypto (ids)';
  if (u.startsWith('node:buffer') || u.startsWith('node:internal/buffer')) return 'node buffer';
  if (u.startsWith('node:')) return `node other (${u.replace(/^node:(internal\/)?/, '').split('/')[0]})`;
  return u.split('/')[0];
}

/**
 * `bySamples`: weigh every sample the same (the sampling interval) instead of by the time to the
 * next sample. V8 samples on a wall clock: when the process is descheduled (another process runs,
 * often right after a write woke it), the gap is charged to whatever was on the stack, usually a
 * write syscall; counting samples charges on-CPU work only.
 */
export function summarise(profile: CpuProfile, options: { top?: number; fromUs?: number; toUs?: number; bySamples?: boolean } = {}): ProfileSummary {
  const top = options.top ?? 25;
  const byId = new Map<number, ProfileNode>();
  const parent = new Map<number, number>();
  for (const n of profile.nodes) {
    byId.set(n.id, n);
    for (const c of n.children ?? []) parent.set(c, n.id);
  }
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  const areas = new Map<string, number>();
  const owners = new Map<string, number>();
  let total = 0;
  let idle = 0;
  // timeDeltas[i] is the time since the previous sample; sample i's time is attributed to it.
  let t = profile.startTime;
  const interval = options.bySamples ? medianDelta(profile.timeDeltas) : 0;
  for (let i = 0; i < profile.samples.length; i++) {
    t += profile.timeDeltas[i];
    const dt = options.bySamples ? interval : (profile.timeDeltas[i + 1] ?? 0);
    if (options.fromUs !== undefined && t < options.fromUs) continue;
    if (options.toUs !== undefined && t > options.toUs) continue;
    const node = byId.get(profile.samples[i])!;
    total += dt;
    if (node.callFrame.functionName === '(idle)') {
      idle += dt;
      continue;
    }
    const name = frameName(node);
    self.set(name, (self.get(name) ?? 0) + dt);
    const a = area(node.callFrame.url, node.callFrame.functionName);
    areas.set(a, (areas.get(a) ?? 0) + dt);
    const owner = ownerOf(node, byId, parent) ?? (SOCKET_WRITES.has(node.callFrame.functionName) && !node.callFrame.url ? 'socket write (syscall)' : `(no src/ frame) ${a}`);
    owners.set(owner, (owners.get(owner) ?? 0) + dt);
    const seen = new Set<string>();
    for (let id: number | undefined = node.id; id !== undefined; id = parent.get(id)) {
      const frame = byId.get(id)!;
      if (frame.callFrame.functionName === '(root)') break;
      const key = frameName(frame);
      if (seen.has(key)) continue;
      seen.add(key);
      inclusive.set(key, (inclusive.get(key) ?? 0) + dt);
    }
  }
  const busy = total - idle;
  const rows = (m: Map<string, number>, n: number): Row[] =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([name, us]) => ({ name, ms: Math.round(us / 100) / 10, percent: busy > 0 ? Math.round((us / busy) * 1000) / 10 : 0 }));
  return {
    totalMs: Math.round(total / 1000),
    idleMs: Math.round(idle / 1000),
    self: rows(self, top),
    inclusive: rows(inclusive, top),
    areas: rows(areas, 100),
    owners: rows(owners, top),
  };
}

function ownerOf(leaf: ProfileNode, byId: Map<number, ProfileNode>, parent: Map<number, number>): string | undefined {
  const { functionName, url } = leaf.callFrame;
  if (functionName === '(garbage collector)') return 'GC';
  if (SOCKET_WRITES.has(functionName) && !url) return 'socket write (syscall)';
  for (let id: number | undefined = leaf.id; id !== undefined; id = parent.get(id)) {
    const frame = byId.get(id)!;
    if (/^(src)\//.test(shortUrl(frame.callFrame.url))) return frameName(frame);
  }
  return undefined;
}

function medianDelta(deltas: number[]): number {
  const sorted = deltas.filter((d) => d > 0).sort((a, b) => a - b);
  return sorted.length ? sorted[Math.floor(sorted.length / 2)] : 0;
}

/**
 * `cpuUsPerReq`: the process's CPU per request over the same window; when given, each row also
 * shows its share of it (main-thread share x process CPU: an estimate, the process has helper
 * threads too).
 */
export function formatSummary(s: ProfileSummary, cpuUsPerReq?: number): string {
  const lines: string[] = [];
  lines.push(`sampled ${s.totalMs} ms, idle ${s.idleMs} ms; percentages are of the ${s.totalMs - s.idleMs} ms not idle`);
  if (cpuUsPerReq) lines.push(`"~us/req" = share x the process's ${cpuUsPerReq.toFixed(1)} us CPU per request (an estimate)`);
  const table = (title: string, rows: Row[]) => {
    lines.push('', title);
    for (const r of rows) {
      const perReq = cpuUsPerReq ? `  ${((r.percent / 100) * cpuUsPerReq).toFixed(2).padStart(6)} ~us/req` : '';
      lines.push(`  ${r.percent.toFixed(1).padStart(5)}%  ${r.ms.toFixed(1).padStart(8)} ms${perReq}  ${r.name}`);
    }
  };
  table('self time by area', s.areas);
  table('time by nearest Gatehouse function (src/), with what it called', s.owners);
  table('self time, top functions', s.self);
  table('inclusive time, top functions', s.inclusive);
  return lines.join('\n');
}

function main(argv: string[]): void {
  const file = argv.find((a) => !a.startsWith('--') && !/^\d+$/.test(a));
  if (!file) {
    console.error('usage: npx tsx bench/profile-summary.ts <file.cpuprofile> [--top 25] [--from-us N --to-us N] [--samples]');
    process.exit(2);
  }
  const flag = (name: string) => {
    const i = argv.indexOf(name);
    return i >= 0 ? Number(argv[i + 1]) : undefined;
  };
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  console.log(formatSummary(summarise(profile, { top: flag('--top'), fromUs: flag('--from-us'), toUs: flag('--to-us'), bySamples: argv.includes('--samples') })));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main(process.argv.slice(2));
