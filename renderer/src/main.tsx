import { opQuery } from './api/hooks.js';
import { queryClient } from './api/queryClient.js';
import { sessionQuery, setupStatusQuery } from './session/useSession.js';
import { captureSetupCode } from './pages/setup/setupFragment.js';

/**
 * The first script: it asks the hub what the route guards will need (is the hub set up, who is signed in)
 * and, on the formulary's addresses, the formulary itself, then loads the app. The questions travel while
 * the browser is still evaluating React and Ant Design, instead of after; the guards and the page find
 * the answers in the same cache (a 401 here is an answer: the guards send the user to the login).
 */
captureSetupCode(); // before any redirect drops the desktop's #setup=CODE
void queryClient.prefetchQuery(setupStatusQuery);
void queryClient.prefetchQuery(sessionQuery);
if (/^\/formulary(\/items\/\d+)?\/?$/.test(window.location.pathname)) {
  void queryClient.prefetchQuery(opQuery('formulary.list', {}));
}

void import('./boot.js');
