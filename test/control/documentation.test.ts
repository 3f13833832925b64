/**
 * API documentation through the genuine SDK, for what the recorded AWS answers do not show: the
 * location rules of every entity type, one part per location, the list filters, imports (merge,
 * overwrite, YAML, warnings, all-or-nothing), documentation versions and their stages, and the
 * SDK-type catalogue. Parity with the recordings: test/parity/documentation.test.ts.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateDeploymentCommand,
  CreateDocumentationPartCommand,
  CreateDocumentationVersionCommand,
  DeleteDocumentationVersionCommand,
  DeleteRestApiCommand,
  GetDocumentationPartsCommand,
  GetDocumentationVersionCommand,
  GetDocumentationVersionsCommand,
  GetSdkCommand,
  GetSdkTypeCommand,
  GetSdkTypesCommand,
  GetStageCommand,
  ImportDocumentationPartsCommand,
  PutIntegrationCommand,
  PutMethodCommand,
  UpdateDocumentationPartCommand,
  UpdateDocumentationVersionCommand,
  type DocumentationPartLocation,
  type GetDocumentationPartsCommandInput,
} from '@aws-sdk/client-api-gateway';
import { createRestApi, useGatehouse } from '../helpers/gatehouse.js';
import { MemoryStore } from '../../src/store/memory.js';
import type { RequestContext } from '../../src/control/types.js';
import { KIND } from '../../src/definitions/apigateway.js';
import { importDocumentationParts } from '../../src/control/apigateway/documentation-import.js';
import { documentationVersionParts, handlers as versionHandlers } from '../../src/control/apigateway/documentation-versions.js';

const server = useGatehouse();

const newApi = async () => (await createRestApi(server.client, 'docs')).restApiId;
const DESC = '{ "description": "d" }';

async function refusal(call: Promise<unknown>): Promise<{ name: string; message: string; status?: number }> {
  try {
    await call;
  } catch (e) {
    const err = e as Error & { $metadata?: { httpStatusCode?: number } };
    return { name: err.name, message: err.message, status: err.$metadata?.httpStatusCode };
  }
  assert.fail('expected the call to be refused');
}

const createPart = (restApiId: string, location: DocumentationPartLocation, properties = DESC) =>
  server.client.send(new CreateDocumentationPartCommand({ restApiId, location, properties }));
const listParts = async (restApiId: string, filters: Omit<GetDocumentationPartsCommandInput, 'restApiId'> = {}) =>
  (await server.client.send(new GetDocumentationPartsCommand({ restApiId, ...filters }))).items ?? [];
const importParts = (restApiId: string, body: string | object, options: { mode?: 'merge' | 'overwrite'; failOnWarnings?: boolean } = {}) =>
  server.client.send(
    new ImportDocumentationPartsCommand({ restApiId, body: new TextEncoder().encode(typeof body === 'string' ? body : JSON.stringify(body)), ...options }),
  );
const oas = (documentationParts: unknown[]) => ({
  openapi: '3.0.1',
  info: { title: 'doc', version: '1' },
  paths: {},
  'x-amazon-apigateway-documentation': { version: '1', documentationParts },
});

describe('documentation part locations', () => {
  test('every entity type is accepted, with path, method and status code defaulted as the guide says', async () => {
    const restApiId = await newApi();
    const cases: [DocumentationPartLocation, DocumentationPartLocation][] = [
      [{ type: 'API' }, { type: 'API' }],
      [{ type: 'AUTHORIZER', name: 'myAuthorizer' }, { type: 'AUTHORIZER', name: 'myAuthorizer' }],
      [{ type: 'MODEL', name: 'Pet' }, { type: 'MODEL', name: 'Pet' }],
      [{ type: 'RESOURCE' }, { type: 'RESOURCE', path: '/' }],
      [{ type: 'METHOD', path: '/pets', method: 'GET' }, { type: 'METHOD', path: '/pets', method: 'GET' }],
      [{ type: 'METHOD', path: '/pets' }, { type: 'METHOD', path: '/pets', method: '*' }],
      [{ type: 'PATH_PARAMETER', path: '/pets/{petId}', method: '*', name: 'petId' }, { type: 'PATH_PARAMETER', path: '/pets/{petId}', method: '*', name: 'petId' }],
      [{ type: 'QUERY_PARAMETER', path: '/pets', method: 'GET', name: 'page' }, { type: 'QUERY_PARAMETER', path: '/pets', method: 'GET', name: 'page' }],
      [{ type: 'REQUEST_HEADER', name: 'x-my-token' }, { type: 'REQUEST_HEADER', path: '/', method: '*', name: 'x-my-token' }],
      [{ type: 'REQUEST_BODY', path: '/pets', method: 'POST' }, { type: 'REQUEST_BODY', path: '/pets', method: 'POST' }],
      [{ type: 'RESPONSE', statusCode: '200' }, { type: 'RESPONSE', path: '/', method: '*', statusCode: '200' }],
      [{ type: 'RESPONSE_HEADER', method: 'GET', statusCode: '200', name: 'Content-Type' }, { type: 'RESPONSE_HEADER', path: '/', method: 'GET', statusCode: '200', name: 'Content-Type' }],
      [{ type: 'RESPONSE_BODY', path: '/pets' }, { type: 'RESPONSE_BODY', path: '/pets', method: '*', statusCode: '*' }],
    ];
    for (const [given, stored] of cases) {
      const part = await createPart(restApiId, given);
      assert.deepEqual(part.location, stored, JSON.stringify(given));
      assert.match(part.id!, /^[a-z0-9]{6}$/);
      assert.equal(part.properties, DESC);
    }
    assert.equal((await listParts(restApiId, { limit: 500 })).length, cases.length);
  });

  test('a field the entity type does not take is refused, and nothing is created', async () => {
    const restApiId = await newApi();
    const refused: DocumentationPartLocation[] = [
      { type: 'API', path: '/' },
      { type: 'API', method: 'GET' },
      { type: 'MODEL', name: 'Pet', path: '/pets' },
      { type: 'RESOURCE', path: '/pets', method: 'GET' },
      { type: 'METHOD', path: '/pets', statusCode: '200' },
      { type: 'METHOD', path: '/pets', name: 'x' },
      { type: 'QUERY_PARAMETER', name: 'page', statusCode: '200' },
      { type: 'RESPONSE', statusCode: '200', name: 'x' },
    ];
    for (const location of refused) {
      const err = await refusal(createPart(restApiId, location));
      assert.equal(err.name, 'BadRequestException', JSON.stringify(location));
      assert.match(err.message, /is not a valid location field for type/);
    }
    assert.deepEqual(await listParts(restApiId), []);
  });

  test('entities named only by a name need one', async () => {
    const restApiId = await newApi();
    for (const type of ['AUTHORIZER', 'MODEL', 'PATH_PARAMETER', 'QUERY_PARAMETER', 'REQUEST_HEADER', 'RESPONSE_HEADER'] as const) {
      const err = await refusal(createPart(restApiId, { type }));
      assert.equal(err.name, 'BadRequestException', type);
      assert.equal(err.message, `Invalid documentation part location: 'name' is required for type '${type}'`);
    }
  });

  test('bad paths, methods and status codes are refused', async () => {
    const restApiId = await newApi();
    assert.equal((await refusal(createPart(restApiId, { type: 'RESOURCE', path: 'pets' }))).name, 'BadRequestException');
    assert.equal((await refusal(createPart(restApiId, { type: 'METHOD', method: 'G E T' }))).name, 'BadRequestException');
    // The model's pattern for DocumentationPartLocationStatusCode: AWS's front end refuses it.
    const status = await refusal(createPart(restApiId, { type: 'RESPONSE', statusCode: '600' }));
    assert.equal(status.name, 'ValidationException');
    assert.match(status.message, /createDocumentationPartInput\.location\.statusCode/);
    // A lower-case verb is the same method.
    assert.equal((await createPart(restApiId, { type: 'METHOD', method: 'get' })).location!.method, 'GET');
  });

  test('properties must be a JSON object text', async () => {
    const restApiId = await newApi();
    for (const properties of ['not json', '[1, 2]', '"text"', '42']) {
      const err = await refusal(createPart(restApiId, { type: 'API' }, properties));
      assert.equal(err.name, 'BadRequestException', properties);
      assert.match(err.message, /^Invalid documentation part properties/);
    }
    assert.deepEqual(await listParts(restApiId), []);
  });
});

describe('one part per location', () => {
  test('a second part at the same location is a conflict, as AWS words it', async () => {
    const restApiId = await newApi();
    await createPart(restApiId, { type: 'API' });
    const err = await refusal(createPart(restApiId, { type: 'API' }));
    assert.deepEqual(err, { name: 'ConflictException', message: "Documentation part already exists for the specified location: type 'API'.", status: 409 });
  });

  test('an omitted field is its default: METHOD without a method is METHOD "*"', async () => {
    const restApiId = await newApi();
    await createPart(restApiId, { type: 'METHOD', path: '/pets' });
    const err = await refusal(createPart(restApiId, { type: 'METHOD', path: '/pets', method: '*' }));
    assert.equal(err.message, "Documentation part already exists for the specified location: type 'METHOD', path '/pets', method '*'.");
    // Another method, another path, another type: other entities.
    await createPart(restApiId, { type: 'METHOD', path: '/pets', method: 'GET' });
    await createPart(restApiId, { type: 'METHOD', path: '/pets/{petId}' });
    await createPart(restApiId, { type: 'RESOURCE', path: '/pets' });
    assert.equal((await listParts(restApiId)).length, 4);
  });
});

describe('listing documentation parts', () => {
  test('filters by type, path, name and whether the part has content; pages with limit and position', async () => {
    const restApiId = await newApi();
    await createPart(restApiId, { type: 'API' });
    await createPart(restApiId, { type: 'MODEL', name: 'Pet' });
    await createPart(restApiId, { type: 'MODEL', name: 'PetList' }, '{}');
    await createPart(restApiId, { type: 'QUERY_PARAMETER', path: '/pets', name: 'page' });
    await createPart(restApiId, { type: 'RESOURCE', path: '/pets' }, '{ }');
    const names = (items: { location?: DocumentationPartLocation }[]) => items.map((p) => `${p.location!.type}:${p.location!.name ?? p.location!.path ?? ''}`);

    assert.deepEqual(names(await listParts(restApiId, { type: 'MODEL' })), ['MODEL:Pet', 'MODEL:PetList']);
    assert.deepEqual(names(await listParts(restApiId, { path: '/pets' })), ['QUERY_PARAMETER:page', 'RESOURCE:/pets']);
    assert.deepEqual(names(await listParts(restApiId, { nameQuery: 'List' })), ['MODEL:PetList']);
    assert.deepEqual(names(await listParts(restApiId, { locationStatus: 'UNDOCUMENTED' })), ['MODEL:PetList', 'RESOURCE:/pets']);
    assert.deepEqual(names(await listParts(restApiId, { locationStatus: 'DOCUMENTED', type: 'MODEL' })), ['MODEL:Pet']);

    const first = await server.client.send(new GetDocumentationPartsCommand({ restApiId, limit: 2 }));
    assert.equal(first.items!.length, 2);
    const rest = await server.client.send(new GetDocumentationPartsCommand({ restApiId, limit: 5, position: first.position }));
    assert.deepEqual(names([...first.items!, ...rest.items!]), names(await listParts(restApiId)));
    assert.equal(rest.position, undefined);
  });

  test('a part update that is not a JSON object changes nothing', async () => {
    const restApiId = await newApi();
    const part = await createPart(restApiId, { type: 'API' });
    const err = await refusal(
      server.client.send(
        new UpdateDocumentationPartCommand({ restApiId, documentationPartId: part.id!, patchOperations: [{ op: 'replace', path: '/properties', value: '{oops' }] }),
      ),
    );
    assert.equal(err.name, 'BadRequestException');
    assert.equal((await listParts(restApiId))[0].properties, DESC);
  });

  test('deleting the API deletes its documentation', async () => {
    const restApiId = await newApi();
    await createPart(restApiId, { type: 'API' });
    await server.client.send(new DeleteRestApiCommand({ restApiId }));
    assert.equal((await refusal(listParts(restApiId))).name, 'NotFoundException');
  });
});

describe('ImportDocumentationParts', () => {
  test('merge (the default) keeps other parts and replaces the content at a location that has one, keeping its id', async () => {
    const restApiId = await newApi();
    const api = await createPart(restApiId, { type: 'API' });
    const model = await createPart(restApiId, { type: 'MODEL', name: 'Pet' });
    const result = await importParts(
      restApiId,
      oas([
        { location: { type: 'API' }, properties: { description: 'imported', tags: ['a', 'b'], info: { version: '2' } } },
        { location: { type: 'METHOD', path: '/pets', method: 'GET' }, properties: { summary: 'List pets' } },
      ]),
    );
    assert.equal(result.ids!.length, 2);
    assert.equal(result.ids![0], api.id);
    assert.equal(result.warnings, undefined);
    const parts = await listParts(restApiId);
    assert.deepEqual(parts.map((p) => p.id), [api.id, model.id, result.ids![1]]);
    // Imported content is written as AWS's Java back end prints JSON.
    assert.equal(parts[0].properties, '{\n  "description" : "imported",\n  "tags" : [ "a", "b" ],\n  "info" : {\n    "version" : "2"\n  }\n}');
    assert.deepEqual(parts[2].location, { type: 'METHOD', path: '/pets', method: 'GET' });
  });

  test('overwrite replaces every part of the API', async () => {
    const restApiId = await newApi();
    await createPart(restApiId, { type: 'API' });
    await createPart(restApiId, { type: 'MODEL', name: 'Pet' });
    const result = await importParts(restApiId, oas([{ location: { type: 'RESOURCE', path: '/pets' }, properties: { description: 'r' } }]), { mode: 'overwrite' });
    const parts = await listParts(restApiId);
    assert.deepEqual(parts.map((p) => p.id), result.ids);
    assert.deepEqual(parts[0].location, { type: 'RESOURCE', path: '/pets' });
  });

  test('a YAML Swagger 2 file imports too', async () => {
    const restApiId = await newApi();
    const yaml = [
      'swagger: "2.0"',
      'info: { title: doc, version: "1" }',
      'paths: {}',
      'x-amazon-apigateway-documentation:',
      '  version: "1.0"',
      '  documentationParts:',
      '    - location: { type: RESPONSE, method: GET, statusCode: "404" }',
      '      properties: { description: Not found }',
      '',
    ].join('\n');
    const result = await importParts(restApiId, yaml);
    assert.equal(result.ids!.length, 1);
    const [part] = await listParts(restApiId);
    assert.deepEqual(part.location, { type: 'RESPONSE', path: '/', method: 'GET', statusCode: '404' });
    assert.deepEqual(JSON.parse(part.properties!), { description: 'Not found' });
  });

  test('one invalid part refuses the whole file and changes nothing, even in overwrite mode', async () => {
    const restApiId = await newApi();
    const kept = await createPart(restApiId, { type: 'API' });
    const bad = [
      [{ location: { type: 'MODEL' }, properties: {} }, /'name' is required/],
      [{ location: { type: 'API', path: '/' }, properties: {} }, /not a valid location field/],
      [{ location: { type: 'NOPE' }, properties: {} }, /location type: NOPE/],
      [{ location: { type: 'RESPONSE', statusCode: '999' }, properties: {} }, /status code '999'/],
      [{ location: { type: 'API' }, properties: 'not json' }, /properties/],
      [{ properties: {} }, /location is required/],
    ] as const;
    for (const [part, message] of bad) {
      const err = await refusal(importParts(restApiId, oas([{ location: { type: 'RESOURCE' }, properties: { d: 1 } }, part]), { mode: 'overwrite' }));
      assert.equal(err.name, 'BadRequestException', JSON.stringify(part));
      assert.match(err.message, message);
    }
    assert.deepEqual((await listParts(restApiId)).map((p) => p.id), [kept.id]);
  });

  test('warnings are answered, and with failOnWarnings they refuse the import', async () => {
    const restApiId = await newApi();
    const twice = oas([
      { location: { type: 'API' }, properties: { description: 'first' } },
      { location: { type: 'API' }, properties: { description: 'second' } },
    ]);
    const err = await refusal(importParts(restApiId, twice, { failOnWarnings: true }));
    assert.equal(err.name, 'BadRequestException');
    assert.match(err.message, /^Warnings found during import:/);
    assert.deepEqual(await listParts(restApiId), []);

    const result = await importParts(restApiId, twice);
    assert.equal(result.warnings!.length, 1);
    assert.match(result.warnings![0], /type 'API' is defined more than once/);
    const parts = await listParts(restApiId);
    assert.equal(parts.length, 1);
    assert.deepEqual(JSON.parse(parts[0].properties!), { description: 'second' });
  });

  test('a body that is not an OpenAPI document is refused', async () => {
    const restApiId = await newApi();
    for (const body of ['', '[]', '{"just": "json"}', 'key: [unclosed']) {
      const err = await refusal(importParts(restApiId, body));
      assert.deepEqual([err.name, err.message], ['BadRequestException', 'Unable to build importer with provided input.'], body);
    }
    assert.equal((await refusal(importParts('nope123456', oas([])))).name, 'NotFoundException');
    // A definition without the extension imports nothing, and says nothing is wrong.
    assert.deepEqual((await importParts(restApiId, { swagger: '2.0', info: { title: 't', version: '1' }, paths: {} }, { failOnWarnings: true })).ids, []);
  });
});

/** An API with a deployed stage `dev`, so documentation versions can be published to it. */
async function apiWithStage(): Promise<{ restApiId: string }> {
  const { restApiId, rootId } = await createRestApi(server.client, 'docs-stage');
  await server.client.send(new PutMethodCommand({ restApiId, resourceId: rootId, httpMethod: 'GET', authorizationType: 'NONE' }));
  await server.client.send(new PutIntegrationCommand({ restApiId, resourceId: rootId, httpMethod: 'GET', type: 'MOCK' }));
  await server.client.send(new CreateDeploymentCommand({ restApiId, stageName: 'dev' }));
  return { restApiId };
}

