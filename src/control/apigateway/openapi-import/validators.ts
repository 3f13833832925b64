/**
 * x-amazon-apigateway-request-validators (named validators) and x-amazon-apigateway-request-validator
 * (the default for every method, or one method's choice), by name.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-swagger-extensions-request-validators.html
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-swagger-extensions-request-validator.html
 */
import { badRequest } from '../../../aws/errors.js';
import { shortId } from '../../../aws/ids.js';
import type { S_RequestValidator } from '../../../aws/generated/apigateway.js';
import { apiKey, KIND, listUnderApi } from '../records.js';
import type { ImportRun } from './context.js';
import { entries, obj, str } from './json.js';

export async function importRequestValidators(run: ImportRun): Promise<void> {
  const existing = new Map((await listUnderApi<S_RequestValidator>(run.ctx.tx, KIND.requestValidator, run.restApiId)).map((v) => [v.name!, v]));
  for (const [name, v] of existing) run.validatorIds.set(name, v.id!);
  for (const [name, value] of entries(run.doc.root['x-amazon-apigateway-request-validators'])) {
    await run.attempt(`Unable to create request validator '${name}'`, async () => {
      if (name.trim() === '') throw badRequest('Request Validator name cannot be blank');
      const def = obj(value);
      const flag = (key: 'validateRequestBody' | 'validateRequestParameters') => {
        const v = def[key];
        if (v !== undefined && typeof v !== 'boolean') throw badRequest(`Invalid value for ${key}: true or false is expected`);
        return v ?? false;
      };
      const validator: S_RequestValidator = {
        id: existing.get(name)?.id ?? shortId(6),
        name,
        validateRequestBody: flag('validateRequestBody'),
        validateRequestParameters: flag('validateRequestParameters'),
      };
      await run.ctx.tx.put(KIND.requestValidator, apiKey(run.restApiId, validator.id!), validator);
      run.validatorIds.set(name, validator.id!);
    });
  }
}

/** The validator a method uses: its own x-amazon-apigateway-request-validator, else the definition's. */
export function methodValidatorId(run: ImportRun, operationChoice: unknown, where: string): string | undefined {
  const name = str(operationChoice) ?? str(run.doc.root['x-amazon-apigateway-request-validator']);
  if (name === undefined) return undefined;
  const id = run.validatorIds.get(name);
  if (!id) run.errors.push(`Unable to put method on ${where}: Invalid request validator '${name}': it is not defined in x-amazon-apigateway-request-validators`);
  return id;
}
