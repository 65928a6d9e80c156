import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { applyChineseValidationMessages } from '../../core/api/index.js';
import { setUnauthenticatedListener } from './api/client.js';
import { App } from './App.js';
import { i18n } from './i18n/index.js';
import { LocaleProvider } from './LocaleProvider.js';
import { navigate } from './router.js';
import { SESSION_KEY } from './session/useSession.js';
import './global.css';

// The same zod messages the hub would send, so a form says the same thing before and after submitting.
applyChineseValidationMessages();

const queryClient = new QueryClient({
  defaultOptions: {
    queries: { retry: false, refetchOnWindowFocus: false, staleTime: 30_000 },
  },
});

setUnauthenticatedListener(() => {
  queryClient.clear();
  queryClient.setQueryData(SESSION_KEY, null);
  navigate('/login', { replace: true });
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
