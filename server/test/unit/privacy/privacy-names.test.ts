// French surnames (issue #78): INSEE's « noms de famille » count as a person's name in context only —
// after a civility or a known first name, before a first name in « NOM Prénom », under a header that
// says nom / surname / last_name — never a common word alone (`la rose`, `le marchand`). `Rose` alone
// stays a name: it is a first name of INSEE's list (firstNamesFr.ts), not a surname's doing.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { columnVerdict, valueVerdict } from '../../../src/privacy/columns';
import { freeTextCounts } from '../../../src/privacy/freeText';
import { isCivility, isSurname, valueKinds } from '../../../src/privacy/values';
import { fixturesDir } from '../../helpers';

/** The person names free text holds, per row (1 or 0), as the scan counts them. */
const names = (texts: readonly string[]): number[] => texts.map((t) => freeTextCounts([t]).get('person') ?? 0);

describe('privacy: French surnames in context', () => {
  it('the list: INSEE surnames, diacritics and case folded; common words are in it too', () => {
    assert.deepEqual(['Dupont', 'MARTIN', 'Lefèvre', 'le-gall', 'Marchand', 'Rose'].map(isSurname), [true, true, true, true, true, true]);
    assert.deepEqual(['Xqzwv', 'D', ''].map(isSurname), [false, false, false]);
    assert.deepEqual(['M.', 'Mme', 'Mlle', 'Monsieur', 'Madame', 'Dr', 'Dr.', 'Mr.', 'Rue'].map(isCivility), [true, true, true, true, true, true, true, true, false]);
  });

  it('a value: a civility then a surname, a first name then a surname; never a surname alone', () => {
    assert.deepEqual(valueKinds('Mme Dupont'), ['person']);
    assert.deepEqual(valueKinds('M. Le Marchand'), ['person']);
    assert.deepEqual(valueKinds('Dr Lefèvre'), ['person']);
    assert.deepEqual(valueKinds('Jean Martin'), ['person']);
    assert.deepEqual(valueKinds('DUPONT Jean'), ['person']);
    for (const value of ['la rose', 'le marchand', 'Boulanger', 'Marchand', 'Dupont', 'Le Marchand', 'MARCHAND', 'Mme', 'Mme Xqzwv']) assert.deepEqual(valueKinds(value), [], value);
  });

  it('free text: « Mme Dupont », « Jean Martin », « Jean DUPONT », « DUPONT Jean »; no common word alone', () => {
    assert.deepEqual(names(['Appel de Mme Dupont ce matin.', 'Rappeler Jean Martin', 'Dossier suivi par Jean DUPONT', 'Titulaire : DUPONT Jean', 'vu M. MARTIN au guichet', '(Dr. Lefèvre)']), [1, 1, 1, 1, 1, 1]);
    assert.deepEqual(names(['la rose du jardin', 'le marchand est passé', 'Le Marchand de sable', 'livraison ROSE Express', 'Mme absente', 'MERCI beaucoup']), [0, 0, 0, 0, 0, 0]);
  });

  it('a column: `nom` values are last names by their header; the same values with no header are none', () => {
    const values = ['Dupont', 'Martin', 'Lefèvre', 'Le Gall', 'Marchand', 'Rose', 'Bernard', 'Petit', 'Durand', 'Moreau'];
    for (const header of ['nom', 'surname', 'last_name', 'nom_client']) {
      assert.deepEqual(columnVerdict(header, values, 2026), { kind: 'person', categories: ['user.name.last'], rows: 10, matching: 10, byHeader: true }, header);
      assert.equal(valueVerdict('Dupont', header, 2026), 'person', header);
    }
    assert.deepEqual(columnVerdict('x', values, 2026), { categories: [], rows: 10, matching: 0, byHeader: false });
    assert.equal(valueVerdict('Dupont', '', 2026), 'none');
    assert.equal(valueVerdict('Mme Dupont', '', 2026), 'person');
    // Civilities make a column of surnames a name column with no header to say so.
    const addressed = ['Mme Dupont', 'M. Martin', 'Mlle Lefèvre', 'Monsieur Le Gall', 'Madame Marchand', 'Dr Moreau', 'M. Petit', 'Mme Durand', 'M. Bernard', 'Mme Rose'];
    assert.deepEqual(columnVerdict('destinataire', addressed, 2026), { kind: 'person', categories: ['user.name'], rows: 10, matching: 10, byHeader: false });
  });

  it('places are not persons (#95): 120 real communes whose names hold a first name, countries of two words or more; people still found beside them', () => {
    const rows = parse(readFileSync(path.join(fixturesDir, 'pii', 'communes-cog.csv')), { columns: true }) as Record<string, string>[];
    const communes = rows.map((r) => r.Nom_de_la_commune);
    assert.equal(communes.length, 120);
    // As written (`Mont-Saint-Martin`), as many tables write them (`Mont Saint Martin`), and as La Poste's labels do (`MONT ST MARTIN`).
    const spaced = communes.map((n) => n.replace(/-/g, ' '));
    const labels = spaced.map((n) => n.toUpperCase().replace(/\bSAINT\b/g, 'ST'));
    for (const value of [...communes, ...spaced, ...labels]) assert.deepEqual(valueKinds(value), [], value);
    // La Poste's header names a commune, not a surname; under a header that says nothing, no name column either.
    for (const header of ['Nom_de_la_commune', 'nom_commune', 'localite', 'destination']) assert.deepEqual(columnVerdict(header, spaced, 2026).categories, [], header);
    // In free text: the place is read whole, no name starts inside it (`à Saint Alban`, `Bourg Saint Christophe`).
    assert.deepEqual(names(spaced.map((n) => `Livraison prévue à ${n} demain matin.`)), spaced.map(() => 0));
    assert.deepEqual(names(['Livraison à Saint Alban puis à Bourg Saint Christophe.', 'Départ de Sainte Croix ce soir.']), [0, 0]);
    // Countries (CLDR's names, English and French) whose names hold a first name.
    for (const value of ['Sierra Leone', 'El Salvador', 'Marshall Islands', 'Saint Lucia', 'Sainte-Lucie']) assert.deepEqual(valueKinds(value), [], value);
    // One word both a first name and a place (`Marie` is a commune, `Chad` a country) stays a name: the header decides.
    assert.deepEqual(['Marie', 'Chad'].map((v) => valueKinds(v)), [['person'], ['person']]);
    assert.deepEqual(columnVerdict('pays', ['Chad', 'Chad', 'Chad'], 2026).categories, []);
    // People are still people, beside a place or named like one in part (`Germaine` is a commune, `Germaine Dupont` no place).
    assert.deepEqual(names(['Rappeler Germaine Dupont demain.', 'Vu Jean Moulin à Saint Alban.', 'Appel de Jean Martin, Saint Denis.']), [1, 1, 1]);
    for (const value of ['Jean Martin', 'Germaine Dupont', 'Jordan Martin']) assert.deepEqual(valueKinds(value), ['person'], value);
  });
});
