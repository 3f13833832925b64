/**
 * Models through the genuine SDK, for what the recorded AWS answers do not show: draft 4 schema
 * validation, references between models, flattening, mapping-template blueprints and the exact
 * text of the default models. See test/parity/models-validators-authorizers.test.ts for parity.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateModelCommand,
  DeleteModelCommand,
  GetModelCommand,
  GetModelsCommand,
  GetModelTemplateCommand,
  UpdateModelCommand,
} from '@aws-sdk/client-api-gateway';
import { createRestApi, useGatehouse } from '../helpers/gatehouse.js';

const server = useGatehouse();

const newApi = async () => (await createRestApi(server.client, 'models')).restApiId;
const json = 'application/json';
const ref = (apiId: string, name: string) => `https://apigateway.amazonaws.com/restapis/${apiId}/models/${name}`;

async function refusal(call: Promise<unknown>): Promise<{ name: string; message: string; status?: number }> {
  try {
    await call;
  } catch (e) {
    const err = e as Error & { $metadata?: { httpStatusCode?: number } };
    return { name: err.name, message: err.message, status: err.$metadata?.httpStatusCode };
  }
  assert.fail('expected the call to be refused');
}

describe('default models', () => {
  test('a new API has Empty and Error, with the schema text AWS returns', async () => {
    const restApiId = await newApi();
    const { items = [] } = await server.client.send(new GetModelsCommand({ restApiId }));
    const byName = new Map(items.map((m) => [m.name, m]));
    assert.deepEqual([...byName.keys()], ['Empty', 'Error']);
    assert.equal(byName.get('Empty')!.schema, '{\n  "$schema": "http://json-schema.org/draft-04/schema#",\n  "title" : "Empty Schema",\n  "type" : "object"\n}');
    assert.equal(
      byName.get('Error')!.schema,
      '{\n  "$schema" : "http://json-schema.org/draft-04/schema#",\n  "title" : "Error Schema",\n  "type" : "object",\n  "properties" : {\n    "message" : { "type" : "string" }\n  }\n}',
    );
    assert.match(byName.get('Empty')!.id!, /^[a-z0-9]{6}$/);
  });
});

describe('schema validation', () => {
  const create = (restApiId: string, name: string, schema?: string) => server.client.send(new CreateModelCommand({ restApiId, name, contentType: json, schema }));

  test('a schema that is not JSON is refused', async () => {
    const err = await refusal(create(await newApi(), 'Broken', '{"type": "object",'));
    assert.equal(err.name, 'BadRequestException');
    assert.equal(err.message, 'Invalid model specified: Validation Result: warnings : [], errors : [Invalid model schema specified]');
  });

  test('a schema that breaks the draft 4 meta-schema is refused, naming what is wrong', async () => {
    const err = await refusal(create(await newApi(), 'NoRequired', JSON.stringify({ type: 'object', properties: { a: { type: 'string' } }, required: [] })));
    assert.equal(err.name, 'BadRequestException');
    assert.equal(err.message, 'Invalid model specified: Validation Result: warnings : [], errors : [Invalid model schema specified. /required must NOT have fewer than 1 items]');
  });

  test('a keyword draft 4 does not define is refused by name', async () => {
    const schema = JSON.stringify({ type: 'object', properties: { when: { type: 'string', example: 'dd/MM/yyyy' }, id: { $id: 'x', type: 'string' } } });
    const err = await refusal(create(await newApi(), 'WithExample', schema));
    assert.equal(err.message, 'Invalid model specified: Validation Result: warnings : [], errors : [Invalid model schema specified. Unsupported keyword(s): ["example", "$id"]]');
  });

  test('an empty object is refused like an empty schema', async () => {
    const err = await refusal(create(await newApi(), 'Nothing', '{}'));
    assert.equal(err.message, 'Model schema must have at least 1 property or array items defined');
  });

  test('a model name must be alphanumeric', async () => {
    const err = await refusal(create(await newApi(), 'my-model', '{"type":"object"}'));
    assert.equal(err.name, 'BadRequestException');
    assert.equal(err.message, 'Model name must be alphanumeric');
  });

  test('an update with a bad schema changes nothing', async () => {
    const restApiId = await newApi();
    await create(restApiId, 'Pet', '{"type":"object","properties":{"name":{"type":"string"}}}');
    const err = await refusal(
      server.client.send(new UpdateModelCommand({ restApiId, modelName: 'Pet', patchOperations: [{ op: 'replace', path: '/description', value: 'x' }, { op: 'replace', path: '/schema', value: '[1]' }] })),
    );
    assert.equal(err.name, 'BadRequestException');
    const pet = await server.client.send(new GetModelCommand({ restApiId, modelName: 'Pet' }));
    assert.equal(pet.description, undefined);
    assert.equal(pet.schema, '{"type":"object","properties":{"name":{"type":"string"}}}');
  });
});

describe('references between models', () => {
  test('a reference to a model the API does not have is refused', async () => {
    const restApiId = await newApi();
    const err = await refusal(server.client.send(new CreateModelCommand({ restApiId, name: 'List', contentType: json, schema: JSON.stringify({ type: 'array', items: { $ref: ref(restApiId, 'Nope') } }) })));
    assert.equal(err.message, 'Invalid model specified: Validation Result: warnings : [], errors : [Invalid model specified: Nope]');
  });

  test('flatten=true expands references in place; without it the $ref stays', async () => {
    const restApiId = await newApi();
    await server.client.send(new CreateModelCommand({ restApiId, name: 'Pet', contentType: json, schema: JSON.stringify({ $schema: 'http://json-schema.org/draft-04/schema#', type: 'object', properties: { name: { type: 'string' } } }) }));
    const listSchema = JSON.stringify({ type: 'array', items: { $ref: ref(restApiId, 'Pet') } });
    await server.client.send(new CreateModelCommand({ restApiId, name: 'Pets', contentType: json, schema: listSchema }));
    assert.equal((await server.client.send(new GetModelCommand({ restApiId, modelName: 'Pets' }))).schema, listSchema);
    const flat = await server.client.send(new GetModelCommand({ restApiId, modelName: 'Pets', flatten: true }));
    assert.deepEqual(JSON.parse(flat.schema!), { type: 'array', items: { type: 'object', properties: { name: { type: 'string' } } } });
  });

  test('a model another model points at cannot be deleted', async () => {
    const restApiId = await newApi();
    await server.client.send(new CreateModelCommand({ restApiId, name: 'Pet', contentType: json, schema: '{"type":"object"}' }));
    await server.client.send(new CreateModelCommand({ restApiId, name: 'Pets', contentType: json, schema: JSON.stringify({ type: 'array', items: { $ref: ref(restApiId, 'Pet') } }) }));
    const err = await refusal(server.client.send(new DeleteModelCommand({ restApiId, modelName: 'Pet' })));
    assert.equal(err.name, 'ConflictException');
    assert.equal(err.message, "Cannot delete model 'Pet', is referenced in model: Pets");
    await server.client.send(new DeleteModelCommand({ restApiId, modelName: 'Pets' }));
    await server.client.send(new DeleteModelCommand({ restApiId, modelName: 'Pet' }));
  });
});

describe('mapping template blueprints', () => {
  test('an object model gives one line per property, strings quoted', async () => {
    const restApiId = await newApi();
    const schema = JSON.stringify({ type: 'object', properties: { a: { type: 'number' }, op: { type: 'string' }, 'x-y': { type: 'boolean' } } });
    await server.client.send(new CreateModelCommand({ restApiId, name: 'Calc', contentType: json, schema }));
    const { value } = await server.client.send(new GetModelTemplateCommand({ restApiId, modelName: 'Calc' }));
    assert.equal(value, `#set($inputRoot = $input.path('$'))\n{\n  "a" : $inputRoot.a,\n  "op" : "$inputRoot.op",\n  "x-y" : $inputRoot.get('x-y')\n}`);
  });

  test('arrays loop with #foreach, through references to other models', async () => {
    const restApiId = await newApi();
    await server.client.send(new CreateModelCommand({ restApiId, name: 'Photo', contentType: json, schema: JSON.stringify({ type: 'object', properties: { id: { type: 'string' }, farm: { type: 'integer' } } }) }));
    const schema = JSON.stringify({ type: 'object', properties: { photos: { type: 'array', items: { $ref: ref(restApiId, 'Photo') } } } });
    await server.client.send(new CreateModelCommand({ restApiId, name: 'Photos', contentType: json, schema }));
    const { value } = await server.client.send(new GetModelTemplateCommand({ restApiId, modelName: 'Photos' }));
    assert.equal(
      value,
      "#set($inputRoot = $input.path('$'))\n{\n  \"photos\" : [\n#foreach($elem in $inputRoot.photos)\n    {\n      \"id\" : \"$elem.id\",\n      \"farm\" : $elem.farm\n    }#if($foreach.hasNext),#end\n\n#end\n  ]\n}",
    );
  });

  test('the template of an unknown model is not found', async () => {
    const err = await refusal(server.client.send(new GetModelTemplateCommand({ restApiId: await newApi(), modelName: 'Nope' })));
    assert.equal(err.name, 'NotFoundException');
    assert.equal(err.message, 'Invalid model name specified: Nope');
  });
});
