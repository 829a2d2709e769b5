import assert from 'node:assert/strict';
import { raciModelData } from '../../../src/raci/dashboard';
import { defaultSettings } from '../../../src/settings';
import { brief, diagnose, type TextDiagnostic } from '../../helpers';
import { raciText } from '../../fixtures/governance';
import { covered, TestWorkspace } from '../../workspace';

const uri = 'file:///work/governance/governance.raci.yaml';


function check(text: string, settings = {}): TextDiagnostic[] {
  return diagnose(text, settings, uri);
}

/** `code: covered text` of each diagnostic, for compact assertions. */
function shown(text: string, settings = {}): string[] {
  return check(text, settings).map((d) => `${String(d.code)}: ${covered(text, d)}`);
}

function only(text: string, code: string, settings = {}): TextDiagnostic[] {
  return check(text, settings).filter((d) => d.code === code);
}

describe('RACI files', () => {
  it('a well-formed matrix has no problem', () => {
    assert.deepEqual(check(raciText).map(brief), []);
  });

  it('applies to *.raci.yaml and to kind: raci, not to other YAML', () => {
    const bad = raciText.replace('{cdo: A, steward: R', '{cdo: R, steward: R');
    assert.ok(diagnose(bad, {}, 'file:///work/matrix.yaml').some((d) => d.code === 'raci-one-accountable'));
    assert.deepEqual(diagnose(bad.replace('kind: raci', 'kind: other'), {}, 'file:///work/matrix.yaml'), []);
  });

  describe('raci-schema', () => {
    it('reports an unknown field on its key with a suggestion, and a wrong scheme on its value', () => {
      const text = raciText.replace('    activity: Approve', '    activty: Approve').replace('scheme: RACI', 'scheme: RACY');
      const found = only(text, 'raci-schema');
      assert.deepEqual(found.map((d) => covered(text, d)), ['RACY', 'activty']);
      assert.match(found[1].message, /Unknown field "activty" in Activity.*Did you mean "activity"\?/);
      assert.match(found[0].message, /expected one of "RACI", "RASCI", "RACI-VS", "DACI"/);
    });

    it('requires roles and activities, and raci on each activity', () => {
      const text = 'kind: raci\nroles: []\nactivities:\n  - id: X-1\n';
      assert.deepEqual(check(text).map((d) => d.message), ['Missing required field "raci" in Activity (activities[0]).']);
      // A raci that is not a mapping is a shape error only, not also "no A" and "no R".
      assert.deepEqual(check(`${text}    raci: AR\n`).map((d) => d.message), ['Expected mapping at activities[0].raci, found string "AR".']);
      assert.match(only('kind: raci\n', 'raci-schema').map((d) => d.message).join(' '), /"roles".*"activities"/);
    });
  });

  describe('raci-one-accountable', () => {
    it('flags an activity with no A on its id', () => {
      const text = raciText.replace('{cdo: A, steward: R', '{cdo: C, steward: R');
      assert.deepEqual(shown(text), ['raci-one-accountable: GOV-01']);
      assert.match(check(text)[0].message, /Activity GOV-01 has no Accountable \(A\): exactly one role must be A/);
    });

    it('flags an activity with two A once, on its first A, the other A as related information', () => {
      const text = raciText.replace('{cdo: A, steward: R, dpo: C', '{cdo: A, steward: R, dpo: A');
      const [found, ...more] = check(text);
      assert.deepEqual(more, []);
      assert.equal(found.code, 'raci-one-accountable');
      assert.equal(covered(text, found), 'A');
      assert.equal(found.range.start.character, text.split('\n')[found.range.start.line].indexOf('cdo: A') + 5);
      assert.match(found.message, /2 Accountable roles \(cdo, dpo\)/);
      const dpoLine = text.split('\n').findIndex((l) => l.includes('dpo: A'));
      assert.deepEqual(found.relatedInformation, [
        {
          location: { uri, range: { start: { line: dpoLine, character: text.split('\n')[dpoLine].indexOf('dpo: A') + 5 }, end: { line: dpoLine, character: text.split('\n')[dpoLine].indexOf('dpo: A') + 6 } } },
          message: 'dpo is also A here',
        },
      ]);
    });
  });

  describe('raci-no-responsible', () => {
    const lone = raciText.replace('{marketing: AR, steward: C}', '{marketing: A, steward: C}');

    it('flags an activity nobody does, on its row of letters (raci:), not on its id', () => {
      assert.deepEqual(shown(lone), ['raci-no-responsible: raci']);
      assert.match(check(lone)[0].message, /no Responsible \(R\).*write "AR" if marketing also does the work/);
    });

    it('lets a lone A count as R when archipel.raci.loneAccountableIsResponsible is on', () => {
      assert.deepEqual(check(lone, { raci: { ...defaultSettings.raci, loneAccountableIsResponsible: true } }), []);
      // The setting never invents an R where there is no A either.
      const none = raciText.replace('{marketing: AR, steward: C}', '{marketing: C, steward: C}');
      assert.deepEqual(
        check(none, { raci: { ...defaultSettings.raci, loneAccountableIsResponsible: true } }).map((d) => d.code),
        ['raci-one-accountable', 'raci-no-responsible'],
      );
    });

    it('uses the Driver (D) as the doer in DACI', () => {
      const text = raciText
        .replace('scheme: RACI', 'scheme: DACI')
        .replace('{cdo: A, steward: R,', '{cdo: A, steward: D,')
        .replace('steward: AR, marketing: C', 'steward: AD, marketing: C')
        .replace('{dpo: AR, steward: C', '{dpo: DA, steward: C')
        .replace('{marketing: AR, steward: C}', '{marketing: A, steward: C, cdo: D}');
      assert.deepEqual(check(text).map(brief), []);
      assert.deepEqual(shown(text.replace('{cdo: A, steward: D', '{cdo: A, steward: C')), ['raci-no-responsible: raci']);
      assert.match(check(text.replace('{cdo: A, steward: D', '{cdo: A, steward: C'))[0].message, /no Driver \(D\)/);
    });
  });

  describe('raci-unknown-letter', () => {
    it('flags a letter outside the scheme on that letter', () => {
      const text = raciText.replace('dpo: C, marketing: I}', 'dpo: X, marketing: I}');
      assert.deepEqual(shown(text), ['raci-unknown-letter: X']);
      assert.match(check(text)[0].message, /"X" is not a RACI letter; expected one of R, A, C, I for dpo/);
    });

    it('accepts S in RASCI but not in RACI', () => {
      const withS = raciText.replace('dpo: C, marketing: I}', 'dpo: S, marketing: I}');
      assert.deepEqual(shown(withS), ['raci-unknown-letter: S']);
      assert.deepEqual(check(withS.replace('scheme: RACI', 'scheme: RASCI')), []);
      assert.deepEqual(check(withS.replace('scheme: RACI', 'scheme: RACI-VS').replace('marketing: I}', 'marketing: V}')), []);
    });

    it('offers the capital for a lowercase letter', () => {
      const text = raciText.replace('{cdo: A, steward: R', '{cdo: a, steward: R');
      const ws = new TestWorkspace({ [uri]: text });
      const diagnostics = ws.diagnose(uri);
      assert.deepEqual(diagnostics.map((d) => `${String(d.code)}: ${covered(text, d)}`), ['raci-unknown-letter: a']);
      const [fix] = ws.codeActions(uri, diagnostics);
      assert.equal(fix.title, 'Replace with "A"');
      assert.equal(ws.apply(uri, fix), raciText);
    });
  });

  describe('raci-lookalike-letter', () => {
    it('flags a Cyrillic А on the character itself, with a quick fix to the Latin letter', () => {
      const text = raciText.replace('{cdo: A, steward: R', '{cdo: \u0410, steward: R');
      const ws = new TestWorkspace({ [uri]: text });
      const diagnostics = ws.diagnose(uri);
      assert.deepEqual(diagnostics.map((d) => `${String(d.code)}: ${covered(text, d)}`), ['raci-lookalike-letter: \u0410']);
      assert.match(diagnostics[0].message, /U\+0410 CYRILLIC CAPITAL LETTER A\) looks like the letter A/);
      const [fix] = ws.codeActions(uri, diagnostics);
      assert.equal(ws.apply(uri, fix), raciText);
    });

    it('fixes every look-alike of a quoted cell at once (Cyrillic С and І, Greek Ι)', () => {
      const text = raciText.replace('steward: AR, marketing: C}', 'steward: AR, marketing: "\u0421"}').replace('dpo: C, marketing: I}', 'dpo: C, marketing: \u0399}');
      const ws = new TestWorkspace({ [uri]: text });
      const diagnostics = ws.diagnose(uri);
      assert.deepEqual(diagnostics.map((d) => `${String(d.code)}: ${covered(text, d)}`), ['raci-lookalike-letter: \u0399', 'raci-lookalike-letter: \u0421']);
      let fixed = text;
      for (const d of diagnostics) {
        const [fix] = ws.codeActions(uri, [d]);
        ws.update(uri, (fixed = ws.apply(uri, fix)));
        ws.diagnose(uri);
      }
      assert.equal(fixed, raciText.replace('marketing: C}', 'marketing: "C"}'));
      const both = raciText.replace('{cdo: A, steward: R', '{cdo: "\u0410\u0406", steward: R');
      const diagnosed = new TestWorkspace({ [uri]: both });
      const found = diagnosed.diagnose(uri).filter((d) => d.code === 'raci-lookalike-letter');
      assert.equal(found.length, 2);
      assert.equal(diagnosed.apply(uri, diagnosed.codeActions(uri, [found[0]])[0]), both.replace('"\u0410\u0406"', '"AI"'));
    });

    it('leaves Latin letters alone', () => {
      assert.deepEqual(only(raciText, 'raci-lookalike-letter'), []);
    });
  });

  describe('raci-combined-letters', () => {
    it('flags two letters other than A+R, and a letter given twice', () => {
      assert.deepEqual(shown(raciText.replace('dpo: C, marketing: I}', 'dpo: CI, marketing: I}')), ['raci-combined-letters: CI']);
      assert.deepEqual(shown(raciText.replace('{cdo: A, steward: R', '{cdo: A, steward: RR')), ['raci-combined-letters: RR']);
    });

    it('accepts AR in any spelling', () => {
      for (const spelling of ['RA', 'A/R', '"A, R"', 'A+R']) assert.deepEqual(check(raciText.replace('steward: AR', `steward: ${spelling}`)), [], spelling);
    });
  });

  describe('raci-undeclared-role', () => {
    it('flags a role id that is not declared, with a quick fix to the close one', () => {
      const text = raciText.replace('{cdo: A, steward: R', '{cdo: A, stewart: R');
      const ws = new TestWorkspace({ [uri]: text });
      const diagnostics = ws.diagnose(uri).filter((d) => d.code === 'raci-undeclared-role');
      assert.deepEqual(diagnostics.map((d) => covered(text, d)), ['stewart']);
      assert.match(diagnostics[0].message, /Role "stewart" is not declared under roles. Did you mean "steward"\?/);
      assert.equal(ws.apply(uri, ws.codeActions(uri, diagnostics)[0]), raciText);
    });

    it('lists the declared roles when nothing is close', () => {
      const [d] = only(raciText.replace('dpo: C, marketing: I}', 'dpo: C, finance: I}'), 'raci-undeclared-role');
      assert.match(d.message, /declared: cdo, steward, dpo, marketing\./);
    });
  });

  describe('raci-unused-role', () => {
    it('flags a declared role that holds no letter', () => {
      const text = raciText.replace('roles:\n', 'roles:\n  - {id: ciso, name: Security officer}\n');
      assert.deepEqual(shown(text), ['raci-unused-role: ciso']);
      // "-" and "" mean "not involved".
      assert.deepEqual(shown(text.replace('dpo: C, marketing: I}', 'dpo: C, marketing: I, ciso: "-"}')), ['raci-unused-role: ciso']);
      assert.deepEqual(check(text.replace('dpo: C, marketing: I}', 'dpo: C, marketing: I, ciso: I}')), []);
    });
  });

  describe('raci-duplicate-id', () => {
    it('flags the second role and the second activity with the same id', () => {
      const text = raciText.replace('  - id: GOV-04', '  - id: GOV-03').replace('{id: dpo, name: Data protection officer}', '{id: dpo, name: DPO}\n  - {id: dpo, name: Data protection officer}');
      const found = only(text, 'raci-duplicate-id');
      assert.deepEqual(found.map((d) => `${d.range.start.line}: ${covered(text, d)}`), ['7: dpo', '20: GOV-03']);
      assert.match(found[0].message, /Duplicate role id "dpo": role 3 already uses it/);
    });
  });

  describe('raci-overloaded-role', () => {
    const heavy = raciText.replace('{dpo: AR, steward: C, cdo: I}', '{dpo: A, steward: R, cdo: I}');

    it('flags a role A or R on more than archipel.raci.maxLoad of the activities', () => {
      assert.deepEqual(shown(heavy), ['raci-overloaded-role: steward']);
      assert.match(check(heavy)[0].message, /"steward" is A or R on 3 of 4 activities \(75 %\), above the 50 % bound/);
    });

    it('follows the configured bound and leaves small matrices alone', () => {
      assert.deepEqual(check(heavy, { raci: { ...defaultSettings.raci, maxLoad: 0.8 } }), []);
      const small = heavy.slice(0, heavy.indexOf('  - id: GOV-04'));
      assert.deepEqual(only(small, 'raci-overloaded-role'), []);
    });
  });

  it('honours # archipel-ignore on the line', () => {
    const text = raciText.replace('{cdo: A, steward: R, dpo: C, marketing: I}', '{cdo: A, steward: R, dpo: X, marketing: I} # archipel-ignore raci-unknown-letter');
    assert.deepEqual(check(text), []);
  });
});

