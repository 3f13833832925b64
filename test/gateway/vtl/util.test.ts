/** `$util`: escapeJavaScript, parseJson, urlEncode, urlDecode, base64Encode, base64Decode. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { TemplateRenderError } from '../../../src/gateway/vtl/index.js';
import { escapeJavaScript, urlDecode, urlEncode } from '../../../src/gateway/vtl/util.js';
import { render, renderJson } from './helpers.js';

describe('$util.escapeJavaScript', () => {
  it('escapes single quotes as \\\' (the reference page warns about it), double quotes and backslashes', () => {
    assert.equal(escapeJavaScript(`it's "x" \\ y`), `it\\'s \\"x\\" \\\\ y`);
  });

  it('escapes control characters and the forward slash as Commons Lang does', () => {
    assert.equal(escapeJavaScript('a\nb\tc\rd\fe\bf\u0001g/h'), 'a\\nb\\tc\\rd\\fe\\bf\\u0001g\\/h');
  });

  it('writes characters above U+007F as \\uXXXX', () => {
    assert.equal(escapeJavaScript('é€😀'), '\\u00E9\\u20AC\\uD83D\\uDE00');
  });

  it('leaves plain text as it is', () => {
    assert.equal(escapeJavaScript('plain text 123'), 'plain text 123');
  });

  it('in a template, over a value from the payload', () => {
    assert.equal(renderJson("\"$util.escapeJavaScript($input.path('$.m'))\"", { m: 'say "hi"\n' }), '"say \\"hi\\"\\n"');
  });

  it('prints nothing for a null argument', () => {
    assert.equal(render("[$util.escapeJavaScript($input.path('$.missing'))]", { body: '{}' }), '[]');
  });
});

describe('$util.parseJson', () => {
  it('answers an object a template can walk', () => {
    assert.equal(render(`#set($o = $util.parseJson('{"a":{"b":[10,20]},"s":"x"}'))$o.a.b[1] $o.s $o.a`), '20 x {b=[10,20]}');
  });

  it('answers arrays, strings, numbers and booleans', () => {
    assert.equal(render(`$util.parseJson('[1,2,3]').size() $util.parseJson('"str"') $util.parseJson('1') $util.parseJson('true')`), '3 str 1 true');
  });

  it('fails the render on text that is not JSON', () => {
    assert.throws(() => render(`$util.parseJson('{nope')`), TemplateRenderError);
  });
});

describe('$util.urlEncode / urlDecode (java.net.URLEncoder / URLDecoder)', () => {
  it('encodes as application/x-www-form-urlencoded: space as +, only A-Za-z0-9 . - * _ kept', () => {
    assert.equal(urlEncode('x=a+b'), 'x%3Da%2Bb');
    assert.equal(urlEncode(`a b~!'()/?&é`), "a+b%7E%21%27%28%29%2F%3F%26%C3%A9");
    assert.equal(urlEncode('Aa0.-*_'), 'Aa0.-*_');
    assert.equal(urlEncode('😀'), '%F0%9F%98%80');
  });

  it('decodes + as a space and %XX as UTF-8 bytes', () => {
    assert.equal(urlDecode('x=a+b'), 'x=a b');
    assert.equal(urlDecode('a%20b%2Bc%C3%A9'), 'a b+cé');
  });

  it('a malformed % escape fails the render', () => {
    assert.throws(() => render("$util.urlDecode('100%')"), TemplateRenderError);
    assert.throws(() => render("$util.urlDecode('%zz')"), TemplateRenderError);
  });

  it('round-trips in a template', () => {
    assert.equal(render("$util.urlDecode($util.urlEncode('a&b=c d/é'))"), 'a&b=c d/é');
  });
});

describe('$util.base64Encode / base64Decode', () => {
  it('encodes the UTF-8 bytes and decodes back to text', () => {
    assert.equal(render("$util.base64Encode('hello é')"), 'aGVsbG8gw6k=');
    assert.equal(render("$util.base64Decode('aGVsbG8gw6k=')"), 'hello é');
  });

  it('decodes a value from the request (the MOCK pattern of test_integration_mock_with_request_overrides_in_response_template)', () => {
    assert.equal(render("$util.base64Decode($input.params('p'))", { path: { p: Buffer.from('{"message":"path1"}').toString('base64') } }), '{"message":"path1"}');
  });
});

describe('$util, other names', () => {
  it('an unknown function prints nothing', () => {
    assert.equal(render("[$util.toJson('x')][$util.nothing]"), '[][]');
  });
});
