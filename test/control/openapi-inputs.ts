/**
 * The OpenAPI files recorded beside the AWS snapshots (shared/reference/aws-recorded-responses/
 * openapi-inputs/), with the placeholders LocalStack's tests fill in before importing them
 * (a Lambda invocation ARN, an HTTP endpoint, a role, a Cognito user pool).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { OPENAPI_INPUTS_DIR } from '../parity/snapshot.js';

export const LAMBDA_INVOCATION_ARN =
  'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:000000000000:function:function-name/invocations';

const PLACEHOLDERS: Record<string, string> = {
  '${uri}': 'http://petstore.execute-api.us-east-1.amazonaws.com/petstore/pets',
  '${lambda_invocation_arn}': LAMBDA_INVOCATION_ARN,
  '${authorizer_lambda_invocation_arn}': LAMBDA_INVOCATION_ARN,
  '${credentials}': 'arn:aws:iam::000000000000:role/apigw-invoke',
  '${cognito_pool_arn}': 'arn:aws:cognito-idp:us-east-1:000000000000:userpool/us-east-1_ABC123',
};

/** The definition files (JSON or YAML; the .vm templates beside them are not definitions). */
export function openApiInputFiles(): string[] {
  return readdirSync(OPENAPI_INPUTS_DIR).filter((f) => /\.(json|ya?ml)$/.test(f)).sort();
}

export function openApiInput(file: string, extra: Record<string, string> = {}): string {
  let text = readFileSync(join(OPENAPI_INPUTS_DIR, file), 'utf8');
  for (const [from, to] of Object.entries({ ...PLACEHOLDERS, ...extra })) text = text.split(from).join(to);
  return text;
}