describe('RACI editing help', () => {
  it('completes the role ids not yet assigned in a flow mapping and in a block mapping', () => {
    const ws = new TestWorkspace({});
    const flow = ws.at(uri, raciText.replace('{marketing: AR, steward: C}', '{marketing: AR, steward: C, |}'));
    assert.deepEqual(ws.completion(uri, flow).map((i) => i.label), ['cdo', 'dpo']);
    const typed = ws.at(uri, raciText.replace('{marketing: AR, steward: C}', '{marketing: AR, steward: C, d|}'));
    const item = ws.completion(uri, typed).find((i) => i.label === 'dpo');
    assert.ok(item && item.textEdit && 'range' in item.textEdit);
    assert.equal(item.textEdit.newText, 'dpo: ');
    assert.equal(item.detail, 'Data protection officer');
    const block = ws.at(uri, raciText.replace('    raci: {marketing: AR, steward: C}\n', '    raci:\n      marketing: AR\n      |\n'));
    assert.deepEqual(ws.completion(uri, block).map((i) => i.label), ['cdo', 'steward', 'dpo']);
  });

  it('completes the letters of the scheme, AR included', () => {
    const ws = new TestWorkspace({});
    const offset = ws.at(uri, raciText.replace('{marketing: AR, steward: C}', '{marketing: AR, steward: |}'));
    assert.deepEqual(ws.completion(uri, offset).map((i) => `${i.label} ${i.detail}`), ['R Responsible', 'A Accountable', 'C Consulted', 'I Informed', 'AR Accountable and Responsible']);
    const rasci = ws.at(uri, raciText.replace('scheme: RACI', 'scheme: RASCI').replace('    raci: {marketing: AR, steward: C}\n', '    raci:\n      marketing: AR\n      steward: |\n'));
    assert.deepEqual(ws.completion(uri, rasci).map((i) => i.label), ['R', 'A', 'S', 'C', 'I', 'AR']);
    const scheme = ws.at(uri, raciText.replace('scheme: RACI', 'scheme: |'));
    assert.deepEqual(ws.completion(uri, scheme).map((i) => i.label), ['RACI', 'RASCI', 'RACI-VS', 'DACI']);
  });

  it('shows a role\'s name and load on hover, in the roles and in the activities', () => {
    const ws = new TestWorkspace({});
    const inRoles = ws.at(uri, raciText.replace('{id: steward,', '{id: stew|ard,'));
    const hover = ws.hover(uri, inRoles);
    assert.ok(hover && typeof hover.contents === 'object' && 'value' in hover.contents);
    assert.equal(hover.contents.value, '**steward** — Data steward\n\nR on 2, A on 1, C on 2 of 4 activities; A/R load 50 % (bound 50 %).');
    const inCell = ws.at(uri, raciText.replace('{cdo: A, steward: R', '{c|do: A, steward: R'));
    const cell = ws.hover(uri, inCell);
    assert.ok(cell && typeof cell.contents === 'object' && 'value' in cell.contents);
    assert.match(cell.contents.value, /^\*\*cdo\*\* — Chief Data Officer\n\nA on 1, I on 2 of 4 activities; A\/R load 25 %/);
    assert.deepEqual(cell.range, { start: { line: 12, character: 11 }, end: { line: 12, character: 14 } });
    const letter = ws.hover(uri, ws.at(uri, raciText.replace('steward: AR', 'steward: A|R')));
    assert.ok(letter && typeof letter.contents === 'object' && 'value' in letter.contents);
    assert.equal(letter.contents.value, 'steward on GOV-02: **A** Accountable + **R** Responsible (RACI)');
  });

  it('gives the dashboard a plain model with positions of roles, rows and cells', () => {
    const ws = new TestWorkspace({ [uri]: raciText });
    const data = raciModelData(ws.file(uri), ws.settings);
    assert.ok(data);
    assert.equal(data.scheme, 'RACI');
    assert.deepEqual(data.roles.map((r) => [r.id, r.load, r.overloaded]), [['cdo', 0.25, false], ['steward', 0.5, false], ['dpo', 0.25, false], ['marketing', 0.25, false]]);
    assert.deepEqual(data.activities[1].cells.map((c) => [c.role, c.value, c.letters]), [['cdo', 'I', ['I']], ['steward', 'AR', ['R', 'A']], ['marketing', 'C', ['C']]]);
    assert.deepEqual(data.activities[1].range, { start: { line: 13, character: 8 }, end: { line: 13, character: 14 } });
    assert.deepEqual(data.activities[1].cells[1].range, { start: { line: 15, character: 28 }, end: { line: 15, character: 30 } });
    assert.equal(JSON.stringify(JSON.parse(JSON.stringify(data))), JSON.stringify(data), 'plain data');
    assert.equal(raciModelData(new TestWorkspace({ 'file:///x.yaml': 'a: 1\n' }).file('file:///x.yaml'), ws.settings), null);
  });
});
