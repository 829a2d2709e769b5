// Document links on terraform-aws-eks's main.tf (fixtures/oss/terraform, SOURCES.md), as terraform-ls
// gives them (issue #83): each resource and data source type to its registry page, the registry
// module call to the module's page; a provider without a bundled schema to its latest page.
import assert from 'node:assert/strict';
import path from 'node:path';
import { terraformDocumentLinks } from '../../../src/terraform/editor/links';
import { indexOf, loadParser } from '../../terraform';
import { editorData, moduleFiles, ossTerraform } from './terraform-editor-fixtures';

describe('Terraform document links (registry pages)', () => {
  before(loadParser);

  it('terraform-aws-eks main.tf: resource and data source types, the kms module', () => {
    const files = moduleFiles(path.join(ossTerraform, 'terraform-aws-eks'));
    const index = indexOf(files);
    const file = index.get('file:///w/m/main.tf')!;
    const links = terraformDocumentLinks(index, file, editorData).map((l) => `${l.range.start.line + 1} ${files['m/main.tf'].split('\n')[l.range.start.line].slice(l.range.start.character, l.range.end.character)} ${l.target}`);
    assert.ok(links.includes('36 aws_eks_cluster https://registry.terraform.io/providers/hashicorp/aws/6.66.0/docs/resources/eks_cluster'), links.slice(0, 5).join('\n'));
    assert.ok(links.includes('339 terraform-aws-modules/kms/aws https://registry.terraform.io/modules/terraform-aws-modules/kms/aws'), links.filter((l) => l.includes('/modules/')).join('\n'));
    assert.ok(links.some((l) => /^\d+ aws_iam_policy_document https:\/\/registry\.terraform\.io\/providers\/hashicorp\/aws\/6\.66\.0\/docs\/data-sources\/iam_policy_document$/.test(l)));
    // A provider Archipel bundles no schema of: its latest page.
    assert.ok(links.includes('451 tls_certificate https://registry.terraform.io/providers/hashicorp/tls/latest/docs/data-sources/certificate'), links.filter((l) => l.includes('tls')).join('\n'));
    // One link per resource, data source and registry module call of the file, nothing else.
    const text = files['m/main.tf'];
    const blocks = (text.match(/^(resource|data) "/gm) ?? []).length;
    assert.equal(links.length, blocks + 1);
  });
});
