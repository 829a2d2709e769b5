import { isMap, isScalar, isSeq, type Node } from 'yaml';
import { t } from '../../l10n/t';
import { report, type CheckContext } from '../model/data';
import { get, pairs } from '../model/model';
import { credentialsPasswordRule, envNameRule, shellRule } from './rules';
import { suggest } from './suggest';
import { isExpression } from './declarations';

/** The shells a runner knows by name (GitHub's docs, "jobs.<job_id>.steps[*].shell"). */
const knownShells = ['bash', 'sh', 'pwsh', 'powershell', 'python', 'cmd'];

function span(node: Node): [number, number] {
  const [start, end] = node.range!;
  return [start, end];
}

/** Every `key: value` entry of the file, depth first (what `with:` passes to actions excepted). */
function* walk(node: Node | null | undefined): Generator<{ key: string; value: Node | null; parent: string | undefined }> {
  const stack: { node: Node | null | undefined; parent: string | undefined }[] = [{ node, parent: undefined }];
  while (stack.length > 0) {
    const { node: current, parent } = stack.pop()!;
    if (isSeq(current)) {
      for (const item of current.items as Node[]) stack.push({ node: item, parent });
      continue;
    }
    for (const entry of pairs(current)) {
      yield { key: entry.name, value: entry.value, parent };
      if (entry.name !== 'with') stack.push({ node: entry.value, parent: entry.name });
    }
  }
}

/** shell: names (of steps and defaults.run), env: names, and literal container and service passwords. */
export function checkEnvironment(check: CheckContext): void {
  const { model } = check;
  for (const { key, value, parent } of walk(model.doc.contents)) {
    if (key === 'shell' && (parent === 'steps' || parent === 'run') && isScalar(value) && typeof value.value === 'string' && !isExpression(value)) {
      const shell = value.value.trim();
      const command = shell.split(/\s+/)[0];
      // The runner compares shell names without case (`PowerShell` on a Windows runner is powershell).
      if (!shell.includes('{0}') && !knownShells.includes(command.toLowerCase())) {
        const near = suggest(shell, knownShells);
        report(check, shellRule.id, ...span(value), t('Unknown shell "{0}": use {1}, or a command with {2} for the script file (like "perl {2}").{3}', shell, knownShells.join(', '), '{0}', near.hint), near.data);
      }
    } else if (key === 'env' && isMap(value)) {
      for (const variable of pairs(value)) {
        if (variable.name !== '' && !variable.name.includes('=')) continue;
        report(check, envNameRule.id, ...span(variable.key), variable.name === '' ? t('An environment variable needs a name.') : t('Environment variable names cannot contain "=": "{0}" would be read as "{1}".', variable.name, variable.name.slice(0, variable.name.indexOf('='))));
      }
    } else if (key === 'credentials' && isMap(value)) {
      const password = get(value, 'password');
      if (password && isScalar(password.value) && typeof password.value.value === 'string' && password.value.value !== '' && !isExpression(password.value)) {
        report(check, credentialsPasswordRule.id, ...span(password.value), t('This registry password is written in the workflow, readable by anyone who can read the repository: use ${{ secrets.NAME }}.'));
      }
    }
  }
}
