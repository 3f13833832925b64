/**
 * x-amazon-apigateway-integration on an operation: the method's integration and its integration
 * responses, put with PutIntegration and PutIntegrationResponse so they are what those calls make.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-swagger-extensions-integration.html
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-swagger-extensions-integration-responses.html
 *
 * The definition writes enums in lower case (type "aws_proxy", passthroughBehavior
 * "when_no_match"); AWS answers them upper case (recorded). `responses` is keyed by selection
 * pattern, "default" being the response without one; status codes may be integers in YAML
 * (recorded: test_import_with_integer_http_status_code). The extension may be a `$ref` into
 * components/x-amazon-apigateway-integrations.
 */
import { badRequest } from '../../../aws/errors.js';
import type { S_IntegrationType, S_PutIntegrationRequest, S_PutIntegrationResponseRequest } from '../../../aws/generated/apigateway.js';
import { handlers as integrationHandlers } from '../integrations.js';
import { handlers as integrationResponseHandlers } from '../integration-responses.js';
import type { ImportRun } from './context.js';
import { deref, entries, obj, scalarText, str, type JsonObject } from './json.js';
import { methodWhere, stringMap } from './string-maps.js';

const TYPES = ['HTTP', 'HTTP_PROXY', 'AWS', 'AWS_PROXY', 'MOCK'];
const EXTENSION = 'x-amazon-apigateway-integration';

export interface MethodTarget {
  resourceId: string;
  path: string;
  httpMethod: string;
}

export async function importIntegration(run: ImportRun, operation: JsonObject, target: MethodTarget): Promise<void> {
  if (operation[EXTENSION] === undefined) return;
  const ext = deref(run.doc.root, operation[EXTENSION]);
  const { path, httpMethod, resourceId } = target;
  const where = methodWhere(path, httpMethod);
  const put = await run.attempt(`Unable to put integration on '${httpMethod}' for resource at path '${path}'`, async () => {
    const input = integrationInput(run, ext, target, where);
    return integrationHandlers.PutIntegration!(input, run.ctx);
  });
  if (!put) return;
  for (const [pattern, value] of entries(ext.responses)) {
    const def = obj(value);
    await run.attempt(`Unable to put integration response on '${httpMethod}' for resource at path '${path}'`, async () => {
      const statusCode = scalarText(def.statusCode);
      if (statusCode === undefined || !/^[1-5]\d\d$/.test(statusCode)) {
        throw badRequest(`Invalid status code '${scalarText(def.statusCode) ?? JSON.stringify(def.statusCode ?? null)}' for selection pattern '${pattern}'`);
      }
      const input: S_PutIntegrationResponseRequest = {
        restApiId: run.restApiId,
        resourceId,
        httpMethod,
        statusCode,
        selectionPattern: pattern === 'default' ? undefined : pattern,
        responseParameters: stringMap(run, def.responseParameters, 'responseParameters', where),
        responseTemplates: stringMap(run, def.responseTemplates, 'responseTemplates', where),
        contentHandling: enumValue(def.contentHandling, 'contentHandling') as S_PutIntegrationResponseRequest['contentHandling'],
      };
      await integrationResponseHandlers.PutIntegrationResponse!(input, run.ctx);
    });
  }
}

function integrationInput(run: ImportRun, ext: JsonObject, target: MethodTarget, where: string): S_PutIntegrationRequest {
  const type = str(ext.type)?.toUpperCase();
  if (!type || !TYPES.includes(type)) {
    throw badRequest(`Invalid integration type specified: ${scalarText(ext.type) ?? JSON.stringify(ext.type ?? null)}. Valid options are ${TYPES.join(',')}`);
  }
  const timeout = ext.timeoutInMillis;
  const timeoutText = scalarText(timeout);
  if (timeout !== undefined && (timeoutText === undefined || !/^\d+$/.test(timeoutText.trim()))) {
    throw badRequest(`Invalid timeoutInMillis ${JSON.stringify(timeout)}: an integer number of milliseconds is expected`);
  }
  const cacheKeys = ext.cacheKeyParameters;
  if (cacheKeys !== undefined && (!Array.isArray(cacheKeys) || cacheKeys.some((k) => typeof k !== 'string'))) {
    throw badRequest('Invalid cacheKeyParameters: a list of method request parameter names is expected');
  }
  const tls = ext.tlsConfig;
  let tlsConfig: S_PutIntegrationRequest['tlsConfig'];
  if (tls !== undefined) {
    const skip = obj(tls).insecureSkipVerification;
    if (skip !== undefined && typeof skip !== 'boolean') throw badRequest('Invalid tlsConfig.insecureSkipVerification: true or false is expected');
    tlsConfig = skip === undefined ? {} : { insecureSkipVerification: skip };
  }
  return {
    restApiId: run.restApiId,
    resourceId: target.resourceId,
    httpMethod: target.httpMethod,
    type: type as S_IntegrationType,
    // A MOCK integration calls nothing: AWS keeps no verb for it (recorded: test_import_with_http_method_integration).
    integrationHttpMethod: type === 'MOCK' ? undefined : stringValue(ext.httpMethod, 'httpMethod'),
    uri: stringValue(ext.uri, 'uri'),
    connectionType: enumValue(ext.connectionType, 'connectionType') as S_PutIntegrationRequest['connectionType'],
    connectionId: stringValue(ext.connectionId, 'connectionId'),
    credentials: stringValue(ext.credentials, 'credentials'),
    requestParameters: stringMap(run, ext.requestParameters, 'requestParameters', where),
    requestTemplates: stringMap(run, ext.requestTemplates, 'requestTemplates', where),
    passthroughBehavior: enumValue(ext.passthroughBehavior, 'passthroughBehavior'),
    cacheNamespace: stringValue(ext.cacheNamespace, 'cacheNamespace'),
    cacheKeyParameters: cacheKeys as string[] | undefined,
    contentHandling: enumValue(ext.contentHandling, 'contentHandling') as S_PutIntegrationRequest['contentHandling'],
    timeoutInMillis: timeoutText === undefined ? undefined : Number(timeoutText),
    tlsConfig,
  };
}

function stringValue(v: unknown, field: string): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw badRequest(`Invalid value for ${field}: a string is expected`);
  return v;
}

/** Enum members are case-insensitive in definitions ("when_no_match"). */
const enumValue = (v: unknown, field: string) => stringValue(v, field)?.toUpperCase();
