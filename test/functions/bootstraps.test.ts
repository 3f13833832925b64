// Gatehouse's Node.js and Python bootstraps keep one connection to the Runtime API and pipeline
// each answer with the next `invocation/next`: events of any size and text arrive whole, answers
// and errors in order, invocation after invocation on the same warm environment.
// https://docs.aws.amazon.com/lambda/latest/dg/runtimes-api.html
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { FunctionRuntime } from '../../src/functions/index.ts';
import { json, removeCode, spec, writeCode } from './code.ts';

const runtime = new FunctionRuntime();
after(async () => {
  await runtime.close();
  await removeCode();
});

const NODE_ECHO = [
  'let count = 0;',
  'export const handler = async (event, context) => {',
  "  if (event.fail) throw new TypeError('failed ' + event.n);",
  '  count++;',
  '  return { n: event.n, text: event.text, length: event.text.length, count, id: context.awsRequestId };',
  '};',
  '',
].join('\n');

const PYTHON_ECHO = [
  'count = 0',
  'def handler(event, context):',
  '    global count',
  "    if event.get('fail'):",
  "        raise KeyError('failed %d' % event['n'])",
  '    count += 1',
  "    return {'n': event['n'], 'text': event['text'], 'length': len(event['text']), 'count': count, 'id': context.aws_request_id}",
  '',
].join('\n');

for (const [runtimeName, handler, file, source] of [
  ['nodejs20.x', 'index.handler', 'index.mjs', NODE_ECHO],
  ['python3.12', 'app.handler', 'app.py', PYTHON_ECHO],
] as const) {
  test(`${runtimeName}: large and non-ASCII events and answers, errors between answers, one warm environment`, async () => {
    const fn = spec(await writeCode({ [file]: source }), runtimeName, handler);
    // About 3 MB of UTF-8, in many TCP segments both ways.
    const big = 'añ€𝄞'.repeat(300_000);
    const events = [
      { n: 1, text: 'small' },
      { n: 2, text: big },
      { n: 3, fail: true },
      { n: 4, text: '' },
      { n: 5, text: big.slice(0, 70_000) },
    ];
    let expectedCount = 0;
    for (const event of events) {
      const result = await runtime.invoke(fn, Buffer.from(JSON.stringify(event)), { requestId: `req-${event.n}` });
      if (event.fail) {
        assert.equal(result.functionError, 'Unhandled');
        const error = json(result.payload) as { errorType: string; errorMessage: string };
        assert.equal(error.errorType, runtimeName.startsWith('node') ? 'TypeError' : 'KeyError');
        assert.match(error.errorMessage, /failed 3/);
        continue;
      }
      expectedCount++;
      assert.equal(result.functionError, undefined, result.payload.toString().slice(0, 300));
      const answer = json(result.payload) as { n: number; text: string; length: number; count: number; id: string };
      assert.equal(answer.n, event.n);
      assert.equal(answer.text, event.text);
      assert.equal(answer.id, `req-${event.n}`);
      // The same process answered every time (its module state survives).
      assert.equal(answer.count, expectedCount);
    }
  });

  test(`${runtimeName}: concurrent invocations each get their own answer`, async () => {
    const fn = spec(await writeCode({ [file]: source }), runtimeName, handler, { reservedConcurrency: 3 });
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, n) => runtime.invoke(fn, Buffer.from(JSON.stringify({ n, text: `t${n}` })), { requestId: `c-${n}` })),
    );
    results.forEach((result, n) => {
      const answer = json(result.payload) as { n: number; text: string; id: string };
      assert.deepEqual([answer.n, answer.text, answer.id], [n, `t${n}`, `c-${n}`]);
    });
  });
}

test('an error type with a line break or non-ASCII letters is reported, and the environment keeps answering', async () => {
  const node = spec(
    await writeCode({
      'index.mjs': [
        'export const handler = async (event) => {',
        "  if (!event.fail) return 'fine';",
        "  const error = new Error('odd');",
        "  error.name = 'Bad\\r\\nName';",
        '  throw error;',
        '};',
        '',
      ].join('\n'),
    }),
    'nodejs20.x',
    'index.handler',
  );
  const python = spec(
    await writeCode({ 'app.py': ['class Ñame(Exception):', '    pass', 'def handler(event, context):', "    if event.get('fail'):", "        raise Ñame('odd')", "    return 'fine'", ''].join('\n') }),
    'python3.12',
    'app.handler',
  );
  for (const [fn, errorType] of [
    [node, 'Bad\r\nName'],
    [python, 'Ñame'],
  ] as const) {
    const failed = await runtime.invoke(fn, Buffer.from('{"fail":true}'));
    assert.equal(failed.functionError, 'Unhandled');
    assert.equal((json(failed.payload) as { errorType: string }).errorType, errorType);
    const next = await runtime.invoke(fn, Buffer.from('{}'));
    assert.equal(next.functionError, undefined);
    assert.equal(json(next.payload), 'fine');
  }
});
