import { type InstanceView, instancesSeen } from '../../leadership/instances-view.js';
import { openQueue } from '../../queue/open-queue.js';
import { queuedDrafts } from '../../queue/read.js';
import { publishSlot } from '../../schedule/due.js';
import { slotFinder } from '../../schedule/slots.js';
import { addDays, zonedDate, zonedTime } from '../../time/zoned-time.js';
import type { Command } from '../command.js';
import { STATUS_LISTED, statusLines, statusRows, statusSince } from './status-drafts.js';

export const command: Command = {
  name: 'status',
  summary:
    'Show the next publish time, what is waiting, what is late or failed in the last 7 days, and which crieur run publishes.',
  usage: 'crieur status [--json]',
  options: { json: { type: 'boolean' } },
  maxPositionals: 0,
  async run(args, { io, loadConfig }) {
    const loaded = loadConfig();
    const { config } = loaded;
    const queue = openQueue(loaded);
    try {
      const now = new Date();
      const today = zonedDate(now, config.timezone);
      const drafts = queuedDrafts(queue, { statuses: STATUS_LISTED });
      const slot = publishSlot(today, config);
      const next = now <= slot.at ? slot.at : publishSlot(addDays(today, 1), config).at;
      const rows = statusRows(drafts, { now, timezone: config.timezone, slotOf: slotFinder(queue.store, config) });
      const since = statusSince(now, config.timezone);
      const instances = instancesSeen(queue.store, now);
      if (args.values.json) {
        io.stdout.write(
          `${JSON.stringify(
            {
              now: now.toISOString(),
              nextPublish: next.toISOString(),
              since,
              drafts: rows,
              instances,
              store: { kind: queue.store.dialect, location: queue.store.path },
            },
            null,
            2,
          )}\n`,
        );
        return 0;
      }
      io.stdout.write(
        `Next publish time: ${zonedDate(next, config.timezone)} ${zonedTime(next, config.timezone)} ${config.timezone} (${next.toISOString()})\n`,
      );
      io.stdout.write(`${statusLines(rows, since).join('\n')}\n`);
      io.stdout.write(instanceLines(instances, now));
      return 0;
    } finally {
      queue.store.close();
    }
  },
};

/** One line per `crieur run` seen in the last minute; the leader is the one publishing. */
function instanceLines(instances: readonly InstanceView[], now: Date): string {
  if (instances.length === 0) {
    return 'No crieur run seen in the last minute. / Aucun «\u00a0crieur run\u00a0» vu depuis une minute.\n';
  }
  const noLeader = instances.some((instance) => instance.leader)
    ? ''
    : '  no instance holds the publishing lease right now: a standby takes it within seconds\n';
  const lines = instances.map((instance) => {
    const seen = Math.max(0, Math.round((now.getTime() - Date.parse(instance.lastSeenAt)) / 1000));
    const role = instance.leader ? `leader, lease until ${instance.leaseExpiresAt}` : 'standby';
    return `  ${instance.id}  ${instance.host} pid ${instance.pid}  ${role}  (seen ${seen} s ago)\n`;
  });
  return `crieur run instances:\n${lines.join('')}${noLeader}`;
}
