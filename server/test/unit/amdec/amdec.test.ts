import assert from 'node:assert/strict';
import type { InlayHint } from 'vscode-languageserver-types';
import { amdecModelData } from '../../../src/amdec/dashboard';
import { amdecText, raciText } from '../../fixtures/governance';
import { covered, TestWorkspace } from '../../workspace';

const raciUri = 'file:///work/governance/governance.raci.yaml';
const uri = 'file:///work/governance/risks.amdec.yaml';

function workspace(text: string, raci = raciText): TestWorkspace {
  return new TestWorkspace({ [raciUri]: raci, [uri]: text });
}

/** `code: covered text` of each diagnostic of the AMDEC file. */
function shown(text: string, raci = raciText): string[] {
  return workspace(text, raci).diagnose(uri).map((d) => `${String(d.code)}: ${covered(text, d)}`);
}

function messages(text: string, code: string): string[] {
  return workspace(text).diagnose(uri).filter((d) => d.code === code).map((d) => d.message);
}

describe('AMDEC / FMEA files', () => {
  it('a well-formed analysis linked to its RACI has no problem', () => {
    assert.deepEqual(shown(amdecText), []);
  });

  it('applies to *.amdec.yaml, *.fmea.yaml and kind: amdec|fmea, not to other YAML', () => {
    const bad = amdecText.replace('rpn: 210', 'rpn: 200');
    for (const name of ['risks.fmea.yaml', 'risks.amdec.yml', 'analysis.yaml']) {
      const ws = new TestWorkspace({ [raciUri]: raciText, [`file:///work/governance/${name}`]: bad });
      assert.ok(ws.diagnose(`file:///work/governance/${name}`).some((d) => d.code === 'amdec-stored-score'), name);
    }
    const other = new TestWorkspace({ 'file:///work/governance/analysis.yaml': bad.replace('kind: amdec', 'kind: notes') });
    assert.deepEqual(other.diagnose('file:///work/governance/analysis.yaml'), []);
    // The kind spelled by a double-quoted escape, or split by an escaped line break: the text never says "amdec", the file is one all the same.
    for (const kind of ['kind: "\\x61mdec"', 'kind: "am\\\n  dec"']) {
      const spelled = new TestWorkspace({ [raciUri]: raciText, 'file:///work/governance/analysis.yaml': bad.replace('kind: amdec', kind) });
      assert.ok(spelled.diagnose('file:///work/governance/analysis.yaml').some((d) => d.code === 'amdec-stored-score'), kind);
    }
  });

  describe('amdec-schema', () => {
    it('reports unknown fields with a suggestion, bad statuses and dates on their node', () => {
      const text = amdecText.replace('    failure_mode: Marketing', '    failure_mod: Marketing').replace('status: open}', 'status: closed}').replace('due: 2026-03-31', 'due: 31/03/2026');
      const found = workspace(text).diagnose(uri).filter((d) => d.code === 'amdec-schema');
      assert.deepEqual(found.map((d) => covered(text, d)), ['failure_mod', 'closed', '31/03/2026']);
      assert.match(found[0].message, /Unknown field "failure_mod" in Risk.*Did you mean "failure_mode"\?/);
      assert.match(found[1].message, /expected one of "open", "in-progress", "done", "cancelled"/);
      assert.match(found[2].message, /expected a date value/);
    });

    it('flags a field given both in English and in French', () => {
      const text = amdecText.replace('    severity: 7\n', '    severity: 7\n    gravite: 7\n');
      assert.deepEqual(shown(text), ['amdec-schema: gravite']);
      assert.match(messages(text, 'amdec-schema')[0], /"gravite" repeats "severity"/);
      assert.deepEqual(shown(amdecText.replace('scales: {severity: [1, 10],', 'scales: {severity: [1, 10], gravité: [1, 10],')), ['amdec-schema: gravité']);
    });
  });

  describe('French field and category names', () => {
    it('accepts gravite, frequence, non_detection, criticite, responsable, echeance and French categories', () => {
      const french = amdecText
        .replace('method: rpn', 'method: criticite')
        .replace('category: technical', 'category: technique')
        .replace('category: legal', 'category: légal')
        .replace('    severity: 7\n    occurrence: 6\n    detection: 5\n    rpn: 210', '    gravite: 7\n    frequence: 6\n    non_detection: 5\n    criticite: 210')
        .replace('owner: steward, due: 2026-09-30', 'responsable: steward, echeance: 2026-09-30')
        .replace('revised: {severity: 8, occurrence: 2, detection: 2}', 'revised: {gravité: 8, fréquence: 2, non_détection: 2}');
      assert.deepEqual(shown(french), []);
      const wrong = french.replace('criticite: 210', 'criticite: 200');
      assert.deepEqual(messages(wrong, 'amdec-stored-score'), ['Stored criticite 200 does not match G 7 × F 6 × D 5 = 210.']);
    });
  });

  describe('amdec-rating', () => {
    it('flags 0, a value outside the scale, a non-integer and a word on the value', () => {
      const text = amdecText.replace('severity: 7', 'severity: 0').replace('occurrence: 6', 'occurrence: 11').replace('detection: 5', 'detection: 2.5').replace('severity: 8', 'severity: high');
      assert.deepEqual(shown(text), ['amdec-rating: 0', 'amdec-rating: 11', 'amdec-rating: 2.5', 'amdec-rating: high']);
      assert.equal(messages(amdecText.replace('detection: 5', 'detection: [5]'), 'amdec-rating')[0], 'detection must be an integer from 1 to 10; found a sequence.');
      assert.deepEqual(messages(text, 'amdec-rating').slice(0, 2), [
        'severity must be an integer from 1 to 10; found 0 (ratings start at 1, never 0).',
        'occurrence must be an integer from 1 to 10; found 11.',
      ]);
    });

    it('follows the declared scales', () => {
      const text = amdecText.replace('occurrence: [1, 10]', 'frequence: [1, 5]').replace('threshold: 100', 'threshold: 50');
      assert.deepEqual(shown(text), ['amdec-rating: 6']);
      assert.equal(messages(text, 'amdec-rating')[0], 'occurrence must be an integer from 1 to 5; found 6.');
      assert.deepEqual(shown(amdecText.replace('occurrence: [1, 10]', 'occurrence: [0, 10]')), ['amdec-schema: 0']);
      assert.deepEqual(shown(text.replace('occurrence: 6', 'occurrence: 5').replace('rpn: 210', 'rpn: 175')), []);
    });

    it('flags a missing rating on the risk id, and on revised', () => {
      const text = amdecText.replace('    detection: 5\n', '').replace('occurrence: 2, detection: 2}', 'occurrence: 2}');
      assert.deepEqual(shown(text), ['amdec-rating: R-01', 'amdec-rating: revised']);
      assert.deepEqual(messages(text, 'amdec-rating'), [
        'Risk R-01 has no detection (D) rating: every risk is rated on the three criteria.',
        'The revised ratings of R-02 has no detection (D) rating: every risk is rated on the three criteria.',
      ]);
    });
  });

  describe('amdec-stored-score', () => {
    it('flags a stored rpn that is not the product, with a quick fix', () => {
      const text = amdecText.replace('rpn: 210', 'rpn: 200');
      const ws = workspace(text);
      const diagnostics = ws.diagnose(uri);
      assert.deepEqual(diagnostics.map((d) => `${String(d.code)}: ${covered(text, d)}`), ['amdec-stored-score: 200']);
      assert.equal(diagnostics[0].message, 'Stored rpn 200 does not match S 7 × O 6 × D 5 = 210.');
      const [fix] = ws.codeActions(uri, diagnostics);
      assert.equal(fix.title, 'Set rpn to 210');
      assert.equal(ws.apply(uri, fix), amdecText);
    });

    it('flags a stored ap that is not the table\'s, with a quick fix, in revised too', () => {
      const text = amdecText.replace('rpn: 210', 'rpn: 210\n    ap: M').replace('detection: 2}', 'detection: 2, ap: H}');
      const ws = workspace(text);
      const diagnostics = ws.diagnose(uri);
      assert.deepEqual(diagnostics.map((d) => `${String(d.code)}: ${covered(text, d)}`), ['amdec-stored-score: M', 'amdec-stored-score: H']);
      assert.equal(diagnostics[0].message, 'Stored ap "M" does not match the Action Priority table: S 7, O 6, D 5 give H.');
      assert.equal(ws.apply(uri, ws.codeActions(uri, [diagnostics[1]])[0]), text.replace('detection: 2, ap: H}', 'detection: 2, ap: L}'));
      assert.deepEqual(shown(amdecText.replace('rpn: 210', 'rpn: 210\n    ap: H')), []);
    });
  });

  describe('amdec-untreated-risk', () => {
    const untreated = amdecText.replace(/ {4}actions:\n {6}- \{id: A-01.*\n/, '');

    it('flags a risk at or above the threshold with neither action nor justification', () => {
      assert.deepEqual(shown(untreated), ['amdec-untreated-risk: R-01']);
      assert.equal(messages(untreated, 'amdec-untreated-risk')[0], 'Risk R-01 scores RPN 210, at or above the threshold 100: add an action or a written justification.');
      // A cancelled action does not treat the risk.
      assert.deepEqual(shown(amdecText.replace('status: open}', 'status: cancelled}')), ['amdec-untreated-risk: R-01']);
    });

    it('accepts a written justification, and leaves risks below the threshold alone', () => {
      assert.deepEqual(shown(untreated.replace('    rpn: 210\n', '    rpn: 210\n    justification: Accepted by the data council on 2026-05-12\n')), []);
      assert.deepEqual(shown(untreated.replace('threshold: 100', 'threshold: 211')), []);
      assert.deepEqual(shown(untreated.replace('threshold: 100\n', '')), []);
    });

    it('uses AP = H with aiag-vda-2019', () => {
      const ap = untreated.replace('method: rpn', 'method: aiag-vda-2019').replace('threshold: 100\n', '');
      assert.deepEqual(shown(ap), ['amdec-untreated-risk: R-01']);
      assert.match(messages(ap, 'amdec-untreated-risk')[0], /Risk R-01 has Action Priority H \(S 7, O 6, D 5\)/);
      assert.deepEqual(shown(ap.replace('occurrence: 6', 'occurrence: 4').replace('rpn: 210', 'rpn: 140')), []);
    });
  });

  describe('aiag-vda-2019', () => {
    const ap = amdecText.replace('method: rpn', 'method: aiag-vda-2019').replace('threshold: 100\n', '');

    it('amdec-ap-threshold: warns that an RPN threshold is not the recommended practice', () => {
      assert.deepEqual(shown(ap), []);
      const text = amdecText.replace('method: rpn', 'method: aiag-vda-2019');
      assert.deepEqual(shown(text), ['amdec-ap-threshold: threshold']);
    });

    it('amdec-ap-scales: the table needs 1–10 scales', () => {
      const text = ap.replace('detection: [1, 10]', 'detection: [1, 5]');
      assert.deepEqual(shown(text), ['amdec-ap-scales: aiag-vda-2019']);
    });

    it('amdec-ap-review: severity 9–10 with AP H or M is flagged for review, as information', () => {
      const text = ap.replace('severity: 7', 'severity: 9').replace('rpn: 210', 'rpn: 270');
      const ws = workspace(text);
      const [d] = ws.diagnose(uri);
      assert.equal(`${String(d.code)}: ${covered(text, d)}`, 'amdec-ap-review: 9');
      assert.equal(d.severity, 3);
      assert.deepEqual(shown(text.replace('occurrence: 6', 'occurrence: 1').replace('rpn: 270', 'rpn: 45')), []);
    });
  });

  describe('actions', () => {
    it('amdec-action-incomplete: every action needs an owner, a due date and a status', () => {
      const text = amdecText.replace(', owner: steward, due: 2026-09-30, status: open}', '}');
      assert.deepEqual(shown(text), ['amdec-action-incomplete: A-01']);
      assert.equal(messages(text, 'amdec-action-incomplete')[0], 'Action A-01 has no owner, due date, status: every action needs an owner, a due date and a status.');
    });

    it('amdec-action-overdue: an open action past its due date, relative to today', () => {
      const late = amdecText.replace('due: 2026-09-30', 'due: 2026-06-14');
      assert.deepEqual(shown(late), ['amdec-action-overdue: 2026-06-14']);
      assert.equal(messages(late, 'amdec-action-overdue')[0], 'Action A-01 was due 2026-06-14 and is still open: 1 day late. Move the date or update the status.');
      assert.deepEqual(shown(late.replace('status: open', 'status: in-progress')), ['amdec-action-overdue: 2026-06-14']);
      assert.deepEqual(shown(amdecText.replace('due: 2026-09-30', 'due: 2026-06-15')), [], 'due today is not overdue');
      assert.deepEqual(shown(late.replace('status: open', 'status: cancelled').replace('    rpn: 210\n', '    rpn: 210\n    justification: Accepted\n')), []);
    });

    it('amdec-missing-revision: a done action needs revised ratings', () => {
      const text = amdecText.replace('    revised: {severity: 8, occurrence: 2, detection: 2}\n', '');
      assert.deepEqual(shown(text), ['amdec-missing-revision: done']);
      assert.match(messages(text, 'amdec-missing-revision')[0], /Action A-02 is done but risk R-02 has no revised ratings/);
    });

    it('amdec-revised-severity: severity stays unless justified', () => {
      const text = amdecText.replace('revised: {severity: 8,', 'revised: {severity: 6,');
      assert.deepEqual(shown(text), ['amdec-revised-severity: 6']);
      assert.deepEqual(shown(text.replace('detection: 2}', 'detection: 2, justification: The campaign tool no longer sends without a consent id}')), []);
    });
  });

  describe('owners and the linked RACI', () => {
    it('amdec-unknown-owner: an owner that is not a role of the RACI, with a quick fix', () => {
      const text = amdecText.replace('owner: steward', 'owner: stewart');
      const ws = workspace(text);
      const diagnostics = ws.diagnose(uri);
      assert.deepEqual(diagnostics.map((d) => `${String(d.code)}: ${covered(text, d)}`), ['amdec-unknown-owner: stewart']);
      assert.equal(diagnostics[0].message, 'owner "stewart" is not a role of governance.raci.yaml. Did you mean "steward"?');
      assert.equal(ws.apply(uri, ws.codeActions(uri, diagnostics)[0]), amdecText);
      assert.match(messages(amdecText.replace('owner: steward', 'owner: Jane'), 'amdec-unknown-owner')[0], /Roles: cdo, steward, dpo, marketing\./);
    });

    it('follows the RACI as it changes', () => {
      const ws = workspace(amdecText);
      assert.deepEqual(ws.diagnose(uri), []);
      ws.update(raciUri, raciText.replace(/\bsteward\b/g, 'data-steward'));
      const [renamed] = ws.diagnose(uri);
      assert.equal(`${String(renamed.code)}: ${covered(amdecText, renamed)}`, 'amdec-unknown-owner: steward');
      assert.match(renamed.message, /Did you mean "data-steward"\?$/);
      ws.update(raciUri, raciText);
      assert.deepEqual(ws.diagnose(uri), []);
    });

    it('does not check owners without a raci link', () => {
      assert.deepEqual(shown(amdecText.replace('raci: governance.raci.yaml\n', '').replace('owner: steward', 'owner: Jane Doe')), []);
    });

    it('amdec-raci-not-found: the linked file is missing or is not a RACI file', () => {
      const text = amdecText.replace('raci: governance.raci.yaml', 'raci: ../people.raci.yaml');
      assert.deepEqual(shown(text.replace('owner: steward', 'owner: anyone')), ['amdec-raci-not-found: ../people.raci.yaml']);
      assert.match(messages(text, 'amdec-raci-not-found')[0], /RACI file "..\/people.raci.yaml" is not in the workspace \(looked for file:\/\/\/work\/people.raci.yaml\)/);
      const ws = new TestWorkspace({ 'file:///work/governance/governance.yaml': 'kind: other\n', [uri]: amdecText.replace('governance.raci.yaml', 'governance.yaml') });
      assert.match(ws.diagnose(uri).map((d) => d.message).join(), /"governance.yaml" is not a RACI file/);
    });
  });

  describe('ids and categories', () => {
    it('amdec-duplicate-id: risks and actions', () => {
      const text = amdecText.replace('id: R-02', 'id: R-01').replace('id: A-02', 'id: A-01');
      assert.deepEqual(shown(text), ['amdec-duplicate-id: R-01', 'amdec-duplicate-id: A-01']);
    });

    it('amdec-unknown-category: with a quick fix to the close spelling', () => {
      const text = amdecText.replace('category: technical', 'category: techncal');
      const ws = workspace(text);
      const diagnostics = ws.diagnose(uri);
      assert.deepEqual(diagnostics.map((d) => `${String(d.code)}: ${covered(text, d)}`), ['amdec-unknown-category: techncal']);
      assert.equal(ws.apply(uri, ws.codeActions(uri, diagnostics)[0]), amdecText);
      assert.deepEqual(shown(amdecText.replace('category: technical', 'category: weather')), ['amdec-unknown-category: weather']);
      for (const spelling of ['Economique', 'économique', 'organizational', 'Human', 'humain']) {
        assert.deepEqual(shown(amdecText.replace('category: technical', `category: ${spelling}`)), [], spelling);
      }
    });
  });
});

describe('AMDEC editing help', () => {
  const label = (h: InlayHint) => (typeof h.label === 'string' ? h.label : h.label.map((p) => p.value).join(''));

  it('shows the computed score after the ratings of every risk and the revised one', () => {
    const ws = workspace(amdecText);
    const hints = ws.inlayHints(uri);
    assert.deepEqual(hints.map((h) => `${h.position.line}:${h.position.character} ${label(h)}`), ['14:16 RPN 210', '24:16 RPN 96', '27:54 → RPN 32 (was 96)']);
    assert.equal(hints[0].tooltip, 'S 7 × O 6 × D 5 = 210 (at or above threshold); Action Priority H');
    const ap = workspace(amdecText.replace('method: rpn', 'method: aiag-vda-2019'));
    assert.deepEqual(ap.inlayHints(uri).map(label), ['AP H', 'AP L', '→ AP L (was L)']);
    const criticite = workspace(amdecText.replace('method: rpn', 'method: criticite'));
    assert.deepEqual(criticite.inlayHints(uri).map(label), ['criticité 210', 'criticité 96', '→ criticité 32 (was 96)']);
    assert.deepEqual(workspace(amdecText.replace('detection: 5', 'detection: 0')).inlayHints(uri).map(label), ['RPN 96', '→ RPN 32 (was 96)']);
  });

  it('shows a risk\'s score and band on hover', () => {
    const ws = workspace(amdecText);
    const hover = ws.hover(uri, ws.at(uri, amdecText.replace('id: R-01', 'id: R-|01')));
    assert.ok(hover && typeof hover.contents === 'object' && 'value' in hover.contents);
    assert.equal(
      hover.contents.value,
      '**R-01** — Data warehouse: Marketing and product tables disagree *(technical)*\n\nRPN **210** = S 7 × O 6 × D 5 — at or above threshold, threshold 100.\n\nAction Priority (AIAG & VDA 2019): H.\n\n1 action, 1 open.',
    );
    const onRating = ws.hover(uri, ws.at(uri, amdecText.replace('occurrence: 3', 'occurrence: |3')));
    assert.ok(onRating && typeof onRating.contents === 'object' && 'value' in onRating.contents);
    assert.match(onRating.contents.value, /RPN \*\*96\*\* = S 8 × O 3 × D 4 — below threshold[^]*Revised: RPN 32 \(S 8 × O 2 × D 2 = 32\) — below threshold/);
  });

  it('shows the owner\'s RACI role on hover', () => {
    const ws = workspace(amdecText);
    const hover = ws.hover(uri, ws.at(uri, amdecText.replace('owner: dpo', 'owner: d|po')));
    assert.ok(hover && typeof hover.contents === 'object' && 'value' in hover.contents);
    assert.match(hover.contents.value, /^\*\*dpo\*\* — Data protection officer\n\nR on 1, A on 1, C on 1 of 4 activities/);
  });

  it('completes categories, statuses, owners from the RACI, methods and RACI files', () => {
    const ws = workspace(amdecText);
    const labels = (marked: string) => ws.completion(uri, ws.at(uri, marked)).map((i) => i.label);
    assert.deepEqual(labels(amdecText.replace('category: technical', 'category: te|')), ['technical', 'organisational', 'human', 'economic', 'legal']);
    assert.deepEqual(labels(amdecText.replace('method: rpn', 'method: criticite').replace('category: technical', 'category: |')), ['technique', 'organisationnel', 'humain', 'économique', 'légal']);
    assert.deepEqual(labels(amdecText.replace('status: open}', 'status: |}')), ['open', 'in-progress', 'done', 'cancelled']);
    assert.deepEqual(labels(amdecText.replace('owner: steward,', 'owner: |,')), ['cdo', 'steward', 'dpo', 'marketing']);
    assert.deepEqual(labels(amdecText.replace('owner: steward, due: 2026-09-30', 'responsable: st|, echeance: 2026-09-30')), ['cdo', 'steward', 'dpo', 'marketing']);
    assert.deepEqual(labels(amdecText.replace('method: rpn', 'method: |')), ['rpn', 'criticite', 'aiag-vda-2019']);
    assert.deepEqual(labels(amdecText.replace('raci: governance.raci.yaml', 'raci: |')), ['governance.raci.yaml']);
    const block = amdecText.replace('      - {id: A-01, action: Introduce a master customer id, owner: steward, due: 2026-09-30, status: open}', '      - id: A-01\n        status: |');
    assert.deepEqual(labels(block), ['open', 'in-progress', 'done', 'cancelled']);
    const item = ws.completion(uri, ws.at(uri, amdecText.replace('owner: steward,', 'owner: ste|ward,'))).find((i) => i.label === 'steward');
    assert.ok(item?.textEdit && 'range' in item.textEdit);
    assert.deepEqual(item.textEdit.range, { start: { line: 17, character: 66 }, end: { line: 17, character: 73 } });
  });

  it('gives the dashboard a plain model with scores, bands, owners and positions', () => {
    const ws = workspace(amdecText.replace('due: 2026-09-30', 'due: 2026-06-01'));
    const data = amdecModelData(ws.file(uri), ws.index, '2026-06-15');
    assert.ok(data);
    assert.equal(data.raci, raciUri);
    assert.deepEqual(data.risks.map((r) => [r.id, r.categoryKey, r.score?.product, r.score?.ap, r.score?.band, r.score?.needsTreatment, r.revised?.product]), [
      ['R-01', 'technical', 210, 'H', 'at or above threshold', true, undefined],
      ['R-02', 'legal', 96, 'L', 'below threshold', false, 32],
    ]);
    assert.deepEqual(data.risks[0].actions.map((a) => [a.id, a.owner, a.ownerName, a.overdue]), [['A-01', 'steward', 'Data steward', true]]);
    assert.deepEqual(data.risks[1].range, { start: { line: 18, character: 8 }, end: { line: 18, character: 12 } });
    assert.equal(JSON.stringify(JSON.parse(JSON.stringify(data))), JSON.stringify(data), 'plain data');
  });
});
