/**
 * The prediction service's HTTP transport (issue #21) on fastify: routes, the JSON schemas of the
 * request envelopes, the body size limit, content types and the API's error bodies
 * (`{"error": "..."}` with 400, 404, 413, 415, 422, 503), metrics per request, and a close that
 * drains the requests in flight. Every answer itself comes from PredictionService.
 */
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply } from 'fastify';
import { boundConnections } from './connections';
import { guardRequest, type Access } from './guard';
import type { ServeMetrics } from './metrics';
import { CsvBatch, NdjsonBatch, TextBatch } from './formats';
import { packInstances, PackedInstances } from './packed';
import { JsonText, type PredictionService, type ServeResponse } from './service';

export interface HttpOptions {
  /** Largest request body in bytes (413 above it). */
  bodyLimit?: number;
  /** Longest a request may take, receiving included (ms). */
  requestTimeoutMs?: number;
  /** Longest a client may take to send a request's headers (ms). */
  headersTimeoutMs?: number;
  /** A connection with no byte in either direction for this long is closed (ms): clients that connect and send nothing. */
  idleTimeoutMs?: number;
  /** Longest a kept-alive connection waits for its next request (ms). */
  keepAliveTimeoutMs?: number;
  /** Connections open at once; more are closed as they come, unless another client sits on idle ones (connections.ts). */
  maxConnections?: number;
  /** Idle connections one client address keeps at most; its oldest idle one is closed beyond. */
  maxIdlePerClient?: number;
  /** Who may send what (guard.ts); loopback without a token when not given. */
  access?: Access;
  /** In a worker of several: /reload and /metrics answered for all of them (cli/serveCluster.ts). */
  shared?: SharedRoutes;
}

/** What one worker of several cannot answer alone. */
export interface SharedRoutes {
  /** Reloads the model in every worker; the answer of the first. */
  reload(): Promise<ServeResponse>;
  /** The metrics of every worker, summed. */
  metrics(): Promise<string>;
}

/** The defaults: a few seconds for headers, a short idle time, room for a load balancer's pool. */
export const HTTP_DEFAULTS = { requestTimeoutMs: 30_000, headersTimeoutMs: 10_000, idleTimeoutMs: 15_000, keepAliveTimeoutMs: 5_000, maxConnections: 512, maxIdlePerClient: 64 };

export const ROUTES = ['GET /health', 'GET /model/info', 'POST /predict', 'POST /predict/batch', 'GET /predict/demo', 'GET /metrics', 'POST /reload'];

const FEATURES_EXPECTED = 'expected {"features": [numbers in the model\'s feature order]} or {"features": {"<feature name>": number, ...}}';
const INSTANCES_EXPECTED = 'expected {"instances": [[numbers], ...]} or {"instances": [{"<feature name>": number, ...}, ...]}';
const expectedFor = (url: string): string => (url.startsWith('/predict/batch') ? INSTANCES_EXPECTED : FEATURES_EXPECTED);

/** The envelopes; the values are checked against the model card in validate.ts, with their names. */
const predictSchema = {
  body: {
    type: 'object',
    required: ['features'],
    properties: { features: { type: ['array', 'object'] } },
    additionalProperties: false,
  },
};
const batchSchema = {
  body: {
    type: 'object',
    required: ['instances'],
    properties: { instances: { type: 'array' } },
    additionalProperties: false,
  },
};

/** A path as a message quotes it: bounded, whatever the client sent. */
function shorten(text: string): string {
  return text.length > 100 ? `${text.slice(0, 97)}...` : text;
}

/** A body that is not JSON, carried from the parser to the preValidation hook. */
class MalformedJson {
  constructor(readonly message: string) {}
}

function send(reply: FastifyReply, response: ServeResponse): FastifyReply {
  if (response.body instanceof JsonText) return reply.code(response.status).type('application/json; charset=utf-8').send(response.body.text);
  return reply.code(response.status).send(response.body);
}

/** The API's error for a failure fastify reports (parsing, limits, schema). */
function errorResponse(error: FastifyError, url: string, bodyLimit: number): ServeResponse {
  const expected = expectedFor(url);
  if (error.validation) {
    const first = error.validation[0];
    const where = `body${first?.instancePath?.replace(/\//g, '.') ?? ''}`;
    const detail = first?.keyword === 'additionalProperties'
      ? `has an unknown key ${JSON.stringify((first.params as { additionalProperty?: string }).additionalProperty)}`
      : (first?.message ?? error.message);
    return { status: 400, body: { error: `${where} ${detail}; ${expected}` } };
  }
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return { status: 413, body: { error: `the body is larger than the limit of ${bodyLimit} bytes; send fewer rows per request` } };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return { status: 415, body: { error: `the content type is not supported; send the body as application/json` } };
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return { status: 400, body: { error: 'the body\'s length differs from its Content-Length header; send the whole body' } };
    default:
      break;
  }
  const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
  return { status, body: { error: status === 500 ? `internal error: ${error.message}` : error.message } };
}

