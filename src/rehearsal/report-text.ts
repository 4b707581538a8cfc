import { frenchLine } from '../i18n/french-line.js';
import type { RehearsalReport } from './report.js';

/**
 * What `crieur rehearse` prints: each network's outcome, then every warning the team must read
 * before the real morning (the update's own, as `crieur check` gives them, and each network's), and
 * where the full report is.
 */
export function rehearsalText(report: RehearsalReport, paths: { htmlPath: string; jsonPath: string }): string {
  const lines = [`Rehearsal of ${report.date} at ${report.simulatedAt} (dry run: nothing was sent)`];
  const updateWarnings = report.warnings ?? [];
  if (updateWarnings.length > 0) {
    lines.push(frenchLine('Warnings about the update / avertissements sur la mise à jour :'));
    for (const warning of updateWarnings) lines.push(`  ! ${warning.message}`, `    ${frenchLine(warning.messageFr)}`);
  }
  for (const network of report.networks) {
    const sent = network.posts.filter((post) => post.sentAt).length;
    lines.push(`  ${network.network.padEnd(9)} ${network.status.padEnd(17)} ${sent}/${network.posts.length} posts`);
    for (const error of network.errors) lines.push(`    ✗ ${frenchLine(error)}`);
    for (const warning of network.warnings) lines.push(`    ! ${frenchLine(warning)}`);
  }
  for (const followUp of report.followUps ?? []) {
    const what = followUp.kind === 'correction' ? 'posted' : 'deleted';
    lines.push(
      `  ${followUp.kind.padEnd(10)} ${followUp.network.padEnd(9)} ${followUp.status.padEnd(17)} ${followUp.done} ${what}`,
    );
  }
  const count = updateWarnings.length + report.networks.reduce((sum, network) => sum + network.warnings.length, 0);
  if (count > 0) {
    lines.push(
      `${count} warning${count > 1 ? 's' : ''} to read before the real morning / ${count}\u00a0avertissement${count > 1 ? 's' : ''} à lire avant le vrai matin`,
    );
  }
  lines.push(`Report: ${paths.htmlPath}`, `        ${paths.jsonPath}`);
  return `${lines.join('\n')}\n`;
}
