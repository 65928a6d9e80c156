import { queryOptions, useQuery, useQueryClient } from '@tanstack/react-query';
import type { SessionUser } from '../../../core/api/index.js';
import { ApiError, call } from '../api/client.js';
import { opKey } from '../api/hooks.js';

export const SESSION_KEY = ['session'] as const;

/** The current user, or null when no one is signed in (a 401 from auth.me is an answer, not a failure). */
export const sessionQuery = queryOptions<SessionUser | null, ApiError>({
  queryKey: SESSION_KEY,
  queryFn: async () => {
    try {
      return (await call('auth.me', {})).user;
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) return null;
      throw error;
    }
  },
  staleTime: Infinity,
});

/** Whether the hub has been set up; asked once, and again after the setup wizard invalidates it. */
export const setupStatusQuery = queryOptions({
  queryKey: opKey('setup.status', {}),
  queryFn: () => call('setup.status', {}),
  staleTime: Infinity,
});

export function useSession() {
  return useQuery(sessionQuery);
}

/** Replaces the known session (after login, password change or logout) and drops everything cached for the old one. */
export function useSetSession() {
  const client = useQueryClient();
  return (user: SessionUser | null) => {
    client.removeQueries({ predicate: (q) => q.queryKey[0] !== SESSION_KEY[0] && q.queryKey[0] !== 'setup.status' });
    client.setQueryData(SESSION_KEY, user);
  };
}
