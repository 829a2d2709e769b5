/**
 * A Dapr sidecar's API on the ports of the app it serves (issue #95, eShopOnDapr: each `<app>-dapr` Compose service runs
 * daprd with `network_mode: "service:<app>"`, and the app publishes `"50001:50001"`). daprd's HTTP (3500) and gRPC
 * (50001) APIs invoke any app, publish to any topic, read and write the state stores and read the secret stores it is
 * given; they ask for no token unless `DAPR_API_TOKEN` is set (docs.dapr.io/operations/security/api-token/). The sidecar
 * is found in the Compose files that define the app: a service sharing its network whose image or command is daprd; its
 * blocks (a file and its override) together give its ports (`-dapr-grpc-port`, `-dapr-http-port`) and environment. Pure:
 * the files' texts in, the sidecar's facts out.
 */
import { isMap, isScalar, LineCounter, parseDocument, type Document } from 'yaml';

/** The sidecar serving a Compose app: its API ports, whether a token guards them, and the 0-based line (in `uri`) joining it to the app. */
export interface DaprSidecar {
  grpcPort: number;
  httpPort: number;
  token: boolean;
  uri: string;
  line: number;
}

/** A file read beyond this size is not looked into (Compose files are a few tens of kilobytes). */
const MAX_COMPOSE = 1024 * 1024;

const words = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : typeof value === 'string' ? value.trim().split(/\s+/) : []);

/** The value after a daprd flag (`-dapr-grpc-port 50002`, `--dapr-grpc-port=50002`), a port. */
function flag(command: readonly string[], name: string): number | undefined {
  for (const [i, word] of command.entries()) {
    const joined = new RegExp(`^--?${name}=(\\d{1,5})$`).exec(word)?.[1];
    const value = joined ?? (new RegExp(`^--?${name}$`).test(word) ? command[i + 1] : undefined);
    if (value !== undefined && /^\d{1,5}$/.test(value)) return Number(value);
  }
  return undefined;
}

/** Whether an environment (a list of `K=V`, a map) sets DAPR_API_TOKEN to anything but empty. */
function setsToken(environment: unknown): boolean {
  if (Array.isArray(environment)) return environment.some((e) => /^DAPR_API_TOKEN=\S/.test(String(e)) || String(e) === 'DAPR_API_TOKEN');
  if (environment !== null && typeof environment === 'object') {
    const value = (environment as Record<string, unknown>).DAPR_API_TOKEN;
    return value !== undefined && value !== '';
  }
  return false;
}

/**
 * The Dapr sidecar of the Compose service `service` in these Compose files (`files`: each one's URI and text): a service
 * with `network_mode: service:<service>` running daprd (its image `daprd`, or `daprd` in its command), its blocks across
 * the files merged; undefined when none.
 */
export function daprSidecarOf(service: string, files: readonly { uri: string; text: string }[]): DaprSidecar | undefined {
  // Parsed only when a file names daprd (most Compose projects run none).
  if (!files.some((f) => f.text.includes('daprd'))) return undefined;
  const parsed = files.filter((f) => f.text.length <= MAX_COMPOSE).map((f) => {
    const counter = new LineCounter();
    let document: Document | undefined;
    try {
      document = parseDocument(f.text, { lineCounter: counter, uniqueKeys: false, logLevel: 'silent' });
    } catch {
      document = undefined;
    }
    const services = document?.get('services', true);
    return { uri: f.uri, counter, services: isMap(services) ? services : undefined };
  });
  for (const { uri, counter, services } of parsed) {
    for (const pair of services?.items ?? []) {
      if (!isScalar(pair.key) || !isMap(pair.value)) continue;
      const mode = pair.value.get('network_mode', true);
      if (!isScalar(mode) || String(mode.value).trim() !== `service:${service}` || !mode.range) continue;
      const name = String(pair.key.value);
      // The sidecar's blocks in every file (its image in one, its command and environment in the override).
      const blocks = parsed.flatMap((p) => {
        const block: unknown = p.services?.get(name);
        return isMap(block) ? [block.toJSON() as Record<string, unknown>] : [];
      });
      const image = blocks.map((b) => b.image).find((i) => typeof i === 'string');
      const command = [...words(blocks.map((b) => b.entrypoint).find((c) => c !== undefined)), ...words(blocks.map((b) => b.command).find((c) => c !== undefined))];
      const daprd = (typeof image === 'string' && /(?:^|\/)daprd(?:[:@]|$)/.test(image)) || command.some((w) => /(?:^|\/)daprd$/.test(w));
      if (!daprd) continue;
      return { grpcPort: flag(command, 'dapr-grpc-port') ?? 50001, httpPort: flag(command, 'dapr-http-port') ?? 3500, token: blocks.some((b) => setsToken(b.environment)), uri, line: counter.linePos(mode.range[0]).line - 1 };
    }
  }
  return undefined;
}
