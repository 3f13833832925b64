/** The error name and message an SDK call is refused with; fails the test when the call succeeds. */
import assert from 'node:assert/strict';

export async function refusal(call: Promise<unknown>): Promise<{ name: string; message: string }> {
  try {
    await call;
  } catch (e) {
    return { name: (e as Error).name, message: (e as Error).message };
  }
  assert.fail('expected the call to be refused');
}
