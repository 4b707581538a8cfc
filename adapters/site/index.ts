export { createSiteAdapter, type SiteAdapterOptions } from './adapter.js';
export { normaliseBaseUrl } from './base-url.js';
export { readSiteText } from './document.js';
export { atomFeed, entryId } from './feed.js';
export { FEED_FILE, type SiteInfo, STYLE_FILE } from './page.js';
export { listRecords, type PageRecord, pagePath, RECORD_FILE } from './record.js';
