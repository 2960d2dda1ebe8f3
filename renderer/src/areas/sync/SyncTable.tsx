/** A table of the Sync area: scrolls sideways on narrow screens, column headings from the dictionary. */
import type { ReactNode } from 'react';
import { useT, type MessageKey } from '../../i18n/i18n';
import { TableHead } from '../../components/TableHead';

export interface SyncColumn {
  title: MessageKey;
  /** Right-aligned figures. */
  numeric?: boolean;
}

export function SyncTable({
  className,
  columns,
  children,
}: {
  /** Added to `sync-table`. */
  className?: string;
  columns: readonly SyncColumn[];
  /** The body rows. */
  children: ReactNode;
}) {
  const t = useT();
  return (
    <div className="sync-table-wrap">
      <table className={className ? `sync-table ${className}` : 'sync-table'}>
        <TableHead
          headings={columns.map((column) =>
            column.numeric ? { text: t(column.title), className: 'num' } : t(column.title),
          )}
        />
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}
