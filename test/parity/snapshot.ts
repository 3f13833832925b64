/**
 * Parity against responses recorded from real AWS (shared/reference/aws-recorded-responses/).
 *
 * A recorded entry is what boto3 returned: the output members plus ResponseMetadata, or for an
 * error {Error: {Code, Message}, message, ResponseMetadata}. LocalStack normalised ids to
 * `<name:N>`, dates to "datetime", the account to 111111111111 and the region to `<region>`.
 * `matchRecorded` compares an SDK v3 result (or thrown error) with such an entry:
 *  - placeholders match any value, but the same placeholder must stand for the same value
 *    throughout one scenario (pass one `Bindings` per scenario);
 *  - "datetime" matches any date; 111111111111 and <region> match the account and region used;
 *  - only the HTTP status is compared from ResponseMetadata.
 * Where Gatehouse knowingly differs, the test passes `ignore` paths with the reason beside them.
 */
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';

const here = dirname(fileURLToPath(import.meta.url));
export const SNAPSHOT_DIR = resolve(here, '../../../shared/reference/aws-recorded-responses/snapshots');
export const OPENAPI_INPUTS_DIR = resolve(here, '../../../shared/reference/aws-recorded-responses/openapi-inputs');

/** The reference lives beside the repository (../shared); parity tests skip when it is absent. */
export const snapshotsAvailable = existsSync(SNAPSHOT_DIR);

type Recorded = Record<string, Record<string, unknown>>;
const loaded = new Map<string, Record<string, { 'recorded-content': Recorded }>>();

/** Which recorded entry an object is, so each comparison can be tallied (scripts/parity-report.ts). */
const entryOf = new WeakMap<object, { file: string; test: string; entry: string }>();
const contentOf = new WeakMap<object, { file: string; test: string }>();
const PARITY_LOG = process.env.GATEHOUSE_PARITY_LOG;

function tally(expected: unknown, ok: boolean, reason?: string, where = typeof expected === 'object' && expected ? entryOf.get(expected) : undefined): void {
  if (PARITY_LOG && where) appendFileSync(PARITY_LOG, JSON.stringify({ ...where, ok, reason }) + '\n');
}

/**
 * Compares one named entry of `recorded(...)` content. Needed where the recorded value is not an
 * object (some entries are a bare id string), so the tally cannot recognise it by identity.
 */
export function matchEntry(content: Recorded, entry: string, actual: unknown, bindings: Bindings, options: { ignore?: string[] } = {}): void {
  const owner = contentOf.get(content);
  const where = owner ? { ...owner, entry } : undefined;
  try {
    compare(content[entry], actual, bindings, '$', new Set(options.ignore ?? []));
  } catch (err) {
    tally(undefined, false, (err as Error).message.split('\n')[0], where);
    throw err;
  }
  tally(undefined, true, options.ignore?.length ? `ignoring ${options.ignore.join(', ')}` : undefined, where);
}

export function recorded(file: string, testName: string): Recorded {
  let all = loaded.get(file);
  if (!all) {
    all = JSON.parse(readFileSync(resolve(SNAPSHOT_DIR, file), 'utf8'));
    loaded.set(file, all!);
  }
  const id = Object.keys(all!).find((k) => k.endsWith(`::${testName}`));
  if (!id) throw new Error(`No recorded test ${testName} in ${file}`);
  const content = all![id]['recorded-content'];
  contentOf.set(content, { file, test: id.split('::').slice(1).join('::') });
  for (const [entry, value] of Object.entries(content)) {
    if (value && typeof value === 'object') entryOf.set(value, { file, test: id.split('::').slice(1).join('::'), entry });
  }
  return content;
}

export class Bindings {
  private readonly values = new Map<string, unknown>();
  constructor(
    readonly account = '000000000000',
    readonly region = 'us-east-1',
  ) {}

  bind(placeholder: string, actual: unknown, path: string): void {
    if (!this.values.has(placeholder)) {
      this.values.set(placeholder, actual);
      return;
    }
    assert.deepEqual(actual, this.values.get(placeholder), `${path}: ${placeholder} stood for ${JSON.stringify(this.values.get(placeholder))} earlier`);
  }
}