export function createHttpServer(service: PredictionService, metrics: ServeMetrics, options: HttpOptions = {}): FastifyInstance {
  const bodyLimit = options.bodyLimit ?? 8 * 1024 * 1024;
  const limits = { ...HTTP_DEFAULTS, ...options };
  const access = options.access ?? { loopback: true };
  const app = Fastify({
    logger: false,
    bodyLimit,
    requestTimeout: limits.requestTimeoutMs,
    // Node closes neither a connection that sends nothing nor one that stays idle between requests
    // on its own: a socket idle this long is destroyed, whatever it did before.
    connectionTimeout: limits.idleTimeoutMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    // Node checks the header and request timeouts of open requests every connectionsCheckingInterval
    // (30 s by default): a client trickling its headers byte by byte is cut within a second or so
    // of its time.
    http: { headersTimeout: limits.headersTimeoutMs, connectionsCheckingInterval: Math.min(1000, Math.max(100, limits.headersTimeoutMs / 4)) },
    // A request on a kept-alive connection after close() began is answered 503, never dropped.
    return503OnClosing: true,
    // "NaN" must stay a string (refused), never be coerced into a number.
    // An unknown key is refused, never silently removed.
    ajv: { customOptions: { coerceTypes: false, allErrors: false, removeAdditional: false, allowUnionTypes: true } },
  });
  // JSON only: without this, text/plain bodies would reach the routes as strings. An empty body is
  // no body (POST /reload takes none; the routes that need one say so through their schema).
  // JSON.parse keeps "__proto__" as a plain key, which the feature checks refuse as unknown.
  // Malformed JSON is answered 400 by the preValidation hook below rather than as a parser error,
  // on which fastify would also close the connection: the body was read whole, so the connection
  // can stay open, and a client that sends bad JSON at full rate does not reconnect each time.
  boundConnections(app.server, { maxConnections: limits.maxConnections, maxIdlePerClient: limits.maxIdlePerClient });
  app.removeAllContentTypeParsers();
  // A /predict/batch body of rows of numbers is read from its bytes into float32 rows (packed.ts);
  // any other body is parsed as JSON.
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    const bytes = body as Buffer;
    if (request.routeOptions.url === '/predict/batch') {
      const rows = packInstances(bytes, service.maxInstances);
      if (rows) {
        done(null, new PackedInstances(rows, () => bytes.toString('utf8')));
        return;
      }
    }
    const text = bytes.toString('utf8');
    if (text.trim() === '') {
      done(null, undefined);
      return;
    }
    try {
      done(null, JSON.parse(text));
    } catch (error) {
      done(null, new MalformedJson((error as Error).message));
    }
  });
  // CSV and NDJSON batches (formats.ts), on /predict/batch only: elsewhere 415 as any other type.
  for (const [type, Batch] of [['text/csv', CsvBatch], ['application/x-ndjson', NdjsonBatch]] as const) {
    app.addContentTypeParser(type, { parseAs: 'string' }, (request, body, done) => {
      if (request.routeOptions.url !== '/predict/batch') done(Object.assign(new Error('unsupported content type'), { statusCode: 415, code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE' }), undefined);
      else done(null, new Batch(body as string));
    });
  }
  // Host, Origin and /reload's token, before any body is read.
  app.addHook('onRequest', async (request, reply) => {
    const refusal = guardRequest(request.method, request.routeOptions.url ?? request.url.split('?')[0], request.headers, access);
    if (refusal) return send(reply, refusal);
  });
  app.addHook('preValidation', async (request, reply) => {
    if (request.body instanceof MalformedJson) {
      return send(reply, { status: 400, body: { error: `malformed JSON: ${request.body.message}; ${expectedFor(request.url)}` } });
    }
  });
  // Once close() began the server no longer listens: an answer then also closes its kept-alive
  // connection, so that the drain ends with the last request instead of the clients' idle timeout.
  app.addHook('onSend', async (_request, reply) => {
    if (!app.server.listening) reply.header('connection', 'close');
  });
  app.addHook('onResponse', async (request, reply) => {
    metrics.request(request.method, request.routeOptions.url ?? 'unmatched', reply.statusCode, reply.elapsedTime / 1000);
  });
  app.setErrorHandler((error: FastifyError, request, reply) => send(reply, errorResponse(error, request.url, bodyLimit)));
  app.setNotFoundHandler((request, reply) =>
    send(reply, { status: 404, body: { error: `no route ${request.method} ${shorten(request.url.split('?')[0])}; the routes are ${ROUTES.join(', ')}` } }),
  );

  app.get('/health', async (_request, reply) => send(reply, service.health()));
  app.get('/model/info', async (_request, reply) => send(reply, service.info()));
  app.post('/predict', { schema: predictSchema }, async (request, reply) => send(reply, await service.predict(request.body)));
  // A body the fast path read has the envelope's shape by construction: the schema's verdict on the
  // wrapper is not asked for.
  app.post('/predict/batch', { schema: batchSchema, attachValidation: true }, async (request, reply) => {
    if (request.validationError && !(request.body instanceof PackedInstances || request.body instanceof TextBatch)) return send(reply, errorResponse(request.validationError as FastifyError, request.url, bodyLimit));
    return send(reply, await service.predictBatch(request.body));
  });
  app.get('/predict/demo', async (_request, reply) => send(reply, await service.demo()));
  const shared = options.shared;
  app.post('/reload', async (_request, reply) => send(reply, await (shared ? shared.reload() : service.reload())));
  app.get('/metrics', async (_request, reply) => reply.code(200).type(metrics.contentType).send(await (shared ? shared.metrics() : metrics.text())));
  return app;
}
