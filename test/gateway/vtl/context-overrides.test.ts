/**
 * $context, $stageVariables and the overrides a template sets through $context.requestOverride /
 * $context.responseOverride (apigateway-override-request-response-parameters.md).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { compileTemplate } from '../../../src/gateway/vtl/index.js';
import { render, renderFull, variables } from './helpers.js';

describe('$context and $stageVariables', () => {
  const context = { requestId: 'r-1', stage: 'prod', identity: { sourceIp: '1.2.3.4', apiKey: null }, authorizer: { principalId: 'u-1', claims: { sub: 's-1' } } };

  it('reads the context tree', () => {
    assert.equal(render('$context.requestId $context.stage $context.identity.sourceIp $context.authorizer.principalId $context.authorizer.claims.sub', { context }), 'r-1 prod 1.2.3.4 u-1 s-1');
  });

  it('a null or absent context value prints nothing', () => {
    assert.equal(render('[$context.identity.apiKey][$context.nothing][$context.error.message]', { context }), '[][][]');
  });

  it('$stageVariables: .name, .get(name), [name]; an absent one prints nothing', () => {
    assert.equal(render("$stageVariables.v $stageVariables.get('v') $stageVariables['v'] [$stageVariables.none]", { stageVariables: { v: 'x' } }), 'x x x []');
  });

  it('changing $input.params() maps does not reach the caller\'s objects', () => {
    const vars = variables({ header: { a: '1' } });
    const out = compileTemplate("$input.params().header.put('b', '2')$input.params().header.size()").render(vars).output;
    assert.equal(out, '2');
    assert.deepEqual(vars.input.params.header, { a: '1' });
  });

  it('#set on $input or $util changes nothing (they have no setters)', () => {
    assert.equal(render('#set($input.body = "x")#set($util.extra = 1)$input.body [$util.extra]', { body: '{"a":1}' }), '{"a":1} []');
  });

  it('#set into $context or $stageVariables does not touch the caller\'s objects', () => {
    const vars = variables({ context: { ...context }, stageVariables: { v: 'x' } });
    const identity = vars.context.identity;
    compileTemplate('#set($context.stage = "changed")#set($context.requestOverride.header.h = "1")#set($stageVariables.v = "y")').render(vars);
    assert.equal(vars.context.stage, 'prod');
    assert.equal(vars.context.requestOverride, undefined);
    assert.equal(vars.stageVariables.v, 'x');
    assert.equal(vars.context.identity, identity);
  });
});

describe('overrides', () => {
  it('captures request header, querystring and path overrides, and the response status and headers', () => {
    const result = renderFull(`#set($context.requestOverride.header.X-Custom = "a")
#set($context.requestOverride.querystring.q = "b")
#set($context.requestOverride.path.id = "c")
#set($context.responseOverride.status = 201)
#set($context.responseOverride.header.Location = "/items/c")
body`);
    assert.equal(result.output, 'body');
    assert.deepEqual(result.overrides, {
      request: { header: { 'X-Custom': 'a' }, querystring: { q: 'b' }, path: { id: 'c' } },
      response: { status: 201, header: { Location: '/items/c' } },
    });
  });

  it('nothing set: empty maps and no status', () => {
    assert.deepEqual(renderFull('x').overrides, { request: { header: {}, querystring: {}, path: {} }, response: { header: {} } });
  });

  it('a status taken from the payload, as a number or a string, becomes a number', () => {
    assert.equal(renderFull("#set($context.responseOverride.status = $input.path('$.code'))", { body: '{"code": 418}' }).overrides.response.status, 418);
    assert.equal(renderFull('#set($context.responseOverride.status = "503")').overrides.response.status, 503);
    assert.equal(renderFull('#set($context.responseOverride.status = "soon")').overrides.response.status, undefined);
  });

  it('values become strings; a list becomes its values joined by commas', () => {
    const result = renderFull('#set($context.requestOverride.header.n = 5)#set($context.requestOverride.header.b = true)#set($context.requestOverride.header.l = ["x", "y"])#set($context.requestOverride.header.gone = $nothing)');
    assert.deepEqual(result.overrides.request.header, { n: '5', b: 'true', l: 'x,y' });
  });

  it('can be set from a loop over the payload (the guide\'s "iterate over a json body and remap key value pairs to headers")', () => {
    const template = '#foreach($e in $input.path(\'$.headers\').entrySet())#set($context.requestOverride.header[$e.key] = $e.value)#end';
    assert.deepEqual(renderFull(template, { body: '{"headers": {"a": "1", "b": "2"}}' }).overrides.request.header, { a: '1', b: '2' });
  });

  it('read back in the same template', () => {
    assert.equal(render('#set($context.requestOverride.header.h = "v")$context.requestOverride.header.h'), 'v');
  });

  it('start from the overrides in vars.context, so a response template sees what the request template set', () => {
    const request = renderFull('#set($context.requestOverride.path.body = "carried")#set($context.responseOverride.status = 444)#set($context.responseOverride.custom = "kept")');
    assert.deepEqual(request.contextOverrides?.responseOverride, { header: {}, status: 444, custom: 'kept' });
    const response = renderFull('$context.requestOverride.path.body $context.responseOverride.status $context.responseOverride.custom', { context: { ...request.contextOverrides } });
    assert.equal(response.output, 'carried 444 kept');
    assert.equal(response.overrides.response.status, 444);
    assert.deepEqual(response.overrides.request.path, { body: 'carried' });
  });

  it('are fresh for every render of a compiled template', () => {
    const t = compileTemplate('#if($input.params("set") == "yes")#set($context.requestOverride.header.h = "v")#end$context.requestOverride.header.size()');
    assert.equal(t.render(variables({ querystring: { set: 'yes' } })).output, '1');
    const second = t.render(variables({}));
    assert.equal(second.output, '0');
    assert.deepEqual(second.overrides.request.header, {});
  });
});
