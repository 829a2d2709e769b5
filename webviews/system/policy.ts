/**
 * A component's policy violations in the System Map's details (#96): how many, and each with its rule and message, a
 * click on its line opening the file there — the workspace's policies (Kyverno, ValidatingAdmissionPolicy) as the
 * editor says them on the lines that declare the component.
 */
import { h } from '../shared/dom';
import type { WireRange } from '../shared/messages';
import { violationsOf } from './messages';

/** A URI's file name, as the details show a source's line (`deployment.yaml:12`). */
export function fileName(uri: string): string {
  return decodeURIComponent(uri.slice(uri.lastIndexOf('/') + 1));
}

/** The details' section for a node's violations (unchecked, as they came: each checked here); nothing when it has none. */
export function violationList(unchecked: readonly unknown[] | undefined, reveal: (uri: string, range: WireRange) => void): HTMLElement[] {
  const violations = violationsOf(unchecked ?? []);
  if (violations.length === 0) return [];
  return [
    h('h3', { attrs: { id: 'policy-violations' } }, `Policy violations (${violations.length})`),
    h(
      'ul',
      { class: 'sources violations' },
      ...violations.map((violation) =>
        h(
          'li',
          { class: violation.severity },
          h('span', { class: 'violation-code' }, `${violation.severity === 'error' ? 'Enforce' : 'Audit'} · ${violation.code.replace(/^policy:/, '')}`),
          h('span', { class: 'violation-message' }, ` ${violation.message} `),
          h('button', { class: 'link', title: violation.uri, on: { click: () => reveal(violation.uri, violation.range) } }, `${fileName(violation.uri)}:${violation.range.start.line + 1}`),
        ),
      ),
    ),
  ];
}
