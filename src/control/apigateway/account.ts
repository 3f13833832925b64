/**
 * Account: GetAccount, UpdateAccount. One Account per (account, region), holding the CloudWatch
 * role API Gateway logs with, the account-level throttle and the enabled features.
 * https://docs.aws.amazon.com/apigateway/latest/api/API_GetAccount.html
 *
 * A fresh account answers AWS's defaults: throttleSettings {burstLimit 5000, rateLimit 10000},
 * features ["UsagePlans"], apiKeyVersion "4", and no cloudwatchRoleArn until one is set.
 * UpdateAccount's paths (patch-operations, UpdateAccount): `/cloudwatchRoleArn` replace, and
 * `/features` add and remove ("Supported, but not for the UsagePlans feature").
 *
 * Gatehouse extension: `/throttle/rateLimit` and `/throttle/burstLimit` replace set the account's
 * throttleSettings, which the data plane enforces (src/gateway/usage/). On AWS they are read-only
 * ("The account-level rate limit can be increased upon request", api-gateway-request-throttling);
 * here they stand in for that request, e.g. to lift the limit for a load test.
 */
import { badRequest } from '../../aws/errors.js';
import type { S_Account, S_UpdateAccountRequest } from '../../aws/generated/apigateway.js';
import type { Handlers, RequestContext } from '../types.js';
import { applyPatch, patchInteger, patchNumber, type PatchRule } from './patch/index.js';
import { KIND } from './records.js';

const ACCOUNT_KEY = 'account';
/** The features API Gateway v1 knows; usage plans are on for every account and cannot be turned off. */
const KNOWN_FEATURES = ['UsagePlans'];
/** arn:aws:iam::123456789012:role/path/name */
const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@\-/]{1,512}$/;

type AccountDoc = S_Account & { features: string[] };

function defaultAccount(): AccountDoc {
  return { throttleSettings: { burstLimit: 5000, rateLimit: 10000 }, features: ['UsagePlans'], apiKeyVersion: '4' };
}

async function readAccount(ctx: RequestContext): Promise<AccountDoc> {
  return (await ctx.tx.get<AccountDoc>(KIND.account, ACCOUNT_KEY)) ?? defaultAccount();
}

const rules: PatchRule<AccountDoc>[] = [
  {
    path: '/cloudwatchRoleArn',
    ops: ['replace'],
    apply(doc, ctx) {
      // An empty value clears the role, as the console's "remove logging role" does.
      if (ctx.value === undefined || ctx.value === '') {
        delete doc.cloudwatchRoleArn;
        return;
      }
      // AWS's wording for an ARN that is not an IAM role ARN.
      if (!ROLE_ARN.test(ctx.value)) throw badRequest('The role ARN is not well formed');
      doc.cloudwatchRoleArn = ctx.value;
    },
  },
  {
    path: '/throttle/rateLimit',
    ops: ['replace'],
    apply(doc, ctx) {
      const n = patchNumber(ctx);
      if (!Number.isFinite(n) || n < 0) throw badRequest(`Invalid rate limit ${ctx.value}: must be a non-negative number`);
      doc.throttleSettings = { ...doc.throttleSettings, rateLimit: n };
    },
  },
  {
    path: '/throttle/burstLimit',
    ops: ['replace'],
    apply(doc, ctx) {
      const n = patchInteger(ctx);
      if (n < 0) throw badRequest(`Invalid burst limit ${n}: must not be negative`);
      doc.throttleSettings = { ...doc.throttleSettings, burstLimit: n };
    },
  },
  {
    path: '/features',
    ops: ['add', 'remove'],
    apply(doc, ctx) {
      const feature = ctx.value ?? '';
      if (!KNOWN_FEATURES.includes(feature)) throw badRequest(`Invalid feature '${feature}'. Must be one of: [${KNOWN_FEATURES.join(', ')}]`);
      if (ctx.op === 'remove') throw badRequest(`The ${feature} feature cannot be removed.`);
      if (!doc.features.includes(feature)) doc.features.push(feature);
    },
  },
];

async function getAccount(_input: unknown, ctx: RequestContext): Promise<AccountDoc> {
  return readAccount(ctx);
}

async function updateAccount(input: S_UpdateAccountRequest, ctx: RequestContext): Promise<AccountDoc> {
  const updated = applyPatch(await readAccount(ctx), input.patchOperations, rules);
  await ctx.tx.put(KIND.account, ACCOUNT_KEY, updated);
  return updated;
}

export const handlers: Handlers = {
  GetAccount: getAccount,
  UpdateAccount: updateAccount,
};
