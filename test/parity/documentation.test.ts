/**
 * Parity with AWS for documentation parts: every entry recorded for
 * TestApiGatewayApiDocumentationPart::* in test_apigateway_api.snapshot.json, scenario by scenario
 * (inputs rebuilt from LocalStack's tests/aws/services/apigateway/test_apigateway_api.py), and the
 * import of openapi-inputs/oas30_documentation_parts.json through ImportDocumentationParts.
 *
 * LocalStack's snapshot parses JSON held in strings, so the recorded `properties` are objects; the
 * answers here are compared the same way (each `properties` text parsed first).
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  CreateDocumentationPartCommand,
  CreateRestApiCommand,
  DeleteDocumentationPartCommand,
  GetDocumentationPartCommand,
  GetDocumentationPartsCommand,
  ImportDocumentationPartsCommand,
  UpdateDocumentationPartCommand,
  type DocumentationPartLocation,
} from '@aws-sdk/client-api-gateway';
import { deleteRestApisAfterEach, useGatehouse } from '../helpers/gatehouse.js';
import { Bindings, capture, matchRecorded, OPENAPI_INPUTS_DIR, recorded, snapshotsAvailable } from './snapshot.js';

const FILE = 'test_apigateway_api.snapshot.json';
const skip = !snapshotsAvailable;

const server = useGatehouse();
deleteRestApisAfterEach(server);

/** The answer with each documentation part's properties text parsed, as LocalStack's snapshot shows it. */
function parsedProperties(result: Record<string, unknown>): Record<string, unknown> {
  const parse = (part: Record<string, unknown>): Record<string, unknown> =>
    typeof part.properties === 'string' ? { ...part, properties: JSON.parse(part.properties) } : part;
  const out = parse(result);
  if (Array.isArray(out.items)) out.items = out.items.map((p) => parse(p as Record<string, unknown>));
  return out;
}

function scenario(testName: string) {
  const rec = recorded(FILE, `TestApiGatewayApiDocumentationPart::${testName}`);
  const b = new Bindings();
  const seen = new Set<string>();
  return {
    async check(name: string, call: () => Promise<unknown>) {
      assert.ok(rec[name], `${testName} has no recorded entry ${name}`);
      seen.add(name);
      const result = parsedProperties(await capture(call));
      matchRecorded(rec[name], result, b, { path: name });
      return result;
    },
    done() {
      assert.deepEqual(Object.keys(rec).filter((k) => !seen.has(k)), [], `${testName}: recorded entries never compared`);
    },
  };
}

let n = 0;
async function newApi(): Promise<string> {
  return (await server.client.send(new CreateRestApiCommand({ name: `test-api-${++n}`, description: 'this is my api' }))).id!;
}

const API: DocumentationPartLocation = { type: 'API' };
const SAMPLE = '{ "description": "Sample API description" }';
const createPart = (restApiId: string, properties = SAMPLE, location = API) =>
  server.client.send(new CreateDocumentationPartCommand({ restApiId, location, properties }));

