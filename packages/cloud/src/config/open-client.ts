import type { Dispatcher } from 'undici';
import type { RetryOptions } from '../rpc/retry-policy.js';
import { RpcClient } from '../rpc/rpc-client.js';
import { RemoteConfig } from './remote-config.js';
import type { Environment } from './user-dirs.js';

/** Where and how to reach a cloud; what is not given comes from {@link RemoteConfig}. */
export interface CloudConnectionOptions {
  /** Cloud base URL (default from {@link RemoteConfig}: `BOSONIC_CLOUD_URL`, the config file, the Quandela Cloud). */
  url?: string;
  /** API token (default from {@link RemoteConfig}: `BOSONIC_CLOUD_TOKEN`, `PCVL_CLOUD_TOKEN`, the config file). */
  token?: string;
  /** Proxy URL (default from {@link RemoteConfig}: `BOSONIC_CLOUD_PROXY`, the config file). */
  proxy?: string;
  /** An undici dispatcher to send requests through (e.g. a `MockAgent`). */
  dispatcher?: Dispatcher;
  /** Per-request timeout in ms (default 10 000). */
  timeoutMs?: number;
  /** Retry policy of GETs and job creation. */
  retry?: RetryOptions;
  /** Environment to read the configuration from instead of `process.env`. */
  env?: Environment;
}

/**
 * An RPC client for the options, the configuration filling what they leave out (arguments first).
 * @throws AuthenticationError when no token is given or configured; ValidationError naming a bad option.
 */
export function openRpcClient(options: CloudConnectionOptions): RpcClient {
  const config = new RemoteConfig({
    ...(options.token === undefined ? {} : { token: options.token }),
    ...(options.url === undefined ? {} : { url: options.url }),
    ...(options.proxy === undefined ? {} : { proxy: options.proxy }),
    ...(options.env === undefined ? {} : { env: options.env }),
  });
  return new RpcClient({
    url: config.url,
    token: config.token as string,
    ...(config.proxy === undefined ? {} : { proxy: config.proxy }),
    ...(options.dispatcher === undefined ? {} : { dispatcher: options.dispatcher }),
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    ...(options.retry === undefined ? {} : { retry: options.retry }),
  });
}
