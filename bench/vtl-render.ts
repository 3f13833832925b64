/**
 * Micro-benchmark of mapping-template rendering (not a test: nothing is asserted about time).
 * Run: npx tsx bench/vtl-render.ts
 * The template is a typical 10-line request template: $input.path, $input.params, $context,
 * $util.escapeJavaScript and a #foreach over a three-element list.
 */
import { compileTemplate } from '../src/gateway/vtl/index.js';
import type { TemplateVariables } from '../src/gateway/vtl/types.js';

const TYPICAL = `#set($inputRoot = $input.path('$'))
{
  "id": "$input.params('id')",
  "name": "$util.escapeJavaScript($inputRoot.name)",
  "stage": "$context.stage",
  "items": [
#foreach($item in $inputRoot.items)
    {"sku": "$item.sku", "qty": $item.qty}#if($foreach.hasNext),#end
#end
  ]
}`;

const vars: TemplateVariables = {
  input: {
    body: JSON.stringify({ name: 'Widget', items: [{ sku: 'a1', qty: 1 }, { sku: 'b2', qty: 2 }, { sku: 'c3', qty: 3 }] }),
    params: { path: { id: '42' }, querystring: {}, header: { Accept: 'application/json' } },
  },
  context: { stage: 'prod', requestId: 'abc', identity: { sourceIp: '1.2.3.4' } },
  stageVariables: {},
};

function measure(name: string, source: string, n: number): void {
  const template = compileTemplate(source);
  for (let i = 0; i < n / 10; i++) template.render(vars); // warm up
  const samples: number[] = [];
  for (let round = 0; round < 7; round++) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < n; i++) template.render(vars);
    samples.push(Number(process.hrtime.bigint() - t0) / n / 1000);
  }
  samples.sort((a, b) => a - b);
  console.log(`${name}: median ${samples[3].toFixed(2)} µs per render (min ${samples[0].toFixed(2)}, max ${samples[6].toFixed(2)})`);
}

measure('typical 10-line template', TYPICAL, 100_000);
measure('one-line template', `{"stage": "$context.stage", "id": "$input.params('id')"}`, 200_000);
