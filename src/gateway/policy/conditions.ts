/**
 * A statement's Condition block, compiled into predicates: operators String*, Numeric*, Date*,
 * Bool, IpAddress / NotIpAddress (IPv4 and IPv6 CIDRs), Arn*, Null, each with the `...IfExists`
 * suffix and the ForAnyValue: / ForAllValues: qualifiers (every key here is single-valued).
 * IAM's rules: operators AND together, keys of one operator AND, the values of one key OR (NOR
 * for a negated operator). A key the request does not carry fails the condition, except that a
 * negated operator (StringNotEquals, NotIpAddress...) then holds, `...IfExists` holds, and Null
 * tests exactly that.
 * An operator Gatehouse does not know fails closed: it holds in a Deny statement and fails in an
 * Allow one, so an unknown test never widens access.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_multi-value-conditions.html
 */
import { BlockList, isIP } from 'node:net';
import { wildcardMatch } from '../rest/authorizer-policy.js';
import { keyReader } from './condition-keys.js';
import type { RequestTest } from './types.js';

/** Whether a present value matches any of the policy's values (the operator's positive form). */
type ValueTest = (value: string) => boolean;

/** Negated operator -> the positive operator it negates. */
const NEGATED: Record<string, string> = {
  StringNotEquals: 'StringEquals',
  StringNotEqualsIgnoreCase: 'StringEqualsIgnoreCase',
  StringNotLike: 'StringLike',
  NumericNotEquals: 'NumericEquals',
  DateNotEquals: 'DateEquals',
  NotIpAddress: 'IpAddress',
  ArnNotEquals: 'ArnEquals',
  ArnNotLike: 'ArnLike',
};

/** The Condition element compiled: one test per (operator, key), all of which must hold. */
export function compileConditions(condition: unknown, allow: boolean): RequestTest[] {
  if (!isObject(condition)) return [];
  const tests: RequestTest[] = [];
  for (const [operator, block] of Object.entries(condition)) {
    if (!isObject(block)) {
      tests.push(() => !allow);
      continue;
    }
    for (const [key, values] of Object.entries(block)) tests.push(compileCondition(operator, key, values, allow));
  }
  return tests;
}

export function compileCondition(operator: string, key: string, rawValues: unknown, allow: boolean): RequestTest {
  let name = operator;
  let qualifier: 'any' | 'all' | undefined;
  if (name.startsWith('ForAnyValue:')) [qualifier, name] = ['any', name.slice('ForAnyValue:'.length)];
  else if (name.startsWith('ForAllValues:')) [qualifier, name] = ['all', name.slice('ForAllValues:'.length)];
  const ifExists = name !== 'Null' && name.endsWith('IfExists');
  if (ifExists) name = name.slice(0, -'IfExists'.length);
  const values = toStrings(rawValues);
  const read = keyReader(key);

  if (name === 'Null') {
    if (!values) return () => !allow;
    return (r) => {
      const absent = read(r) === undefined;
      return values.some((v) => v.toLowerCase() === String(absent));
    };
  }
  const positive = NEGATED[name] ?? name;
  const negated = positive !== name;
  const test = values ? valueTest(positive, values) : undefined;
  if (!test) return () => !allow;
  // Absent key: IfExists holds; ForAllValues holds over no values; a negated operator holds; else fails.
  const whenAbsent = ifExists || qualifier === 'all' || (negated && qualifier !== 'any');
  return (r) => {
    const value = read(r);
    if (value === undefined) return whenAbsent;
    return negated ? !test(value) : test(value);
  };
}

function valueTest(operator: string, values: string[]): ValueTest | undefined {
  switch (operator) {
    case 'StringEquals':
      return (v) => values.includes(v);
    case 'StringEqualsIgnoreCase': {
      const lower = values.map((x) => x.toLowerCase());
      return (v) => lower.includes(v.toLowerCase());
    }
    case 'StringLike':
    case 'ArnLike':
    case 'ArnEquals':
      // ArnEquals matches like ArnLike: both take the * and ? wildcards per ARN segment.
      return (v) => values.some((p) => wildcardMatch(p, v));
    case 'NumericEquals':
      return numeric(values, (a, b) => a === b);
    case 'NumericLessThan':
      return numeric(values, (a, b) => a < b);
    case 'NumericLessThanEquals':
      return numeric(values, (a, b) => a <= b);
    case 'NumericGreaterThan':
      return numeric(values, (a, b) => a > b);
    case 'NumericGreaterThanEquals':
      return numeric(values, (a, b) => a >= b);
    case 'DateEquals':
      return dates(values, (a, b) => a === b);
    case 'DateLessThan':
      return dates(values, (a, b) => a < b);
    case 'DateLessThanEquals':
      return dates(values, (a, b) => a <= b);
    case 'DateGreaterThan':
      return dates(values, (a, b) => a > b);
    case 'DateGreaterThanEquals':
      return dates(values, (a, b) => a >= b);
    case 'Bool': {
      const lower = values.map((x) => x.toLowerCase());
      return (v) => lower.includes(v.toLowerCase());
    }
    case 'IpAddress':
      return ipTest(values);
    default:
      return undefined;
  }
}

function numeric(values: string[], cmp: (request: number, policy: number) => boolean): ValueTest {
  const nums = values.map(Number).filter((n) => !Number.isNaN(n));
  return (v) => {
    const n = Number(v);
    return !Number.isNaN(n) && nums.some((p) => cmp(n, p));
  };
}

/** A date as IAM reads it: ISO 8601, or epoch seconds. */
function dateOf(s: string): number {
  if (/^\d+$/.test(s)) return Number(s) * 1000;
  return Date.parse(s);
}

function dates(values: string[], cmp: (request: number, policy: number) => boolean): ValueTest {
  const times = values.map(dateOf).filter((n) => !Number.isNaN(n));
  return (v) => {
    const t = dateOf(v);
    return !Number.isNaN(t) && times.some((p) => cmp(t, p));
  };
}

/** CIDRs (or single addresses) of either family in one BlockList; a malformed entry matches nothing. */
function ipTest(values: string[]): ValueTest {
  const list = new BlockList();
  for (const value of values) {
    const slash = value.indexOf('/');
    const address = slash < 0 ? value : value.slice(0, slash);
    const family = isIP(address);
    if (!family) continue;
    const max = family === 4 ? 32 : 128;
    const prefix = slash < 0 ? max : Number(value.slice(slash + 1));
    if (!Number.isInteger(prefix) || prefix < 0 || prefix > max || (slash >= 0 && !/^\d+$/.test(value.slice(slash + 1)))) continue;
    list.addSubnet(address, prefix, family === 4 ? 'ipv4' : 'ipv6');
  }
  return (v) => {
    const family = isIP(v);
    return family !== 0 && list.check(v, family === 4 ? 'ipv4' : 'ipv6');
  };
}

/** A condition's values: a string, number or boolean, or a list of them. */
function toStrings(value: unknown): string[] | undefined {
  const list = Array.isArray(value) ? value : [value];
  if (!list.length) return undefined;
  const out: string[] = [];
  for (const v of list) {
    if (typeof v === 'string') out.push(v);
    else if (typeof v === 'number' || typeof v === 'boolean') out.push(String(v));
    else return undefined;
  }
  return out;
}

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
