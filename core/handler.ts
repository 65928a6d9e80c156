import type { OperationName, OpOutput, OpParsedInput } from './api/index.js';
import type { OperationContext } from './context.js';

export type Handler<N extends OperationName> = (ctx: OperationContext, input: OpParsedInput<N>) => OpOutput<N>;

/** A module's handlers, keyed by operation name. The registry checks every contract has exactly one. */
export type HandlerMap<N extends OperationName = OperationName> = { [K in N]: Handler<K> };
