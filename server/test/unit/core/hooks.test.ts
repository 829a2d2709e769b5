import assert from 'node:assert/strict';
import { SpeedHooks } from '../../../src/startup/hooks';

describe('SpeedHooks', () => {
  it('calls every listener in order, past one that throws, and the error never reaches the caller', () => {
    const hooks = new SpeedHooks<string>();
    const seen: string[] = [];
    hooks.add((v) => seen.push(`a:${v}`));
    hooks.add(() => {
      throw new Error('a cache that cannot be written');
    });
    hooks.add((v) => seen.push(`c:${v}`));
    assert.doesNotThrow(() => hooks.run('warm'));
    hooks.run('shutdown');
    assert.deepEqual(seen, ['a:warm', 'c:warm', 'a:shutdown', 'c:shutdown']);
  });

  it('with once, forgets the listeners after calling them', () => {
    const hooks = new SpeedHooks<void>();
    let calls = 0;
    hooks.add(() => calls++);
    hooks.run(undefined, true);
    hooks.run(undefined, true);
    assert.equal(calls, 1);
  });
});
