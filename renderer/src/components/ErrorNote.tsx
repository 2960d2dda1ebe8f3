/** A failure said where it happened, announced at once. */
import type { ReactNode } from 'react';
import { Icon } from './Icon';

export function ErrorNote({ children }: { children: ReactNode }) {
  return (
    <p className="action-status__failed" role="alert">
      <Icon name="alert" size={20} />
      <span>{children}</span>
    </p>
  );
}
