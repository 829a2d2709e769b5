// The deployment view of microservices-demo (GoogleCloudPlatform's, its files in server/test/fixtures/oss/system with
// their licence) at 1,280 px (issue #79): after Fit, with its groups closed and with every group opened, no two labels
// drawn meet — a box's lines, a group's title, an arrow's label.
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { SystemMapResult } from '../../server/src/protocol/system';
import { families } from '../../server/src/families/index';
import { systemContributors } from '../../server/src/families/descriptor';
import { prepareContributors } from '../../server/src/features/system/contributor';
import { viewOf } from '../../server/src/system/diagram';
import { indexOptions } from '../../server/src/service';
import { defaultSettings } from '../../server/src/settings';
import { WorkspaceIndex } from '../../server/src/workspace/index';
import { WebviewHarness } from './harness';
import { rendered, renderPanel } from './panels';

const FOLDER = path.join(__dirname, '..', '..', '..', 'server', 'test', 'fixtures', 'oss', 'system', 'GoogleCloudPlatform+microservices-demo');

/** The repository's deployment view as `archipel/systemMap` answers it. */
async function deploymentMap(): Promise<SystemMapResult> {
  const index = new WorkspaceIndex(indexOptions(defaultSettings));
  const stack = [FOLDER];
  while (stack.length > 0) {
    const dir = stack.pop()!;
    for (const name of readdirSync(dir)) {
      const file = path.join(dir, name);
      if (statSync(file).isDirectory()) stack.push(file);
      else if (name !== 'LICENSE') index.update(pathToFileURL(file).href, readFileSync(file, 'utf8'));
    }
  }
  const contributors = systemContributors(families);
  await prepareContributors(contributors, index);
  const graph = viewOf(index, contributors, [], 'deployment');
  return { view: 'deployment', system: graph.system, nodes: graph.nodes.map(({ members: _members, ...node }) => node), edges: graph.edges, groups: graph.groups, ms: 1 };
}

type Page = Awaited<ReturnType<typeof renderPanel>>;

/** The labels drawn (each box's lines, each group's title, each arrow's label) and the pairs of them that meet. */
function overlaps(page: Page) {
  return page.page.evaluate(() => {
    const labels = [...document.querySelectorAll<SVGTextElement>('#stage text')].filter((t) => !t.closest('#overview')).map((t) => ({ text: t.textContent ?? '', box: t.getBoundingClientRect() })).filter((l) => l.box.width > 0 && l.text.trim() !== '');
    const meet = (a: DOMRect, b: DOMRect) => a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5;
    const meeting: string[] = [];
    labels.forEach((a, i) => {
      for (const b of labels.slice(i + 1)) if (meet(a.box, b.box)) meeting.push(`"${a.text}" × "${b.text}"`);
    });
    return { labels: labels.length, meeting };
  });
}

describe('System Map: microservices-demo\'s deployment view at 1,280 px', function () {
  this.timeout(120_000);
  const harness = new WebviewHarness();
  before(() => harness.launch());
  after(() => harness.close());

  it('after Fit, with its groups closed and all opened, no two labels drawn meet', async () => {
    const data = await deploymentMap();
    const page = await renderPanel(harness, 'system', { viewport: { width: 1280, height: 800 } });
    const click = async (selector: string) => {
      const since = page.messages.length;
      await page.page.click(selector);
      return rendered(page, since);
    };
    const since = page.messages.length;
    await page.post({ type: 'map', map: data });
    await rendered(page, since);
    await click('#fit');
    // Closed (past 60 boxes): its environments, each saying how many elements it holds.
    const closed = await overlaps(page);
    await page.screenshot('system map microservices-demo deployment 1280');
    assert.ok(closed.labels >= 6, `${closed.labels} labels`);
    assert.deepEqual(closed.meeting, []);
    await click('#expand');
    await click('#fit');
    const opened = await overlaps(page);
    await page.screenshot('system map microservices-demo deployment 1280 opened');
    assert.ok(opened.labels > 100, `${opened.labels} labels`);
    assert.deepEqual(opened.meeting, []);
    // Each way the cluster's objects are deployed is a group named as its tool names it; the optional shopping assistant (a
    // variant) stays closed, one box saying how many elements it holds. The CI's test kustomizations are the delivery view's.
    const closedGroups = await page.page.evaluate(() => [...document.querySelectorAll('#stage .node')].map((n) => [...n.querySelectorAll('text')].map((t) => t.textContent).join(' | ')).filter((t) => t.endsWith(' elements')).sort());
    assert.deepEqual(closedGroups, [
      // Cut to what a box shows (the tooltip and the details say them whole).
      'shopping-assistant (manifests… | 2 elements',
    ]);
    // At the readable zoom the map goes on past the view (the overview shows the rest); the labels measured are those
    // drawn, in view and half a view around it — arrows' labels included (77 boxes, 150 arrows at most).
    assert.equal(await page.page.locator('#offview').textContent(), '4 of 77 boxes out of view: drag to pan, or click the overview');
    assert.deepEqual(page.errors, []);
    await page.close();
  });
});
