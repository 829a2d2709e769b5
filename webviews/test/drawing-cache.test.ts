// The host's store of drawings (webviews/diagram/drawingCache.ts): by text and theme, least
// recently used out first, bounded in count and size.
import * as assert from 'node:assert/strict';
import { DrawingCache } from '../diagram/drawingCache';

const hash = (n: number) => n.toString(16).padStart(64, '0');
const drawing = (theme: 'dark' | 'light', svg: string) => ({ theme, svg, css: '' });

describe('diagram drawing cache (host)', () => {
  it('keeps one drawing per text and theme; a newer one replaces it', () => {
    const cache = new DrawingCache();
    assert.deepEqual(cache.get(hash(1)), []);
    cache.put(hash(1), drawing('dark', '<svg>a</svg>'));
    cache.put(hash(1), drawing('light', '<svg>b</svg>'));
    cache.put(hash(1), drawing('dark', '<svg>c</svg>'));
    assert.deepEqual(cache.get(hash(1)).map((d) => [d.theme, d.svg]), [['light', '<svg>b</svg>'], ['dark', '<svg>c</svg>']]);
    assert.deepEqual(cache.size, { texts: 1, chars: 24 });
  });

  it('forgets the least recently used text first, by count and by size', () => {
    const cache = new DrawingCache(2, 30);
    cache.put(hash(1), drawing('dark', 'x'.repeat(10)));
    cache.put(hash(2), drawing('dark', 'y'.repeat(10)));
    cache.get(hash(1));
    cache.put(hash(3), drawing('dark', 'z'.repeat(10)));
    assert.equal(cache.get(hash(2)).length, 0, 'the least recently used text went first');
    assert.equal(cache.get(hash(1)).length, 1);
    assert.equal(cache.get(hash(3)).length, 1);
    cache.put(hash(4), drawing('dark', 'w'.repeat(25)));
    assert.deepEqual(cache.size, { texts: 1, chars: 25 });
    assert.equal(cache.get(hash(4)).length, 1);
    cache.put(hash(5), drawing('dark', 'v'.repeat(31)));
    assert.equal(cache.get(hash(5)).length, 0, 'a drawing larger than the whole store is not kept');
    assert.equal(cache.get(hash(4)).length, 1);
  });
});
