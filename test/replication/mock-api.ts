/** A small source API for the lock and journal-compaction tests. */
import {
  APIGatewayClient,
  CreateDeploymentCommand,
  CreateRestApiCommand,
  CreateStageCommand,
  GetResourcesCommand,
  PutIntegrationCommand,
  PutIntegrationResponseCommand,
  PutMethodCommand,
  PutMethodResponseCommand,
} from '@aws-sdk/client-api-gateway';

/** A REST API whose root answers a MOCK body, deployed to prod. */
export async function mockApi(c: APIGatewayClient, name: string) {
  const api = await c.send(new CreateRestApiCommand({ name }));
  const restApiId = api.id!;
  const resourceId = (await c.send(new GetResourcesCommand({ restApiId }))).items![0]!.id!;
  const ids = { restApiId, resourceId, httpMethod: 'GET' };
  await c.send(new PutMethodCommand({ ...ids, authorizationType: 'NONE' }));
  await c.send(new PutMethodResponseCommand({ ...ids, statusCode: '200' }));
  await c.send(new PutIntegrationCommand({ ...ids, type: 'MOCK', requestTemplates: { 'application/json': '{"statusCode": 200}' } }));
  const answer = async (body: string) => {
    await c.send(new PutIntegrationResponseCommand({ ...ids, statusCode: '200', responseTemplates: { 'application/json': body } }));
    await c.send(new CreateDeploymentCommand({ restApiId, stageName: 'prod' }));
  };
  await c.send(new PutIntegrationResponseCommand({ ...ids, statusCode: '200', responseTemplates: { 'application/json': '{"n": 0}' } }));
  const deployment = await c.send(new CreateDeploymentCommand({ restApiId }));
  await c.send(new CreateStageCommand({ restApiId, stageName: 'prod', deploymentId: deployment.id! }));
  return { restApiId, answer };
}
