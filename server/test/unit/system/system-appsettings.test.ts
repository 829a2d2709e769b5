// .NET's appsettings.json and appsettings.{Environment}.json (issue #79): their URLs, connection strings and host keys read
// as calls by the app-config family's rules — a call only to a component of the map, at the value's line.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { families } from '../../../src/families/index';
import { systemContributors } from '../../../src/families/descriptor';
import { prepareContributors } from '../../../src/features/system/contributor';
import { indexOptions } from '../../../src/service';
import { defaultSettings } from '../../../src/settings';
import { buildSystemModel, type SystemModel } from '../../../src/system/model';
import { WorkspaceIndex } from '../../../src/workspace/index';
import { corpus } from './repositories';

/** Files (`name → text`) and folders of the corpus indexed as one repository at `file:///repo/`. */
async function modelOf(files: Record<string, string>, folders: readonly string[] = []): Promise<SystemModel> {
  const index = new WorkspaceIndex(indexOptions(defaultSettings));
  for (const folder of folders) {
    const root = path.join(corpus, folder);
    const stack = [root];
    while (stack.length > 0) {
      const dir = stack.pop()!;
      for (const name of readdirSync(dir)) {
        const file = path.join(dir, name);
        if (statSync(file).isDirectory()) stack.push(file);
        else if (name !== 'LICENSE') index.update(`file:///repo/${path.relative(root, file).split(path.sep).join('/')}`, readFileSync(file, 'utf8'));
      }
    }
  }
  for (const [name, text] of Object.entries(files)) index.update(`file:///repo/${name}`, text);
  const contributors = systemContributors(families);
  await prepareContributors(contributors, index);
  return buildSystemModel(index, contributors);
}

/** The calls read from appsettings files, `from → to file:line`. */
function fromAppSettings(model: SystemModel): string[] {
  const name = (id: string) => model.node(id)?.name ?? id;
  return model.edges.flatMap((e) => e.sources.filter((s) => /\/appsettings[^/]*\.json$/i.test(s.uri)).map((s) => `${name(e.from)} -${e.kind}-> ${name(e.to)} ${s.uri.replace('file:///repo/', '')}:${s.range.start.line + 1}`)).sort();
}

const shop = [
  'services:',
  '  catalog-api:',
  '    image: eshop/catalog.api:dev',
  '    build:',
  '      context: .',
  '      dockerfile: Catalog.API/Dockerfile',
  '  identity-api:',
  '    image: eshop/identity.api:dev',
  '  sqldata:',
  '    image: mcr.microsoft.com/mssql/server:2019-latest',
  '  rabbitmq:',
  '    image: rabbitmq:3-management-alpine',
  '  basketdata:',
  '    image: redis:alpine',
  '',
].join('\n');

const appsettings = [
  '{',
  '  "ConnectionStrings": {',
  '    "CatalogDb": "Server=sqldata;Database=Catalog;User Id=sa;Password=Pass@word"',
  '  },',
  '  "EventBusConnection": "rabbitmq",',
  '  "Redis": { "ConnectionString": "basketdata" },',
  '  "IdentityUrl": "http://identity-api:80",',
  '  "PicBaseUrl": "http://localhost:5101/api/v1/catalog/items/[0]/pic/",',
  '  "Authority": "https://login.example.com/tenant",',
  '  "SubscriptionClientName": "Catalog"',
  '}',
  '',
].join('\n');

describe('System map: .NET appsettings (issue #79)', () => {
  it('appsettings.json: a connection string\'s server, a host key\'s bare value and a URL are calls when they name a component, each at its line; localhost and outside hosts are not', async () => {
    const model = await modelOf({ 'docker-compose.yml': shop, 'Catalog.API/Dockerfile': 'FROM mcr.microsoft.com/dotnet/aspnet:7.0\n', 'Catalog.API/appsettings.json': appsettings });
    assert.deepEqual(fromAppSettings(model), [
      'catalog-api -calls-> basketdata Catalog.API/appsettings.json:6',
      'catalog-api -calls-> identity-api Catalog.API/appsettings.json:7',
      'catalog-api -calls-> rabbitmq Catalog.API/appsettings.json:5',
      'catalog-api -calls-> sqldata Catalog.API/appsettings.json:3',
    ]);
    assert.deepEqual(model.nodes.filter((n) => n.kind === 'external').map((n) => n.name), []);
  });

  it('appsettings.{Environment}.json is read the same way', async () => {
    const model = await modelOf({ 'docker-compose.yml': shop, 'Catalog.API/Dockerfile': 'FROM mcr.microsoft.com/dotnet/aspnet:7.0\n', 'Catalog.API/appsettings.Production.json': '{\n  "EventBusConnection": "rabbitmq"\n}\n' });
    assert.deepEqual(fromAppSettings(model), ['catalog-api -calls-> rabbitmq Catalog.API/appsettings.Production.json:2']);
  });

  it("eShopOnContainers' 25 appsettings files: every address is a development default (localhost, 127.0.0.1, host.docker.internal): no call, no outside system; one planted beside them is read as its service's", async () => {
    const folders = ['dotnet-architecture+eShopOnContainers', 'dotnet-architecture+eShopOnContainers+appsettings'];
    const before = await modelOf({}, folders.slice(0, 1));
    const model = await modelOf({}, folders);
    assert.deepEqual(fromAppSettings(model), []);
    assert.deepEqual(model.edges.length, before.edges.length);
    assert.deepEqual(model.nodes.filter((n) => n.kind === 'external').map((n) => n.name), before.nodes.filter((n) => n.kind === 'external').map((n) => n.name));
    const planted = await modelOf({ 'src/Services/Ordering/Ordering.API/appsettings.Production.json': '{\n  "ConnectionString": "Server=sqldata;Database=Ordering;User Id=sa",\n  "IdentityUrl": "http://identity-api",\n  "EventBusConnection": "rabbitmq"\n}\n' }, folders);
    assert.deepEqual(fromAppSettings(planted), [
      'ordering-api -calls-> identity-api src/Services/Ordering/Ordering.API/appsettings.Production.json:3',
      'ordering-api -calls-> rabbitmq src/Services/Ordering/Ordering.API/appsettings.Production.json:4',
      'ordering-api -calls-> sqldata src/Services/Ordering/Ordering.API/appsettings.Production.json:2',
    ]);
  });
});
