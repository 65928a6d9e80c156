import { queryOptions, useMutation, useQuery, useQueryClient, type UseQueryOptions } from '@tanstack/react-query';
import type { OperationName, OpInput, OpOutput } from '../../../core/api/index.js';
import { call, type ApiError } from './client.js';

/** Query keys start with the operation name, so invalidating by name refreshes every variant. */
export const opKey = <N extends OperationName>(name: N, input?: OpInput<N>) => (input === undefined ? [name] : [name, input]);

/** One operation's query, for useOp and for prefetching it before a page renders (the router's loaders). */
export const opQuery = <N extends OperationName>(name: N, input: OpInput<N>) =>
  queryOptions<OpOutput<N>, ApiError>({ queryKey: opKey(name, input), queryFn: () => call(name, input) });

export function useOp<N extends OperationName>(
  name: N,
  input: OpInput<N>,
  options: Omit<UseQueryOptions<OpOutput<N>, ApiError>, 'queryKey' | 'queryFn'> = {},
) {
  return useQuery<OpOutput<N>, ApiError>({ ...opQuery(name, input), ...options });
}

/** A mutation that refreshes the named queries once it succeeds. */
export function useOpMutation<N extends OperationName>(name: N, invalidates: OperationName[] = []) {
  const client = useQueryClient();
  return useMutation<OpOutput<N>, ApiError, OpInput<N>>({
    mutationFn: (input) => call(name, input),
    onSuccess: async () => {
      await Promise.all(invalidates.map((n) => client.invalidateQueries({ queryKey: [n] })));
    },
  });
}
