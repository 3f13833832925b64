/**
 * x-amazon-apigateway-gateway-responses: customised gateway responses by response type, put as
 * PutGatewayResponse puts them (status code, response parameters, response templates).
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-swagger-extensions-gateway-responses.html
 */
import { badRequest } from '../../../aws/errors.js';
import type { S_PutGatewayResponseRequest } from '../../../aws/generated/apigateway.js';
import { GATEWAY_RESPONSE_TYPES, type GatewayResponseType } from '../gateway-response-defaults.js';
import { handlers as gatewayResponses } from '../gateway-responses.js';
import type { ImportRun } from './context.js';
import { entries, obj, scalarText } from './json.js';
import { stringMap } from './string-maps.js';

const STATUS_CODE = /^[1-5]\d\d$/;

export async function importGatewayResponses(run: ImportRun): Promise<void> {
  for (const [type, value] of entries(run.doc.root['x-amazon-apigateway-gateway-responses'])) {
    await run.attempt(`Unable to put gateway response '${type}'`, async () => {
      if (!GATEWAY_RESPONSE_TYPES.includes(type as GatewayResponseType)) {
        throw badRequest(`Invalid gateway response type '${type}'. Must be one of: [${GATEWAY_RESPONSE_TYPES.join(', ')}]`);
      }
      const def = obj(value);
      const statusCode = def.statusCode === undefined ? undefined : scalarText(def.statusCode);
      if (def.statusCode !== undefined && (statusCode === undefined || !STATUS_CODE.test(statusCode))) {
        throw badRequest(`Invalid status code '${scalarText(def.statusCode) ?? JSON.stringify(def.statusCode)}': it must be a 3-digit HTTP status code from 100 to 599`);
      }
      const where = `gateway response '${type}'`;
      const input: S_PutGatewayResponseRequest = {
        restApiId: run.restApiId,
        responseType: type as GatewayResponseType,
        statusCode,
        responseParameters: stringMap(run, def.responseParameters, 'responseParameters', where),
        responseTemplates: stringMap(run, def.responseTemplates, 'responseTemplates', where),
      };
      await gatewayResponses.PutGatewayResponse!(input, run.ctx);
    });
  }
}
