/**
 * `gatehouse dr <command>`: the disaster-recovery commands (index.ts does the work).
 * Long operations draw a progress line on a terminal (stderr, progress.ts); --json prints one
 * JSON document per result, and `watch --json` one JSON line per cycle.
 */
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { DEFAULT_CONFIG_FILE, DisasterRecovery, DR_MODES, readConfig, writeConfig, type DrConfig, type DrMode, type RunResult, type StatusReport, type WatchCycle } from './index.js';
import type { SideConfig } from './model.js';
import { countCalls, ProgressLine } from './progress.js';

export const DR_USAGE = `Usage: gatehouse dr <command> [options]

Commands:
  init        write the configuration file (source, target, selection)
  deps        print the dependency tree of the selection
  capture     take a recovery point (standby)
  points      list the recovery points
  plan        show what a failover would change in the target
  failover    materialise the latest point in the target (--test: as a failover test)
  cleanup     remove a failover test from the target (--id ID, or every test)
  status      mode, last point's age, the watch, the target's drift from the last applied point
  verify      compare the translated source with the target (--smoke: call the stages)
  watch       capture every interval (a new point only when the source changed); in warm
              standby also apply each new point to the target; prints the RPO per cycle

Options:
  --config FILE          configuration file (default ./${DEFAULT_CONFIG_FILE})
  --json                 print JSON
  --point ID             a recovery point (default: the latest)
  --test                 plan/failover/verify a failover test; --id ID names it
  --allow-untranslated   apply even when a reference has no translation
  --smoke                verify: also call each recovered stage and compare answers
  --no-drift             status: skip the drift check (it reads the target)

watch options (defaults from the configuration):
  --interval 30s         time between captures (ms, s, m, h; a bare number is seconds)
  --warm-standby         also apply each new point to the target (--standby: points only)
  --retention N          recovery points to keep
  --cycles N             stop after N cycles (Ctrl-C stops at any time)

init options:
  --data-dir DIR  --mapping FILE
  --source-endpoint URL --source-region R --source-account N [--source-profile P | --source-access-key K --source-secret-key S]
  --target-endpoint URL --target-region R --target-account N [--target-profile P | --target-access-key K --target-secret-key S]
  --api-ids ID,ID  --tags K=V,K=V  --all
  --mode standby|warm-standby  --interval 30s  --retention N
`;

const OPTIONS = {
  config: { type: 'string' },
  json: { type: 'boolean' },
  point: { type: 'string' },
  test: { type: 'boolean' },
  id: { type: 'string' },
  'allow-untranslated': { type: 'boolean' },
  smoke: { type: 'boolean' },
  drift: { type: 'boolean' },
  'no-drift': { type: 'boolean' },
  interval: { type: 'string' },
  retention: { type: 'string' },
  cycles: { type: 'string' },
  mode: { type: 'string' },
  'warm-standby': { type: 'boolean' },
  standby: { type: 'boolean' },
  'data-dir': { type: 'string' },
  mapping: { type: 'string' },
  'api-ids': { type: 'string' },
  tags: { type: 'string' },
  all: { type: 'boolean' },
  help: { type: 'boolean' },
  ...Object.fromEntries(
    ['source', 'target'].flatMap((s) => ['endpoint', 'region', 'account', 'profile', 'access-key', 'secret-key'].map((f) => [`${s}-${f}`, { type: 'string' }])),
  ),
} as const;

type Values = Record<string, string | boolean | undefined>;

function side(v: Values, name: 'source' | 'target'): SideConfig {
  const get = (f: string) => v[`${name}-${f}`] as string | undefined;
  const key = get('access-key');
  return {
    ...(get('endpoint') ? { endpoint: get('endpoint') } : {}),
    region: get('region') ?? '',
    account: get('account') ?? '',
    ...(get('profile') ? { profile: get('profile') } : {}),
    ...(key ? { credentials: { accessKeyId: key, secretAccessKey: get('secret-key') ?? '' } } : {}),
  };
}

/** '30s', '500ms', '2m', '1h' or a bare number of seconds, in ms. */
export function parseDuration(text: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  const ms = m ? Number(m[1]) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[(m[2] ?? 's') as 'ms'] : NaN;
  if (!(ms > 0)) throw new Error(`--interval takes a duration such as 30s, 500ms or 2m, not '${text}'`);
  return ms;
}

