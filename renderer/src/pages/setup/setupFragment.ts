/**
 * The desktop's standalone mode opens its window on `/#setup=CODE`: the hub it started printed the one-time
 * setup code, and the wizard should not ask the user to copy it from a console they never see. main.tsx calls
 * captureSetupCode() before the router starts (its redirects would drop the fragment); the code is then removed
 * from the address bar and history, and the wizard takes it once.
 */
let captured: string | null = null;

/** The code in a `#setup=…` fragment, or null; only letters, digits and dashes are taken. */
export function setupCodeFromHash(hash: string): string | null {
  const match = /^#setup=([A-Za-z0-9-]{1,40})$/.exec(hash);
  return match ? match[1]! : null;
}

export function captureSetupCode(): void {
  const code = setupCodeFromHash(window.location.hash);
  if (code === null) return;
  captured = code;
  const { pathname, search } = window.location;
  window.history.replaceState(window.history.state, '', `${pathname}${search}`);
}

/** The captured code, once: a second wizard (after a reload) asks the user. */
export function takeSetupCode(): string | null {
  const code = captured;
  captured = null;
  return code;
}
