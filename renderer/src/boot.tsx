/** The app itself, loaded by main.tsx once it has sent the first questions to the hub. */
import { QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { applyChineseValidationMessages } from '../../core/api/index.js';
import { setUnauthenticatedListener } from './api/client.js';
import { queryClient } from './api/queryClient.js';
import { App, router } from './App.js';
import { i18n } from './i18n/index.js';
import { LocaleProvider } from './LocaleProvider.js';
import { SESSION_KEY } from './session/useSession.js';
import './global.css';

// The same zod messages the hub would send, so a form says the same thing before and after submitting.
applyChineseValidationMessages();

// The hub says the session is gone (idle timeout, deactivated, password changed elsewhere): forget what this
// user saw and ask them to sign in again, then come back here. Before anyone signed in, the guards decide.
setUnauthenticatedListener(() => {
  if (!queryClient.getQueryData(SESSION_KEY)) return;
  const here = router.state.location.href;
  queryClient.clear();
  queryClient.setQueryData(SESSION_KEY, null);
  void router.navigate({ to: '/login', search: { redirect: here }, replace: true });
});

document.documentElement.lang = i18n.language;

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <LocaleProvider>
        <App />
      </LocaleProvider>
    </QueryClientProvider>
  </StrictMode>,
);
