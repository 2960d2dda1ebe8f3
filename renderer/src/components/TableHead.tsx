/** The column headings of a data table, each a column header for assistive tech. */
import type { ReactNode } from 'react';

/** A heading's text, or the text with a class for its cell (`num` right-aligns figures). */
export type TableHeading = ReactNode | { text: ReactNode; className: string };

function isStyled(heading: TableHeading): heading is { text: ReactNode; className: string } {
  return typeof heading === 'object' && heading !== null && 'className' in heading;
}

export function TableHead({ headings }: { headings: readonly TableHeading[] }) {
  return (
    <thead>
      <tr>
        {headings.map((heading, i) =>
          isStyled(heading) ? (
            <th key={i} scope="col" className={heading.className}>
              {heading.text}
            </th>
          ) : (
            <th key={i} scope="col">
              {heading}
            </th>
          ),
        )}
      </tr>
    </thead>
  );
}