describe('documentation versions', () => {
  test('created, read, listed, described and deleted', async () => {
    const restApiId = await newApi();
    await createPart(restApiId, { type: 'API' });
    const created = await server.client.send(new CreateDocumentationVersionCommand({ restApiId, documentationVersion: '1.0.0', description: 'first' }));
    assert.equal(created.version, '1.0.0');
    assert.equal(created.description, 'first');
    assert.ok(created.createdDate instanceof Date);
    assert.equal(created.$metadata.httpStatusCode, 201);
    await server.client.send(new CreateDocumentationVersionCommand({ restApiId, documentationVersion: '1.0.1' }));

    const got = await server.client.send(new GetDocumentationVersionCommand({ restApiId, documentationVersion: '1.0.0' }));
    assert.deepEqual([got.version, got.description], ['1.0.0', 'first']);
    const all = await server.client.send(new GetDocumentationVersionsCommand({ restApiId }));
    assert.deepEqual(all.items!.map((v) => v.version), ['1.0.0', '1.0.1']);

    const updated = await server.client.send(
      new UpdateDocumentationVersionCommand({ restApiId, documentationVersion: '1.0.0', patchOperations: [{ op: 'replace', path: '/description', value: 'renamed' }] }),
    );
    assert.equal(updated.description, 'renamed');
    const badPath = await refusal(
      server.client.send(new UpdateDocumentationVersionCommand({ restApiId, documentationVersion: '1.0.0', patchOperations: [{ op: 'replace', path: '/version', value: '2' }] })),
    );
    assert.deepEqual([badPath.name, badPath.message], ['BadRequestException', "Invalid patch path  '/version' specified for op 'replace'. Must be one of: [/description]"]);

    await server.client.send(new DeleteDocumentationVersionCommand({ restApiId, documentationVersion: '1.0.0' }));
    const gone = await refusal(server.client.send(new GetDocumentationVersionCommand({ restApiId, documentationVersion: '1.0.0' })));
    assert.deepEqual(gone, { name: 'NotFoundException', message: 'Invalid Documentation version specified', status: 404 });
  });

  test('a version that exists already is a conflict', async () => {
    const restApiId = await newApi();
    await server.client.send(new CreateDocumentationVersionCommand({ restApiId, documentationVersion: 'v1' }));
    const err = await refusal(server.client.send(new CreateDocumentationVersionCommand({ restApiId, documentationVersion: 'v1' })));
    assert.deepEqual([err.name, err.status], ['ConflictException', 409]);
  });

  test('with a stage name the version is published to that stage; deleting the version unpublishes it', async () => {
    const { restApiId } = await apiWithStage();
    await server.client.send(new CreateDocumentationVersionCommand({ restApiId, documentationVersion: 'v1', stageName: 'dev' }));
    assert.equal((await server.client.send(new GetStageCommand({ restApiId, stageName: 'dev' }))).documentationVersion, 'v1');
    await server.client.send(new DeleteDocumentationVersionCommand({ restApiId, documentationVersion: 'v1' }));
    assert.equal((await server.client.send(new GetStageCommand({ restApiId, stageName: 'dev' }))).documentationVersion, undefined);
  });

  test('an unknown stage refuses the version, and no version is created', async () => {
    const restApiId = await newApi();
    const err = await refusal(server.client.send(new CreateDocumentationVersionCommand({ restApiId, documentationVersion: 'v1', stageName: 'nope' })));
    assert.deepEqual([err.name, err.message], ['NotFoundException', 'Invalid Stage identifier specified']);
    assert.deepEqual((await server.client.send(new GetDocumentationVersionsCommand({ restApiId }))).items ?? [], []);
  });
});

