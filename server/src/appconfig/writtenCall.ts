/**
 * A call an application's configuration or code writes, as the readers give it (readers.ts; dapr.ts's invocations by app id).
 * Its own file: both readers name it without importing each other.
 */
/** One address written in the file. */
export interface WrittenCall {
  /** The host, lower case; absent when a variable stands for it (`variable`). */
  host?: string;
  /** `${CATALOGUE_HOST}`: the environment variable naming the host (an nginx template's, a Spring placeholder without default). */
  variable?: string;
  port?: number;
  scheme?: string;
  /** As written. */
  text: string;
  start: number;
  end: number;
  /** Where it is written: `config` (a proxy's upstream, a framework's URL or `*.host` key), `code` (a literal of a source file). */
  evidence: 'config' | 'code';
  /** Kept only when its host names a component of the map: a literal of code, a bare name in a `*.host` key or a `Hostname("…")`. */
  onlyKnown?: boolean;
  /**
   * `localhost:9092`, `${KAFKA_HOST:localhost}:9092` (host `localhost`): this machine's port, a peer only for a program on its
   * host's network (features/system/hostNetwork.ts); `defaulted` the placeholders it took the default of (`KAFKA_HOST`): set
   * elsewhere, the value is another.
   */
  loopback?: { defaulted: string[] };
  /** A declarative client's service id (Micronaut's `@Client(id = "pricing-service")`): resolved by the registry, unless configured (`configuresServices`). */
  serviceId?: boolean;
  /** The Spring setting it is the value of (`yas.services.media`): no call when the program never reads it (springSettings.ts). */
  setting?: string;
  /**
   * A code fallback (`process.env.API_HOST || 'http://backend:4000'`, `os.getenv("API_HOST", "…")`, `@Value("${api.host:…}")`):
   * the environment variables that replace it when set (`API_HOST`). The program's address only where its deployment sets none.
   */
  fallbackOf?: string[];
  /** A Spring profile document's (`spring.config.activate.on-profile: docker`): the profiles it is for (springSettings.ts's documentProfiles). */
  profiles?: string[];
}
