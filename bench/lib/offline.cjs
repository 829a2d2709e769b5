// Preloaded (`node --require`) into every language server the benchmarks start: refuses every
// outgoing network connection and DNS lookup, and says so on stderr, so that a benchmark can
// both guarantee and prove that no server touched the network (yaml-language-server would
// otherwise fetch the JSON Schema Store catalogue and Kubernetes CRD schemas).
'use strict';
const net = require('node:net');
const dns = require('node:dns');

const MARK = '[bench-offline] blocked';

function report(what) {
  try {
    process.stderr.write(`${MARK} ${what}\n`);
  } catch {
    // stderr closed: nothing more to say.
  }
}

const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function (...args) {
  // net.connect() passes its normalized arguments as one array: [options, callback].
  const first = Array.isArray(args[0]) ? args[0][0] : args[0];
  const options = typeof first === 'object' && first !== null ? first : { port: first, host: args[1] };
  if (typeof options.path === 'string') return connect.apply(this, args); // local IPC, not network
  report(`connect ${options.host ?? 'localhost'}:${options.port}`);
  process.nextTick(() => this.destroy(Object.assign(new Error('network disabled by the benchmark'), { code: 'ENETUNREACH' })));
  return this;
};

const refuseLookup = (name) =>
  function (hostname, ...rest) {
    report(`${name} ${hostname}`);
    const callback = rest.find((a) => typeof a === 'function');
    const error = Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND', hostname });
    if (callback) process.nextTick(callback, error);
  };
dns.lookup = refuseLookup('dns.lookup');
dns.promises.lookup = async (hostname) => {
  report(`dns.promises.lookup ${hostname}`);
  throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND', hostname });
};

module.exports = { MARK };
