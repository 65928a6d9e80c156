import { App, type FormInstance } from 'antd';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { errorMessage } from '../api/errors.js';
import { showApiError, validateWith } from './zodForm.js';

/** A problem the schema cannot see (two password fields that differ, a price that is not a number). */
export interface ExtraProblem {
  name: string | (string | number)[];
  message: string;
}

export interface SubmitStep<S extends z.ZodType, R> {
  /** The operation's own input schema: every problem is shown on its field, in the schema's Chinese. */
  schema: S;
  /** What the schema checks (the form's values, shaped like the operation's input). */
  input: unknown;
  /** Checks of the form's own, shown next to the schema's; any problem stops the submit. */
  extra?: () => ExtraProblem[];
  /** Calls the hub with the parsed input. */
  send: (data: z.output<S>) => Promise<R>;
  /** The toast once the hub has accepted it; none when omitted. */
  success?: string | ((result: R) => string);
  /** Strips a wrapper the form does not have from the hub's field paths (unit.update puts fields under `fields.`). */
  errorPrefix?: string;
}

/**
 * The one way a form is sent: check the values with the operation's zod schema, call the hub, toast the
 * success; on failure put the hub's field errors on their fields and toast only what found no field.
 * `submit` resolves true when the hub accepted it (so a FormModal closes), false otherwise.
 */
export function useSubmit(form: FormInstance) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);

  const submit = useCallback(
    async <S extends z.ZodType, R>(step: SubmitStep<S, R>): Promise<boolean> => {
      const checked = validateWith(form, step.schema, step.input);
      const extra = step.extra?.() ?? [];
      if (extra.length > 0) {
        form.setFields(extra.map((p) => ({ name: p.name, errors: [p.message] })));
      }
      if (!checked.ok || extra.length > 0) {
        if (!checked.ok && checked.unplaced.length > 0) void message.error(checked.unplaced.map((p) => p.message).join('；'));
        return false;
      }
      setBusy(true);
      try {
        const result = await step.send(checked.data);
        const success = typeof step.success === 'function' ? step.success(result) : step.success;
        if (success) void message.success(success);
        return true;
      } catch (error) {
        if (!showApiError(form, error, { prefix: step.errorPrefix })) void message.error(errorMessage(error, t));
        return false;
      } finally {
        setBusy(false);
      }
    },
    [form, message, t],
  );

  return { submit, busy };
}
