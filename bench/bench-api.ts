/**
 * The REST API the data-plane benchmark invokes, built through the genuine
 * @aws-sdk/client-api-gateway and deployed to stage "bench":
 *  - `ANY /proxy/{proxy+}`: HTTP_PROXY to the backend (`{backend}/{proxy}`), the path parameter
 *    mapped as the console maps it;
 *  - `GET /mock`: MOCK, request template `{"statusCode": 200}`, and an integration response whose
 *    template reads `$context` and `$input.params()` (so the template engine runs per request).
 * Before any load, each target is called once and its answer checked, so a benchmark can never
 * measure an error page at high speed.
 */
import {
  APIGatewayClient,
  CreateDeploymentCommand,
  CreateResourceCommand,
  CreateRestApiCommand,
  PutIntegrationCommand,
  PutIntegrationResponseCommand,
  PutMethodCommand,
  PutMethodResponseCommand,
} from '@aws-sdk/client-api-gateway';

export const STAGE = 'bench';

export const MOCK_RESPONSE_TEMPLATE = [
  '#set($params = $input.params())',
  '{',
  '  "requestId": "$context.requestId",',
  '  "resourcePath": "$context.resourcePath",',
  '  "stage": "$context.stage",',
  '  "name": "$input.params(\'name\')",',
  '  "fromMap": "$params.querystring.name"',
  '}',
].join('\n');

export interface BenchApi {
  restApiId: string;
  /** Invocation URLs (the `/_aws/execute-api/{apiId}/{stage}/...` form, so no Host header is needed). */
  proxyUrl: string;
  mockUrl: string;
}

export async function deployBenchApi(gatehouseUrl: string, backendUrl: string): Promise<BenchApi> {
  const client = new APIGatewayClient({
    endpoint: gatehouseUrl,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 1,
  });
  try {
    const api = await client.send(new CreateRestApiCommand({ name: 'bench-data-plane' }));
    const restApiId = api.id!;
    const root = api.rootResourceId!;

    const proxyParent = await client.send(new CreateResourceCommand({ restApiId, parentId: root, pathPart: 'proxy' }));
    const proxy = await client.send(new CreateResourceCommand({ restApiId, parentId: proxyParent.id!, pathPart: '{proxy+}' }));
    const proxyTarget = { restApiId, resourceId: proxy.id!, httpMethod: 'ANY' };
    await client.send(new PutMethodCommand({ ...proxyTarget, authorizationType: 'NONE', requestParameters: { 'method.request.path.proxy': true } }));
    await client.send(
      new PutIntegrationCommand({
        ...proxyTarget,
        type: 'HTTP_PROXY',
        integrationHttpMethod: 'ANY',
        uri: `${backendUrl}/{proxy}`,
        requestParameters: { 'integration.request.path.proxy': 'method.request.path.proxy' },
      }),
    );

    const mock = await client.send(new CreateResourceCommand({ restApiId, parentId: root, pathPart: 'mock' }));
    const mockTarget = { restApiId, resourceId: mock.id!, httpMethod: 'GET' };
    await client.send(new PutMethodCommand({ ...mockTarget, authorizationType: 'NONE' }));
    await client.send(new PutIntegrationCommand({ ...mockTarget, type: 'MOCK', requestTemplates: { 'application/json': '{"statusCode": 200}' } }));
    await client.send(new PutMethodResponseCommand({ ...mockTarget, statusCode: '200' }));
    await client.send(
      new PutIntegrationResponseCommand({
        ...mockTarget,
        statusCode: '200',
        selectionPattern: '',
        responseTemplates: { 'application/json': MOCK_RESPONSE_TEMPLATE },
      }),
    );
    await client.send(new CreateDeploymentCommand({ restApiId, stageName: STAGE }));
    const base = `${gatehouseUrl}/_aws/execute-api/${restApiId}/${STAGE}`;
    return { restApiId, proxyUrl: `${base}/proxy/hello`, mockUrl: `${base}/mock?name=bench` };
  } finally {
    client.destroy();
  }
}

/**
 * One request to each target, checked: the proxy must return the backend's own answer, the mock
 * its rendered template (with this request's id, which is also in x-amzn-RequestId).
 */
export async function checkTargets(directUrl: string, api: BenchApi, gatehouseLog?: () => string): Promise<void> {
  try {
    await check(directUrl, api);
  } catch (err) {
    const log = gatehouseLog?.().trim();
    throw new Error(`${(err as Error).message}${log ? `\nGatehouse's output:\n${log.slice(-1500)}` : ''}`);
  }
}

async function check(directUrl: string, api: BenchApi): Promise<void> {
  const direct = await fetch(directUrl);
  const directBody = await direct.text();
  if (direct.status !== 200) throw new Error(`the backend answered ${direct.status}: ${directBody}`);

  const proxied = await fetch(api.proxyUrl);
  const proxiedBody = await proxied.text();
  if (proxied.status !== 200 || proxiedBody !== directBody) {
    throw new Error(`HTTP_PROXY answered ${proxied.status} ${proxiedBody.slice(0, 300)} (expected 200 ${directBody})`);
  }

  const mocked = await fetch(api.mockUrl);
  const mockedBody = await mocked.text();
  const requestId = mocked.headers.get('x-amzn-requestid');
  let parsed: Record<string, unknown> | undefined;
  try {
    parsed = JSON.parse(mockedBody);
  } catch {
    parsed = undefined;
  }
  if (mocked.status !== 200 || !requestId || parsed?.requestId !== requestId || parsed?.name !== 'bench' || parsed?.resourcePath !== '/mock') {
    throw new Error(`MOCK answered ${mocked.status} (x-amzn-RequestId ${requestId}): ${mockedBody.slice(0, 300)}`);
  }
}
