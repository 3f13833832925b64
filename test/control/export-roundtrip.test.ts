/**
 * Export -> import -> export is stable: every definition of openapi-inputs/ that imports and
 * deploys as it is, exported with the API Gateway extensions as Swagger 2 and OpenAPI 3, imported
 * again and exported again, gives the same document but for the API id and the date; its YAML
 * export reads (as YAML 1.1 too) as its JSON export.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-export-api.html
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { CreateDeploymentCommand, GetExportCommand, ImportRestApiCommand } from '@aws-sdk/client-api-gateway';
import { deleteRestApisAfterEach, useGatehouse } from '../helpers/gatehouse.js';
import { openApiProblems } from '../helpers/openapi-structure.js';
import { OPENAPI_INPUTS_DIR, snapshotsAvailable } from '../parity/snapshot.js';

const server = useGatehouse();
deleteRestApisAfterEach(server);

/**
 * The inputs that import and deploy as they are (petstore's ${uri} is filled in); the others hold
 * placeholders (${cognito_pool_arn}...) or methods without integrations, which AWS refuses too.
 */
const INPUTS = [
  'openapi-basepath-server-variable.yaml',
  'openapi-basepath-url.yaml',
  'openapi-method-int.spec.yaml',
  'openapi-mock.json',
  'openapi.spec.circular-ref-with-request-body.json',
  'openapi.spec.circular-ref.json',
  'openapi.spec.json',
  'openapi.spec.stage-variables.json',
  'openapi.spec.tf.json',
  'pets.json',
  'petstore-swagger.json',
  'swagger-mock-cors.json',
  'swagger.json',
  'openapi.spec.pulumi.json',
];

async function importAndDeploy(body: string): Promise<string> {
  const imported = await server.client.send(new ImportRestApiCommand({ body: new TextEncoder().encode(body), failOnWarnings: false }));
  await server.client.send(new CreateDeploymentCommand({ restApiId: imported.id!, stageName: 'rt' }));
  return imported.id!;
}

async function exported(restApiId: string, exportType: string, accepts = 'application/json'): Promise<string> {
  const out = await server.client.send(new GetExportCommand({ restApiId, stageName: 'rt', exportType, accepts, parameters: { extensions: 'apigateway' } }));
  return new TextDecoder().decode(out.body);
}

describe('export -> import -> export', { skip: !snapshotsAvailable }, () => {
  for (const file of INPUTS) {
    test(`${file} survives an export and a re-import unchanged`, async () => {
      const text = readFileSync(resolve(OPENAPI_INPUTS_DIR, file), 'utf8').replaceAll('${uri}', 'http://petstore.example.com/petstore/pets');
      const firstId = await importAndDeploy(text);
      for (const exportType of ['swagger', 'oas30']) {
        const first = await exported(firstId, exportType);
        assert.deepEqual(openApiProblems(JSON.parse(first)), [], `${exportType} is well formed`);
        assert.deepEqual(parseYaml(await exported(firstId, exportType, 'application/yaml'), { version: '1.1' }), JSON.parse(first), `${exportType} YAML says what JSON says`);
        const secondId = await importAndDeploy(first);
        const second = await exported(secondId, exportType);
        const normalise = (t: string) => {
          const doc = parseYaml(t.replaceAll(firstId, '<api-id>').replaceAll(secondId, '<api-id>'));
          doc.info.version = '<version>';
          return doc;
        };
        assert.deepEqual(normalise(second), normalise(first), exportType);
      }
    });
  }
});
