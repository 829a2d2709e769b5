/**
 * The address one word of a configuration value writes (issue #95): a URL or a `host:port` as the map reads them everywhere
 * (features/system/addresses.ts addressesIn), or a bare host given its port by the file around it (fluent-bit's `Host oap`
 * beside `Port 12800`, DeathStarBench's `"addr": "post-storage-service"` beside `"port": 9090`, Logstash's `hosts => es` on
 * Elasticsearch's 9200). The whole word is the address: an address inside a longer word (`--target=api:80`) is not read.
 */
import { addressesIn, type WrittenAddress } from '../features/system/addresses';

/** A DNS name, one label or more: the host of a word that is nothing else. */
const BARE_HOST = /^[a-z0-9][a-z0-9-]{0,62}(?:\.[a-z0-9-]{1,63}){0,8}$/i;

/** The address a word (`start`: its offset in the file) writes; `port` the one the file gives it when it writes none. */
export function wordAddress(word: string, start: number, port: number | undefined): WrittenAddress | undefined {
  const written = addressesIn(word)[0];
  // A URL's path, query or fragment is the address's still (the evidence covers the whole word).
  if (written && written.start === 0 && (written.end === word.length || /^[/?#]/.test(word.slice(written.end)))) {
    const portHere = written.port ?? port;
    return { host: written.host, ...(portHere !== undefined ? { port: portHere } : {}), ...(written.scheme ? { scheme: written.scheme } : {}), text: word, start, end: start + word.length };
  }
  // A bare word with no port anywhere is no address (`Host oap` says one only beside its `Port`; `server: on`, `nodes: all`).
  if (port === undefined || !BARE_HOST.test(word) || !/[a-z]/i.test(word)) return undefined;
  return { host: word.toLowerCase(), port, text: word, start, end: start + word.length };
}