describe('SDK types', () => {
  test('the catalogue lists the SDKs API Gateway generates, with their configuration properties', async () => {
    const { items = [] } = await server.client.send(new GetSdkTypesCommand({}));
    assert.deepEqual(items.map((t) => t.id), ['android', 'javascript', 'ios-objective-c', 'ios-swift', 'java', 'ruby']);
    const android = await server.client.send(new GetSdkTypeCommand({ id: 'android' }));
    assert.deepEqual(
      android.configurationProperties!.filter((p) => p.required).map((p) => p.name),
      ['groupId', 'invokerPackage', 'artifactId', 'artifactVersion'],
    );
    const java = await server.client.send(new GetSdkTypeCommand({ id: 'java' }));
    assert.deepEqual(java.configurationProperties!.filter((p) => p.required).map((p) => p.name), ['serviceName', 'javaPackageName']);
    assert.equal((await refusal(server.client.send(new GetSdkTypeCommand({ id: 'cobol' })))).name, 'NotFoundException');
  });

  test('GetSdk answers NotImplemented naming itself (Gatehouse does not generate SDKs)', async () => {
    const { restApiId } = await apiWithStage();
    const err = await refusal(server.client.send(new GetSdkCommand({ restApiId, stageName: 'dev', sdkType: 'javascript' })));
    assert.equal(err.name, 'NotImplemented');
    assert.equal(err.status, 501);
    assert.match(err.message, / GetSdk /);
  });
});