function positiveInt(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} takes a whole number above 0, not '${text}'`);
  return n;
}

function init(v: Values, file: string): DrConfig {
  const mode = v.mode as string | undefined;
  if (mode !== undefined && !DR_MODES.includes(mode as DrMode)) throw new Error(`--mode takes ${DR_MODES.join(' or ')}, not '${mode}'`);
  const retention = positiveInt('retention', v.retention as string | undefined);
  const tags = v.tags ? Object.fromEntries(String(v.tags).split(',').map((kv) => kv.split('=') as [string, string])) : undefined;
  const config: DrConfig = {
    dataDir: resolve((v['data-dir'] as string) ?? '.gatehouse'),
    source: side(v, 'source'),
    target: side(v, 'target'),
    selection: { ...(v['api-ids'] ? { restApiIds: String(v['api-ids']).split(',') } : {}), ...(tags ? { tags } : {}), ...(v.all || (!v['api-ids'] && !tags) ? { all: true } : {}) },
    ...(v.mapping ? { mappingFile: resolve(String(v.mapping)) } : {}),
    ...(mode ? { mode: mode as DrMode } : {}),
    ...(v.interval ? { intervalSeconds: parseDuration(String(v.interval)) / 1000 } : {}),
    ...(retention ? { retention } : {}),
  };
  writeConfig(file, config);
  return config;
}

/** Failover progress on the line: the pass, the changes made, the one being made. */
function applyProgress(bar: ProgressLine) {
  let n = 0;
  return (e: { pass: number; action: { kind: string; label: string } }) => bar.update(`pass ${e.pass}, ${++n} changes: ${e.action.kind} ${e.action.label}`);
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const clock = (iso: string) => iso.slice(11, 19);

/** One watch cycle as a line of text. */
export function cycleText(c: WatchCycle): string {
  const parts: string[] = [];
  if (c.capture) parts.push(c.capture.changed ? `new point ${c.capture.point} (${c.capture.resources} resources, capture ${seconds(c.capture.ms)})` : `source unchanged (capture ${seconds(c.capture.ms)})`);
  if (c.pruned.length) parts.push(`${c.pruned.length} old point${c.pruned.length === 1 ? '' : 's'} removed`);
  if (c.apply) parts.push(`applied to the target: ${c.apply.changes} change${c.apply.changes === 1 ? '' : 's'} in ${seconds(c.apply.ms)}`);
  if (c.error) parts.push(`ERROR (${c.error.step}${c.failures > 1 ? `, ${c.failures} in a row` : ''}): ${c.error.message}`);
  parts.push(c.rpoSeconds === undefined ? 'RPO: nothing safe yet' : `RPO ${c.rpoSeconds.toFixed(1)} s (${c.recoveryPoint})`);
  if (c.error) parts.push(`next try in ${seconds(c.nextInMs)}`);
  return `${clock(c.startedAt)} cycle ${c.cycle}: ${parts.join('; ')}`;
}

function statusText(s: StatusReport): string {
  const w = s.watch;
  return [
    `Mode: ${s.mode}`,
    s.lastPoint ? `Last recovery point ${s.lastPoint.id}, ${s.lastPoint.ageSeconds} s old (${s.points} points)` : 'No recovery point yet.',
    ...(s.lastApplied ? [`The target holds ${s.lastApplied.id}${s.lastApplied.ageSeconds !== undefined ? `, ${s.lastApplied.ageSeconds} s old` : ''}`] : []),
    ...(s.writer ? [`Writing to the target now: ${s.writer.command} (pid ${s.writer.pid}, since ${s.writer.at})`] : []),
    ...(w ? [`Watch (${w.mode}): ${w.running ? `running (pid ${w.pid})` : 'not running'}${w.lastCycleAt ? `, last cycle ${w.lastCycleAt}` : ''}${w.rpoSeconds !== undefined ? `, RPO then ${w.rpoSeconds.toFixed(1)} s` : ''}${w.lastError ? `, last error: ${w.lastError}` : ''}`] : []),
    ...s.environments.map((e) => `${e.name}: ${e.resources} resources, ${e.runs} runs, ${e.resumable ? 'last run interrupted: rerun to resume' : 'last run finished'}`),
    ...(s.drift
      ? s.drift.drifted
        ? [`Drift from ${s.drift.against}: ${s.drift.create} to create, ${s.drift.update} to update, ${s.drift.delete} to delete`, ...s.drift.changes.map((a) => `  ${a.kind.padEnd(6)} ${a.type} ${a.label}${a.fields ? ` (${a.fields.join(', ')})` : ''}`)]
        : [`No drift: the target matches ${s.drift.against}`]
      : []),
  ].join('\n');
}

async function watch(dr: DisasterRecovery, v: Values, json: boolean): Promise<number> {
  const bar = new ProgressLine(process.stderr, !json && Boolean(process.stderr.isTTY));
  const uncount = countCalls([dr.source, dr.target], () => bar.call());
  const mode: DrMode | undefined = v['warm-standby'] ? 'warm-standby' : v.standby ? 'standby' : undefined;
  const retention = positiveInt('retention', v.retention as string | undefined);
  const maxCycles = positiveInt('cycles', v.cycles as string | undefined);
  const w = dr.watch({
    ...(v.interval ? { intervalMs: parseDuration(String(v.interval)) } : {}),
    ...(mode ? { mode } : {}),
    ...(retention ? { retention } : {}),
    ...(maxCycles ? { maxCycles } : {}),
    allowUntranslated: Boolean(v['allow-untranslated']),
    onProgress: (e) => {
      if (e.step === 'capture' && !e.detail) bar.restart();
      bar.update(`cycle ${e.cycle}: ${e.step === 'capture' ? 'capturing the source' : `applying${e.detail ? ` (${e.detail})` : ''}`}`);
    },
  });
  let last: WatchCycle | undefined;
  w.on('cycle', (c: WatchCycle) => {
    last = c;
    bar.done();
    console.log(json ? JSON.stringify(c) : cycleText(c));
  });
  const onSigint = () => {
    if (w.stopped) process.exit(130);
    w.stop();
    if (!json) console.error('Stopping after this cycle (Ctrl-C again to quit now).');
  };
  process.on('SIGINT', onSigint);
  if (!json) console.error(`Watching ${dr.config.source.region}/${dr.config.source.account} every ${seconds(w.options.intervalMs)} (${w.options.mode}, keeping ${w.options.retention} points); Ctrl-C stops.`);
  try {
    await w.run();
  } finally {
    process.off('SIGINT', onSigint);
    uncount();
    bar.done();
  }
  return last?.error ? 1 : 0;
}

function runText(r: RunResult & { environment: string }, verb: string): string {
  const count = (k: string) => r.actions.filter((a) => a.kind === k).length;
  const lines = [`${verb} (${r.environment}): ${count('create')} to create, ${count('update')} to update, ${count('delete')} to delete, ${count('adopt')} to adopt`];
  for (const a of r.actions) lines.push(`  ${a.kind.padEnd(6)} ${a.type} ${a.label}${a.fields ? ` (${a.fields.join(', ')})` : ''}`);
  const external = r.translations.filter((e) => e.status === 'rule' || e.status === 'external' || e.status === 'mapped');
  if (external.length) {
    lines.push('External references (must exist in the target):');
    for (const e of external) lines.push(`  ${e.status.padEnd(8)} ${e.rule}: ${e.from} -> ${e.to}`);
  }
  if (r.untranslated.length) {
    lines.push('Untranslated (give them in the mapping file):');
    for (const e of r.untranslated) lines.push(`  ${e.key} ${e.path}: ${e.from} (${e.rule})`);
  }
  for (const s of r.skipped) lines.push(`Not recreated: ${s.key}: ${s.reason}`);
  if (r.journal) lines.push(`Journal: ${r.journal}`);
  return lines.join('\n');
}

/** `--test` without `--id`: the one failover test there is. */
function onlyTest(dr: DisasterRecovery): string {
  const tests = dr.testEnvironments();
  if (tests.length !== 1) throw new Error(tests.length ? `there are ${tests.length} failover tests (${tests.join(', ')}): name one with --id` : 'there is no failover test');
  return tests[0]!;
}

export async function runDr(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, options: OPTIONS as never, allowPositionals: true, strict: true });
  const v = values as Values;
  const command = positionals[0];
  if (v.help || !command) {
    console.log(DR_USAGE);
    return command || v.help ? 0 : 2;
  }
  const file = resolve((v.config as string) ?? DEFAULT_CONFIG_FILE);
  const json = Boolean(v.json);
  const print = (data: unknown, text: string) => console.log(json ? JSON.stringify(data, null, 2) : text);
  if (command === 'init') {
    const config = init(v, file);
    print({ config: file, ...config }, `Wrote ${file}`);
    return 0;
  }
  const dr = new DisasterRecovery(readConfig(file));
  const test: string | true | undefined = v.test ? ((v.id as string | undefined) ?? true) : undefined;
  if (command === 'watch') {
    try {
      return await watch(dr, v, json);
    } finally {
      dr.close();
    }
  }
  // Every other command: a progress line (elapsed, calls made) while it runs.
  const bar = new ProgressLine(process.stderr, !json && Boolean(process.stderr.isTTY) && command !== 'points');
  const uncount = bar.enabled ? countCalls([dr.source, dr.target], () => bar.call()) : () => {};
  const finish = () => {
    uncount();
    bar.done();
  };
  try {
    bar.update(command);
    switch (command) {
      case 'deps': {
        const d = await dr.deps(v.point as string | undefined);
        finish();
        print(d.edges, d.tree);
        return 0;
      }
      case 'capture': {
        const p = await dr.capture();
        finish();
        print({ id: p.id, createdAt: p.createdAt, hash: p.hash, resources: p.nodes.length, warnings: p.warnings }, [`Recovery point ${p.id}: ${p.nodes.length} resources (sha256 ${p.hash})`, ...p.warnings.map((w) => `  warning: ${w}`)].join('\n'));
        return 0;
      }
      case 'points': {
        const list = await dr.points();
        print(list, list.map((p) => `${p.id}  ${p.createdAt}  ${p.restApis} APIs  ${p.resources} resources  ${p.source.region}/${p.source.account}`).join('\n') || 'No recovery points.');
        return 0;
      }
      case 'plan': {
        const r = await dr.plan({ test, point: v.point as string | undefined });
        finish();
        print(r, runText(r, 'Plan'));
        return 0;
      }
      case 'failover': {
        const r = await dr.failover({ test, point: v.point as string | undefined, allowUntranslated: Boolean(v['allow-untranslated']), onProgress: applyProgress(bar) });
        finish();
        const warm = !r.warmFrom
          ? ''
          : r.actions.length
            ? ` The target already held ${r.warmFrom} (warm standby): only the difference was applied.`
            : ` The target already held ${r.warmFrom} (warm standby) and nothing had drifted: nothing to apply.`;
        print(r, `${runText(r, test ? 'Failover test' : 'Failover')}\nDone in ${seconds(r.elapsedMs)}, ${r.passes} pass${r.passes === 1 ? '' : 'es'}.${warm}`);
        return 0;
      }
      case 'cleanup': {
        const r = await dr.cleanup(v.id as string | undefined);
        finish();
        print(r, r.map((e) => `${e.environment}: deleted ${e.deleted.length} resources${e.deleted.map((d) => `\n  ${d}`).join('')}`).join('\n') || 'No failover test to clean up.');
        return 0;
      }
      case 'status': {
        const s = await dr.status({ drift: !v['no-drift'] });
        finish();
        print(s, statusText(s));
        return 0;
      }
      case 'verify': {
        const r = await dr.verify({ test: test === true ? onlyTest(dr) : test, point: v.point as string | undefined, smoke: Boolean(v.smoke) });
        finish();
        const text = [
          r.equal ? 'The target matches the recovery point.' : 'The target differs from the recovery point:',
          ...r.missing.map((a) => `  missing   ${a.label}`),
          ...r.different.map((a) => `  different ${a.label} (${a.fields?.join(', ')})`),
          ...r.extra.map((a) => `  extra     ${a.label}`),
          ...(r.smoke ?? []).map((c) => `  ${c.same ? 'same' : 'DIFFERENT'} GET ${c.stage}${c.path}: ${c.source.status} / ${c.target.status}`),
        ].join('\n');
        print(r, text);
        return r.equal ? 0 : 1;
      }
      default:
        console.error(`gatehouse dr: unknown command '${command}'\n\n${DR_USAGE}`);
        return 2;
    }
  } finally {
    finish();
    dr.close();
  }
}

export async function main(argv: string[]): Promise<void> {
  try {
    process.exitCode = await runDr(argv);
  } catch (err) {
    console.error(`gatehouse dr: ${(err as Error).message}`);
    process.exitCode = 1;
  }
}
