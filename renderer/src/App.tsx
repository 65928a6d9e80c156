import { RouterProvider } from '@tanstack/react-router';
import { queryClient } from './api/queryClient.js';
import { createAppRouter } from './router.js';

/** The router decides what the window shows: the setup wizard, the login, the forced password change, or the app. */
export const router = createAppRouter(queryClient);

export function App() {
  return <RouterProvider router={router} />;
}
