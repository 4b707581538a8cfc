import type { LoadedConfig } from '../config/load.js';

/** `2026-05-14` → `2026/05/14`: the page's folder, under the website's output folder and its base URL. */
export function sitePagePath(date: string): string {
  return date.split('-').join('/');
}

/**
 * The public address of an update's page on the website, when the website channel is on and
 * SITE_BASE_URL says where it is served; undefined otherwise (the digest then links to `link`).
 */
export function sitePageUrl(loaded: LoadedConfig, date: string): string | undefined {
  if (!loaded.config.networks.includes('site') || !loaded.env.SITE_BASE_URL) return undefined;
  let base: URL;
  try {
    base = new URL(loaded.env.SITE_BASE_URL);
  } catch {
    return undefined;
  }
  if (base.protocol !== 'http:' && base.protocol !== 'https:') return undefined;
  base.search = '';
  base.hash = '';
  const href = base.href.endsWith('/') ? base.href : `${base.href}/`;
  return `${href}${sitePagePath(date)}/`;
}
