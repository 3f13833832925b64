/**
 * `npm run parity`: runs the parity tests (test/parity/) with a tally of every recorded AWS entry
 * they compare, then writes the count into README.md between the parity markers.
 *
 * Every entry of test_apigateway_api.snapshot.json is in scope (the REST control plane is
 * complete); entries no test compares are listed, not hidden.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SNAPSHOT_DIR } from '../test/parity/snapshot.js';

/** Recorded tests that belong to work not built yet (none for the REST control plane today). */
const LATER: RegExp[] = [];
const FILE = 'test_apigateway_api.snapshot.json';

if (!existsSync(SNAPSHOT_DIR)) {
  console.error(`parity: ${SNAPSHOT_DIR} is not there; nothing to measure`);
  process.exit(1);
}
const log = join(mkdtempSync(join(tmpdir(), 'gatehouse-parity-')), 'tally.jsonl');
writeFileSync(log, '');
const files = readdirSync('test/parity').filter((f) => f.endsWith('.test.ts')).map((f) => join('test/parity', f));
const run = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=dot', ...files], {
  stdio: ['ignore', 'inherit', 'inherit'],
  env: { ...process.env, GATEHOUSE_PARITY_LOG: log, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
});

interface Tally { file: string; test: string; entry: string; ok: boolean; reason?: string }
const results = new Map<string, Tally>();
for (const line of readFileSync(log, 'utf8').split('\n').filter(Boolean)) {
  const t = JSON.parse(line) as Tally;
  const id = `${t.file}::${t.test}::${t.entry}`;
  // An entry compared twice counts as matching only if every comparison matched.
  const prev = results.get(id);
  if (!prev || prev.ok) results.set(id, t);
}

const snapshot = JSON.parse(readFileSync(join(SNAPSHOT_DIR, FILE), 'utf8')) as Record<string, { 'recorded-content': Record<string, unknown> }>;
let inScope = 0, matched = 0, later = 0;
const notExercised: string[] = [];
for (const [id, rec] of Object.entries(snapshot)) {
  const test = id.split('::').slice(1).join('::');
  const isLater = LATER.some((re) => re.test(id));
  for (const entry of Object.keys(rec['recorded-content'])) {
    if (isLater) { later++; continue; }
    inScope++;
    const r = results.get(`${FILE}::${test}::${entry}`);
    if (!r) notExercised.push(`${test} › ${entry}`);
    else if (r.ok) matched++;
  }
}
const withIgnores = [...results.values()].filter((r) => r.ok && r.reason?.startsWith('ignoring'));
const allMismatched = [...results.values()].filter((r) => !r.ok);

/** Per recording file: how many entries it holds, how many a test compared, how many match. */
const byFile = new Map<string, { entries: number; compared: number; matched: number }>();
for (const f of readdirSync(SNAPSHOT_DIR).filter((f) => f.endsWith('.json')).sort()) {
  const all = JSON.parse(readFileSync(join(SNAPSHOT_DIR, f), 'utf8')) as Record<string, { 'recorded-content': Record<string, unknown> }>;
  const entries = Object.values(all).reduce((n, t) => n + Object.keys(t['recorded-content']).length, 0);
  const mine = [...results.values()].filter((r) => r.file === f);
  byFile.set(f, { entries, compared: mine.length, matched: mine.filter((r) => r.ok).length });
}
const table = [
  '| recording | entries | compared | match |',
  '|---|---|---|---|',
  ...[...byFile].filter(([, v]) => v.compared > 0).map(([f, v]) => `| \`${f}\` | ${v.entries} | ${v.compared} | ${v.matched} |`),
];
const untouched = [...byFile].filter(([, v]) => v.compared === 0).map(([f]) => `\`${f}\``);

const lines = [
  `Measured by \`npm run parity\` (${new Date().toISOString().slice(0, 10)}): the parity tests rebuild each recorded`,
  `scenario's inputs, call Gatehouse with the genuine clients (the SDK for the control plane, plain`,
  `HTTP for invocations) and compare with what AWS answered (\`shared/reference/aws-recorded-responses/\`;`,
  `ids and dates normalised).`,
  '',
  `- **${matched} of ${inScope}** recorded entries of \`${FILE}\` match.`,
  ...(later ? [`- ${later} entries there belong to work not built yet and are not counted.`] : []),
  '',
  ...table,
  '',
  `The \`test_apigateway_s3\` binary entries are compared through a small HTTP object store standing in`,
  `for S3 behind an HTTP integration (API Gateway's binary conversion tables are the same for every`,
  `non-proxy integration); S3's own response fields are the paths left out below.`,
  '',
  `The DynamoDB, SQS, S3 and Kinesis service-integration entries are compared through a moto server`,
  `Gatehouse forwards to (\`--aws-endpoint\`); moto's own differences from AWS are paths left out below.`,
  '',
  `Entries a recording holds but no test compares are listed with their reasons in the parity tests`,
  `(CloudFormation, SSM and Step Functions answers moto gives differently, setups the recordings`,
  `do not include)${untouched.length ? `. Not compared at all: ${untouched.join(', ')}` : ''}.`,
  withIgnores.length
    ? `\nMatching with a path left out, each with its reason in the test (${withIgnores.length} entries):\n\n${grouped(withIgnores).join('\n')}`
    : '',
  allMismatched.length ? `\nDiffering (${allMismatched.length}):\n\n${allMismatched.map((r) => `- ${r.file.replace('.snapshot.json', '')} › ${r.test} › ${r.entry}: ${r.reason ?? ''}`).join('\n')}` : '',
  notExercised.length ? `\nNot yet exercised by a test (${notExercised.length}):\n\n${notExercised.map((m) => `- ${m}`).join('\n')}` : '',
].filter((l, i, a) => !(l === '' && a[i - 1] === ''));

/** One line per (recording, test, ignored paths), with how many entries it covers. */
function grouped(list: Tally[]): string[] {
  const groups = new Map<string, number>();
  for (const r of list) {
    const key = `${r.file.replace('.snapshot.json', '')} › ${r.test.replace(/\[.*\]$/, '[…]')}: ${r.reason}`;
    groups.set(key, (groups.get(key) ?? 0) + 1);
  }
  return [...groups].map(([k, n]) => `- ${k}${n > 1 ? ` (${n} entries)` : ''}`);
}

const readme = readFileSync('README.md', 'utf8');
const start = '<!-- parity:start -->', end = '<!-- parity:end -->';
const i = readme.indexOf(start), j = readme.indexOf(end);
if (i < 0 || j < 0) throw new Error('README.md has no parity markers');
writeFileSync('README.md', readme.slice(0, i + start.length) + '\n' + lines.join('\n') + '\n' + readme.slice(j));
console.log(`parity: ${matched}/${inScope} match, ${allMismatched.length} differ, ${notExercised.length} not exercised (tests exit ${run.status})`);
