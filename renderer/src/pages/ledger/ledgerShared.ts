import { formatDateTime } from '../../labels.js';

/** A step's time in a dense cell: 12-03 10:21 (the local clock, like every time the app shows). */
export const shortDateTime = (iso: string | null | undefined): string => formatDateTime(iso).slice(5, 16);
