/**
 * Request validation: a method with a request validator checks, before the integration request,
 *  - validateRequestParameters: every `method.request.{header|querystring|path}.*` marked required
 *    is present and not blank, else 400 BAD_REQUEST_PARAMETERS
 *    {"message": "Missing required request parameters: [a, b]"} (all of them, by full name);
 *  - validateRequestBody: the body against the request model of its Content-Type (media type
 *    only, case-insensitive; no Content-Type is application/json), else the `$default` model; no
 *    matching model, nothing to check. A body that is not JSON or does not match: 400
 *    BAD_REQUEST_BODY {"message": "Invalid request body"}. An empty body is validated as `{}`.
 * Parameters are checked first. What was wrong goes to `$context.error.validationErrorString`.
 * Methods without a validator carry none (request-validators.ts) and return at once.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-method-request-validation.html
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-method-settings-method-request.html#setup-method-request-model
 */
import { apiConfigurationError, badRequestBody, badRequestParameters } from '../../errors.js';
import type { InvocationContext } from '../context.js';
import type { BodyValidator, RequiredParameter } from '../request-validators.js';
import { validationErrorString } from '../schema-errors.js';

export function requestValidation(ctx: InvocationContext): void {
  const v = ctx.method?.validation;
  if (!v) return;
  if (v.requiredParameters) checkParameters(ctx, v.requiredParameters);
  if (v.bodyModels) checkBody(ctx, v.bodyModels);
}

const blank = (value: string | undefined) => value === undefined || value.trim() === '';

function checkParameters(ctx: InvocationContext, required: RequiredParameter[]): void {
  let missing: string[] | undefined;
  for (const p of required) {
    const value =
      p.from === 'header'
        ? ctx.request.headers[p.name.toLowerCase()]
        : p.from === 'querystring'
          ? ctx.methodRequest?.querystring[p.name]
          : ctx.pathParameters?.[p.name];
    if (blank(value)) (missing ??= []).push(p.name);
  }
  if (missing) throw badRequestParameters(missing);
}

function checkBody(ctx: InvocationContext, models: Map<string, BodyValidator>): void {
  const header = ctx.request.headers['content-type'];
  const contentType = header ? header.split(';')[0].trim().toLowerCase() || 'application/json' : 'application/json';
  const model = models.get(contentType) ?? models.get('$default');
  if (!model) return;
  if (!model.ok) throw apiConfigurationError(model.error);
  const text = ctx.request.body.toString('utf8');
  let body: unknown;
  try {
    body = text.trim() === '' ? {} : JSON.parse(text);
  } catch (err) {
    throw badRequestBody(contentType, `[Invalid JSON: ${(err as Error).message}]`);
  }
  let valid: boolean;
  try {
    valid = model.validate(body) as boolean;
  } catch {
    // A body nested past the stack's depth against a recursive model cannot be shown to match.
    throw badRequestBody(contentType, '[instance is nested too deeply to validate]');
  }
  if (!valid) throw badRequestBody(contentType, validationErrorString(model.validate.errors));
}
