import type { Db } from '../../db/open.js';
import { scanAlerts } from './scan.js';
import { alertSettings } from './settings.js';

export interface AlertSchedule {
  stop(): void;
}

/**
 * The hub's periodic alert scan: once shortly after start, then every `scanMinutes` of the alert settings (read
 * again after each scan, so a change applies from the next one; 0 keeps only the start-up scan). `minutes`
 * overrides the settings (0: no scans at all). A failing scan is logged and the next one still runs; the timer
 * never keeps the process alive and `stop` clears it.
 */
export function startAlertSchedule(db: Db, options: { minutes?: number | undefined; firstDelayMs?: number } = {}): AlertSchedule {
  if (options.minutes === 0) return { stop: () => undefined };
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const schedule = (ms: number) => {
    if (stopped) return;
    timer = setTimeout(() => void run(), ms);
    timer.unref();
  };
  const run = async () => {
    if (stopped) return;
    try {
      await scanAlerts(db, new Date());
    } catch (error) {
      console.error('[tongcai] alert scan failed:', error);
    }
    if (stopped) return;
    let minutes = options.minutes;
    try {
      minutes ??= alertSettings(db).settings.scanMinutes;
    } catch {
      minutes = 0;
    }
    if (minutes > 0) schedule(minutes * 60_000);
  };
  schedule(options.firstDelayMs ?? 5_000);
  return {
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