describe('for the modules that build on documentation (ImportRestApi, GetExport)', () => {
  const scope = { account: '000000000000', region: 'us-east-1' };
  const inTransaction = <R>(store: MemoryStore, fn: (ctx: RequestContext) => Promise<R>) =>
    store.transaction(scope, (tx) => fn({ tx, scope, service: 'apigateway', requestId: 'test', now: new Date(), ports: {} }));
  const list = (store: MemoryStore) => inTransaction(store, (ctx) => ctx.tx.list<{ properties: string }>(KIND.documentationPart, 'api1/'));

  test("importDocumentationParts writes inside the caller's transaction: the caller's failure leaves nothing", async () => {
    const store = new MemoryStore();
    const parts = [{ location: { type: 'API' }, properties: { description: 'x' } }];
    await assert.rejects(
      inTransaction(store, async (ctx) => {
        const { ids } = await importDocumentationParts(ctx, 'api1', parts, 'merge');
        assert.equal(ids.length, 1);
        throw new Error('a later step of the import failed');
      }),
      /later step/,
    );
    assert.deepEqual(await list(store), []);
    await inTransaction(store, (ctx) => importDocumentationParts(ctx, 'api1', parts, 'overwrite'));
    assert.equal((await list(store)).length, 1);
  });

  test('a documentation version keeps the parts as they were when it was created', async () => {
    const store = new MemoryStore();
    await inTransaction(store, async (ctx) => {
      await ctx.tx.put(KIND.restApi, 'api1', { id: 'api1' });
      await importDocumentationParts(ctx, 'api1', [{ location: { type: 'API' }, properties: { v: 1 } }], 'merge');
      await versionHandlers.CreateDocumentationVersion!({ restApiId: 'api1', documentationVersion: 'v1' }, ctx);
      await importDocumentationParts(ctx, 'api1', [{ location: { type: 'API' }, properties: { v: 2 } }, { location: { type: 'MODEL', name: 'M' }, properties: {} }], 'merge');
      const frozen = await documentationVersionParts(ctx, 'api1', 'v1');
      assert.deepEqual(frozen.map((p) => JSON.parse(p.properties!)), [{ v: 1 }]);
      await assert.rejects(documentationVersionParts(ctx, 'api1', 'v2'), /Invalid Documentation version specified/);
    });
    assert.equal((await list(store)).length, 2);
  });
});
