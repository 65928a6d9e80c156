import { openExisting } from './database.js';
import type { CliIo, ExitCode } from './io.js';
import { cliCall } from './system-call.js';

/**
 * `alerts scan --data DIR`: one alert scan as `命令行 (cli)` through the registry (audited), for a scheduled job
 * when the hub's own timer is off: raises new alerts, resolves those that no longer hold, pushes the new ones
 * to the configured channels. Prints the summary as JSON; exit 1 when a channel failed (the scan itself stands).
 */
export async function alertsScanCommand(dataDir: string, io: CliIo): Promise<ExitCode> {
  const db = openExisting(dataDir);
  try {
    const summary = await cliCall(db, 'alert.scan', {});
    io.out(JSON.stringify(summary));
    return summary.deliveries.every((d) => d.ok) ? 0 : 1;
  } finally {
    db.$client.close();
  }
}
