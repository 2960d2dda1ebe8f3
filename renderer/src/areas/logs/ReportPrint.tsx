/**
 * `#/report-print`: the shift report alone, for the desktop shell's hidden PDF window. It has no
 * API: the shell hands the computed report over with `window.genbaRenderReport(input)`, which
 * resolves once the page is drawn (fonts included), and then calls printToPDF.
 */
import { useEffect, useState } from 'react';
import type { Language, ShiftReport } from '../../api/contract';
import { translate } from '../../i18n/i18n';
import { ShiftReportView } from './ShiftReportView';
import '../../styles/logs.css';

export interface ReportPrintInput {
  report: ShiftReport;
  language: Language;
  sourceName: string | null;
}

declare global {
  interface Window {
    genbaRenderReport?: (input: ReportPrintInput) => Promise<void>;
  }
}

export function ReportPrint() {
  const [input, setInput] = useState<ReportPrintInput | null>(null);
  const [drawn, setDrawn] = useState<(() => void) | null>(null);

  useEffect(() => {
    window.genbaRenderReport = (next) =>
      new Promise<void>((resolve) => {
        setInput(next);
        setDrawn(() => resolve);
      });
    return () => {
      delete window.genbaRenderReport;
    };
  }, []);

  useEffect(() => {
    if (!input || !drawn) return;
    document.documentElement.lang = input.language;
    document.title = translate(input.language, 'report.title');
    void document.fonts.ready.then(() => requestAnimationFrame(() => drawn()));
  }, [input, drawn]);

  return input ? (
    <main className="report-print">
      <ShiftReportView
        report={input.report}
        language={input.language}
        sourceName={input.sourceName}
      />
    </main>
  ) : null;
}
