/** The two axes every plot draws: time along the bottom, the value with its unit up the side, in the charts' colours. */
import type uPlot from 'uplot';

function axisLook() {
  return { stroke: '#475663', grid: { stroke: '#e3e8ec' }, ticks: { stroke: '#d3dbe0' } };
}

export function plotAxes({
  timeText,
  valueText,
  unit,
  valueAxisSize,
}: {
  /** Seconds on the x scale to a label. */
  timeText: (seconds: number) => string;
  valueText: (value: number) => string;
  unit: string;
  /** Width of the value axis in CSS pixels. */
  valueAxisSize: number;
}): uPlot.Axis[] {
  return [
    { ...axisLook(), values: (_u, values) => values.map((v) => timeText(v)) },
    {
      label: unit,
      ...axisLook(),
      size: valueAxisSize,
      values: (_u, values) => values.map((v) => valueText(v)),
    },
  ];
}
