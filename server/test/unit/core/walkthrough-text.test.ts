// The walkthrough's text true to it (issue #98): the count of steps its description gives is the number of its steps
// (English and French), and every step is ticked when its action succeeded — a context key the extension sets
// (client/src/commands/walkthrough.ts, walkthroughTicks.ts) — never on opening the step, a view or a command's invocation.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';

const root = path.resolve(__dirname, '..', '..', '..', '..', '..');
const read = <T>(file: string) => JSON.parse(readFileSync(path.join(root, file), 'utf8')) as T;
type Manifest = { contributes: { walkthroughs: { description: string; steps: { id: string; completionEvents: string[] }[] }[] } };
const NUMBERS = { en: ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen'], fr: ['zéro', 'une', 'deux', 'trois', 'quatre', 'cinq', 'six', 'sept', 'huit', 'neuf', 'dix', 'onze', 'douze', 'treize', 'quatorze', 'quinze'] };

describe('the walkthrough: its text and its ticks (#98)', () => {
  const [walkthrough] = read<Manifest>('package.json').contributes.walkthroughs;
  const key = walkthrough.description.replace(/^%|%$/g, '');

  for (const [lang, file] of [['en', 'package.nls.json'], ['fr', 'package.nls.fr.json']] as const) {
    it(`says its number of steps (${lang})`, () => {
      const text = read<Record<string, string>>(file)[key];
      const said = new RegExp(`\\b(${NUMBERS[lang].join('|')})\\s+(steps|étapes)\\b`).exec(text);
      assert.ok(said, `no count of steps in ${JSON.stringify(text)}`);
      assert.equal(NUMBERS[lang].indexOf(said[1]), walkthrough.steps.length, text);
    });
  }

  it('ticks every step on a context key the extension sets after its action succeeded', () => {
    const wrong = walkthrough.steps.filter((s) => s.completionEvents.length === 0 || s.completionEvents.some((e) => !/^onContext:archipel\.walkthrough\.\w+$/.test(e)));
    assert.deepEqual(wrong.map((s) => `${s.id}: ${s.completionEvents.join(', ')}`), []);
    // Each key is one the client sets (a WalkthroughStep).
    const client = readFileSync(path.join(root, 'client', 'src', 'commands', 'walkthrough.ts'), 'utf8');
    const declared = /export type WalkthroughStep = ([^;]+);/.exec(client)?.[1] ?? '';
    for (const step of walkthrough.steps) for (const event of step.completionEvents) assert.ok(declared.includes(`'${event.slice('onContext:archipel.walkthrough.'.length)}'`), `${step.id}: ${event} is no WalkthroughStep`);
  });
});
