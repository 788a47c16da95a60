import { createRecheckQueue } from '../../src/vouch/recheck-queue';

/** The recheck queue's bounds, with rechecks that finish only when the test says so. */
function harness(o: { concurrency: number; maxQueued: number; intervalMs?: number }) {
  const running = new Map<string, () => void>();
  const started: string[] = [];
  let shed = 0;
  const queue = createRecheckQueue({
    ...o,
    run: (id) =>
      new Promise<void>((resolve) => {
        started.push(id);
        running.set(id, resolve);
      }),
    onShed: () => void (shed += 1),
    onError: () => undefined,
  });
  const finish = async (id: string) => {
    running.get(id)!();
    running.delete(id);
    await new Promise((r) => setImmediate(r));
  };
  return { queue, running, started, finish, shed: () => shed };
}

test('at most `concurrency` at once, `maxQueued` waiting, the rest shed; the waiting start as slots free', async () => {
  const h = harness({ concurrency: 3, maxQueued: 2 });
  for (let i = 0; i < 8; i++) h.queue.add(`inv${i}`);
  expect(h.started).toEqual(['inv0', 'inv1', 'inv2']);
  expect(h.shed()).toBe(3);
  await h.finish('inv0');
  expect(h.started).toEqual(['inv0', 'inv1', 'inv2', 'inv3']);
  await h.finish('inv1');
  await h.finish('inv2');
  await h.finish('inv3');
  expect(h.started).toEqual(['inv0', 'inv1', 'inv2', 'inv3', 'inv4']);
  await h.finish('inv4');
  await h.queue.idle();
});

test('per investor: no overlap, one more after it however many came, and not before the interval', async () => {
  const h = harness({ concurrency: 8, maxQueued: 10, intervalMs: 200 });
  for (let i = 0; i < 50; i++) h.queue.add('same');
  expect(h.started).toEqual(['same']);
  await h.finish('same');
  // The trailing one waits out the interval: nothing has started yet.
  expect(h.started).toEqual(['same']);
  await new Promise<void>((resolve) => {
    const poll = () => (h.running.has('same') ? resolve() : setTimeout(poll, 10));
    poll();
  });
  expect(h.started).toEqual(['same', 'same']);
  await h.finish('same');
  await h.queue.idle();
  expect(h.started).toHaveLength(2);
});
