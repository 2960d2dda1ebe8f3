/** The shift report's address: the range it carries, and what is not a report address. */
import { describe, expect, it } from 'vitest';
import {
  parseReportHash,
  reportHref,
} from '../../../../../renderer/src/areas/logs/use-report-route';

describe('parseReportHash', () => {
  it('reads the range back from the address the Logs area links to', () => {
    const range = { fromMs: 1_764_745_200_000, toMs: 1_764_774_000_000 };
    expect(parseReportHash(reportHref(range))).toEqual(range);
  });

  it('is null for the Logs area itself and for a missing or backwards range', () => {
    expect(parseReportHash('#/logs')).toBeNull();
    expect(parseReportHash('#/logs/report?from=10')).toBeNull();
    expect(parseReportHash('#/logs/report?from=20&to=10')).toBeNull();
    expect(parseReportHash('#/logs/report?from=abc&to=10')).toBeNull();
  });
});
