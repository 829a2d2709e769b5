/**
 * Addresses in a service's own command (issue #95): rocketchat-compose's nats-exporter runs with `http://nats:8222` as an
 * argument, its mongodb-exporter with `--mongodb.uri=mongodb://mongodb:27017`, zammad's ollama-init runs
 * `curl http://ollama:11434/api/pull` in a `sh -c` script. The program the command starts calls what it names there. Only a
 * service of the project is read so (`names`): a command names files, hosts of the documentation, its own listeners too.
 * A healthcheck's test is run by the engine, not by the program: it is no command here; a wait for a port before starting
 * (`wait-for-it db:3306 -- …`) is the start order, no call; daprd's flags are Dapr's (appconfig/dapr.ts).
 *
 * Pure: the service's value and its node only.
 */
import { addressesIn, type WrittenAddress } from '../features/system/addresses';
import { isBrowserDestination } from '../features/system/browserUrls';
import type { Json } from './model';
import { pairOf, type SourceNode } from '../yaml/tree';

/** The longest line of a command read (a longer one is data, no invocation). */
const MAX_LINE = 4096;
/** The most lines of one command read. */
const MAX_LINES = 2000;

/** Flags saying the program's own address or one a browser is sent to (`--listen=`, `--advertise-addr`, `--public-url`), no peer. */
const OWN_FLAG = /listen|bind|advertis|announce|public|external|self/i;
/** An Elastic Beat's setting of its `setup` command (`setup.kibana.host=`, `setup.dashboards.*`), just before an address. */
const SETUP_SETTING = /(?:^|\s)setup\.[\w.-]{1,100}=$/;

/**
 * Waiting for a port before starting (`wait-for-it db:3306 -- npm start`, `dockerize -wait tcp://db:5432`, `nc -z db 5432`,
 * `wait4x tcp db:5432`): the start order, as `depends_on` says it, no call of the program.
 */
const WAIT = /(?:^|[\s/"'])(?:wait-for-it|wait-for|dockerize|wait4x|nc\s{1,4}-z)(?:\.sh)?(?=\s)/;
/** What separates the commands of a line (the part after the last one is the command an address is an argument of). */
const SEPARATOR = /&&|\|\||;|\||\s--\s/g;
/** A list item that is a wait program (`./dockerize`, `wait-for-it.sh`): the items after it, to a `--`, are its arguments. */
const WAIT_PROGRAM = /^(?:\S{0,200}\/)?(?:wait-for-it|wait-for|dockerize|wait4x)(?:\.sh)?$/;
/** Dapr's sidecar: its flags are read by appconfig/dapr.ts (`-placement-host-address placement:50006`, gRPC). */
const DAPRD = /^\s{0,8}(?:\S{0,200}\/)?daprd(?:\s|$)/;

/** Whether the address at `start` is an argument of a wait for a port (WAIT), in its line's command. */
function waitedFor(line: string, start: number): boolean {
  const before = line.slice(0, start);
  let from = 0;
  for (const separator of before.matchAll(SEPARATOR)) from = separator.index + separator[0].length;
  return WAIT.test(before.slice(from));
}

/**
 * The parts of a `command` or `entrypoint` as written: a string, or a list's strings, each with its index in the list.
 * `numbers`: a list's numbers too, as their text (an unquoted `- 9096`, a word the container gets all the same: a flag's
 * value for listening.ts), which no address is.
 */
export function commandParts(value: Json | undefined, numbers = false): { text: string; index?: number }[] {
  if (typeof value === 'string') return [{ text: value }];
  return Array.isArray(value) ? value.flatMap((part, index) => (typeof part === 'string' || (numbers && typeof part === 'number') ? [{ text: String(part), index }] : [])) : [];
}

/** The flag an address is the value of, when it is one (`--mongodb.uri=` before it on its line, or `--url` the word before). */
function flagOf(line: string, start: number, previous: string | undefined): string | undefined {
  const before = line.slice(0, start);
  const word = before.slice(Math.max(before.lastIndexOf(' '), before.lastIndexOf('\t')) + 1);
  if (word.startsWith('-') && word.includes('=')) return word.slice(0, word.indexOf('='));
  if (word !== '') return undefined;
  const words = before.trim().split(/\s+/);
  const last = before.trim() === '' ? previous : words[words.length - 1];
  return last?.startsWith('-') === true ? last : undefined;
}

/**
 * The addresses of services of the project (`names`) a service's `entrypoint` and `command` name, each with the node of the
 * part naming it (the list's item, or the value). `resolve` gives a part's text as Compose interpolates it (`${URI:-default}`).
 */
export function commandAddresses(service: { [key: string]: Json }, node: SourceNode | null, names: (host: string) => boolean, resolve: (text: string) => string): (WrittenAddress & { node: SourceNode | null })[] {
  const found: (WrittenAddress & { node: SourceNode | null })[] = [];
  for (const key of ['entrypoint', 'command']) {
    const valueNode = pairOf(node, key)?.value ?? null;
    let previous: string | undefined;
    const parts = commandParts(service[key]);
    if (parts.length > 0 && DAPRD.test(parts[0].text)) continue;
    // In a list (`["./dockerize", "-wait=tcp://db:5432", "--", "java", …]`), the wait's arguments are the items before `--`.
    let waiting = false;
    for (const { text, index } of parts) {
      if (index !== undefined && (WAIT_PROGRAM.test(text.trim()) || (waiting && text.trim() !== '--'))) {
        waiting = true;
        previous = text.trim();
        continue;
      }
      waiting = false;
      const at = index !== undefined ? (valueNode?.items?.[index] ?? valueNode) : valueNode;
      for (const line of resolve(text).split('\n', MAX_LINES)) {
        if (line.length > MAX_LINE) continue;
        for (const address of addressesIn(line)) {
          const flag = flagOf(line, address.start, previous);
          if (!names(address.host) || waitedFor(line, address.start) || (flag !== undefined && (OWN_FLAG.test(flag) || isBrowserDestination(flag.replace(/^-+/, ''))))) continue;
          // A Beat's `-E setup.kibana.host=kibana:5601`: where `apm-server setup` loads dashboards, no call of the running server (opbeans).
          if (SETUP_SETTING.test(line.slice(Math.max(0, address.start - 200), address.start))) continue;
          found.push({ ...address, node: at });
        }
      }
      previous = text.trim();
    }
  }
  return found;
}