describe('DocumentationPart parity (TestApiGatewayApiDocumentationPart)', { skip }, () => {
  test('create and list on an API that does not exist: 404 naming the API', async () => {
    const s = scenario('test_doc_parts_crud_no_api');
    const properties = '{\n\t"info": {\n\t\t"description" : "Your first API with Amazon API Gateway."\n\t}\n}';
    await s.check('wrong-rest-api-id-create-doc-part', () => createPart('test-fake-rest-id', properties));
    await s.check('wrong-rest-api-id-get-doc-parts', () => server.client.send(new GetDocumentationPartsCommand({ restApiId: 'test-fake-rest-id' })));
    s.done();
  });

  test('a part is created, read, listed, updated and deleted', async () => {
    const s = scenario('test_documentation_part_lifecycle');
    const restApiId = await newApi();
    const created = await s.check('create-documentation-part', () => createPart(restApiId));
    const documentationPartId = created.id as string;
    await s.check('get-documentation-part', () => server.client.send(new GetDocumentationPartCommand({ restApiId, documentationPartId })));
    await s.check('get-documentation-parts', () => server.client.send(new GetDocumentationPartsCommand({ restApiId })));
    const patchOperations = [{ op: 'replace' as const, path: '/properties', value: '{ "description": "Updated Sample API description" }' }];
    await s.check('update-documentation-part', () =>
      server.client.send(new UpdateDocumentationPartCommand({ restApiId, documentationPartId, patchOperations })),
    );
    await s.check('get-documentation-part-after-update', () => server.client.send(new GetDocumentationPartCommand({ restApiId, documentationPartId })));
    await s.check('delete_documentation_part', () => server.client.send(new DeleteDocumentationPartCommand({ restApiId, documentationPartId })));
    s.done();
  });

  test('getting a part through a wrong API id or a wrong part id: the part is not found', async () => {
    const s = scenario('test_invalid_get_documentation_part');
    const restApiId = await newApi();
    const { id: documentationPartId } = await createPart(restApiId);
    await s.check('get-documentation-part-invalid-api-id', () =>
      server.client.send(new GetDocumentationPartCommand({ restApiId: 'api_id', documentationPartId })),
    );
    await s.check('get-documentation-part-invalid-doc-id', () =>
      server.client.send(new GetDocumentationPartCommand({ restApiId, documentationPartId: 'documentation_part_id' })),
    );
    s.done();
  });

  test('listing the parts of an unknown API: 404 naming the API', async () => {
    const s = scenario('test_invalid_get_documentation_parts');
    await s.check('get-inavlid-documentation-parts', () => server.client.send(new GetDocumentationPartsCommand({ restApiId: 'api_id' })));
    s.done();
  });

  test('updates: wrong API id, op add, unknown path', async () => {
    const s = scenario('test_invalid_update_documentation_part');
    const restApiId = await newApi();
    const { id: documentationPartId } = await createPart(restApiId);
    const value = '{ "description": "Updated Sample API description" }';
    const update = (api: string, op: 'add' | 'replace', path: string) =>
      server.client.send(new UpdateDocumentationPartCommand({ restApiId: api, documentationPartId, patchOperations: [{ op, path, value }] }));
    await s.check('update-documentation-part-invalid-api-id', () => update('api_id', 'replace', '/properties'));
    await s.check('update-documentation-part-invalid-add-operation', () => update(restApiId, 'add', '/properties'));
    await s.check('update-documentation-part-invalid-path', () => update(restApiId, 'replace', '/invalidPath'));
    s.done();
  });

  test('creates: wrong API id, a location type AWS does not know', async () => {
    const s = scenario('test_invalid_create_documentation_part_operations');
    const restApiId = await newApi();
    await s.check('create_documentation_part_invalid_api_id', () => createPart('api_id'));
    await s.check('create_documentation_part_invalid_location_type', () =>
      createPart(restApiId, SAMPLE, { type: 'INVALID' } as unknown as DocumentationPartLocation),
    );
    s.done();
  });

  test('deletes: wrong API id, then the part, then the part again', async () => {
    const s = scenario('test_invalid_delete_documentation_part');
    const restApiId = await newApi();
    const { id: documentationPartId } = await createPart(restApiId);
    const remove = (api: string) => server.client.send(new DeleteDocumentationPartCommand({ restApiId: api, documentationPartId }));
    await s.check('delete_documentation_part_wrong_api_id', () => remove('api_id'));
    await s.check('delete_documentation_part', () => remove(restApiId));
    await s.check('delete_already_deleted_documentation_part', () => remove(restApiId));
    s.done();
  });

  /**
   * AWS's recording imports the file with ImportRestApi first, then ImportDocumentationParts in
   * overwrite mode. Here the first import is ImportDocumentationParts (merge) into an empty API, so
   * this test does not depend on ImportRestApi; both put the file's four parts in place.
   */
  test('oas30_documentation_parts.json: parts imported, then re-imported in overwrite mode with new ids', async () => {
    const s = scenario('test_import_documentation_parts');
    const body = readFileSync(resolve(OPENAPI_INPUTS_DIR, 'oas30_documentation_parts.json'));
    const restApiId = await newApi();
    await server.client.send(new ImportDocumentationPartsCommand({ restApiId, body, failOnWarnings: true }));
    const first = await s.check('get-documentations-parts-after-api-imports', () => server.client.send(new GetDocumentationPartsCommand({ restApiId })));
    const imported = await s.check('import-documentation-parts', () =>
      server.client.send(new ImportDocumentationPartsCommand({ restApiId, mode: 'overwrite', body })),
    );
    const before = (first.items as { id: string }[]).map((p) => p.id);
    assert.ok((imported.ids as string[]).every((id) => !before.includes(id)), 'overwrite replaces the parts: every id is new');
    await s.check('get-documentations-parts-after-import', () => server.client.send(new GetDocumentationPartsCommand({ restApiId })));
    s.done();
  });

  test('a body that is not an OpenAPI document, YAML or JSON: "Unable to build importer"', async () => {
    const s = scenario('test_import_documentation_parts_bad_file');
    const restApiId = await newApi();
    const importBody = (text: string) =>
      server.client.send(new ImportDocumentationPartsCommand({ restApiId, mode: 'overwrite', body: new TextEncoder().encode(text) }));
    await s.check('import-documentation-parts-bad-yaml-file', () => importBody('openapi: 3.0.0\ninfo: [unclosed\n  title: x'));
    await s.check('import-documentation-parts-bad-json-file', () => importBody('{"openapi": "3.0.0", "info": {'));
    s.done();
  });
});
