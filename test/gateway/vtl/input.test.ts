/** `$input`: body, json(x), path(x), params(), params(x). */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { compileTemplate, TemplateBodyParseError, TemplateRenderError } from '../../../src/gateway/vtl/index.js';
import { render, renderJson, variables } from './helpers.js';

describe('$input.body', () => {
  it('is the raw payload, unparsed', () => {
    assert.equal(render('$input.body', { body: '{"a":  1}' }), '{"a":  1}');
    assert.equal(render('[$input.body]', { body: 'not json <at all>' }), '[not json <at all>]');
  });

  it('reads an empty payload as {} (recorded: test_input_body_formatting)', () => {
    assert.equal(render('$input.body', { body: '' }), '{}');
  });

  it('has no properties: $input.body.x prints nothing', () => {
    assert.equal(render('[$input.body.testAccess]', { body: '{"testAccess": 1}' }), '[]');
  });

  it('is a String: its Java methods work', () => {
    assert.equal(render('$input.body.length() $input.body.contains("b")', { body: 'abc' }), '3 true');
  });
});

describe('$input.json(x)', () => {
  const doc = { a: { b: [1, 2, { c: 'x/y' }] }, s: 'str"q', n: 12.5, t: true, z: null, e: [] };

  it('writes the selected value as compact JSON', () => {
    assert.equal(renderJson("$input.json('$')", doc), '{"a":{"b":[1,2,{"c":"x/y"}]},"s":"str\\"q","n":12.5,"t":true,"z":null,"e":[]}');
    assert.equal(renderJson("$input.json('$.a.b')", doc), '[1,2,{"c":"x/y"}]');
    assert.equal(renderJson("$input.json('$.s')", doc), '"str\\"q"');
    assert.equal(renderJson("$input.json('$.n') $input.json('$.t') $input.json('$.z') $input.json('$.e')", doc), '12.5 true null []');
  });

  it('answers nothing for a path that selects nothing', () => {
    assert.equal(renderJson("[$input.json('$.missing.deeper')]", doc), '[]');
  });

  it('reads an empty payload as {}', () => {
    assert.equal(render("$input.json('$')", { body: '' }), '{}');
  });

  it('fails the render with TemplateBodyParseError when the payload is not JSON', () => {
    const t = compileTemplate("$input.json('$')");
    assert.throws(() => t.render(variables({ body: 'some raw data' })), (err: unknown) => {
      assert.ok(err instanceof TemplateBodyParseError && err instanceof TemplateRenderError);
      assert.match(err.detail, /^Unrecognized token 'some'/);
      return true;
    });
    assert.throws(() => t.render(variables({ body: '{"a": ' })), TemplateBodyParseError);
  });

  it('does not read the payload unless asked: a non-JSON body is fine for $input.body', () => {
    assert.equal(render('$input.body!', { body: '<xml/>' }), '<xml/>!');
  });

  it('sees changes made through $input.path (the same parsed payload)', () => {
    const template = '#set($body = $input.path(\'$\'))#set($body.url = "https://example.tld/thingy/$body.id")$input.json(\'$\')';
    assert.equal(renderJson(template, { id: 7 }), '{"id":7,"url":"https://example.tld/thingy/7"}');
  });
});

describe('$input.path(x)', () => {
  const doc = { pets: [{ id: 1, type: 'dog', tags: ['a', 'b'] }, { id: 2, type: 'cat', tags: [] }], owner: { name: 'Ann' } };

  it('answers maps and lists a template can walk', () => {
    assert.equal(renderJson("#set($r = $input.path('$'))$r.owner.name $r.pets[1].type $r.pets.size() $r.pets[0].tags[1]", doc), 'Ann cat 2 b');
  });

  it('#foreach over a list it answers', () => {
    const template = "#foreach($p in $input.path('$.pets'))$p.id:$p.type#if($foreach.hasNext),#end#end";
    assert.equal(renderJson(template, doc), '1:dog,2:cat');
  });

  it('prints maps Java-style and lists as JSON (recorded: test_input_path_template_formatting)', () => {
    assert.equal(renderJson("$input.path('$.owner')", doc), '{name=Ann}');
    assert.equal(renderJson("$input.path('$.pets[0].tags')", doc), '["a","b"]');
    assert.equal(renderJson("$input.path('$.pets[0]')", doc), '{id=1, type=dog, tags=["a","b"]}');
  });

  it('answers strings, numbers and booleans as themselves', () => {
    assert.equal(renderJson("$input.path('$.a').toUpperCase() $input.path('$.n') $input.path('$.b')", { a: 'x', n: 3, b: false }), 'X 3 false');
  });

  it('answers nothing (null) for a missing path, == "" and == $null', () => {
    assert.equal(renderJson("#set($m = $input.path('$.nope'))[$m]#if($m == $null) null#end#if($m == '') empty#end#if(!$m) false#end", doc), '[] null empty false');
  });

  it('answers the list of matches for wildcards and deep scans', () => {
    assert.equal(renderJson("$input.path('$.pets[*].type')", doc), '["dog","cat"]');
    assert.equal(renderJson("$input.path('$..name')", doc), '["Ann"]');
    assert.equal(renderJson("$input.path('$.pets[*].nothing').size()", doc), '0');
  });

  it('reads a path without a leading $ from the root, as Jayway does', () => {
    assert.equal(renderJson("$input.path('owner.name')", doc), 'Ann');
  });

  it('fails the render on an invalid JSONPath', () => {
    assert.throws(() => renderJson("$input.path('$.pets[')", doc), TemplateRenderError);
  });
});

describe('$input.params()', () => {
  const v = { path: { id: 'p1', shared: 'from-path' }, querystring: { q: 'search', shared: 'from-query' }, header: { 'X-Trace': 't-1', shared: 'from-header' } };

  it('$input.params(x) searches path, then query string, then header', () => {
    assert.equal(render("$input.params('id') $input.params('q') $input.params('X-Trace') $input.params('shared')", v), 'p1 search t-1 from-path');
    assert.equal(render("$input.params('shared')", { querystring: { shared: 'q' }, header: { shared: 'h' } }), 'q');
  });

  it('$input.params(x) is "" for an absent parameter', () => {
    assert.equal(render("[$input.params('absent')]#if($input.params('absent') == '') empty#end", v), '[] empty');
  });

  it('$input.params(x) finds a header whatever the case it was sent in', () => {
    assert.equal(render("$input.params('x-trace')", v), 't-1');
  });

  it('$input.params() is the map of path, querystring and header maps', () => {
    assert.equal(render('$input.params()', v), '{path={id=p1, shared=from-path}, querystring={q=search, shared=from-query}, header={X-Trace=t-1, shared=from-header}}');
    assert.equal(render("$input.params().header.get('X-Trace') $input.params().querystring.q $input.params().path['id']", v), 't-1 search p1');
    assert.equal(render('#foreach($k in $input.params().keySet())$k #end', v), 'path querystring header ');
  });
});
