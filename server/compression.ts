import fastifyCompress from '@fastify/compress';
import type { FastifyInstance } from 'fastify';

/**
 * What is compressed: JSON answers and the renderer's text files. Not NDJSON progress streams (a compressor
 * buffers, and each progress line must reach the client as it is written), not xlsx (already a zip).
 */
export const COMPRESSIBLE_TYPES =
  /^(?:application\/(?:json|javascript|manifest\+json|xml)|text\/(?:html|css|javascript|plain|xml|csv)|image\/svg\+xml)\s*(?:;|$)/i;

/** Registers br/gzip compression for every route declared after it. */
export async function registerCompression(app: FastifyInstance): Promise<void> {
  await app.register(fastifyCompress, {
    global: true,
    encodings: ['br', 'gzip'],
    threshold: 1024,
    customTypes: COMPRESSIBLE_TYPES,
  });
}
