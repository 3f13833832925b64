/**
 * Builds and deploys a REST API from a compact description through the genuine SDK client, and
 * calls it over plain HTTP, for data-plane tests of what the client gets back.
 */
import {
  CreateDeploymentCommand,
  CreateResourceCommand,
  PutGatewayResponseCommand,
  PutIntegrationCommand,
  PutIntegrationResponseCommand,
  PutMethodCommand,
  PutMethodResponseCommand,
  UpdateRestApiCommand,
  type GatewayResponseType,
  type PutIntegrationCommandInput,
  type PutIntegrationResponseCommandInput,
} from '@aws-sdk/client-api-gateway';
import { createRestApi, type Server } from './gatehouse.js';
import { http, type HttpAnswer, type HttpCall } from './http.js';

type Ids = 'restApiId' | 'resourceId' | 'httpMethod';

export interface MethodSpec {
  /** Resource path below the root ('/items/{code}'); '/' is the root. */
  path: string;
  httpMethod?: string;
  requestParameters?: Record<string, boolean>;
  integration: Omit<PutIntegrationCommandInput, Ids>;
  responses: Omit<PutIntegrationResponseCommandInput, Ids>[];
}

export interface ApiSpec {
  name?: string;
  binaryMediaTypes?: string[];
  methods: MethodSpec[];
  gatewayResponses?: { responseType: GatewayResponseType; statusCode?: string; responseParameters?: Record<string, string>; responseTemplates?: Record<string, string> }[];
  stageVariables?: Record<string, string>;
}

export interface DeployedApi {
  restApiId: string;
  stage: string;
  /** Calls `{path}` on the deployed stage through /_aws/execute-api. */
  call(path: string, call?: Omit<HttpCall, 'path'>): Promise<HttpAnswer>;
}

export async function deployApi(server: Server, spec: ApiSpec, stage = 'test'): Promise<DeployedApi> {
  const c = server.client;
  const { restApiId, rootId } = await createRestApi(c, spec.name ?? 'responses');
  if (spec.binaryMediaTypes?.length) {
    await c.send(
      new UpdateRestApiCommand({
        restApiId,
        patchOperations: spec.binaryMediaTypes.map((t) => ({ op: 'add' as const, path: `/binaryMediaTypes/${t.replace(/~/g, '~0').replace(/\//g, '~1')}` })),
      }),
    );
  }
  const resources = new Map<string, string>([['/', rootId]]);
  async function resourceId(path: string): Promise<string> {
    const known = resources.get(path);
    if (known) return known;
    const cut = path.lastIndexOf('/');
    const parentId = await resourceId(cut === 0 ? '/' : path.slice(0, cut));
    const created = await c.send(new CreateResourceCommand({ restApiId, parentId, pathPart: path.slice(cut + 1) }));
    resources.set(path, created.id!);
    return created.id!;
  }
  for (const m of spec.methods) {
    const at = { restApiId, resourceId: await resourceId(m.path), httpMethod: m.httpMethod ?? 'GET' };
    await c.send(new PutMethodCommand({ ...at, authorizationType: 'NONE', requestParameters: m.requestParameters }));
    await c.send(new PutIntegrationCommand({ ...at, ...m.integration }));
    for (const r of m.responses) {
      const headers = Object.keys(r.responseParameters ?? {}).filter((k) => k.startsWith('method.response.header.'));
      await c.send(new PutMethodResponseCommand({ ...at, statusCode: r.statusCode, responseParameters: Object.fromEntries(headers.map((h) => [h, false])) }));
      await c.send(new PutIntegrationResponseCommand({ ...at, ...r }));
    }
  }
  for (const gr of spec.gatewayResponses ?? []) await c.send(new PutGatewayResponseCommand({ restApiId, ...gr }));
  await c.send(new CreateDeploymentCommand({ restApiId, stageName: stage, variables: spec.stageVariables }));
  return {
    restApiId,
    stage,
    call: (path, call = {}) => http(server.g.url, { ...call, path: `/_aws/execute-api/${restApiId}/${stage}${path}` }),
  };
}

/** The header names as the answer spelled them (Node lower-cases `headers`). */
export function headerNames(answer: HttpAnswer): string[] {
  return answer.rawHeaders.filter((_, i) => i % 2 === 0);
}
