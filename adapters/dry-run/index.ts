export { createDryRunAdapter, type DryRunAdapterOptions } from './adapter.js';
export { createDryRunJournal, type DryRunEntry, type DryRunJournal } from './journal.js';
export { NETWORK_LIMITS } from './network-limits.js';
