import { createContext, useContext } from 'react';
import type { Permission, SessionUser } from '../../../core/api/index.js';

/** The signed-in user, resolved by the hub (auth.me). The shell renders only once it is known. */
export const SessionContext = createContext<SessionUser | null>(null);

export function useSessionUser(): SessionUser {
  const user = useContext(SessionContext);
  if (!user) throw new Error('useSessionUser outside a signed-in shell');
  return user;
}

/** For shaping the UI only; the hub enforces every permission itself. */
export function useCan(permission: Permission): boolean {
  return useSessionUser().permissions.includes(permission);
}
