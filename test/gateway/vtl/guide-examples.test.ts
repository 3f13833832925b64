/**
 * The example templates of the API Gateway Developer Guide, with the inputs and outputs the guide
 * gives for them (shared/reference/aws-api-gateway-developer-guide/).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { render, renderFull, renderJson } from './helpers.js';

// example-photos.md: "Original data (photos example)".
const PHOTOS = {
  photos: {
    page: 1,
    pages: '1234',
    perpage: 100,
    total: '123398',
    photo: [
      { id: '12345678901', owner: '23456789@A12', secret: 'abc123d456', server: '1234', farm: 1, title: 'Sample photo 1', ispublic: 1, isfriend: 0, isfamily: 0 },
      { id: '23456789012', owner: '34567890@B23', secret: 'bcd234e567', server: '2345', farm: 2, title: 'Sample photo 2', ispublic: 1, isfriend: 0, isfamily: 0 },
    ],
  },
};

describe('example-photos.md', () => {
  it('the input mapping template reproduces the original data', () => {
    const template = `#set($inputRoot = $input.path('$'))
{
  "photos": {
    "page": $inputRoot.photos.page,
    "pages": "$inputRoot.photos.pages",
    "perpage": $inputRoot.photos.perpage,
    "total": "$inputRoot.photos.total",
    "photo": [
#foreach($elem in $inputRoot.photos.photo)
      {
        "id": "$elem.id",
        "owner": "$elem.owner",
        "secret": "$elem.secret",
        "server": "$elem.server",
        "farm": $elem.farm,
        "title": "$elem.title",
        "ispublic": $elem.ispublic,
        "isfriend": $elem.isfriend,
        "isfamily": $elem.isfamily
      }#if($foreach.hasNext),#end
\t\t\t
#end
    ]
  }
}`;
    assert.deepEqual(JSON.parse(renderJson(template, PHOTOS)), PHOTOS);
  });

  it('the output mapping template gives "Transformed data (photos example)"', () => {
    const template = `#set($inputRoot = $input.path('$'))
{
  "photos": [
#foreach($elem in $inputRoot.photos.photo)
    {
      "id": "$elem.id",
      "owner": "$elem.owner",
      "title": "$elem.title",
      "ispublic": $elem.ispublic,
      "isfriend": $elem.isfriend,
      "isfamily": $elem.isfamily
    }#if($foreach.hasNext),#end
\t\t
#end
  ]
}`;
    assert.deepEqual(JSON.parse(renderJson(template, PHOTOS)), {
      photos: [
        { id: '12345678901', owner: '23456789@A12', title: 'Sample photo 1', ispublic: 1, isfriend: 0, isfamily: 0 },
        { id: '23456789012', owner: '34567890@B23', title: 'Sample photo 2', ispublic: 1, isfriend: 0, isfamily: 0 },
      ],
    });
  });
});

describe('models-mappings.md', () => {
  it('the grocery "choices" template gives the output the guide shows', () => {
    const input = {
      department: 'produce',
      categories: ['fruit', 'vegetables'],
      bins: [
        { category: 'fruit', type: 'apples', price: 1.99, unit: 'pound', quantity: 232 },
        { category: 'fruit', type: 'bananas', price: 0.19, unit: 'each', quantity: 112 },
        { category: 'vegetables', type: 'carrots', price: 1.29, unit: 'bag', quantity: 57 },
      ],
    };
    const template = `#set($inputRoot = $input.path('$'))
{
  "choices": [
#foreach($elem in $inputRoot.bins)
    {
      "kind": "$elem.type",
      "suggestedPrice": "$elem.price per $elem.unit",
      "available": $elem.quantity
    }#if($foreach.hasNext),#end
            
#end
  ]
}`;
    assert.deepEqual(JSON.parse(renderJson(template, input)), {
      choices: [
        { kind: 'apples', suggestedPrice: '1.99 per pound', available: 232 },
        { kind: 'bananas', suggestedPrice: '0.19 per each', available: 112 },
        { kind: 'carrots', suggestedPrice: '1.29 per bag', available: 57 },
      ],
    });
  });
});

describe('api-gateway-mapping-template-reference.md', () => {
  it('"$context Variable template example" maps the context variables', () => {
    const template = `{
    "stage" : "$context.stage",
    "request_id" : "$context.requestId",
    "api_id" : "$context.apiId",
    "resource_path" : "$context.resourcePath",
    "resource_id" : "$context.resourceId",
    "http_method" : "$context.httpMethod",
    "source_ip" : "$context.identity.sourceIp",
    "user-agent" : "$context.identity.userAgent",
    "account_id" : "$context.identity.accountId",
    "api_key" : "$context.identity.apiKey",
    "caller" : "$context.identity.caller",
    "user" : "$context.identity.user",
    "user_arn" : "$context.identity.userArn"
}`;
    const context = {
      stage: 'prod',
      requestId: 'req-1',
      apiId: 'a1b2c3',
      resourcePath: '/pets',
      resourceId: 'r1',
      httpMethod: 'GET',
      identity: { sourceIp: '203.0.113.7', userAgent: 'curl/8', accountId: null, apiKey: 'k-1', caller: null, user: null, userArn: null },
    };
    assert.deepEqual(JSON.parse(render(template, { context })), {
      stage: 'prod',
      request_id: 'req-1',
      api_id: 'a1b2c3',
      resource_path: '/pets',
      resource_id: 'r1',
      http_method: 'GET',
      source_ip: '203.0.113.7',
      'user-agent': 'curl/8',
      account_id: '',
      api_key: 'k-1',
      caller: '',
      user: '',
      user_arn: '',
    });
  });

  it('"Parameter mapping template example" passes every parameter through', () => {
    const template = `#set($allParams = $input.params())
{
  "params" : {
    #foreach($type in $allParams.keySet())
    #set($params = $allParams.get($type))
    "$type" : {
      #foreach($paramName in $params.keySet())
      "$paramName" : "$util.escapeJavaScript($params.get($paramName))"
      #if($foreach.hasNext),#end
      #end
    }
    #if($foreach.hasNext),#end
    #end
  }
}`;
    const out = render(template, { path: { petId: '7' }, querystring: { q: 'a"b', limit: '5' }, header: { Accept: 'application/json' } });
    assert.deepEqual(JSON.parse(out), {
      params: { path: { petId: '7' }, querystring: { q: 'a"b', limit: '5' }, header: { Accept: 'application/json' } },
    });
  });

  it('"Example JSON mapping template using $input": name from the query string, the whole body', () => {
    const template = `{
    "name" : "$input.params('name')",
    "body" : $input.json('$') 
}`;
    const out = render(template, { querystring: { name: 'Ann' }, body: '{"a": [1, 2], "b": {"c": "d"}}' });
    assert.deepEqual(JSON.parse(out), { name: 'Ann', body: { a: [1, 2], b: { c: 'd' } } });
    // $input.json writes compact JSON.
    assert.ok(out.includes('"body" : {"a":[1,2],"b":{"c":"d"}}'), out);
  });

  it('"Example mapping template using $input": $input.json(\'$.mykey\')', () => {
    const template = `{
    "name" : "$input.params('name')",
    "body" : $input.json('$.mykey')  
}`;
    assert.deepEqual(JSON.parse(render(template, { path: { name: 'p' }, body: '{"mykey": {"x": 1}, "other": 2}' })), { name: 'p', body: { x: 1 } });
  });

  it('"Example request and response using $input": id, count and the escaped things', () => {
    const template = `{
    "id" : "$input.params('id')",
    "count" : "$input.path('$.things').size()",
    "things" : $util.escapeJavaScript($input.json('$.things'))
}`;
    const out = render(template, { path: { id: 'abc' }, body: '{\n    "things" : {\n        "1" : {},\n        "2" : {},\n        "3" : {}\n    }\n}' });
    // The guide's sample response shows "things" unescaped; escapeJavaScript escapes the quotes.
    assert.equal(out, '{\n    "id" : "abc",\n    "count" : "3",\n    "things" : {\\"1\\":{},\\"2\\":{},\\"3\\":{}}\n}');
  });

  it('the $input.path(...) reference entry: a list of three pets counts 3', () => {
    const pets = { pets: [{ id: 1, type: 'dog', price: 249.99 }, { id: 2, type: 'cat', price: 124.99 }, { id: 3, type: 'fish', price: 0.99 }] };
    assert.equal(renderJson("$input.path('$.pets').count() $input.path('$.pets').size()", pets), '3 3');
  });

  it('$util.parseJson example: $errorMessageObj.key2.arr[0] is 1', () => {
    const template = `#set ($errorMessageObj = $util.parseJson($input.path('$.errorMessage')))
{
   "errorMessageObjKey2ArrVal" : $errorMessageObj.key2.arr[0]
}
`;
    const out = render(template, { body: '{"errorMessage":"{\\"key1\\":\\"var1\\",\\"key2\\":{\\"arr\\":[1,2,3]}}"}' });
    assert.deepEqual(JSON.parse(out), { errorMessageObjKey2ArrVal: 1 });
  });

  it('$util.escapeJavaScript(data).replaceAll("\\\\\'","\'") turns the escaped single quotes back', () => {
    const template = '#set($data = $input.path(\'$.text\'))"$util.escapeJavaScript($data).replaceAll("\\\\\'","\'")"';
    assert.equal(renderJson(template, { text: `it's "quoted"` }), `"it's \\"quoted\\""`);
  });

  it('$stageVariables.<name>, [\'<name>\'] and ${...[\'<name>\']}', () => {
    assert.equal(render("$stageVariables.alias|$stageVariables['alias']|${stageVariables['alias']}", { stageVariables: { alias: 'v2' } }), 'v2|v2|v2');
  });
});

describe('apigateway-override-request-response-parameters.md', () => {
  it('tutorial: the response status becomes 400 when the body contains "error"', () => {
    const template = `#set($inputRoot = $input.path('$'))
$input.json("$")
#if($inputRoot.toString().contains("error"))
#set($context.responseOverride.status = 400)
#end`;
    const failing = renderFull(template, { body: '{"errors": [{"key": "GetPetRequest.petId", "message": "The value is out of range."}]}' });
    assert.equal(failing.overrides.response.status, 400);
    assert.deepEqual(JSON.parse(failing.output), { errors: [{ key: 'GetPetRequest.petId', message: 'The value is out of range.' }] });
    const fine = renderFull(template, { body: '{"id": 1, "type": "dog"}' });
    assert.equal(fine.overrides.response.status, undefined);
  });

  it('tutorial: header overrides, including a multi-value header (the logged "Endpoint request headers")', () => {
    const template = `#set($header1Override = "foo")
#set($header3Value = "$input.params('header1')$input.params('header2')")
$input.json("$")
#set($context.requestOverride.header.header3 = $header3Value)
#set($context.requestOverride.header.header1 = $header1Override)
#set($context.requestOverride.header.multivalueheader=[$header1Override, $header3Value])`;
    const result = renderFull(template, { header: { header1: 'header1Val', header2: 'header2Val' }, body: '{}' });
    // The guide logs: {header3=header1Valheader2Val, header2=header2Val, header1=foo, ..., multivalueheader=foo,header1Valheader2Val}
    assert.deepEqual(result.overrides.request.header, { header3: 'header1Valheader2Val', header1: 'foo', multivalueheader: 'foo,header1Valheader2Val' });
    assert.equal(result.output, '{}\n');
  });
});

describe('a pass-through template of the common #define($loop) form', () => {
  // The shape widely used for Lambda (non-proxy) integrations: every header, query string and path
  // parameter, the stage variables and the body, escaped for JSON.
  const template = `#define( $loop )
  {
  #foreach($key in $map.keySet())
    "$util.escapeJavaScript($key)":
      "$util.escapeJavaScript($map.get($key)).replaceAll("\\\\'", "'")"
      #if( $foreach.hasNext ) , #end
  #end
  }
#end
{
  "body": $input.json("$"),
  "method": "$context.httpMethod",
  "principalId": "$context.authorizer.principalId",
  #set( $map = $input.params().header )
  "headers": $loop,
  #set( $map = $input.params().querystring )
  "query": $loop,
  #set( $map = $input.params().path )
  "path": $loop,
  #set( $map = $context.identity )
  "identity": $loop,
  #set( $map = $stageVariables )
  "stageVariables": $loop
}`;

  it('renders valid JSON carrying every value, quotes included', () => {
    const out = render(template, {
      body: '{"note": "it\'s \\"fine\\""}',
      header: { 'User-Agent': "agent 'x'", Accept: '*/*' },
      querystring: { q: 'a"b' },
      path: { id: '7' },
      context: { httpMethod: 'POST', identity: { sourceIp: '10.0.0.1', apiKey: null }, authorizer: { principalId: 'me' } },
      stageVariables: { env: 'dev' },
    });
    assert.deepEqual(JSON.parse(out), {
      body: { note: 'it\'s "fine"' },
      method: 'POST',
      principalId: 'me',
      headers: { 'User-Agent': "agent 'x'", Accept: '*/*' },
      query: { q: 'a"b' },
      path: { id: '7' },
      identity: { sourceIp: '10.0.0.1', apiKey: '' },
      stageVariables: { env: 'dev' },
    });
  });

  it('a GET without a body gives "body": {}', () => {
    const out = render(template, { context: { httpMethod: 'GET', identity: {} } });
    assert.deepEqual(JSON.parse(out).body, {});
  });
});
