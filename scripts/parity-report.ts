/**
 * `npm run parity`: runs the parity tests (test/parity/) with a tally of every recorded AWS entry
 * they compare, then writes the count into README.md between the parity markers.
 *
 * In scope for the REST API core are the entries of test_apigateway_api.snapshot.json for the
 * resources that are built; the ones for later issues (documentation parts, VPC links) are
 * counted separately, not hidden.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SNAPSHOT_DIR } from '../test/parity/snapshot.js';

const LATER = [/TestApiGatewayApiDocumentationPart/, /TestApiGatewayVpcLink/];
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
const mismatched: string[] = [];
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
    else mismatched.push(`${test} › ${entry}: ${r.reason ?? ''}`);
  }
}
const withIgnores = [...results.values()].filter((r) => r.ok && r.reason?.startsWith('ignoring'));
const others = [...results.values()].filter((r) => r.file !== FILE);
const othersOk = others.filter((r) => r.ok).length;

const lines = [
  `Measured by \`npm run parity\` (${new Date().toISOString().slice(0, 10)}): the parity tests rebuild each recorded`,
  `scenario's inputs, call Gatehouse with the genuine SDK and compare with what AWS answered`,
  `(\`shared/reference/aws-recorded-responses/\`; ids and dates normalised).`,
  '',
  `- **${matched} of ${inScope}** recorded entries of \`${FILE}\` for the resources built so far match.`,
  `- ${later} entries there belong to later issues (documentation parts, VPC links) and are not counted.`,
  others.length ? `- ${othersOk} of ${others.length} compared entries from other recordings match.` : '',
  withIgnores.length
    ? `\nMatching with a path left out, each with its reason in the test (${withIgnores.length}):\n\n${withIgnores.map((r) => `- ${r.test} › ${r.entry}: ${r.reason}`).join('\n')}`
    : '',
  mismatched.length ? `\nDiffering (${mismatched.length}):\n\n${mismatched.map((m) => `- ${m}`).join('\n')}` : '',
  notExercised.length ? `\nNot yet exercised by a test (${notExercised.length}):\n\n${notExercised.map((m) => `- ${m}`).join('\n')}` : '',
].filter((l) => l !== '');

const readme = readFileSync('README.md', 'utf8');
const start = '<!-- parity:start -->', end = '<!-- parity:end -->';
const i = readme.indexOf(start), j = readme.indexOf(end);
if (i < 0 || j < 0) throw new Error('README.md has no parity markers');
writeFileSync('README.md', readme.slice(0, i + start.length) + '\n' + lines.join('\n') + '\n' + readme.slice(j));
console.log(`parity: ${matched}/${inScope} match, ${mismatched.length} differ, ${notExercised.length} not exercised (tests exit ${run.status})`);
