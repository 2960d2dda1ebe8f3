/** The line that stands where content will be while it loads. */
import type { ReactNode } from 'react';

export function LoadingNote({
  busy = false,
  children,
}: {
  /** Mark it `aria-busy` where the whole region is waiting on it. */
  busy?: boolean;
  children: ReactNode;
}) {
  return (
    <p className="loading" aria-busy={busy ? 'true' : undefined}>
      {children}
    </p>
  );
}
