import assert from 'node:assert/strict';
import {test} from 'node:test';

import {Batcher} from '../../extension/lib/batcher.js';
import {FakeClock} from './fake-clock.mjs';

function setup(opts = {}) {
  const clock = new FakeClock();
  const batches = [];
  const b = new Batcher({flush: (key, items) => batches.push([key, items]), clock, ...opts});
  return {clock, batches, b};
}

test('flushes after the delay from the first item', () => {
  const {clock, batches, b} = setup({delayMs: 250});
  b.add(1, 'a');
  clock.advance(100);
  b.add(1, 'b');
  clock.advance(149);
  assert.deepEqual(batches, []);
  clock.advance(1);
  assert.deepEqual(batches, [[1, ['a', 'b']]]);
});

test('flushes at once when a key reaches maxItems', () => {
  const {batches, b} = setup({maxItems: 3});
  for (const x of ['a', 'b', 'c', 'd']) b.add(7, x);
  assert.deepEqual(batches, [[7, ['a', 'b', 'c']]]);
  assert.equal(b.pending(7), 1);
});

test('keys are batched apart', () => {
  const {clock, batches, b} = setup();
  b.add(1, 'a');
  b.add(2, 'b');
  clock.advance(250);
  assert.deepEqual(batches.sort(), [[1, ['a']], [2, ['b']]]);
});

test('drop forgets unsent items and their timer', () => {
  const {clock, batches, b} = setup();
  b.add(1, 'a');
  b.drop(1);
  clock.advance(1000);
  assert.deepEqual(batches, []);
  assert.equal(b.pending(1), 0);
});

test('an empty key never flushes', () => {
  const {batches, b} = setup();
  b.flush(42);
  assert.deepEqual(batches, []);
});
