import type { FastifyReply, FastifyRequest } from 'fastify';

export const SESSION_COOKIE = 'tongcai_session';

/**
 * No Max-Age: the hub ends sessions on its own idle timeout, and a browser session cookie goes away with
 * the window. SameSite=Strict keeps it off every cross-site request, which is most of our CSRF defence.
 */
function cookieOptions(secure: boolean) {
  return { httpOnly: true, sameSite: 'strict' as const, path: '/', secure };
}

export function readSessionToken(request: FastifyRequest): string | undefined {
  const token = request.cookies[SESSION_COOKIE];
  return token ? token : undefined;
}

export function applySession(reply: FastifyReply, session: { issue?: string; clear?: boolean }, secure: boolean): void {
  if (session.issue) reply.setCookie(SESSION_COOKIE, session.issue, cookieOptions(secure));
  else if (session.clear) reply.clearCookie(SESSION_COOKIE, cookieOptions(secure));
}
