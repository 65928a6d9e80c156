import { QueryClient } from '@tanstack/react-query';

/** The one cache of hub answers; the router's guards and loaders read and fill the same one as the pages. */
export const queryClient = new QueryClient({
  defaultOptions: {
    queries: { retry: false, refetchOnWindowFocus: false, staleTime: 30_000 },
  },
});
