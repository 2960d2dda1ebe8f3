/** A dashed vertical line at one moment of a uPlot chart, named at its top (an event, an alert being raised). */
import type uPlot from 'uplot';

export function drawTimeMarker(
  u: uPlot,
  atS: number,
  look: {
    color: string;
    label: string;
    /** Which side of the line the label stands on. */
    labelSide: 'left' | 'right';
    /** Device pixels per CSS pixel. */
    ratio: number;
  },
): void {
  const { color, label, labelSide, ratio } = look;
  const x = u.valToPos(atS, 'x', true);
  if (!Number.isFinite(x) || x < u.bbox.left || x > u.bbox.left + u.bbox.width) return;
  const ctx = u.ctx;
  ctx.save();
  ctx.strokeStyle = color;
  ctx.lineWidth = 2 * ratio;
  ctx.setLineDash([6 * ratio, 4 * ratio]);
  ctx.beginPath();
  ctx.moveTo(x, u.bbox.top);
  ctx.lineTo(x, u.bbox.top + u.bbox.height);
  ctx.stroke();
  ctx.setLineDash([]);
  ctx.fillStyle = color;
  ctx.font = `${12 * ratio}px sans-serif`;
  if (labelSide === 'left') ctx.textAlign = 'right';
  ctx.fillText(
    label,
    labelSide === 'left' ? x - 4 * ratio : x + 4 * ratio,
    u.bbox.top + 14 * ratio,
  );
  ctx.restore();
}
