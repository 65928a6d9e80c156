import type { ReactNode } from 'react';

/** The desktop window's bridge (electron/preload.ts), absent in a browser. */
type DesktopBridge = { tongcai?: { print?: () => void } };

/** Prints through the desktop window when there is one (its print dialog), else the browser's. */
export function printPage(): void {
  const bridge = (window as unknown as DesktopBridge).tongcai;
  if (bridge?.print) bridge.print();
  else window.print();
}

/** What every printed document shares: white paper, the print button (not printed), shaded headers kept in print. */
const SHEET_STYLE = `
body { background: #fff !important; }
.print-sheet .toolbar { position: fixed; top: 12px; right: 16px; }
.print-sheet .toolbar button { font-size: 14px; padding: 6px 18px; cursor: pointer; }
@media print {
  .print-sheet .toolbar { display: none; }
  .print-sheet { padding: 0; }
  .print-sheet th { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
`;

/** A shell-less A4 document (采购订单, 入库验收单): its own layout in `style`, the shared sheet and print button. */
export function PrintSheet({ className, testId, style, printLabel, children }: { className: string; testId: string; style: string; printLabel: string; children: ReactNode }) {
  return (
    <div className={`print-sheet ${className}`} data-testid={testId}>
      <style>{SHEET_STYLE + style}</style>
      <div className="toolbar">
        <button type="button" onClick={printPage} data-testid="print-button">
          {printLabel}
        </button>
      </div>
      {children}
    </div>
  );
}
