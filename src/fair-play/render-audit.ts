import type { StoredAuditEntry } from './audit-entry.js';

/** The audit log as the command line prints it, oldest first. */
export function renderAuditText(entries: StoredAuditEntry[], week: string | undefined): string {
  if (entries.length === 0) return `No corrections or review decisions${week ? ` touch ${week}` : ' yet'}.`;
  return [...entries]
    .reverse()
    .map((entry) => {
      const lines = [
        `#${entry.id}  ${new Date(entry.at).toISOString()}  ${entry.action} by ${entry.actor}: ${entry.target} (${entry.events} events)`,
        `    why: ${entry.reason}`,
        ...entry.effects.map(
          (effect) => `    ${effect.userId} ${effect.week}: ${effect.before} → ${effect.after} tokens`,
        ),
      ];
      if (entry.closedWeeks.length > 0) {
        lines.push(
          `    closed week(s) ${entry.closedWeeks.join(', ')}: tallies corrected, crown and winners post unchanged`,
        );
      }
      return lines.join('\n');
    })
    .join('\n');
}
