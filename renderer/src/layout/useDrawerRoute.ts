import { useCanGoBack, useLocation, useNavigate, useParams, useRouter } from '@tanstack/react-router';
import { useCallback } from 'react';

type DrawerParam = 'itemId' | 'requestId' | 'unitId' | 'supplierId';
type ListPath = '/formulary' | '/change-requests' | '/units' | '/suppliers';

/**
 * A drawer whose record is in the address (`/units/7` over `/units`). The id comes from the route; closing
 * goes back when the drawer was opened from its list (so back and forward stay in step with what is shown)
 * and otherwise, for an address opened directly, replaces it with the list's.
 */
export function useDrawerRoute(param: DrawerParam, list: ListPath): { id: number | null; close: () => void } {
  const params = useParams({ strict: false });
  const id = params[param] ?? null;
  const router = useRouter();
  const navigate = useNavigate();
  const canGoBack = useCanGoBack();
  const overList = useLocation({ select: (l) => l.state.overList === true });
  const close = useCallback(() => {
    if (overList && canGoBack) router.history.back();
    else void navigate({ to: list, replace: true });
  }, [overList, canGoBack, router, navigate, list]);
  return { id, close };
}
