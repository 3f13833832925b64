/**
 * ImportApiKeys: API keys from a CSV file, optionally added to usage plans.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/api-key-file-format.html
 *
 * The format, from that page: a header row naming the columns, case-insensitive and in any order;
 * `Name` and `Key` are required, `Description`, `Enabled` and `UsagePlanIds` optional, other
 * columns ignored. A Key is 30 to 128 characters, a Name at most 1024. Missing values default to
 * an empty string, and Enabled to true. Several usage plan ids go in one quoted field
 * ("c7y23b,glvrsr" or 'c7y23b,glvrsr'). Importing a key value again overwrites that key.
 *
 * A file that breaks these rules is refused whole with a BadRequestException naming the line and
 * nothing is imported. What the file cannot decide (a usage plan id that does not exist, a key
 * that cannot join a plan) is a warning: the key is imported without it and the warning is
 * answered, unless failOnWarnings asks for the whole import to be refused.
 */
import { AwsError, badRequest } from '../../aws/errors.js';
import { shortId } from '../../aws/ids.js';
import type { S_ImportApiKeysRequest } from '../../aws/generated/apigateway.js';
import type { Handlers, RequestContext } from '../types.js';
import { findByValue, validateDescription, validateName, type ApiKeyRecord } from './api-key-record.js';
import { KIND } from './records.js';
import { addPlanKey, type UsagePlanRecord } from './usage-plan-record.js';

const MIN_KEY = 30;
const MAX_KEY = 128;

interface ImportRow {
  line: number;
  name: string;
  key: string;
  description: string;
  enabled: boolean;
  usagePlanIds: string[];
}

const invalid = (message: string) => badRequest(`Invalid API Key file: ${message}`);

/**
 * Splits CSV text into records of trimmed fields. A field may be quoted with " or ' (a doubled
 * quote inside stands for one), which lets it hold commas and line breaks.
 */
export function parseCsv(text: string): { line: number; fields: string[] }[] {
  const records: { line: number; fields: string[] }[] = [];
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  while (i < text.length) {
    const start = line;
    const fields: string[] = [];
    for (;;) {
      while (text[i] === ' ' || text[i] === '\t') i++;
      let field = '';
      const quote = text[i];
      if (quote === '"' || quote === "'") {
        i++;
        for (;;) {
          if (i >= text.length) throw invalid(`line ${start}: a field opened with ${quote} is never closed`);
          if (text[i] === quote) {
            if (text[i + 1] === quote) {
              field += quote;
              i += 2;
              continue;
            }
            i++;
            break;
          }
          if (text[i] === '\n') line++;
          field += text[i++];
        }
        while (text[i] === ' ' || text[i] === '\t') i++;
        if (i < text.length && text[i] !== ',' && text[i] !== '\n' && text[i] !== '\r') {
          throw invalid(`line ${line}: unexpected characters after the closing ${quote}`);
        }
      } else {
        while (i < text.length && text[i] !== ',' && text[i] !== '\n' && text[i] !== '\r') field += text[i++];
        field = field.trim();
      }
      fields.push(field);
      if (text[i] === ',') {
        i++;
        continue;
      }
      break;
    }
    if (text[i] === '\r') i++;
    if (text[i] === '\n') i++;
    line++;
    if (!(fields.length === 1 && fields[0] === '')) records.push({ line: start, fields });
  }
  return records;
}

function readRows(text: string): ImportRow[] {
  const [header, ...records] = parseCsv(text);
  if (!header) throw invalid('the file is empty; it needs a header row with the Name and Key columns');
  const columns = header.fields.map((f) => f.toLowerCase());
  for (const [i, c] of columns.entries()) {
    if (c && columns.indexOf(c) !== i) throw invalid(`the header names the column ${header.fields[i]} twice`);
  }
  const missing = ['Name', 'Key'].filter((c) => !columns.includes(c.toLowerCase()));
  if (missing.length) throw invalid(`the header row must have the columns Name and Key (missing: ${missing.join(', ')})`);
  const at = (r: string[], c: string) => {
    const i = columns.indexOf(c);
    return i < 0 ? '' : r[i];
  };
  return records.map(({ line, fields }) => {
    if (fields.length !== columns.length) throw invalid(`line ${line} has ${fields.length} fields, the header has ${columns.length}`);
    const key = at(fields, 'key');
    if (key.length < MIN_KEY || key.length > MAX_KEY) throw invalid(`line ${line}: a Key value must be between ${MIN_KEY} and ${MAX_KEY} characters`);
    const enabledText = at(fields, 'enabled').toLowerCase();
    if (enabledText !== '' && enabledText !== 'true' && enabledText !== 'false') throw invalid(`line ${line}: Enabled must be true or false, not '${at(fields, 'enabled')}'`);
    const row: ImportRow = {
      line,
      name: at(fields, 'name'),
      key,
      description: at(fields, 'description'),
      enabled: enabledText !== 'false',
      usagePlanIds: [...new Set(at(fields, 'usageplanids').split(',').map((s) => s.trim()).filter(Boolean))],
    };
    try {
      validateName(row.name);
      validateDescription(row.description);
    } catch (err) {
      throw invalid(`line ${line}: ${(err as Error).message}`);
    }
    return row;
  });
}

async function importApiKeys(input: S_ImportApiKeysRequest, ctx: RequestContext) {
  // The model's enum names csv as the only format; the wire layer has refused any other.
  const text = Buffer.from(input.body ?? new Uint8Array()).toString('utf8');
  const rows = readRows(text);
  const ids: string[] = [];
  const warnings: string[] = [];
  const now = ctx.now.toISOString();
  for (const row of rows) {
    const existing = await findByValue(ctx.tx, row.key);
    const key: ApiKeyRecord = existing
      ? { ...existing, enabled: row.enabled, lastUpdatedDate: now }
      : { id: shortId(10), value: row.key, enabled: row.enabled, createdDate: now, lastUpdatedDate: now, stageKeys: [] };
    if (row.name) key.name = row.name;
    else delete key.name;
    if (row.description) key.description = row.description;
    else delete key.description;
    await ctx.tx.put(KIND.apiKey, key.id, key);
    if (!ids.includes(key.id)) ids.push(key.id);
    for (const planId of row.usagePlanIds) {
      const plan = await ctx.tx.get<UsagePlanRecord>(KIND.usagePlan, planId);
      if (!plan) {
        warnings.push(`Line ${row.line}: Usage Plan ${planId} not found; the API Key was not added to it`);
        continue;
      }
      try {
        await addPlanKey(ctx.tx, plan, key.id);
      } catch (err) {
        if (!(err instanceof AwsError)) throw err;
        warnings.push(`Line ${row.line}: ${err.message}`);
      }
    }
  }
  if (warnings.length && input.failOnWarnings) throw badRequest(`API Keys not imported because of warnings: ${warnings.join('; ')}`);
  return warnings.length ? { ids, warnings } : { ids };
}

export const handlers: Handlers = {
  ImportApiKeys: importApiKeys,
};
