/**
 * AWS parses bodies with Jackson, which refuses documents nested deeper than 1,000 levels
 * (StreamReadConstraints, Jackson 2.15+): such a body is a parse error, never a stack overflow.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { TemplateBodyParseError } from '../../../src/gateway/vtl/types.js';
import { render } from './helpers.js';

const nested = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);

describe('JSON nesting limit', () => {
  test('a body nested 1,000 levels deep is read', () => {
    assert.equal(render("$input.json('$').length()", { body: nested(1000) }).length > 0, true);
  });

  test('a body nested deeper is a body parse error, for $input.json, $input.path and $util.parseJson', () => {
    for (const template of ["$input.json('$')", "$input.path('$')"]) {
      assert.throws(() => render(template, { body: nested(1001) }), TemplateBodyParseError, template);
    }
    assert.throws(() => render('$util.parseJson($input.body)', { body: nested(50_000) }), /nesting depth/);
  });

  test('brackets inside strings do not count as nesting', () => {
    const body = JSON.stringify({ s: '['.repeat(5000) });
    assert.equal(render("$input.path('$.s').length()", { body }), '5000');
  });
});
