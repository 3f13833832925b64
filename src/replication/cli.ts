/**
 * `gatehouse dr <command>`: the disaster-recovery commands (index.ts does the work).
 * Long operations draw a progress line on a terminal (stderr); --json prints one JSON document.
 */
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { DEFAULT_CONFIG_FILE, DisasterRecovery, readConfig, writeConfig, type DrConfig, type RunResult } from './index.js';
import type { SideConfig } from './model.js';

export const DR_USAGE = `Usage: gatehouse dr <command> [options]

Commands:
  init        write the configuration file (source, target, selection)
  deps        print the dependency tree of the selection
  capture     take a recovery point (standby)
  points      list the recovery points
  plan        show what a failover would change in the target
  failover    materialise the latest point in the target (--test: as a failover test)
  cleanup     remove a failover test from the target (--id ID, or every test)
  status      last point's age, environments, --drift against the target
  verify      compare the translated source with the target (--smoke: call the stages)
  watch       warm standby: not implemented yet

Options:
  --config FILE          configuration file (default ./${DEFAULT_CONFIG_FILE})
  --json                 print JSON
  --point ID             a recovery point (default: the latest)
  --test                 plan/failover/verify a failover test; --id ID names it
  --allow-untranslated   apply even when a reference has no translation
  --smoke                verify: also call each recovered stage and compare answers
  --drift                status: plan against the target

init options:
  --data-dir DIR  --mapping FILE
  --source-endpoint URL --source-region R --source-account N [--source-profile P | --source-access-key K --source-secret-key S]
  --target-endpoint URL --target-region R --target-account N [--target-profile P | --target-access-key K --target-secret-key S]
  --api-ids ID,ID  --tags K=V,K=V  --all
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

function init(v: Values, file: string): DrConfig {
  const tags = v.tags ? Object.fromEntries(String(v.tags).split(',').map((kv) => kv.split('=') as [string, string])) : undefined;
  const config: DrConfig = {
    dataDir: resolve((v['data-dir'] as string) ?? '.gatehouse'),
    source: side(v, 'source'),
    target: side(v, 'target'),
    selection: { ...(v['api-ids'] ? { restApiIds: String(v['api-ids']).split(',') } : {}), ...(tags ? { tags } : {}), ...(v.all || (!v['api-ids'] && !tags) ? { all: true } : {}) },
    ...(v.mapping ? { mappingFile: resolve(String(v.mapping)) } : {}),
  };
  writeConfig(file, config);
  return config;
}

function progress(json: boolean) {
  if (json || !process.stderr.isTTY) return undefined;
  let n = 0;
  return (e: { pass: number; action: { kind: string; label: string } }) => {
    n++;
    process.stderr.write(`\r\x1b[2K[pass ${e.pass}] ${n} changes: ${e.action.kind} ${e.action.label}`.slice(0, process.stderr.columns ?? 120));
  };
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
  if (command === 'watch') {
    // Warm standby (continuous capture and apply, with the RPO it sustains) is not built yet.
    console.error("gatehouse dr: 'watch' (warm standby) is not implemented yet; run 'capture' and 'failover' instead");
    return 2;
  }
  const dr = new DisasterRecovery(readConfig(file));
  const test: string | true | undefined = v.test ? ((v.id as string | undefined) ?? true) : undefined;
  try {
    switch (command) {
      case 'deps': {
        const d = await dr.deps(v.point as string | undefined);
        print(d.edges, d.tree);
        return 0;
      }
      case 'capture': {
        const p = await dr.capture();
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
        print(r, runText(r, 'Plan'));
        return 0;
      }
      case 'failover': {
        const r = await dr.failover({ test, point: v.point as string | undefined, allowUntranslated: Boolean(v['allow-untranslated']), onProgress: progress(json) });
        if (!json && process.stderr.isTTY) process.stderr.write('\n');
        print(r, runText(r, test ? 'Failover test' : 'Failover'));
        return 0;
      }
      case 'cleanup': {
        const r = await dr.cleanup(v.id as string | undefined);
        print(r, r.map((e) => `${e.environment}: deleted ${e.deleted.length} resources${e.deleted.map((d) => `\n  ${d}`).join('')}`).join('\n') || 'No failover test to clean up.');
        return 0;
      }
      case 'status': {
        const s = await dr.status({ drift: Boolean(v.drift) });
        const text = [
          s.lastPoint ? `Last recovery point ${s.lastPoint.id}, ${s.lastPoint.ageSeconds} s old (${s.points} points)` : 'No recovery point yet.',
          ...s.environments.map((e) => `${e.name}: ${e.resources} resources, ${e.runs} runs, ${e.resumable ? 'last run interrupted: rerun to resume' : 'last run finished'}`),
          ...(s.drift ? [`Drift: ${s.drift.create} to create, ${s.drift.update} to update, ${s.drift.delete} to delete`] : []),
        ].join('\n');
        print(s, text);
        return 0;
      }
      case 'verify': {
        const r = await dr.verify({ test: test === true ? onlyTest(dr) : test, point: v.point as string | undefined, smoke: Boolean(v.smoke) });
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
