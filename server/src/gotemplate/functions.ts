/**
 * The functions a Helm template can call: text/template's, sprig's (less env and expandenv,
 * which Helm removes) and Helm's own (include, tpl, required, fail, lookup, toYaml, fromYaml,
 * toJson, …), as Helm's engine binds them in lint mode: `required` and `fail` record their
 * message and give an empty string, `lookup` finds nothing.
 */
import { builtinFunctions } from './builtins';
import { fromJson, fromJsonArray, fromYaml, fromYamlArray, toJson, toYaml } from './codec';
import { collectionFunctions } from './collections';
import { Unsupported, type GoFunction } from './exec';
import { sprigFunctions } from './sprig';
import { GoError, fromPlain, type GoValue } from './values';

const str = (v: GoValue) => v as string;
const unsupported: GoFunction = {
  params: [],
  variadic: 'any',
  call: () => {
    throw new Unsupported();
  },
};

function mustFromJson(text: string): GoValue {
  try {
    return fromPlain(JSON.parse(text) as unknown);
  } catch (error) {
    throw new GoError(error instanceof Error ? error.message : String(error));
  }
}

const helmFunctions = new Map<string, GoFunction>([
  ['include', { params: ['string', 'any'], call: ([name, data], context) => context.include(str(name), data) }],
  ['tpl', { params: ['string', 'any'], call: ([text, data], context) => context.tpl(str(text), data) }],
  [
    'required',
    {
      params: ['string', 'any'],
      call: ([message, value], context) => {
        if (value === null || value === '') {
          context.event('required', str(message));
          return '';
        }
        return value;
      },
    },
  ],
  [
    'fail',
    {
      params: ['string'],
      call: ([message], context) => {
        context.event('fail', str(message));
        return '';
      },
    },
  ],
  ['lookup', { params: ['string', 'string', 'string', 'string'], call: () => new Map() }],
  ...['toYaml', 'mustToYaml', 'toYamlPretty'].map((name): [string, GoFunction] => [name, { params: ['any'], call: ([v]) => toYaml(v) }]),
  ['fromYaml', { params: ['string'], call: ([s]) => fromYaml(str(s)) }],
  ['fromYamlArray', { params: ['string'], call: ([s]) => fromYamlArray(str(s)) }],
  ['toJson', { params: ['any'], call: ([v]) => toJson(v) }],
  ['mustToJson', { params: ['any'], call: ([v]) => toJson(v) }],
  ['toPrettyJson', { params: ['any'], call: ([v]) => toJson(v, { indent: true }) }],
  ['mustToPrettyJson', { params: ['any'], call: ([v]) => toJson(v, { indent: true }) }],
  ['toRawJson', { params: ['any'], call: ([v]) => toJson(v, { escapeHtml: false }) }],
  ['mustToRawJson', { params: ['any'], call: ([v]) => toJson(v, { escapeHtml: false }) }],
  ['fromJson', { params: ['string'], call: ([s]) => fromJson(str(s)) }],
  ['fromJsonArray', { params: ['string'], call: ([s]) => fromJsonArray(str(s)) }],
  ['mustFromJson', { params: ['string'], call: ([s]) => mustFromJson(str(s)) }],
  ...['toToml', 'mustToToml', 'fromToml', 'mustToDuration', 'durationSeconds', 'durationMilliseconds', 'durationMicroseconds', 'durationNanoseconds', 'durationMinutes', 'durationHours', 'durationDays', 'durationWeeks', 'durationRoundTo', 'durationTruncateTo'].map((name): [string, GoFunction] => [name, unsupported]),
]);

/** Every function of Helm's engine, by name. */
export const helmFunctionMap: ReadonlyMap<string, GoFunction> = new Map([...builtinFunctions, ...sprigFunctions, ...collectionFunctions, ...helmFunctions]);

