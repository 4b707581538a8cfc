export { createDryRunJournal, type DryRunEntry, type DryRunJournal } from '../../src/publish/dry-run-journal.js';
export { createDryRunAdapter, type DryRunAdapterOptions } from './adapter.js';
