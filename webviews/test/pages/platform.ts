// A page built on the shared platform only (webviews/shared), as a panel would be: it renders the
// embedded data and host messages with the DOM helpers, keeps state, reveals on click, and styles
// itself through a constructed stylesheet. The platform tests load it under the real page template.
import * as v from 'valibot';
import { adoptStyles, h, replaceChildren, root } from '../../shared/dom';
import { commonToHost, RangeSchema, UriSchema } from '../../shared/messages';
import { connect, initialData } from '../../shared/page';
import { onThemeChange, themeKind } from '../../shared/theme';

const Item = v.object({ name: v.string(), uri: UriSchema, range: RangeSchema });
const ToPage = v.variant('type', [v.object({ type: v.literal('items'), title: v.string(), items: v.array(Item) })]);
export const ToHost = v.variant('type', [...commonToHost]);
const State = v.object({ selected: v.string() });

const page = connect<typeof ToPage, v.InferOutput<typeof ToHost>, typeof State>({ toPage: ToPage, state: State }, (message) => show(message.title, message.items));

function show(title: string, items: v.InferOutput<typeof Item>[]): void {
  const selected = page.state()?.selected;
  replaceChildren(
    root(),
    h('h1', { attrs: { id: 'title' } }, title),
    h('p', { attrs: { id: 'theme' } }, themeKind()),
    h('p', { attrs: { id: 'selected' } }, selected ?? ''),
    h(
      'ul',
      { attrs: { id: 'items' } },
      ...items.map((item) =>
        h('li', { class: ['clickable', item.name === selected && 'selected'], dataset: { name: item.name }, on: { click: () => select(item) } }, item.name),
      ),
    ),
  );
  page.post({ type: 'rendered', summary: { items: items.length } });
}

function select(item: v.InferOutput<typeof Item>): void {
  page.setState({ selected: item.name });
  page.post({ type: 'reveal', uri: item.uri, range: item.range });
}

adoptStyles('platform-test', '#title { color: var(--vscode-textLink-foreground); } li.selected { font-weight: 700; }');
onThemeChange((kind) => {
  const element = document.getElementById('theme');
  if (element) element.textContent = kind;
});
const data = initialData(v.object({ title: v.string(), items: v.array(Item) }));
if (data) show(data.title, data.items);
page.post({ type: 'ready' });
