import type { CommandEntry } from '../command.js';

/**
 * Every CLI command, in the order `crieur --help` lists them (roughly the order of a morning).
 * Each is loaded only when run, so `crieur audit --verify` does not load the renderer, the web
 * server and every network SDK.
 */
export const COMMANDS: readonly CommandEntry[] = [
  {
    name: 'check',
    summary: 'Parse and validate an update file; print its sections and key figures.',
    load: async () => (await import('./check.js')).command,
  },
  {
    name: 'preview',
    summary: "Parse, compose and render an update without storing anything; show each network's draft.",
    load: async () => (await import('./preview.js')).command,
  },
  {
    name: 'draft',
    summary: 'Compose and render an update for every network and queue the drafts for review.',
    load: async () => (await import('./draft.js')).command,
  },
  {
    name: 'queue',
    summary: 'List the drafts, with their status, version and content hash.',
    load: async () => (await import('./queue.js')).command,
  },
  {
    name: 'show',
    summary: 'Show a draft in full: every post, image and alt text, its approval and its history.',
    load: async () => (await import('./show.js')).command,
  },
  {
    name: 'edit',
    summary:
      "Edit a draft's post text, an image's alt text, the key figures on its card or its format; creates a new version that needs approval again.",
    load: async () => (await import('./edit.js')).command,
  },
  {
    name: 'approve',
    summary: 'Approve a draft (or every draft of a date) exactly as it is now; another person than its author.',
    load: async () => (await import('./approve.js')).command,
  },
  {
    name: 'reject',
    summary: 'Reject a draft, with the reason.',
    load: async () => (await import('./reject.js')).command,
  },
  {
    name: 'correct',
    summary: 'Queue a correction of a published update: a reply, comment or « Correctif » box on each network.',
    load: async () => (await import('./correct.js')).command,
  },
  {
    name: 'retract',
    summary: 'Queue the retraction of a published update: once approved, every post of its thread is deleted.',
    load: async () => (await import('./retract.js')).command,
  },
  {
    name: 'rehearse',
    summary: 'Rehearse an update: the whole pipeline with the dry-run adapters, and an HTML + JSON report.',
    load: async () => (await import('./rehearse.js')).command,
  },
  {
    name: 'status',
    summary:
      'Show the next publish time, what is waiting, what is late or failed in the last 7 days, and which crieur run publishes.',
    load: async () => (await import('./status.js')).command,
  },
  {
    name: 'publish',
    summary: 'Publish what is due now (or, with --now, the approved drafts of a date at once).',
    load: async () => (await import('./publish.js')).command,
  },
  {
    name: 'run',
    summary: 'Run the scheduler, the inbox watcher and the approval web page (with --dry-run, send nothing).',
    load: async () => (await import('./run.js')).command,
  },
  {
    name: 'doctor',
    summary: 'Check the configuration, the publishing lease and, live, the credentials of every enabled network.',
    load: async () => (await import('./doctor.js')).command,
  },
  {
    name: 'audit',
    summary: 'Print the audit log (JSON lines with --json) or verify its hash chain (--verify).',
    load: async () => (await import('./audit.js')).command,
  },
  {
    name: 'user',
    summary: 'Add a web page account (password read from stdin or a file), or list the accounts.',
    load: async () => (await import('./user.js')).command,
  },
  {
    name: 'accounts',
    summary:
      'Show, per network, where its credentials come from (env, store, none), the account, its expiry and last use.',
    load: async () => (await import('./accounts.js')).command,
  },
  {
    name: 'connect',
    summary:
      'Connect a network account: Bluesky with an app password, LinkedIn, Facebook and X through their authorisation page.',
    load: async () => (await import('./connect.js')).command,
  },
  {
    name: 'disconnect',
    summary: 'Forget the account connected for a network (its tokens are deleted from the store).',
    load: async () => (await import('./disconnect.js')).command,
  },
  {
    name: 'secret-key',
    summary:
      'Make the key that encrypts the connected accounts (--new), or re-encrypt them under a new one (--rotate).',
    load: async () => (await import('./secret-key.js')).command,
  },
  {
    name: 'migrate-store',
    summary:
      'Copy the SQLite store of the data directory (and its cards) into an empty PostgreSQL database, checked before it commits.',
    load: async () => (await import('./migrate-store.js')).command,
  },
];