/** Turns an SDK v3 output or error into the shape boto3 recorded. */
export function asRecorded(result: unknown): Record<string, unknown> {
  if (result instanceof Error) {
    const e = result as Error & { $metadata?: { httpStatusCode?: number }; name: string };
    // boto3 fills the top-level `message` only for the errors the model declares (each has a
    // `message` member); AWS's front-end ValidationException and SerializationException are not
    // declared, so their recordings carry Error.Message alone.
    const undeclared = e.name === 'ValidationException' || e.name === 'SerializationException';
    return {
      Error: { Code: e.name, Message: e.message },
      ...(undeclared ? {} : { message: e.message }),
      ResponseMetadata: { HTTPHeaders: {}, HTTPStatusCode: e.$metadata?.httpStatusCode },
    };
  }
  const { $metadata, ...rest } = result as Record<string, unknown> & { $metadata?: { httpStatusCode?: number } };
  return { ...rest, ResponseMetadata: { HTTPHeaders: {}, HTTPStatusCode: $metadata?.httpStatusCode } };
}

/** Runs an SDK call and returns the result or the error, both in boto3's recorded shape. */
export async function capture(call: () => Promise<unknown>): Promise<Record<string, unknown>> {
  try {
    return asRecorded(await call());
  } catch (err) {
    if (!(err instanceof Error) || !('$metadata' in err)) throw err;
    return asRecorded(err);
  }
}

const PLACEHOLDER = /<[A-Za-z0-9_.:-]+>/g;

export function matchRecorded(expected: unknown, actualResult: unknown, bindings: Bindings, options: { ignore?: string[]; path?: string } = {}): void {
  const actual = actualResult && typeof actualResult === 'object' && !('ResponseMetadata' in (actualResult as object)) ? asRecorded(actualResult) : actualResult;
  try {
    compare(expected, actual, bindings, options.path ?? '$', new Set(options.ignore ?? []));
  } catch (err) {
    tally(expected, false, (err as Error).message.split('\n')[0]);
    throw err;
  }
  tally(expected, true, options.ignore?.length ? `ignoring ${options.ignore.join(', ')}` : undefined);
}

function compare(expected: unknown, actual: unknown, b: Bindings, path: string, ignore: Set<string>): void {
  if (ignore.has(path)) return;
  if (path.endsWith('.HTTPHeaders')) return;
  if (expected === 'datetime') {
    assert.ok(actual instanceof Date || typeof actual === 'number' || typeof actual === 'string', `${path}: expected a date, got ${JSON.stringify(actual)}`);
    return;
  }
  if (typeof expected === 'string') {
    assert.equal(typeof actual, 'string', `${path}: expected a string like ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
    matchString(expected, actual as string, b, path);
    return;
  }
  if (Array.isArray(expected)) {
    assert.ok(Array.isArray(actual), `${path}: expected a list, got ${JSON.stringify(actual)}`);
    assert.equal((actual as unknown[]).length, expected.length, `${path}: expected ${expected.length} items, got ${JSON.stringify(actual)}`);
    expected.forEach((e, i) => compare(e, (actual as unknown[])[i], b, `${path}[${i}]`, ignore));
    return;
  }
  if (expected && typeof expected === 'object') {
    assert.ok(actual && typeof actual === 'object' && !Array.isArray(actual), `${path}: expected an object, got ${JSON.stringify(actual)}`);
    const a = actual as Record<string, unknown>;
    const e = expected as Record<string, unknown>;
    const keys = new Set([...Object.keys(e), ...Object.keys(a).filter((k) => a[k] !== undefined)]);
    for (const k of keys) {
      const p = `${path}.${k}`;
      if (ignore.has(p)) continue;
      if (!(k in e)) assert.fail(`${p}: Gatehouse returned ${JSON.stringify(a[k])}, AWS returns nothing here`);
      if (a[k] === undefined) assert.fail(`${p}: AWS returns ${JSON.stringify(e[k])}, Gatehouse returned nothing`);
      compare(e[k], a[k], b, p, ignore);
    }
    return;
  }
  assert.deepEqual(actual, expected, `${path}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
}

function matchString(expected: string, actual: string, b: Bindings, path: string): void {
  const norm = expected.replaceAll('111111111111', b.account).replaceAll('<region>', b.region);
  const placeholders = norm.match(PLACEHOLDER);
  if (!placeholders) {
    assert.equal(actual, norm, `${path}: expected ${JSON.stringify(norm)}, got ${JSON.stringify(actual)}`);
    return;
  }
  if (placeholders.length === 1 && placeholders[0] === norm) {
    b.bind(norm, actual, path);
    return;
  }
  const pattern = norm
    .split(PLACEHOLDER)
    .map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('(.+?)');
  const m = new RegExp(`^${pattern}$`, 's').exec(actual);
  assert.ok(m, `${path}: expected ${JSON.stringify(norm)}, got ${JSON.stringify(actual)}`);
  placeholders.forEach((p, i) => b.bind(p, m![i + 1], path));
}
