import type { Dispatcher } from 'undici';
import { RemoteConfig } from '../config/remote-config.js';
import type { Environment } from '../config/user-dirs.js';
import type { RemoteJobLink } from '../remote-job.js';
import type { RetryOptions } from '../rpc/retry-policy.js';
import { RpcClient } from '../rpc/rpc-client.js';

/** How a JobGroup reaches the clouds of the jobs it reloads from its file (which holds no token). */
export interface JobGroupConnectionOptions {
  /** Token (default from {@link RemoteConfig}). */
  token?: string;
  /** Proxy (default from {@link RemoteConfig}). */
  proxy?: string;
  /** An undici dispatcher for the reloaded jobs' clients (tests). */
  dispatcher?: Dispatcher;
  /** Timeout of each request of the reloaded jobs' clients, in ms (the client's default otherwise). */
  timeoutMs?: number;
  /** Retry policy of the reloaded jobs' clients (the client's default otherwise). */
  retry?: RetryOptions;
  /** Minimum time between two status requests of a reloaded job (default 1000 ms; for tests). */
  refreshIntervalMs?: number;
}

/**
 * The links of the jobs a group reloads from its file: one client per cloud URL (token and proxy from the
 * connection options, else from {@link RemoteConfig}), one link per URL and platform. The group closes them.
 */
export class ReloadedJobLinks {
  readonly #connection: JobGroupConnectionOptions;
  readonly #env: Environment | undefined;
  readonly #clients = new Map<string, RpcClient>();
  readonly #links = new Map<string, RemoteJobLink>();

  constructor(connection: JobGroupConnectionOptions = {}, env?: Environment) {
    this.#connection = connection;
    this.#env = env;
  }

  /**
   * The link to `platform` on the cloud at `url`, its client opened on first use.
   * @throws AuthenticationError when no token is given or configured.
   */
  linkFor(url: string, platform: string): RemoteJobLink {
    const key = `${url}\n${platform}`;
    const known = this.#links.get(key);
    if (known !== undefined) return known;
    const refreshIntervalMs = this.#connection.refreshIntervalMs;
    const link: RemoteJobLink = {
      rpc: this.#clientFor(url),
      platform,
      ...(refreshIntervalMs === undefined ? {} : { refreshIntervalMs }),
    };
    this.#links.set(key, link);
    return link;
  }

  /** Closes the clients opened so far. */
  async close(): Promise<void> {
    await Promise.all([...this.#clients.values()].map((client) => client.close()));
  }

  #clientFor(url: string): RpcClient {
    const known = this.#clients.get(url);
    if (known !== undefined) return known;
    const connection = this.#connection;
    const config = new RemoteConfig({
      url,
      ...(connection.token === undefined ? {} : { token: connection.token }),
      ...(connection.proxy === undefined ? {} : { proxy: connection.proxy }),
      ...(this.#env === undefined ? {} : { env: this.#env }),
    });
    const rpc = new RpcClient({
      url,
      token: config.token as string,
      ...(config.proxy === undefined ? {} : { proxy: config.proxy }),
      ...(connection.dispatcher === undefined ? {} : { dispatcher: connection.dispatcher }),
      ...(connection.timeoutMs === undefined ? {} : { timeoutMs: connection.timeoutMs }),
      ...(connection.retry === undefined ? {} : { retry: connection.retry }),
    });
    this.#clients.set(url, rpc);
    return rpc;
  }
}
