/** `archipel serve`'s usage and usage error, apart from the command so that the CLI's start loads no HTTP or model code. */

import { UsageError } from './usage';

export const serveUsage = `  serve MODEL          Serve a tabular ONNX classifier over HTTP (GET /health, GET /model/info, POST /predict,
                       POST /predict/batch, GET /predict/demo, GET /metrics, POST /reload). SIGTERM drains, then exits.
      --recipe ohlcv-22          The requests carry the recipe's 22 features (default: the model card's recipe).
      --threshold P              Binary models: the second class when its probability is at least P (default: the model card's, else 0.5).
      --host HOST                The address to listen on (default: 127.0.0.1; 0.0.0.0 in a container).
      --port N                   The port (default: 5000; 0 picks a free one). The URL is printed once bound.
      --batch-window-ms N        Micro-batch concurrent single-row requests within N ms (default: 2; 0 disables).
      --workers N                Processes sharing the port, each with the model loaded (default: one per core; 1: a single process).
                       POST /reload takes "Authorization: Bearer <token>" when ARCHIPEL_SERVE_TOKEN (or
                       ARCHIPEL_SERVE_TOKEN_FILE, a file holding it) is set, and is refused without a token
                       when the service listens beyond loopback; cross-site browser requests are refused.`;

export class ServeUsageError extends UsageError {}
