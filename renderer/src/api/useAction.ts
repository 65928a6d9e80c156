import { App } from 'antd';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from './errors.js';

/**
 * A command run from a button: `busy` while it runs (`busyKey` says which, so a row's button spins alone), and a refusal shown
 * as a message in the hub's words. `run` resolves true when the command went through, false when it was refused,
 * so the caller goes on (closes a modal, navigates) only on success.
 */
export function useAction<K extends string | number = 'busy'>() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [busyKey, setBusy] = useState<K | null>(null);
  const run = useCallback(
    async (action: () => Promise<unknown>, key: K = 'busy' as K): Promise<boolean> => {
      setBusy(key);
      try {
        await action();
        return true;
      } catch (error) {
        void message.error(errorMessage(error, t));
        return false;
      } finally {
        setBusy(null);
      }
    },
    [message, t],
  );
  return { busy: busyKey !== null, busyKey, run };
}
