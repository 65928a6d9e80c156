import { seedDemo, type DemoUser } from '../../../server/seed/demo.js';
import { login as apiLogin, ok } from '../../support/db.js';
import type { AppUnderTest } from './app.js';

/**
 * The demo community in the app's hub (its history spans last month). Its passwords are one-time: the users named
 * (all when none are) set their own first, as they would at first sign-in; `user(name)` then has the new password.
 */
export async function seedDemoUsers(app: AppUnderTest, usernames?: readonly string[]): Promise<(username: string) => DemoUser> {
  const users = (await seedDemo(app.hub.db)).users;
  for (const u of users.filter((x) => !usernames || usernames.includes(x.username))) {
    const token = await apiLogin(app.hub.db, u.username, u.password);
    const password = `${u.username.replace('.', '')}Pass2026`;
    await ok(app.hub.db, 'auth.changePassword', { currentPassword: u.password, newPassword: password }, { sessionToken: token });
    u.password = password;
  }
  return (username) => users.find((u) => u.username === username)!;
}

/** Last month in the community's time zone (UTC+8), as `2026-11`. */
export function lastMonth(): string {
  const [y, m] = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 7).split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}
