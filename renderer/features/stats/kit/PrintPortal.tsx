/**
 * Printable documents follow the app's print convention (renderer/styles/app.css): in print media only
 * `body > .print-root` is shown, so the document is portalled there and hidden on screen.
 */
import type { ReactNode } from 'react';
import { createPortal } from 'react-dom';

export function PrintPortal({ children, testId }: { children: ReactNode; testId?: string }) {
  return createPortal(
    <div className="print-root" data-testid={testId}>
      {children}
    </div>,
    document.body,
  );
}
