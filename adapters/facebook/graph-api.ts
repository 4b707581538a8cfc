import { FacebookAdsApi } from 'facebook-nodejs-business-sdk';

/**
 * The SDK's API object, bound to one Graph origin and version. The SDK builds URLs from the
 * static `FacebookAdsApi.GRAPH` and `VERSION` getters, which are process-wide; instead of
 * redefining them, this instance builds the full URL itself and hands the SDK a string path,
 * which the SDK sends as is. The crash reporter stays off: it would install a process-wide
 * `uncaughtException` handler that posts to graph.facebook.com.
 */
export class ScopedGraphApi extends FacebookAdsApi {
  readonly graphUrl: string;
  readonly graphVersion: string;

  constructor(accessToken: string, graphUrl: string, graphVersion: string) {
    super(accessToken, 'en_US', false);
    this.graphUrl = graphUrl.replace(/\/+$/, '');
    this.graphVersion = graphVersion;
  }

  override call<T>(
    method: string,
    path: string | string[],
    params: Record<string, unknown> = {},
    files: Record<string, unknown> = {},
    useMultipartFormData = false,
    urlOverride = '',
  ): Promise<T> {
    if (typeof path === 'string') return super.call<T>(method, path, params, files, useMultipartFormData, urlOverride);
    const isWrite = method === 'POST' || method === 'PUT';
    const query = isWrite ? { access_token: this.accessToken } : { ...params, access_token: this.accessToken };
    const url = `${[this.graphUrl, this.graphVersion, ...path].join('/')}?${FacebookAdsApi._encodeParams(query)}`;
    return super.call<T>(method, url, isWrite ? params : {}, files, useMultipartFormData, urlOverride);
  }
}
